"""One options object for a run of briefing, instead of twenty keyword arguments."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

#: Seconds a build (or an override) waits for another process holding the lock.
DEFAULT_WAIT = 120.0


@dataclass(frozen=True, slots=True)
class Settings:
    """Options of a briefing run.

    Attributes:
        model: the spaCy pipeline to load (None: the installed default).
        pair: the two governments of the brief (None: the two most salient).
        actors: user registry files merged into the shipped registry.
        cues: user cue lexicons merged into the shipped one.
        template: a template name or .toml path (None: the default template).
        date: the brief's date (ISO); the CLI fills it in.
        formats: the output formats of ``build``.
        encoding: force this input encoding (None: detect).
        scorer: the section scorer: "learned" (the trained model) or "rules".
        jobs: processes to parse in (None: the cores, at most 4).
        executor: where ``build`` parses and classifies: "local" (this machine, in
            ``jobs`` processes) or "dask" (a Dask cluster's workers).
        scheduler: the Dask scheduler's address ("tcp://host:8786"); None with "dask":
            a local cluster of ``jobs`` worker processes.
        max_build_chars: the most characters of article text a build reads; the
            articles past it are skipped with the reason (None: ``[limits]
            max_build_chars`` of ``briefing/data/ingest.toml``, which keeps a build
            under 500 MB of memory).
        max_build_sentences: the same for the sentences of the articles (None:
            ``[limits] max_build_sentences``).
    """

    model: str | None = None
    pair: tuple[str, str] | None = None
    actors: tuple[Path, ...] = ()
    cues: tuple[Path, ...] = ()
    template: str | None = None
    date: str | None = None
    formats: tuple[str, ...] = ("docx", "pdf")
    encoding: str | None = None
    scorer: str = "rules"
    jobs: int | None = None
    executor: str = "local"
    scheduler: str | None = None
    max_build_chars: int | None = None
    max_build_sentences: int | None = None
    extra: dict[str, str] = field(default_factory=dict)
