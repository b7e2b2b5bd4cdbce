"""Render a ``Brief`` as a PDF with reportlab platypus, styled by the template's TOML.

The layout follows a short policy brief: a marking line at the top and bottom of every page,
a title block (title, subtitle, date, rule), each section as a heading over bulleted items
with their citations, then the numbered sources; "Page N of M" in the footer and one PDF
outline entry per section.

All article text is XML-escaped before it reaches reportlab's paragraph markup, so ``<``,
``&`` and ``>`` print as themselves and cannot inject markup. reportlab's invariant mode
plus a date taken from the brief make identical inputs give identical bytes.

Scripts. The template's TrueType fonts (DejaVu Sans: Latin, Greek, Cyrillic, Arabic,
Hebrew and many symbols) print most text. reportlab neither shapes nor reorders
right-to-left text, so each run of Arabic or Hebrew is shaped (``arabic-reshaper``: the
joined letter forms) and put in visual order (``python-bidi``) before layout; a short run
(a name) is kept on one line. A character the role's font lacks is printed in a fallback
font: the template's regular font (for bold and italic), then WenQuanYi Micro Hei
(``templates/fonts/wqy-microhei.ttc``: Chinese, Japanese, Korean). A character no font
has is printed as U+FFFD (the replacement character, "�") and listed in a warning,
never dropped silently or left as an empty box.
Text extracted from the PDF holds Arabic in its presentation forms (NFKC turns them back
into letters); pypdf and pdftotext put right-to-left runs back into logical order.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi import get_display
from reportlab import rl_config
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.fonts import tt2ps
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
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
    source_parts,
    sources_heading,
    tag_text,
)
from briefing.render.templates import templates_dir

__all__ = ["FALLBACK_FONT", "pdf_bytes", "render_pdf", "visual_text"]

logger = logging.getLogger(__name__)

PAGE_SIZE = LETTER
MARGINS = {"left": 0.85 * inch, "right": 0.85 * inch, "top": 0.95 * inch, "bottom": 0.9 * inch}
BULLET = "\u2022"
_ALIGN: dict[str, Literal[0, 1, 2, 4]] = {
    "left": TA_LEFT,
    "center": TA_CENTER,
    "right": TA_RIGHT,
    "justify": TA_JUSTIFY,
}
# Registered font name per font file, so each file is registered once per process.
_REGISTERED: dict[str, str] = {}
# Points between a paragraph and the rule under it.
_RULE_GAP = 2.0
#: The last-resort font for characters the template's fonts lack (CJK), in templates/fonts.
FALLBACK_FONT = "wqy-microhei.ttc"
#: What a character no font has prints as (U+FFFD REPLACEMENT CHARACTER).
REPLACEMENT = "\ufffd"
# Code points of each registered font, by registered name.
_COVERAGE: dict[str, frozenset[int]] = {}
# Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, NKo ... and their presentation
# forms); a run of them may hold spaces, digits and light punctuation between letters.
_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
_RTL_RUN = re.compile(rf"[{_RTL}](?:[{_RTL}\s\d.,'’()\-]*[{_RTL}])?")
_ARABIC = re.compile("[\u0600-\u08ff]")
# An RTL run up to this long (a name) gets no-break spaces, so it never wraps mid-run
# (a wrapped run would read in the wrong line order).
_RTL_KEEP_TOGETHER = 40


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


def visual_text(text: str) -> str:
    """Return text as the PDF prints it: Arabic shaped, right-to-left runs in visual order.

    Each run of right-to-left letters is reshaped (Arabic letters take their joined
    presentation forms) and reordered by the Unicode bidirectional algorithm on its
    own; left-to-right text around it is unchanged. A run of at most
    ``_RTL_KEEP_TOGETHER`` characters gets no-break spaces so it stays on one line.
    """

    def one(match: re.Match[str]) -> str:
        run = match.group(0)
        if _ARABIC.search(run):
            run = arabic_reshaper.reshape(run)
        shown = str(get_display(run, base_dir="R"))
        return shown.replace(" ", "\u00a0") if len(shown) <= _RTL_KEEP_TOGETHER else shown

    return _RTL_RUN.sub(one, text)


class _Glyphs:
    """Chooses a font for every character, and remembers the ones no font has."""

    def __init__(self, template: BriefTemplate, fonts: Mapping[str, str]) -> None:
        self.fonts = fonts
        self.missing: dict[str, set[str]] = {}
        # The sans face standing in for each body face when a paragraph needs it.
        pairs = (("regular", "sans"), ("bold", "sans_bold"), ("italic", "sans"))
        self.alternate = {
            fonts[body]: fonts[sans]
            for body, sans in pairs
            if body in fonts and sans in fonts and fonts[body] != fonts[sans]
        }
        faces = [template.fonts[r] for r in ("regular", "sans") if r in template.fonts]
        shipped = templates_dir() / "fonts" / FALLBACK_FONT
        files = [str(Path(f).resolve()) for f in faces] + [str(shipped.resolve())]
        self._fallback_files = list(dict.fromkeys(files))
        self._fallbacks: list[str] | None = None

    def fallbacks(self) -> list[str]:
        """Register the fallback fonts on first need and return their names."""
        if self._fallbacks is None:
            self._fallbacks = []
            for file in self._fallback_files:
                name = _register_alone(file)
                if name is not None:
                    self._fallbacks.append(name)
        return self._fallbacks

    def font_for(self, char: str, font: str) -> str | None:
        """Return the font that prints ``char``: ``font``, else a fallback; None if none has it."""
        code = ord(char)
        if code in _COVERAGE.get(font, frozenset()) or char.isspace():
            return font
        for name in self.fallbacks():
            if code in _COVERAGE[name]:
                return name
        self.missing.setdefault(char, set()).add(font)
        return None

    def markup(self, text: str, font: str) -> str:
        """Return plain text as escaped paragraph markup, with fallback fonts where needed.

        A character no font has becomes U+FFFD (the replacement character), so it shows
        as a visible mark and extracts as one, rather than as an empty box.
        """
        shown = visual_text(text)
        face = self.alternate.get(font)
        if face is not None and self._prefers(shown, font, face):
            return f'<font face="{face}">{self.markup(text, face)}</font>'
        out: list[str] = []
        run: list[str] = []
        current = font
        for char in shown:
            chosen = self.font_for(char, font)
            if chosen is None:
                char, chosen = REPLACEMENT, self.font_for(REPLACEMENT, font) or font
            if chosen != current and run:
                out.append(_run(current, font, "".join(run)))
                run = []
            current = chosen
            run.append(char)
        if run:
            out.append(_run(current, font, "".join(run)))
        return "".join(out)

    @staticmethod
    def _prefers(text: str, font: str, face: str) -> bool:
        """Whether ``face`` prints a character of ``text`` that ``font`` lacks.

        Then the whole paragraph prints in ``face`` (the sans face, which has Arabic and
        Hebrew): one font per paragraph keeps right-to-left runs in reading order when the
        text is extracted.
        """
        have, other = _COVERAGE.get(font, frozenset()), _COVERAGE.get(face, frozenset())
        return any(ord(c) not in have and ord(c) in other for c in text if not c.isspace())

    def plain(self, text: str, font: str) -> str:
        """Return text for the canvas (one font): visual order, missing characters replaced."""
        cover = _COVERAGE.get(font, frozenset())
        shown = []
        for char in visual_text(text):
            if ord(char) not in cover and not char.isspace():
                self.missing.setdefault(char, set()).add(font)
                char = REPLACEMENT
            shown.append(char)
        return "".join(shown)

    def warn(self, title: str) -> None:
        """Log the characters no font could print, once per PDF."""
        if not self.missing:
            return
        shown = ", ".join(
            f"{c!r} U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}"
            for c in sorted(self.missing)[:20]
        )
        more = f" and {len(self.missing) - 20} more" if len(self.missing) > 20 else ""
        logger.warning(
            "PDF of %r: %d character(s) are in none of the fonts and print as \ufffd: "
            "%s%s. The DOCX, Markdown and JSON reports show them.",
            title,
            len(self.missing),
            shown,
            more,
        )


def _run(font: str, base: str, text: str) -> str:
    """Return one run of escaped text, in a ``<font>`` tag when not in the base font."""
    return escape(text) if font == base else f'<font face="{font}">{escape(text)}</font>'


def _register_alone(file: str) -> str | None:
    """Register a fallback font as a family of its own (bold and italic are itself).

    A fallback must not turn into the role's bold or italic file inside ``<b>`` or
    ``<i>``: that file may lack the very character the fallback is there for.

    Returns:
        The registered name, or None when the file is missing or unreadable (logged).
    """
    key = f"fallback:{file}"
    if key not in _REGISTERED:
        name = f"{Path(file).stem}-fallback-{hashlib.sha1(file.encode()).hexdigest()[:8]}"
        try:
            font = TTFont(name, file, subfontIndex=0)
            pdfmetrics.registerFont(font)
        # Any parse failure means the fallback is unusable; the text still prints.
        except Exception as exc:
            logger.warning("cannot load the fallback font %s (%s); skipping it", file, exc)
            return None
        pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
        _COVERAGE[name] = frozenset(font.face.charToGlyph)
        _REGISTERED[key] = name
    return _REGISTERED[key]


def pdf_bytes(brief: Brief, template: BriefTemplate) -> bytes:
    """Return the brief as the bytes of a PDF file.

    The document is laid out twice: once to count the pages, then for real with the count,
    so the footer can say "Page N of M" without deferring pages (which would break the
    outline's page references).

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
        looks, pages = _fitted(brief, template, fonts, glyphs)
        data, final = _build(brief, template, glyphs, looks, total=pages)
    if final != pages:  # cannot happen: the footer is outside the frame
        logger.warning("page count changed between layout passes (%d -> %d)", pages, final)
    glyphs.warn(clean_text(brief.title))
    return data


def register_fonts(template: BriefTemplate) -> dict[str, str]:
    """Register the template's TrueType fonts with reportlab, once per file.

    Args:
        template: a template from ``load_template``.

    Returns:
        The registered font name per role ("regular", "bold", "italic"); the regular
        name is also a font family, so ``<b>`` and ``<i>`` markup pick the right files.

    Raises:
        TemplateError: a font file cannot be read as TrueType.
    """
    names: dict[str, str] = {}
    for role in template.fonts:
        file = str(Path(template.fonts[role]).resolve())
        if file not in _REGISTERED:
            name = Path(file).stem
            if name in pdfmetrics.getRegisteredFontNames():
                name = f"{name}-{hashlib.sha1(file.encode()).hexdigest()[:8]}"
            try:
                font = TTFont(name, file)
                pdfmetrics.registerFont(font)
            # reportlab reports a damaged font file with whatever its parser hits
            # (TTFError, struct.error, IndexError, ...), so any failure here is the font's.
            except Exception as exc:
                raise TemplateError(
                    f"{template.path}: the {role} font {file} cannot be loaded ({exc}). "
                    "Use a TrueType (.ttf) font such as DejaVu Sans in [fonts]."
                ) from exc
            _REGISTERED[file] = name
            _COVERAGE[name] = frozenset(font.face.charToGlyph)
        names[role] = _REGISTERED[file]
    pdfmetrics.registerFontFamily(
        names["regular"],
        normal=names["regular"],
        bold=names["bold"],
        italic=names["italic"],
        boldItalic=names["bold"],
    )
    if "sans" in names:
        sans_bold = names.get("sans_bold", names["sans"])
        pdfmetrics.registerFontFamily(
            names["sans"],
            normal=names["sans"],
            bold=sans_bold,
            italic=names["sans"],
            boldItalic=sans_bold,
        )
    return names


#: How the PDF tightens a brief that should fit its page target: (spacing, type) scales,
#: tried in order until the brief fits.
_FIT_STEPS = ((1.0, 1.0), (0.7, 1.0), (0.5, 0.96), (0.4, 0.92), (0.3, 0.88))


def _fitted(
    brief: Brief, template: BriefTemplate, fonts: Mapping[str, str], glyphs: _Glyphs
) -> tuple[dict[str, _Look], int]:
    """Return the looks that fit the brief to the template's page target, and its pages.

    Only a brief of at most ``page_target_articles`` sources has a target; the spacing
    shrinks first, then the type, by the fixed ``_FIT_STEPS``; when nothing fits the
    brief keeps its last, tightest looks.
    """
    target = template.page_target
    wants = target > 0 and len(brief.sources) <= template.page_target_articles
    steps = _FIT_STEPS if wants else _FIT_STEPS[:1]
    looks: dict[str, _Look] = {}
    pages = 0
    for space, size in steps:
        looks = _looks(template, fonts, space=space, size=size)
        pages = _build(brief, template, glyphs, looks, total=None)[1]
        if not wants or pages <= target:
            break
    return looks, pages


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
    *,
    total: int | None,
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
        _draw_footer(canvas, doc, looks, line, footer_title, total)

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
    doc.build(_story(brief, template, looks, glyphs))
    return buffer.getvalue(), doc.page


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
    total: int | None,
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
    canvas.setFont(foot.fontName, foot.fontSize)
    canvas.setFillColor(foot.textColor)
    of = f" of {total}" if total is not None else ""
    canvas.drawRightString(right, 0.45 * inch, f"Page {doc.page}{of}")
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
            [Paragraph(_item_markup(item, glyphs, bullet, note), bullet, bulletText=BULLET)]
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
        [Paragraph(_source_markup(s.number, *source_parts(s), glyphs, fonts=source), source)]
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
    flowables: list[Flowable] = [Paragraph(markup, look.style)]
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
