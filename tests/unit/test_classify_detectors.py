"""Every content detector and syntax question on hand-built Docs (no trained pipeline).

The sentences are invented; each token's parse is given explicitly (see ``_docs``).
"""

from __future__ import annotations

from briefing.classify import detectors, syntax
from briefing.classify.attribution import Attribution
from briefing.classify.detectors import future, meta, not_a_step, request, risk, risk_cues
from tests.unit._docs import cues, sent

# "Officials will meet in Geneva next week ."
MEET_NEXT_WEEK = (
    "Officials/official/NOUN/NNS/nsubj/2 will/will/AUX/MD/aux/2 meet/meet/VERB/VB/ROOT/2 "
    "in/in/ADP/IN/prep/2 Geneva/Geneva/PROPN/NNP/pobj/3 next/next/ADJ/JJ/amod/6 "
    "week/week/NOUN/NN/npadvmod/2 ././PUNCT/./punct/2"
)
# "We will review the accord ."  (own move: first person, not a scheduling verb)
WE_WILL_REVIEW = (
    "We/we/PRON/PRP/nsubj/2 will/will/AUX/MD/aux/2 review/review/VERB/VB/ROOT/2 "
    "the/the/DET/DT/det/4 accord/accord/NOUN/NN/dobj/2 ././PUNCT/./punct/2"
)
# "The ban will remain in place ."  (a stative future: a state, not a step)
WILL_REMAIN = (
    "The/the/DET/DT/det/1 ban/ban/NOUN/NN/nsubj/3 will/will/AUX/MD/aux/3 "
    "remain/remain/VERB/VB/ROOT/3 in/in/ADP/IN/prep/3 place/place/NOUN/NN/pobj/4 "
    "././PUNCT/./punct/3"
)


class _Actors:
    """The two questions detectors ask of the actor matcher, answered "no"."""

    pair = ("AAA", "BBB")

    def is_non_government(self, _phrase: object) -> bool:
        return False

    def is_speaker_noun(self, _tok: object) -> bool:
        return False


NO_SPEAKER = Attribution()


def test_future_schedule_is_a_neutral_schedule() -> None:
    s = sent(MEET_NEXT_WEEK)
    f = future(s, NO_SPEAKER, _Actors(), cues())  # type: ignore[arg-type]
    assert f.marker == "'will meet'"
    assert f.schedule_only
    assert not f.negated
    assert f.mover is None  # a scheduling verb is no declared move


def test_future_own_move_in_first_person() -> None:
    s = sent(WE_WILL_REVIEW)
    f = future(s, NO_SPEAKER, _Actors(), cues())  # type: ignore[arg-type]
    assert f.marker == "'will review'"
    assert not f.schedule_only
    assert f.mover is not None
    assert f.mover.text == "We"


def test_stative_future_states_a_condition() -> None:
    s = sent(WILL_REMAIN)
    f = future(s, NO_SPEAKER, _Actors(), cues())  # type: ignore[arg-type]
    assert f.marker == ""
    assert f.negated
    assert not_a_step(s[3], cues())


def test_only_makes_a_future_a_condition() -> None:
    # "Talks will only resume if ..." reduced to its main clause
    s = sent(
        "Talks/talk/NOUN/NNS/nsubj/3 will/will/AUX/MD/aux/3 only/only/ADV/RB/advmod/3 "
        "resume/resume/VERB/VB/ROOT/3 ././PUNCT/./punct/3"
    )
    assert not_a_step(s[3], cues())


def test_calendar_passive_with_a_day() -> None:
    # "A meeting is set for Friday ."
    s = sent(
        "A/a/DET/DT/det/1 meeting/meeting/NOUN/NN/nsubjpass/3 is/be/AUX/VBZ/auxpass/3 "
        "set/set/VERB/VBN/ROOT/3 for/for/ADP/IN/prep/3 Friday/Friday/PROPN/NNP/pobj/4 "
        "././PUNCT/./punct/3",
        ents=[(5, 6, "DATE")],
    )
    f = future(s, NO_SPEAKER, _Actors(), cues())  # type: ignore[arg-type]
    assert f.marker == "'set' for a date"
    assert f.schedule_only


