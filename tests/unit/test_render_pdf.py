from __future__ import annotations

import io
import shutil
from dataclasses import replace

import pytest
from _render_briefs import TITLE, item, sample_brief
from pypdf import PdfReader

from briefing.errors import TemplateError
from briefing.model import BriefSection
from briefing.render import load_template, pdf_bytes, render_pdf
from briefing.render.templates import templates_dir

HEADINGS = [
    "Key points",
    "Background",
    "Position of Mexico",
    "Position of the United States",
    "Risks",
    "Next steps",
    "Sources",
]


@pytest.fixture(scope="module")
def template():
    return load_template()


@pytest.fixture(scope="module")
def data(template):
    return pdf_bytes(sample_brief(), template)


@pytest.fixture(scope="module")
def reader(data):
    return PdfReader(io.BytesIO(data))


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def lines_of(reader: PdfReader) -> list[str]:
    return [line.strip(" •") for line in text_of(reader).splitlines() if line.strip()]


def test_render_pdf_is_one_letter_page(reader):
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_render_pdf_text_in_reading_order(reader):
    lines = lines_of(reader)
    # The header marking opens the page; the title block follows: title, subtitle, the
    # labelled date line (never a bare date) and the marking line.
    assert lines[:5] == [
        "UNCLASSIFIED",
        TITLE,
        "Security cooperation after the cartel designation threat",
        "As of 5 December 2019",
        "UNCLASSIFIED",
    ]
    positions = [lines.index(h) for h in HEADINGS]
    assert positions == sorted(positions)
    between = lines[lines.index("Key points") + 1 : lines.index("Background")]
    assert between == [
        "López Obrador rejected any foreign intervention in Mexico. [1]",
        "Both sides said the talks would focus on cooperation. [1, 2]",
    ]
    mexico = lines[
        lines.index("Position of Mexico") + 1 : lines.index("Position of the United States")
    ]
    assert mexico == [
        "Andrés Manuel López Obrador said Mexico can tackle the cartels itself. [1, 3]"
    ]
    risks = lines[lines.index("Risks") + 1 : lines.index("Next steps")]
    assert risks == ["No items."]


def test_render_pdf_escapes_markup_and_keeps_unicode(reader):
    text = text_of(reader)
    assert "Talks on <b>security</b> & trade resumed after AT&T's report > 3 weeks. [2]" in text
    assert "Москва внимательно следит за переговорами. [3]" in text
    assert "Andrés Manuel López Obrador" in text
    assert "Cartels & <terror> labels." in text


def test_render_pdf_sources_listed_last(reader):
    lines = lines_of(reader)
    sources = lines[lines.index("Sources") + 1 :]
    assert sources[:3] == [
        "[1] Mexico, US eye cooperation. Al Jazeera, 5 December 2019. seeds/a1.txt",
        "[2] Cartels & <terror> labels. Reuters & AP, 4 December 2019. seeds/a2.txt",
        "[3] Barr llega a México. El País, undated. https://example.org/barr",
    ]


def test_render_pdf_header_and_footer(reader):
    lines = lines_of(reader)
    assert lines[0] == "UNCLASSIFIED"
    assert lines[-3:] == [TITLE, "UNCLASSIFIED", "Page 1 of 1"]


def test_render_pdf_outline_has_one_entry_per_section(reader):
    assert [entry.title for entry in reader.outline] == HEADINGS
    assert {reader.get_destination_page_number(entry) for entry in reader.outline} == {0}


def test_render_pdf_metadata(reader):
    meta = reader.metadata
    assert meta is not None
    assert meta.title == TITLE
    assert meta.author == "briefing"
    assert meta.subject == "Security cooperation after the cartel designation threat"
    assert meta.creator == "briefing"
    assert meta["/CreationDate"] == "D:20191205000000+00'00'"
    assert meta["/ModDate"] == "D:20191205000000+00'00'"


def test_render_pdf_embeds_the_template_fonts(reader):
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    # A serif body (bullets, sources, italic tags and notes) under sans headings.
    assert fonts == {
        "DejaVuSerif",
        "DejaVuSerif-Bold",
        "DejaVuSerif-Italic",
        "DejaVuSans",
        "DejaVuSans-Bold",
    }


def test_render_pdf_identical_inputs_give_identical_bytes(data, template):
    assert pdf_bytes(sample_brief(), template) == data


def test_render_pdf_different_dates_change_bytes(data, template):
    assert pdf_bytes(sample_brief(date="2020-01-31"), template) != data


def test_render_pdf_markup_cannot_be_injected(template):
    nasty = '<font size="40" color="red">big</font> &amp; <para> <img src="x"/> ]]>'
    brief = sample_brief(
        title="A <i>title</i> & more",
        sections=(
            BriefSection(key="risk", heading="Risks <u>x</u>", items=(item(nasty, "risk", 1),)),
        ),
    )
    text = text_of(PdfReader(io.BytesIO(pdf_bytes(brief, template))))
    assert nasty + " [1]" in text
    assert "A <i>title</i> & more" in text
    assert "Risks <u>x</u>" in text


