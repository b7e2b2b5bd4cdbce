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

import hashlib
import itertools
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from briefing import sections
from briefing.bullets import (
    Unit,
    display_text,
    event_days,
    extract,
    fit_words,
    item_words,
    join_units,
    key_points,
    low_confidence_tag,
    tag,
    timeline_item,
)
from briefing.model import (
    Article,
    Assembly,
    BlockKind,
    Brief,
    BriefItem,
    BriefSection,
    BriefTemplate,
    Citation,
    Member,
    Override,
    Party,
    ReviewItem,
    Section,
    Sentence,
    Source,
    government_of,
    position_label,
    section_of,
)
from briefing.wording import MONTHS

_NORM = re.compile(r"[\W_]+")
_NUMBER = re.compile(r"\d+")
#: Words whose presence in one copy and not the other flips the meaning ("don't" -> "t").
_NEGATIONS = frozenset({"not", "no", "never", "nor", "neither", "none", "nothing", "cannot", "t"})
#: How many min-hash functions pick the candidate pairs of near-duplicates.
_MINHASHES = 6
#: A bigram found in more distinct texts than this (or 1 %) is too common to pair them.
_COMMON_BIGRAM = 50
_MERSENNE = (1 << 61) - 1
_SALTS = tuple((2 * k + 1) * 0x9E3779B97F4A7C15 % _MERSENNE for k in range(1, _MINHASHES + 1))
#: Sections an override may move an item to (``position`` takes a government).
OVERRIDE_SECTIONS = sections.overridable()


def _norm(text: str) -> str:
    """Normalise a sentence for duplicate detection (case, punctuation, spacing)."""
    return _NORM.sub(" ", text.lower()).strip()


def fingerprint(article_id: str, text: str) -> str:
    """Return the stable short id of a sentence: a hash of its article and normalised text.

    Args:
        article_id: the ``Article.id`` of the sentence.
        text: the sentence text; case, punctuation and spacing do not change the result.

    Returns:
        Ten lower-case hex digits.
    """
    return _fingerprint(article_id, _norm(text))


def _fingerprint(article_id: str, norm: str) -> str:
    return hashlib.sha256(f"{article_id}\x1f{norm}".encode()).hexdigest()[:10]


def similarity(a: str, b: str) -> int:
    """Return how similar two sentences are, in order (0-100, after normalising).

    The normalised Indel similarity of the two texts as character sequences (rapidfuzz's
    ``fuzz.ratio``): unlike a token-set ratio it sees word order, so "A accused B" and
    "B accused A" are not the same sentence.
    """
    return _similarity(_norm(a), _norm(b))


def _similarity(na: str, nb: str) -> int:
    return 100 if na == nb else round(fuzz.ratio(na, nb))


