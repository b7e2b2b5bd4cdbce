"""The workspace of an output folder: ``OUT/.briefing/``, the state of the analyst's loop.

``briefing build SOURCES --out OUT`` keeps here what makes the next build fast and
comparable: the parse and classification caches (``briefing.app.cache``), ``state.db``
and ``overrides.json`` (``briefing.app.state``), the ``lock`` builds and override writes
hold (an exclusive ``flock``; it names its holder: pid, host, command), and ``txn/`` with
``manifest.json`` (``briefing.app.transaction``). Every file is written atomically
(``briefing.fsio``).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import shutil
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.app import statedb
from briefing.app.entries import CorruptEntry, prune_files
from briefing.app.inputs import file_sha
from briefing.app.lock import acquire, write_holder
from briefing.app.session import Meter, NoMeter
from briefing.app.state import (
    MANIFEST_SCHEMA,
    WORKSPACE_DIR,
    ParseStats,
    State,
    read_overrides,
    write_overrides,
)
from briefing.app.transaction import JOURNAL, Transaction, apply_journal, read_journal, unwritable
from briefing.config import DEFAULT_WAIT
from briefing.errors import describe_exception
from briefing.fsio import atomic_write
from briefing.lazy import lazy_module
from briefing.model import Article, Override, Sentence
from briefing.schema import check

if TYPE_CHECKING:
    from spacy.language import Language

    from briefing import classify
    from briefing.app import cache, executor
    from briefing.app.cache import CachedArticle
    from briefing.app.early import EarlyClassifier
    from briefing.app.executor import Executor
    from briefing.classify import Cues
    from briefing.nlp.pipeline import ParsedArticle
    from briefing.nlp.registry import Registry
else:  # the caches need spaCy: a workspace that only reads its state does not import it
    cache = lazy_module("briefing.app.cache")
    executor = lazy_module("briefing.app.executor")
    classify = lazy_module("briefing.classify")

logger = logging.getLogger(__name__)

#: The state's name in the manifest.
STATE_NAME = f"{WORKSPACE_DIR}/state.json"
#: Environments (model, registry, code) whose cache is kept besides the current one.
KEEP_ENVIRONMENTS = 2

ArticleError = Callable[[Article, str, Exception], None]
"""Called with an article a stage failed on unexpectedly, the stage's name and the error."""

#: Characters of article text whose parsed Docs a build keeps between parsing and
#: classification when it could not classify them as they were parsed (``early``; Docs
#: take about 150 MB per million characters). Past it, they are dropped once stored and
#: decoded again from the cache (3 % of parsing): a folder is held one article at a time.
RETAINED_CHARS = 500_000


