from __future__ import annotations

import datetime as dt

import pytest

from briefing import wording as w

WORDING = w.load_wording()
THURSDAY = dt.date(2021, 3, 4)  # a Thursday


@pytest.mark.parametrize(
    ("name", "text", "short"),
    [
        (
            "Jana Maria Novak Ortiz",
            "Novak Ortiz told reporters. Later Novak Ortiz left.",
            "Novak Ortiz",
        ),
        ("Tom Example", "Minister Tom Example spoke. Example said no.", "Example"),
        ("Tom Example", "Minister Tom Example spoke.", "Tom Example"),
        ("The Foreign Ministry", "The Foreign Ministry said.", "The Foreign Ministry"),
    ],
)
def test_wording_short_name_is_the_form_the_article_uses(name: str, text: str, short: str) -> None:
    assert w.short_name(name, text) == short


@pytest.mark.parametrize(
    ("text", "name", "resolved"),
    [
        ("He said talks would go on.", "Novak", "He [Novak] said talks would go on."),
        ("His government has the means.", "Novak", "His [Novak's] government has the means."),
        ("It said no.", "The Foreign Ministry", "It [the Foreign Ministry] said no."),
        ("Novak said no.", "Novak", "Novak said no."),
        ("Hence the delay.", "Novak", "Hence the delay."),
    ],
)
def test_wording_resolve_leading_pronoun(text: str, name: str, resolved: str) -> None:
    assert w.resolve_leading_pronoun(text, name, WORDING) == resolved


@pytest.mark.parametrize(
    ("text", "is_open"),
    [
        ("He said: “We will not give in.", True),
        ("He said “no” twice.", False),
        ('He said: "We will not.', True),
        ("adding: 'We always stood together.", True),
        ("the 'room papers' were refused", False),
        ("the nation's envoys and the EU's 'parallelism', which", False),
    ],
)
def test_wording_open_quote(text: str, is_open: bool) -> None:
    assert w.open_quote(text) is is_open


def test_wording_clause_with_finds_the_coordinated_clause_of_a_cue() -> None:
    text = (
        "The minister told reporters the talks would focus on trade, and that at the "
        "meeting a draft will be signed by both delegations."
    )
    span = w.clause_with(text, ["will", "signed"], WORDING)
    assert span is not None
    assert text[span[0] : span[1]] == "at the meeting a draft will be signed by both delegations."
    # A sentence of one clause has no extract.
    assert w.clause_with("The draft will be signed next week by both.", ["will"], WORDING) is None


def test_wording_main_clause_drops_a_trailing_clause_outside_quotes() -> None:
    text = "The ministry said the talks will focus on trade, as both sides seek a deal."
    assert w.main_clause(text, WORDING) == ("The ministry said the talks will focus on trade", True)
    quoted = "He said “we talk, as friends do” and left."
    assert w.main_clause(quoted, WORDING) == (quoted, False)


def test_wording_drop_connective_capitalises_in_brackets() -> None:
    assert w.drop_connective("But the minister said no.", WORDING) == "[T]he minister said no."
    assert w.drop_connective("However, Novak said no.", WORDING) == "Novak said no."
    assert w.drop_connective("Butter prices rose.", WORDING) == "Butter prices rose."


@pytest.mark.parametrize(
    ("text", "annotated"),
    [
        ("Talks were held on Thursday.", "Talks were held on Thursday [4 March 2021]."),
        ("The envoy arrived on Tuesday.", "The envoy arrived on Tuesday [2 March 2021]."),
        ("The envoy will arrive on Monday.", "The envoy will arrive on Monday [8 March 2021]."),
        ("They met yesterday.", "They met yesterday [3 March 2021]."),
        ("They meet next Friday.", "They meet next Friday [5 March 2021]."),
        ("They met last week.", "They met last week."),
    ],
)
def test_wording_relative_days_resolve_against_the_article_date(text: str, annotated: str) -> None:
    assert w.annotate_days(text, THURSDAY, WORDING) == annotated


def test_wording_no_article_date_no_calendar_day() -> None:
    assert w.annotate_days("Talks were held on Thursday.", None, WORDING) == (
        "Talks were held on Thursday."
    )


def test_wording_absolute_days_take_the_article_year_only_when_it_has_one() -> None:
    assert w.absolute_days("On August 12 the offer was made.", dt.date(2016, 8, 25)) == [
        dt.date(2016, 8, 12)
    ]
    assert w.absolute_days("On August 12 the offer was made.", None) == []
    assert w.absolute_days("On 12 August 2016 the offer was made.", None) == [dt.date(2016, 8, 12)]


def test_insert_glosses_brackets_the_name_after_the_pronoun() -> None:
    from briefing.wording import insert_glosses, load_wording

    text = "They agreed to help it act and to respect its border."
    start = 100  # the text's offset in its article
    glosses = [(100 + text.index(" it ") + 1, 100 + text.index(" it ") + 3, "Norway")]
    glosses.append((100 + text.index("its"), 100 + text.index("its") + 3, "Norway"))
    out = insert_glosses(text, start, glosses, load_wording())
    assert out == "They agreed to help it [Norway] act and to respect its [Norway's] border."
    assert insert_glosses(text, 500, glosses, load_wording()) == text  # outside: unchanged
