"""Render a ``Brief`` as a Word document, styled only by the template's reference .docx.

The reference document *is* the style configuration (python-docx's idiom): the renderer
opens it, clears its body and adds paragraphs by style name. It never sets a font, size or
colour, so restyling a brief means editing the reference document, not this code.

Identical inputs give identical bytes: the core properties come from the brief and the
template (no wall clock), and the zip entries carry a fixed timestamp.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import _Footer, _Header
from docx.text.paragraph import Paragraph

from briefing.errors import TemplateError
from briefing.model import Brief, BriefItem, BriefTemplate
from briefing.render._common import (
    NO_ITEMS,
    atomic_write,
    brief_datetime,
    clean_text,
    dateline,
    item_body,
    marking,
    marking_line,
    source_text,
    sources_heading,
    tag_text,
)

__all__ = ["docx_bytes", "render_docx"]

# 1980-01-01 is the earliest time a zip entry can record.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def render_docx(brief: Brief, template: BriefTemplate, path: str | Path) -> Path:
    """Write the brief as a .docx file, atomically.

    Args:
        brief: the assembled brief.
        template: a template from ``load_template``.
        path: the file to write (replaced if it exists).

    Returns:
        The path written.

    Raises:
        TemplateError: the template's reference document cannot be opened.
    """
    return atomic_write(Path(path), docx_bytes(brief, template))


def docx_bytes(brief: Brief, template: BriefTemplate) -> bytes:
    """Return the brief as the bytes of a .docx file.

    The document is: the title, the subtitle (if any), the date line and the marking line;
    each section of the brief as a heading followed by one bullet per item, each item ending
    with its citations ("[1]", "[1, 2]") and its tags in italics ("(also a risk)"); an
    empty section prints "No items." so the reader knows it was checked; then the numbered
    sources. Every page carries the marking line in its header
    and footer, and "Page X of Y" as Word fields.

    Args:
        brief: the assembled brief.
        template: a template from ``load_template``.

    Returns:
        The .docx file's bytes; identical inputs give identical bytes.

    Raises:
        TemplateError: the template's reference document cannot be opened.
    """
    document = _open_reference(template)
    # Style objects looked up once: python-docx searches every style by name on each use.
    styles = {key: document.styles[name] for key, name in template.docx_styles.items()}
    _clear_body(document)
    _drop_thumbnail(document)
    _set_headers_footers(document, marking(brief, template), styles)
    add = _adder(document, styles)

    add(clean_text(brief.title), "title")
    if brief.subtitle.strip():
        add(clean_text(brief.subtitle), "subtitle")
    add(dateline(brief), "body")
    add(marking_line(brief, template), "marking")

    for section in brief.sections:
        add(clean_text(section.heading), "heading")
        if not section.items:
            add(NO_ITEMS, "note")
        for item in section.items:
            paragraph = add(_new_mark(item, template) + item_body(item), "bullet")
            tags = tag_text(item)
            if tags:
                paragraph.append(_run(f" {tags}", italic=True))

    add(sources_heading(template), "heading")
    if not brief.sources:
        add(NO_ITEMS, "note")
    for source in brief.sources:
        add(source_text(source), "source")

    _set_core_properties(document, brief, template)
    return _stable_zip(document)


def _new_mark(item: BriefItem, template: BriefTemplate) -> str:
    """Return the "New: " prefix of an item new since the previous build (mark mode)."""
    return f"{clean_text(template.new_mark)}: " if item.new and template.new_items == "mark" else ""


def _open_reference(template: BriefTemplate) -> Document:
    """Return the template's reference document, opened."""
    try:
        return docx.Document(template.docx_reference)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise TemplateError(
            f"{template.path}: the reference document {template.docx_reference!r} cannot be "
            f"opened ({exc}). Fix [docx] reference or regenerate it with "
            "templates/make_reference_docx.py."
        ) from exc


