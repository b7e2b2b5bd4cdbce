"""What a run of briefing loads once: the registry, the cue lexicons and the pipeline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from briefing.config import Settings

if TYPE_CHECKING:  # imported by ``open``: the meters and ``Progress`` need no pipeline
    from spacy.language import Language

    from briefing.app.executor import Executor
    from briefing.classify import Cues
    from briefing.nlp.registry import Registry

Progress = Callable[[str], None]


class Meter(Protocol):
    """Counts a build's work per article, for a progress bar (``cli`` draws one).

    A stage (``"parsing"``, ``"classifying"``) starts with the number of articles it has
    to do, advances by one per article and ends with ``done``.
    """

    def stage(self, name: str, total: int) -> None:
        """A stage starts with ``total`` articles to do."""

    def advance(self) -> None:
        """One more article of the stage is done."""

    def done(self) -> None:
        """The stage ended."""


class NoMeter:
    """The meter of a build nobody watches: counts nothing."""

    def stage(self, name: str, total: int) -> None:
        """Ignore the stage."""

    def advance(self) -> None:
        """Ignore the article."""

    def done(self) -> None:
        """Ignore the end."""


def _local_executor() -> Executor:
    from briefing.app.executor import LocalExecutor

    return LocalExecutor()


@dataclass(slots=True)
class Session:
    """What a run loads once: registry, cue lexicons, the spaCy pipeline, the executor.

    ``executor`` parses and classifies a build's new articles (``--executor``): this
    machine by default, or a cluster connected once per run (``close`` releases it).
    """

    settings: Settings
    registry: Registry
    cues: Cues
    nlp: Language
    executor: Executor = field(default_factory=_local_executor)

    @classmethod
    def open(cls, settings: Settings) -> Session:
        """Load the registry, the cues and the pipeline, and connect the executor.

        Raises:
            ClusterError: ``--executor dask`` cannot be used (``briefing.app.cluster``).
        """
        from briefing.app.executor import open_executor
        from briefing.classify import load_cues
        from briefing.nlp.pipeline import build_nlp
        from briefing.nlp.registry import load_registry

        registry = load_registry(settings.actors)
        cues = load_cues(settings.cues, scorer=settings.scorer)
        nlp = build_nlp(settings.model, registry=registry)
        session = cls(settings=settings, registry=registry, cues=cues, nlp=nlp)
        session.executor = open_executor(  # --jobs N > 1: a process pool (app.pool)
            settings, nlp=nlp, registry=registry, cues=cues, jobs=session.jobs
        )
        return session

    def close(self) -> None:
        """Release the executor (a cluster connection); the session stays usable locally."""
        self.executor.close()
        self.executor = _local_executor()

    @property
    def jobs(self) -> int:
        """Processes to parse in: ``--jobs``, else ``default_jobs()``."""
        from briefing.nlp.pipeline import default_jobs

        return self.settings.jobs if self.settings.jobs else default_jobs()
