"""Headline speakers (display text, never parsed): labels and speech verbs, invented names."""

from __future__ import annotations

import pytest

from briefing.classify.headline import headline_speaker
from tests.unit._docs import cues


@pytest.mark.parametrize(
    ("headline", "speaker"),
    [
        ("Jane Roe: the talks will go on", "Jane Roe"),
        ("Ruritania Daily Herald: a bridge too far", "Ruritania Daily Herald"),
        ("Jane Roe says the talks will go on", "Jane Roe"),
        ("Senator Jane Roe Slams Tariff Plan", "Senator Jane Roe"),
        ("Jane Roe calls for new border talks", "Jane Roe"),
        ("Farm groups praise the new tariff deal", "Farm groups"),
        ("After the vote, critics blast the plan", "critics"),
        ("'We will not yield,' Jane Roe vows", "Jane Roe"),
        ("The latest: Jane Roe tells farmers the talks will go on", "Jane Roe"),
        ("Exclusive – Jane Roe: the talks will go on", "Jane Roe"),
        ("Farm Watch: the talks will go on", "Farm Watch"),
        ("Jane Roe Just Announced Her Running Mate", "Jane Roe"),
        ("The talks will go on, county board finds", "county board"),
    ],
)
def test_a_headline_names_its_speaker(headline: str, speaker: str) -> None:
    found = headline_speaker(headline, cues())
    assert found is not None
    assert found.name == speaker
    assert found.government is None  # a headline is never evidence for a government


@pytest.mark.parametrize(
    "headline",
    [
        "Exclusive: the talks will go on",  # a page kicker, not a speaker
        "How Jane Roe plans to win the county",  # a question, no one speaks
        "Talks resume at 6:30 in the capital",
        "Bridge opens to traffic after delays",
        "The plan works for farmers",  # "works" is no speech verb here
        "Minister accused of lying over budget",  # passive participles
        "Farmers told to expect lower prices",
        "Jane Roe urged to quit",
        "Body found in river after storm",
        "Storms hit coast as talks stall",  # "hit" is no speech verb
        "Inflation hits record high",
    ],
)
def test_a_headline_without_a_speaker(headline: str) -> None:
    assert headline_speaker(headline, cues()) is None
