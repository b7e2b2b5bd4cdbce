from __future__ import annotations

from briefing.coverage import coverage_warnings, pair_counts
from briefing.model import Actor, Sentence

NAMES = {"NOR": "Norway", "ISL": "Iceland", "FRA": "France", "DEU": "Germany"}


def said(government: str) -> Sentence:
    return Sentence(
        article_id="a",
        start=0,
        end=1,
        text="x",
        speaker=Actor(name="Someone", government=government),
        labels=(f"position:{government}",),
    )


def test_coverage_no_warning_for_a_pair_the_articles_cover() -> None:
    assert (
        coverage_warnings(
            ("NOR", "ISL"),
            NAMES,
            [said("NOR"), said("ISL")],
            {"a": {"NOR": 4, "ISL": 2}},
            {"a": ("NOR", "ISL")},
        )
        == []
    )


def test_coverage_wrong_pair_never_speaks_and_never_co_occurs() -> None:
    warnings = coverage_warnings(
        ("FRA", "DEU"),
        NAMES,
        [said("NOR"), said("ISL")],
        {"a": {"NOR": 4, "ISL": 2, "FRA": 1}},
        {"a": ("NOR", "ISL")},
    )
    assert warnings == [
        "warning: France (FRA) never speaks in these articles: no sentence is attributed to "
        "its government. Check --pair FRA,DEU. The articles are mostly about ISL–NOR.",
        "warning: Germany (DEU) never speaks in these articles: no sentence is attributed to "
        "its government. Check --pair FRA,DEU. The articles are mostly about ISL–NOR.",
        "warning: France and Germany are never named in the same article, so the brief rests "
        "on no article about both. Check --pair FRA,DEU. The articles are mostly about ISL–NOR.",
    ]


def test_coverage_several_pairs_lists_the_top_pairs_with_article_counts() -> None:
    pairs = {
        "a": ("NOR", "ISL"),
        "b": ("ISL", "NOR"),
        "c": ("FRA", "DEU"),
    }
    mentions = {"a": {"NOR": 1, "ISL": 1}, "b": {"NOR": 1, "ISL": 1}, "c": {"FRA": 1, "DEU": 1}}
    warnings = coverage_warnings(("NOR", "ISL"), NAMES, [said("NOR"), said("ISL")], mentions, pairs)
    assert warnings == [
        "warning: the articles cover 2 pairs of governments; this brief is on NOR–ISL. "
        "Top pairs: ISL–NOR (2 articles), DEU–FRA (1 article). Build one brief per pair "
        "(a folder per pair, or --pair)."
    ]
    assert pair_counts(pairs) == [(("ISL", "NOR"), 2), (("DEU", "FRA"), 1)]
