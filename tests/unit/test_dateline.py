"""The one dateline detector (briefing.ingest.dateline) and what each stage reads from it."""

from __future__ import annotations

import pytest

from briefing.ingest import default_rules, find_dateline, parse_article, parsing_prefix
from briefing.model import Dateline

TITLE = "Talks on the fishing dispute resume"
LEAD = "The fisheries minister said on Monday that talks would resume next week."


def dateline_of(opening: str) -> Dateline | None:
    text = f"{TITLE}\n\n{opening}{LEAD}\n\nA second paragraph follows here, with more detail.\n"
    return parse_article(text, article_id="a").dateline


@pytest.mark.parametrize(
    ("opening", "place", "agency", "date"),
    [
        ("EASTPORT, Feb 5 (Reuters) - ", "EASTPORT", "Reuters", None),
        ("EASTPORT (Reuters) - ", "EASTPORT", "Reuters", None),
        ("PORT AMBER, March 4, 2024 (Nordic Wire) — ", "PORT AMBER", "Nordic Wire", "2024-03-04"),
        ("NORVALE: ", "NORVALE", "", None),
        ("NORVALE -- ", "NORVALE", "", None),
        ("Qelvan/Tamor, Nov. 10 (Jiji Press)--", "Qelvan/Tamor", "Jiji Press", None),
        ("ZORVIK, Eastland (AP) — ", "ZORVIK", "AP", None),
        ("Zorvik, 4 March 2019 - ", "Zorvik", "", "2019-03-04"),
        ("(Reuters) - ", "", "Reuters", None),
    ],
)
def test_dateline_prefix_shapes(opening, place, agency, date):
    found = dateline_of(opening)
    assert found is not None
    assert (found.place, found.agency, found.date, found.prefix) == (place, agency, date, True)


def test_dateline_span_indexes_the_article_text():
    opening = "EASTPORT, Feb 5 (Reuters) - "
    text = f"{TITLE}\n\n{opening}{LEAD}\n"
    found = parse_article(text, article_id="a").dateline
    assert found is not None
    assert text[found.span[0] : found.span[1]] == opening


def test_dateline_places_without_a_separator_are_no_prefix():
    found = dateline_of("QELVAN/TAMOR ")
    assert found is not None
    assert (found.place, found.prefix) == ("QELVAN/TAMOR", False)


def test_dateline_glued_after_a_slug():
    opening = "(LEAD) Talks(LEAD) Talks resume By Jane Roe NORVALE, Jan. 4 (Nordic Wire) -- "
    found = dateline_of(opening)
    assert found is not None
    assert (found.place, found.agency, found.prefix) == ("NORVALE", "Nordic Wire", False)


@pytest.mark.parametrize(
    "opening",
    [
        "",
        "BREAKING: ",  # a label, not a place
        "UN: ",  # too short for a place in capitals
        "Eastport is a small port. ",
        "The minister (pictured) said ",
    ],
)
def test_dateline_lookalikes_are_none(opening):
    assert dateline_of(opening) is None


def test_dateline_only_in_the_first_body_paragraphs():
    filler = "of the story is a full sentence, long enough to read like body text here."
    paragraphs = [f"Paragraph {n} {filler}" for n in range(4)]
    text = "\n\n".join([TITLE, *paragraphs, f"EASTPORT (Reuters) - {LEAD}"]) + "\n"
    assert parse_article(text, article_id="a").dateline is None


@pytest.mark.parametrize(
    ("text", "blanked"),
    [
        (f"EASTPORT, Feb 5 (Reuters) - {LEAD}", "EASTPORT, Feb 5 (Reuters) - "),
        (f"NORVALE: {LEAD}", "NORVALE: "),
        (f"Qelvan/Tamor, Nov. 10 (Jiji Press)--{LEAD}", "Qelvan/Tamor, Nov. 10 (Jiji Press)--"),
        (f"Zorvik, March 4 - {LEAD}", ""),  # reads as text: kept for the parser
        (f"ZORVIK, Eastland (AP) — {LEAD}", ""),  # with a region: kept, as it always was
        (LEAD, ""),
    ],
)
def test_dateline_parsing_prefix(text, blanked):
    assert text[: parsing_prefix(text, default_rules())] == blanked


def test_dateline_find_dateline_reads_the_blocks_given():
    text = f"{TITLE}\n\nEASTPORT (Reuters) - {LEAD}\n"
    article = parse_article(text, article_id="a")
    assert find_dateline(article.text, article.blocks, default_rules()) == article.dateline
    assert find_dateline(article.text, (), default_rules()) is None
