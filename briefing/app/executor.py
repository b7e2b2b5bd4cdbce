"""Where a build parses and classifies its new articles: this machine, or a cluster.

The workspace (``briefing.app.workspace``) hands the articles its parse cache lacks to an
``Executor`` and stores what comes back; everything else (the caches, the pair, the
assembly, the reports) stays on this machine. ``LocalExecutor`` runs the pipeline in
this process; ``briefing.app.pool`` holds the local process pool (``--jobs N``, N > 1),
with the shape of the Dask executor. ``briefing.app.cluster`` holds the
Dask one (``--executor dask``), which keeps each article's Docs on the worker that parsed
it and classifies the article there, so only bytes (cache entries, classified sentences)
come back.
"""

from __future__ import annotations

import functools
import pickle
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from spacy.language import Language

from briefing.app.cache import CachedArticle, content_hash, decode_sentences, encode_entry
from briefing.classify import body_salience
from briefing.config import Settings
from briefing.errors import describe_exception
from briefing.model import Article, Sentence
from briefing.nlp.pipeline import ParsedArticle, ParseError, iter_parsed

if TYPE_CHECKING:  # pragma: no cover - types only
    from briefing.classify import Cues
    from briefing.nlp.registry import Registry

#: The executors ``Settings.executor`` names.
EXECUTORS = ("local", "dask")

#: Characters of article text per task of a pool or cluster: enough for ``nlp.pipe`` to
#: batch well, few enough that scheduling costs little (``task_chunks``).
TASK_CHARS = 40_000


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    """One article parsed by an executor, as the workspace stores it.

    Attributes:
        article: the article given to the executor (the same object).
        salience: its raw body salience.
        entry: its parse cache entry (``encode_entry``).
        parsed: its Docs, when they are in this process (local); None when they stay
            where the article was parsed (a worker), which then classifies it too
            (``Executor.holds``, ``Executor.classify``).
    """

    article: Article
    salience: Counter[str]
    entry: bytes
    parsed: ParsedArticle | None = None


#: An article to classify where it was parsed, with its classification key.
RemoteJob = tuple[Article, str]


def sent_back(article: Article, entry: bytes, salience: Mapping[str, int]) -> ParsedEntry:
    """An article parsed in another process: its entry and the salience it sent back."""
    counts = Counter({str(k): int(v) for k, v in salience.items()})
    return ParsedEntry(article=article, salience=counts, entry=entry)


def failed(article: Article, problem: Exception, on_error: ParseError | None) -> None:
    """Hand an article the parse failed on to ``on_error``; with none, raise ``problem``."""
    if on_error is None:
        raise problem
    on_error(article, problem)


class Executor(Protocol):
    """Parses articles into cache entries, and classifies those it parsed elsewhere."""

    #: "local" or "dask", as ``Settings.executor`` names it.
    name: str

    def parse(
        self,
        articles: Sequence[Article],
        nlp: Language,
        *,
        jobs: int,
        on_error: ParseError | None,
    ) -> Iterator[ParsedEntry]:
        """Parse ``articles``, yielding each in order with its entry (key: ``content_hash``).

        An article the pipeline fails on is passed to ``on_error`` and left out (with no
        ``on_error``, the error propagates).
        """
        ...

    def holds(self, article: Article) -> bool:
        """Whether the last ``parse`` left this article's Docs elsewhere, to classify there."""
        ...

    def classify(
        self, jobs: Sequence[RemoteJob], *, pair: Sequence[str]
    ) -> list[bytes | Exception]:
        """Classify articles it ``holds`` where they were parsed, then forget them.

        Returns each article's classification cache entry (``encode_sentences``), or
        the error its classification raised, in order.
        """
        ...

    def close(self) -> None:
        """Release what the executor holds (a cluster connection)."""
        ...


