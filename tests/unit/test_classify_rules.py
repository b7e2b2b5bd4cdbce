"""The rule table on hand-built evidence: which findings make which sections.

The sentences are invented; each token's parse is given explicitly (``tests.unit._docs``).
"""

from __future__ import annotations

import dataclasses

import pytest

from briefing.classify import _same_vox_pop
from briefing.classify.attribution import Attribution
from briefing.classify.detectors import (
    conditional_threat,
    crosshead,
    future,
    operational,
    request,
    risk,
    vox_pop,
)
from briefing.classify.evidence import Context, Evidence
from briefing.classify.rules import RuleScorer
from briefing.nlp.records import ActorRecord, SpeakerRef
from tests.unit._docs import NoActors, cues, registry, sent

PAIR = ("AAA", "BBB")

# "If they cross the line , we will respond ."
IF_THEY_CROSS = (
    "If/if/SCONJ/IN/mark/2 they/they/PRON/PRP/nsubj/2 cross/cross/VERB/VBP/advcl/8 "
    "the/the/DET/DT/det/4 line/line/NOUN/NN/dobj/2 ,/,/PUNCT/,/punct/8 we/we/PRON/PRP/nsubj/8 "
    "will/will/AUX/MD/aux/8 respond/respond/VERB/VB/ROOT/8 ././PUNCT/./punct/8"
)
# "We will respond ."
WE_WILL_RESPOND = (
    "We/we/PRON/PRP/nsubj/2 will/will/AUX/MD/aux/2 respond/respond/VERB/VB/ROOT/2 "
    "././PUNCT/./punct/2"
)


def _evidence(spec: str, **kwargs: object) -> Evidence:
    """The evidence of a sentence with no speaker, gathered by the detectors themselves."""
    s = sent(spec, **kwargs)
    att = Attribution()
    return Evidence(
        sent=s,
        attribution=att,
        meta="",
        factual="",
        future=future(s, att, NoActors(PAIR), cues()),  # type: ignore[arg-type]
        request=request(s, cues()),
        risk=risk(s, cues()),
        context=Context(),
    )


def _sections(ev: Evidence) -> tuple[str, ...]:
    return RuleScorer(cues()).decide(ev, registry(), PAIR).labels


def test_rules_a_future_is_a_next_step() -> None:
    assert _sections(_evidence(WE_WILL_RESPOND)) == ("next_steps",)


def test_rules_a_conditional_future_is_no_next_step() -> None:
    ev = _evidence(IF_THEY_CROSS)
    assert conditional_threat(ev.sent, cues()) == "'If ... will respond'"
    assert ev.risk.condition == "'If ... will respond'"
    assert ev.future.marker == "'will respond'"
    assert "next_steps" not in _sections(ev)


# "A plan could turn the tide ."  /  "A plan turned the tide ."
COULD_TURN = (
    "A/a/DET/DT/det/1 plan/plan/NOUN/NN/nsubj/3 could/could/AUX/MD/aux/3 "
    "turn/turn/VERB/VB/ROOT/3 the/the/DET/DT/det/5 tide/tide/NOUN/NN/dobj/3 ././PUNCT/./punct/3"
)
TURNED = (
    "A/a/DET/DT/det/1 plan/plan/NOUN/NN/nsubj/2 turned/turn/VERB/VBD/ROOT/2 "
    "the/the/DET/DT/det/4 tide/tide/NOUN/NN/dobj/2 ././PUNCT/./punct/2"
)


def test_rules_the_writers_speculation_is_a_risk() -> None:
    ev = _evidence(COULD_TURN)
    assert ev.risk.speculation == "'could turn'"
    assert ev.risk.cues == ()
    assert _sections(ev) == ("risk",)


def test_rules_a_past_fact_is_background() -> None:
    ev = _evidence(TURNED)
    assert ev.risk.speculation == ""
    assert _sections(ev) == ("background",)


def _speaker(phrase: str, government: str | None = None) -> SpeakerRef:
    return SpeakerRef(
        record=ActorRecord(name=phrase, government=government), via="name", phrase=phrase
    )


@pytest.mark.parametrize(
    ("phrase", "government", "found"),
    [
        ("Ann Roe, 28,", None, True),  # an age in apposition
        ("Bo Lee, a 21-year-old who fled", None, True),
        ("the woman driver", None, True),  # a private person's noun
        ("Her husband, Bo Lee,", None, True),  # a family member quoted for colour
        ("Ann Roe", None, False),  # a name alone says nothing
        ("the woman minister", "AAA", False),  # a government speaks
        ("residents", None, False),  # public mood is in play
    ],
)
def test_vox_pop_needs_an_age_or_a_private_person(
    phrase: str, government: str | None, found: bool
) -> None:
    att = Attribution(speaker=_speaker(phrase, government))
    assert bool(vox_pop(att, cues())) is found


def test_rules_a_vox_pop_is_other() -> None:
    ev = dataclasses.replace(_evidence(WE_WILL_RESPOND), vox_pop="Ann Roe, 28,")
    placed = RuleScorer(cues()).decide(ev, registry(), PAIR)
    assert placed.labels == ("other",)
    assert "Ann Roe, 28," in placed.reasons[0]


