"""What a run of briefing loads once: the registry, the cue lexicons and the pipeline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.language import Language

from briefing.classify import Cues, load_cues
from briefing.config import Settings
from briefing.nlp.pipeline import build_nlp, default_jobs
from briefing.nlp.registry import Registry, load_registry

Progress = Callable[[str], None]


@dataclass(slots=True)
class Session:
    """What a run loads once: registry, cue lexicons and the spaCy pipeline."""

    settings: Settings
    registry: Registry
    cues: Cues
    nlp: Language

    @classmethod
    def open(cls, settings: Settings) -> Session:
        """Load the registry, the cues and the pipeline for these settings."""
        registry = load_registry(settings.actors)
        cues = load_cues(settings.cues, scorer=settings.scorer)
        nlp = build_nlp(settings.model, registry=registry)
        return cls(settings=settings, registry=registry, cues=cues, nlp=nlp)

    @property
    def jobs(self) -> int:
        """Processes to parse in: ``--jobs``, else ``default_jobs()``."""
        return self.settings.jobs if self.settings.jobs else default_jobs()
