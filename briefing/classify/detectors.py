"""Content detectors: small pure functions over a parsed sentence, each a frozen finding.

- ``meta``: a sentence about the reporting itself (guidelines rule O);
- ``factual_report``: a reported clause that only states figures of past events or
  military action (background, not a stance);
- ``future``: a future clause and whether it is a neutral schedule, an own move, the
  day's event with a step to come, or a future that states a condition (the detectors
  that need no speaker, schedules, open processes and events ahead, are in ``schedule``);
- ``request``: "I ask both parties to ...";
- ``risk``: threat, escalation and hedge cues, leaving out mitigated and negated ones.

Each detector takes the sentence (and, where the content depends on who speaks, the
attribution) and returns a value that says why in words. None of them resolves speakers.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from spacy.tokens import Span, Token

from briefing.classify import schedule, syntax
from briefing.classify.attribution import Attribution
from briefing.classify.lexicon import Cues
from briefing.classify.parties import government_subject, kinetic
from briefing.classify.schedule import Future as Future
from briefing.classify.schedule import not_a_step as not_a_step
from briefing.nlp.actors import ArticleActors

#: Entity labels of figures.
_FIGURES = frozenset({"CARDINAL", "QUANTITY", "PERCENT", "MONEY"})


@dataclass(frozen=True, slots=True)
class Request:
    """A request for action ("I ask both parties to ...") and its verb."""

    reason: str = ""
    verb: Token | None = None


@dataclass(frozen=True, slots=True)
class Risk:
    """The risk cues of a sentence and whether its main clause is past.

    ``signals`` are weaker evidence the rule table ignores and the learned scorer weighs:
    current military action, weapons, words of friction, a conditional threat.
    ``condition``: a condition with a future or modal consequence ("if ..., we will act"),
    whose future states a threat or a prediction, not a step (guidelines rule L).
    ``speculation``: the main verb carries a possibility modal ("could turn", "might
    prove"): written by the journalist, a framing of what may go wrong (rule M).
    ``framing``: a cue frames danger ("tensions", "escalation"), rather than naming an
    event (military activity, "attack", "killed", the weak cues): rule M, not rule C.
    ``hedged``: a modal hedge ("could", "may") anywhere in the sentence.
    """

    cues: tuple[str, ...] = ()
    past: bool = False
    signals: tuple[str, ...] = ()
    condition: str = ""
    speculation: str = ""
    framing: bool = False
    hedged: bool = False


def meta(sent: Span, cues: Cues) -> str:
    """The opener or note that makes a sentence about the reporting itself, else ""."""
    lowered = sent.text.lower().lstrip(syntax.QUOTE_OPEN + " ")
    for opener in cues.meta_openers:
        if lowered.startswith(opener):
            return opener
    note = next((n for n in cues.of("editor_notes") if n in lowered), "")
    if note:
        return note
    if sent.root.lemma_.lower() in cues.of("source_note_verbs"):
        note = next((n for n in cues.source_notes if n in lowered), "")
        if note:
            return note
    ending = next((e for e in cues.lead_in_endings if sent.text.rstrip().endswith(e)), "")
    return f"a lead-in ending with '{ending}'" if ending else ""


#: An age in a speaker phrase: "Ann Roe, 28," or "a 21-year-old".
_AGE = re.compile(r"(?:,\s*\d{1,2}\s*(?:,|$))|(?:\b\d{1,2}-year-old\b)")


def vox_pop(att: Attribution, cues: Cues) -> str:
    """A private person quoted for colour: the speaker phrase, else "" (guidelines rule D).

    The speaker has no government and its phrase gives an age or names a private person
    ("the woman driver", "one Weibo user").
    """
    speaker = att.own_speaker
    if speaker is None or speaker.record.final_government():
        return ""
    phrase = speaker.phrase
    words = {w.strip(",.").lower() for w in phrase.split()}
    if _AGE.search(phrase) or words & cues.of("private_person_nouns"):
        return phrase
    return ""


def operational(att: Attribution, cues: Cues) -> str:
    """Police or prosecutors reporting facts (guidelines rule E): the speaker phrase, else "".

    A stance speech verb ("accused", "denied", "warned") makes it a claim in the dispute.
    """
    speaker, verb = att.own_speaker, att.speech_verb
    if speaker is None or (verb is not None and verb.lemma_.lower() in cues.stance_speech):
        return ""
    words = {w.strip(",.'’").lower() for w in speaker.phrase.split()}
    return speaker.phrase if words & cues.of("operational_speakers") else ""


#: The longest question (in tokens) read as a crosshead when nobody asks it.
CROSSHEAD_TOKENS = 14


def crosshead(sent: Span, att: Attribution, *, quoted: bool, labels: Collection[str] = ()) -> str:
    """A short question nobody asks, outside any quotation: a crosshead ("What next?").

    Guidelines rule A: crossheads are display text, even inside the body copy. An
    interviewer's question after a label (``labels``: "Q:") is one at any length; a
    wh-question is one even when its own verb is a speech verb ("How did X respond?").
    """
    text = sent.text.strip()
    if not text.endswith("?") or quoted:
        return ""
    lower = text.lower()
    if any(lower.startswith(label) for label in labels):
        return text
    if len(sent) <= CROSSHEAD_TOKENS and (att.own_speaker is None or _asks_of_speech(sent, att)):
        return text
    return ""


#: Tags of the wh-words that open a question ("What", "How", "Why").
_WH_TAGS = frozenset({"WDT", "WP", "WRB"})


def _asks_of_speech(sent: Span, att: Attribution) -> bool:
    """A wh-question whose own verb is the speech verb: it asks, it reports no speech.

    "How did X respond?": the speaker the verb found is the question's topic.
    """
    first = next((t for t in sent if not t.is_punct), None)
    verb = att.speech_verb
    return (
        first is not None
        and first.tag_ in _WH_TAGS
        and verb is not None
        and sent.start <= verb.i < sent.end
        and _inverted(verb)
    )


def _inverted(verb: Token) -> bool:
    """An auxiliary before the verb's subject ("How did X respond?"): the verb is asked about.

    A reported question ("What now, X asked?") has its subject before the speech verb
    and no auxiliary before that subject.
    """
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and any(
        c.dep_ in ("aux", "auxpass") and c.i < subject.i for c in verb.children
    )


def scope(sent: Span, att: Attribution) -> tuple[Token | None, list[Token]]:
    """The clause that carries the content (the reported one, else the whole sentence)."""
    clause = syntax.complement(att.speech_verb) if att.speech_verb is not None else None
    return clause, (list(clause.subtree) if clause is not None else list(sent))


def factual_report(sent: Span, att: Attribution, cues: Cues) -> str:
    """Figures of past events or military action reported by a speaker, else "".

    A modal, a negation, an evaluation, a stance word or a justification makes the
    report a stance (guidelines rule G).
    """
    verb = att.speech_verb
    clause, tokens = scope(sent, att)
    if verb is None or clause is None:
        return ""
    past = syntax.is_past(clause, cues)
    ents = [e for e in sent.ents if e.root in tokens]
    figures = [
        e.text
        for e in ents
        if (e.label_ in _FIGURES and any(c.isdigit() for c in e.text))
        or (e.label_ == "DATE" and past and syntax.duration(e.text, cues))
    ]
    modal = any(syntax.is_modal(t) for t in tokens)
    neg = any(syntax.is_negation(t) for t in tokens)
    evaluative = any(t.pos_ == "ADJ" and t.dep_ in ("acomp", "attr") for t in tokens)
    stance_word = any(
        t.lemma_.lower() in cues.stance or t.lemma_.lower() in cues.stance_adjectives
        for t in tokens
        if t.pos_ in ("VERB", "ADJ")
    )
    text = " ".join(t.lower_ for t in tokens)
    justified = any(j in text for j in cues.justifications)
    stance_word = stance_word or justified  # "fired in accordance with instructions"
    military = kinetic(clause, syntax.subject(clause), cues) or (
        clause.lemma_.lower() in cues.kinetic_verbs
    )
    stance_speech = verb.lemma_.lower() in cues.stance_speech
    if military and past and not (modal or neg or justified) and not stance_speech:
        return "military action"
    if figures and past and not (modal or neg or evaluative or stance_word) and not stance_speech:
        return ", ".join(figures)
    return ""


def _own_subject(subj: Token | None, speaker_gov: str | None, actors: ArticleActors) -> bool:
    """Whether a subject is the speaker's own government (by name)."""
    return (
        subj is not None
        and speaker_gov is not None
        and government_subject(subj, actors) == speaker_gov
    )


def _marked_future(
    sent: Span, att: Attribution, actors: ArticleActors, cues: Cues
) -> Future | None:
    """A future marker in the clause that matters ("will", "is due to", "plans to")."""
    clause, tokens = scope(sent, att)
    negated_seen = False
    for verb in (t for t in tokens if syntax.is_verb(t)):
        if syntax.clause_level(verb, sent) == "sub" and not (
            clause is not None
            and verb in clause.subtree
            and verb.dep_ not in syntax.SUBORDINATE_DEPS
        ):
            continue
        marker, verb = syntax.future_of(verb, cues)
        if not marker:
            continue
        ongoing = verb.lemma_.lower() in cues.of("continuing_verbs") and not att.speaker_government
        if not_a_step(verb, cues) or ongoing:
            negated_seen = True
            continue
        frame = verb.head if verb.dep_ == "xcomp" else verb
        subj = syntax.subject(verb) or syntax.subject(frame) or syntax.passive_subject(frame)
        schedule = verb.lemma_.lower() in cues.schedule
        own_move = (
            (subj is not None and subj.lower_ in cues.of("own_move_pronouns"))
            or _own_subject(subj, att.speaker_government, actors)
            or (syntax.is_passive(verb) and syntax.agent(verb) is None and att.actor is not None)
        )
        return Future(
            marker=marker,
            schedule_only=schedule and not own_move,
            negated=negated_seen,
            mover=subj if not schedule else None,
        )
    return Future(negated=True) if negated_seen else None


def _reported_would(
    sent: Span, att: Attribution, actors: ArticleActors, cues: Cues
) -> Token | None:
    """Reported "would" with a time, a scheduling verb or an own move: the verb."""
    verb = att.speech_verb
    if verb is None or not syntax.is_past_tense(verb):
        return None
    _, tokens = scope(sent, att)
    modal = cues.of("reported_future_modal")
    for v in (t for t in tokens if syntax.is_verb(t)):
        if not any(c.lower_ in modal for c in v.children) or not_a_step(v, cues):
            continue
        if (
            v.lemma_.lower() in cues.schedule
            or syntax.time_words(tokens, cues)
            or syntax.dated(tokens, cues)
            or _own_future(v, att, actors, cues)
        ):
            return v
    return None


def _own_future(verb: Token, att: Attribution, actors: ArticleActors, cues: Cues) -> bool:
    """Whether a government speaker announces what it will itself do.

    "X would continue to work", "the border would be strengthened" (no agent).
    """
    if att.speaker_government is None:
        return False
    if syntax.is_passive(verb) and syntax.agent(verb) is None:
        return True
    subj = syntax.subject(verb)
    return subj is not None and (
        subj.lower_ in cues.of("first_person") or _own_subject(subj, att.speaker_government, actors)
    )


def _would_future(sent: Span, att: Attribution, actors: ArticleActors, cues: Cues) -> Future | None:
    verb = _reported_would(sent, att, actors, cues)
    if verb is None:
        return None
    subj = syntax.subject(verb)
    own = (syntax.is_passive(verb) and syntax.agent(verb) is None) or (
        subj is not None
        and (
            subj.lower_ in cues.of("own_move_pronouns")
            or _own_subject(subj, att.speaker_government, actors)
        )
    )
    return Future(
        marker=f"'would {verb.text}'",
        schedule_only=verb.lemma_.lower() in cues.schedule and not own,
    )


def _timed(tokens: list[Token], cues: Cues) -> str:
    """The first future time word or date among the tokens ("" when none)."""
    when = syntax.time_words(tokens, cues) or syntax.dated(tokens, cues)
    return when[0] if when else ""


def _commitment(verb: Token, cues: Cues) -> str:
    """A commitment verb governing a step: "pledged to normalise", "agreed to seek"."""
    head = verb.head
    if (
        verb.dep_ == "xcomp"
        and head.lemma_.lower() in cues.of("commitment_verbs")
        and head.dep_ not in syntax.SUBORDINATE_DEPS
        and not syntax.negated(head)
        and not not_a_step(verb, cues)
    ):
        return f"'{head.text} to {verb.text}'"
    return ""


def possible_step(sent: Span, att: Attribution, cues: Cues) -> Future | None:
    """A commitment, or a possibility with a future time: a step announced, not scheduled.

    "pledged to normalise relations", "said visits could resume soon": a next step for the
    rule table as for the learned scorer. A modal is a modal auxiliary, not a name ("May").
    """
    _, tokens = scope(sent, att)
    when = _timed(tokens, cues)
    modals = cues.of("possibility_modals")
    for verb in (t for t in tokens if syntax.is_verb(t)):
        if syntax.clause_level(verb, sent) == "sub" and verb.dep_ in syntax.SUBORDINATE_DEPS:
            continue
        committed = _commitment(verb, cues)
        if committed:
            return Future(marker=committed + (f" + time '{when}'" if when else ""))
        if not when:
            continue
        modal = next((c for c in verb.children if c.lower_ in modals and syntax.is_modal(c)), None)
        if modal is not None and not not_a_step(verb, cues):
            return Future(marker=f"'{modal.text} {verb.text}' + time '{when}'")
    return None


def future(sent: Span, att: Attribution, actors: ArticleActors, cues: Cues) -> Future:
    """The future of a sentence, by the first detector that finds one."""
    marked = _marked_future(sent, att, actors, cues)
    if marked is not None and marked.marker:
        return marked
    negated = marked is not None and marked.negated
    for other in (
        _would_future(sent, att, actors, cues),
        schedule.timed_schedule(sent, cues),
        schedule.calendar(sent, cues),
        schedule.obligation(sent, att, cues),
        schedule.pending(sent, cues),
        schedule.ahead(sent, cues),
    ):
        if other is not None:
            return Future(
                marker=other.marker,
                schedule_only=other.schedule_only,
                aside=other.aside,
                negated=negated,
            )
    return Future(negated=negated)


def request(sent: Span, cues: Cues) -> Request:
    """A first-person request for action with a clause: "We ask both sides to ..."."""
    for tok in syntax.verbs_of(sent):
        if tok.lemma_.lower() not in cues.request or tok.tag_ not in ("VBP", "VBZ", "VB"):
            continue
        subj = syntax.subject(tok)
        has_clause = any(c.dep_ in ("xcomp", "ccomp") for c in tok.children)
        if (
            subj is not None
            and subj.lower_ in cues.of("first_person")
            and has_clause
            and not syntax.negated(tok)
        ):
            return Request(reason=f"request '{subj.text} {tok.text} ... to'", verb=tok)
    return Request()


def aboutness(tok: Token, cues: Cues) -> bool:
    """A risk word used in its sense of "be about": "it concerns trade", "those concerned".

    A verb with a direct object, or a participle after a noun, is about something; the
    noun ("concerns over ...") and the adjective ("concerned about ...") stay risks.
    """
    if tok.lemma_.lower() not in cues.of("aboutness_verbs"):
        return False
    if tok.dep_ in ("acl", "prep", "compound"):
        return True
    return tok.pos_ in ("VERB", "AUX") and any(c.dep_ == "dobj" for c in tok.children)


def reversed_by_prefix(tok: Token, cues: Cues) -> bool:
    """A risk word with a reversing prefix: "de-escalate" (one token or "de" "-" "escalate")."""
    prefixes = cues.of("reversing_prefixes")
    if any(tok.lower_.startswith(p + "-") for p in prefixes):
        return True
    doc = tok.doc
    return tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ in prefixes


def risk_cues(span: Span, cues: Cues) -> list[str]:
    """Return the risk cues of a sentence, leaving out mitigated ones ("tackle the threat").

    Military activity counts when it is current: not in a sentence dated to a year.
    """
    found: list[str] = []
    hedged = any(t.lower_ in cues.hedges for t in span)
    historical = syntax.historical(span, cues)
    negators = cues.of("negators")
    for tok in span:
        lemma = tok.lemma_.lower()
        if (lemma in cues.military or tok.lower_ in cues.military) and not historical:
            if not any(a.lemma_.lower() in cues.mitigation for a in list(tok.ancestors)[:3]):
                found.append(tok.text)
            continue
        if lemma not in cues.risk and tok.lower_ not in cues.risk:
            continue
        if (lemma in cues.weak_risk or tok.lower_ in cues.weak_risk) and not hedged:
            continue
        if aboutness(tok, cues) or reversed_by_prefix(tok, cues):
            continue
        chain = [tok, *tok.ancestors]
        if any(a.lemma_.lower() in cues.mitigation for a in chain[1:4]):
            continue
        if any(c.lower_ in negators or syntax.is_negation(c) for c in tok.children) or (
            tok.pos_ == "NOUN" and syntax.negated(tok.head)
        ):
            continue  # "pose no threat", "did not warn"
        found.append(tok.text)
    return found


def military_action(sent: Span, cues: Cues) -> list[str]:
    """Current military action as the verb of a main clause ("troops shelled the town").

    Guidelines rule C: kinetic action is background, and a risk when it is current; a
    sentence dated to another year, a negated or a mitigated action does not count.
    """
    if syntax.historical(sent, cues):
        return []
    found = []
    for verb in syntax.verbs_of(sent):
        if verb.lemma_.lower() not in cues.kinetic_verbs or verb.pos_ != "VERB":
            continue
        if syntax.clause_level(verb, sent) == "sub" or syntax.negated(verb):
            continue
        if any(a.lemma_.lower() in cues.mitigation for a in list(verb.ancestors)[:2]):
            continue
        found.append(verb.text)
    return found


def conditional_threat(sent: Span, cues: Cues) -> str:
    """A condition with a future or modal consequence: "if they cross it, we will act".

    A consequence that is a state ("if ..., there will be more room") threatens nothing.
    Guidelines rule L: a conditional threat is a risk (and the speaker's position).
    """
    conditions = cues.of("conditions")
    for verb in syntax.verbs_of(sent):
        if verb.dep_ != "advcl" or not syntax.has_marker(verb, conditions):
            continue
        head = verb.head
        if not syntax.is_verb(head) or syntax.clause_level(head, sent) == "sub":
            continue
        modal = syntax.modal_of(head)
        if modal is not None and head.lemma_.lower() not in cues.of("stative_verbs"):
            mark = next(c for c in verb.children if c.dep_ == "mark")
            return f"'{mark.text} ... {modal.text} {head.text}'"
    return ""


def risk_signals(sent: Span, cues: Cues, threat: str = "") -> list[str]:
    """Weaker signs of risk, named by kind: military action, weapons, friction, threats."""
    found = [f"military action '{v}'" for v in military_action(sent, cues)]
    weapons, friction = cues.of("military_nouns"), cues.of("friction_words")
    if not syntax.historical(sent, cues):
        found += [f"weapon '{t.text}'" for t in sent if t.lemma_.lower() in weapons]
    found += [f"friction '{t.text}'" for t in sent if t.lemma_.lower() in friction]
    if threat:
        found.append(f"condition {threat}")
    return found


def speculation(sent: Span, cues: Cues) -> str:
    """The possibility modal on the sentence's main verb ("'might prove'"), else ""."""
    root = sent.root
    modal = next(
        (c for c in root.children if c.dep_ == "aux" and c.lower_ in cues.of("possibility_modals")),
        None,
    )
    return f"'{modal.text} {root.text}'" if modal is not None else ""


def _frames_danger(tok: Token, cues: Cues) -> bool:
    """A risk cue that frames danger rather than naming an event (military, weak cues)."""
    words = {tok.lemma_.lower(), tok.lower_}
    return not words & (cues.military | cues.weak_risk)


def risk(sent: Span, cues: Cues) -> Risk:
    """The risk cues of a sentence, its weaker signals and whether it tells of the past."""
    threat = conditional_threat(sent, cues)
    found = risk_cues(sent, cues)
    return Risk(
        cues=tuple(found),
        framing=any(_frames_danger(t, cues) for t in sent if t.text in found),
        past=syntax.root_is_past(sent),
        signals=tuple(risk_signals(sent, cues, threat)),
        condition=threat,
        speculation=speculation(sent, cues),
        hedged=any(t.lower_ in cues.hedges and t.pos_ != "PROPN" for t in sent),
    )
