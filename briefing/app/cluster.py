"""The Dask executor: parse and classify a build's new articles on a cluster's workers.

``briefing build SOURCES --executor dask --scheduler tcp://host:8786`` sends the articles
the parse cache lacks to the cluster in tasks of about ``TASK_CHARS`` characters
(``executor.task_chunks``): a worker parses a task's articles with its own copy of the pipeline
(loaded once per worker process, ``worker_session``) and keeps their Docs. What comes
back is bytes: each article's parse cache entry (stored in this machine's workspace, so
the next build needs no cluster for it) and its salience. Once this machine has decided
the pair, the articles are classified on the worker that holds their parse (a second
task on the first one's result), and their classified sentences come back as
classification cache entries. Assembly and rendering stay here, so the briefs
are those of a local build, byte for byte.

Every worker needs ``briefing[cluster]`` and the spaCy model installed, at the versions
of this machine: each worker checks that its parse and classification environment
(model, registry, cue lexicons, code: ``session_fingerprint``) is this machine's, and a
build refuses to go on when it is not. The extra ``--actors``/``--cues`` files travel
with the tasks (their bytes), so the workers need no shared file system.
"""

from __future__ import annotations

import contextlib
import logging
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.language import Language

from briefing.app.cache import (
    classification_context,
    content_hash,
    decode_docs,
    encode_entry,
    encode_sentences,
    environment_key,
    msgpack_decoders_snapshot,
    read_meta,
)
from briefing.app.executor import (
    ParsedEntry,
    RemoteJob,
    failed,
    portable,
    sent_back,
    task_chunks,
)
from briefing.classify import Cues, body_salience, classify_articles
from briefing.config import Settings
from briefing.errors import BriefingError, describe_exception
from briefing.model import Article
from briefing.nlp.models import resolve_model_name
from briefing.nlp.pipeline import ParseError, iter_parsed
from briefing.nlp.registry import Registry

if TYPE_CHECKING:  # pragma: no cover - types only
    from distributed import Client, Future

    from briefing.app.session import Session

logger = logging.getLogger(__name__)

#: Tasks a worker gets at least, in a small build (``task_chunks``).
TASKS_PER_WORKER = 2

#: Seconds to wait for the scheduler to answer, and for a first worker to join it.
CONNECT_SECONDS = 10.0

INSTALL_HINT = "pip install 'briefing[cluster]'"


class ClusterError(BriefingError):
    """The cluster cannot be used: Dask missing, a scheduler unreachable, workers unlike us."""


@dataclass(frozen=True, slots=True)
class WorkerSpec:
    """What a worker needs to load the session this machine runs, and to check it.

    Attributes:
        model: the spaCy pipeline's name (resolved on this machine).
        scorer: the section scorer.
        actors: the extra registry files, as (file name, bytes).
        cues: the extra cue lexicons, as (file name, bytes).
        fingerprint: this machine's ``session_fingerprint``.
    """

    model: str | None
    scorer: str
    actors: tuple[tuple[str, bytes], ...]
    cues: tuple[tuple[str, bytes], ...]
    fingerprint: str


@dataclass(frozen=True, slots=True)
class WorkerParse:
    """A task's articles parsed on a worker, kept there until they are classified.

    Position by position: the article, its content hash, and either its parse cache
    entry and salience or the error parsing it raised.
    """

    articles: tuple[Article, ...]
    keys: tuple[str, ...]
    entries: tuple[bytes | None, ...]
    saliences: tuple[dict[str, int] | None, ...]
    errors: tuple[Exception | None, ...]


def session_fingerprint(nlp: Language, registry: Registry, cues: Cues) -> str:
    """Return the hash of everything a parse and a classification depend on but the text."""
    return classification_context(environment_key(nlp, registry), registry, cues, ())


def worker_spec(settings: Settings, *, nlp: Language, registry: Registry, cues: Cues) -> WorkerSpec:
    """Return the spec of this machine's session, its extra files read into it."""

    def files(paths: Sequence[Path]) -> tuple[tuple[str, bytes], ...]:
        return tuple((Path(p).name, Path(p).read_bytes()) for p in paths)

    return WorkerSpec(
        model=resolve_model_name(settings.model),
        scorer=settings.scorer,
        actors=files(settings.actors),
        cues=files(settings.cues),
        fingerprint=session_fingerprint(nlp, registry, cues),
    )


# ---------------------------------------------------------------------- on the workers

_SESSIONS: dict[str, Session] = {}
_LOADING = threading.Lock()
#: A worker process may run tasks in several threads: one pipeline call at a time.
_PIPELINE = threading.Lock()


def worker_session(spec: WorkerSpec) -> Session:
    """Return the session of ``spec`` in this worker process, loading it the first time.

    Raises:
        ClusterError: the session this worker loads is not the one the build runs
            (another briefing, model, registry or cue lexicon).
    """
    with _LOADING:
        session = _SESSIONS.get(spec.fingerprint)
        if session is None:
            session = _load(spec)
            _SESSIONS[spec.fingerprint] = session
        return session