def test_past_calendar_passive_is_not_a_step() -> None:
    s = sent(
        "A/a/DET/DT/det/1 meeting/meeting/NOUN/NN/nsubjpass/3 was/be/AUX/VBD/auxpass/3 "
        "set/set/VERB/VBN/ROOT/3 for/for/ADP/IN/prep/3 Friday/Friday/PROPN/NNP/pobj/4 "
        "././PUNCT/./punct/3",
        ents=[(5, 6, "DATE")],
    )
    assert future(s, NO_SPEAKER, _Actors(), cues()).marker == ""  # type: ignore[arg-type]


def test_present_schedule_with_a_date() -> None:
    # "Leaders meet in Rome on Thursday ."
    s = sent(
        "Leaders/leader/NOUN/NNS/nsubj/1 meet/meet/VERB/VBP/ROOT/1 in/in/ADP/IN/prep/1 "
        "Rome/Rome/PROPN/NNP/pobj/2 on/on/ADP/IN/prep/1 Thursday/Thursday/PROPN/NNP/pobj/4 "
        "././PUNCT/./punct/1",
        ents=[(5, 6, "DATE")],
    )
    f = future(s, NO_SPEAKER, _Actors(), cues())  # type: ignore[arg-type]
    assert f.marker == "'meet' + time 'Thursday'"
    assert f.schedule_only


def test_last_thursday_is_not_a_future_date() -> None:
    s = sent(
        "Leaders/leader/NOUN/NNS/nsubj/1 meet/meet/VERB/VBP/ROOT/1 "
        "last/last/ADJ/JJ/amod/3 Thursday/Thursday/PROPN/NNP/npadvmod/1 ././PUNCT/./punct/1",
        ents=[(2, 4, "DATE")],
    )
    assert syntax.dated(s, cues()) == []


def test_request_in_first_person() -> None:
    # "We ask both sides to stop ."
    s = sent(
        "We/we/PRON/PRP/nsubj/1 ask/ask/VERB/VBP/ROOT/1 both/both/DET/DT/det/3 "
        "sides/side/NOUN/NNS/dobj/1 to/to/PART/TO/aux/5 stop/stop/VERB/VB/xcomp/1 "
        "././PUNCT/./punct/1"
    )
    r = request(s, cues())
    assert r.reason == "request 'We ask ... to'"
    assert r.verb is not None
    assert r.verb.text == "ask"


def test_negated_request_is_none() -> None:
    # "We do not ask them to stop ."
    s = sent(
        "We/we/PRON/PRP/nsubj/3 do/do/AUX/VBP/aux/3 not/not/PART/RB/neg/3 ask/ask/VERB/VB/ROOT/3 "
        "them/they/PRON/PRP/dobj/3 to/to/PART/TO/aux/6 stop/stop/VERB/VB/xcomp/3 "
        "././PUNCT/./punct/3"
    )
    assert request(s, cues()).reason == ""


def test_risk_cue_and_mitigation() -> None:
    # "The dispute raises fears of war ."  vs  "They tackle the threat ."
    fears = sent(
        "The/the/DET/DT/det/1 dispute/dispute/NOUN/NN/nsubj/2 raises/raise/VERB/VBZ/ROOT/2 "
        "fears/fear/NOUN/NNS/dobj/2 of/of/ADP/IN/prep/3 war/war/NOUN/NN/pobj/4 ././PUNCT/./punct/2"
    )
    assert risk_cues(fears, cues()) == ["fears"]  # "war" and "dispute" need a hedge
    tackle = sent(
        "They/they/PRON/PRP/nsubj/1 tackle/tackle/VERB/VBP/ROOT/1 the/the/DET/DT/det/3 "
        "threat/threat/NOUN/NN/dobj/1 ././PUNCT/./punct/1"
    )
    assert risk_cues(tackle, cues()) == []


def test_hedged_weak_risk_counts() -> None:
    # "Sanctions could follow ."
    s = sent(
        "Sanctions/sanction/NOUN/NNS/nsubj/2 could/could/AUX/MD/aux/2 follow/follow/VERB/VB/ROOT/2 "
        "././PUNCT/./punct/2"
    )
    assert risk_cues(s, cues()) == ["Sanctions"]