def _clear_body(document: Document) -> None:
    """Remove the reference document's content, keeping its final section properties."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _drop_thumbnail(document: Document) -> None:
    """Drop the reference document's thumbnail, which would show a page of another file."""
    rels = document.part.package.rels
    for r_id in [r for r, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        del rels[r_id]


def _adder(document: Document, styles: Mapping[str, Any]) -> Callable[[str, str], Any]:
    """A fast ``add_paragraph(text, style)`` for the body: the same XML, styles resolved once.

    Returns the ``<w:p>`` element added. Paragraphs are inserted before the body's
    section properties, found once.

    python-docx compares every style it sets with the document's default style, scanning
    all styles each time; this sets the style id directly (none for the default style,
    as python-docx does), giving the same XML. The paragraph's properties and its run
    are made as python-docx makes them (``_run``), without its search for where each
    child goes in an element that is new and empty.
    """
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    default_id = default.style_id if default is not None else None
    ids = {key: style.style_id for key, style in styles.items()}

    # python-docx finds <w:sectPr> among all the body's children for each paragraph it
    # adds (quadratic in a brief of 40,000 items); the same <w:p> goes before it here.
    body = document.element.body
    new_p: Callable[[], Any] = body._new_p
    end = body.sectPr

    def add(text: str, key: str) -> Any:
        p = new_p()
        if end is not None:
            end.addprevious(p)
        else:
            body.append(p)
        # <w:pStyle> as python-docx sets it: the default style leaves an empty <w:pPr>
        properties = OxmlElement("w:pPr")
        if ids[key] != default_id:
            properties.append(OxmlElement("w:pStyle", attrs={_VAL: ids[key]}))
        p.append(properties)
        if text:
            p.append(_run(text))
        return p

    return add


#: What python-docx turns into an element of its own in a run's text: a tab, a break.
_RUN_BREAKS = re.compile(r"([\t\r\n])")
_VAL = qn("w:val")
_SPACE = qn("xml:space")


def _run(text: str, *, italic: bool = False) -> Any:
    r"""A ``<w:r>`` of ``text``, the XML of python-docx's ``add_run(text)`` (``.italic``).

    Its characters are a ``<w:t>`` per stretch between tabs (``<w:tab/>``) and line
    breaks (``<w:br/>`` for each ``\r`` or ``\n``); a ``<w:t>`` with a space at either end
    keeps it (``xml:space="preserve"``). python-docx does the same one character at a
    time, which cost most of rendering a long brief.
    """
    run = OxmlElement("w:r")
    if italic:
        looks = OxmlElement("w:rPr")
        looks.append(OxmlElement("w:i"))
        run.append(looks)
    for piece in _RUN_BREAKS.split(text):
        if piece == "\t":
            run.append(OxmlElement("w:tab"))
        elif piece in ("\r", "\n"):
            run.append(OxmlElement("w:br"))
        elif piece:
            chars = OxmlElement("w:t")
            chars.text = piece
            if len(piece.strip()) < len(piece):
                chars.set(_SPACE, "preserve")
            run.append(chars)
    return run


def _reset(story: _Header | _Footer) -> Paragraph:
    """Empty a header or footer and return its single, blank first paragraph."""
    story.is_linked_to_previous = False
    element = story._element  # python-docx has no public "clear" for headers and footers
    for child in list(element):
        element.remove(child)
    return story.add_paragraph()


def _set_headers_footers(document: Document, line: str, styles: Mapping[str, Any]) -> None:
    """Put the marking in every header and footer, and "Page X of Y" in every footer."""
    for section in document.sections:
        pairs = [(section.header, section.footer)]
        if section.different_first_page_header_footer:
            pairs.append((section.first_page_header, section.first_page_footer))
        if document.settings.odd_and_even_pages_header_footer:
            pairs.append((section.even_page_header, section.even_page_footer))
        for header, footer in pairs:
            top = _reset(header)
            top.style = styles["marking"]
            top.add_run(line)
            bottom = _reset(footer)
            bottom.style = styles["marking"]
            bottom.add_run(line)
            pages = footer.add_paragraph(style=styles["footer"])
            pages.add_run("Page ")
            _add_field(pages, "PAGE")
            pages.add_run(" of ")
            _add_field(pages, "NUMPAGES")


def _add_field(paragraph: Paragraph, instruction: str) -> None:
    """Append a Word field (``PAGE``, ``NUMPAGES``) that Word computes when it lays out."""

    def fld_char(kind: str) -> None:
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(char)

    fld_char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    fld_char("separate")
    paragraph.add_run("1")  # the cached result, shown until the reader updates fields
    fld_char("end")


def _set_core_properties(document: Document, brief: Brief, template: BriefTemplate) -> None:
    """Set every core property from the brief and template, never from the clock."""
    when = brief_datetime(brief)
    names = [clean_text(brief.governments.get(code, code)) for code in brief.pair]
    props = document.core_properties
    props.title = clean_text(brief.title)
    props.subject = clean_text(brief.subtitle) or f"Policy brief: {' and '.join(names)}"
    props.author = template.author
    props.last_modified_by = template.author
    props.keywords = ", ".join(names)
    props.category = marking(brief, template)
    props.comments = f"Generated by briefing with template {template.name!r}."
    props.content_status = ""
    props.identifier = ""
    props.language = ""
    props.version = ""
    props.revision = 1
    props.created = when
    props.modified = when
    props.last_printed = when


def _stable_zip(document: Document) -> bytes:
    """Return the saved document re-zipped with fixed entry timestamps."""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(raw) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
