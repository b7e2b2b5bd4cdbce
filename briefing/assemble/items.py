"""From clusters of copies to brief items: placements, extracts, tags, limits, the timeline."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from briefing.bullets import (
    Unit,
    event_days,
    extract,
    low_confidence_tag,
    tag,
    timeline_item,
)
from briefing.model import (
    Article,
    BriefItem,
    BriefSection,
    BriefTemplate,
    Citation,
    Member,
    Override,
    ReviewItem,
    Section,
    Sentence,
    government_of,
    position_label,
    section_of,
)

#: The template section that holds positions of governments outside the pair, if any.
THIRD_PARTIES = "third_parties"
#: The template section that lists dated events in order, if any.
TIMELINE = "timeline"


def _section_for(label: str, pair: Sequence[str], *, third_parties: bool = False) -> str | None:
    """Map a label to the brief section it belongs to.

    Positions of governments outside the pair go to the template's "third_parties"
    section when it has one, else to background.
    """
    sec = section_of(label)
    if sec == Section.OTHER:
        return None
    if sec == Section.POSITION:
        gov = government_of(label)
        if gov in pair:
            return label
        return THIRD_PARTIES if third_parties else Section.BACKGROUND.value
    return sec.value


def _spec_key(key: str) -> str:
    return "positions" if key.startswith(Section.POSITION.value) else key


def _forced_key(override: Override, pair: Sequence[str]) -> str | None:
    """Return the section key an override moves its item to, if it moves it."""
    section = override.section or ("position" if override.government else None)
    if section is None:
        return None
    if section == Section.POSITION.value:
        gov = override.government
        return position_label(gov) if gov is not None and gov in pair else Section.BACKGROUND.value
    return section


@dataclass(slots=True)
class _Cluster:
    """A group of copies of one sentence, and what the brief does with it."""

    members: list[Sentence]
    fingerprints: list[str]
    rep: Sentence
    placements: list[tuple[str, float]]
    unit: Unit
    text: str
    override: Override | None = None
    new: bool = False
    reasons: tuple[str, ...] = ()
    sims: list[int] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.fingerprints[self.members.index(self.rep)]


class _Paragraphs:
    """The paragraph blocks of the articles, found by a sentence's offset.

    Each article's blocks are indexed once (bisect on their starts, when they are in text
    order and do not overlap; else the first block that holds the offset, in order), and
    each block's text is sliced once and shared by every item of its paragraph.
    """

    def __init__(self, articles: Mapping[str, Article]) -> None:
        self._articles = articles
        self._starts: dict[str, list[int] | None] = {}
        self._texts: dict[tuple[str, int], str] = {}

    def _index(self, article: Article) -> list[int] | None:
        if article.id not in self._starts:
            blocks = article.blocks
            ordered = all(a.end <= b.start for a, b in itertools.pairwise(blocks))
            self._starts[article.id] = [b.start for b in blocks] if ordered else None
        return self._starts[article.id]

    def _block(self, article: Article, offset: int) -> int | None:
        starts = self._index(article)
        if starts is None:
            return next(
                (n for n, b in enumerate(article.blocks) if b.start <= offset < b.end), None
            )
        n = bisect.bisect_right(starts, offset) - 1
        return n if n >= 0 and offset < article.blocks[n].end else None

    def context(self, sentence: Sentence) -> tuple[str, tuple[int, int]]:
        """Return the paragraph block holding a sentence, and where the sentence is in it."""
        article = self._articles[sentence.article_id]
        n = self._block(article, sentence.start)
        if n is None:
            return sentence.text, (0, len(sentence.text))
        block = article.blocks[n]
        key = (article.id, n)
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = article.text[block.start : block.end]
        return text, (sentence.start - block.start, min(sentence.end, block.end) - block.start)


def _cluster_items(
    cluster: _Cluster,
    template: BriefTemplate,
    numbers: Mapping[str, int],
    articles: Mapping[str, Article],
    governments: Mapping[str, str],
) -> list[tuple[str, BriefItem]]:
    """Return a cluster's items by section: the whole sentence once, extracts elsewhere.

    The first placement prints the sentence; each other placement prints the clause that
    carries its label when one stands alone (``bullets.extract``), else it becomes a tag of
    the first item ("also a risk"). A low-confidence item is tagged too.
    """
    if not cluster.placements:
        return []
    (key, score), *others = cluster.placements
    article = articles[cluster.rep.article_id]
    out: list[tuple[str, BriefItem]] = []
    tags: list[str] = []
    for other, other_score in others:
        piece = extract(cluster.unit, other, article)
        if piece is None:
            tags.append(tag(other, governments))
            continue
        item = _item(cluster, other, other_score, numbers, text=piece)
        out.append((other, _low(item, template)))
    first = _item(cluster, key, score, numbers, text=cluster.text, tags=tuple(tags))
    return [(key, _low(first, template)), *out]


def _low(item: BriefItem, template: BriefTemplate) -> BriefItem:
    """Tag an item whose confidence is below the template's mark."""
    if item.confidence >= template.low_confidence:
        return item
    return replace(item, tags=(*item.tags, low_confidence_tag()))