def test_negated_risk_is_none() -> None:
    # "The drills pose no threat ."  (drills are military: dated to no year, they count)
    s = sent(
        "It/it/PRON/PRP/nsubj/1 poses/pose/VERB/VBZ/ROOT/1 no/no/DET/DT/det/3 "
        "threat/threat/NOUN/NN/dobj/1 ././PUNCT/./punct/1"
    )
    assert risk_cues(s, cues()) == []


def test_military_activity_counts_unless_historical() -> None:
    current = sent(
        "Troops/troop/NOUN/NNS/nsubj/1 began/begin/VERB/VBD/ROOT/1 a/a/DET/DT/det/3 "
        "drill/drill/NOUN/NN/dobj/1 ././PUNCT/./punct/1"
    )
    assert risk_cues(current, cues()) == ["drill"]
    old = sent(
        "In/in/ADP/IN/prep/3 2010/2010/NUM/CD/pobj/0 troops/troop/NOUN/NNS/nsubj/3 "
        "began/begin/VERB/VBD/ROOT/3 a/a/DET/DT/det/5 drill/drill/NOUN/NN/dobj/3 "
        "././PUNCT/./punct/3",
        ents=[(1, 2, "DATE")],
    )
    assert risk_cues(old, cues()) == []
    r = risk(current, cues())
    assert r.past
    assert r.cues == ("drill",)


def test_meta_opener_and_source_note() -> None:
    by = sent("Reporting/report/NOUN/NN/ROOT/0 by/by/ADP/IN/prep/0 Ann/Ann/PROPN/NNP/pobj/1")
    assert meta(by, cues()) == "reporting by"
    opener = sent(
        "He/he/PRON/PRP/nsubj/1 spoke/speak/VERB/VBD/ROOT/1 on/on/ADP/IN/prep/1 "
        "condition/condition/NOUN/NN/pobj/2 of/of/ADP/IN/prep/3 anonymity/anonymity/NOUN/NN/pobj/4 "
        "././PUNCT/./punct/1"
    )
    assert meta(opener, cues()) == "he spoke on condition"
    # "The aide was not authorized to speak publicly ."  (a note anywhere in the sentence)
    note = sent(
        "The/the/DET/DT/det/1 aide/aide/NOUN/NN/nsubjpass/4 was/be/AUX/VBD/auxpass/4 "
        "not/not/PART/RB/neg/4 authorized/authorize/VERB/VBN/ROOT/4 to/to/PART/TO/aux/6 "
        "speak/speak/VERB/VB/xcomp/4 publicly/publicly/ADV/RB/advmod/6 ././PUNCT/./punct/4"
    )
    assert meta(note, cues()) == "not authorized to speak"
    plain = sent("Talks/talk/NOUN/NNS/nsubj/1 ended/end/VERB/VBD/ROOT/1 ././PUNCT/./punct/1")
    assert meta(plain, cues()) == ""


# "The ministry said 12 people died ."  — speech verb "said", reported clause "died"
FIGURES = (
    "The/the/DET/DT/det/1 ministry/ministry/NOUN/NN/nsubj/2 said/say/VERB/VBD/ROOT/2 "
    "12/12/NUM/CD/nummod/4 people/people/NOUN/NNS/nsubj/5 died/die/VERB/VBD/ccomp/2 "
    "././PUNCT/./punct/2"
)


def test_factual_report_of_figures() -> None:
    s = sent(FIGURES, ents=[(3, 4, "CARDINAL")])
    att = Attribution(speech=s[2], speech_verb=s[2])
    assert detectors.factual_report(s, att, cues()) == "12"


def test_a_modal_makes_figures_a_stance() -> None:
    # "The ministry said 12 people may die ."
    s = sent(
        "The/the/DET/DT/det/1 ministry/ministry/NOUN/NN/nsubj/2 said/say/VERB/VBD/ROOT/2 "
        "12/12/NUM/CD/nummod/4 people/people/NOUN/NNS/nsubj/6 may/may/AUX/MD/aux/6 "
        "die/die/VERB/VB/ccomp/2 ././PUNCT/./punct/2",
        ents=[(3, 4, "CARDINAL")],
    )
    att = Attribution(speech=s[2], speech_verb=s[2])
    assert detectors.factual_report(s, att, cues()) == ""


