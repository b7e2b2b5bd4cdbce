"""Next steps, risks and display questions on hand-built Docs: the general detectors added
for unseen news (a process still open, an event ahead, the writer's "must", friction and
hedged words of harm, labelled interview questions, unanswered requests for comment).

The sentences are invented; each token's parse is given explicitly (``tests.unit._docs``).
"""

from __future__ import annotations

import spacy

from briefing.classify.attribution import Attribution
from briefing.classify.detectors import crosshead, future, meta, possible_step, request, risk
from briefing.classify.evidence import Context, Evidence
from briefing.classify.rules import RuleScorer
from briefing.nlp.records import ActorRecord, SpeakerRef
from tests.unit._docs import NoActors, cues, registry, sent

PAIR = ("AAA", "BBB")


def _evidence(spec: str, att: Attribution | None = None, **kwargs: object) -> Evidence:
    s = sent(spec, **kwargs)
    att = att or Attribution()
    possible = possible_step(s, att, cues())
    return Evidence(
        sent=s,
        attribution=att,
        meta=meta(s, cues()),
        factual="",
        future=future(s, att, NoActors(PAIR), cues()),  # type: ignore[arg-type]
        request=request(s, cues()),
        risk=risk(s, cues()),
        context=Context(),
        possible_step=possible.marker if possible is not None else "",
    )


def _sections(ev: Evidence) -> tuple[str, ...]:
    return RuleScorer(cues()).decide(ev, registry(), PAIR).labels