def test_a_vox_pop_stays_one_under_a_pronoun() -> None:
    first = _speaker("Ann Roe, 28,")
    later = SpeakerRef(record=first.record, via="pronoun", phrase="she")
    seen: dict[int, str] = {}
    ev = _evidence(WE_WILL_RESPOND)
    named = dataclasses.replace(ev, attribution=Attribution(speaker=first), vox_pop="Ann Roe, 28,")
    assert _same_vox_pop(named, seen) is named
    pronoun = dataclasses.replace(ev, attribution=Attribution(speaker=later))
    assert _same_vox_pop(pronoun, seen).vox_pop == "Ann Roe, 28,"
    stranger = dataclasses.replace(ev, attribution=Attribution(speaker=_speaker("she")))
    assert _same_vox_pop(stranger, seen).vox_pop == ""


# "What next ?"
WHAT_NEXT = "What/what/PRON/WP/nsubj/1 next/next/ADV/RB/ROOT/1 ?/?/PUNCT/./punct/1"


def test_a_question_nobody_asks_is_a_crosshead() -> None:
    s = sent(WHAT_NEXT)
    assert crosshead(s, Attribution(), quoted=False) == "What next ?"
    assert crosshead(s, Attribution(), quoted=True) == ""  # a question inside a quotation
    assert crosshead(s, Attribution(speaker=_speaker("Ann Roe")), quoted=False) == ""
    ev = dataclasses.replace(_evidence(WHAT_NEXT), crosshead="What next ?")
    assert _sections(ev) == ("other",)


# "How did Ann Roe respond ?"
HOW_DID_SHE_RESPOND = (
    "How/how/SCONJ/WRB/advmod/4 did/do/AUX/VBD/aux/4 Ann/Ann/PROPN/NNP/compound/3 "
    "Roe/Roe/PROPN/NNP/nsubj/4 respond/respond/VERB/VB/ROOT/4 ?/?/PUNCT/./punct/4"
)


def test_a_wh_question_on_a_speech_verb_is_a_crosshead() -> None:
    s = sent(HOW_DID_SHE_RESPOND)
    verb = s[4]
    asks = Attribution(speaker=_speaker("Ann Roe"), speech=verb, speech_verb=verb)
    assert crosshead(s, asks, quoted=False) == s.text  # the verb asks, it reports nothing
    assert crosshead(s, asks, quoted=True) == ""
    inherited = Attribution(speaker=_speaker("Ann Roe"))  # a speaker from the unit before
    assert crosshead(s, inherited, quoted=False) == ""


# "What happens next , Ann Roe asked ?"
REPORTED_QUESTION = (
    "What/what/PRON/WP/nsubj/1 happens/happen/VERB/VBZ/ccomp/6 next/next/ADV/RB/advmod/1 "
    ",/,/PUNCT/,/punct/6 Ann/Ann/PROPN/NNP/compound/5 Roe/Roe/PROPN/NNP/nsubj/6 "
    "asked/ask/VERB/VBD/ROOT/6 ?/?/PUNCT/./punct/6"
)


def test_a_reported_question_is_no_crosshead() -> None:
    s = sent(REPORTED_QUESTION)
    verb = s[6]
    asks = Attribution(speaker=_speaker("Ann Roe"), speech=verb, speech_verb=verb)
    assert crosshead(s, asks, quoted=False) == ""  # Roe asks it: her question, not a heading


# "Tensions rose ."  (a framing of danger)  /  "A bombardment hit the town ." (an event)
TENSIONS_ROSE = "Tensions/tension/NOUN/NNS/nsubj/1 rose/rise/VERB/VBD/ROOT/1 ././PUNCT/./punct/1"


def test_rules_a_past_event_is_background_first_a_framing_risk_first() -> None:
    framing = _evidence(TENSIONS_ROSE)
    assert framing.risk.framing
    assert _sections(framing) == ("risk", "background")
    bombardment = _evidence(
        "A/a/DET/DT/det/1 bombardment/bombardment/NOUN/NN/nsubj/2 hit/hit/VERB/VBD/ROOT/2 "
        "the/the/DET/DT/det/4 town/town/NOUN/NN/dobj/2 ././PUNCT/./punct/2"
    )
    assert bombardment.risk.cues == ("bombardment",)
    assert not bombardment.risk.framing
    assert _sections(bombardment) == ("background", "risk")


# "Police said they detained two men ."  /  "Police accused them ."
POLICE_SAID = (
    "Police/police/NOUN/NNS/nsubj/1 said/say/VERB/VBD/ROOT/1 they/they/PRON/PRP/nsubj/3 "
    "detained/detain/VERB/VBD/ccomp/1 two/two/NUM/CD/nummod/5 men/man/NOUN/NNS/dobj/3 "
    "././PUNCT/./punct/1"
)
POLICE_ACCUSED = (
    "Police/police/NOUN/NNS/nsubj/1 accused/accuse/VERB/VBD/ROOT/1 them/they/PRON/PRP/dobj/1 "
    "././PUNCT/./punct/1"
)


def _spoken_by(spec: str, phrase: str) -> Evidence:
    s = sent(spec)
    att = Attribution(speaker=_speaker(phrase, "AAA"), speech=s[1], speech_verb=s[1])
    ev = _evidence(spec)
    return dataclasses.replace(ev, attribution=att, operational=operational(att, cues()))


def test_police_reporting_facts_is_no_position() -> None:
    said = _spoken_by(POLICE_SAID, "AAA police")
    assert said.operational == "AAA police"
    assert _sections(said) == ("background",)
    accused = _spoken_by(POLICE_ACCUSED, "AAA police")
    assert accused.operational == ""  # a stance speech verb: a claim in the dispute
    assert _sections(accused)[0] == "position:AAA"
    minister = _spoken_by(POLICE_SAID, "the AAA minister")
    assert minister.operational == ""
    assert _sections(minister)[0] == "position:AAA"
