"""Sort every sentence of an article into the sections of a brief, with reasons.

The classifier reads the parse, not keyword lists alone, in three steps per sentence:

1. **attribution** (``attribution``): who speaks, and for which government;
2. **detectors** (``detectors``): a factual report, a future or a schedule, a request,
   risk cues, a note about the reporting — each a frozen finding with its reason;
3. **a scorer** places the sentence from that evidence (``evidence.Evidence``): the rule
   table (``rules.RuleScorer``) or a model trained on the annotated corpus
   (``learned.LearnedScorer``). Either way the reasons say why, in words.

Display blocks recovered by ingest (captions, credits, headings ...) are ``other``.
Every English word the rules ask about is data in ``data/en/cues.toml``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

import numpy
from rapidfuzz import fuzz, process
from spacy.tokens import Span

from briefing.classify import coreference, syntax
from briefing.classify.attribution import NOT_CONTINUED, attributed_later
from briefing.classify.evidence import Context, Evidence, gather
from briefing.classify.glosses import pronoun_glosses
from briefing.classify.headline import headline_speaker
from briefing.classify.lexicon import (
    ContextualAlias,
    Cues,
    apply_contextual_aliases,
    calibrate,
    load_calibration,
    load_contextual_aliases,
    load_cues,
)
from briefing.classify.rules import ArticleScorer, Placement, RuleScorer, Scorer
from briefing.classify.salience import (
    body_salience,
    dateline_government,
    detect_pair,
    government_salience,
    headline_salience,
    rank_governments,
)
from briefing.errors import RegistryError
from briefing.model import Block, BlockKind, Section, Sentence
from briefing.nlp.actors import ArticleActors, SpeakerRef
from briefing.nlp.pipeline import ParsedArticle
from briefing.nlp.registry import Registry

__all__ = [
    "ContextualAlias",
    "Cues",
    "Evidence",
    "Placement",
    "RuleScorer",
    "Scorer",
    "apply_contextual_aliases",
    "article_evidence",
    "body_salience",
    "calibrate",
    "classify_article",
    "classify_articles",
    "dateline_government",
    "detect_pair",
    "government_salience",
    "headline_salience",
    "load_calibration",
    "load_contextual_aliases",
    "load_cues",
    "place_units",
    "rank_governments",
    "scorer_for",
]

#: Two units whose texts are this similar (rapidfuzz ratio) repeat each other.
_REPEAT_RATIO = 90.0


def scorer_for(cues: Cues) -> Scorer:
    """The scorer ``cues.scorer`` names ("rules", or "learned": the shipped trained model)."""
    if cues.scorer == "learned":
        from briefing.classify.learned import load_learned

        return load_learned(cues)
    return RuleScorer(cues)


#: Rows of the similarity matrix computed at a time: an article of 10,000 sentences
#: needs 10,000 x 10,000 similarities, which must never be held at once.
_REPEAT_ROWS = 512


def _repeats(texts: Sequence[str]) -> list[bool]:
    """Which units repeat another unit of the article (captions copying the body).

    A unit repeats another (longer than 20 characters) when their ``fuzz.ratio`` reaches
    ``_REPEAT_RATIO``. The matrix is computed ``_REPEAT_ROWS`` rows at a time as bytes,
    so memory stays small for the longest accepted article.
    """
    norm = [" ".join(t.lower().split()) for t in texts]
    if len(norm) < 2:
        return [False] * len(norm)
    long = numpy.array([len(t) > 20 for t in norm])
    out: list[bool] = []
    for start in range(0, len(norm), _REPEAT_ROWS):
        rows = process.cdist(
            norm[start : start + _REPEAT_ROWS],
            norm,
            scorer=fuzz.ratio,
            score_cutoff=_REPEAT_RATIO,
            dtype=numpy.uint8,
        )
        hits = (rows > 0) & long
        for k in range(hits.shape[0]):
            hits[k, start + k] = False  # a unit does not repeat itself
        out.extend(bool(x) for x in hits.any(axis=1))
    return out


def _evidence(
    pa: ParsedArticle, actors: ArticleActors, cues: Cues
) -> list[tuple[int, Evidence | Block]]:
    """Gather the evidence of every body sentence; display blocks pass through."""
    units: list[tuple[int, Evidence | Block]] = []
    sentences = [s for pb in pa.blocks for s in pb.sentences if pb.block.kind == BlockKind.BODY]
    displays = [pb.block for pb in pa.blocks if pb.block.kind != BlockKind.BODY]
    texts = [s.text for s in sentences] + [pa.article.text[b.start : b.end] for b in displays]
    repeats = dict(zip(range(len(sentences)), _repeats(texts), strict=False))
    total = len(sentences) + len(displays)
    last_speaker: SpeakerRef | None = None
    last_paragraph = -1
    vox_pops: dict[int, str] = {}  # actor records quoted for colour, by id
    n = 0
    for pb in pa.blocks:
        block = pb.block
        if block.kind != BlockKind.BODY:
            units.append((block.start, block))
            continue
        open_quote = False
        quotation: list[int] = []  # units of the quotation open so far in this block
        for i, sent in enumerate(pb.sentences):
            text = sent.text
            quoted = (
                text[:1] in syntax.QUOTE_OPEN
                or open_quote
                or text.rstrip().endswith(syntax.QUOTE_ENDS)
            )
            context = Context(
                index=len(units),
                total=total,
                paragraph=block.paragraph,
                paragraph_first=i == 0,
                quoted=quoted,
                repeats=repeats.get(n, False),
                block=block.kind.value,
            )
            n += 1
            ev = gather(
                sent,
                actors,
                cues,
                context=context,
                last_speaker=last_speaker if block.paragraph - last_paragraph <= 2 else None,
            )
            ev = _same_vox_pop(ev, vox_pops)
            was_open = open_quote
            open_quote = syntax.quote_open_after(text, open_quote)
            if ev.speaker is not None and ev.speaker.via not in NOT_CONTINUED:
                last_speaker = ev.speaker  # a subordinate clause's speaker says no quotation
            last_paragraph = block.paragraph
            units.append((block.start + sent.start_char, ev))
            if was_open or open_quote:
                quotation.append(len(units) - 1)
            if quotation and not open_quote:
                _attribute_backwards(units, quotation)
                quotation = []
    return units


def _same_vox_pop(ev: Evidence, vox_pops: dict[int, str]) -> Evidence:
    """A private person quoted for colour stays one when a pronoun names them later."""
    speaker = ev.speaker
    if speaker is None:
        return ev
    if ev.vox_pop:
        vox_pops[id(speaker.record)] = ev.vox_pop
        return ev
    known = vox_pops.get(id(speaker.record))
    return dataclasses.replace(ev, vox_pop=known) if known else ev


def _attribute_backwards(units: list[tuple[int, Evidence | Block]], quotation: list[int]) -> None:
    """Give the sentences of one quotation the speaker its closing attribution names."""
    last = units[quotation[-1]][1]
    if not isinstance(last, Evidence) or last.speaker is None or last.attribution.speech is None:
        return
    for k in quotation[:-1]:
        start, ev = units[k]
        if isinstance(ev, Evidence):
            att = attributed_later(ev.attribution, last.speaker)
            units[k] = (start, dataclasses.replace(ev, attribution=att))


def _people(registry: Registry) -> frozenset[str]:
    """Nouns of people the registry knows: the last word of its titles and roles."""
    titles = (*registry.government_titles, *registry.non_government_roles)
    return frozenset(t.split()[-1].lower() for t in titles if t.strip())


def _glosses(
    ev: Evidence,
    previous: Span | None,
    offset: int,
    registry: Registry,
    cues: Cues,
    people: frozenset[str],
) -> tuple[tuple[int, int, str], ...]:
    """The pronouns inside a sentence a brief glosses, with article offsets and the words.

    A government pronoun ("help it [Mexico]") gets the government's name; a subject "it"
    that stands for the subject of the sentence before gets that subject's words
    (``coreference.subject_it``).
    """
    out = []
    for tok, code in pronoun_glosses(ev.sent, cues):
        try:
            name = registry.government(code).name
        except RegistryError:
            continue
        out.append((offset + tok.idx, offset + tok.idx + len(tok.text), name))
    found = coreference.subject_it(ev.sent, previous, cues, people)
    if found is not None and all(start != offset + found[0].idx for start, _e, _n in out):
        tok, words = found
        out.append((offset + tok.idx, offset + tok.idx + len(tok.text), words))
    return tuple(sorted(out))


def _body_sentence(
    pa: ParsedArticle,
    ev: Evidence,
    index: int,
    placement: Placement,
    glosses: Callable[[Evidence, Span | None, int], tuple[tuple[int, int, str], ...]],
    previous: Span | None = None,
) -> Sentence:
    pb = next(pb for pb in pa.blocks if pb.doc is ev.sent.doc)
    start = pb.block.start + ev.sent.start_char
    end = pb.block.start + ev.sent.end_char
    text = pa.article.text[start:end]
    end -= len(text) - len(text.rstrip())
    return Sentence(
        article_id=pa.article.id,
        start=start,
        end=end,
        text=pa.article.text[start:end],
        block_kind=BlockKind.BODY,
        paragraph=pb.block.paragraph,
        index=index,
        speaker=ev.speaker.record.freeze() if ev.speaker else None,
        labels=placement.labels,
        scores=placement.scores,
        reasons=placement.reasons,
        glosses=glosses(ev, previous, pb.block.start),
    )


def _display_sentence(pa: ParsedArticle, block: Block, index: int, cues: Cues) -> Sentence:
    text = pa.article.text[block.start : block.end]
    speaker = headline_speaker(text, cues) if block.kind == BlockKind.TITLE else None
    return Sentence(
        article_id=pa.article.id,
        start=block.start,
        end=block.end,
        text=text,
        block_kind=block.kind,
        paragraph=block.paragraph,
        index=index,
        speaker=speaker,  # a headline's speaker: shown, never evidence for a government
        labels=(Section.OTHER.value,),
        scores=calibrate({Section.OTHER.value: 0.95}, cues.calibration),
        reasons=(
            f"display text: {block.kind.value}" + (f" ({block.reason})" if block.reason else ""),
        ),
    )


def article_evidence(
    pa: ParsedArticle, registry: Registry, cues: Cues, *, pair: Sequence[str] | None = None
) -> tuple[tuple[str, str], list[tuple[int, Evidence | Block]]]:
    """The pair and the evidence of every unit of one parsed article, in text order."""
    the_pair = tuple(pair) if pair else detect_pair([pa], registry)
    apply_contextual_aliases(pa, the_pair, cues.contextual)
    actors = ArticleActors(registry, the_pair, on=pa.article.date)
    for pb in pa.blocks:
        for sent in pb.sentences:
            actors.learn(sent)
    units = _evidence(pa, actors, cues)
    actors.finalize(dateline_government(pa, registry))
    return (the_pair[0], the_pair[1]), units


def classify_article(
    pa: ParsedArticle,
    registry: Registry,
    cues: Cues,
    *,
    pair: Sequence[str] | None = None,
    scorer: Scorer | None = None,
) -> list[Sentence]:
    """Classify every unit of one parsed article, in text order.

    Display blocks (captions, credits, headings, ...) come out as one ``other`` unit
    each; body sentences are placed by the scorer (``scorer_for(cues)`` by default).
    """
    the_pair, units = article_evidence(pa, registry, cues, pair=pair)
    return place_units(pa, units, scorer or scorer_for(cues), registry, cues, pair=the_pair)


def place_units(
    pa: ParsedArticle,
    units: Sequence[tuple[int, Evidence | Block]],
    scorer: Scorer,
    registry: Registry,
    cues: Cues,
    *,
    pair: Sequence[str],
) -> list[Sentence]:
    """Turn an article's units (``article_evidence``) into placed sentences, in text order."""
    out: list[Sentence] = []
    people = _people(registry)

    def glosses(
        ev: Evidence, previous: Span | None, offset: int
    ) -> tuple[tuple[int, int, str], ...]:
        return _glosses(ev, previous, offset, registry, cues, people)

    previous: Span | None = None
    placements = iter(_placements(units, scorer, registry, pair))
    for index, (_, item) in enumerate(units):
        if isinstance(item, Evidence):
            placement = next(placements)
            out.append(_body_sentence(pa, item, index, placement, glosses, previous))
            previous = item.sent
        else:
            out.append(_display_sentence(pa, item, index, cues))
    return out


def _placements(
    units: Sequence[tuple[int, Evidence | Block]],
    scorer: Scorer,
    registry: Registry,
    pair: Sequence[str],
) -> list[Placement]:
    """The placement of every body sentence: together when the scorer reads context."""
    evs = [item for _, item in units if isinstance(item, Evidence)]
    if isinstance(scorer, ArticleScorer):
        return scorer.place_article(evs, registry, pair)
    return [scorer.place(ev, registry, pair) for ev in evs]


def classify_articles(
    parsed: Sequence[ParsedArticle],
    registry: Registry,
    cues: Cues,
    *,
    pair: Sequence[str] | None = None,
) -> list[Sentence]:
    """Classify every article; each article gets its own pair unless ``pair`` is given."""
    placer = scorer_for(cues)
    out: list[Sentence] = []
    for pa in parsed:
        out.extend(classify_article(pa, registry, cues, pair=pair, scorer=placer))
    return out
