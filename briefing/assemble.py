"""Assemble classified sentences into a Brief: sections, key points, citations, sources.

Pure: takes model objects, returns a ``Brief``. The template decides the section
order, the heading wording, the item limits and the confidence thresholds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from briefing.model import (
    Article,
    Brief,
    BriefItem,
    BriefSection,
    BriefTemplate,
    Citation,
    Section,
    Sentence,
    Source,
    government_of,
    position_label,
    section_of,
)

_NORM = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class Party:
    """A government of the brief: its code, short name and display name."""

    code: str
    name: str
    display: str


def _norm(text: str) -> str:
    """Normalise a sentence for duplicate detection (case, punctuation, spacing)."""
    return _NORM.sub(" ", text.lower()).strip()


def _item_key(sentence: Sentence, section: str) -> str:
    return f"{section}|{_norm(sentence.text)}"


def _section_for(label: str, pair: Sequence[str]) -> str | None:
    """Map a label to the brief section it belongs to (third-party positions: background)."""
    sec = section_of(label)
    if sec == Section.OTHER:
        return None
    if sec == Section.POSITION:
        gov = government_of(label)
        return label if gov in pair else Section.BACKGROUND.value
    return sec.value


def build_brief(
    articles: Sequence[Article],
    sentences: Sequence[Sentence],
    template: BriefTemplate,
    *,
    parties: tuple[Party, Party],
    date: str,
    meta: Mapping[str, Any] | None = None,
) -> Brief:
    """Build the brief from classified sentences.

    Args:
        articles: the articles, in the order their sources are numbered.
        sentences: every classified sentence of those articles.
        template: section order, headings, limits and thresholds.
        parties: the two governments of the brief, in order.
        date: the brief's date (ISO), chosen by the caller.
        meta: provenance to record (model, version, options).

    Returns:
        The brief; sections follow the template, items follow the articles' order.
    """
    pair = (parties[0].code, parties[1].code)
    numbers = {a.id: n for n, a in enumerate(articles, 1)}
    sources = tuple(
        Source(
            number=numbers[a.id],
            article_id=a.id,
            title=a.title,
            outlet=a.source,
            date=a.date,
            path=a.path,
            url=a.url,
        )
        for a in articles
    )
    items: dict[str, dict[str, BriefItem]] = {}
    for s in sentences:
        if s.article_id not in numbers:
            continue
        for label in s.labels:
            key = _section_for(label, pair)
            if key is None:
                continue
            score = s.scores.get(label, 0.0)
            spec_key = "positions" if key.startswith(Section.POSITION.value) else key
            spec = template.spec(spec_key)
            if spec is None or score < spec.threshold:
                continue
            citation = Citation(
                number=numbers[s.article_id], article_id=s.article_id, start=s.start, end=s.end
            )
            bucket = items.setdefault(key, {})
            dedup = _item_key(s, key)
            if dedup in bucket:
                old = bucket[dedup]
                if citation.number not in {c.number for c in old.citations}:
                    bucket[dedup] = BriefItem(
                        text=old.text,
                        section=old.section,
                        citations=(*old.citations, citation),
                        government=old.government,
                        confidence=max(old.confidence, score),
                        labels=old.labels,
                        reasons=old.reasons,
                    )
                continue
            bucket[dedup] = BriefItem(
                text=" ".join(s.text.split()),
                section=key,
                citations=(citation,),
                government=government_of(label) if key.startswith("position") else None,
                confidence=round(score, 3),
                labels=tuple(s.labels),
                reasons=tuple(s.reasons),
            )
    sections: list[BriefSection] = []
    names = {p.code: p.display for p in parties}
    for spec in template.sections:
        if spec.key == "positions":
            for party in parties:
                key = position_label(party.code)
                chosen = _limit(list(items.get(key, {}).values()), spec.limit)
                heading = spec.heading.format(government=party.display, name=party.name)
                sections.append(
                    BriefSection(key=key, heading=heading, items=chosen, government=party.code)
                )
        elif spec.key in (Section.BACKGROUND, Section.RISK, Section.NEXT_STEPS):
            chosen = _limit(list(items.get(spec.key, {}).values()), spec.limit)
            sections.append(BriefSection(key=spec.key, heading=spec.heading, items=chosen))
    key_spec = template.spec("key_points")
    if key_spec is not None:
        sections.insert(
            0,
            BriefSection(
                key="key_points",
                heading=key_spec.heading,
                items=_key_points(sections, key_spec.limit or 3),
            ),
        )
    title = template.title.format(a=parties[0].name, b=parties[1].name)
    return Brief(
        title=title,
        date=date,
        pair=pair,
        governments=names,
        sections=tuple(sections),
        sources=sources,
        marking=template.marking,
        subtitle=f"Brief based on {len(sources)} article{'s' if len(sources) != 1 else ''}",
        meta=dict(meta or {}),
    )


def _limit(items: list[BriefItem], limit: int) -> tuple[BriefItem, ...]:
    """Keep the ``limit`` most confident items, in their original order."""
    if not limit or len(items) <= limit:
        return tuple(items)
    keep = sorted(range(len(items)), key=lambda i: (-items[i].confidence, i))[:limit]
    return tuple(items[i] for i in sorted(keep))


def _key_points(sections: Sequence[BriefSection], limit: int) -> tuple[BriefItem, ...]:
    """Pick key points: the most confident item of each position section, then risks, next steps."""
    picked: list[BriefItem] = []
    order = [s for s in sections if s.key.startswith("position")] + [
        s for s in sections if s.key in (Section.RISK, Section.NEXT_STEPS)
    ]
    for section in order:
        if len(picked) >= limit:
            break
        best = max(section.items, key=lambda i: i.confidence, default=None)
        if best is not None and all(best.text != p.text for p in picked):
            picked.append(best)
    return tuple(picked)
