"""Assemble classified sentences into a Brief: sections, key points, citations, sources.

Pure: takes model objects, returns a ``Brief`` (``build_brief``) or an ``Assembly``
(``assemble``): the brief plus one ``ReviewItem`` per placed item, for the review, the
change list and the overrides. The template decides the section order, the heading wording,
the item limits, the confidence thresholds, how new items are shown and how similar two
sentences must be to merge.

Wire copy: the same sentence reprinted by several articles (exactly, or with light edits)
becomes one item citing all of them (``cluster_duplicates``). The analyst's overrides
(``Override``), keyed by a fingerprint of the sentence text and its article, move, drop or
pin items; an override whose sentence no longer exists is returned as stale.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from briefing import sections
from briefing.assemble.dedup import (
    _fingerprint,
    _norm,
    _similarity,
    cluster_duplicates,
    dedup_key,
    fingerprint,
    similarity,
)
from briefing.assemble.items import (
    THIRD_PARTIES,
    TIMELINE,
    _apply,
    _Cluster,
    _cluster_items,
    _item,
    _limit,
    _Paragraphs,
    _pinned,
    _review_item,
    _section_for,
    _spec_key,
    _timeline,
)
from briefing.assemble.sources import _sources, citation_numbers, front_matter, long_date
from briefing.bullets import display_text, fit_words, item_words, join_units, key_points
from briefing.model import (
    Article,
    Assembly,
    BlockKind,
    Brief,
    BriefItem,
    BriefSection,
    BriefTemplate,
    Member,
    Override,
    Party,
    ReviewItem,
    Section,
    Sentence,
    position_label,
)

__all__ = [
    "OVERRIDE_SECTIONS",
    "THIRD_PARTIES",
    "TIMELINE",
    "Assembly",
    "Member",
    "Override",
    "Party",
    "ReviewItem",
    "assemble",
    "build_brief",
    "citation_numbers",
    "cluster_duplicates",
    "dedup_key",
    "fingerprint",
    "front_matter",
    "long_date",
    "similarity",
]

#: Sections an override may move an item to (``position`` takes a government).
OVERRIDE_SECTIONS = sections.overridable()
#: Words of a brief outside its items: title, date and marking lines, headings.
_FRONT_WORDS = 60
#: Words of one source line.
_SOURCE_WORDS = 16


def _placements(
    sentence: Sentence, template: BriefTemplate, pair: Sequence[str]
) -> list[tuple[str, float]]:
    """Return the sections a sentence's labels put it in, with the confidence of each."""
    out: dict[str, float] = {}
    third = template.spec(THIRD_PARTIES) is not None
    for label in sentence.labels:
        key = _section_for(label, pair, third_parties=third)
        if key is None or key in out:
            continue
        score = sentence.scores.get(label, 0.0)
        spec = template.spec(_spec_key(key))
        if spec is None or score < spec.threshold:
            continue
        out[key] = score
    return list(out.items())


