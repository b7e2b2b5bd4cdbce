"""Regenerate ``templates/default.docx``, the reference document of the default template.

The reference document *is* the DOCX style configuration (python-docx's own idiom): the
renderer opens it, clears its body and sets style names only. This script starts from
python-docx's default template, tunes the built-in styles the brief uses and adds the few
custom ones ("Brief Marking", "Brief Note", "Brief Source"), then saves with fixed zip
timestamps so the file only changes when the styles do.

Run it from the repository root:

    .venv/bin/python templates/make_reference_docx.py
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from docx.styles.style import ParagraphStyle

HERE = Path(__file__).resolve().parent
TARGET = HERE / "default.docx"

NAVY = RGBColor(0x1F, 0x38, 0x64)
BLUE = RGBColor(0x2E, 0x55, 0x97)
GREY = RGBColor(0x59, 0x59, 0x59)
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: The families of the PDF's fonts (templates/fonts): a serif body, sans headings.
SERIF = "DejaVu Serif"
SANS = "DejaVu Sans"


def set_font(style: ParagraphStyle, family: str) -> None:
    """Name ``family`` for every script slot of a style (Latin, East Asian, complex)."""
    style.font.name = family
    fonts = style.element.rPr.find(qn("w:rFonts"))
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), family)


def paragraph_style(document: docx.document.Document, name: str, base: str) -> ParagraphStyle:
    """Return the paragraph style ``name``, adding it (based on ``base``) when missing."""
    styles = document.styles
    if name in [s.name for s in styles]:
        style = styles[name]
    else:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.quick_style = True
    assert isinstance(style, ParagraphStyle)
    return style


def build() -> docx.document.Document:
    """Return the reference document with the brief's styles configured."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    section.left_margin = section.right_margin = Inches(0.9)
    section.top_margin, section.bottom_margin = Inches(0.9), Inches(0.8)
    section.header_distance = section.footer_distance = Inches(0.4)

    styles = document.styles
    normal = paragraph_style(document, "Normal", "Normal")
    set_font(normal, SERIF)
    normal.font.size = Pt(9.5)
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.line_spacing = 1.05

    title = paragraph_style(document, "Title", "Normal")
    set_font(title, SANS)
    title.font.bold = True
    title.font.size = Pt(17)
    title.font.color.rgb = NAVY
    title.paragraph_format.space_after = Pt(3)

    subtitle = paragraph_style(document, "Subtitle", "Normal")
    subtitle.font.size = Pt(10.5)
    subtitle.font.italic = True
    subtitle.font.color.rgb = BLUE
    subtitle.paragraph_format.space_after = Pt(2)

    heading = paragraph_style(document, "Heading 1", "Normal")
    set_font(heading, SANS)
    heading.font.bold = True
    heading.font.size = Pt(11)
    heading.font.color.rgb = NAVY
    heading.paragraph_format.space_before = Pt(9)
    heading.paragraph_format.space_after = Pt(3)
    heading.paragraph_format.keep_with_next = True

    bullet = paragraph_style(document, "List Bullet", "Normal")
    bullet.paragraph_format.space_after = Pt(3)

    marking = paragraph_style(document, "Brief Marking", "Normal")
    set_font(marking, SANS)
    marking.font.bold = True
    marking.font.size = Pt(8.5)
    marking.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    marking.paragraph_format.space_after = Pt(6)

    note = paragraph_style(document, "Brief Note", "Normal")
    note.font.italic = True
    note.font.color.rgb = GREY

    source = paragraph_style(document, "Brief Source", "Normal")
    source.font.size = Pt(8.5)
    source.paragraph_format.left_indent = Inches(0.3)
    source.paragraph_format.first_line_indent = Inches(-0.3)
    source.paragraph_format.space_after = Pt(3)

    footer = styles["Footer"]
    assert isinstance(footer, ParagraphStyle)
    set_font(footer, SANS)
    footer.font.size = Pt(7.5)
    footer.font.color.rgb = GREY
    footer.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    props = document.core_properties
    props.title = "briefing reference document"
    props.author = "briefing"
    props.last_modified_by = "briefing"
    props.comments = "Word styles of the default brief template; see make_reference_docx.py."
    return document


def save_stable(document: docx.document.Document, path: Path) -> None:
    """Save ``document`` with fixed zip timestamps (byte-stable across runs)."""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    path.write_bytes(out.getvalue())


if __name__ == "__main__":
    save_stable(build(), TARGET)