def _timeline(
    clusters: Sequence[_Cluster],
    sections: Sequence[BriefSection],
    primary: Mapping[str, BriefItem],
    articles: Mapping[str, Article],
    limit: int,
) -> tuple[BriefItem, ...]:
    """Return the timeline: each dated item of the sections so far, by day, then by source."""
    shown = {item.id for section in sections for item in section.items}
    dated: list[tuple[str, int, int, BriefItem]] = []
    for cluster in clusters:
        item = primary.get(cluster.id)
        if item is None or item.id not in shown:
            continue
        number = item.citations[0].number if item.citations else 0
        for day in event_days(cluster.unit, articles[cluster.rep.article_id]):
            dated.append((day.isoformat(), number, cluster.rep.start, timeline_item(item, day)))
    entries = [entry for *_, entry in sorted(dated, key=lambda d: d[:3])]
    return tuple(entries[:limit] if limit else entries)


def _apply(cluster: _Cluster, override: Override, pair: Sequence[str]) -> None:
    """Apply an override to a cluster: move it to its forced section (threshold ignored)."""
    note = f"override: {override.describe()} (analyst)"
    cluster.reasons = (*cluster.reasons, note)
    target = _forced_key(override, pair)
    if target is None:
        return
    scores = dict(cluster.placements)
    primary = cluster.rep.primary or ""
    fallback = max(scores.values(), default=cluster.rep.scores.get(primary, 1.0))
    cluster.placements = [(target, scores.get(target, fallback))]


def _item(
    cluster: _Cluster,
    key: str,
    score: float,
    numbers: Mapping[str, int],
    *,
    text: str | None = None,
    tags: tuple[str, ...] = (),
) -> BriefItem:
    """Return the brief item of a cluster in one section: one citation per article."""
    citations: dict[str, Citation] = {}
    for s in cluster.members:
        if s.article_id not in citations:
            citations[s.article_id] = Citation(
                number=numbers[s.article_id], article_id=s.article_id, start=s.start, end=s.end
            )
    rep = cluster.rep
    return BriefItem(
        text=_squeezed(cluster.text if text is None else text),
        section=key,
        citations=tuple(sorted(citations.values(), key=lambda c: (c.number, c.start))),
        government=government_of(key) if key.startswith(Section.POSITION.value) else None,
        confidence=round(score, 3),
        labels=tuple(rep.labels),
        reasons=cluster.reasons,
        id=cluster.id,
        new=cluster.new,
        tags=tags,
    )


def _squeezed(text: str) -> str:
    """Return ``text`` with its runs of white space made single spaces.

    The text itself when it has none to squeeze, so an item shares the string of its
    sentence rather than holding a copy.
    """
    squeezed = " ".join(text.split())
    return text if squeezed == text else squeezed


def _review_item(
    cluster: _Cluster,
    section: BriefSection,
    item: BriefItem,
    paragraphs: _Paragraphs,
    numbers: Mapping[str, int],
    *,
    dropped: bool,
) -> ReviewItem:
    """Return the review record of one placement of a cluster."""
    rep = cluster.rep
    members = [
        Member(
            article_id=s.article_id,
            number=numbers[s.article_id],
            start=s.start,
            end=s.end,
            text=_squeezed(s.text),
            similarity=sim,
            fingerprint=fp,
        )
        for s, fp, sim in zip(cluster.members, cluster.fingerprints, cluster.sims, strict=True)
    ]
    members.sort(key=lambda m: (m.fingerprint != cluster.id, m.number, m.start))
    context, highlight = paragraphs.context(rep)
    return ReviewItem(
        id=item.id,
        section=section.key,
        heading=section.heading,
        government=item.government,
        text=item.text,
        confidence=item.confidence,
        reasons=item.reasons,
        new=item.new,
        dropped=dropped,
        override=cluster.override,
        members=tuple(members),
        context=context,
        highlight=highlight,
    )


def _limit(entries: Sequence[tuple[BriefItem, _Cluster]], limit: int) -> tuple[BriefItem, ...]:
    """Keep the ``limit`` most confident items, in their original order; overrides stay."""
    if not limit or len(entries) <= limit:
        return tuple(item for item, _ in entries)

    def rank(i: int) -> tuple[int, float, int]:
        item, cluster = entries[i]
        return (0 if cluster.override is not None else 1, -item.confidence, i)

    keep = sorted(range(len(entries)), key=rank)[:limit]
    return tuple(entries[i][0] for i in sorted(keep))


def _pinned(clusters: Sequence[_Cluster], sections: Sequence[BriefSection]) -> list[BriefItem]:
    """Return the items pinned into the key points by an override, in brief order."""
    pins = {c.id for c in clusters if c.override is not None and c.override.keep}
    out: dict[str, BriefItem] = {}
    for section in sections:
        for item in section.items:
            if item.id in pins and item.id not in out:
                out[item.id] = item
    return list(out.values())