def _moved_words(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two word sequences hold a word that moved: the same words in another order.

    Aligning them deletes the word in one place and inserts it in another ("A accused B"
    and "B accused A").
    """
    removed: Counter[str] = Counter()
    added: Counter[str] = Counter()
    for op in Indel.opcodes(a, b):
        if op.tag in ("delete", "replace"):
            removed.update(a[op.src_start : op.src_end])
        if op.tag in ("insert", "replace"):
            added.update(b[op.dest_start : op.dest_end])
    return bool(removed & added)


def _bigrams(words: Sequence[str]) -> set[int]:
    """Return the word bigrams of a text, hashed (deterministic across runs)."""
    return {zlib.crc32(f"{a} {b}".encode()) for a, b in itertools.pairwise(words)}


def _minhashes(grams: set[int]) -> list[int]:
    """Return ``_MINHASHES`` min-hashes of a set of hashed bigrams."""
    return [min((salt * g + 1) % _MERSENNE for g in grams) for salt in _SALTS]


def _mergeable(a: list[str], b: list[str], threshold: float) -> bool:
    """Whether two different normalised sentences (as words) are light edits of each other.

    Never when they differ in a number or a negation, or hold the same words in another
    order (a role swap); else when their in-order similarity reaches ``threshold``.
    """
    if min(len(a), len(b)) / max(len(a), len(b)) < 0.75:
        return False
    counts_a, counts_b = Counter(a), Counter(b)
    diff = set((counts_a - counts_b) + (counts_b - counts_a))
    if diff & _NEGATIONS or any(_NUMBER.search(w) for w in diff):
        return False
    if _moved_words(a, b):
        return False
    score = fuzz.ratio(" ".join(a), " ".join(b), score_cutoff=threshold)
    return bool(score)


# Complexity: the merge guards (keys, lengths, numbers, negations, moved words) sit side by
# side in one pass over the candidate pairs, where they read as one rule.
def cluster_duplicates(  # noqa: C901 - the merge guards read as one rule
    texts: Sequence[str],
    *,
    threshold: float = 90.0,
    min_words: int = 6,
    keys: Sequence[Hashable] | None = None,
) -> list[list[int]]:
    """Group the indices of texts that are copies of each other.

    Texts group only within the same key (``keys``: the speaker's government and the
    primary label of each sentence, so two governments' statements, or a position and a
    risk, never become one item). Identical texts (ignoring case, punctuation and
    spacing) always group. With ``threshold`` below 100, texts of at least ``min_words``
    words also group when their in-order similarity (``similarity``) reaches
    ``threshold``, their lengths are within 25 %, they differ in no number and no negation
    and hold no word moved elsewhere (a role swap). Candidate pairs come from min-hashes
    of word bigrams, so the cost grows with the number of texts, not its square; grouping
    is transitive.

    Args:
        texts: the sentences, in document order.
        threshold: the least similarity (0-100) for a light edit to merge.
        min_words: texts shorter than this merge only when identical.
        keys: one key per text; texts with different keys never group (default: one key).

    Returns:
        The groups, each a list of indices in increasing order, ordered by their first index.
    """
    if keys is not None:
        if len(keys) != len(texts):
            raise ValueError(f"{len(keys)} keys for {len(texts)} texts")
        by_key: dict[Hashable, list[int]] = defaultdict(list)
        for i, key in enumerate(keys):
            by_key[key].append(i)
        grouped: list[list[int]] = []
        for indices in by_key.values():
            sub = cluster_duplicates(
                [texts[i] for i in indices], threshold=threshold, min_words=min_words
            )
            grouped.extend([indices[j] for j in group] for group in sub)
        return sorted(grouped, key=lambda g: g[0])
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    firsts: dict[str, int] = {}
    for i, text in enumerate(texts):
        norm = _norm(text)
        if norm in firsts:
            union(firsts[norm], i)
        else:
            firsts[norm] = i
    if threshold < 100:
        words = {i: norm.split() for norm, i in firsts.items()}
        grams = {i: _bigrams(w) for i, w in words.items() if len(w) >= max(min_words, 2)}
        # Bigrams that many texts share ("of the") say nothing about copies and would put
        # unrelated texts in one bucket: leave them out of the min-hashes.
        frequency: Counter[int] = Counter(g for gs in grams.values() for g in gs)
        common = max(_COMMON_BIGRAM, len(grams) // 100)
        buckets: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i in sorted(grams):
            rare = {g for g in grams[i] if frequency[g] <= common}
            if rare:
                for k, h in enumerate(_minhashes(rare)):
                    buckets[(k, h)].append(i)
        for bucket in buckets.values():
            for n, i in enumerate(bucket):
                for j in bucket[n + 1 :]:
                    if find(i) != find(j) and _mergeable(words[i], words[j], threshold):
                        union(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(texts)):
        groups[find(i)].append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def dedup_key(sentence: Sentence) -> tuple[str | None, str | None]:
    """Return what two copies of a sentence must share to merge: speaker government, label.

    Copies whose speakers belong to different governments, or whose primary labels differ
    (one government's position and the other's, a position and a risk), are separate
    statements, whatever their words.
    """
    government = sentence.speaker.government if sentence.speaker is not None else None
    return government, sentence.labels[0] if sentence.labels else None


#: The template section that holds positions of governments outside the pair, if any.
THIRD_PARTIES = "third_parties"
#: The template section that lists dated events in order, if any.
TIMELINE = "timeline"
#: Words of a brief outside its items: title, date and marking lines, headings.
_FRONT_WORDS = 60
#: Words of one source line.
_SOURCE_WORDS = 16


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


def _forced_key(override: Override, pair: Sequence[str]) -> str | None:
    """Return the section key an override moves its item to, if it moves it."""
    section = override.section or ("position" if override.government else None)
    if section is None:
        return None
    if section == Section.POSITION.value:
        gov = override.government
        return position_label(gov) if gov is not None and gov in pair else Section.BACKGROUND.value
    return section


def long_date(value: str | None) -> str:
    """Return an ISO date as "5 December 2019"; other text unchanged."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", (value or "")[:10])
    if not match:
        return value or ""
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        return value or ""
    return f"{day} {MONTHS[month - 1]} {year}"


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


