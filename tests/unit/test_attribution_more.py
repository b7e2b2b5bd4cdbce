"""More attribution frames of issue 10 on hand-built Docs (invented names and sentences).

Verbs of thought ("X thinks ..."), speaker labels ("Name: ..."), plural pronouns that
never stand for one person, a pronoun whose paragraph names the person first, and an
undated article filing a registry person under their most recent term.
"""

from __future__ import annotations

from briefing.classify.attribution import attribute
from briefing.nlp.records import current_term
from briefing.nlp.registry import Person
from tests.unit._docs import actors, cues, sent


def test_a_verb_of_thought_names_its_subject_as_the_speaker() -> None:
    # "Jane Ostrow thinks the plan failed ."
    s = sent(
        "Jane/Jane/PROPN/NNP/compound/1 Ostrow/Ostrow/PROPN/NNP/nsubj/2 "
        "thinks/think/VERB/VBZ/ROOT/2 the/the/DET/DT/det/4 plan/plan/NOUN/NN/nsubj/5 "
        "failed/fail/VERB/VBD/ccomp/2 ././PUNCT/./punct/2",
        ents=[(0, 2, "PERSON")],
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speech is not None
    assert att.speech.lemma_ == "think"
    assert att.speaker is not None
    assert att.speaker.record.name == "Jane Ostrow"


# "Jane Ostrow : We will stay ."
LABEL = (
    "Jane/Jane/PROPN/NNP/compound/1 Ostrow/Ostrow/PROPN/NNP/ROOT/1 :/:/PUNCT/:/punct/1 "
    "We/we/PRON/PRP/nsubj/5 will/will/AUX/MD/aux/5 stay/stay/VERB/VB/parataxis/1 "
    "././PUNCT/./punct/1"
)


def test_a_name_before_a_colon_opening_the_sentence_is_its_speaker() -> None:
    att = attribute(
        sent(LABEL, ents=[(0, 2, "PERSON")]), actors(), cues(), quoted=False, last_speaker=None
    )
    assert att.speaker is not None
    assert att.speaker.record.name == "Jane Ostrow"
    assert "speaker label" in att.stance_reason


def test_a_colon_after_words_that_are_not_a_name_labels_no_speaker() -> None:
    # "The result : we will stay ."  (no person before the colon)
    s = sent(
        "The/the/DET/DT/det/1 result/result/NOUN/NN/ROOT/1 :/:/PUNCT/:/punct/1 "
        "we/we/PRON/PRP/nsubj/5 will/will/AUX/MD/aux/5 stay/stay/VERB/VB/parataxis/1 "
        "././PUNCT/./punct/1"
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speaker is None


def test_a_speech_verb_beats_a_verb_of_thought_in_the_same_sentence() -> None:
    # "Jane Ostrow thinks the plan failed , Lars Berg said ."
    s = sent(
        "Jane/Jane/PROPN/NNP/compound/1 Ostrow/Ostrow/PROPN/NNP/nsubj/2 "
        "thinks/think/VERB/VBZ/ROOT/2 the/the/DET/DT/det/4 plan/plan/NOUN/NN/nsubj/5 "
        "failed/fail/VERB/VBD/ccomp/2 ,/,/PUNCT/,/punct/2 Lars/Lars/PROPN/NNP/compound/8 "
        "Berg/Berg/PROPN/NNP/nsubj/9 said/say/VERB/VBD/parataxis/2 ././PUNCT/./punct/2",
        ents=[(0, 2, "PERSON"), (7, 9, "PERSON")],
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speaker is not None
    assert att.speaker.record.name == "Lars Berg"


def test_a_generic_you_is_no_speaker_of_a_verb_of_thought() -> None:
    # "You know the plan failed ."
    s = sent(
        "You/you/PRON/PRP/nsubj/1 know/know/VERB/VBP/ROOT/1 the/the/DET/DT/det/3 "
        "plan/plan/NOUN/NN/nsubj/4 failed/fail/VERB/VBD/ccomp/1 ././PUNCT/./punct/1"
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speech is None


def test_they_never_stands_for_one_named_person() -> None:
    # "Jane Ostrow said the plan failed ."  then  "They said it failed ."
    acts = actors()
    first = sent(
        "Jane/Jane/PROPN/NNP/compound/1 Ostrow/Ostrow/PROPN/NNP/nsubj/2 "
        "said/say/VERB/VBD/ROOT/2 the/the/DET/DT/det/4 plan/plan/NOUN/NN/nsubj/5 "
        "failed/fail/VERB/VBD/ccomp/2 ././PUNCT/./punct/2",
        ents=[(0, 2, "PERSON")],
    )
    assert attribute(first, acts, cues(), quoted=False, last_speaker=None).speaker is not None
    they = sent(
        "They/they/PRON/PRP/nsubj/1 said/say/VERB/VBD/ROOT/1 it/it/PRON/PRP/nsubj/3 "
        "failed/fail/VERB/VBD/ccomp/1 ././PUNCT/./punct/1"
    )
    att = attribute(they, acts, cues(), quoted=False, last_speaker=None)
    assert att.speaker is None or att.speaker.record.name != "Jane Ostrow"
    she = sent(
        "She/she/PRON/PRP/nsubj/1 said/say/VERB/VBD/ROOT/1 it/it/PRON/PRP/nsubj/3 "
        "failed/fail/VERB/VBD/ccomp/1 ././PUNCT/./punct/1"
    )
    att = attribute(she, acts, cues(), quoted=False, last_speaker=None)
    assert att.speaker is not None
    assert att.speaker.record.name == "Jane Ostrow"


# "Jane Ostrow is calm , she said ."
CALM = (
    "Jane/Jane/PROPN/NNP/compound/1 Ostrow/Ostrow/PROPN/NNP/nsubj/2 is/be/AUX/VBZ/ccomp/6 "
    "calm/calm/ADJ/JJ/acomp/2 ,/,/PUNCT/,/punct/6 she/she/PRON/PRP/nsubj/6 "
    "said/say/VERB/VBD/ROOT/6 ././PUNCT/./punct/6"
)


def test_a_pronoun_with_no_earlier_speaker_is_the_person_its_paragraph_names() -> None:
    att = attribute(
        sent(CALM, ents=[(0, 2, "PERSON")]), actors(), cues(), quoted=False, last_speaker=None
    )
    assert att.speaker is not None
    assert not att.speaker.bare
    assert att.speaker.record.name == "Jane Ostrow"


def test_a_pronoun_without_a_named_person_before_it_stays_a_pronoun() -> None:
    att = attribute(sent(CALM), actors(), cues(), quoted=False, last_speaker=None)
    assert att.speaker is None or att.speaker.record.name != "Jane Ostrow"


def _term(government: str, start: str, end: str | None) -> Person:
    return Person(
        name="Jan Ostrow",
        aliases=(),
        government=government,
        role="Minister",
        start=start,
        end=end,
    )


def test_an_undated_article_files_a_person_under_the_most_recent_term() -> None:
    terms = [_term("NOR", "2001-01-01", "2005-01-01"), _term("EU", "2010-01-01", None)]
    for order in (terms, terms[::-1]):
        person, current = current_term(order, None)
        assert (person.government, current) == ("EU", True)


def test_a_dated_article_files_a_person_under_the_term_covering_the_date() -> None:
    terms = [_term("EU", "2010-01-01", None), _term("NOR", "2001-01-01", "2005-01-01")]
    assert current_term(terms, "2003-06-01")[0].government == "NOR"
    person, current = current_term(terms, "2007-06-01")
    assert (person.government, current) == ("EU", False)


def test_a_speech_verb_left_without_a_subject_speaks_for_its_heads_subject() -> None:
    # "Most voters going to the polls say they are tired ."  ("say" parsed as dep)
    s = sent(
        "Most/most/ADJ/JJS/amod/1 voters/voter/NOUN/NNS/nsubj/2 going/go/VERB/VBG/ROOT/2 "
        "to/to/ADP/IN/prep/2 the/the/DET/DT/det/5 polls/poll/NOUN/NNS/pobj/3 "
        "say/say/VERB/VBP/dep/2 they/they/PRON/PRP/nsubj/8 are/be/AUX/VBP/ccomp/6 "
        "tired/tired/ADJ/JJ/acomp/8 ././PUNCT/./punct/2"
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speech is not None
    assert att.speech.text == "say"
    assert att.speaker is not None
    assert att.speaker.phrase.endswith("voters")


def test_a_name_right_before_a_speech_verb_without_subject_speaks() -> None:
    # "The files are safe , Jane Ostrow , the minister , wrote ."  (the name an apposition)
    s = sent(
        "The/the/DET/DT/det/1 files/file/NOUN/NNS/nsubj/2 are/be/AUX/VBP/ccomp/11 "
        "safe/safe/ADJ/JJ/acomp/2 ,/,/PUNCT/,/punct/3 Jane/Jane/PROPN/NNP/compound/6 "
        "Ostrow/Ostrow/PROPN/NNP/appos/3 ,/,/PUNCT/,/punct/6 the/the/DET/DT/det/9 "
        "minister/minister/NOUN/NN/appos/6 ,/,/PUNCT/,/punct/11 wrote/write/VERB/VBD/ROOT/11 "
        "././PUNCT/./punct/11",
        ents=[(5, 7, "PERSON")],
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speaker is not None
    assert att.speaker.record.name == "Jane Ostrow"


def test_a_name_with_words_between_it_and_the_verb_does_not_speak() -> None:
    # "Jane Ostrow left the files and wrote ." is parsed with a subject: not an orphan;
    # "The files of Jane Ostrow went missing , wrote ." names no one right before "wrote"
    s = sent(
        "The/the/DET/DT/det/1 files/file/NOUN/NNS/nsubj/5 of/of/ADP/IN/prep/1 "
        "Jane/Jane/PROPN/NNP/compound/4 Ostrow/Ostrow/PROPN/NNP/pobj/2 went/go/VERB/VBD/ccomp/8 "
        "missing/missing/ADJ/JJ/acomp/5 ,/,/PUNCT/,/punct/8 wrote/write/VERB/VBD/ROOT/8 "
        "././PUNCT/./punct/8",
        ents=[(3, 5, "PERSON")],
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speaker is None or att.speaker.record.name != "Jane Ostrow"


# "To Jane Ostrow , the plan is a mistake ."
TO_VIEW = (
    "To/to/ADP/IN/prep/6 Jane/Jane/PROPN/NNP/compound/2 Ostrow/Ostrow/PROPN/NNP/pobj/0 "
    ",/,/PUNCT/,/punct/6 the/the/DET/DT/det/5 plan/plan/NOUN/NN/nsubj/6 is/be/AUX/VBZ/ROOT/6 "
    "a/a/DET/DT/det/8 mistake/mistake/NOUN/NN/attr/6 ././PUNCT/./punct/6"
)


def test_to_a_person_opening_a_sentence_states_their_view() -> None:
    att = attribute(
        sent(TO_VIEW, ents=[(1, 3, "PERSON")]), actors(), cues(), quoted=False, last_speaker=None
    )
    assert att.speaker is not None
    assert att.speaker.record.name == "Jane Ostrow"
    assert att.stance_reason.startswith("the view of")


def test_to_a_date_opening_a_sentence_states_no_view() -> None:
    # "To date , the plan is a mistake ."
    s = sent(
        "To/to/ADP/IN/prep/5 date/date/NOUN/NN/pobj/0 ,/,/PUNCT/,/punct/5 the/the/DET/DT/det/4 "
        "plan/plan/NOUN/NN/nsubj/5 is/be/AUX/VBZ/ROOT/5 a/a/DET/DT/det/7 "
        "mistake/mistake/NOUN/NN/attr/5 ././PUNCT/./punct/5"
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speaker is None


def test_in_a_persons_mind_states_their_view() -> None:
    # "In Ostrow 's mind , the plan failed ."
    s = sent(
        "In/in/ADP/IN/prep/7 Ostrow/Ostrow/PROPN/NNP/poss/3 's/'s/PART/POS/case/1 "
        "mind/mind/NOUN/NN/pobj/0 ,/,/PUNCT/,/punct/7 the/the/DET/DT/det/6 "
        "plan/plan/NOUN/NN/nsubj/7 failed/fail/VERB/VBD/ROOT/7 ././PUNCT/./punct/7",
        ents=[(1, 2, "PERSON")],
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speaker is not None
    assert att.speaker.record.name == "Ostrow"


def test_as_a_person_put_it_is_speech() -> None:
    # "As Jane Ostrow put it , the plan failed ."
    s = sent(
        "As/as/SCONJ/IN/mark/3 Jane/Jane/PROPN/NNP/compound/2 Ostrow/Ostrow/PROPN/NNP/nsubj/3 "
        "put/put/VERB/VBD/advcl/7 it/it/PRON/PRP/dobj/3 ,/,/PUNCT/,/punct/7 "
        "the/the/DET/DT/det/7 plan/plan/NOUN/NN/nsubj/8 failed/fail/VERB/VBD/ROOT/8 "
        "././PUNCT/./punct/8",
        ents=[(1, 3, "PERSON")],
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speech is not None
    assert att.speech.text == "put"
    assert att.speaker is not None
    assert att.speaker.record.name == "Jane Ostrow"


def test_a_relative_clause_with_its_own_subject_speaks_for_that_subject() -> None:
    # "It is the place officials say the talks will be held ."
    s = sent(
        "It/it/PRON/PRP/nsubj/1 is/be/AUX/VBZ/ROOT/1 the/the/DET/DT/det/3 "
        "place/place/NOUN/NN/attr/1 officials/official/NOUN/NNS/nsubj/5 "
        "say/say/VERB/VBP/relcl/3 the/the/DET/DT/det/7 talks/talk/NOUN/NNS/nsubjpass/10 "
        "will/will/AUX/MD/aux/10 be/be/AUX/VB/auxpass/10 held/hold/VERB/VBN/ccomp/5 "
        "././PUNCT/./punct/1"
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speech is not None
    assert att.speech.text == "say"
    assert att.subordinate_speech


def test_a_second_participle_speaks_for_the_subject_of_the_first() -> None:
    # "Norway left , blaming Sweden and accusing it of delays ."
    s = sent(
        "Norway/Norway/PROPN/NNP/nsubj/1 left/leave/VERB/VBD/ROOT/1 ,/,/PUNCT/,/punct/1 "
        "blaming/blame/VERB/VBG/advcl/1 Sweden/Sweden/PROPN/NNP/dobj/3 and/and/CCONJ/CC/cc/3 "
        "accusing/accuse/VERB/VBG/conj/3 it/it/PRON/PRP/dobj/6 of/of/ADP/IN/prep/6 "
        "delays/delay/NOUN/NNS/pobj/8 ././PUNCT/./punct/1",
        govs=[(0, 1, "name", "NOR"), (4, 5, "name", "SWE")],
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speech is not None
    assert att.speech.text == "accusing"
    assert att.speaker is not None
    assert att.speaker.record.government == "NOR"


def test_we_may_stand_for_the_person_who_speaks_for_their_side() -> None:
    acts = actors()
    first = sent(
        "Jane/Jane/PROPN/NNP/compound/1 Ostrow/Ostrow/PROPN/NNP/nsubj/2 "
        "said/say/VERB/VBD/ROOT/2 it/it/PRON/PRP/nsubj/4 failed/fail/VERB/VBD/ccomp/2 "
        "././PUNCT/./punct/2",
        ents=[(0, 2, "PERSON")],
    )
    attribute(first, acts, cues(), quoted=False, last_speaker=None)
    we = sent(
        "We/we/PRON/PRP/nsubj/1 said/say/VERB/VBD/ROOT/1 it/it/PRON/PRP/nsubj/3 "
        "failed/fail/VERB/VBD/ccomp/1 ././PUNCT/./punct/1"
    )
    assert acts.resolve(we[0], we) is not None
    assert acts.resolve(we[0], we).record.name == "Jane Ostrow"  # type: ignore[union-attr]
