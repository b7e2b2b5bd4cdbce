"""Render a ``Brief`` as a PDF with reportlab platypus, styled by the template's TOML.

The layout follows a short policy brief: a marking line at the top and bottom of every page,
a title block (title, subtitle, date, rule), each section as a heading over bulleted items
with their citations, then the numbered sources; "Page N of M" in the footer and one PDF
outline entry per section.

All article text is XML-escaped before it reaches reportlab's paragraph markup, so ``<``,
``&`` and ``>`` print as themselves and cannot inject markup. reportlab's invariant mode
plus a date taken from the brief make identical inputs give identical bytes.

Fonts and scripts (fallback fonts, Arabic and Hebrew) are ``pdf_fonts``.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

from reportlab import rl_config
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.fonts import tt2ps
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    PageTemplate,
    Paragraph,
)

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
    source_parts,
    sources_heading,
    tag_text,
)
from briefing.render.pdf_fonts import _COVERAGE as _COVERAGE  # re-exported for tests
from briefing.render.pdf_fonts import (
    FALLBACK_FONT,
    _Glyphs,
    register_fonts,
    visual_text,
)

__all__ = ["FALLBACK_FONT", "pdf_bytes", "render_pdf", "visual_text"]


PAGE_SIZE = LETTER
MARGINS = {"left": 0.85 * inch, "right": 0.85 * inch, "top": 0.95 * inch, "bottom": 0.9 * inch}
BULLET = "\u2022"
_ALIGN: dict[str, Literal[0, 1, 2, 4]] = {
    "left": TA_LEFT,
    "center": TA_CENTER,
    "right": TA_RIGHT,
    "justify": TA_JUSTIFY,
}
# Points between a paragraph and the rule under it.
_RULE_GAP = 2.0


def render_pdf(brief: Brief, template: BriefTemplate, path: str | Path) -> Path:
    """Write the brief as a PDF file, atomically.

    Args:
        brief: the assembled brief.
        template: a template from ``load_template``.
        path: the file to write (replaced if it exists).

    Returns:
        The path written.

    Raises:
        TemplateError: a font of the template cannot be loaded.
    """
    return atomic_write(Path(path), pdf_bytes(brief, template))


def pdf_bytes(brief: Brief, template: BriefTemplate) -> bytes:
    """Return the brief as the bytes of a PDF file.

    The document is laid out once: each page's footer draws "Page N of M" through a form
    (a PDF XObject) that is defined when the layout ends and the page count is known, so
    nothing is laid out twice and no page is deferred.

    Args:
        brief: the assembled brief.
        template: a template from ``load_template``.

    Returns:
        The PDF's bytes; identical inputs give identical bytes.

    Raises:
        TemplateError: a font of the template cannot be loaded.
    """
    fonts = register_fonts(template)
    glyphs = _Glyphs(template, fonts)
    with _invariant():
        data = _fitted(brief, template, fonts, glyphs)
    glyphs.warn(clean_text(brief.title))
    return data


#: How the PDF tightens a brief that should fit its page target: (spacing, type) scales,
#: tried in order until the brief fits.
_FIT_STEPS = ((1.0, 1.0), (0.7, 1.0), (0.5, 0.96), (0.4, 0.92), (0.3, 0.88))


def _fitted(
    brief: Brief, template: BriefTemplate, fonts: Mapping[str, str], glyphs: _Glyphs
) -> bytes:
    """Return the PDF laid out with the looks that fit the brief to its page target.

    Only a brief of at most ``page_target_articles`` sources has a target; the spacing
    shrinks first, then the type, by the fixed ``_FIT_STEPS``; when nothing fits the
    brief keeps its last, tightest looks.
    """
    target = template.page_target
    wants = target > 0 and len(brief.sources) <= template.page_target_articles
    steps = _FIT_STEPS if wants else _FIT_STEPS[:1]
    data = b""
    for space, size in steps:
        looks = _looks(template, fonts, space=space, size=size)
        data, pages = _build(brief, template, glyphs, looks)
        if not wants or pages <= target:
            break
    return data


@contextmanager
def _invariant() -> Iterator[None]:
    """Switch reportlab's global invariant mode on for a build, then restore it."""
    saved = rl_config.invariant
    rl_config.invariant = 1
    try:
        yield
    finally:
        rl_config.invariant = saved