def _load(spec: WorkerSpec) -> Session:
    from briefing.app.session import Session

    folder = Path(tempfile.mkdtemp(prefix="briefing-worker-"))

    def written(kind: str, files: tuple[tuple[str, bytes], ...]) -> tuple[Path, ...]:
        paths = []
        for n, (name, data) in enumerate(files):
            path = folder / f"{kind}-{n}-{name}"
            path.write_bytes(data)
            paths.append(path)
        return tuple(paths)

    settings = Settings(
        model=spec.model,
        scorer=spec.scorer,
        actors=written("actors", spec.actors),
        cues=written("cues", spec.cues),
    )
    session = Session.open(settings)
    found = session_fingerprint(session.nlp, session.registry, session.cues)
    if found != spec.fingerprint:
        raise ClusterError(
            "a Dask worker runs another briefing, spaCy model, registry or cue lexicon "
            f"than this machine (fingerprint {found[:12]}, expected {spec.fingerprint[:12]}): "
            f"install the same briefing ({INSTALL_HINT}) and model on every worker."
        )
    return session


def parse_on_worker(
    spec: WorkerSpec, articles: tuple[Article, ...], keys: tuple[str, ...]
) -> WorkerParse:
    """Parse a task's articles on a worker, in one ``nlp.pipe`` stream (``iter_parsed``).

    An article the pipeline fails on keeps its error (the others are parsed), as in a
    local build.
    """
    session = worker_session(spec)
    at = {id(a): n for n, a in enumerate(articles)}
    entries: list[bytes | None] = [None] * len(articles)
    saliences: list[dict[str, int] | None] = [None] * len(articles)
    errors: list[Exception | None] = [None] * len(articles)

    def failed(article: Article, exc: Exception) -> None:
        errors[at[id(article)]] = portable(exc)

    with _PIPELINE, msgpack_decoders_snapshot():
        for pa in iter_parsed(articles, session.nlp, on_error=failed, jobs=1):
            n = at[id(pa.article)]
            salience = body_salience(pa)
            entries[n] = encode_entry(pa, key=keys[n], salience=salience)
            saliences[n] = dict(salience)
            del pa
    return WorkerParse(articles, keys, tuple(entries), tuple(saliences), tuple(errors))


def classify_on_worker(
    spec: WorkerSpec, held: WorkerParse, jobs: list[tuple[int, str]], pair: list[str]
) -> list[bytes | Exception]:
    """Classify articles of a task where they were parsed: their classification entries.

    ``jobs``: each article's position in ``held`` and its classification key. An
    article whose classification fails gets its error; the others are classified.
    """
    session = worker_session(spec)
    out: list[bytes | Exception] = []
    with _PIPELINE, msgpack_decoders_snapshot():
        for n, key in jobs:
            try:
                out.append(_classify_one(session, held, n, key, pair))
            # The article boundary: a defect one article trips leaves only it out.
            except Exception as exc:
                out.append(portable(exc))
    return out


def _classify_one(session: Session, held: WorkerParse, n: int, key: str, pair: list[str]) -> bytes:
    article, entry = held.articles[n], held.entries[n]
    if entry is None:  # pragma: no cover - the workspace never asks for a failed parse
        raise ValueError(f"{article.id} was not parsed")
    parsed = decode_docs(read_meta(entry, article, key=held.keys[n])[1], article, session.nlp)
    sentences = classify_articles([parsed], session.registry, session.cues, pair=pair)
    return encode_sentences(sentences, key=key, pair=pair)


# ---------------------------------------------------------------------- on this machine


def _dask_log_level() -> int:
    """Dask's own logs: shown with ``-v`` (briefing's debug logs), else errors only."""
    return logging.DEBUG if logger.isEnabledFor(logging.DEBUG) else logging.ERROR


def _quiet_dask() -> None:
    """Keep Dask's routine logs (workers starting and closing) off stderr without ``-v``."""
    logging.getLogger("distributed").setLevel(_dask_log_level())


