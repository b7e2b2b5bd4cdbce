"""The local process pool: parse and classify a build's new articles in ``--jobs`` processes.

``briefing build --jobs N`` (N > 1) hands the articles its parse cache lacks to N worker
processes forked from this one, so each worker has the pipeline, the registry (which the
actor matcher finds through ``use_registry``) and the cue lexicons of this process without
loading them again. The shape is that of the Dask executor (``briefing.app.cluster``):

1. **parse**: the articles go to the workers in tasks of about ``TASK_CHARS`` characters
   (``executor.task_chunks``); a worker parses a task's articles in one ``nlp.pipe``
   stream, computes each one's body salience and its parse cache entry (``encode_entry``),
   and sends back only those bytes and counts. This process stores the entries and decides the pair.
2. **classify**: each article this build parsed goes back to a worker with its entry's
   bytes (any worker can take any article: the workers keep nothing between the two
   phases), which decodes it, classifies it and returns its classification cache entry.

So this process never deserialises a Doc of a new article, and memory stays flat in the
number of articles: a worker holds one task's Docs at a time, this process the entries'
bytes. A build of less than ``PARALLEL_MIN_CHARS`` characters (``briefing.nlp.pipeline``)
parses in this process, as ``--jobs 1`` does: starting the workers would cost more. The
pool needs the ``fork`` start method (Linux, macOS); elsewhere a build parses here.

An article a worker fails on keeps its error (with the worker's traceback) and is
reported on its own; a worker that dies fails only its task's articles. The workers
ignore Ctrl-C: this process stops them (``close``) and the command ends as usual.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import signal
import traceback
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, TypeVar

from spacy.language import Language

from briefing.app.cache import (
    content_hash,
    decode_docs,
    encode_entry,
    encode_sentences,
    msgpack_decoders_snapshot,
    read_meta,
)
from briefing.app.executor import (
    LocalExecutor,
    ParsedEntry,
    RemoteJob,
    failed,
    portable,
    sent_back,
    task_chunks,
)
from briefing.classify import body_salience, classify_articles
from briefing.model import Article
from briefing.nlp import pipeline
from briefing.nlp.pipeline import ParseError, iter_parsed

if TYPE_CHECKING:  # pragma: no cover - types only
    from briefing.classify import Cues
    from briefing.nlp.registry import Registry

#: Tasks a worker gets about, in a small build: the last tasks of a build keep every
#: worker busy (``task_chunks``).
TASKS_PER_WORKER = 4

#: Tasks per worker submitted ahead of the one this process waits for: the workers never
#: wait for work, and at most this many tasks' results wait in this process.
AHEAD = 2

START_METHOD = "fork"

T = TypeVar("T")

logger = logging.getLogger(__name__)


class RemoteTraceback(Exception):
    """The traceback of an error raised in a pool worker (the cause of the error here)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


#: An error raised in a worker for one article: the error, and the worker's traceback.
Failure = tuple[Exception, str]

#: A parsed article as a worker sends it back: its parse cache entry and its salience.
Parsed = tuple[bytes, dict[str, int]]


def _failure(exc: Exception) -> Failure:
    return portable(exc), "".join(traceback.format_exception(exc)).rstrip()


def _raised(failure: Failure) -> Exception:
    """The error of a worker's ``Failure``, its traceback attached as its cause."""
    exc, trace = failure
    exc.__cause__ = RemoteTraceback(trace)
    return exc


# ---------------------------------------------------------------------- in the workers

#: What a worker process parses and classifies with: set once, when it starts.
_WORKER: dict[str, Any] = {}


def _start_worker(nlp: Language, registry: Registry, cues: Cues) -> None:
    """Keep the forked session's pipeline, registry and cues; leave Ctrl-C to the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER.update(nlp=nlp, registry=registry, cues=cues)


def parse_task(articles: tuple[Article, ...], keys: tuple[str, ...]) -> list[Parsed | Failure]:
    """Parse a task's articles in one stream: each one's entry and salience, or its error."""
    nlp: Language = _WORKER["nlp"]
    at = {id(a): n for n, a in enumerate(articles)}
    out: list[Parsed | Failure | None] = [None] * len(articles)

    def failed(article: Article, exc: Exception) -> None:
        out[at[id(article)]] = _failure(exc)

    with msgpack_decoders_snapshot():
        for pa in iter_parsed(articles, nlp, on_error=failed, jobs=1):
            n = at[id(pa.article)]
            salience = body_salience(pa)
            out[n] = (encode_entry(pa, key=keys[n], salience=salience), dict(salience))
            del pa  # not held while the next article is parsed
    return [
        got if got is not None else _failure(ValueError(f"{articles[n].id} was not parsed"))
        for n, got in enumerate(out)
    ]


#: An article to classify in a worker: it, its parse key and entry, its classification key.
ClassifyJob = tuple[Article, str, bytes, str]


def classify_task(jobs: list[ClassifyJob], pair: list[str]) -> list[bytes | Failure]:
    """Classify articles from their parse entries: each one's classification entry, or error."""
    nlp: Language = _WORKER["nlp"]
    out: list[bytes | Failure] = []
    with msgpack_decoders_snapshot():
        for article, parse_key, entry, key in jobs:
            try:
                parsed = decode_docs(read_meta(entry, article, key=parse_key)[1], article, nlp)
                sentences = classify_articles(
                    [parsed], _WORKER["registry"], _WORKER["cues"], pair=pair
                )
                out.append(encode_sentences(sentences, key=key, pair=pair))
                del parsed, sentences
            # The article boundary: a defect one article trips leaves only it out.
            except Exception as exc:
                out.append(_failure(exc))
    return out