@dataclass(frozen=True, slots=True)
class _Look:
    """How an element prints: its paragraph style and the rule under it (if any)."""

    style: ParagraphStyle
    space_after: float = 0.0
    rule_width: float = 0.0
    rule_color: Color | None = None


def _looks(
    template: BriefTemplate, fonts: Mapping[str, str], *, space: float = 1.0, size: float = 1.0
) -> dict[str, _Look]:
    """Return how each element of the template prints, spacing and type scaled."""
    looks: dict[str, _Look] = {}
    for element, spec in template.pdf_styles.items():
        font = fonts[spec["font"]]
        ruled = spec["rule_width"] > 0
        style = ParagraphStyle(
            name=f"brief-{element}",
            fontName=font,
            fontSize=round(spec["size"] * size, 2),
            leading=round(spec["leading"] * size, 2),
            spaceBefore=round(spec["space_before"] * space, 2),
            # With a rule, space_after goes under the rule, not between text and rule.
            spaceAfter=_RULE_GAP if ruled else round(spec["space_after"] * space, 2),
            textColor=HexColor(spec["color"]),
            alignment=_ALIGN[spec["align"]],
            leftIndent=spec["left_indent"],
            firstLineIndent=spec["first_line_indent"],
            bulletIndent=spec["bullet_indent"],
            bulletFontName=font,
            bulletFontSize=round(spec["size"] * size, 2),
            bulletColor=HexColor(spec["color"]),
            splitLongWords=1,
            allowWidows=0,
            allowOrphans=0,
        )
        looks[element] = _Look(
            style=style,
            space_after=round(spec["space_after"] * space, 2),
            rule_width=spec["rule_width"],
            rule_color=HexColor(spec["rule_color"]) if ruled else None,
        )
    return looks


class _Paragraph(Paragraph):
    """A paragraph that breaks its lines once for a width, however often it is wrapped.

    reportlab wraps a ``KeepTogether``'s paragraphs to measure it, then each again as
    the frame takes it: the sources (one ``KeepTogether`` with the last item, so they
    never stand alone) were broken into lines twice. A paragraph's lines depend on its
    text, its style and the width alone, so a second ``wrap`` at the same width keeps
    the first one's lines (``blPara``) and size.
    """

    _wrapped_at: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Break the lines for ``availWidth`` (once); return the paragraph's size."""
        # (``split`` drops the lines of a paragraph it pushes whole to the next frame)
        if self._wrapped_at == availWidth and "blPara" in self.__dict__:
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return cast(tuple[float, float], size)


