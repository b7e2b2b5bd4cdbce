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


def test_off_topic_articles_name_neither_government_of_the_pair() -> None:
    from briefing.coverage import off_topic, off_topic_warning

    mentions = {"a": {"MEX": 3, "USA": 1}, "b": {"USA": 2}, "c": {"IND": 4, "PAK": 2}, "d": {}}
    assert off_topic(("MEX", "USA"), mentions) == ["c"]  # "d" names no government: kept
    assert off_topic(("FRA", "DEU"), mentions) == []  # none is about the pair: keep them all
    warning = off_topic_warning(("MEX", "USA"), {"MEX": "Mexico", "USA": "the US"}, ["c", "d"])
    # (the warning lists whatever it is given)
    assert warning == (
        "warning: 2 articles left out of the brief, naming neither Mexico nor the US: c, d. "
        "Build a brief of their own pair from them."
    )
