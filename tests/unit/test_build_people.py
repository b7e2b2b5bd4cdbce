"""The world people registry builder (scripts/build_people.py) and registry validation.

The source tables here are invented: same columns as the Wikidata-derived tables the
builder reads, made-up people and item ids.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pycountry
import pytest

from briefing.nlp.registry import load_registry

ROOT = Path(__file__).resolve().parents[2]


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_people", ROOT / "scripts" / "build_people.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_people"] = module
    spec.loader.exec_module(module)
    return module


bp = _load_script()

LEADERS = (
    "countryid,country,position,positionLabel,officeholder,officeholderLabel,start_year,end_year\n"
    """Q1001,Chile,Q2001,President of Chile,Q3001,Ana Ferreira,2018,2022
Q1001,Chile,Q2001,President of Chile,Q3002,Tomás Uribe,2022,
Q1002,Ivory Coast,Q2002,Prime Minister of Ivory Coast,Q3003,Koffi Yao,2021,
Q1003,Australia,Q2003,monarch of Australia,Q3004,Queen Example,1990,
Q1003,Australia,Q2004,Prime Minister of Australia,Q3005,Q3005,2020,
Q1004,Atlantis,Q2005,President of Atlantis,Q3006,Nobody Atlantean,2019,
Q1005,Norway,Q2006,Prime Minister of Norway,Q3007,Old Timer,1990,1996
"""
)
FOREIGN = """person,name,country,countryLabel,position,positionLabel,start,psid
Q3101,Rosa Vik,Q1005,Norway,Q2101,Minister of Foreign Affairs,2021-10-14,x
Q3102,Jon Vik,Q1005,Norway,Q2101,Minister of Foreign Affairs,2023-02-01,x
"""


@pytest.fixture
def sources(tmp_path: Path) -> tuple[Path, Path]:
    leaders = tmp_path / "leaders.csv"
    foreign = tmp_path / "foreign.csv"
    leaders.write_text(LEADERS, encoding="utf-8")
    foreign.write_text(FOREIGN, encoding="utf-8")
    return leaders, foreign


def test_build_people_records(sources: tuple[Path, Path]) -> None:
    recs, notes = bp.build([sources[0]], [sources[1]], "2000-01-01")
    by_name = {r["name"]: r for r in recs}
    assert by_name["Ana Ferreira"] == {
        "name": "Ana Ferreira",
        "aliases": [],
        "government": "CHL",
        "role": "President",
        "from": "2018-01-01",  # year precision: the widest term the source allows
        "to": "2022-12-31",
        "id": "Q3001",
        "source": "leaders:world-leaders-2021@leaders.csv row 2",  # the row, for errors
    }
    assert by_name["Tomás Uribe"]["aliases"] == ["Tomas Uribe"]
    assert by_name["Tomás Uribe"]["to"] is None
    assert by_name["Koffi Yao"]["government"] == "CIV"  # people_sources.toml [countries]
    assert by_name["Koffi Yao"]["role"] == "Prime Minister"
    # a foreign minister whose successor took office leaves office that day
    assert by_name["Rosa Vik"]["role"] == "Foreign Minister"
    assert by_name["Rosa Vik"]["to"] == "2023-02-01"
    assert by_name["Jon Vik"]["to"] is None
    assert "Queen Example" not in by_name  # the monarch of another realm is skipped
    assert "Q3005" not in by_name  # no English label
    assert "Old Timer" not in by_name  # left office before --since
    assert any("Atlantis" in n for n in notes)  # unknown countries are reported


def test_build_people_output_loads_as_a_registry(
    sources: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out" / "people_world.jsonl"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build_people.py"),
            "--leaders",
            str(sources[0]),
            "--foreign",
            str(sources[1]),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "wrote 5 people" in done.stderr
    reg = load_registry([out])
    people = {p.name: p for p in reg.people}
    assert people["Rosa Vik"].government == "NOR"
    assert people["Rosa Vik"].end == "2023-02-01"
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert set(first) == {"name", "government", "role", "from", "to", "id"}  # compact


def test_build_people_drops_a_name_two_governments_share() -> None:
    recs = [
        {"name": "Pat Doe", "government": "CHL", "role": "President", "from": None, "id": "Q1"},
        {"name": "Pat Doe", "government": "PER", "role": "President", "from": None, "id": "Q2"},
        {"name": "Lee Roe", "government": "PER", "role": "President", "from": None, "id": "Q3"},
    ]
    kept, notes = bp.one_government_per_name(recs)
    assert [r["name"] for r in kept] == ["Lee Roe"]
    assert notes == ["name held for several governments, left out: Pat Doe"]


def test_build_people_keeps_the_government_of_a_names_latest_term() -> None:
    recs = [
        {"name": "Kuol Deng", "government": "SDN", "role": "Vice President", "from": "2005-07-09"},
        {"name": "Kuol Deng", "government": "SSD", "role": "President", "from": "2011-07-09"},
    ]
    kept, notes = bp.one_government_per_name(recs)
    assert [r["government"] for r in kept] == ["SSD"]
    assert notes == ["name held for several governments, kept SSD: Kuol Deng (SDN)"]


@pytest.mark.parametrize(
    ("records", "problem"),
    [
        (
            [
                {"name": "A B", "government": "CHL", "role": "President", "from": "2020-01-01"},
                {"name": "A B", "government": "CHL", "role": "President", "from": "2020-01-01"},
            ],
            "record 2: duplicate key",
        ),
        (
            [{"name": "A B", "government": "CHL", "from": "2021-01-01", "to": "2020-01-01"}],
            "record 1: to 2020-01-01 is before from 2021-01-01",
        ),
        ([{"name": "A B", "government": "XYZ"}], "record 1: unknown government code 'XYZ'"),
        ([{"name": "A B", "government": "CHL", "from": "2020"}], "record 1: from '2020' is not"),
        ([{"name": " ", "government": "CHL"}], "record 1: no name"),
        (
            [{"name": "A B", "government": "CHL", "source": "holders:chile@abc row 7"}],
            "record 1 (holders:chile@abc row 7): unknown role None",
        ),
        (
            [{"name": "A B", "government": "CHL", "role": "First Lady"}],
            "record 1: unknown role 'First Lady'",
        ),
    ],
)
def test_validate_finds_problems(records: list[dict[str, object]], problem: str) -> None:
    problems = bp.validate(records, roles=["President"])
    assert any(p.startswith(problem) for p in problems), problems


def test_validate_accepts_the_shipped_people_file() -> None:
    path = ROOT / "briefing" / "data" / "people.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    reg = load_registry()
    # the registry's own codes (XKX, UNO, EUU ...): every one that is no ISO 3166 country
    declared = [c for c in reg.governments if pycountry.countries.get(alpha_3=c) is None]
    assert bp.validate(records, declared) == []


def test_validate_accepts_the_shipped_world_registry() -> None:
    data = json.loads((ROOT / "briefing" / "data" / "people_world.json").read_text("utf-8"))
    assert tuple(data["fields"]) == bp.WORLD_FIELDS
    records = [dict(zip(bp.WORLD_FIELDS, row, strict=True)) for row in data["people"]]
    rules = bp.load_rules()
    assert len(records) > 5000
    assert bp.validate(records, bp.registry_codes(), bp.known_roles(rules)) == []
    governments = {str(r["government"]) for r in records}
    assert len(governments) > 180  # every UN member state but a handful
    assert all(len(str(r["name"]).split()) >= rules.min_name_words for r in records)


def test_build_people_reads_every_version_of_a_git_source(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    table = repo / "data" / "wikidata.csv"
    head = LEADERS.splitlines()[0]
    table.write_text(head + "\nQ1001,Chile,Q2001,President of Chile,Q3001,Ana Ferreira,2018,\n")
    git("add", ".")
    git("commit", "-qm", "one")
    table.write_text(head + "\nQ1001,Chile,Q2001,President of Chile,Q3002,Tomás Uribe,2022,\n")
    git("commit", "-qam", "two")
    recs, _ = bp.build([repo / ".git"], [], "2000-01-01")
    names = {r["name"]: r for r in recs}
    assert set(names) == {"Ana Ferreira", "Tomás Uribe"}  # the first left between versions
    assert names["Ana Ferreira"]["to"] == "2022-01-01"  # ended when her successor began


def test_build_people_names_a_missing_source(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(SystemExit, match="nowhere: no such file or folder; clone the source"):
        bp.build([missing], [], "2000-01-01")
    (tmp_path / "empty").mkdir()
    with pytest.raises(SystemExit, match="empty: neither a CSV file, a checkout holding"):
        bp.build([tmp_path / "empty"], [], "2000-01-01")


# -- office-holder tables of the country repositories ------------------------------------------

HOLDERS_HEAD = "position,person,personID,start,end,gender,DOB,DOD,image,enwiki\n"
TESTLAND = HOLDERS_HEAD + (
    "President,Marta Quill,Q9001,2004-03-01,2012-03-01,female,,,,\n"
    "President,Oskar Brenn,Q9002,2012-03-01,,male,,,,\n"
    "First Lady,Ilse Brenn,Q9003,2012-03-01,,female,,,,\n"
    "Minister of Foreign Affairs,Tomas Veil,Q9004,2016-05,2019,male,,,,\n"
    "Minister of Foreign Affairs,Ada Veil,Q9005,2019-06-02,,female,,,,\n"
    "ambassador to Norway,Jon Fjord,Q9006,2018-01-01,,male,,,,\n"
    "Deputy Prime Minister,Rui Sol,Q9007,2015-01-01,,male,,,,\n"
    "Deputy Prime Minister,Eva Sol,Q9008,2018-01-01,,female,,,,\n"
    "Minister of Finance,Piet Kaal,Q9009,2010-01-01,2009-01-01,male,,,,\n"
    "Minister of the Interior,Mike Young (politician),Q9010,2011-01-01,2013-01-01,male,,,,\n"
    "Monarch,Queen Example,Q9011,1990-01-01,,female,,,,\n"
    "Prime Minister,Suharto,Q9012,2001-01-01,2002-01-01,male,,,,\n"
    "Secretary of the Treasury,Old Timer,Q9013,1990-01-01,1995-01-01,male,,,,\n"
)


@pytest.fixture
def holders_root(tmp_path: Path) -> Path:
    root = tmp_path / "holders"
    table = root / "testland-cabinet" / "html" / "holders21.csv"
    table.parent.mkdir(parents=True)
    table.write_text(TESTLAND, encoding="utf-8")
    return root


@pytest.fixture
def rules() -> object:
    from dataclasses import replace

    shipped = bp.load_rules()
    return replace(
        shipped,
        holders_repos={"testland-cabinet": "CHL", "missing-cabinet": "PER"},
        holders_skip={"testland-cabinet": ("Monarch",)},
    )


def test_holders_keep_the_offices_the_registry_wants(holders_root: Path, rules: object) -> None:
    recs, notes = bp.build([], [], "2000-01-01", [holders_root], rules)
    by_name = {r["name"]: r for r in recs}
    assert by_name["Ada Veil"]["role"] == "Foreign Minister"
    assert by_name["Ada Veil"]["government"] == "CHL"  # the repository's government
    assert by_name["Tomas Veil"]["from"] == "2016-05-01"  # month precision: widest term
    assert by_name["Tomas Veil"]["to"] == "2019-12-31"
    assert by_name["Mike Young"]["role"] == "Interior Minister"  # disambiguation dropped
    assert "Ilse Brenn" not in by_name  # a spouse is not the government
    assert "Jon Fjord" not in by_name  # bilateral ambassadors are left out
    assert "Queen Example" not in by_name  # [holders.skip]: another realm's monarch
    assert "Suharto" not in by_name  # a one-word name would match too much text
    assert "Old Timer" not in by_name  # left office before --since
    assert any("missing-cabinet" in n for n in notes)
    assert any("Piet Kaal" in n and "testland-cabinet@" in n and "row 10" in n for n in notes)


def test_holders_keep_open_terms_of_posts_with_several_holders(
    holders_root: Path, rules: object
) -> None:
    recs, _ = bp.build([], [], "2000-01-01", [holders_root], rules)
    by_name = {r["name"]: r for r in recs}
    # two deputy prime ministers at once: the second does not end the first's term
    assert by_name["Rui Sol"]["to"] is None
    assert by_name["Eva Sol"]["to"] is None
    assert by_name["Marta Quill"]["to"] == "2012-03-01"


def test_holders_replace_a_leaders_years_for_the_same_post(
    holders_root: Path, rules: object, tmp_path: Path
) -> None:
    leaders = tmp_path / "leaders.csv"
    leaders.write_text(
        LEADERS.splitlines()[0]
        + "\nQ1001,Chile,Q2001,President of Chile,Q9002,Oskar Brenn,2012,\n",
        encoding="utf-8",
    )
    recs, _ = bp.build([leaders], [], "2000-01-01", [holders_root], rules)
    brenn = [r for r in recs if r["name"] == "Oskar Brenn"]
    assert [(r["from"], r["source"].split("@")[0]) for r in brenn] == [
        ("2012-03-01", "holders:testland-cabinet")
    ]


def test_successors_close_the_open_terms_the_sources_end_with(
    holders_root: Path, rules: object, tmp_path: Path
) -> None:
    later = tmp_path / "people.jsonl"
    later.write_text(
        '{"name": "Nina Lark", "government": "CHL", "role": "President", "from": "2024-03-11"}\n',
        encoding="utf-8",
    )
    recs, _ = bp.build([], [], "2000-01-01", [holders_root], rules, later)
    by_name = {r["name"]: r for r in recs}
    assert by_name["Oskar Brenn"]["to"] == "2024-03-11"
    assert "Nina Lark" not in by_name  # the hand-kept file ships on its own
    assert by_name["Ada Veil"]["to"] is None  # another post


def test_holders_read_a_bare_git_clone(tmp_path: Path, rules: object) -> None:
    repo = tmp_path / "src"
    (repo / "html").mkdir(parents=True)

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    (repo / "html" / "holders21.csv").write_text(HOLDERS_HEAD + "President,Ann Old,Q1,2001,\n")
    git("add", ".")
    git("commit", "-qm", "one")
    (repo / "html" / "holders21.csv").write_text(TESTLAND)
    git("commit", "-qam", "two")
    root = tmp_path / "root"
    subprocess.run(
        ["git", "clone", "-q", "--bare", str(repo), str(root / "testland-cabinet.git")],
        check=True,
        capture_output=True,
    )
    recs, _ = bp.build([], [], "2000-01-01", [root], rules)
    names = {r["name"] for r in recs}
    assert "Oskar Brenn" in names
    assert "Ann Old" not in names  # only the newest version: it holds the whole history


def test_world_file_loads_as_the_registrys_world_people(
    holders_root: Path, rules: object, tmp_path: Path
) -> None:
    recs, _ = bp.build([], [], "2000-01-01", [holders_root], rules)
    data = tmp_path / "data"
    data.mkdir()
    for name in ("governments.jsonl", "people.jsonl", "roles.toml", "places.toml"):
        (data / name).write_bytes((ROOT / "briefing" / "data" / name).read_bytes())
    bp.write_world(recs, data / "people_world.json")
    reg = load_registry(data_dir=data)
    world = {p.name: p for p in reg.people if p.world}
    assert world["Ada Veil"].government == "CHL"
    assert world["Ada Veil"].role == "Foreign Minister"
    assert world["Marta Quill"].end == "2012-03-01"
    assert not any(p.world for p in load_registry(data_dir=data, world=False).people)
    # ended world terms are history, not a stale hand-kept list
    assert "Marta Quill" not in {p.name for p in reg.stale_people("2020-01-01")}


def test_world_file_errors_name_the_row(tmp_path: Path) -> None:
    from briefing.errors import RegistryError

    data = tmp_path / "data"
    data.mkdir()
    for name in ("governments.jsonl", "people.jsonl", "roles.toml", "places.toml"):
        (data / name).write_bytes((ROOT / "briefing" / "data" / name).read_bytes())
    row = ["Ann Roe", "ZZZ", "President", "2001-01-01", None, "Q1", []]
    (data / "people_world.json").write_text(
        json.dumps({"fields": list(bp.WORLD_FIELDS), "people": [row]}), encoding="utf-8"
    )
    with pytest.raises(RegistryError, match=r"people_world.json: person 1 \('Ann Roe'\): unknown"):
        load_registry(data_dir=data)