# ---------------------------------------------------------------------- in this process


def pool_available() -> bool:
    """Whether this platform can fork workers with this process's session."""
    return START_METHOD in multiprocessing.get_all_start_methods()


class PoolExecutor:
    """Parse and classify in ``jobs`` forked worker processes (``--jobs N``, N > 1)."""

    name = "local"

    def __init__(self, *, registry: Registry, cues: Cues) -> None:
        self.registry = registry
        self.cues = cues
        self._pool: ProcessPoolExecutor | None = None
        self._pool_nlp: Language | None = None
        self._pool_jobs = 0
        #: id(article) -> its content hash and parse cache entry, until it is classified.
        self._held: dict[int, tuple[str, bytes]] = {}

    def parse(
        self,
        articles: Sequence[Article],
        nlp: Language,
        *,
        jobs: int,
        on_error: ParseError | None,
    ) -> Iterator[ParsedEntry]:
        """Parse in the workers (in this process when the build is small); yield in order.

        An article a worker fails on is passed to ``on_error`` (with no ``on_error``, the
        error propagates); its Docs stay nowhere, its entry here until it is classified.
        """
        self._held.clear()
        chars = sum(len(a.text) for a in articles)
        if jobs <= 1 or chars < pipeline.PARALLEL_MIN_CHARS or not pool_available():
            yield from LocalExecutor().parse(articles, nlp, jobs=1, on_error=on_error)
            return
        self._open(nlp, jobs)
        chunks = task_chunks(articles, workers=jobs, per_worker=TASKS_PER_WORKER)
        tasks = (
            (tuple(articles[n] for n in c), tuple(content_hash(articles[n]) for n in c))
            for c in chunks
        )
        with self._stopped_on_interrupt():
            running = self._in_order(parse_task, tasks)
            for chunk, outcome in zip(chunks, running, strict=True):
                yield from self._entries([articles[n] for n in chunk], outcome, on_error)
                del outcome

    def _entries(
        self,
        articles: list[Article],
        outcome: list[Parsed | Failure] | Exception,
        on_error: ParseError | None,
    ) -> Iterator[ParsedEntry]:
        """The entries of one task's articles; each failed one goes to ``on_error``."""
        for n, article in enumerate(articles):
            got = outcome if isinstance(outcome, Exception) else outcome[n]
            if isinstance(got, Exception) or not isinstance(got[0], bytes):
                # The task failed as a whole (its worker died, say), or this article did.
                problem = got if isinstance(got, Exception) else _raised(got)
                failed(article, problem, on_error)
                continue
            entry, salience = got
            self._held[id(article)] = (content_hash(article), entry)
            yield sent_back(article, entry, salience)

    def holds(self, article: Article) -> bool:
        """Whether the last ``parse`` sent this article to the workers (to classify there)."""
        return id(article) in self._held

    def classify(
        self, jobs: Sequence[RemoteJob], *, pair: Sequence[str]
    ) -> list[bytes | Exception]:
        """Classify articles the last ``parse`` sent to the workers; entries in order.

        The workers are stopped afterwards: a build classifies once.
        """
        if not jobs:
            return []
        self._running()
        articles = [a for a, _key in jobs]
        chunks = task_chunks(articles, workers=self._pool_jobs, per_worker=TASKS_PER_WORKER)

        def task(chunk: list[int]) -> tuple[list[ClassifyJob], list[str]]:
            held = [(jobs[n], self._held[id(jobs[n][0])]) for n in chunk]
            return [(a, parse_key, entry, key) for (a, key), (parse_key, entry) in held], list(pair)

        outcomes: list[bytes | Exception] = []
        with self._stopped_on_interrupt():
            running = self._in_order(classify_task, map(task, chunks))
            for chunk, outcome in zip(chunks, running, strict=True):
                outcomes.extend(_classified(outcome, len(chunk)))
        self._held.clear()
        self.close()
        return outcomes

    def _in_order(
        self, fn: Callable[..., T], tasks: Iterable[tuple[Any, ...]]
    ) -> Iterator[T | Exception]:
        """Run ``fn`` over ``tasks`` in the pool, a few ahead; yield each outcome in order.

        An outcome is the task's result, or the error that failed it as a whole. A worker
        that dies (killed, out of memory) breaks the pool and every running task: the pool
        is started again and the oldest task run alone, so a task that kills its worker
        again gets the error (``BrokenProcessPool``) and the others are run again.
        """
        waiting: deque[tuple[tuple[Any, ...], Future[T]]] = deque()
        for args in tasks:
            waiting.append((args, _submit(self._running(), fn, args)))
            if len(waiting) > AHEAD * self._pool_jobs:
                got: T | Exception = self._next(fn, waiting)
                yield got
        while waiting:
            last: T | Exception = self._next(fn, waiting)
            yield last

    def _next(
        self, fn: Callable[..., T], waiting: deque[tuple[tuple[Any, ...], Future[T]]]
    ) -> T | Exception:
        args, future = waiting.popleft()
        got = _outcome(future)
        if not isinstance(got, BrokenProcessPool):
            return got
        logger.warning("a worker process died (%s); running its tasks again", got)
        self.close(kill=True)
        got = _outcome(_submit(self._running(), fn, args))  # alone: is it the one?
        if isinstance(got, BrokenProcessPool):
            self.close(kill=True)
        for n, (others, _dead) in enumerate(waiting):
            waiting[n] = (others, _submit(self._running(), fn, others))
        return got

    def _running(self) -> ProcessPoolExecutor:
        """The pool, started again (with the same pipeline) if it was stopped."""
        return self._open(self._pool_nlp, self._pool_jobs)

    def _open(self, nlp: Language | None, jobs: int) -> ProcessPoolExecutor:
        """The running pool of ``jobs`` workers with ``nlp``, started when needed."""
        if nlp is None or jobs <= 1:
            raise ValueError("the pool parsed nothing to classify")
        if self._pool is not None and (self._pool_nlp is not nlp or self._pool_jobs != jobs):
            self.close()
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=jobs,
                mp_context=multiprocessing.get_context(START_METHOD),
                initializer=_start_worker,
                initargs=(nlp, self.registry, self.cues),  # inherited by fork, not pickled
            )
            self._pool_nlp, self._pool_jobs = nlp, jobs
        return self._pool

    @contextlib.contextmanager
    def _stopped_on_interrupt(self) -> Iterator[None]:
        """Stop the workers at once when the build is interrupted (Ctrl-C) or abandoned."""
        try:
            yield
        except BaseException:
            self._held.clear()
            self.close(kill=True)
            raise

    def close(self, *, kill: bool = False) -> None:
        """Stop the workers (``kill``: without letting them finish their tasks)."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if kill:
            # ProcessPoolExecutor has no public way to stop a running task (3.14 adds
            # terminate_workers); its processes are in ``_processes``.
            processes: dict[int, Any] = getattr(pool, "_processes", None) or {}
            for process in list(processes.values()):
                with contextlib.suppress(Exception):
                    process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)


def _classified(outcome: list[bytes | Failure] | Exception, size: int) -> list[bytes | Exception]:
    """One classify task's outcomes, each article's error raised here (with its cause)."""
    if isinstance(outcome, Exception):
        return [outcome] * size
    return [got if isinstance(got, bytes) else _raised(got) for got in outcome]


def _submit(pool: ProcessPoolExecutor, fn: Callable[..., T], args: tuple[Any, ...]) -> Future[T]:
    try:
        with warnings.catch_warnings():
            # Python 3.12+ warns when a process with threads forks (the first submit forks
            # the workers): the workers run only the pipeline and briefing's stages, never
            # the code of the parent's other threads (a progress bar, the pool's own).
            warnings.filterwarnings(
                "ignore", r".*fork\(\) may lead to deadlocks", DeprecationWarning
            )
            return pool.submit(fn, *args)
    except RuntimeError as exc:  # a broken pool (BrokenProcessPool is a RuntimeError)
        failed: Future[T] = Future()
        failed.set_exception(exc)
        return failed


def _outcome(future: Future[T]) -> T | Exception:
    try:
        return future.result()
    # The task failed as a whole (a worker died): its articles get the error.
    except Exception as exc:
        return exc
