"""People the entity tagger missed, found by a title in apposition (``titled_names``)."""

from __future__ import annotations

from tests.unit._docs import actors, doc

# "Jan Novak, Norway's foreign minister, said ." with the name tagged as a place
TITLED = (
    "Jan/Jan/PROPN/NNP/compound/1 Novak/Novak/PROPN/NNP/nsubj/9 ,/,/PUNCT/,/punct/1 "
    "Norway/Norway/PROPN/NNP/poss/6 's/'s/PART/POS/case/3 foreign/foreign/ADJ/JJ/amod/6 "
    "minister/minister/NOUN/NN/appos/1 ,/,/PUNCT/,/punct/1 then/then/ADV/RB/advmod/9 "
    "said/say/VERB/VBD/ROOT/9 ././PUNCT/./punct/9"
)
NORWAY = (3, 4, "name", "NOR")


def _titles() -> set[str]:
    return set(actors()._titles_set)


def test_a_name_with_a_title_in_apposition_is_a_person_whatever_its_label() -> None:
    from briefing.nlp.phrases import titled_names

    d = doc(TITLED, ents=[(0, 2, "GPE")], govs=[NORWAY])
    assert [s.text for s in titled_names(d[:], _titles())] == ["Jan Novak"]


def test_the_missed_person_gets_the_government_of_the_title() -> None:
    d = doc(TITLED, ents=[(0, 2, "GPE")], govs=[NORWAY])
    people = actors()
    people.learn(d[:])
    record = next(r for r in people.records if r.name == "Jan Novak")
    assert record.government == "NOR"
    assert record.resolved_by == "title"


def test_no_title_in_apposition_no_person() -> None:
    from briefing.nlp.phrases import titled_names

    untitled = TITLED.replace("foreign/foreign/ADJ", "old/old/ADJ").replace(
        "minister/minister/NOUN", "friend/friend/NOUN"
    )
    assert titled_names(doc(untitled, govs=[NORWAY])[:], _titles()) == []


def test_a_single_word_is_not_enough() -> None:
    from briefing.nlp.phrases import titled_names

    single = (
        "Novak/Novak/PROPN/NNP/nsubj/7 ,/,/PUNCT/,/punct/0 Norway/Norway/PROPN/NNP/poss/5 "
        "'s/'s/PART/POS/case/2 foreign/foreign/ADJ/JJ/amod/5 minister/minister/NOUN/NN/appos/0 "
        ",/,/PUNCT/,/punct/0 said/say/VERB/VBD/ROOT/7"
    )
    assert titled_names(doc(single, govs=[(2, 3, "name", "NOR")])[:], _titles()) == []


def test_a_country_word_and_a_title_are_no_persons_name() -> None:
    # "The Norway Foreign Minister said ." : the tagger runs the words into one name
    s = doc(
        "The/the/DET/DT/det/3 Norway/Norway/PROPN/NNP/compound/3 "
        "Foreign/Foreign/PROPN/NNP/compound/3 Minister/Minister/PROPN/NNP/nsubj/4 "
        "said/say/VERB/VBD/ROOT/4 ././PUNCT/./punct/4",
        govs=[(1, 2, "name", "NOR")],
    )[:]
    ref = actors().resolve(s[3], s)
    assert ref is not None
    assert ref.record.government == "NOR"
    assert not ref.record.named


def test_the_words_after_a_leading_title_are_a_person() -> None:
    from briefing.nlp.phrases import titled_names

    # "Norway 's King Olav Tryggve spoke ." with the run left untagged
    d = doc(
        "Norway/Norway/PROPN/NNP/poss/5 's/'s/PART/POS/case/0 King/King/PROPN/NNP/compound/5 "
        "Olav/Olav/PROPN/NNP/compound/5 Tryggve/Tryggve/PROPN/NNP/compound/5 "
        "IX/IX/PROPN/NNP/nsubj/6 spoke/speak/VERB/VBD/ROOT/6",
        govs=[(0, 1, "name", "NOR")],
    )
    assert [s.text for s in titled_names(d[:], _titles())] == ["Olav Tryggve IX"]
    people = actors()
    people.learn(d[:])
    record = next(r for r in people.records if r.name == "Olav Tryggve IX")
    assert record.government == "NOR"


def test_a_title_alone_is_no_person() -> None:
    from briefing.nlp.phrases import titled_names

    d = doc("King/King/PROPN/NNP/nsubj/1 spoke/speak/VERB/VBD/ROOT/1")
    assert titled_names(d[:], _titles()) == []