def test_render_pdf_long_brief_spans_pages_with_page_numbers(template):
    items = tuple(
        item(
            f"Item {n}: the ministry said talks would continue next week in the capital.", "risk", 1
        )
        for n in range(60)
    )
    brief = sample_brief(
        sections=(
            *sample_brief().sections[:4],
            BriefSection(key="risk", heading="Risks", items=items),
            sample_brief().sections[5],
        )
    )
    reader = PdfReader(io.BytesIO(pdf_bytes(brief, template)))
    total = len(reader.pages)
    assert total >= 2
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert text.startswith("UNCLASSIFIED")
        assert text.rstrip().endswith(f"Page {number} of {total}")
    pages = [reader.get_destination_page_number(entry) for entry in reader.outline]
    assert pages == sorted(pages)
    assert pages[-1] == total - 1  # "Sources" is on the last page
    assert [entry.title for entry in reader.outline] == HEADINGS


def test_render_pdf_lays_a_brief_without_page_target_out_once(template, monkeypatch):
    from briefing.render import pdf

    calls = []
    real = pdf._build

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf, "_build", counted)
    items = tuple(item(f"Item {n}: talks would continue next week.", "risk", 1) for n in range(60))
    sections = (
        *sample_brief().sections[:4],
        BriefSection(key="risk", heading="Risks", items=items),
    )
    reader = PdfReader(io.BytesIO(pdf_bytes(sample_brief(sections=sections), template)))
    assert len(reader.pages) >= 2
    assert calls == [1]  # one layout: the page count reaches the footers through forms
    assert reader.pages[0].extract_text().rstrip().endswith(f"Page 1 of {len(reader.pages)}")


def test_render_pdf_fits_a_short_brief_on_one_page_and_keeps_sources_with_an_item(template):
    # Two sources, so the one-page target applies: 26 items fit by tightening the layout.
    items = tuple(
        item(f"Item {n}: the ministry said talks would continue next week.", "risk", 1)
        for n in range(26)
    )
    sections = (
        *sample_brief().sections[:4],
        BriefSection(key="risk", heading="Risks", items=items),
    )
    short = sample_brief(sections=sections, sources=sample_brief().sources[:2])
    assert len(PdfReader(io.BytesIO(pdf_bytes(short, template))).pages) == 1
    # With three sources there is no target: the same brief takes two pages, and the
    # sources block starts after at least one item of the last section on its page.
    long = sample_brief(sections=sections)
    reader = PdfReader(io.BytesIO(pdf_bytes(long, template)))
    assert len(reader.pages) == 2
    last = reader.pages[-1].extract_text()
    assert "Sources" in last
    assert last.index("Item 25") < last.index("Sources")


def test_render_pdf_marks_tags_and_timeline_days(template):
    tagged = replace(item("A clash was reported.", "risk", 1), tags=("also background",))
    dated = replace(item("Talks were held.", "timeline", 2), when="2019-12-04")
    brief = sample_brief(
        sections=(
            BriefSection(key="risk", heading="Risks", items=(tagged,)),
            BriefSection(key="timeline", heading="Timeline", items=(dated,)),
        )
    )
    lines = lines_of(PdfReader(io.BytesIO(pdf_bytes(brief, template))))
    assert "A clash was reported. [1] (also background)" in lines
    assert "4 December 2019 — Talks were held. [2]" in lines


def test_render_pdf_writes_file_atomically(tmp_path, template):
    target = tmp_path / "brief.pdf"
    target.write_bytes(b"old")
    path = render_pdf(sample_brief(), template, target)
    assert path == target
    assert target.read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.pdf"]


def test_render_pdf_unloadable_font_raises_template_error(tmp_path, template):
    fake = tmp_path / "Fake-Regular.ttf"
    shutil.copy(templates_dir() / "fonts" / "DejaVuSans.ttf", fake)
    fake.write_bytes(fake.read_bytes()[:2000])  # truncated: right magic, broken tables
    broken = replace(template, fonts={**template.fonts, "regular": str(fake)})
    with pytest.raises(
        TemplateError, match=r"the regular font .*Fake-Regular\.ttf cannot be loaded"
    ):
        pdf_bytes(sample_brief(), broken)


def test_render_pdf_prints_runs_of_sources_as_ranges(template):
    many = item("Both sides urged restraint.", "background", 7, 1, 2, 3, 4, 9, 10)
    brief = sample_brief(
        sections=(BriefSection(key="background", heading="Background", items=(many,)),)
    )
    lines = lines_of(PdfReader(io.BytesIO(pdf_bytes(brief, template))))
    assert "Both sides urged restraint. [1\u20134, 7, 9, 10]" in lines


def test_render_pdf_breaks_each_paragraph_into_lines_once(template, monkeypatch):
    # The sources are kept together with the last item: reportlab wraps them all to
    # measure the group, then each again as the frame takes it. The lines are not
    # broken twice (only a paragraph split across pages, or pushed whole, again).
    from reportlab.platypus.paragraph import Paragraph

    from briefing.model import Source

    counts = {"paragraphs": 0, "breaks": 0, "splits": 0}
    for name, key in (("__init__", "paragraphs"), ("breakLines", "breaks"), ("split", "splits")):
        real = getattr(Paragraph, name)

        def counted(self, *args, _real=real, _key=key, **kwargs):
            counts[_key] += 1
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(Paragraph, name, counted)
    sources = tuple(
        Source(number=n, article_id=f"a{n}", title=f"Report number {n} on the talks", outlet="X")
        for n in range(1, 301)
    )
    reader = PdfReader(io.BytesIO(pdf_bytes(sample_brief(sources=sources), template)))
    assert len(reader.pages) > 3  # the sources fill pages
    assert counts["breaks"] <= counts["paragraphs"] + counts["splits"]
