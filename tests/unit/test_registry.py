"""Tests of the actor registry: shipped data, merging of user files, error messages."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pycountry
import pytest

from briefing.errors import RegistryError
from briefing.nlp.registry import (
    GOVERNMENT_KINDS,
    PHRASE_KINDS,
    PhraseConflict,
    Registry,
    default_data_dir,
    load_registry,
    registry_fingerprint,
)

DATA = default_data_dir()
ISO_CODES = sorted(c.alpha_3 for c in pycountry.countries)


@pytest.fixture(scope="module")
def reg() -> Registry:
    return load_registry()


@pytest.fixture(scope="module")
def by_text(reg: Registry) -> dict[str, tuple[str, str]]:
    return {p.text: (p.code, p.kind) for p in reg.phrases()}


def write(path: Path, *lines: object) -> Path:
    """Write JSONL records (dicts) or raw lines (str) to path."""
    text = "".join((ln if isinstance(ln, str) else json.dumps(ln)) + "\n" for ln in lines)
    path.write_text(text, encoding="utf-8")
    return path


def data_dir_with(tmp_path: Path, *, governments: str = "", people: str = "") -> Path:
    """A data dir with the shipped roles.toml and the given governments and people."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(DATA / "roles.toml", folder / "roles.toml")
    (folder / "governments.jsonl").write_text(governments, encoding="utf-8")
    (folder / "people.jsonl").write_text(people, encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- shipped data


def test_registry_every_iso_country_has_name_display_and_kind(reg: Registry) -> None:
    assert len(ISO_CODES) >= 249
    for code in ISO_CODES:
        gov = reg.government(code)
        assert gov.name.strip(), code
        assert gov.display.strip(), code
        assert gov.kind in ("country", "territory"), code


def test_registry_data_file_lists_every_iso_country_once() -> None:
    lines = (DATA / "governments.jsonl").read_text(encoding="utf-8").splitlines()
    codes = [json.loads(line)["code"] for line in lines]
    assert len(codes) == len(set(codes))
    assert set(ISO_CODES) <= set(codes)


def test_registry_reads_pycountry_data_as_pycountry_does(monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing.nlp import registry_files as registry

    from_file = registry._iso3166_records()
    monkeypatch.setattr(registry.importlib.util, "find_spec", lambda _name: None)
    from_api = registry._iso3166_records()
    fields = ("alpha_3", "name", "official_name", "common_name")
    assert [{f: r[f] for f in fields if r.get(f)} for r in from_file] == from_api


def test_registry_declared_codes_are_not_iso_codes(reg: Registry) -> None:
    declared = set(reg.governments) - set(ISO_CODES)
    assert {"EUU", "XKX", "NATO", "UNO", "AFU", "ASEAN", "HAMAS", "HEZBOLLAH", "HOUTHI"} <= declared
    for code in declared:
        assert pycountry.countries.get(alpha_3=code) is None
        assert reg.government(code).kind in GOVERNMENT_KINDS


@pytest.mark.parametrize(
    ("code", "name", "display"),
    [
        ("USA", "United States", "the United States"),
        ("GBR", "United Kingdom", "the United Kingdom"),
        ("KOR", "South Korea", "South Korea"),
        ("PRK", "North Korea", "North Korea"),
        ("RUS", "Russia", "Russia"),
        ("IRN", "Iran", "Iran"),
        ("SYR", "Syria", "Syria"),
        ("VNM", "Vietnam", "Vietnam"),
        ("TWN", "Taiwan", "Taiwan"),
        ("CZE", "Czech Republic", "the Czech Republic"),
        ("NLD", "Netherlands", "the Netherlands"),
        ("PHL", "Philippines", "the Philippines"),
        ("CIV", "Ivory Coast", "Ivory Coast"),
        ("TUR", "Turkey", "Turkey"),
        ("MEX", "Mexico", "Mexico"),
        ("EUU", "European Union", "the European Union"),
        ("XKX", "Kosovo", "Kosovo"),
        ("UNO", "United Nations", "the United Nations"),
    ],
)
def test_registry_names_and_displays(reg: Registry, code: str, name: str, display: str) -> None:
    gov = reg.government(code)
    assert (gov.name, gov.display) == (name, display)


@pytest.mark.parametrize(
    ("text", "code", "kind"),
    [
        # North America
        ("Mexican", "MEX", "demonym"),
        ("Palacio Nacional", "MEX", "seat"),
        ("White House", "USA", "seat"),
        ("State Department", "USA", "institution"),
        ("U.S.", "USA", "alias"),
        ("Washington", "USA", "capital"),
        ("Ottawa", "CAN", "capital"),
        # Europe
        ("Britain", "GBR", "alias"),
        ("Downing Street", "GBR", "seat"),
        ("Whitehall", "GBR", "seat"),
        ("Foreign Office", "GBR", "institution"),
        ("Élysée", "FRA", "seat"),
        ("Bundeswehr", "DEU", "institution"),
        ("Kremlin", "RUS", "seat"),
        ("TASS", "RUS", "media"),
        ("Russian Federation", "RUS", "alias"),
        ("Kyiv", "UKR", "capital"),
        ("Kiev", "UKR", "capital"),
        ("Belgrade", "SRB", "capital"),
        ("Czechia", "CZE", "alias"),
        ("Taoiseach", "IRL", "title"),
        # EU, Kosovo, international organisations, groups
        ("Brussels", "EUU", "capital"),
        ("EU", "EUU", "alias"),
        ("the bloc", "EUU", "alias"),
        ("EEAS", "EUU", "institution"),
        ("European Commission", "EUU", "institution"),
        ("Pristina", "XKX", "capital"),
        ("Kosovar", "XKX", "demonym"),
        ("Kosovan", "XKX", "demonym"),
        ("U.N.", "UNO", "alias"),
        ("Security Council", "UNO", "institution"),
        ("NATO", "NATO", "name"),
        ("Hamas", "HAMAS", "name"),
        ("Houthi", "HOUTHI", "demonym"),
        # Asia
        ("Beijing", "CHN", "capital"),
        ("Xinhua", "CHN", "media"),
        ("Global Times", "CHN", "media"),
        ("Taipei", "TWN", "capital"),
        ("Taiwanese", "TWN", "demonym"),
        ("Pyongyang", "PRK", "capital"),
        ("North Korean", "PRK", "demonym"),
        ("KCNA", "PRK", "media"),
        ("DPRK", "PRK", "alias"),
        ("Seoul", "KOR", "capital"),
        ("South Korean", "KOR", "demonym"),
        ("Blue House", "KOR", "seat"),
        ("Tokyo", "JPN", "capital"),
        ("Kantei", "JPN", "seat"),
        ("New Delhi", "IND", "capital"),
        ("Ministry of External Affairs", "IND", "institution"),
        ("Islamabad", "PAK", "capital"),
        ("ISPR", "PAK", "institution"),
        ("Taliban", "AFG", "institution"),
        ("Burma", "MMR", "alias"),
        # Middle East
        ("IRNA", "IRN", "media"),
        ("Tehran", "IRN", "capital"),
        ("SANA", "SYR", "media"),
        ("SPA", "SAU", "media"),
        ("Emirati", "ARE", "demonym"),
        ("WAM", "ARE", "media"),
        ("Anadolu", "TUR", "media"),
        ("Türkiye", "TUR", "alias"),
        ("IDF", "ISR", "institution"),
        # Oceania, Africa, South America
        ("Canberra", "AUS", "capital"),
        ("Australian", "AUS", "demonym"),
        ("Abuja", "NGA", "capital"),
        ("Kinshasa", "COD", "capital"),
        ("Pretoria", "ZAF", "capital"),
        ("Brasília", "BRA", "capital"),
        ("Itamaraty", "BRA", "institution"),
        ("Casa Rosada", "ARG", "seat"),
        ("Venezuelan", "VEN", "demonym"),
        # people
        ("Lavrov", "RUS", "person"),
    ],
)
def test_registry_phrase_spot_checks(
    by_text: dict[str, tuple[str, str]], text: str, code: str, kind: str
) -> None:
    assert by_text[text] == (code, kind)


@pytest.mark.parametrize(
    "text",
    ["Korean", "Korea", "Congolese", "Congo", "the North", "Republic of China", "AFP", "Yonhap"],
)
def test_registry_leaves_out_ambiguous_forms(
    by_text: dict[str, tuple[str, str]], text: str
) -> None:
    assert text not in by_text


def test_registry_brussels_is_the_eu_not_belgium(reg: Registry) -> None:
    assert "Brussels" in reg.government("EUU").capitals
    assert "Brussels" not in reg.government("BEL").capitals
    assert reg.government("BEL").note


def test_registry_drops_inverted_pycountry_names(reg: Registry) -> None:
    assert "Korea, Republic of" not in reg.government("KOR").aliases
    # A country with only comma forms keeps them.
    assert reg.government("BES").name == "Bonaire, Sint Eustatius and Saba"


def test_registry_no_surface_form_maps_to_two_codes(reg: Registry) -> None:
    phrases = reg.phrases()
    texts = [p.text for p in phrases]
    assert len(texts) == len(set(texts))
    assert reg.conflicts() == ()
    assert {p.kind for p in phrases} <= set(PHRASE_KINDS)
    for phrase in phrases:
        assert phrase.code in reg.governments


def test_registry_every_government_has_a_phrase(reg: Registry) -> None:
    assert {p.code for p in reg.phrases()} == set(reg.governments)


def test_registry_roles_lexicon(reg: Registry) -> None:
    assert {"foreign minister", "ambassador", "spokesperson", "prime minister"} <= set(
        reg.government_titles
    )
    assert {"foreign ministry", "embassy", "customs"} <= set(reg.generic_institutions)
    assert {"analyst", "lawmaker", "opposition", "former"} <= set(reg.non_government_roles)
    assert "New Mexico" in reg.non_government_phrases
    shared = set(reg.government_titles) & set(reg.non_government_roles)
    assert shared == set()


def test_registry_institution_forms(reg: Registry) -> None:
    forms = reg.institution_forms("CHN")
    assert "Chinese foreign ministry" in forms
    assert "China's foreign ministry" in forms
    assert "foreign ministry of China" in forms


def test_registry_default_is_cached(reg: Registry) -> None:
    assert load_registry() is reg


def test_registry_fingerprint_is_stable_and_tracks_data(reg: Registry, tmp_path: Path) -> None:
    same = load_registry(data_dir=DATA)
    assert same is not reg
    assert registry_fingerprint(same) == registry_fingerprint(reg)
    assert len(registry_fingerprint(reg)) == 64
    assert reg.key == registry_fingerprint(reg)
    extra = write(tmp_path / "a.jsonl", {"code": "MEX", "aliases": ["Mejico"]})
    assert registry_fingerprint(load_registry([extra])) != registry_fingerprint(reg)


# --------------------------------------------------------------------------- lookups


def test_registry_government_ignores_case(reg: Registry) -> None:
    assert reg.government("mex").code == "MEX"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("UK", "unknown government code 'UK'; did you mean GBR (United Kingdom)?"),
        ("EU", "unknown government code 'EU'; did you mean EUU (European Union)?"),
        ("MEXX", "unknown government code 'MEXX'; did you mean MEX?"),
        (
            "QQQQQQ",
            "unknown government code 'QQQQQQ'; use an ISO 3166-1 alpha-3 code such as MEX, "
            "or a code declared in an actors file",
        ),
    ],
)
def test_registry_government_unknown_code_message(reg: Registry, code: str, message: str) -> None:
    with pytest.raises(RegistryError) as info:
        reg.government(code)
    assert str(info.value) == message


