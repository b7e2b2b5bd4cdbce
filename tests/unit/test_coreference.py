"""``coreference.subject_it``: an opening "it" glossed with the subject of the sentence before."""

from __future__ import annotations

from briefing.classify.coreference import subject_it
from tests.unit._docs import cues, sent

# "The accord was signed ." / "Doing so aims to help ." — the sentence before.
ACCORD = (
    "The/the/DET/DT/det/1 accord/accord/NOUN/NN/nsubjpass/3 was/be/AUX/VBD/auxpass/3 "
    "signed/sign/VERB/VBN/ROOT/3 ././PUNCT/./punct/3"
)
GERUND = (
    "Banning/ban/VERB/VBG/csubj/3 the/the/DET/DT/det/2 flights/flight/NOUN/NNS/dobj/0 "
    "aims/aim/VERB/VBZ/ROOT/3 to/to/PART/TO/aux/5 help/help/VERB/VB/xcomp/3 ././PUNCT/./punct/3"
)
PERSON = (
    "The/the/DET/DT/det/1 envoy/envoy/NOUN/NN/nsubj/2 left/leave/VERB/VBD/ROOT/2 "
    "././PUNCT/./punct/2"
)
REPORT = (
    "The/the/DET/DT/det/1 accord/accord/NOUN/NN/nsubj/2 holds/hold/VERB/VBZ/ccomp/4 "
    ",/,/PUNCT/,/punct/4 "
    "officials/official/NOUN/NNS/nsubj/5 said/say/VERB/VBD/ROOT/5 ././PUNCT/./punct/5"
)
PLURAL = (
    "The/the/DET/DT/det/1 talks/talk/NOUN/NNS/nsubj/2 ended/end/VERB/VBD/ROOT/2 ././PUNCT/./punct/2"
)
NAMED = (
    "The/the/DET/DT/det/1 Treaty/treaty/PROPN/NNP/nsubj/2 "
    "lapsed/lapse/VERB/VBD/ROOT/2 ././PUNCT/./punct/2"
)

# "Although it would not end the row , ..."
ALTHOUGH = (
    "Although/although/SCONJ/IN/mark/4 it/it/PRON/PRP/nsubj/4 would/would/AUX/MD/aux/4 "
    "not/not/PART/RB/neg/4 end/end/VERB/VB/advcl/8 the/the/DET/DT/det/6 row/row/NOUN/NN/dobj/4 "
    ",/,/PUNCT/,/punct/8 many/many/ADJ/JJ/nsubj/8 worry/worry/VERB/VBP/ROOT/8 ././PUNCT/./punct/8"
)
# "It lasted two hours ."
LASTED = (
    "It/it/PRON/PRP/nsubj/1 lasted/last/VERB/VBD/ROOT/1 two/two/NUM/CD/nummod/3 "
    "hours/hour/NOUN/NNS/dobj/1 ././PUNCT/./punct/1"
)
# "It was the first ." (copular: points at an event, not at the subject before)
COPULA = (
    "It/it/PRON/PRP/nsubj/1 was/be/AUX/VBD/ROOT/1 the/the/DET/DT/det/3 "
    "first/first/ADJ/JJ/attr/1 ././PUNCT/./punct/1"
)
# "It seems to work ." (a dummy subject)
SEEMS = (
    "It/it/PRON/PRP/nsubj/1 seems/seem/VERB/VBZ/ROOT/1 to/to/PART/TO/aux/3 "
    "work/work/VERB/VB/xcomp/1 ././PUNCT/./punct/1"
)
# "Officials said it lasted ." (a nearer antecedent comes first)
NEARER = (
    "Officials/official/NOUN/NNS/nsubj/1 said/say/VERB/VBD/ROOT/1 "
    "it/it/PRON/PRP/nsubj/3 lasted/last/VERB/VBD/ccomp/1 ././PUNCT/./punct/1"
)
# "“ It lasted , ” he said ." (the pronoun opens a quotation)
QUOTED = (
    "“/“/PUNCT/``/punct/2 It/it/PRON/PRP/nsubj/2 lasted/last/VERB/VBD/ccomp/6 ,/,/PUNCT/,/punct/2 "
    "”/”/PUNCT/''/punct/2 he/he/PRON/PRP/nsubj/6 said/say/VERB/VBD/ROOT/6 ././PUNCT/./punct/6"
)


def gloss(current: str, previous: str | None) -> str | None:
    found = subject_it(sent(current), sent(previous) if previous else None, cues())
    return None if found is None else f"{found[0].i}:{found[1]}"


def test_an_opening_it_gets_the_thing_the_sentence_before_is_about() -> None:
    assert gloss(ALTHOUGH, ACCORD) == "1:the accord"
    assert gloss(LASTED, ACCORD) == "0:the accord"


def test_an_action_subject_is_printed_as_written() -> None:
    assert gloss(ALTHOUGH, GERUND) == "1:banning the flights"


def test_no_gloss_without_a_sentence_before() -> None:
    assert gloss(LASTED, None) is None


def test_people_plurals_names_and_reported_words_are_not_antecedents() -> None:
    for previous in (PERSON, PLURAL, NAMED, REPORT):
        assert gloss(LASTED, previous) is None, previous


def test_dummy_copular_quoted_and_later_pronouns_are_left_alone() -> None:
    for current in (COPULA, SEEMS, NEARER, QUOTED):
        assert gloss(current, ACCORD) is None, current


# "Banning the flights aims to hurt suspected members ." (a verb of thought as a modifier)
SUSPECTED = (
    "Banning/ban/VERB/VBG/csubj/3 the/the/DET/DT/det/2 flights/flight/NOUN/NNS/dobj/0 "
    "aims/aim/VERB/VBZ/ROOT/3 to/to/PART/TO/aux/5 hurt/hurt/VERB/VB/xcomp/3 "
    "suspected/suspect/VERB/VBN/amod/7 members/member/NOUN/NNS/dobj/5 ././PUNCT/./punct/3"
)
# "The accord holds , officials think ." (a verb of thought reporting a view)
THINK = (
    "The/the/DET/DT/det/1 accord/accord/NOUN/NN/nsubj/2 holds/hold/VERB/VBZ/ccomp/5 "
    ",/,/PUNCT/,/punct/5 officials/official/NOUN/NNS/nsubj/5 think/think/VERB/VBP/ROOT/5 "
    "././PUNCT/./punct/5"
)


def test_a_verb_of_thought_reports_only_as_a_verb_of_its_clause() -> None:
    assert gloss(ALTHOUGH, SUSPECTED) == "1:banning the flights"
    assert gloss(LASTED, THINK) is None
