"""Run the stages end to end: ingest -> nlp -> classify -> assemble -> render.

This module sits beside the CLI at the top of the stage order: it is the library
API behind each command (``build``, ``classify``, ``actors``), and it is allowed to
touch files because it calls ingest and render.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from briefing.assemble import Party, build_brief
from briefing.classify import Cues, classify_articles, detect_pair, load_cues
from briefing.config import Settings
from briefing.errors import BriefingError
from briefing.ingest import Skipped, load_articles
from briefing.model import Actor, Article, Brief, Sentence, government_of
from briefing.nlp.pipeline import ParsedArticle, build_nlp, model_info, parse_articles
from briefing.nlp.registry import Registry, load_registry
from briefing.render import render
from briefing.render.templates import load_template

logger = logging.getLogger(__name__)

Progress = Callable[[str], None]


class NoArticlesError(BriefingError):
    """No article could be read; ``skipped`` says why for each file."""

    def __init__(self, message: str, *, skipped: Sequence[Skipped]) -> None:
        super().__init__(message)
        self.skipped = list(skipped)


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
        cues = load_cues(settings.cues)
        nlp = build_nlp(settings.model, registry=registry)
        return cls(settings=settings, registry=registry, cues=cues, nlp=nlp)


@dataclass(slots=True)
class Classified:
    """The articles read, the sentences classified, and the files skipped."""

    articles: list[Article]
    sentences: list[Sentence]
    parsed: list[ParsedArticle]
    skipped: list[Skipped] = field(default_factory=list)


def check_pair(pair: Sequence[str] | None, registry: Registry) -> tuple[str, str] | None:
    """Validate a user-given pair of codes ("MEX,USA").

    Raises:
        BriefingError: when a code is unknown or the pair is not two codes.
    """
    if not pair:
        return None
    codes = tuple(c.strip().upper() for c in pair if c.strip())
    if len(codes) != 2 or codes[0] == codes[1]:
        raise BriefingError(
            f"--pair needs two different government codes, such as MEX,USA (got {','.join(pair)})."
        )
    for code in codes:
        registry.government(code)
    return codes[0], codes[1]


def classify_paths(
    paths: Sequence[Path],
    session: Session,
    *,
    per_article_pair: bool = True,
    progress: Progress | None = None,
) -> Classified:
    """Read, parse and classify the articles under ``paths``.

    Args:
        paths: files and folders of articles.
        session: the loaded registry, cues and pipeline.
        per_article_pair: detect each article's own pair (``classify``) instead of
            one pair for all articles (``build``); ``--pair`` overrides both.
        progress: called with progress messages (the CLI prints them on stderr).
    """
    say = progress or (lambda _msg: None)
    articles, skipped = load_articles(list(paths), encoding=session.settings.encoding)
    for s in skipped:
        logger.warning("skipped %s: %s", s.path, s.reason)
    say(f"read {len(articles)} article(s), skipped {len(skipped)}")
    parsed = parse_articles(articles, session.nlp)
    say(f"parsed {sum(len(pb.sentences) for pa in parsed for pb in pa.blocks)} sentence(s)")
    pair = check_pair(session.settings.pair, session.registry)
    if pair is None and not per_article_pair and parsed:
        pair = detect_pair(parsed, session.registry)
    sentences = classify_articles(parsed, session.registry, session.cues, pair=pair)
    return Classified(articles=articles, sentences=sentences, parsed=parsed, skipped=skipped)


def brief_from(classified: Classified, session: Session, *, date: str) -> Brief:
    """Assemble the brief of classified articles for the settings' template and pair."""
    settings = session.settings
    template = load_template(settings.template)
    pair = check_pair(settings.pair, session.registry) or detect_pair(
        classified.parsed, session.registry
    )
    if not pair[0] or not pair[1]:
        raise BriefingError(
            "Could not find two governments in the articles. Pass them with --pair, "
            "for example --pair MEX,USA."
        )
    parties = tuple(
        Party(
            code=c,
            name=session.registry.government(c).name,
            display=session.registry.government(c).display,
        )
        for c in pair
    )
    meta = {
        **model_info(session.nlp),
        "pair_detected": settings.pair is None,
        "template": template.name,
    }
    return build_brief(
        classified.articles,
        classified.sentences,
        template,
        parties=(parties[0], parties[1]),
        date=date,
        meta=meta,
    )


def default_date(articles: Sequence[Article], today: str) -> str:
    """The newest article date, else ``today`` (given by the CLI)."""
    dates = sorted(a.date for a in articles if a.date)
    return dates[-1] if dates else today


def build(
    paths: Sequence[Path],
    out: Path,
    session: Session,
    *,
    today: str,
    stem: str = "brief",
    progress: Progress | None = None,
) -> tuple[Brief, list[Path], list[Skipped]]:
    """Build the brief of the articles under ``paths`` and render it into ``out``.

    Raises:
        BriefingError: when no article could be read, or rendering fails.
    """
    say = progress or (lambda _msg: None)
    classified = classify_paths(paths, session, per_article_pair=False, progress=say)
    if not classified.articles:
        listed = "".join(f"\n  {s.path}: {s.reason}" for s in classified.skipped)
        raise NoArticlesError(
            "No article could be read from "
            + ", ".join(str(p) for p in paths)
            + ". Put .txt or .md articles there."
            + (f" Skipped {len(classified.skipped)} file(s):{listed}" if listed else ""),
            skipped=classified.skipped,
        )
    date = session.settings.date or default_date(classified.articles, today)
    brief = brief_from(classified, session, date=date)
    written = render(
        brief,
        load_template(session.settings.template),
        out,
        formats=session.settings.formats,
        stem=stem,
    )
    say(f"wrote {len(written)} file(s) to {out}")
    return brief, written, classified.skipped


@dataclass(frozen=True, slots=True)
class ActorRow:
    """One line of the ``briefing actors`` table."""

    article: str
    name: str
    government: str | None
    role: str
    resolved_by: str
    sentences: int


def actor_table(classified: Classified) -> list[ActorRow]:
    """Return one row per resolved actor and article, with the sentences it speaks in."""
    counts: Counter[tuple[str, Actor]] = Counter()
    for s in classified.sentences:
        if s.speaker is not None:
            counts[(s.article_id, s.speaker)] += 1
    rows = [
        ActorRow(
            article=doc,
            name=a.name,
            government=a.government,
            role=a.role,
            resolved_by=a.resolved_by,
            sentences=n,
        )
        for (doc, a), n in counts.items()
    ]
    return sorted(rows, key=lambda r: (r.article, -r.sentences, r.name))


__all__ = [
    "ActorRow",
    "Classified",
    "Session",
    "actor_table",
    "brief_from",
    "build",
    "check_pair",
    "classify_paths",
    "default_date",
    "government_of",
]