def test_registry_stale_people_shipped(reg: Registry) -> None:
    stale = {p.name for p in reg.stale_people("2024-01-01")}
    assert "Angela Merkel" in stale
    assert "Emmanuel Macron" not in stale
    assert all(p.end is not None for p in reg.stale_people("9999-12-31"))


def test_registry_stale_people_compares_end_dates(tmp_path: Path) -> None:
    people = "".join(
        json.dumps(p) + "\n"
        for p in [
            {
                "name": "A",
                "government": "FRA",
                "role": "x",
                "from": "2001-01-01",
                "to": "2010-05-01",
            },
            {"name": "B", "government": "FRA", "role": "x", "from": "2010-05-01", "to": None},
            {"name": "C", "government": "fra", "role": "x", "to": "2010-05-02"},
        ]
    )
    reg = load_registry(data_dir=data_dir_with(tmp_path, people=people))
    assert [p.name for p in reg.stale_people("2010-05-02")] == ["A"]
    assert [p.name for p in reg.stale_people("2010-05-03")] == ["A", "C"]
    assert reg.people[2].government == "FRA"
    assert reg.people[1].start == "2010-05-01"


def test_registry_stale_people_rejects_bad_date(reg: Registry) -> None:
    with pytest.raises(RegistryError) as info:
        reg.stale_people("1 May 2020")
    assert str(info.value) == (
        "stale_people(on=...): 'on' must be an ISO date (YYYY-MM-DD), not \"1 May 2020\""
    )


