"""English attribution frames on hand-built Docs (invented sentences, no trained pipeline).

Speakers that name no actor ("critics said"), participles that speak for the phrase they
hang from ("..., saying ..."), and the other frames of issue 10.
"""

from __future__ import annotations

from briefing.classify.attribution import FIRST_PERSON_VIA, NOT_CONTINUED, attribute
from briefing.classify.evidence import Context, gather
from briefing.classify.rules import RuleScorer
from tests.unit._docs import PAIR, actors, cues, registry, sent

# "Critics said the plan failed ."
CRITICS = (
    "Critics/critic/NOUN/NNS/nsubj/1 said/say/VERB/VBD/ROOT/1 the/the/DET/DT/det/3 "
    "plan/plan/NOUN/NN/nsubj/4 failed/fail/VERB/VBD/ccomp/1 ././PUNCT/./punct/1"
)


def test_a_phrase_without_evidence_speaks_but_for_no_government() -> None:
    att = attribute(sent(CRITICS), actors(), cues(), quoted=False, last_speaker=None)
    assert att.speaker is not None
    assert att.speaker.phrase == "Critics"
    assert att.speaker.bare
    assert att.actor is None  # no evidence for any actor: the rules see no speaker
    assert att.unresolved  # and no later phrase may take its place
    assert att.speaker_government is None


def test_a_bare_speaker_is_not_a_government_position() -> None:
    # "Critics said Norway rejected the plan ."  : Norway's stance, reported by critics
    s = sent(
        "Critics/critic/NOUN/NNS/nsubj/1 said/say/VERB/VBD/ROOT/1 Norway/Norway/PROPN/NNP/nsubj/3 "
        "rejected/reject/VERB/VBD/ccomp/1 the/the/DET/DT/det/5 plan/plan/NOUN/NN/dobj/3 "
        "././PUNCT/./punct/1",
        govs=[(2, 3, "name", "NOR")],
    )
    ev = gather(s, actors(), cues(), context=Context(), last_speaker=None)
    assert ev.speaker is not None
    assert ev.speaker.bare
    placed = RuleScorer(cues()).place(ev, registry(), PAIR)
    assert placed.labels[0] == "position:NOR"


def test_a_quoted_first_person_pronoun_is_never_a_bare_speaker() -> None:
    # "“ I want peace . ”" : the quotation's speaker comes from its attribution
    s = sent(
        "“/“/PUNCT/``/punct/2 I/I/PRON/PRP/nsubj/2 want/want/VERB/VBP/ROOT/2 "
        "peace/peace/NOUN/NN/dobj/2 ././PUNCT/./punct/2 ”/”/PUNCT/''/punct/2"
    )
    att = attribute(s, actors(), cues(), quoted=True, last_speaker=None)
    assert att.speaker is None