# "Talks on the border are under way ."
UNDER_WAY = (
    "Talks/talk/NOUN/NNS/nsubj/4 on/on/ADP/IN/prep/0 the/the/DET/DT/det/3 "
    "border/border/NOUN/NN/pobj/1 are/be/AUX/VBP/ROOT/4 under/under/ADP/IN/prep/4 "
    "way/way/NOUN/NN/pobj/5 ././PUNCT/./punct/4"
)
# "Envoys gather ahead of the summit ."  /  "Envoys met ahead of the summit ."
AHEAD_OF_SUMMIT = (
    "Envoys/envoy/NOUN/NNS/nsubj/1 gather/gather/VERB/VBP/ROOT/1 ahead/ahead/ADV/RB/advmod/1 "
    "of/of/ADP/IN/prep/2 the/the/DET/DT/det/5 summit/summit/NOUN/NN/pobj/3 ././PUNCT/./punct/1"
)
# "The treaty must still be ratified ."
MUST_BE_RATIFIED = (
    "The/the/DET/DT/det/1 treaty/treaty/NOUN/NN/nsubjpass/5 must/must/AUX/MD/aux/5 "
    "still/still/ADV/RB/advmod/5 be/be/AUX/VB/auxpass/5 ratified/ratify/VERB/VBN/ROOT/5 "
    "././PUNCT/./punct/5"
)
# "Leaders are meeting on Friday ."
MEETING_FRIDAY = (
    "Leaders/leader/NOUN/NNS/nsubj/2 are/be/AUX/VBP/aux/2 meeting/meet/VERB/VBG/ROOT/2 "
    "on/on/ADP/IN/prep/2 Friday/Friday/PROPN/NNP/pobj/3 ././PUNCT/./punct/2"
)
# "The envoy was later taken to Oslo ."
LATER_TAKEN = (
    "The/the/DET/DT/det/1 envoy/envoy/NOUN/NN/nsubjpass/4 was/be/AUX/VBD/auxpass/4 "
    "later/later/ADV/RB/advmod/4 taken/take/VERB/VBN/ROOT/4 to/to/ADP/IN/prep/4 "
    "Oslo/Oslo/PROPN/NNP/pobj/5 ././PUNCT/./punct/4"
)
# "The two sides pledged to reopen the crossing ."
PLEDGED_TO_REOPEN = (
    "The/the/DET/DT/det/2 two/two/NUM/CD/nummod/2 sides/side/NOUN/NNS/nsubj/3 "
    "pledged/pledge/VERB/VBD/ROOT/3 to/to/PART/TO/aux/5 reopen/reopen/VERB/VB/xcomp/3 "
    "the/the/DET/DT/det/7 crossing/crossing/NOUN/NN/dobj/5 ././PUNCT/./punct/3"
)
# "May visited the port soon after ."  (a name, not the modal "may")
MAY_VISITED = (
    "May/May/PROPN/NNP/nsubj/1 visited/visit/VERB/VBD/ROOT/1 the/the/DET/DT/det/3 "
    "port/port/NOUN/NN/dobj/1 soon/soon/ADV/RB/advmod/5 after/after/ADV/RB/advmod/1 "
    "././PUNCT/./punct/1"
)
# "Ties between the neighbours are strained ."
TIES_STRAINED = (
    "Ties/tie/NOUN/NNS/nsubjpass/5 between/between/ADP/IN/prep/0 the/the/DET/DT/det/3 "
    "neighbours/neighbour/NOUN/NNS/pobj/1 are/be/AUX/VBP/auxpass/5 "
    "strained/strain/VERB/VBN/ROOT/5 ././PUNCT/./punct/5"
)
# "Violence broke out in the port ."  /  "Violence could spread ."
VIOLENCE_BROKE_OUT = (
    "Violence/violence/NOUN/NN/nsubj/1 broke/break/VERB/VBD/ROOT/1 out/out/ADP/RP/prt/1 "
    "in/in/ADP/IN/prep/1 the/the/DET/DT/det/5 port/port/NOUN/NN/pobj/3 ././PUNCT/./punct/1"
)
VIOLENCE_COULD_SPREAD = (
    "Violence/violence/NOUN/NN/nsubj/2 could/could/AUX/MD/aux/2 spread/spread/VERB/VB/ROOT/2 "
    "././PUNCT/./punct/2"
)
# "If they cross the line , we will respond ."
IF_THEY_CROSS = (
    "If/if/SCONJ/IN/mark/2 they/they/PRON/PRP/nsubj/2 cross/cross/VERB/VBP/advcl/8 "
    "the/the/DET/DT/det/4 line/line/NOUN/NN/dobj/2 ,/,/PUNCT/,/punct/8 we/we/PRON/PRP/nsubj/8 "
    "will/will/AUX/MD/aux/8 respond/respond/VERB/VB/ROOT/8 ././PUNCT/./punct/8"
)
# "Q: , What did the two leaders agree on during their first long meeting in the capital ?"
LABELLED_QUESTION = (
    "Q:/q:/NOUN/NN/dep/7 ,/,/PUNCT/,/punct/7 What/what/PRON/WP/dobj/7 did/do/AUX/VBD/aux/7 "
    "the/the/DET/DT/det/6 two/two/NUM/CD/nummod/6 leaders/leader/NOUN/NNS/nsubj/7 "
    "agree/agree/VERB/VB/ROOT/7 on/on/ADP/IN/prep/7 during/during/ADP/IN/prep/7 "
    "their/their/PRON/PRP$/poss/14 first/first/ADJ/JJ/amod/14 long/long/ADJ/JJ/amod/14 "
    "meeting/meeting/NOUN/NN/pobj/9 in/in/ADP/IN/prep/14 the/the/DET/DT/det/17 "
    "capital/capital/NOUN/NN/pobj/15 ?/?/PUNCT/./punct/7"
)
# "The ministry declined to comment ."
DECLINED_TO_COMMENT = (
    "The/the/DET/DT/det/1 ministry/ministry/NOUN/NN/nsubj/2 declined/decline/VERB/VBD/ROOT/2 "
    "to/to/PART/TO/aux/4 comment/comment/VERB/VB/xcomp/2 ././PUNCT/./punct/2"
)


def test_a_process_still_open_is_a_next_step() -> None:
    ev = _evidence(UNDER_WAY)
    assert ev.future.marker == "'under way'"
    assert "next_steps" in _sections(ev)