class DaskExecutor:
    """Parse and classify on a Dask cluster's workers (``--executor dask``)."""

    name = "dask"

    def __init__(self, client: Client, spec: WorkerSpec, *, cluster: Any = None) -> None:
        self.client = client
        self.spec = spec
        self._cluster = cluster
        self._spec: Future[WorkerSpec] = client.scatter(spec, broadcast=True, hash=False)
        #: id(article) -> the future of its task's parse (on the worker holding its Docs)
        #: and its position in the task.
        self._held: dict[int, tuple[Future[WorkerParse], int]] = {}

    @classmethod
    def connect(
        cls,
        settings: Settings,
        *,
        nlp: Language,
        registry: Registry,
        cues: Cues,
        jobs: int,
        timeout: float | None = None,
    ) -> DaskExecutor:
        """Connect to ``settings.scheduler`` (or start a local cluster of ``jobs`` workers).

        Raises:
            ClusterError: Dask is not installed, the scheduler does not answer within
                ``timeout`` seconds, or no worker joins it in that time.
        """
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise ClusterError(
                f"--executor dask needs Dask distributed, which is not installed: {INSTALL_HINT}"
            ) from exc
        _quiet_dask()
        wait = CONNECT_SECONDS if timeout is None else timeout
        spec = worker_spec(settings, nlp=nlp, registry=registry, cues=cues)
        if settings.scheduler is None:
            cluster = LocalCluster(
                n_workers=jobs,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=_dask_log_level(),
            )
            return cls(Client(cluster), spec, cluster=cluster)
        address = settings.scheduler
        try:
            client = Client(address, timeout=wait)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterError(
                f"cannot reach the Dask scheduler at {address} within {wait:g} s "
                f"({describe_exception(exc)}): start one with `dask scheduler` (and workers "
                f"with `dask worker {address}`), or check --scheduler."
            ) from exc
        try:
            client.wait_for_workers(1, timeout=wait)
        except (OSError, TimeoutError) as exc:
            client.close()
            raise ClusterError(
                f"the Dask scheduler at {address} has no worker after {wait:g} s: start "
                f"some with `dask worker {address}` (each needs {INSTALL_HINT} and the "
                "spaCy model)."
            ) from exc
        return cls(client, spec)

    def parse(
        self,
        articles: Sequence[Article],
        nlp: Language,
        *,
        jobs: int,
        on_error: ParseError | None,
    ) -> Iterator[ParsedEntry]:
        """Send the articles to the cluster in tasks (``task_chunks``); yield them in order.

        The Docs stay on the worker (``holds``): only the cache entry and the salience
        come back. An article whose task failed is passed to ``on_error``; a worker
        unlike this machine stops the build.
        """
        self._held.clear()
        workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        chunks = task_chunks(articles, workers=workers, per_worker=TASKS_PER_WORKER)
        futures = [
            self.client.submit(
                parse_on_worker,
                self._spec,
                tuple(articles[n] for n in chunk),
                tuple(content_hash(articles[n]) for n in chunk),
                pure=False,
            )
            for chunk in chunks
        ]
        for chunk, future in zip(chunks, futures, strict=True):
            try:
                held: WorkerParse = future.result()
            except ClusterError:
                self._cancel(futures)
                raise
            # The task failed as a whole (its worker died, say): its articles are left out.
            except Exception as exc:
                if on_error is None:
                    self._cancel(futures)
                    raise
                for n in chunk:
                    on_error(articles[n], exc)
                continue
            yield from self._entries(held, [articles[n] for n in chunk], future, on_error)
            del held

    def _entries(
        self,
        held: WorkerParse,
        articles: list[Article],
        future: Future[WorkerParse],
        on_error: ParseError | None,
    ) -> Iterator[ParsedEntry]:
        """The entries of one task's articles; each failed one goes to ``on_error``."""
        for n, article in enumerate(articles):
            error, entry, salience = held.errors[n], held.entries[n], held.saliences[n]
            if error is not None or entry is None or salience is None:
                problem = error or ValueError(f"{article.id} was not parsed")
                failed(article, problem, on_error)
                continue
            self._held[id(article)] = (future, n)
            yield sent_back(article, entry, salience)

    def holds(self, article: Article) -> bool:
        """Whether the last ``parse`` left this article's Docs on a worker."""
        return id(article) in self._held

    def classify(
        self, jobs: Sequence[RemoteJob], *, pair: Sequence[str]
    ) -> list[bytes | Exception]:
        """Classify each article on the worker holding its parse; entries in order.

        Raises:
            ClusterError: a worker unlike this machine.
        """
        groups: dict[str, tuple[Any, list[tuple[int, int, str]]]] = {}
        for pos, (article, key) in enumerate(jobs):
            future, n = self._held[id(article)]
            groups.setdefault(str(future.key), (future, []))[1].append((pos, n, key))
        tasks = [
            (
                members,
                self.client.submit(
                    classify_on_worker,
                    self._spec,
                    future,
                    [(n, key) for _pos, n, key in members],
                    list(pair),
                    pure=False,
                ),
            )
            for future, members in groups.values()
        ]
        outcomes: list[bytes | Exception] = [RuntimeError("not classified")] * len(jobs)
        for members, task in tasks:
            try:
                got: list[bytes | Exception] = task.result()
            except ClusterError:
                raise
            # The task failed as a whole: each of its articles gets the error.
            except Exception as exc:
                got = [exc] * len(members)
            for (pos, _n, _key), outcome in zip(members, got, strict=True):
                outcomes[pos] = outcome
        self._held.clear()  # the workers may drop the parses now
        return outcomes

    def _cancel(self, futures: Sequence[Any]) -> None:
        with contextlib.suppress(Exception):
            self.client.cancel(list(futures))

    def close(self) -> None:
        """Close the connection (and the local cluster this executor started)."""
        self._held.clear()
        with contextlib.suppress(Exception):
            self.client.close()
        if self._cluster is not None:
            with contextlib.suppress(Exception):
                self._cluster.close()