class _Outline(Flowable):
    """An invisible mark that bookmarks its place and adds an outline entry for it."""

    def __init__(self, key: str, title: str) -> None:
        super().__init__()
        self.key = key
        self.title = title
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Take no room."""
        return 0, 0

    def draw(self) -> None:
        """Bookmark this spot (jumping keeps the zoom) and list it in the outline."""
        self.canv.bookmarkHorizontal(self.key, 0, 0)
        self.canv.addOutlineEntry(self.title, self.key, level=0, closed=False)


class _BriefDoc(BaseDocTemplate):
    """One page template: the header is drawn before a page's text, the footer after it.

    Drawing the footer last keeps the extracted text of a page in reading order.
    """

    def __init__(
        self,
        buffer: io.BytesIO,
        *,
        on_page: Callable[[Canvas, BaseDocTemplate], None],
        on_page_end: Callable[[Canvas, BaseDocTemplate], None],
        **kwargs: Any,
    ) -> None:
        super().__init__(buffer, **kwargs)
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        self.addPageTemplates(
            [PageTemplate(id="page", frames=[frame], onPage=on_page, onPageEnd=on_page_end)]
        )


def _build(
    brief: Brief,
    template: BriefTemplate,
    glyphs: _Glyphs,
    looks: Mapping[str, _Look],
) -> tuple[bytes, int]:
    """Lay the brief out once; return the PDF bytes and the number of pages."""
    buffer = io.BytesIO()
    fonts = glyphs.fonts
    names = [clean_text(brief.governments.get(code, code)) for code in brief.pair]
    stamp = brief_datetime(brief).strftime("D:%Y%m%d%H%M%S+00'00'")
    line = glyphs.plain(marking(brief, template), looks["marking"].style.fontName)
    title = clean_text(brief.title)
    footer_title = glyphs.plain(title, looks["footer"].style.fontName)

    def page_start(canvas: Canvas, doc: BaseDocTemplate) -> None:
        if doc.page == 1:
            canvas.setDateFormatter(lambda *_: stamp)
            canvas.setCreator("briefing")
            canvas.setProducer("briefing (ReportLab)")
            canvas.showOutline()
        _draw_header(canvas, doc, looks, line)

    def page_end(canvas: Canvas, doc: BaseDocTemplate) -> None:
        _draw_footer(canvas, doc, looks, line, footer_title)

    doc = _BriefDoc(
        buffer,
        on_page=page_start,
        on_page_end=page_end,
        pagesize=PAGE_SIZE,
        leftMargin=MARGINS["left"],
        rightMargin=MARGINS["right"],
        topMargin=MARGINS["top"],
        bottomMargin=MARGINS["bottom"],
        title=title,
        author=template.author,
        subject=clean_text(brief.subtitle) or f"Policy brief: {' and '.join(names)}",
        keywords=names,
        creator="briefing",
        invariant=1,
        lang="en",
        displayDocTitle=1,
        initialFontName=fonts["regular"],
    )
    doc._doSave = 0  # the page numbers' forms are defined first, then the file is saved
    doc.build(_story(brief, template, looks, glyphs))
    pages = doc.page
    _define_page_numbers(doc.canv, doc, looks, pages)
    doc.canv.save()
    return buffer.getvalue(), pages


def _page_form(number: int) -> str:
    """The name of the form that draws page ``number``'s "Page N of M"."""
    return f"page-number-{number}"


def _define_page_numbers(
    canvas: Canvas, doc: BaseDocTemplate, looks: Mapping[str, _Look], pages: int
) -> None:
    """Define each page's "Page N of M" form, now that M is known."""
    width, _ = doc.pagesize
    foot = looks["footer"].style
    for number in range(1, pages + 1):
        canvas.beginForm(_page_form(number))
        canvas.setFont(foot.fontName, foot.fontSize)
        canvas.setFillColor(foot.textColor)
        canvas.drawRightString(width - doc.rightMargin, 0.45 * inch, f"Page {number} of {pages}")
        canvas.endForm()


def _draw_header(
    canvas: Canvas, doc: BaseDocTemplate, looks: Mapping[str, _Look], line: str
) -> None:
    """Draw the marking line centred at the top of the page."""
    width, height = doc.pagesize
    mark = looks["marking"].style
    canvas.saveState()
    canvas.setFont(mark.fontName, mark.fontSize)
    canvas.setFillColor(mark.textColor)
    canvas.drawCentredString(width / 2, height - 0.5 * inch, line)
    canvas.restoreState()


def _draw_footer(
    canvas: Canvas,
    doc: BaseDocTemplate,
    looks: Mapping[str, _Look],
    line: str,
    title: str,
) -> None:
    """Draw a rule, then the title, the marking line and "Page N of M" along the bottom."""
    width, _ = doc.pagesize
    left, right = doc.leftMargin, width - doc.rightMargin
    mark, foot = looks["marking"].style, looks["footer"].style
    canvas.saveState()
    canvas.setStrokeColor(foot.textColor)
    canvas.setLineWidth(0.4)
    canvas.line(left, 0.62 * inch, right, 0.62 * inch)
    canvas.setFont(foot.fontName, foot.fontSize)
    canvas.setFillColor(foot.textColor)
    canvas.drawString(left, 0.45 * inch, _fit(title, foot, (right - left) * 0.36))
    canvas.setFont(mark.fontName, mark.fontSize)
    canvas.setFillColor(mark.textColor)
    canvas.drawCentredString(width / 2, 0.45 * inch, line)
    canvas.doForm(_page_form(doc.page))  # defined once the page count is known
    canvas.restoreState()