def _context(article: Article, sentence: Sentence) -> tuple[str, tuple[int, int]]:
    """Return the paragraph block holding a sentence, and where the sentence is in it."""
    for block in article.blocks:
        if block.start <= sentence.start < block.end:
            text = article.text[block.start : block.end]
            return text, (sentence.start - block.start, min(sentence.end, block.end) - block.start)
    return sentence.text, (0, len(sentence.text))


def citation_numbers(
    articles: Sequence[Article], previous: Mapping[str, int] | None = None
) -> dict[str, int]:
    """Return the citation number of every article: stable across rebuilds of a workspace.

    Articles keep the numbers of ``previous`` (the last build's, retired ones included);
    the others get the next unused numbers in first-seen order. A removed article's number
    stays in the result, retired, and is never given to another article.
    """
    numbers = {str(k): int(v) for k, v in (previous or {}).items()}
    next_number = max(numbers.values(), default=0) + 1
    for article in articles:
        if article.id not in numbers:
            numbers[article.id] = next_number
            next_number += 1
    return numbers


def _sources(
    articles: Sequence[Article], numbers: Mapping[str, int], *, paths: bool
) -> tuple[Source, ...]:
    """Return the sources of the articles, in citation-number order."""
    sources = [
        Source(
            number=numbers[a.id],
            article_id=a.id,
            title=a.title,
            outlet=a.source,
            date=a.date,
            path=a.path if paths else "",
            url=a.url,
            publisher=a.publisher,
        )
        for a in articles
    ]
    return tuple(sorted(sources, key=lambda s: s.number))


def front_matter(
    sources: Sequence[Source], template: BriefTemplate, as_of: str | None
) -> tuple[str, str]:
    """Return the date line and the marking line of the front matter.

    The date line says what the brief is as of (the newest article date or ``--date``),
    labelled, and how many articles and outlets it rests on; without a date it prints no
    calendar day. The marking line adds the template's note and, for one source, the
    "single source" caveat.
    """
    front = template.front
    articles = len(sources)
    outlets = len({s.outlet.lower() for s in sources if s.outlet}) + sum(
        1 for s in sources if not s.outlet
    )
    count = front.get("coverage", "{articles}, {outlets}").format(
        articles=f"{articles} article{'s' if articles != 1 else ''}",
        outlets=f"{outlets} outlet{'s' if outlets != 1 else ''}",
    )
    when = (
        front.get("as_of", "As of {date}").format(date=long_date(as_of))
        if as_of
        else front.get("undated", "Undated")
    )
    dateline = f"{when} \u00b7 {count}"
    marking = template.marking
    if front.get("marking"):
        marking = f"{marking} \u2014 {front['marking']}"
    if articles == 1 or outlets == 1:
        marking = f"{marking} ({front.get('single_source', 'single source')})"
    return dateline, marking


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
    review: list[ReviewItem] = []
    for section in brief.sections:
        for item in section.items:
            review.append(
                _review_item(by_item_id[item.id], section, item, by_id, numbers, dropped=False)
            )
    for cluster in clusters:
        if cluster.override is not None and cluster.override.drop:
            key = cluster.placements[0][0] if cluster.placements else ""
            score = cluster.placements[0][1] if cluster.placements else 0.0
            section = BriefSection(key=key, heading="Dropped", items=())
            item = _item(cluster, key, score, numbers)
            review.append(_review_item(cluster, section, item, by_id, numbers, dropped=True))
    return Assembly(brief=brief, items=tuple(review), stale=stale, merged=merged)


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
        text=" ".join((cluster.text if text is None else text).split()),
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


def _review_item(
    cluster: _Cluster,
    section: BriefSection,
    item: BriefItem,
    articles: Mapping[str, Article],
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
            text=" ".join(s.text.split()),
            similarity=sim,
            fingerprint=fp,
        )
        for s, fp, sim in zip(cluster.members, cluster.fingerprints, cluster.sims, strict=True)
    ]
    members.sort(key=lambda m: (m.fingerprint != cluster.id, m.number, m.start))
    context, highlight = _context(articles[rep.article_id], rep)
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
