"""The world registry of office-holders in attribution: matched by full name, in office only.

The passages are invented for these tests; the people are invented too (a small world
registry file in a temporary data folder), except for one check of the shipped file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.tokens import Span

from briefing.nlp.actors import ArticleActors
from briefing.nlp.pipeline import split_sentences
from briefing.nlp.registry import Registry, load_registry
from briefing.nlp.registry_files import WORLD_FIELDS

pytestmark = pytest.mark.model

DATA = Path(__file__).resolve().parents[2] / "briefing" / "data"
WORLD = [
    ["Olga Brandvold", "NOR", "Foreign Minister", "2015-01-01", "2019-12-31", "Q1", []],
    ["Kenji Arakawa", "JPN", "Defence Minister", "2018-01-01", None, "Q2", []],
]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    data = tmp_path_factory.mktemp("data")
    for name in ("governments.jsonl", "people.jsonl", "roles.toml", "places.toml"):
        (data / name).write_bytes((DATA / name).read_bytes())
    (data / "people_world.json").write_text(
        json.dumps({"fields": list(WORLD_FIELDS), "people": WORLD}), encoding="utf-8"
    )
    return load_registry(data_dir=data)


def _resolve(
    session: object, reg: Registry, text: str, phrase: str, *, on: str, pair: tuple[str, str]
) -> tuple[str | None, str, str]:
    nlp = session.nlp  # type: ignore[attr-defined]
    sents: list[Span] = [s for doc in nlp.pipe([text]) for s in split_sentences(doc)]
    actors = ArticleActors(reg, pair, on=on)
    for sent in sents:
        actors.learn(sent)
    sent = next(s for s in reversed(sents) if phrase in s.text)
    idx = sent.text.rindex(phrase)
    span = sent.doc.char_span(
        sent.start_char + idx, sent.start_char + idx + len(phrase), alignment_mode="expand"
    )
    assert span is not None
    ref = actors.resolve(span.root, sent)
    if ref is None:
        return None, "", ""
    frozen = ref.record.freeze()
    return frozen.government, ref.record.name, frozen.evidence


def test_a_world_registry_person_speaks_for_the_government_in_office(
    session: object, world: Registry
) -> None:
    gov, name, evidence = _resolve(
        session,
        world,
        "Oslo and Stockholm resumed talks. Olga Brandvold said the talks had failed.",
        "Olga Brandvold",
        on="2017-06-01",
        pair=("NOR", "SWE"),
    )
    assert (gov, name) == ("NOR", "Olga Brandvold")
    assert evidence.startswith("registry: Foreign Minister of NOR")


def test_out_of_office_on_the_articles_date_is_no_government(
    session: object, world: Registry
) -> None:
    text = "Oslo and Stockholm resumed talks. Olga Brandvold said the talks had failed."
    gov, _, evidence = _resolve(
        session, world, text, "Olga Brandvold", on="2023-06-01", pair=("NOR", "SWE")
    )
    assert gov is None
    assert "not on 2023-06-01" in evidence


def test_a_bare_surname_is_no_registry_match_before_the_full_name(
    session: object, world: Registry
) -> None:
    text = "Oslo and Stockholm resumed talks. Brandvold, a local farmer, said prices fell."
    gov, _, evidence = _resolve(
        session, world, text, "Brandvold", on="2017-06-01", pair=("NOR", "SWE")
    )
    assert gov is None
    assert not evidence.startswith("registry")


def test_a_bare_surname_after_the_full_name_is_the_same_person(
    session: object, world: Registry
) -> None:
    text = (
        "Olga Brandvold arrived in Stockholm on Monday for talks. "
        "Brandvold said the talks had failed."
    )
    gov, name, evidence = _resolve(
        session, world, text, "Brandvold", on="2017-06-01", pair=("NOR", "SWE")
    )
    assert (gov, name) == ("NOR", "Olga Brandvold")
    assert evidence.startswith("registry")


def test_a_relative_sharing_the_surname_is_another_person(session: object, world: Registry) -> None:
    text = (
        "Olga Brandvold arrived in Stockholm on Monday for talks. "
        "Ingrid Brandvold, her daughter, said the visit was long."
    )
    gov, name, evidence = _resolve(
        session, world, text, "Ingrid Brandvold", on="2017-06-01", pair=("NOR", "SWE")
    )
    assert name == "Ingrid Brandvold"
    assert gov is None
    assert not evidence.startswith("registry")


def test_a_namesake_with_another_first_name_is_not_the_minister(
    session: object, world: Registry
) -> None:
    text = (
        "Kenji Arakawa met his Chinese counterpart on Friday. "
        "Haruto Arakawa, an opposition lawmaker, said the meeting achieved nothing."
    )
    gov, name, _ = _resolve(
        session, world, text, "Haruto Arakawa", on="2020-06-01", pair=("JPN", "CHN")
    )
    assert (gov, name) == (None, "Haruto Arakawa")


def test_a_former_title_beats_the_registry(session: object, world: Registry) -> None:
    text = "Japan and China held talks. Former defence minister Kenji Arakawa said they failed."
    gov, _, evidence = _resolve(
        session, world, text, "Kenji Arakawa", on="2020-06-01", pair=("JPN", "CHN")
    )
    assert gov is None
    assert "non-government" in evidence


@pytest.mark.parametrize(("on", "government"), [("2022-03-01", "USA"), ("2026-03-01", None)])
def test_the_shipped_registry_knows_a_secretary_of_states_term(
    session: object, on: str, government: str | None
) -> None:
    reg = load_registry()
    text = "Washington and Caracas resumed talks. Antony Blinken said the talks would go on."
    gov, _, evidence = _resolve(session, reg, text, "Antony Blinken", on=on, pair=("USA", "VEN"))
    assert gov == government
    assert evidence.startswith("registry")