def test_an_unquoted_first_person_speaks_as_a_bare_speaker() -> None:
    # "A : I think the plan failed ." : an interview's answer, or a writer's own view
    s = sent(
        "A/a/NOUN/NN/dep/3 :/:/PUNCT/:/punct/0 I/I/PRON/PRP/nsubj/3 think/think/VERB/VBP/ROOT/3 "
        "the/the/DET/DT/det/5 plan/plan/NOUN/NN/nsubj/6 failed/fail/VERB/VBD/ccomp/3 "
        "././PUNCT/./punct/3"
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speaker is not None
    assert att.speaker.phrase == "I"
    assert att.speaker.via == FIRST_PERSON_VIA
    assert att.speaker.via in NOT_CONTINUED
    assert att.actor is None  # names nobody: no evidence for any government


def test_a_participle_speaks_for_the_subject_of_its_verb() -> None:
    # "Norway left the talks , saying they had failed ."
    s = sent(
        "Norway/Norway/PROPN/NNP/nsubj/1 left/leave/VERB/VBD/ROOT/1 the/the/DET/DT/det/3 "
        "talks/talk/NOUN/NNS/dobj/1 ,/,/PUNCT/,/punct/1 saying/say/VERB/VBG/advcl/1 "
        "they/they/PRON/PRP/nsubj/8 had/have/AUX/VBD/aux/8 failed/fail/VERB/VBN/ccomp/5 "
        "././PUNCT/./punct/1",
        govs=[(0, 1, "name", "NOR")],
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speech is not None
    assert att.speech.text == "saying"
    assert att.speaker is not None
    assert att.speaker.record.government == "NOR"


def test_a_participle_after_a_noun_speaks_for_the_noun() -> None:
    # "Residents sent letters saying the road was closed ."
    s = sent(
        "Residents/resident/NOUN/NNS/nsubj/1 sent/send/VERB/VBD/ROOT/1 "
        "letters/letter/NOUN/NNS/dobj/1 saying/say/VERB/VBG/acl/2 the/the/DET/DT/det/5 "
        "road/road/NOUN/NN/nsubjpass/7 was/be/AUX/VBD/auxpass/7 closed/close/VERB/VBN/ccomp/3 "
        "././PUNCT/./punct/1"
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speech is not None
    assert att.speech.text == "saying"
    assert att.speaker is not None
    assert att.speaker.phrase == "letters"


# "The survey found that voters were tired ."
SURVEY = (
    "The/the/DET/DT/det/1 survey/survey/NOUN/NN/nsubj/2 found/find/VERB/VBD/ROOT/2 "
    "that/that/SCONJ/IN/mark/5 voters/voter/NOUN/NNS/nsubj/5 were/be/AUX/VBD/ccomp/2 "
    "tired/tired/ADJ/JJ/acomp/5 ././PUNCT/./punct/2"
)


def test_a_survey_that_finds_speaks_in_the_main_clause_as_a_bare_speaker() -> None:
    att = attribute(sent(SURVEY), actors(), cues(), quoted=False, last_speaker=None)
    assert att.speech is not None
    assert att.speech.lemma_ == "find"
    assert att.speaker is not None
    assert att.speaker.phrase == "The survey"
    assert att.speaker.bare


def test_what_a_government_video_shows_is_no_government_stance() -> None:
    # "A video by Norway showed the crash ."
    s = sent(
        "A/a/DET/DT/det/1 video/video/NOUN/NN/nsubj/4 by/by/ADP/IN/prep/1 "
        "Norway/Norway/PROPN/NNP/pobj/2 showed/show/VERB/VBD/ROOT/4 the/the/DET/DT/det/6 "
        "crash/crash/NOUN/NN/dobj/4 ././PUNCT/./punct/4",
        govs=[(3, 4, "name", "NOR")],
    )
    ev = gather(s, actors(), cues(), context=Context(), last_speaker=None)
    assert ev.speaker is not None
    assert ev.speaker.bare
    assert ev.attribution.speaker_government is None
    placed = RuleScorer(cues()).place(ev, registry(), PAIR)
    assert not any(label.startswith("position:") for label in placed.labels)


def test_a_participle_after_the_main_clause_is_the_main_speech() -> None:
    # "Norway left the talks , arguing it failed ."
    s = sent(
        "Norway/Norway/PROPN/NNP/nsubj/1 left/leave/VERB/VBD/ROOT/1 the/the/DET/DT/det/3 "
        "talks/talk/NOUN/NNS/dobj/1 ,/,/PUNCT/,/punct/1 arguing/argue/VERB/VBG/advcl/1 "
        "it/it/PRON/PRP/nsubj/7 failed/fail/VERB/VBD/ccomp/5 ././PUNCT/./punct/1",
        govs=[(0, 1, "name", "NOR")],
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speech is not None
    assert att.speech.text == "arguing"
    assert not att.subordinate_speech


def test_an_evidence_verb_in_a_subordinate_clause_names_no_speaker() -> None:
    # "Police left after learning that a video showed the fight ."
    s = sent(
        "Police/police/NOUN/NNS/nsubj/1 left/leave/VERB/VBD/ROOT/1 after/after/ADP/IN/prep/1 "
        "learning/learn/VERB/VBG/pcomp/2 that/that/SCONJ/IN/mark/7 a/a/DET/DT/det/6 "
        "video/video/NOUN/NN/nsubj/7 showed/show/VERB/VBD/ccomp/3 the/the/DET/DT/det/9 "
        "fight/fight/NOUN/NN/dobj/7 ././PUNCT/./punct/1"
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speech is None
    assert att.speaker is None


def test_a_joke_is_speech() -> None:
    # "Critics joked that the plan was old ."
    s = sent(
        "Critics/critic/NOUN/NNS/nsubj/1 joked/joke/VERB/VBD/ROOT/1 that/that/SCONJ/IN/mark/5 "
        "the/the/DET/DT/det/4 plan/plan/NOUN/NN/nsubj/5 was/be/AUX/VBD/ccomp/1 "
        "old/old/ADJ/JJ/acomp/5 ././PUNCT/./punct/1"
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speech is not None
    assert att.speech.lemma_ == "joke"


def test_a_relative_clause_that_speaks_names_its_antecedent_as_a_bare_speaker() -> None:
    # "The plan angered farmers , who say it is unfair ."
    s = sent(
        "The/the/DET/DT/det/1 plan/plan/NOUN/NN/nsubj/2 angered/anger/VERB/VBD/ROOT/2 "
        "farmers/farmer/NOUN/NNS/dobj/2 ,/,/PUNCT/,/punct/3 who/who/PRON/WP/nsubj/6 "
        "say/say/VERB/VBP/relcl/3 it/it/PRON/PRP/nsubj/8 is/be/AUX/VBZ/ccomp/6 "
        "unfair/unfair/ADJ/JJ/acomp/8 ././PUNCT/./punct/2"
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speaker is not None
    assert att.speaker.bare
    assert att.speaker.phrase == "farmers"
    assert att.speech is None  # the sentence itself reports no speech


def test_a_sign_off_with_a_handle_and_a_date_names_the_speaker() -> None:
    # "We will win — Jane Roe ( @roe ) May 5"
    s = sent(
        "We/we/PRON/PRP/nsubj/2 will/will/AUX/MD/aux/2 win/win/VERB/VB/ROOT/2 "
        "—/—/PUNCT/:/punct/2 Jane/Jane/PROPN/NNP/compound/5 Roe/Roe/PROPN/NNP/appos/2 "
        "(/(/PUNCT/-LRB-/punct/5 @roe/@roe/PROPN/NNP/appos/5 )/)/PUNCT/-RRB-/punct/5 "
        "May/May/PROPN/NNP/npadvmod/2 5/5/NUM/CD/nummod/9",
        ents=[(4, 6, "PERSON"), (9, 11, "DATE")],
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speaker is not None
    assert att.speaker.record.name == "Jane Roe"
    assert att.stance_reason == "signs off the quotation"


def test_actors_explain_a_bare_speaker() -> None:
    who = actors()
    attribute(sent(CRITICS), who, cues(), quoted=False, last_speaker=None)
    frozen = [a for a in who.actors() if a.name == "Critics"]
    assert len(frozen) == 1
    assert frozen[0].government is None
    assert frozen[0].evidence.startswith("bare speaker 'Critics'")


# "Norway banned imports , although Jane Roe disputes this ."
SUBORDINATE = (
    "Norway/Norway/PROPN/NNP/nsubj/1 banned/ban/VERB/VBD/ROOT/1 imports/import/NOUN/NNS/dobj/1 "
    ",/,/PUNCT/,/punct/1 although/although/SCONJ/IN/mark/7 Jane/Jane/PROPN/NNP/compound/6 "
    "Roe/Roe/PROPN/NNP/nsubj/7 disputes/dispute/VERB/VBZ/advcl/1 this/this/PRON/DT/dobj/7 "
    "././PUNCT/./punct/1"
)


def test_a_subordinate_stance_names_its_speaker_but_not_the_sentences_statement() -> None:
    # Norway's policy act stays Norway's; Roe speaks only in the subordinate clause
    s = sent(SUBORDINATE, govs=[(0, 1, "name", "NOR")], ents=[(5, 7, "PERSON")])
    ev = gather(s, actors(), cues(), context=Context(), last_speaker=None)
    assert ev.speaker is not None
    assert ev.speaker.record.name == "Jane Roe"
    assert ev.speaker.bare
    assert ev.attribution.actor is None
    assert ev.attribution.own_speaker is None
    assert ev.attribution.stance_gov == "NOR"
    placed = RuleScorer(cues()).place(ev, registry(), PAIR)
    assert placed.labels[0] == "position:NOR"


def test_a_subordinate_pronoun_names_the_person_it_stands_for() -> None:
    # "Jane Roe said it . The bill passed because she supported it ."
    who = actors()
    first = sent(
        "Jane/Jane/PROPN/NNP/compound/1 Roe/Roe/PROPN/NNP/nsubj/2 said/say/VERB/VBD/ROOT/2 "
        "it/it/PRON/PRP/dobj/2 ././PUNCT/./punct/2",
        ents=[(0, 2, "PERSON")],
    )
    who.learn(first)
    attribute(first, who, cues(), quoted=False, last_speaker=None)
    s = sent(
        "The/the/DET/DT/det/1 bill/bill/NOUN/NN/nsubj/2 passed/pass/VERB/VBD/ROOT/2 "
        "because/because/SCONJ/IN/mark/5 she/she/PRON/PRP/nsubj/5 "
        "supported/support/VERB/VBD/advcl/2 it/it/PRON/PRP/dobj/5 ././PUNCT/./punct/2"
    )
    att = attribute(s, who, cues(), quoted=False, last_speaker=None)
    assert att.speaker is not None
    assert att.speaker.bare  # never the sentence's own speaker
    assert att.speaker.record.name == "Jane Roe"


def test_a_topic_verb_shows_its_subject_as_a_bare_speaker() -> None:
    # "Norway spoke about the plan ."  : no stance, no reported clause, no position
    s = sent(
        "Norway/Norway/PROPN/NNP/nsubj/1 spoke/speak/VERB/VBD/ROOT/1 about/about/ADP/IN/prep/1 "
        "the/the/DET/DT/det/4 plan/plan/NOUN/NN/pobj/2 ././PUNCT/./punct/1",
        govs=[(0, 1, "name", "NOR")],
    )
    ev = gather(s, actors(), cues(), context=Context(), last_speaker=None)
    assert ev.speaker is not None
    assert ev.speaker.bare
    assert ev.attribution.speech is None
    assert ev.attribution.speaker_government is None
    placed = RuleScorer(cues()).place(ev, registry(), PAIR)
    assert not any(label.startswith("position:") for label in placed.labels)


def test_a_subordinate_speaker_continues_no_quotation() -> None:
    # "Norway banned imports , although Jane Roe disputes this .": Roe is no last speaker
    from briefing.classify.attribution import SUBORDINATE_VIA

    s = sent(SUBORDINATE, govs=[(0, 1, "name", "NOR")], ents=[(5, 7, "PERSON")])
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speaker is not None
    assert att.speaker.via == SUBORDINATE_VIA
