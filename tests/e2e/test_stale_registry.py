"""The registry warns when a person it lists has left office before the brief's date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import cli

ARTICLE = """Norway and Iceland agree to review fishing quotas

Norwegian Foreign Minister Kari Nordvik said on Monday that Oslo wanted a fair share
of the mackerel catch.

Nordvik said the two governments would meet again in Reykjavik next month.
"""


@pytest.mark.model
def test_build_warns_about_stale_registry_people(tmp_path: Path) -> None:
    src = tmp_path / "articles"
    src.mkdir()
    (src / "quotas.txt").write_text(ARTICLE, encoding="utf-8")
    people = tmp_path / "people.jsonl"
    people.write_text(
        json.dumps(
            {
                "name": "Kari Nordvik",
                "aliases": ["Nordvik"],
                "government": "NOR",
                "role": "Foreign Minister",
                "from": "2010-01-01",
                "to": "2015-12-31",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli,
        [
            "build",
            str(src),
            "--out",
            str(tmp_path / "out"),
            "--actors",
            str(people),
            "--date",
            "2024-03-01",
            "--format",
            "json",
        ],
        prog_name="briefing",
    )
    assert result.exit_code == 0, result.output
    assert (
        "warning: the actor registry lists Kari Nordvik as Foreign Minister of NOR until "
        "2015-12-31, before this brief's date 2024-03-01; update briefing/data/people.jsonl "
        "or pass a newer file with --actors."
    ) in result.stderr
