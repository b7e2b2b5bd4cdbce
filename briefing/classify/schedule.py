"""Detectors of steps to come that need no speaker: schedules, dates, open processes.

- ``timed_schedule``: a scheduling verb with a future time word, or a dated present;
- ``calendar``: a scheduling passive with a date ("is set for Friday"), an offer to host;
- ``obligation``: the writer's "must" on a main verb ("must still be ratified");
- ``pending``: a process still open ("under discussion", "under way");
- ``ahead``: an event still ahead ("ahead of the summit").

``Future`` is the finding every future detector returns (``detectors.future`` picks one);
``not_a_step`` tells a future that states a state or an effect from a step.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from briefing.classify import syntax
from briefing.classify.attribution import Attribution
from briefing.classify.lexicon import Cues


@dataclass(frozen=True, slots=True)
class Future:
    """A future clause: its marker ("'will meet'") and what kind of step it is.

    ``marker`` is empty when there is none. ``schedule_only``: a neutral schedule report;
    ``aside``: the day's (past) event with a step to come; ``negated``: a future that
    states a condition or a state ("will only", "will remain"); ``mover``: a named subject
    announcing its own (non-schedule) move, who may speak when nothing else does.
    """

    marker: str = ""
    schedule_only: bool = False
    aside: bool = False
    negated: bool = False
    mover: Token | None = None


def not_a_step(verb: Token, cues: Cues) -> bool:
    """A future that states a stance, a state or an effect, not a step.

    Negated, "only", stative verbs ("will remain"), and verbs of effect ("will complicate",
    "will pave the way"): what something will do to the relationship is a prediction.
    """
    lemma = verb.lemma_.lower()
    # "have a meeting" is an event; "will have limited impact" is a state
    event = lemma == "have" and any(
        c.dep_ == "dobj" and c.lemma_.lower() in cues.of("event_nouns") for c in verb.children
    )
    stative = lemma in cues.of("stative_verbs")
    # "will need to work", "will have to withdraw", "will be ready to sign": the step is
    # the verb it governs; "will be low" is a state
    governs = any(
        c.dep_ == "xcomp" or (c.dep_ == "acomp" and any(g.dep_ == "xcomp" for g in c.children))
        for c in verb.children
    )
    if stative and not event and not governs:
        return True
    if lemma in cues.of("outcome_verbs"):
        return True  # "the move will complicate talks": a prediction of effects
    only = cues.of("restrictive_adverbs")
    return any(
        syntax.is_negation(c) or (c.dep_ == "advmod" and c.lower_ in only) for c in verb.children
    )


def present(verb: Token) -> bool:
    """A verb in the simple or the progressive present ("meet", "is holding")."""
    return syntax.is_present_tense(verb) or (
        verb.tag_ == "VBG"
        and any(
            c.dep_ == "aux" and c.lemma_ == "be" and syntax.is_present_tense(c)
            for c in verb.children
        )
    )


def not_past_form(verb: Token) -> bool:
    """A verb that can carry a step to come.

    Not a simple past, nor a participle or gerund outside the progressive present or a
    modal ("was then flown home", "soon after landing").
    """
    if syntax.is_past_tense(verb):
        return False
    return (
        verb.tag_ not in ("VBN", "VBG")
        or present(verb)
        or any(
            c.dep_ in ("aux", "auxpass") and (syntax.is_modal(c) or c.lower_ == "to")
            for c in verb.children
        )
    )


def timed_schedule(sent: Span, cues: Cues) -> Future | None:
    """A scheduling verb with a future time word, or a dated present: "Leaders meet Friday"."""
    verbs = syntax.verbs_of(sent)
    when = syntax.time_words(sent, cues)
    sched = [v for v in verbs if v.lemma_.lower() in cues.schedule and not_past_form(v)]
    if not when and present(sent.root):
        when = syntax.dated(sent, cues)
        sched = [v for v in sched if present(v)]
    if not (when and sched):
        return None
    return Future(
        marker=f"'{sched[0].text}' + time '{when[0]}'",
        schedule_only=True,
        aside=syntax.is_past_tense(sent.root),
    )


def calendar(sent: Span, cues: Cues) -> Future | None:
    """A scheduling passive with a date ("is set for Friday"), or an offer to host."""
    past_be = cues.of("past_be")
    for verb in syntax.verbs_of(sent):
        lemma = verb.lemma_.lower()
        if (
            lemma in cues.of("scheduling_participles")
            and syntax.is_passive(verb)
            and syntax.is_participle(verb)
            and not any(syntax.is_past_tense(a) and a.lemma_ != "be" for a in verb.children)
            and (
                syntax.dated(list(verb.subtree), cues)
                or syntax.time_words(list(verb.subtree), cues)
            )
            and not any(c.lower_ in past_be for c in verb.children)
        ):
            return Future(marker=f"'{verb.text}' for a date", schedule_only=True)
        if (
            lemma in cues.schedule
            and verb.dep_ == "xcomp"
            and verb.head.lemma_.lower() in cues.stance_adjectives
        ):
            return Future(marker=f"'{verb.head.text} to {verb.text}'")
    return None


def obligation(sent: Span, att: Attribution, cues: Cues) -> Future | None:
    """The writer's "must" on the main verb: what still has to happen ("must be ratified").

    A speaker's "must" is a demand (a position); the writer's is a step still to come.
    """
    if att.own_speaker is not None or att.speech is not None:
        return None
    for verb in syntax.verbs_of(sent):
        if syntax.clause_level(verb, sent) != "main" or not_a_step(verb, cues):
            continue
        modal = syntax.modal_of(verb)
        if modal is not None and modal.lower_ in cues.of("step_obligations"):
            return Future(marker=f"'{modal.text} {verb.text}'")
    return None


def past_head(tok: Token) -> bool:
    """The verb a phrase hangs on is a simple past ("was under way"): a past state."""
    return syntax.is_past_tense(tok.head) or any(
        c.dep_ in ("aux", "auxpass") and syntax.is_past_tense(c) for c in tok.head.children
    )


def pending(sent: Span, cues: Cues) -> Future | None:
    """A process still open: "under discussion", "under review", "under way"."""
    nouns = cues.of("pending_nouns")
    for tok in sent:
        if tok.lower_ not in cues.of("pending_prepositions") or tok.i + 1 >= sent.end:
            continue
        after = tok.doc[tok.i + 1]
        if after.lower_ in nouns and not syntax.negated(tok.head) and not past_head(tok):
            return Future(marker=f"'{tok.text} {after.text}'")
    return None


def ahead(sent: Span, cues: Cues) -> Future | None:
    """An event still ahead ("ahead of the summit") of a clause not in the past tense."""
    events = cues.of("event_nouns") | cues.of("upcoming_events")
    for tok in sent:
        if tok.lower_ not in cues.of("ahead_words") or tok.i + 1 >= sent.end:
            continue
        prep = tok.doc[tok.i + 1]
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if (
            prep.lower_ in cues.of("ahead_prepositions")
            and obj is not None
            and obj.lemma_.lower() in events
            and not past_head(tok)
        ):
            return Future(marker=f"'{tok.text} of ... {obj.text}'", aside=True)
    return None
