"""The one calendar and abbreviation table (briefing.lexicons) and who reads it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing import wording
from briefing.classify import load_cues
from briefing.ingest import default_rules
from briefing.lexicons import EN_DIR, abbreviations, calendar
from briefing.nlp.pipeline import _NO_BREAK_END

PACKAGE = Path(__file__).resolve().parents[2] / "briefing"


def test_lexicons_calendar_months_and_weekdays_in_order():
    cal = calendar()
    assert cal.months[0] == "January"
    assert cal.months[11] == "December"
    assert len(cal.months) == 12
    assert cal.weekdays[0] == "Monday"
    assert len(cal.weekdays) == 7


@pytest.mark.parametrize(
    ("word", "number"), [("january", 1), ("jan", 1), ("may", 5), ("sept", 9), ("sep", 9)]
)
def test_lexicons_month_numbers_cover_names_and_abbreviations(word, number):
    assert calendar().month_numbers[word] == number


def test_lexicons_month_abbreviations_are_abbreviations_that_end_no_sentence():
    assert {"Jan.", "Sept.", "Dec."} <= set(abbreviations().never_final)
    assert "May." not in abbreviations().all


def test_lexicons_every_stage_reads_the_one_calendar():
    assert calendar().months == wording.MONTHS
    assert wording.load_wording().weekdays == tuple(d.lower() for d in calendar().weekdays)
    assert dict(default_rules().months) == calendar().month_numbers
    pattern = load_cues().day_or_month
    assert all(pattern.search(name) for name in (*calendar().months, *calendar().weekdays))


def test_lexicons_every_stage_reads_the_one_abbreviation_table():
    assert default_rules().abbreviations == frozenset(abbreviations().all)


@pytest.mark.parametrize("text", ["talks with Sen.", "on Sept.", "said Gov.", "the Co.", "J."])
def test_lexicons_sentence_splitter_runs_on_after_a_never_final_abbreviation(text):
    assert _NO_BREAK_END.search(text)


@pytest.mark.parametrize("text", ["at 5 p.m.", "in the U.S. and", "and so on etc.", "ended."])
def test_lexicons_sentence_splitter_leaves_other_full_stops_to_the_parser(text):
    assert not _NO_BREAK_END.search(text)


def _listed(text: str, words: tuple[str, ...]) -> bool:
    """Whether text lists at least four of the words as quoted strings."""
    return sum(bool(re.search(rf"[\"']{w}[\"']", text, re.IGNORECASE)) for w in words) >= 4


def test_lexicons_month_and_title_lists_exist_once():
    months = calendar().months
    titles = ("Mr.", "Mrs.", "Sen.", "Gov.", "Gen.")
    sources = [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.toml")]
    month_lists = [p for p in sources if _listed(p.read_text(encoding="utf-8"), months)]
    title_lists = [
        p for p in sources if _listed(p.read_text(encoding="utf-8"), tuple(map(re.escape, titles)))
    ]
    assert month_lists == [EN_DIR / "calendar.toml"]
    assert title_lists == [EN_DIR / "abbreviations.toml"]


def test_lexicons_ingest_rules_read_thresholds_and_english_lexicons_together(tmp_path):
    from briefing.ingest.rules import LEXICONS_PATH, RULES_PATH, load_rules

    thresholds = tmp_path / "ingest.toml"
    thresholds.write_text(
        RULES_PATH.read_text(encoding="utf-8").replace(
            "heading_max_words = 8", "heading_max_words = 5"
        ),
        encoding="utf-8",
    )
    rules = load_rules(thresholds)
    assert rules.heading_max_words == 5
    assert rules.pattern("agency").search("photo by Reuters")  # the English lexicons
    assert load_rules(RULES_PATH, LEXICONS_PATH).heading_max_words == 8


def test_lexicons_missing_ingest_lexicons_name_the_file(tmp_path):
    from briefing.errors import RegistryError
    from briefing.ingest.rules import load_rules

    missing = tmp_path / "en" / "ingest.toml"
    with pytest.raises(
        RegistryError, match=re.escape(f"{missing}: cannot read the ingest lexicons")
    ):
        load_rules(lexicons=missing)