class LocalExecutor:
    """Parse in this process, or in ``jobs`` processes (spaCy's ``n_process``)."""

    name = "local"

    def parse(
        self,
        articles: Sequence[Article],
        nlp: Language,
        *,
        jobs: int,
        on_error: ParseError | None,
    ) -> Iterator[ParsedEntry]:
        """Parse with ``iter_parsed``; each article's Docs come with its entry."""
        for pa in iter_parsed(articles, nlp, on_error=on_error, jobs=jobs):
            salience = body_salience(pa)
            entry = encode_entry(pa, key=content_hash(pa.article), salience=salience)
            yield ParsedEntry(article=pa.article, salience=salience, entry=entry, parsed=pa)
            del pa, entry  # not held while the next article is parsed

    def holds(self, article: Article) -> bool:
        """Every local parse is here: the workspace classifies it itself."""
        return False

    def classify(
        self, jobs: Sequence[RemoteJob], *, pair: Sequence[str]
    ) -> list[bytes | Exception]:
        """Nothing is parsed elsewhere."""
        if jobs:
            raise ValueError("a local executor holds no parse elsewhere")
        return []

    def close(self) -> None:
        """Nothing to release."""


def task_chunks(articles: Sequence[Article], *, workers: int, per_worker: int) -> list[list[int]]:
    """Group articles (by position, in order) into tasks of about ``TASK_CHARS`` characters.

    A task is smaller when the build is small, so that every worker gets about
    ``per_worker`` of them: a few long tasks would leave a worker idle at the end.
    """
    total = sum(len(a.text) for a in articles)
    budget = max(1, min(TASK_CHARS, total // max(1, per_worker * workers)))
    chunks: list[list[int]] = []
    size = 0
    for n, article in enumerate(articles):
        if chunks and size + len(article.text) <= budget:
            chunks[-1].append(n)
            size += len(article.text)
        else:
            chunks.append([n])
            size = len(article.text)
    return chunks


def classify_elsewhere(
    executor: Executor, todo: Sequence[tuple[int, CachedArticle, str]], *, pair: Sequence[str]
) -> dict[int, Callable[[], list[Sentence]]]:
    """Classify, where they were parsed, the articles of ``todo`` the executor holds.

    Args:
        executor: the executor that parsed this build's new articles.
        todo: the workspace's articles to classify: (position, article, classification key).
        pair: the pair of the brief.

    Returns:
        By position, a function returning the article's sentences (decoded from the entry
        that came back) or raising the error its classification raised.
    """
    jobs = [(n, item.article, key) for n, item, key in todo if executor.holds(item.article)]
    if not jobs:
        return {}
    outcomes = executor.classify([(a, key) for _n, a, key in jobs], pair=pair)
    return {
        n: functools.partial(_sentences, got, key)
        for (n, _a, key), got in zip(jobs, outcomes, strict=True)
    }


def _sentences(got: bytes | Exception, key: str) -> list[Sentence]:
    if isinstance(got, Exception):
        raise got
    return decode_sentences(got, key=key) or []


def portable(exc: Exception) -> Exception:
    """The error itself when it survives pickling (to travel back), else its description."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(describe_exception(exc))
    return exc


def open_executor(
    settings: Settings, *, nlp: Language, registry: Registry, cues: Cues, jobs: int
) -> Executor:
    """Return the executor ``settings`` ask for, connected (a cluster) and checked.

    ``local`` with ``jobs`` > 1 is the process pool (``briefing.app.pool``) where the
    platform can fork, else this process (with spaCy's ``n_process``).

    Raises:
        ClusterError: ``dask`` without Dask installed, or a scheduler that cannot be
            reached (``briefing.app.cluster``).
    """
    if settings.executor == "local":
        if jobs <= 1:
            return LocalExecutor()
        from briefing.app.pool import PoolExecutor, pool_available

        return PoolExecutor(registry=registry, cues=cues) if pool_available() else LocalExecutor()
    if settings.executor != "dask":
        raise ValueError(f"unknown executor {settings.executor!r} (one of {EXECUTORS})")
    from briefing.app.cluster import DaskExecutor  # only a cluster build loads Dask

    return DaskExecutor.connect(settings, nlp=nlp, registry=registry, cues=cues, jobs=jobs)