def test_an_event_ahead_is_a_next_step_beside_the_days_event() -> None:
    ev = _evidence(AHEAD_OF_SUMMIT)
    assert ev.future.marker == "'ahead of ... summit'"
    assert ev.future.aside
    assert _sections(ev) == ("background", "next_steps")
    past = AHEAD_OF_SUMMIT.replace("gather/gather/VERB/VBP", "met/meet/VERB/VBD")
    assert _evidence(past).future.marker == ""  # what happened before it: the past event


def test_the_writers_must_is_a_step_still_to_come() -> None:
    ev = _evidence(MUST_BE_RATIFIED)
    assert ev.future.marker == "'must ratified'"
    assert "next_steps" in _sections(ev)


def test_a_speakers_must_is_no_writers_step() -> None:
    speaker = SpeakerRef(record=ActorRecord(name="Ann Roe"), via="name", phrase="Ann Roe")
    ev = _evidence(MUST_BE_RATIFIED, Attribution(speaker=speaker))
    assert ev.future.marker == ""


def test_a_progressive_present_with_a_date_is_a_schedule() -> None:
    ev = _evidence(MEETING_FRIDAY, ents=[(4, 5, "DATE")])
    assert ev.future.marker == "'meeting' + time 'Friday'"
    assert ev.future.schedule_only


def test_a_past_participle_with_later_is_no_schedule() -> None:
    assert _evidence(LATER_TAKEN).future.marker == ""


def test_a_commitment_is_a_next_step() -> None:
    ev = _evidence(PLEDGED_TO_REOPEN)
    assert ev.possible_step == "'pledged to reopen'"
    assert "next_steps" in _sections(ev)


def test_a_name_is_no_modal_of_possibility() -> None:
    assert _evidence(MAY_VISITED).possible_step == ""


def test_strained_ties_are_a_risk_with_the_situation_as_background() -> None:
    ev = _evidence(TIES_STRAINED)
    assert ev.risk.cues == ("strained",)
    assert _sections(ev) == ("risk", "background")


def test_violence_is_a_risk_only_when_hedged() -> None:
    assert _evidence(VIOLENCE_BROKE_OUT).risk.cues == ()
    assert _evidence(VIOLENCE_COULD_SPREAD).risk.cues == ("Violence",)


def test_a_conditional_threat_is_a_risk() -> None:
    ev = _evidence(IF_THEY_CROSS)
    assert ev.risk.condition
    assert "risk" in _sections(ev)
    assert "next_steps" not in _sections(ev)


def test_a_labelled_interview_question_is_display_text_at_any_length() -> None:
    s = sent(LABELLED_QUESTION)
    labels = sorted(cues().of("question_labels"))
    assert len(s) > 14
    assert crosshead(s, Attribution(), quoted=False, labels=labels) == s.text.strip()
    assert crosshead(s, Attribution(), quoted=False) == ""  # unlabelled and long: not one


def test_a_declined_request_for_comment_is_about_the_reporting() -> None:
    assert meta(sent(DECLINED_TO_COMMENT), cues()) == "declined to comment"


# "Here is what it means ."
HERE_IS_WHAT = (
    "Here/here/ADV/RB/advmod/1 is/be/AUX/VBZ/ROOT/1 what/what/PRON/WP/dobj/4 "
    "it/it/PRON/PRP/nsubj/4 means/mean/VERB/VBZ/ccomp/1 ././PUNCT/./punct/1"
)


def test_an_explainers_promo_line_and_a_note_to_editors_are_display_text() -> None:
    assert meta(sent(HERE_IS_WHAT), cues()) == "here is what it means"
    assert _sections(_evidence(HERE_IS_WHAT)) == ("other",)
    said = spacy.blank("en")("Here is what the minister said on Friday: the talks go on.")
    assert meta(said[:], cues()) == ""  # a statement, not a promo
    note = spacy.blank("en")("Talks resume on Friday (ATTN: adds the minister's quote)")
    assert meta(note[:], cues()) == "(attn:"
