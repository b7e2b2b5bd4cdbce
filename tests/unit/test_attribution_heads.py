"""Whose phrase speaks: a name inside a speaker phrase is the speaker only when it names
the phrase's head (hand-built Docs, invented names, no trained pipeline)."""

from __future__ import annotations

import functools

from briefing.classify.attribution import attribute
from briefing.nlp.actors import ArticleActors
from briefing.nlp.phrases import names_the_head
from briefing.nlp.registry import Registry, load_registry
from tests.unit._docs import cues, doc, sent

PAIR = ("NOR", "SWE")


@functools.cache
def registry() -> Registry:
    return load_registry()


def actors() -> ArticleActors:
    return ArticleActors(registry(), PAIR)


def test_supporters_of_a_person_are_not_that_person() -> None:
    # "Supporters of Jane Roe say the plan failed ."
    s = sent(
        "Supporters/supporter/NOUN/NNS/nsubj/4 of/of/ADP/IN/prep/0 Jane/Jane/PROPN/NNP/compound/3 "
        "Roe/Roe/PROPN/NNP/pobj/1 say/say/VERB/VBP/ROOT/4 the/the/DET/DT/det/6 "
        "plan/plan/NOUN/NN/nsubj/7 failed/fail/VERB/VBD/ccomp/4 ././PUNCT/./punct/4",
        ents=[(2, 4, "PERSON")],
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speaker is not None
    assert att.speaker.record.name != "Jane Roe"
    assert att.actor is None  # the supporters: a phrase without evidence


def test_a_spokesman_apposed_to_his_name_is_the_named_person_not_the_owner() -> None:
    # "Jane Roe 's spokesman , Tom Doe , said the plan failed ."
    s = sent(
        "Jane/Jane/PROPN/NNP/compound/1 Roe/Roe/PROPN/NNP/poss/3 's/'s/PART/POS/case/1 "
        "spokesman/spokesman/NOUN/NN/nsubj/8 ,/,/PUNCT/,/punct/3 Tom/Tom/PROPN/NNP/compound/6 "
        "Doe/Doe/PROPN/NNP/appos/3 ,/,/PUNCT/,/punct/3 "
        "said/say/VERB/VBD/ROOT/8 the/the/DET/DT/det/10 plan/plan/NOUN/NN/nsubj/11 "
        "failed/fail/VERB/VBD/ccomp/8 ././PUNCT/./punct/8",
        ents=[(0, 2, "PERSON"), (5, 7, "PERSON")],
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speaker is not None
    assert att.speaker.record.name == "Tom Doe"


def test_a_name_that_modifies_a_common_noun_does_not_name_it() -> None:
    # "a Roe supporter" / "Senator Jane Roe" / "the press secretary , Tom Doe"
    d = doc(
        "a/a/DET/DT/det/2 Roe/Roe/PROPN/NNP/compound/2 supporter/supporter/NOUN/NN/ROOT/2 "
        "Senator/Senator/PROPN/NNP/compound/5 Jane/Jane/PROPN/NNP/compound/5 "
        "Roe/Roe/PROPN/NNP/ROOT/5 the/the/DET/DT/det/8 press/press/NOUN/NN/compound/8 "
        "secretary/secretary/NOUN/NN/ROOT/8 ,/,/PUNCT/,/punct/8 Tom/Tom/PROPN/NNP/compound/11 "
        "Doe/Doe/PROPN/NNP/appos/8",
        ents=[(1, 2, "PERSON"), (4, 6, "PERSON"), (10, 12, "PERSON")],
    )
    roe, jane_roe, tom_doe = d.ents
    assert not names_the_head(roe, d[2])
    assert names_the_head(jane_roe, d[5])
    assert names_the_head(tom_doe, d[8])