# --------------------------------------------------------------------------- user files


def test_registry_user_files_merge(tmp_path: Path) -> None:
    actors = write(
        tmp_path / "actors.jsonl",
        {"code": "MEX", "aliases": ["Mejico"], "institutions": ["Cancillería"]},
        {"code": "GBR", "display": "Britain"},
        {"code": "WAGNER", "kind": "group", "name": "Wagner Group", "aliases": ["Wagner"]},
        {"name": "Jane Roe", "aliases": ["Roe"], "government": "WAGNER", "role": "spokeswoman"},
    )
    roles = tmp_path / "roles.toml"
    roles.write_text(
        '[titles]\ngovernment = ["grand vizier"]\n[non_government]\nroles = ["influencer"]\n',
        encoding="utf-8",
    )
    reg = load_registry([actors, roles])
    by_text = {p.text: (p.code, p.kind) for p in reg.phrases()}
    assert by_text["Mejico"] == ("MEX", "alias")
    assert by_text["Cancillería"] == ("MEX", "institution")
    assert by_text["Mexican"] == ("MEX", "demonym")  # shipped forms are kept
    assert reg.government("GBR").display == "Britain"
    assert reg.government("GBR").name == "United Kingdom"
    assert reg.government("WAGNER").display == "Wagner Group"
    assert by_text["Roe"] == ("WAGNER", "person")
    assert "grand vizier" in reg.government_titles
    assert "foreign minister" in reg.government_titles
    assert "influencer" in reg.non_government_roles
    assert reg.people[-1].start is None
    # the cached default registry is untouched
    assert "Mejico" not in load_registry().government("MEX").aliases


