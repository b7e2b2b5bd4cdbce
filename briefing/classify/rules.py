"""The rule table: one ``Scorer`` that places a sentence from its evidence, with reasons.

A **position** needs a government (``sentence_government``) and a stance: a factual report
or a neutral schedule is not one. **Next steps** come from a future clause or a request,
**risks** from risk cues; what remains is **background**. An organisation outside the pair
that only mediates is placed by content (guidelines rule F).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from briefing.classify.evidence import Evidence
from briefing.classify.lexicon import Cues, calibrate
from briefing.errors import RegistryError
from briefing.model import Section, position_label
from briefing.nlp.registry import Registry

#: Registry kinds of governments that are parties in their own right, never mediators.
SELF_GOVERNING = frozenset({"country", "territory"})


@dataclass(frozen=True, slots=True)
class Placement:
    """A sentence's labels (primary first), raw score per label and reasons in words."""

    labels: tuple[str, ...]
    scores: dict[str, float]
    reasons: tuple[str, ...]


class Scorer(Protocol):
    """Places one sentence from its evidence: labels, a score per label, and why."""

    @property
    def name(self) -> str:
        """The scorer's name, as ``--scorer`` spells it."""
        ...

    def place(self, ev: Evidence, registry: Registry, pair: Sequence[str]) -> Placement:
        """Return the sentence's placement."""
        ...


@runtime_checkable
class ArticleScorer(Scorer, Protocol):
    """A scorer that reads a sentence's context: it places an article's sentences together."""

    def place_article(
        self, evs: Sequence[Evidence], registry: Registry, pair: Sequence[str]
    ) -> list[Placement]:
        """Return the placement of every body sentence of an article, in text order."""
        ...


def sentence_government(
    ev: Evidence, registry: Registry, pair: Sequence[str]
) -> tuple[str | None, str]:
    """Return the government a sentence is attributed to, and the reason.

    A speaker with direct evidence (registry form, title with nationality) comes first;
    a reported stance of another government wins over a speaker known only from
    context, or from outside the pair (guidelines rule H).
    """
    att = ev.attribution
    speaker_gov: str | None = None
    speaker_why = ""
    strong = False
    if att.actor is not None:  # a bare speaker is no evidence for a government
        speaker_gov = att.actor.record.final_government()
        if speaker_gov:
            strong = bool(att.actor.record.government)
            how = att.actor.record.resolved_by if strong else "context"
            speaker_why = f"speaker: {att.actor.phrase} → {speaker_gov} via {att.actor.via}, {how}"
            if att.stance_reason:
                speaker_why += f" ({att.stance_reason})"
    if att.complement_gov and (
        att.framed_by
        or not speaker_gov
        or not strong
        or (speaker_gov not in pair and att.complement_gov in pair and not att.complement_weak)
    ):
        return att.complement_gov, att.complement_reason
    if speaker_gov:
        return speaker_gov, speaker_why
    if att.stance_gov:
        return att.stance_gov, att.stance_reason
    return None, ""


def is_mediator(code: str, registry: Registry, pair: Sequence[str]) -> bool:
    """An organisation outside the pair speaks as a mediator: label its sentences by content.

    A territory with a government of its own (a self-governing island state) is a party
    like a country, never a mediator.
    """
    if code in pair:
        return False
    try:
        return registry.government(code).kind not in SELF_GOVERNING
    except RegistryError:
        return False


def _position(
    ev: Evidence, gov: str | None, why: str, registry: Registry, pair: Sequence[str], cues: Cues
) -> tuple[bool, list[str]]:
    """Whether the sentence states ``gov``'s position, and the reasons when it does not."""
    att = ev.attribution
    if att.speaker is not None and non_government_speaker(ev):
        return False, [f"speaker: {att.speaker.phrase} is not a government"]
    if (
        gov
        and is_mediator(gov, registry, pair)
        and not (
            att.stance_gov == gov
            or (
                att.speech_verb is not None
                and att.speech_verb.lemma_.lower() in cues.of("acting_speech")
            )
        )
    ):
        return False, [f"{why}: a mediator, placed by content"]
    if att.speech_negated and not att.stance_gov:
        return False, [f"{why}, but says nothing ('{att.speech_verb}' is negated)"]
    if not gov:
        return False, []
    if states_directly(ev, gov):
        return True, []
    if ev.operational and not att.stance_gov:
        return False, [f"{why}, but {ev.operational} reports operational facts"]
    excluded = not_a_statement(ev)
    if excluded:
        return False, [f"{why}, but {excluded}"]
    return True, []