def _fit(text: str, style: ParagraphStyle, width: float) -> str:
    """Return ``text`` cut with an ellipsis to fit ``width`` points in ``style``'s font."""

    def measure(s: str) -> float:
        return float(pdfmetrics.stringWidth(s, style.fontName, style.fontSize))

    if measure(text) <= width:
        return text
    while text and measure(text + "\u2026") > width:
        text = text[:-1]
    return text.rstrip() + "\u2026"


def _story(
    brief: Brief, template: BriefTemplate, looks: Mapping[str, _Look], glyphs: _Glyphs
) -> list[Flowable]:
    """Return the flowables of the brief, in reading order.

    The front matter (title, date line, marking line) comes first; each heading is kept
    with its first item, and the sources with the last item before them, so no heading
    ends a page and the sources never stand alone on the last one.
    """

    def para(text: str, look: _Look) -> list[Flowable]:
        return _paragraph(glyphs.markup(text, look.style.fontName), look)

    story: list[Flowable] = []
    story += para(clean_text(brief.title), looks["title"])
    if brief.subtitle.strip():
        story += para(clean_text(brief.subtitle), looks["subtitle"])
    story += para(dateline(brief), looks["body"])
    story += para(marking_line(brief, template), looks["marking"])

    bullet = looks["bullet"].style
    note = looks["note"].style
    tail: list[Flowable] = []
    for number, section in enumerate(brief.sections):
        blocks: list[list[Flowable]] = [
            [_Paragraph(_item_markup(item, glyphs, bullet, note), bullet, bulletText=BULLET)]
            for item in section.items
        ] or [para(NO_ITEMS, looks["note"])]
        key = f"s{number}-{section.key}"
        heading = clean_text(section.heading)
        story += _headed(key, heading, para(heading, looks["heading"]), blocks)
    if brief.sections:
        last = story.pop()
        # A KeepTogether inside another always breaks the page: keep its content instead.
        tail = list(last._content) if isinstance(last, KeepTogether) else [last]

    source = looks["source"].style
    sources: list[list[Flowable]] = [
        [_Paragraph(_source_markup(s.number, *source_parts(s), glyphs, fonts=source), source)]
        for s in brief.sources
    ] or [para(NO_ITEMS, looks["note"])]
    heading = sources_heading(template)
    listed = [f for block in sources for f in block]
    story.append(
        KeepTogether(
            [*tail, _Outline("sources", heading), *para(heading, looks["heading"]), *listed]
        )
    )
    return story


def _item_markup(
    item: BriefItem, glyphs: _Glyphs, style: ParagraphStyle, note: ParagraphStyle
) -> str:
    """Return an item as paragraph markup: its text and citations, then its tags in italics."""
    text = glyphs.markup(item_body(item), style.fontName)
    tags = tag_text(item)
    if not tags:
        return text
    italic = tt2ps(style.fontName, 0, 1)
    colour = note.textColor.hexval()[2:]
    return f'{text} <font color="#{colour}">{glyphs.markup(tags, italic)}</font>'


def _headed(
    key: str, heading: str, head: list[Flowable], body: list[list[Flowable]]
) -> list[Flowable]:
    """Return a heading (with its outline entry) kept together with its first paragraph."""
    first: list[Flowable] = [_Outline(key, heading), *head, *body[0]]
    return [KeepTogether(first), *(f for block in body[1:] for f in block)]


def _paragraph(markup: str, look: _Look) -> list[Flowable]:
    """Return a paragraph of ready ``markup`` (escaped text), plus its rule if the look has one."""
    flowables: list[Flowable] = [_Paragraph(markup, look.style)]
    if look.rule_color is not None:
        flowables.append(
            HRFlowable(
                width="100%",
                thickness=look.rule_width,
                color=look.rule_color,
                spaceBefore=0,
                spaceAfter=look.space_after,
            )
        )
    return flowables


def _source_markup(
    number: int, title: str, details: str, glyphs: _Glyphs, *, fonts: ParagraphStyle
) -> str:
    """Return a source as paragraph markup: the number, the title in bold, the details."""
    title = title if title.endswith((".", "?", "!")) else f"{title}."
    text = f"[{number}] <b>{glyphs.markup(title, tt2ps(fonts.fontName, 1, 0))}</b>"
    return f"{text} {glyphs.markup(details, fonts.fontName)}" if details else text
