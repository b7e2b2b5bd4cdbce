"""Adjustments of a sentence's attribution that depend on other findings.

``attribution.attribute`` finds who speaks from the sentence alone; these run after the
detectors (a declared next move, a request) or after the next sentences (a quotation
attributed at its end), and return a changed frozen ``Attribution``.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from briefing.nlp.actors import ArticleActors, SpeakerRef

if TYPE_CHECKING:
    from briefing.classify.attribution import Attribution

__all__ = ["attributed_later", "with_declared_move", "without_requested"]


def with_declared_move(
    att: Attribution, subj: Token | None, marker: str, sent: Span, actors: ArticleActors
) -> Attribution:
    """A named subject declaring its own next move speaks, when nothing else did."""
    if att.actor is not None or att.unresolved or subj is None:
        return att
    if not (subj.ent_type_ == "PERSON" or subj.pos_ == "PROPN"):
        return att
    ref = actors.resolve(subj, sent)
    if ref is None or not ref.record.government:
        return att
    return dataclasses.replace(att, speaker=ref, stance_reason=f"declares a next move {marker}")


def attributed_later(att: Attribution, speaker: SpeakerRef) -> Attribution:
    """A quoted sentence whose quotation is attributed in a later sentence ("..., he said").

    It takes that speaker, as a quote continuation does, when it has none of its own.
    """
    if att.actor is not None or att.unresolved or att.speech is not None:
        return att
    ref = SpeakerRef(speaker.record, "quote attributed later", speaker.phrase, bare=speaker.bare)
    if att.stance_gov is not None:
        return dataclasses.replace(
            att,
            speaker=ref,
            complement_gov=att.stance_gov,
            complement_reason="quoted " + att.stance_reason,
            stance_gov=None,
        )
    return dataclasses.replace(att, speaker=ref)


def without_requested(att: Attribution, request_verb: Token | None) -> Attribution:
    """Stances inside a request ("I ask X to stop ...") are what is asked, not stances."""
    if request_verb is None:
        return att
    inside = {t.i for t in request_verb.subtree}
    if att.stance_token is not None and att.stance_token.i in inside:
        att = dataclasses.replace(att, stance_gov=None, joint=())
    if att.complement_token is not None and att.complement_token.i in inside:
        att = dataclasses.replace(att, complement_gov=None)
    return att
