from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from _render_briefs import TITLE, item, sample_brief

from briefing.errors import TemplateError
from briefing.model import BriefSection
from briefing.render import docx_bytes, load_template, render_docx
from briefing.render.templates import templates_dir


@pytest.fixture(scope="module")
def template():
    return load_template()


@pytest.fixture(scope="module")
def document(template):
    return docx.Document(io.BytesIO(docx_bytes(sample_brief(), template)))


def paragraphs(document):
    return [(p.style.name, p.text) for p in document.paragraphs]


def by_heading(document):
    """Map each Heading 1 to the (style, text) of the paragraphs under it."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current = None
    for style, text in paragraphs(document):
        if style == "Heading 1":
            current = text
            sections[current] = []
        elif current is not None:
            sections[current].append((style, text))
    return sections


def test_render_docx_title_block(document):
    assert paragraphs(document)[:4] == [
        ("Title", TITLE),
        ("Subtitle", "Security cooperation after the cartel designation threat"),
        ("Normal", "As of 5 December 2019"),
        ("Brief Marking", "UNCLASSIFIED"),
    ]


def test_render_docx_heading_order(document):
    headings = [text for style, text in paragraphs(document) if style == "Heading 1"]
    assert headings == [
        "Key points",
        "Background",
        "Position of Mexico",
        "Position of the United States",
        "Risks",
        "Next steps",
        "Sources",
    ]


def test_render_docx_items_sit_under_their_headings_with_citations(document):
    sections = by_heading(document)
    assert sections["Key points"] == [
        ("List Bullet", "López Obrador rejected any foreign intervention in Mexico. [1]"),
        ("List Bullet", "Both sides said the talks would focus on cooperation. [1, 2]"),
    ]
    assert sections["Position of Mexico"] == [
        (
            "List Bullet",
            "Andrés Manuel López Obrador said Mexico can tackle the cartels itself. [1, 3]",
        )
    ]
    assert sections["Position of the United States"] == [
        ("List Bullet", "The State Department said it was identifying the appropriate tools. [2]")
    ]
    assert sections["Next steps"] == [
        ("List Bullet", "Barr is due to meet officials in Mexico City on Thursday. [3]")
    ]


def test_render_docx_markup_like_text_is_literal(document):
    background = by_heading(document)["Background"]
    assert background[0] == (
        "List Bullet",
        "Talks on <b>security</b> & trade resumed after AT&T's report > 3 weeks. [2]",
    )
    assert background[1] == ("List Bullet", "Москва внимательно следит за переговорами. [3]")


def test_render_docx_empty_section_says_no_items(document):
    assert by_heading(document)["Risks"] == [("Brief Note", "No items.")]


def test_render_docx_sources_numbered(document):
    assert by_heading(document)["Sources"] == [
        (
            "Brief Source",
            "[1] Mexico, US eye cooperation. Al Jazeera, 5 December 2019. seeds/a1.txt",
        ),
        (
            "Brief Source",
            "[2] Cartels & <terror> labels. Reuters & AP, 4 December 2019. seeds/a2.txt",
        ),
        ("Brief Source", "[3] Barr llega a México. El País, undated. https://example.org/barr"),
    ]


def test_render_docx_uses_only_template_styles(document, template):
    used = {style for style, _ in paragraphs(document)}
    assert used <= set(template.docx_styles.values())
    # Code sets style names, never direct formatting.
    for paragraph in document.paragraphs:
        assert paragraph.paragraph_format.alignment is None
        for run in paragraph.runs:
            assert run.font.name is None
            assert run.font.size is None
            assert run.font.bold is None


def test_render_docx_header_and_footer(document):
    section = document.sections[0]
    assert [(p.style.name, p.text) for p in section.header.paragraphs] == [
        ("Brief Marking", "UNCLASSIFIED")
    ]
    footer = [(p.style.name, p.text) for p in section.footer.paragraphs]
    assert footer == [("Brief Marking", "UNCLASSIFIED"), ("Footer", "Page 1 of 1")]
    xml = section.footer.paragraphs[1]._p.xml
    assert " PAGE " in xml
    assert " NUMPAGES " in xml
    assert xml.count('w:fldCharType="begin"') == 2


def test_render_docx_core_properties(document):
    props = document.core_properties
    midnight = dt.datetime(2019, 12, 5, tzinfo=dt.UTC)
    assert props.title == TITLE
    assert props.author == "briefing"
    assert props.last_modified_by == "briefing"
    assert props.subject == "Security cooperation after the cartel designation threat"
    assert props.keywords == "Mexico, the United States"
    assert props.category == "UNCLASSIFIED"
    assert props.revision == 1
    assert props.created == midnight
    assert props.modified == midnight
    assert props.last_printed == midnight


def test_render_docx_identical_inputs_give_identical_bytes(template):
    assert docx_bytes(sample_brief(), template) == docx_bytes(sample_brief(), template)


def test_render_docx_zip_entries_carry_no_clock(template):
    with zipfile.ZipFile(io.BytesIO(docx_bytes(sample_brief(), template))) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert "docProps/thumbnail.jpeg" not in archive.namelist()


def test_render_docx_marking_and_no_subtitle(template):
    brief = sample_brief(marking="SECRET//NOFORN", subtitle="")
    document = docx.Document(io.BytesIO(docx_bytes(brief, template)))
    styles = [p.style.name for p in document.paragraphs]
    assert "Subtitle" not in styles
    assert styles[:2] == ["Title", "Normal"]
    assert document.sections[0].header.paragraphs[0].text == "SECRET//NOFORN"


def test_render_docx_empty_brief_still_has_every_heading(template):
    brief = sample_brief(
        sections=(BriefSection(key="background", heading="Background", items=()),), sources=()
    )
    document = docx.Document(io.BytesIO(docx_bytes(brief, template)))
    assert by_heading(document) == {
        "Background": [("Brief Note", "No items.")],
        "Sources": [("Brief Note", "No items.")],
    }


def test_render_docx_control_characters_are_dropped(template):
    brief = sample_brief(title="Bad\x00 title\x0b with\ncontrols")
    document = docx.Document(io.BytesIO(docx_bytes(brief, template)))
    assert document.paragraphs[0].text == "Bad title with controls"


def test_render_docx_clears_reference_body(tmp_path, template):
    reference = docx.Document(str(templates_dir() / "default.docx"))
    reference.add_paragraph("Sample text of the house template", "Normal")
    reference.save(str(tmp_path / "house.docx"))
    (tmp_path / "house.toml").write_text('[docx]\nreference = "house.docx"\n', encoding="utf-8")
    house = load_template(tmp_path / "house.toml")
    document = docx.Document(io.BytesIO(docx_bytes(sample_brief(), house)))
    assert all("Sample text" not in p.text for p in document.paragraphs)
    assert document.paragraphs[0].style.name == "Title"


def test_render_docx_writes_file(tmp_path, template):
    path = render_docx(sample_brief(), template, tmp_path / "out.docx")
    assert path == tmp_path / "out.docx"
    assert docx.Document(str(path)).paragraphs[0].text == TITLE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.docx"]


def test_render_docx_missing_reference_raises_template_error(tmp_path, template):
    broken = replace(template, docx_reference=str(tmp_path / "gone.docx"))
    with pytest.raises(TemplateError, match=r"gone\.docx' cannot be opened"):
        docx_bytes(sample_brief(), broken)
    assert not Path(tmp_path / "gone.docx").exists()


def test_render_docx_tags_follow_the_citation_in_italics(template):
    tagged = replace(item("A clash was reported.", "risk", 1), tags=("also background",))
    brief = sample_brief(sections=(BriefSection(key="risk", heading="Risks", items=(tagged,)),))
    document = docx.Document(io.BytesIO(docx_bytes(brief, template)))
    (bullet,) = [p for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullet.text == "A clash was reported. [1] (also background)"
    assert [(r.text, bool(r.italic)) for r in bullet.runs] == [
        ("A clash was reported. [1]", False),
        (" (also background)", True),
    ]


def test_render_docx_styles_name_the_pdf_fonts(template):
    styles = docx.Document(template.docx_reference).styles
    assert styles["Normal"].font.name == "DejaVu Serif"
    assert styles["Heading 1"].font.name == "DejaVu Sans"
    assert styles["Title"].font.name == "DejaVu Sans"


def test_render_docx_prints_runs_of_sources_as_ranges(template):
    many = item("Both sides urged restraint.", "background", 5, 6, 7, 1)
    brief = sample_brief(
        sections=(BriefSection(key="background", heading="Background", items=(many,)),)
    )
    texts = [p.text for p in docx.Document(io.BytesIO(docx_bytes(brief, template))).paragraphs]
    assert "Both sides urged restraint. [1, 5\u20137]" in texts


@pytest.mark.parametrize(
    "text",
    ["plain", " leading", "trailing ", "a\tb", "\tstart", "end\n", "a\r\nb", "x\n\ny", "t\t\tt"],
)
@pytest.mark.parametrize("italic", [False, True])
def test_render_docx_runs_are_python_docx_runs(text, italic):
    from lxml import etree

    from briefing.render.docx import _run

    document = docx.Document()
    theirs, ours = document.add_paragraph(), document.add_paragraph()
    run = theirs.add_run(text)
    if italic:
        run.italic = True
    ours._p.append(_run(text, italic=italic))
    assert etree.tostring(ours._p) == etree.tostring(theirs._p)