def states_directly(ev: Evidence, gov: str) -> bool:
    """``gov``'s stance is the sentence's content: a reported stance, or its own stance verb."""
    att = ev.attribution
    return att.complement_gov == gov or (att.stance_gov == gov and att.actor is None)


def not_a_statement(ev: Evidence) -> str:
    """Why a sentence with a government source states no position (guidelines rules C, K).

    A factual report (figures, a military action) or a neutral schedule is not a stance,
    whoever reports it; "" when neither applies.
    """
    if ev.factual and (not ev.risk.cues or ev.factual == "military action"):
        return f"reports a fact ({ev.factual})"
    if ev.future.marker and ev.future.schedule_only and not ev.request.reason:
        return "only reports a schedule"
    return ""


def non_government_speaker(ev: Evidence) -> bool:
    """The sentence's speaker is known not to speak for a government (a firm, a critic)."""
    speaker = ev.attribution.own_speaker
    return speaker is not None and speaker.record.role == "non-government"


def _position_labels(
    ev: Evidence, gov: str, why: str, pair: Sequence[str]
) -> tuple[list[str], dict[str, float], list[str]]:
    """The position labels of a sentence: its government, joint parties in pair order."""
    att = ev.attribution
    label = position_label(gov)
    labels, reasons = [label], [why]
    strong = att.actor is None or bool(att.actor.record.government)
    scores = {label: 0.85 if strong else 0.65}
    for other in att.joint:
        if position_label(other) not in labels:
            labels.append(position_label(other))
            scores[position_label(other)] = scores[label]
            reasons.append(att.framed_by or f"joint subject: also {other}")
    return labels, scores, reasons


def in_pair_order(labels: list[str], pair: Sequence[str]) -> list[str]:
    """Both parties' positions first, in pair order (guidelines rule I)."""
    if len(pair) == 2 and all(position_label(c) in labels for c in pair):
        ordered = [position_label(c) for c in pair]
        return ordered + [x for x in labels if x not in ordered]
    return labels


def _noise(ev: Evidence) -> Placement | None:
    """``other`` for a sentence about the reporting, a crosshead or a vox pop (rules O, A, D)."""
    if ev.meta:
        reason = f"about the reporting: '{ev.meta}'"
    elif ev.crosshead:
        reason = "a question nobody asks: a crosshead"
    elif ev.vox_pop:
        reason = f"a private person quoted for colour: {ev.vox_pop}"
    else:
        return None
    score = 0.8 if ev.meta else 0.7
    return Placement((Section.OTHER.value,), {Section.OTHER.value: score}, (reason,))


def _is_step(ev: Evidence) -> bool:
    """A future or a request that is a next step.

    A future stated as the consequence of a condition ("if they break the deal, we will
    act") is a threat or a prediction, not a step (guidelines rule L), unless it is a
    neutral schedule.
    """
    fut = ev.future
    if ev.request.reason:
        return True
    if ev.possible_step and not non_government_speaker(ev) and not ev.risk.condition:
        return True  # a commitment or possibility with a time, not a condition's outcome
    if not fut.marker or fut.negated:
        return False
    return fut.schedule_only or not ev.risk.condition


def _speculates(ev: Evidence, labels: Sequence[str]) -> bool:
    """The journalist's own speculation, with no cue, speaker or step: a risk (rule M).

    "The deployment could turn the tide": what may happen, framed by the writer, is the
    brief's outlook on the danger; a quoted speaker's "could" is that speaker's.
    """
    return (
        bool(ev.risk.speculation)
        and not ev.risk.cues
        and ev.attribution.speaker is None
        and Section.NEXT_STEPS.value not in labels
    )


