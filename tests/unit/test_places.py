"""Places that are no government: the longest place name wins (issue 10).

Every sentence is invented for this test. The matcher runs on a blank English pipeline,
so only the registry data and the matching rules are exercised.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from briefing.nlp.components import ActorMatcher
from briefing.nlp.registry import Registry, load_registry


@pytest.fixture(scope="module")
def reg() -> Registry:
    return load_registry()


@pytest.fixture
def matcher(blank_nlp: Language, reg: Registry) -> ActorMatcher:
    return ActorMatcher(blank_nlp, "actor_matcher", reg)


def _govs(matcher: ActorMatcher, nlp: Language, text: str) -> list[tuple[str, str]]:
    govs, _ = matcher.find(nlp(text))
    return [(g.text, g.kb_id_) for g in govs]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The governor of New Jersey met the Bailiff of Jersey.", [("Jersey", "JEY")]),
        ("Officials in New Mexico wrote to Mexico.", [("Mexico", "MEX")]),
        ("Western Australia's premier disagreed with Australia.", [("Australia", "AUS")]),
        ("Farmers in New South Wales protested in Sydney.", []),
        (
            "Guinea-Bissau and Guinea signed the accord.",
            [("Guinea-Bissau", "GNB"), ("Guinea", "GIN")],
        ),
        (
            "Papua New Guinea and Equatorial Guinea voted.",
            [
                ("Papua New Guinea", "PNG"),
                ("Equatorial Guinea", "GNQ"),
            ],
        ),
        ("Niger closed its border with Nigeria.", [("Niger", "NER"), ("Nigeria", "NGA")]),
        (
            "Dominica and the Dominican Republic restored flights.",
            [("Dominica", "DMA"), ("Dominican Republic", "DOM")],
        ),
        ("Jersey City police made an arrest.", []),
        ("Hong Kong SAR officials said the rules would change.", [("Hong Kong", "HKG")]),
        (
            "Mexico City and Kuwait City are capitals.",
            [
                ("Mexico City", "MEX"),
                ("Kuwait City", "KWT"),
            ],
        ),
    ],
)
def test_places_longest_name_wins(
    matcher: ActorMatcher,
    blank_nlp: Language,
    text: str,
    expected: list[tuple[str, str]],
) -> None:
    assert _govs(matcher, blank_nlp, text) == expected


def test_places_georgia_the_state_by_context(matcher: ActorMatcher, blank_nlp: Language) -> None:
    assert _govs(matcher, blank_nlp, "The rally in Atlanta, Georgia, drew a crowd.") == []
    assert _govs(matcher, blank_nlp, "The state of Georgia sued the company.") == []
    assert _govs(matcher, blank_nlp, "Georgia governor Jane Roe signed the bill.") == []


def test_places_georgia_the_country_by_context(matcher: ActorMatcher, blank_nlp: Language) -> None:
    assert ("Georgia", "GEO") in _govs(matcher, blank_nlp, "Georgia's foreign ministry objected.")
    got = _govs(matcher, blank_nlp, "Talks in Tbilisi, Georgia, ended early.")
    assert got == [("Tbilisi", "GEO"), ("Georgia", "GEO")]


def test_places_registry_holds_subdivisions_and_cities(reg: Registry) -> None:
    assert "New Jersey" in reg.places  # ISO 3166-2 (pycountry)
    assert "Western Australia" in reg.places
    assert "Jersey City" in reg.places  # places.toml
    assert "Atlanta" in reg.cities
    assert "Georgia" in reg.subdivisions  # a name shared with a country: decided by context
    assert "Georgia" not in reg.places


def test_places_user_roles_phrases_block_too(tmp_path: Path, blank_nlp: Language) -> None:
    roles = tmp_path / "roles.toml"
    roles.write_text('[non_government]\nphrases = ["Little Chile"]\n', encoding="utf-8")
    reg = load_registry([roles])
    matcher = ActorMatcher(blank_nlp, "actor_matcher", reg)
    assert _govs(matcher, blank_nlp, "Shops in Little Chile opened; Chile agreed.") == [
        ("Chile", "CHL")
    ]