def test_reported_military_action_is_a_fact() -> None:
    # "The army said it shelled the town ."
    s = sent(
        "The/the/DET/DT/det/1 army/army/NOUN/NN/nsubj/2 said/say/VERB/VBD/ROOT/2 "
        "it/it/PRON/PRP/nsubj/4 shelled/shell/VERB/VBD/ccomp/2 the/the/DET/DT/det/6 "
        "town/town/NOUN/NN/dobj/4 ././PUNCT/./punct/2"
    )
    att = Attribution(speech=s[2], speech_verb=s[2])
    assert detectors.factual_report(s, att, cues()) == "military action"


def test_syntax_questions() -> None:
    s = sent(FIGURES, ents=[(3, 4, "CARDINAL")])
    said, died = s[2], s[5]
    assert syntax.subject(said) is not None
    assert syntax.subject(said).text == "ministry"
    assert syntax.complement(said) == died
    assert syntax.reported_clause(said) == died
    assert syntax.clause_level(said, s) == "main"
    assert syntax.clause_level(died, s) == "complement"
    assert syntax.is_past(died, cues())
    assert not syntax.is_passive(said)


def test_colon_inside_a_token_is_no_quotation() -> None:
    # "Talks began at 6:00 ."  — the colon is inside a token: no introduction
    s = sent(
        "Talks/talk/NOUN/NNS/nsubj/1 began/begin/VERB/VBD/ROOT/1 at/at/ADP/IN/prep/1 "
        "6:00/6:00/NUM/CD/pobj/2 ././PUNCT/./punct/1"
    )
    assert syntax.opens_quotation_after_colon(s) is None
    quoted = sent(
        "He/he/PRON/PRP/nsubj/1 warned/warn/VERB/VBD/ROOT/1 :/:/PUNCT/:/punct/1 "
        "“/“/PUNCT/``/punct/4 Enough/enough/ADJ/JJ/dep/1 ”/”/PUNCT/''/punct/4"
    )
    assert syntax.opens_quotation_after_colon(quoted) is not None


def test_quote_tracking() -> None:
    assert syntax.quote_open_after("He said “we will", False)
    assert not syntax.quote_open_after("go home,” he said.", True)


def test_meta_request_for_comment_and_lead_in() -> None:
    # "The ministry did not respond to a request for comment ."
    no_comment = sent(
        "The/the/DET/DT/det/1 ministry/ministry/NOUN/NN/nsubj/4 did/do/AUX/VBD/aux/4 "
        "not/not/PART/RB/neg/4 respond/respond/VERB/VB/ROOT/4 to/to/ADP/IN/prep/4 "
        "a/a/DET/DT/det/7 request/request/NOUN/NN/pobj/5 for/for/ADP/IN/prep/7 "
        "comment/comment/NOUN/NN/pobj/8 ././PUNCT/./punct/4"
    )
    assert meta(no_comment, cues()) == "for comment"
    # "The minister said :"  — a lead-in whose content is the next unit
    lead_in = sent(
        "The/the/DET/DT/det/1 minister/minister/NOUN/NN/nsubj/2 said/say/VERB/VBD/ROOT/2 "
        ":/:/PUNCT/:/punct/2"
    )
    assert meta(lead_in, cues()) == "a lead-in ending with ':'"


def test_a_stative_verb_governing_a_step_is_a_step() -> None:
    # "Both sides will need to settle the claims ."
    s = sent(
        "Both/both/DET/DT/det/1 sides/side/NOUN/NNS/nsubj/3 will/will/AUX/MD/aux/3 "
        "need/need/VERB/VB/ROOT/3 to/to/PART/TO/aux/5 settle/settle/VERB/VB/xcomp/3 "
        "the/the/DET/DT/det/7 claims/claim/NOUN/NNS/dobj/5 ././PUNCT/./punct/3"
    )
    assert not not_a_step(s[3], cues())
    f = future(s, NO_SPEAKER, _Actors(), cues())  # type: ignore[arg-type]
    assert f.marker == "'will need'"
    assert not f.negated


def test_present_be_with_an_infinitive_is_a_step() -> None:
    # "Consulates are to reopen ."
    s = sent(
        "Consulates/consulate/NOUN/NNS/nsubj/1 are/be/AUX/VBP/ROOT/1 to/to/PART/TO/aux/3 "
        "reopen/reopen/VERB/VB/xcomp/1 ././PUNCT/./punct/1"
    )
    assert future(s, NO_SPEAKER, _Actors(), cues()).marker == "'are to reopen'"  # type: ignore[arg-type]


