"""More attribution frames of issue 10 on hand-built Docs (invented names and sentences).

Verbs of thought ("X thinks ..."), speaker labels ("Name: ..."), plural pronouns that
never stand for one person, a pronoun whose paragraph names the person first, and an
undated article filing a registry person under their most recent term.
"""

from __future__ import annotations

import functools

from briefing.classify.attribution import attribute
from briefing.nlp.actors import ArticleActors
from briefing.nlp.records import current_term
from briefing.nlp.registry import Person, Registry, load_registry
from tests.unit._docs import cues, sent

PAIR = ("NOR", "SWE")


@functools.cache
def registry() -> Registry:
    return load_registry()


def actors(on: str | None = None) -> ArticleActors:
    return ArticleActors(registry(), PAIR, on=on)


def test_a_verb_of_thought_names_its_subject_as_the_speaker() -> None:
    # "Jane Ostrow thinks the plan failed ."
    s = sent(
        "Jane/Jane/PROPN/NNP/compound/1 Ostrow/Ostrow/PROPN/NNP/nsubj/2 "
        "thinks/think/VERB/VBZ/ROOT/2 the/the/DET/DT/det/4 plan/plan/NOUN/NN/nsubj/5 "
        "failed/fail/VERB/VBD/ccomp/2 ././PUNCT/./punct/2",
        ents=[(0, 2, "PERSON")],
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speech is not None and att.speech.lemma_ == "think"
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
    assert att.speaker is not None and att.speaker.record.name == "Jane Ostrow"


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