def test_registry_user_file_moves_a_form_to_another_government(tmp_path: Path) -> None:
    actors = write(tmp_path / "a.jsonl", {"code": "BEL", "capitals": ["Brussels"]})
    reg = load_registry([actors])
    assert reg.government("BEL").capitals == ("Brussels",)
    assert "Brussels" not in reg.government("EUU").capitals
    assert {p.text: p.code for p in reg.phrases()}["Brussels"] == "BEL"
    assert reg.conflicts() == ()


def test_registry_user_file_wins_against_a_name(tmp_path: Path) -> None:
    actors = write(tmp_path / "a.jsonl", {"code": "USA", "aliases": ["Georgia"]})
    reg = load_registry([actors])
    assert {p.text: p.code for p in reg.phrases()}["Georgia"] == "USA"
    assert reg.conflicts() == (PhraseConflict("Georgia", ("GEO", "USA"), "USA", "user file"),)


def test_registry_user_file_later_file_wins(tmp_path: Path) -> None:
    first = write(tmp_path / "1.jsonl", {"code": "BEL", "capitals": ["Brussels"]})
    second = write(tmp_path / "2.jsonl", {"code": "EUU", "capitals": ["Brussels"]})
    reg = load_registry([first, second])
    assert {p.text: p.code for p in reg.phrases()}["Brussels"] == "EUU"
    assert "Brussels" not in reg.government("BEL").capitals


def test_registry_user_file_excludes_forms(tmp_path: Path) -> None:
    actors = write(tmp_path / "a.jsonl", {"code": "AFG", "exclude": ["Taliban"]})
    reg = load_registry([actors])
    assert "Taliban" not in reg.government("AFG").institutions
    assert "Taliban" not in {p.text for p in reg.phrases()}


def test_registry_user_name_keeps_old_name_as_alias(tmp_path: Path) -> None:
    actors = write(tmp_path / "a.jsonl", {"code": "CZE", "name": "Czechia"})
    gov = load_registry([actors]).government("CZE")
    assert gov.name == "Czechia"
    assert gov.display == "the Czech Republic"
    assert "Czech Republic" in gov.aliases
    assert "Czechia" not in gov.aliases