def test_an_aim_is_not_a_step() -> None:
    # "The aim is to reopen ."  (states a view, not a step)
    s = sent(
        "The/the/DET/DT/det/1 aim/aim/NOUN/NN/nsubj/2 is/be/AUX/VBZ/ROOT/2 to/to/PART/TO/aux/4 "
        "reopen/reopen/VERB/VB/xcomp/2 ././PUNCT/./punct/2"
    )
    assert future(s, NO_SPEAKER, _Actors(), cues()).marker == ""  # type: ignore[arg-type]


def test_a_commitment_is_a_possible_step_without_a_time() -> None:
    # "The ministers pledged to restore ties ."
    s = sent(
        "The/the/DET/DT/det/1 ministers/minister/NOUN/NNS/nsubj/2 pledged/pledge/VERB/VBD/ROOT/2 "
        "to/to/PART/TO/aux/4 restore/restore/VERB/VB/xcomp/2 ties/tie/NOUN/NNS/dobj/4 "
        "././PUNCT/./punct/2"
    )
    step = detectors.possible_step(s, NO_SPEAKER, cues())
    assert step is not None
    assert step.marker == "'pledged to restore'"


def test_a_commitment_refused_is_not_a_step() -> None:
    # "The ministers did not pledge to restore ties ."
    s = sent(
        "The/the/DET/DT/det/1 ministers/minister/NOUN/NNS/nsubj/4 did/do/AUX/VBD/aux/4 "
        "not/not/PART/RB/neg/4 pledge/pledge/VERB/VB/ROOT/4 to/to/PART/TO/aux/6 "
        "restore/restore/VERB/VB/xcomp/4 ties/tie/NOUN/NNS/dobj/6 ././PUNCT/./punct/4"
    )
    assert detectors.possible_step(s, NO_SPEAKER, cues()) is None


def test_concern_meaning_be_about_is_no_risk() -> None:
    # "The talks concern trade ."  vs  "The talks raise concern ."
    about = sent(
        "The/the/DET/DT/det/1 talks/talk/NOUN/NNS/nsubj/2 concern/concern/VERB/VBP/ROOT/2 "
        "trade/trade/NOUN/NN/dobj/2 ././PUNCT/./punct/2"
    )
    assert risk_cues(about, cues()) == []
    # "They helped the people concerned ."
    after_noun = sent(
        "They/they/PRON/PRP/nsubj/1 helped/help/VERB/VBD/ROOT/1 the/the/DET/DT/det/3 "
        "people/people/NOUN/NNS/dobj/1 concerned/concern/VERB/VBN/acl/3 ././PUNCT/./punct/1"
    )
    assert risk_cues(after_noun, cues()) == []
    worry = sent(
        "The/the/DET/DT/det/1 talks/talk/NOUN/NNS/nsubj/2 raise/raise/VERB/VBP/ROOT/2 "
        "concern/concern/NOUN/NN/dobj/2 ././PUNCT/./punct/2"
    )
    assert risk_cues(worry, cues()) == ["concern"]


def test_contracted_negation_and_elimination_are_no_risk() -> None:
    # "It does n't threaten us ."
    negated = sent(
        "It/it/PRON/PRP/nsubj/3 does/do/AUX/VBZ/aux/3 n't/not/PART/RB/neg/3 "
        "threaten/threaten/VERB/VB/ROOT/3 us/we/PRON/PRP/dobj/3 ././PUNCT/./punct/3"
    )
    assert risk_cues(negated, cues()) == []
    # "They eliminated the threat ."
    removed = sent(
        "They/they/PRON/PRP/nsubj/1 eliminated/eliminate/VERB/VBD/ROOT/1 the/the/DET/DT/det/3 "
        "threat/threat/NOUN/NN/dobj/1 ././PUNCT/./punct/1"
    )
    assert risk_cues(removed, cues()) == []


