"""A third government's position goes to background, or to its own section if the template asks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import cli

ARTICLE = """Britain and the EU resume trade talks

British negotiator Tom Hale said on Monday that London wanted a quick deal on fishing.

The European Commission said it would not accept any deal that undercut EU standards.

French Foreign Minister Claire Dubois said Paris would insist on full access to British waters.
"""

TEMPLATE = """
[[sections]]
key = "key_points"
heading = "Key points"
limit = 3

[[sections]]
key = "background"
heading = "Background"

[[sections]]
key = "positions"
heading = "Position of {government}"

[[sections]]
key = "third_parties"
heading = "Other governments"

[[sections]]
key = "risk"
heading = "Risks"

[[sections]]
key = "next_steps"
heading = "Next steps"

[[sections]]
key = "sources"
heading = "Sources"
"""


def _sections(tmp_path: Path, *extra: str) -> dict[str, list[str]]:
    src = tmp_path / "in"
    src.mkdir(exist_ok=True)
    (src / "talks.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        [
            "build",
            str(src),
            "--out",
            str(out),
            "--format",
            "json",
            "--pair",
            "GBR,EUU",
            "--date",
            "2024-01-01",
            "--force",
            *extra,
        ],
        prog_name="briefing",
    )
    assert result.exit_code == 0, result.output
    brief = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    return {s["heading"]: [i["text"] for i in s["items"]] for s in brief["sections"]}


@pytest.mark.model
def test_third_party_position_goes_to_background_by_default(tmp_path: Path) -> None:
    sections = _sections(tmp_path)
    assert "Other governments" not in sections
    assert any("Claire Dubois" in t for t in sections["Background"])
    assert not any("Claire Dubois" in t for t in sections["Position of the United Kingdom"])


@pytest.mark.model
def test_third_party_position_gets_its_own_section_when_the_template_asks(
    tmp_path: Path,
) -> None:
    template = tmp_path / "third.toml"
    template.write_text(TEMPLATE, encoding="utf-8")
    sections = _sections(tmp_path, "--template", str(template))
    assert any("Claire Dubois" in t for t in sections["Other governments"])
    assert not any("Claire Dubois" in t for t in sections["Background"])
    assert any("London wanted" in t for t in sections["Position of the United Kingdom"])
    assert any("European Commission" in t for t in sections["Position of the European Union"])