def test_registry_kind_priority_resolves_conflicts(tmp_path: Path) -> None:
    governments = "".join(
        json.dumps(r) + "\n"
        for r in [
            {"code": "AAA_X", "kind": "group", "name": "Foo"},
            {"code": "BBB_X", "kind": "group", "name": "Bar", "aliases": ["Foo"]},
        ]
    )
    reg = load_registry(data_dir=data_dir_with(tmp_path, governments=governments))
    assert {p.text: p.code for p in reg.phrases()}["Foo"] == "AAA_X"
    assert reg.conflicts() == (PhraseConflict("Foo", ("AAA_X", "BBB_X"), "AAA_X", "kind priority"),)


def test_registry_tie_is_dropped_and_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    governments = "".join(
        json.dumps(r) + "\n"
        for r in [
            {"code": "AAA_X", "kind": "group", "name": "Aaa", "aliases": ["Both"]},
            {"code": "BBB_X", "kind": "group", "name": "Bbb", "aliases": ["Both"]},
        ]
    )
    reg = load_registry(data_dir=data_dir_with(tmp_path, governments=governments))
    with caplog.at_level(logging.WARNING, logger="briefing.nlp.registry"):
        phrases = reg.phrases()
    assert "Both" not in {p.text for p in phrases}
    assert reg.conflicts() == (PhraseConflict("Both", ("AAA_X", "BBB_X"), None, "tie"),)
    assert "'Both' is claimed by AAA_X, BBB_X with the same priority; dropped" in caplog.text