class Workspace:
    """The ``.briefing`` folder of an output folder: cache, state, overrides and lock.

    Args:
        out: the output folder (the workspace is ``out/.briefing``).
        on_error: when given, an article that parsing or classification fails on
            unexpectedly is passed to it (with the stage and the error) and left out;
            when None, the error propagates.
        meter: counts the articles parsed and classified (a progress bar).
    """

    def __init__(
        self, out: Path, *, on_error: ArticleError | None = None, meter: Meter | None = None
    ) -> None:
        self.out = Path(out)
        self.root = self.out / WORKSPACE_DIR
        self.stats = ParseStats()
        self.on_error = on_error
        self.meter: Meter = meter or NoMeter()
        #: Parses what the cache lacks (``briefing.app.executor``); None: this process.
        self.executor: Executor | None = None
        #: Classifies each article as it is parsed here (``briefing.app.early``), or None.
        self.early: EarlyClassifier | None = None
        #: The bad entries the last ``load_overrides`` left out, each with its id and fix.
        self.override_problems: list[str] = []
        #: The last ``load_state`` read ``state.db`` (not a ``state.json`` to migrate).
        self.state_in_db = False

    @property
    def cache_dir(self) -> Path:
        """The folder of the parse cache."""
        return self.root / "cache"

    @property
    def classified_dir(self) -> Path:
        """The folder of the classification cache."""
        return self.root / "classified"

    @property
    def state_path(self) -> Path:
        """The state of the last build."""
        return self.root / "state.json"

    @property
    def state_db(self) -> Path:
        """The state of the last build, row by row (``briefing.app.statedb``)."""
        return self.root / statedb.STATE_DB

    @property
    def overrides_path(self) -> Path:
        """The analyst's overrides."""
        return self.root / "overrides.json"

    @property
    def manifest_path(self) -> Path:
        """The files of the last build, with their SHA-256 (written last, by ``commit``)."""
        return self.root / "manifest.json"

    @property
    def journal_dir(self) -> Path:
        """Where a build stages its files before committing them together."""
        return self.root / "txn"

    def _make_root(self) -> None:
        """Create the workspace folder, or say clearly why it cannot be."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise unwritable(self.out, exc) from exc

    @contextlib.contextmanager
    def lock(self, *, wait: float | None = None) -> Iterator[None]:
        """Hold the workspace's exclusive lock, then finish any interrupted commit.

        While another process holds the lock, wait for it (saying so) up to ``wait``
        seconds (None: as long as it takes); the lock file names the holder (process id,
        host and command), and the message after the wait names it too. On entry, an
        interrupted build's commit is completed or undone (``recover``).

        Raises:
            WorkspaceError: the lock was still held after ``wait`` seconds.
            OutputError: the workspace folder cannot be created or written.
        """
        self._make_root()
        path = self.root / "lock"
        try:
            handle = path.open("a+b")
        except OSError as exc:
            raise unwritable(self.out, exc) from exc
        with handle:
            acquire(handle, wait, root=self.root, out=self.out)
            try:
                write_holder(handle)
                self.recover()
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def try_recover(self) -> None:
        """Finish an interrupted commit if no other process holds the lock (else leave it).

        ``review``, ``override`` and the CLI's ``--force`` check call it before reading
        the reports or the state, so they never see the half of an interrupted commit.
        """
        if not self.journal_dir.exists():
            return
        try:
            handle = (self.root / "lock").open("a+b")
        except OSError:
            return
        with handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return  # a live build holds it; it recovers on entry itself
            try:
                self.recover()
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    # ------------------------------------------------------------------ transaction

    def begin(self) -> Transaction:
        """Start staging this build's files (call it while holding ``lock()``)."""
        return Transaction(self)

    def recover(self) -> None:
        """Complete or undo the commit of a build that was killed (call it under the lock).

        A journal (``txn/COMMIT``) means the build had staged and checked every file:
        the files still staged are moved into place, so the folder holds the new set
        whole. Without a journal the build died while staging: the staged files are
        deleted and the previous set stays as it was.

        Raises:
            OutputError: a staged file cannot be moved into place.
        """
        folder = self.journal_dir
        if not folder.exists():
            return
        journal = read_journal(folder / JOURNAL)
        if journal is None:
            logger.info("undoing the commit of an interrupted build (%s)", folder)
        else:
            logger.info("completing the commit of an interrupted build (%s)", folder)
            try:
                apply_journal(self, journal)
            except OSError as exc:
                raise unwritable(self.out, exc, committed=True) from exc
        shutil.rmtree(folder, ignore_errors=True)

    def manifest(self) -> dict[str, str]:
        """Return the files of the last committed build (name relative to OUT -> digest)."""
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
            check(data, MANIFEST_SCHEMA)
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            logger.warning("%s is unusable (%s); ignoring it", self.manifest_path, exc)
            return {}
        return {str(k): str(v) for k, v in data["files"].items()}

    # ------------------------------------------------------------------ parse cache

    def prepare(
        self, articles: Sequence[Article], nlp: Language, registry: Registry, *, jobs: int = 1
    ) -> list[CachedArticle]:
        """Parse the articles the cache lacks; check (but do not decode) the others' entries.

        Call it while holding ``lock()``. Each entry is read and its checksum and block
        structure checked; its Docs are decoded later, by ``load``, only if needed.
        ``self.stats`` says which articles were parsed, found in the cache, or corrupt.

        Args:
            articles: the articles from ingest.
            nlp: the pipeline from ``build_nlp``.
            registry: the registry the pipeline's actor matcher uses.
            jobs: processes to parse the missing articles in.

        Returns:
            One CachedArticle per article, in the same order.
        """
        self.stats = ParseStats()
        self._retained = 0
        self._jobs = jobs
        self._cache_warned = False
        self._env = env = cache.environment_key(nlp, registry)
        self._nlp = nlp
        self._folder = folder = self.cache_dir / env[:24]
        out = [cache.CachedArticle(article=a, key=cache.content_hash(a)) for a in articles]
        missing: list[CachedArticle] = []
        for item in out:
            path = folder / f"{item.key}.bin"
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                missing.append(item)
                continue
            except OSError as exc:
                logger.warning("cannot read cache entry %s (%s); parsing again", path, exc)
                missing.append(item)
                continue
            try:
                meta, _docbin = cache.read_meta(data, item.article, key=item.key)
                item.salience = Counter({str(k): int(v) for k, v in meta["salience"].items()})
                item.stored = True  # checked; decoded from the file only if needed
            except (CorruptEntry, ValueError, TypeError) as exc:
                self._corrupt(item, path, exc)
                missing.append(item)
        self._parse(missing)
        self.stats.cached = [i.article.id for i in out if i.stored and not i.parsed_now]
        out = [i for i in out if not i.failed]
        logger.info("%s", self.stats.summary())
        self._prune(folder, {f"{i.key}.bin" for i in out})
        return out

    def _corrupt(self, item: CachedArticle, path: Path, exc: BaseException) -> None:
        logger.warning("cache entry of %s is corrupt (%s); parsing it again", item.article.id, exc)
        self.stats.corrupt.append(item.article.id)
        item.docbin = None
        with contextlib.suppress(OSError):
            path.unlink()

    def _failed(self, item: CachedArticle, stage: str, exc: Exception) -> None:
        """Leave an article out of this build after an unexpected error, and report it."""
        item.failed = True
        item.parsed = None
        item.docbin = None
        if self.on_error is None:
            raise exc
        self.on_error(item.article, stage, exc)

    def _executor(self, *, local: bool = False) -> Executor:
        """The executor that parses: ``self.executor``, or this process (``local``)."""
        if local or self.executor is None:
            return executor.LocalExecutor()
        return self.executor

    def _parse(self, items: Sequence[CachedArticle], *, local: bool = False) -> None:
        """Parse articles with the executor (``local``: in this process) and store them.

        With ``on_error``, an article the pipeline fails on is reported and left out
        (``CachedArticle.failed``); the others are parsed.
        """
        items = [i for i in items if not i.failed]
        if not items:
            return
        by_article = {id(i.article): i for i in items}

        def failed(article: Article, exc: Exception) -> None:
            self._failed(by_article[id(article)], "parsing", exc)

        with cache.msgpack_decoders_snapshot():
            parsed = self._executor(local=local).parse(
                [i.article for i in items],
                self._nlp,
                on_error=None if self.on_error is None else failed,
                jobs=getattr(self, "_jobs", 1),
            )
            self.meter.stage("parsing", len(items))
            for got in parsed:  # each is stored as it comes, and kept only within budget
                self.meter.advance()
                item = by_article[id(got.article)]
                item.salience = got.salience
                item.parsed_now = True
                item.stored = self._store(self._folder / f"{item.key}.bin", got.entry)
                touched = self.early is not None and self.early.classify(item, got.parsed)
                self._retain(item, None if touched else got.parsed, got.entry)  # Docs changed
                self.stats.parsed.append(item.article.id)
                del got  # not held while the next article is parsed
            self.meter.done()

    def _retain(self, item: CachedArticle, pa: ParsedArticle | None, entry: bytes) -> None:
        """Keep a parsed article's Docs while the build holds fewer than ``RETAINED_CHARS``.

        Past the budget (or when they are elsewhere) its Docs are dropped: the entry is
        decoded again from the cache when the article is classified (or from its bytes,
        if the cache could not be written), so memory does not grow with the articles.
        """
        size = len(item.article.text)
        if pa is not None and self._retained + size <= RETAINED_CHARS:
            self._retained += size
            item.parsed, item.docbin = pa, None
        else:
            item.parsed = None
            stored = item.stored
            item.docbin = None if stored else cache.read_meta(entry, item.article, key=item.key)[1]

    def _store(self, path: Path, data: bytes) -> bool:
        """Write a cache entry; a cache that cannot be written only makes builds slower.

        A full disk or a read-only cache folder is logged once per build and the build
        goes on without storing the entry (the reports are checked when written).

        Returns:
            Whether the entry was written.
        """
        try:
            atomic_write(path, data, pause=False, durable=False)  # checksummed, re-made if bad
            return True
        except OSError as exc:
            if not self._cache_warned:
                self._cache_warned = True
                logger.warning(
                    "cannot write the cache in %s (%s); the build goes on without it, "
                    "and the next build parses these articles again.",
                    path.parent,
                    exc.strerror or describe_exception(exc),
                )
            return False

    def load(self, items: Sequence[CachedArticle]) -> list[ParsedArticle]:
        """Return the parsed articles, decoding their Docs (an entry found bad is re-parsed)."""
        with cache.msgpack_decoders_snapshot():
            for item in items:
                if item.parsed is not None or item.failed:
                    continue
                path = self._folder / f"{item.key}.bin"
                try:
                    docbin = item.docbin if item.docbin is not None else self._entry(item, path)
                    if docbin is not None:
                        item.parsed = cache.decode_docs(docbin, item.article, self._nlp)
                except CorruptEntry as exc:
                    with contextlib.suppress(ValueError):
                        self.stats.cached.remove(item.article.id)
                    self._corrupt(item, path, exc)
        self._parse([i for i in items if i.parsed is None and not i.failed], local=True)
        return [i.parsed for i in items if i.parsed is not None]

    def _entry(self, item: CachedArticle, path: Path) -> bytes | None:
        """The DocBin bytes of an article's stored entry (None: not stored, or unreadable)."""
        if not item.stored:
            return None
        try:
            data = path.read_bytes()
        except OSError as exc:
            logger.warning("cannot read cache entry %s (%s); parsing again", path, exc)
            item.stored = False
            return None
        return cache.read_meta(data, item.article, key=item.key)[1]

    def parse(
        self, articles: Sequence[Article], nlp: Language, registry: Registry
    ) -> list[ParsedArticle]:
        """Parse the articles through the cache and decode every one (``prepare`` + ``load``)."""
        return self.load(self.prepare(articles, nlp, registry))

    def classify(
        self,
        items: Sequence[CachedArticle],
        registry: Registry,
        cues: Cues,
        *,
        pair: Sequence[str],
    ) -> list[Sentence]:
        """Classify the articles, reusing the classification of unchanged articles.

        An article's classification is reused when nothing it depends on changed
        (``classification_key``); the others are decoded (or parsed) and classified one
        article at a time, exactly as ``classify_articles`` does.

        Returns:
            Every sentence of the articles, in article order.
        """
        folder = self.classified_dir
        out: list[Sentence] = []
        used: set[str] = set()
        todo: list[tuple[int, CachedArticle, str]] = []
        results: dict[int, list[Sentence]] = {}
        context = cache.classification_context(self._env, registry, cues, pair)
        for n, item in enumerate(items):
            key = cache.classification_key(item.article, context)
            used.add(f"{key}.bin")
            path = folder / f"{key}.bin"
            try:
                cached = cache.decode_sentences(path.read_bytes(), key=key, pair=pair)
                if cached is None:  # made for the pair in the other order, and it matters
                    todo.append((n, item, key))
                    continue
                results[n] = cached
                self.stats.reused.append(item.article.id)
            except FileNotFoundError:
                todo.append((n, item, key))
            except (OSError, CorruptEntry) as exc:
                logger.warning(
                    "classification cache of %s is unusable (%s); classifying again",
                    item.article.id,
                    exc,
                )
                todo.append((n, item, key))
        self.meter.stage("classifying", len(todo))
        elsewhere = executor.classify_elsewhere(self._executor(), todo, pair=pair)
        with cache.msgpack_decoders_snapshot():  # once, not for each article's load
            for n, item, key in todo:  # one article's Docs at a time, dropped once classified
                self.meter.advance()
                run = elsewhere.pop(n, None) or (self.early and self.early.take(item, pair))
                parsed = [] if run else self.load([item])
                if not parsed and not run:  # its parse failed and was reported
                    continue
                item.parsed = item.docbin = None
                try:
                    sentences = (
                        run()
                        if run
                        else classify.classify_articles(parsed, registry, cues, pair=pair)
                    )
                # The article boundary: a defect one article trips leaves only it out.
                except Exception as exc:
                    logger.debug("%s: classification failed", item.article.id, exc_info=True)
                    self._failed(item, "classification", exc)
                    continue
                finally:
                    del parsed  # not held while the next article is decoded
                entry = cache.encode_sentences(sentences, key=key, pair=pair)
                self._store(folder / f"{key}.bin", entry)
                results[n] = sentences
                self.stats.classified.append(item.article.id)
        self.meter.done()
        for n in range(len(items)):
            out.extend(results.get(n, ()))
        prune_files(folder, used)
        return out

    def _prune(self, current: Path, used: set[str]) -> None:
        """Drop other environments' caches beyond the newest few, and old unused entries."""
        with contextlib.suppress(OSError):
            with os.scandir(self.cache_dir) as it:
                others = [Path(e.path) for e in it if e.is_dir() and e.path != str(current)]
            others.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
            for old in others[KEEP_ENVIRONMENTS:]:
                shutil.rmtree(old, ignore_errors=True)
        prune_files(current, used)

    # ------------------------------------------------------------------ state

    def load_state(self, *, set_aside: bool = False) -> State | None:
        """Return the state of the last build, or None (no build yet, or unusable).

        From ``state.db`` (``statedb``), else a ``state.json`` of the format before (a
        build migrates it; checked against ``STATE_SCHEMA`` unless the last commit wrote
        it); ``state_in_db`` says which. An unusable state is logged (never an error) and
        with ``set_aside`` (a build) moved to ``<name>.corrupt``: the build writes anew.
        """
        self.state_in_db = self.state_db.exists()
        path = self.state_db if self.state_in_db else self.state_path
        try:
            if self.state_in_db:
                return statedb.read_state(path)
            ours = file_sha(path) == self.manifest().get(STATE_NAME)
            return statedb.read_state_json(path, checked=not ours)
        except FileNotFoundError:
            return None
        except statedb.StateUnusable as exc:
            self.state_in_db = False
            if not set_aside:
                logger.warning(
                    "%s is unusable (%s); not compared with the previous build", path, exc
                )
                return None
            try:
                corrupt = statedb.set_aside(path)
            except OSError as move:
                raise unwritable(self.out, move) from move
            logger.warning(
                "%s was unusable (%s); set aside as %s, and this build writes a new one "
                "(it is not compared with the previous build).",
                path,
                exc,
                corrupt.name,
            )
            return None

    def save_state(self, state: State) -> Path:
        """Write the whole state into ``state.db`` (outside a build's transaction)."""
        self._make_root()
        statedb.apply_delta(self.state_db, statedb.state_delta(None, state), uuid.uuid4().hex)
        return self.state_db

    def foreign_reports(self, paths: Sequence[Path]) -> list[Path]:
        """Return the existing files among ``paths`` that this workspace did not write.

        A file written by the last build, unchanged since, may be replaced without
        ``--force``; any other existing file (written by hand, edited since) may not.
        The last build's files are those of its manifest (and of its state). An
        interrupted commit is finished first, when no build is running.
        """
        self.try_recover()
        existing = [p for p in paths if p.exists()]
        if not existing:
            return []
        known = {n: d for n, d in self.manifest().items() if "/" not in n}
        digests = {p: file_sha(p) for p in existing}
        if any(known.get(p.name) != d for p, d in digests.items()):
            state = self.load_state()  # reports of older builds (read only when needed)
            known = {**(state.reports if state else {}), **known}
        return [p for p, d in digests.items() if d is None or known.get(p.name) != d]

    # ------------------------------------------------------------------ overrides

    def load_overrides(self) -> dict[str, Override]:
        """Return the analyst's valid overrides by key.

        Each entry is checked against ``OVERRIDE_SCHEMA``; a bad entry is left out and
        described in ``override_problems`` (by id, with the fix), and the others apply.
        The file is never rewritten here.

        Raises:
            WorkspaceError: the file exists but cannot be read, is not UTF-8, is not JSON
                or not an overrides file at all (it is never replaced silently: fix it,
                or restore ``overrides.json.bak``).
        """
        valid, _raw = self._read_overrides()
        return valid

    def _read_overrides(self) -> tuple[dict[str, Override], dict[str, Any]]:
        """Return the valid overrides, and every entry of the file as it is (raw JSON)."""
        valid, raw, self.override_problems = read_overrides(self.overrides_path)
        return valid, raw

    def update_overrides(
        self, change: Callable[[dict[str, Override]], dict[str, Override]]
    ) -> dict[str, Override]:
        """Read, change and write the overrides under the lock, atomically.

        The current file is read under the lock (so a concurrent writer's overrides are
        kept), copied to ``overrides.json.bak``, and replaced whole. Entries that fail
        their check are written back exactly as they were (the analyst fixes them), unless
        the change sets an override of the same id.

        Args:
            change: takes the current valid overrides by key and returns the new ones.

        Returns:
            The overrides written.
        """
        with self.lock(wait=DEFAULT_WAIT):
            current, raw = self._read_overrides()
            updated = change(dict(current))
            bad = {k: v for k, v in raw.items() if k not in current and k not in updated}
            write_overrides(self.overrides_path, updated, bad)
            return updated