def test_meta_developing_story_and_reported_from() -> None:
    # "More to come ."  and  "Ann reported from Paris ."
    more = sent(
        "More/more/ADJ/JJR/nsubj/1 to/to/PART/TO/aux/2 come/come/VERB/VB/ROOT/2 ././PUNCT/./punct/2"
    )
    assert meta(more, cues()) == "more to come"
    place = sent(
        "Ann/Ann/PROPN/NNP/nsubj/1 reported/report/VERB/VBD/ROOT/1 from/from/ADP/IN/prep/1 "
        "Paris/Paris/PROPN/NNP/pobj/2 ././PUNCT/./punct/1"
    )
    assert meta(place, cues()) == "reported from"
    # "Ann reported that talks failed ."  is no note about the source
    content = sent(
        "Ann/Ann/PROPN/NNP/nsubj/1 reported/report/VERB/VBD/ROOT/1 that/that/SCONJ/IN/mark/4 "
        "talks/talk/NOUN/NNS/nsubj/4 failed/fail/VERB/VBD/ccomp/1 ././PUNCT/./punct/1"
    )
    assert meta(content, cues()) == ""


def test_a_future_of_effect_is_no_step() -> None:
    # "The stance will complicate talks ."
    s = sent(
        "The/the/DET/DT/det/1 stance/stance/NOUN/NN/nsubj/3 will/will/AUX/MD/aux/3 "
        "complicate/complicate/VERB/VB/ROOT/3 talks/talk/NOUN/NNS/dobj/3 ././PUNCT/./punct/3"
    )
    assert not_a_step(s[3], cues())
    assert future(s, NO_SPEAKER, _Actors(), cues()).marker == ""  # type: ignore[arg-type]


def test_be_with_an_adjective_is_a_state_unless_it_governs_a_step() -> None:
    # "Returns will be low ."  vs  "They will be ready to sign ."
    low = sent(
        "Returns/return/NOUN/NNS/nsubj/2 will/will/AUX/MD/aux/2 be/be/AUX/VB/ROOT/2 "
        "low/low/ADJ/JJ/acomp/2 ././PUNCT/./punct/2"
    )
    assert not_a_step(low[2], cues())
    ready = sent(
        "They/they/PRON/PRP/nsubj/2 will/will/AUX/MD/aux/2 be/be/AUX/VB/ROOT/2 "
        "ready/ready/ADJ/JJ/acomp/2 to/to/PART/TO/aux/5 sign/sign/VERB/VB/xcomp/3 "
        "././PUNCT/./punct/2"
    )
    assert not not_a_step(ready[2], cues())


def test_next_to_is_a_place_not_a_time() -> None:
    # "It sits next to the coast ."  vs  "They meet next week ."
    place = sent(
        "It/it/PRON/PRP/nsubj/1 sits/sit/VERB/VBZ/ROOT/1 next/next/ADV/RB/advmod/1 "
        "to/to/ADP/IN/prep/2 the/the/DET/DT/det/5 coast/coast/NOUN/NN/pobj/3 ././PUNCT/./punct/1"
    )
    assert syntax.time_words(place, cues()) == []
    week = sent(
        "They/they/PRON/PRP/nsubj/1 meet/meet/VERB/VBP/ROOT/1 next/next/ADJ/JJ/amod/3 "
        "week/week/NOUN/NN/npadvmod/1 ././PUNCT/./punct/1"
    )
    assert syntax.time_words(week, cues()) == ["next"]


def test_reversing_or_refusing_a_risk_is_no_risk() -> None:
    # "Relations may de - escalate ."  (the tokenizer splits the hyphen)
    prefixed = sent(
        "Relations/relation/NOUN/NNS/nsubj/4 may/may/AUX/MD/aux/4 de/de/X/FW/advmod/4 "
        "-/-/PUNCT/HYPH/punct/4 escalate/escalate/VERB/VB/ROOT/4 ././PUNCT/./punct/4"
    )
    assert risk_cues(prefixed, cues()) == []
    # "He refused to discuss punitive measures ."
    refused = sent(
        "He/he/PRON/PRP/nsubj/1 refused/refuse/VERB/VBD/ROOT/1 to/to/PART/TO/aux/3 "
        "discuss/discuss/VERB/VB/xcomp/1 punitive/punitive/ADJ/JJ/amod/5 "
        "measures/measure/NOUN/NNS/dobj/3 ././PUNCT/./punct/1"
    )
    assert risk_cues(refused, cues()) == []
