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
        "source": "leaders",
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
    assert set(first) == {"name", "aliases", "government", "role", "from", "to", "id", "source"}


def test_build_people_drops_a_name_two_governments_share() -> None:
    recs = [
        {"name": "Pat Doe", "government": "CHL", "role": "President", "from": None, "id": "Q1"},
        {"name": "Pat Doe", "government": "PER", "role": "President", "from": None, "id": "Q2"},
        {"name": "Lee Roe", "government": "PER", "role": "President", "from": None, "id": "Q3"},
    ]
    kept, notes = bp.one_government_per_name(recs)
    assert [r["name"] for r in kept] == ["Lee Roe"]
    assert notes == ["name held for several governments, left out: Pat Doe"]


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
    ],
)
def test_validate_finds_problems(records: list[dict[str, object]], problem: str) -> None:
    problems = bp.validate(records)
    assert any(p.startswith(problem) for p in problems), problems


def test_validate_accepts_the_shipped_people_file() -> None:
    path = ROOT / "briefing" / "data" / "people.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    reg = load_registry()
    declared = [c for c in reg.governments if len(c) != 3 or not c.isalpha()] + ["XKX", "UNO"]
    assert bp.validate(records, declared) == []


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