# --------------------------------------------------------------------------- malformed files


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            '{"code": "MEX", aliases: []}',
            "{path}:2: not valid JSON (Expecting property name enclosed in double quotes at "
            "column 17); write one JSON object per line, with double-quoted strings and no "
            "comments",
        ),
        (
            '["MEX"]',
            "{path}:2: expected a JSON object, got list; write one object per line, like "
            '{{"code": "MEX", "aliases": ["Mejico"]}}',
        ),
        (
            '{"code": "MEX", "demonym": ["Mexican"]}',
            "{path}:2: unknown field 'demonym' in a government record (did you mean "
            "'demonyms'?); allowed fields: aliases, capitals, code, demonyms, display, exclude, "
            "institutions, kind, media, name, note, people, seats, titles",
        ),
        (
            '{"name": "Mexico", "aliases": ["Mejico"]}',
            '{path}:2: record has neither "code" (a government) nor "government" (a person); '
            'add "code": "<ISO alpha-3>" to a government or "government": "<code>" to a person',
        ),
        (
            '{"code": "ABC", "aliases": ["Abc"]}',
            "{path}:2: unknown government code 'ABC'; use an ISO 3166-1 alpha-3 code "
            '(e.g. "MEX"), or declare a new party with "kind" (one of country, territory, '
            'organization, group) and "name"',
        ),
        (
            '{"code": "ABC", "kind": "state", "name": "Abc"}',
            '{path}:2: "kind" must be one of country, territory, organization, group, '
            "not 'state'",
        ),
        (
            '{"code": "M", "name": "Mexico"}',
            "{path}:2: 'code' must be a code of 2-16 letters, digits or '_' (ISO 3166-1 "
            'alpha-3 such as "MEX"), not "M"',
        ),
        (
            '{"code": "MEX", "aliases": "Mejico"}',
            '{path}:2: \'aliases\' must be a list of strings; write ["Mejico"], not "Mejico"',
        ),
        (
            '{"code": "MEX", "capitals": ["Mexico City", ""]}',
            "{path}:2: 'capitals' must be a list of non-empty strings",
        ),
        (
            '{"name": "Jane Roe", "government": "ZZZ", "role": "envoy"}',
            "{path}:2: person 'Jane Roe': unknown government code 'ZZZ'; use an ISO 3166-1 "
            "alpha-3 code or declare the party in a government record first",
        ),
        (
            '{"name": "Jane Roe", "government": "MEX", "role": "envoy", "to": "2020"}',
            "{path}:2: 'to' must be an ISO date (YYYY-MM-DD), not \"2020\"",
        ),
        (
            '{"name": "Jane Roe", "government": "MEX", "from": "2020-01-02", "to": "2020-01-01"}',
            '{path}:2: person \'Jane Roe\': "to" (2020-01-01) is before "from" (2020-01-02)',
        ),
        (
            '{"name": "Jane Roe", "government": "MEX", "title": "envoy"}',
            "{path}:2: unknown field 'title' in a person record; allowed fields: aliases, "
            "from, government, id, name, note, role, source, to",
        ),
        (
            '{"government": "MEX", "role": "envoy"}',
            '{path}:2: person record needs "name"; add the full name',
        ),
    ],
)
def test_registry_malformed_jsonl_messages(tmp_path: Path, line: str, message: str) -> None:
    path = write(tmp_path / "actors.jsonl", {"code": "MEX", "aliases": ["Mejico"]}, line)
    with pytest.raises(RegistryError) as info:
        load_registry([path])
    assert str(info.value) == message.format(path=path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[titles]\ngoverment = ["vizier"]\n',
            "{path}: unknown key titles.goverment (did you mean 'titles.government'?); allowed "
            "keys: titles.government, institutions.generic, institutions.patterns, "
            "non_government.roles, non_government.phrases",
        ),
        (
            '[people]\nroles = ["vizier"]\n',
            "{path}: unknown table [people]; allowed keys: titles.government, "
            "institutions.generic, institutions.patterns, non_government.roles, "
            "non_government.phrases",
        ),
        (
            '[titles]\ngovernment = "vizier"\n',
            "{path}: titles.government must be a list of non-empty strings",
        ),
        (
            '[institutions]\npatterns = ["{country} {institution}"]\n',
            "{path}: institution pattern '{{country}} {{institution}}' must contain "
            "{{institution}} and at most one of {{name}} or {{demonym}}",
        ),
        (
            '[titles]\ngovernment = ["a" "b"]\n',
            "{path}: not valid TOML (Unclosed array (at line 2, column 19)); fix the syntax there",
        ),
    ],
)
def test_registry_malformed_toml_messages(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "roles.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError) as info:
        load_registry([path])
    assert str(info.value) == message.format(path=path)


def test_registry_rejects_unknown_file_type(tmp_path: Path) -> None:
    path = tmp_path / "actors.csv"
    path.write_text("code,name\n", encoding="utf-8")
    with pytest.raises(RegistryError) as info:
        load_registry([path])
    assert str(info.value) == (
        f"{path}: unsupported actors file; use .jsonl (governments and people, one JSON object "
        "a line) or .toml (titles and roles, as in roles.toml)"
    )


@pytest.mark.parametrize("name", ["missing.jsonl", "missing.toml"])
def test_registry_rejects_missing_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    kind = "actors" if name.endswith(".jsonl") else "roles"
    with pytest.raises(RegistryError) as info:
        load_registry([path])
    assert str(info.value) == f"{path}: no such {kind} file; check the path given to --actors"


def test_registry_blank_lines_are_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", "", {"code": "MEX", "aliases": ["Mejico"]}, "   ")
    assert "Mejico" in load_registry([path]).government("MEX").aliases


def test_a_person_of_two_governments_is_placed_by_date_not_by_phrase(tmp_path: Path) -> None:
    from briefing.nlp.actors import ArticleActors
    from briefing.nlp.registry_phrases import resolve_phrases
    from briefing.nlp.registry_records import Person

    # an invented prime minister of Norway who later led the European Union's council
    terms = [
        Person(
            "Jan Fjellstad", ("Fjellstad",), "NOR", "Prime Minister", "2001-01-01", "2009-12-31"
        ),
        Person("Jan Fjellstad", ("Fjellstad",), "EUU", "President", "2010-01-01", None),
    ]
    phrases, conflicts = resolve_phrases([], terms, {})
    assert phrases == ()
    assert conflicts == ()
    extra = tmp_path / "people.jsonl"
    extra.write_text(
        "\n".join(
            json.dumps(
                {
                    "name": p.name,
                    "aliases": list(p.aliases),
                    "government": p.government,
                    "role": p.role,
                    "from": p.start,
                    "to": p.end,
                }
            )
            for p in terms
        ),
        encoding="utf-8",
    )
    reg = load_registry([extra])
    assert "Jan Fjellstad" not in {p.text for p in reg.phrases()}
    assert reg.conflicts() == ()
    for on, code in (("2005-06-01", "NOR"), ("2015-06-01", "EUU")):
        found = ArticleActors(reg, ("NOR", "SWE"), on=on).registry_person("Jan Fjellstad")
        assert found is not None
        assert found[0].government == code
        assert found[1]