def _states_the_situation(ev: Evidence, labels: Sequence[str]) -> bool:
    """A risk cue in the writer's plain statement of the present: the situation is background.

    A risk that someone voices, or a hedged one ("could", "may"), is the risk alone (rule M).
    """
    return (
        list(labels) == [Section.RISK.value]
        and bool(ev.risk.cues)
        and not ev.risk.hedged
        and ev.attribution.speech is None
    )


@dataclass(frozen=True, slots=True)
class RuleScorer:
    """The hand-written decision table; confidences from ``cues.calibration``."""

    cues: Cues
    name: str = "rules"

    def place(self, ev: Evidence, registry: Registry, pair: Sequence[str]) -> Placement:
        """Turn a sentence's evidence into ordered labels, calibrated scores and reasons."""
        raw = self.decide(ev, registry, pair)
        scores = calibrate(raw.scores, self.cues.calibration)
        return Placement(raw.labels, scores, raw.reasons)

    def decide(self, ev: Evidence, registry: Registry, pair: Sequence[str]) -> Placement:
        """Turn a sentence's evidence into ordered labels, raw scores and reasons."""
        noise = _noise(ev)
        if noise is not None:
            return noise
        gov, why = sentence_government(ev, registry, pair)
        position, reasons = _position(ev, gov, why, registry, pair, self.cues)
        labels: list[str] = []
        scores: dict[str, float] = {}
        if position and ev.attribution.subordinate_speech and ev.attribution.stance_gov is None:
            labels.append(Section.BACKGROUND.value)
            scores[Section.BACKGROUND.value] = 0.6
            reasons.append("a statement cited as the trigger of past events")
        if position and gov:
            plabels, pscores, preasons = _position_labels(ev, gov, why, pair)
            labels += plabels
            scores.update(pscores)
            reasons += preasons
            if not ev.attribution.framed_by:
                labels = in_pair_order(labels, pair)
        fut = ev.future
        if _is_step(ev):
            labels.append(Section.NEXT_STEPS.value)
            scores[Section.NEXT_STEPS.value] = (
                0.8 if fut.schedule_only or ev.request.reason else 0.7
            )
            reasons.append("future: " + (ev.request.reason or fut.marker or ev.possible_step))
        if _speculates(ev, labels):
            labels.append(Section.RISK.value)
            scores[Section.RISK.value] = 0.5
            reasons.append(f"the writer's speculation: {ev.risk.speculation}")
        if ev.risk.condition and not ev.risk.cues and Section.RISK.value not in labels:
            labels.append(Section.RISK.value)
            scores[Section.RISK.value] = 0.55
            reasons.append(f"a conditional threat: {ev.risk.condition}")
        if ev.risk.cues:
            labels.append(Section.RISK.value)
            scores[Section.RISK.value] = min(0.9, 0.5 + 0.15 * len(set(ev.risk.cues)))
            reasons.append("risk cues: " + ", ".join(f"'{c}'" for c in dict.fromkeys(ev.risk.cues)))
        if fut.aside and not position and Section.BACKGROUND.value not in labels:
            labels.insert(0, Section.BACKGROUND.value)
            scores[Section.BACKGROUND.value] = 0.6
            reasons.append("the day's event, with a step to come")
        if not labels:
            labels.append(Section.BACKGROUND.value)
            scores[Section.BACKGROUND.value] = 0.55
            if not reasons:
                reasons.append("no stance, schedule or risk cue: context")
        elif labels == [Section.RISK.value] and ev.risk.past:
            # a past event is background first (rule C), a framing of danger risk (rule M)
            labels.insert(0 if not ev.risk.framing else 1, Section.BACKGROUND.value)
            scores[Section.BACKGROUND.value] = 0.5
            reasons.append("a past event")
        elif _states_the_situation(ev, labels):
            labels.append(Section.BACKGROUND.value)
            scores[Section.BACKGROUND.value] = 0.45
            reasons.append("the situation the risk is about")
        return Placement(tuple(labels), scores, tuple(reasons))
