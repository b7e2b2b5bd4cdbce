from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from _render_briefs import TITLE, item, sample_brief

from briefing.model import Brief, BriefSection
from briefing.render import (
    FORMATS,
    escape_markdown,
    load_template,
    render,
    render_json,
    render_markdown,
)


@pytest.fixture(scope="module")
def template():
    return load_template()


def test_render_markdown_whole_document(template):
    assert render_markdown(sample_brief(), template) == "\n".join(
        [
            "**UNCLASSIFIED**",
            "",
            f"# {TITLE}",
            "",
            "*Security cooperation after the cartel designation threat*",
            "",
            "As of 5 December 2019",
            "",
            "**UNCLASSIFIED**",
            "",
            "## Key points",
            "",
            "- López Obrador rejected any foreign intervention in Mexico. [1]",
            "- Both sides said the talks would focus on cooperation. [1, 2]",
            "",
            "## Background",
            "",
            r"- Talks on \<b\>security\</b\> & trade resumed after AT&T's report \> 3 weeks. [2]",
            "- Москва внимательно следит за переговорами. [3]",
            "",
            "## Position of Mexico",
            "",
            "- Andrés Manuel López Obrador said Mexico can tackle the cartels itself. [1, 3]",
            "",
            "## Position of the United States",
            "",
            "- The State Department said it was identifying the appropriate tools. [2]",
            "",
            "## Risks",
            "",
            "*No items.*",
            "",
            "## Next steps",
            "",
            "- Barr is due to meet officials in Mexico City on Thursday. [3]",
            "",
            "## Sources",
            "",
            "- [1] Mexico, US eye cooperation. Al Jazeera, 5 December 2019. seeds/a1.txt",
            r"- [2] Cartels & \<terror\> labels. Reuters & AP, 4 December 2019. seeds/a2.txt",
            "- [3] Barr llega a México. El País, undated. https://example.org/barr",
            "",
            "**UNCLASSIFIED**",
            "",
        ]
    )


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain words", "plain words"),
        ("*bold* and _it_", r"\*bold\* and \_it\_"),
        ("<b>x</b>", r"\<b\>x\</b\>"),
        ("[link](http://x)", r"\[link\](http://x)"),
        ("# not a heading", r"\# not a heading"),
        ("- not a list", r"\- not a list"),
        ("2019. A year", r"2019\. A year"),
        ("2019 was a year", "2019 was a year"),
        ("&amp; stays", r"\&amp; stays"),
        ("AT&T", "AT&T"),
        ("back\\slash `code`", r"back\\slash \`code\`"),
    ],
)
def test_render_markdown_escape(text, escaped):
    assert escape_markdown(text) == escaped


def test_render_markdown_item_starting_with_number_stays_an_item(template):
    brief = sample_brief(
        sections=(
            BriefSection(key="risk", heading="Risks", items=(item("1. Sanctions.", "risk", 1),)),
        )
    )
    assert "- 1\\. Sanctions. [1]" in render_markdown(brief, template).splitlines()


def test_render_markdown_json_round_trips(template):
    brief = sample_brief()
    text = render_json(brief)
    assert "López Obrador" in text  # ensure_ascii=False
    data = json.loads(text)
    assert list(data) == sorted(data)
    assert Brief.from_dict(data) == brief


@pytest.mark.parametrize("formats", [("docx", "pdf"), ("md", "json"), FORMATS])
def test_render_markdown_render_writes_each_format(tmp_path, template, formats):
    out = tmp_path / "reports" / "nested"
    paths = render(sample_brief(), template, out, formats=formats, stem="mx-us")
    assert paths == [out / f"mx-us.{fmt}" for fmt in formats]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)
    for path in paths:
        assert path.stat().st_size > 0


def test_render_markdown_render_default_is_docx_and_pdf(tmp_path, template):
    paths = render(sample_brief(), template, tmp_path)
    assert [p.name for p in paths] == ["brief.docx", "brief.pdf"]
    assert paths[1].read_bytes().startswith(b"%PDF-")


def test_render_markdown_render_replaces_existing_files(tmp_path, template):
    target = tmp_path / "brief.md"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o640)
    render(sample_brief(), template, tmp_path, formats=("md",))
    assert target.read_text(encoding="utf-8").startswith("**UNCLASSIFIED**")
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["brief.md"]


def test_render_markdown_render_json_ends_with_newline(tmp_path, template):
    (path,) = render(sample_brief(), template, tmp_path, formats=("json",))
    text = path.read_text(encoding="utf-8")
    assert text == render_json(sample_brief()) + "\n"


def test_render_markdown_render_unknown_format(tmp_path, template):
    with pytest.raises(ValueError, match="unknown format\\(s\\) odt; use docx, pdf, md, json"):
        render(sample_brief(), template, tmp_path, formats=("docx", "odt"))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("stem", ["", "../escape", "a/b", ".."])
def test_render_markdown_render_bad_stem(tmp_path, template, stem):
    with pytest.raises(ValueError, match="must be a plain file name"):
        render(sample_brief(), template, tmp_path, formats=("md",), stem=stem)
    assert not Path(tmp_path / "escape.md").exists()
