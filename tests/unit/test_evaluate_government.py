"""Figures of ``briefing eval``: government on positions and against titles; first section."""

from __future__ import annotations

from briefing.evaluate import GoldUnit, against_title, score
from briefing.model import Actor, Sentence

TEXT = "First line here. Second line here. Third line here."
SPANS = ((0, 16), (17, 34), (35, 51))


def _sentence(i: int, labels: tuple[str, ...], speaker: Actor | None = None) -> Sentence:
    start, end = SPANS[i]
    return Sentence("doc", start, end, TEXT[start:end], index=i, labels=labels, speaker=speaker)


def _gold(i: int, *labels: str) -> GoldUnit:
    start, end = SPANS[i]
    return GoldUnit(doc="doc", i=i, text=TEXT[start:end], labels=labels)


TITLED_AAA = Actor("Jane Roe", "AAA", role="foreign minister", resolved_by="title")


def test_a_position_filed_against_its_speakers_title_is_flagged() -> None:
    wrong = _sentence(0, ("position:BBB",), TITLED_AAA)
    assert against_title(wrong, ("position:AAA",))


def test_a_position_under_the_titles_own_government_is_not_flagged() -> None:
    right = _sentence(0, ("position:AAA",), TITLED_AAA)
    assert not against_title(right, ("position:AAA",))


def test_a_speaker_found_otherwise_is_not_judged() -> None:
    context = Actor("Jane Roe", "AAA", resolved_by="context")
    assert not against_title(_sentence(0, ("position:BBB",), context), ("position:AAA",))


def test_the_gold_can_agree_with_the_filing() -> None:
    # a minister speaking for a joint position the annotators gave to both governments
    both = _sentence(0, ("position:BBB", "position:AAA"), TITLED_AAA)
    assert not against_title(both, ("position:AAA", "position:BBB"))


def test_government_accuracy_is_also_given_on_predicted_positions() -> None:
    gold = [_gold(0, "position:AAA"), _gold(1, "position:AAA"), _gold(2, "position:BBB")]
    predicted = [
        _sentence(0, ("position:AAA",)),  # right government
        _sentence(1, ("position:BBB",), TITLED_AAA),  # a position, the wrong government
        _sentence(2, ("background",)),  # not placed as a position at all
    ]
    figures = score(gold, predicted, {"doc": TEXT}, worst=0)
    assert figures.government_accuracy == round(1 / 3, 3)
    assert figures.government_given_position == 0.5
    assert figures.titled_wrong_government == 1


def test_first_section_accuracy_asks_for_the_gold_first_section() -> None:
    gold = [
        _gold(0, "background", "risk"),
        _gold(1, "background", "risk"),
        _gold(2, "next_steps"),
    ]
    predicted = [
        _sentence(0, ("background", "risk")),  # first section right
        _sentence(1, ("risk", "background")),  # a gold section, but not the first
        _sentence(2, ("background",)),  # no gold section at all
    ]
    figures = score(gold, predicted, {"doc": TEXT}, worst=0)
    assert figures.primary_accuracy == round(2 / 3, 3)
    assert figures.first_section_accuracy == round(1 / 3, 3)
