"""Verb lemmas compared with the cue lists: a slipped lemma is read from the verb's form."""

from __future__ import annotations

from briefing.classify.attribution import NOT_CONTINUED, attribute
from briefing.classify.speech import cue_lemma
from tests.unit._docs import actors, cues, sent

# "Jane Roe hopes to win the county ." with the tagger's slipped lemma "hop"
HOPES = (
    "Jane/Jane/PROPN/NNP/compound/1 Roe/Roe/PROPN/NNP/nsubj/2 hopes/hop/VERB/VBZ/ROOT/2 "
    "to/to/PART/TO/aux/4 win/win/VERB/VB/xcomp/2 the/the/DET/DT/det/6 "
    "county/county/NOUN/NN/dobj/4 ././PUNCT/./punct/2"
)


def test_a_slipped_lemma_is_read_from_the_verbs_form() -> None:
    s = sent(HOPES)
    assert cue_lemma(s[2], cues().stance) == "hope"
    assert cue_lemma(s[2], frozenset({"sing"})) == "hop"  # no list knows it: the tagger's
    assert cue_lemma(s[6], cues().stance) == "county"  # not a verb: the tagger's lemma


def test_a_stance_verb_with_a_slipped_lemma_names_its_speaker() -> None:
    att = attribute(
        sent(HOPES, ents=[(0, 2, "PERSON")]), actors(), cues(), quoted=False, last_speaker=None
    )
    assert att.speaker is not None
    assert att.speaker.phrase == "Jane Roe"


def test_the_subject_of_an_attitude_verb_speaks_as_a_bare_speaker() -> None:
    # "Many voters see the plan as a mistake ." : the voters' view, no government's
    s = sent(
        "Many/many/ADJ/JJ/amod/1 voters/voter/NOUN/NNS/nsubj/2 see/see/VERB/VBP/ROOT/2 "
        "the/the/DET/DT/det/4 plan/plan/NOUN/NN/dobj/2 as/as/ADP/IN/prep/2 a/a/DET/DT/det/7 "
        "mistake/mistake/NOUN/NN/pobj/5 ././PUNCT/./punct/2"
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speaker is not None
    assert att.speaker.phrase == "Many voters"
    assert att.speaker.via in NOT_CONTINUED  # no later quotation continues the voters
    assert att.actor is None
