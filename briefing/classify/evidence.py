"""Everything found in one sentence before it is placed: attribution, findings, context.

``Evidence`` is frozen: the detectors and the attribution pass fill it once, and the
scorers (``rules.RuleScorer``, ``learned.LearnedScorer``) read it. ``gather`` runs the
attribution pass and every detector over one sentence, in order.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from briefing.classify import detectors, syntax
from briefing.classify.attribution import (
    Attribution,
    attribute,
    with_declared_move,
    without_requested,
)
from briefing.classify.detectors import Future, Request, Risk
from briefing.classify.lexicon import Cues
from briefing.nlp.actors import ArticleActors, SpeakerRef


@dataclass(frozen=True, slots=True)
class Context:
    """Where a unit sits in its article: the signals of page layout, not of content.

    ``index``/``total``: the unit's place among the article's units; ``paragraph_first``:
    it opens its paragraph; ``quoted``: it sits inside a quotation; ``repeats``: its text
    repeats another unit of the article almost word for word (captions and summary
    bullets that copy the body); ``block``: the block kind ingest gave it.
    """

    index: int = 0
    total: int = 1
    paragraph: int = 0
    paragraph_first: bool = False
    quoted: bool = False
    repeats: bool = False
    block: str = "body"


@dataclass(frozen=True, slots=True)
class Evidence:
    """The attribution and the findings of one body sentence."""

    sent: Span
    attribution: Attribution
    meta: str
    factual: str
    future: Future
    request: Request
    risk: Risk
    context: Context
    possible_step: str = ""
    vox_pop: str = ""
    crosshead: str = ""
    operational: str = ""

    @property
    def speaker(self) -> SpeakerRef | None:
        """The sentence's speaker, if any."""
        return self.attribution.speaker


def gather(
    sent: Span,
    actors: ArticleActors,
    cues: Cues,
    *,
    context: Context,
    last_speaker: SpeakerRef | None,
) -> Evidence:
    """Run the attribution pass and every detector over one body sentence.

    Inside ``syntax.sentence_view`` the detectors share one walk of the sentence.
    """
    with syntax.sentence_view(sent):
        att = attribute(sent, actors, cues, quoted=context.quoted, last_speaker=last_speaker)
        meta = detectors.meta(sent, cues)
        factual = detectors.factual_report(sent, att, cues)
        fut = detectors.future(sent, att, actors, cues)
        if fut.marker and fut.mover is not None:
            att = with_declared_move(att, fut.mover, fut.marker, sent, actors)
        req = detectors.request(sent, cues)
        att = without_requested(att, req.verb)
        possible = detectors.possible_step(sent, att, cues)
        return Evidence(
            sent=sent,
            attribution=att,
            meta=meta,
            factual=factual,
            future=fut,
            request=req,
            risk=detectors.risk(sent, cues),
            context=context,
            possible_step=possible.marker if possible is not None else "",
            vox_pop=detectors.vox_pop(att, cues),
            crosshead=detectors.crosshead(
                sent, att, quoted=context.quoted, labels=cues.of("question_labels")
            ),
            operational=detectors.operational(att, cues),
        )