# Complexity: one pass over clusters, overrides and the template's sections; the next step
# is to split placement (clusters -> sections) from layout (limits, key points, one page).
def assemble(  # noqa: C901 - placement and layout in one pass, to be split
    articles: Sequence[Article],
    sentences: Sequence[Sentence],
    template: BriefTemplate,
    *,
    parties: tuple[Party, Party],
    date: str,
    meta: Mapping[str, Any] | None = None,
    overrides: Iterable[Override] = (),
    new_articles: Collection[str] = (),
    since: str | None = None,
    numbering: Mapping[str, int] | None = None,
    as_of: str | None = None,
    warnings: Sequence[str] = (),
) -> Assembly:
    """Assemble the brief and its review items from classified sentences.

    Each sentence is printed once, in the section of its first label that the template
    shows; its other labels become an extract in that section (the clause that carries
    the label) or a short tag ("also a risk"). A sentence that only continues the one
    before it (an open quotation, a bare "He …") joins it in one item. The key points are
    derived from the sections (``bullets.key_points``).

    Args:
        articles: the articles, in first-seen order.
        sentences: every classified sentence of those articles.
        template: section order, headings, limits, thresholds, new-item and dedup options.
        parties: the two governments of the brief, in order.
        date: the brief's date (ISO), chosen by the caller.
        meta: provenance to record (model, version, options).
        overrides: the analyst's overrides, applied to the items whose sentence they name.
        new_articles: ids of the articles added (or changed) since the previous build.
        since: the previous brief's date; None when there is no previous build (then no
            item is new).
        numbering: the citation numbers of the previous build (``citation_numbers``).
        as_of: the date the brief is as of (newest article date or ``--date``), or None.
        warnings: coverage warnings to carry in the brief.

    Returns:
        The brief (sections follow the template, items the articles' order), its review
        items and the stale overrides.
    """
    pair = (parties[0].code, parties[1].code)
    all_numbers = citation_numbers(articles, numbering)
    numbers = {a.id: all_numbers[a.id] for a in articles}
    by_id = {a.id: a for a in articles}
    sources = _sources(articles, numbers, paths=template.source_paths)
    governments = {p.code: p.display for p in parties}
    body = [s for s in sentences if s.article_id in numbers and s.block_kind == BlockKind.BODY]
    units = {(u.sentence.article_id, u.sentence.start): u for u in join_units(body, by_id)}
    merged_body = [u.sentence for u in units.values()]
    norms = {id(s): _norm(s.text) for s in merged_body}
    heads = {id(u.sentence): _norm(u.head.text) for u in units.values()}
    groups = cluster_duplicates(
        [norms[id(s)] for s in merged_body],
        threshold=template.dedup_threshold,
        min_words=template.dedup_min_words,
        keys=[dedup_key(s) for s in merged_body],
    )
    by_fp: dict[str, Override] = {}
    for given in overrides:
        for fp in given.fingerprints:
            by_fp.setdefault(fp, given)
    used: set[str] = set()
    new_set = set(new_articles)
    clusters: list[_Cluster] = []
    merged = 0
    for group in groups:
        members = [merged_body[i] for i in group]
        merged += len(members) - 1
        fps = [_fingerprint(s.article_id, heads[id(s)]) for s in members]
        placed = [(s, p) for s in members if (p := _placements(s, template, pair))]
        rep, placements = placed[0] if placed else (members[0], [])
        override = next((by_fp[fp] for fp in fps if fp in by_fp), None)
        if override is None and not placements:
            continue
        unit = units[(rep.article_id, rep.start)]
        cluster = _Cluster(
            members=members,
            fingerprints=fps,
            rep=rep,
            placements=placements,
            unit=unit,
            text=display_text(unit, by_id[rep.article_id]),
        )
        cluster.new = since is not None and all(s.article_id in new_set for s in members)
        cluster.reasons = tuple(rep.reasons)
        cluster.sims = [
            100 if s is rep else _similarity(norms[id(rep)], norms[id(s)]) for s in members
        ]
        if override is not None:
            used.add(override.key)
            cluster.override = override
            _apply(cluster, override, pair)
        clusters.append(cluster)

    stale = tuple(o for o in overrides if o.key not in used)
    section_items: dict[str, list[tuple[BriefItem, _Cluster]]] = defaultdict(list)
    primary: dict[str, BriefItem] = {}
    for cluster in clusters:
        if cluster.override is not None and cluster.override.drop:
            continue
        for key, item in _cluster_items(cluster, template, numbers, by_id, governments):
            primary.setdefault(cluster.id, item)
            section_items[key].append((item, cluster))

    sections: list[BriefSection] = []
    for spec in template.sections:
        if spec.key == "positions":
            for party in parties:
                key = position_label(party.code)
                heading = spec.heading.format(government=party.display, name=party.name)
                chosen = _limit(section_items.get(key, []), spec.limit)
                sections.append(
                    BriefSection(key=key, heading=heading, items=chosen, government=party.code)
                )
        elif spec.key in (Section.BACKGROUND, Section.RISK, Section.NEXT_STEPS, THIRD_PARTIES):
            chosen = _limit(section_items.get(spec.key, []), spec.limit)
            sections.append(BriefSection(key=spec.key, heading=spec.heading, items=chosen))
        elif spec.key == TIMELINE:
            items = _timeline(clusters, sections, primary, by_id, spec.limit)
            sections.append(BriefSection(key=spec.key, heading=spec.heading, items=items))
    first = 0
    key_spec = template.spec("key_points")
    picks: tuple[BriefItem, ...] = ()
    if key_spec is not None:
        pinned = _pinned(clusters, sections)
        picks = key_points(sections, max(key_spec.limit or 3, len(pinned)), pinned)
    trimmed = 0
    if template.page_words and len(articles) <= template.page_target_articles:
        budget = template.page_words - sum(item_words(i) for i in picks)
        budget -= _FRONT_WORDS + _SOURCE_WORDS * len(sources)
        sections, trimmed = fit_words(sections, budget, {i.id for i in picks})
    if key_spec is not None:
        sections.insert(0, BriefSection(key="key_points", heading=key_spec.heading, items=picks))
        first = 1
    if since is not None and template.new_items == "section":
        seen: set[str] = set()
        fresh = []
        for section in sections[first:]:
            for item in section.items:
                if item.new and item.id not in seen:
                    seen.add(item.id)
                    fresh.append(item)
        if fresh:
            heading = template.new_heading.format(date=long_date(since))
            sections.insert(first, BriefSection(key="new", heading=heading, items=tuple(fresh)))

    title = template.title.format(a=parties[0].name, b=parties[1].name)
    dateline, marking_line = front_matter(sources, template, as_of)
    brief = Brief(
        title=title,
        date=date,
        pair=pair,
        governments=governments,
        sections=tuple(sections),
        sources=sources,
        marking=template.marking,
        subtitle="",
        meta={
            **dict(meta or {}),
            "citations": dict(sorted(all_numbers.items(), key=lambda kv: kv[1])),
            **({"trimmed": trimmed} if trimmed else {}),
        },
        as_of=as_of,
        dateline=dateline,
        marking_line=marking_line,
        warnings=tuple(warnings),
    )
    by_item_id = {c.id: c for c in clusters}
    paragraphs = _Paragraphs(by_id)
    review: list[ReviewItem] = []
    for section in brief.sections:
        for item in section.items:
            review.append(
                _review_item(by_item_id[item.id], section, item, paragraphs, numbers, dropped=False)
            )
    for cluster in clusters:
        if cluster.override is not None and cluster.override.drop:
            key = cluster.placements[0][0] if cluster.placements else ""
            score = cluster.placements[0][1] if cluster.placements else 0.0
            section = BriefSection(key=key, heading="Dropped", items=())
            item = _item(cluster, key, score, numbers)
            review.append(_review_item(cluster, section, item, paragraphs, numbers, dropped=True))
    return Assembly(brief=brief, items=tuple(review), stale=stale, merged=merged)


def build_brief(
    articles: Sequence[Article],
    sentences: Sequence[Sentence],
    template: BriefTemplate,
    *,
    parties: tuple[Party, Party],
    date: str,
    meta: Mapping[str, Any] | None = None,
) -> Brief:
    """Build the brief from classified sentences (no overrides, nothing marked new).

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
    return assemble(articles, sentences, template, parties=parties, date=date, meta=meta).brief
