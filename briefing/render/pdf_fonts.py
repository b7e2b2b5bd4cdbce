"""Fonts and scripts of the PDF: which font prints each character, right-to-left text.

The template's TrueType fonts (DejaVu Sans: Latin, Greek, Cyrillic, Arabic,
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
import logging
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi import get_display
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from briefing.errors import TemplateError
from briefing.model import BriefTemplate
from briefing.render.templates import templates_dir

logger = logging.getLogger(__name__)

# Registered font name per font file, so each file is registered once per process.
_REGISTERED: dict[str, str] = {}
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
        if not self._lacks(shown, font):  # the usual case: one run in the paragraph's font
            return _run(font, font, shown)
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
    def _lacks(text: str, font: str) -> bool:
        """Whether ``font`` lacks a character of ``text`` (whitespace aside)."""
        have = _COVERAGE.get(font, frozenset())
        return any(ord(c) not in have and not c.isspace() for c in set(text))

    @staticmethod
    def _prefers(text: str, font: str, face: str) -> bool:
        """Whether ``face`` prints a character of ``text`` that ``font`` lacks.

        Then the whole paragraph prints in ``face`` (the sans face, which has Arabic and
        Hebrew): one font per paragraph keeps right-to-left runs in reading order when the
        text is extracted.
        """
        have, other = _COVERAGE.get(font, frozenset()), _COVERAGE.get(face, frozenset())
        return any(ord(c) not in have and ord(c) in other for c in set(text) if not c.isspace())

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


#: Widths a font remembers before it forgets them all (about 3 MB; a 165-page brief
#: measures some 40,000 distinct strings).
_WIDTHS_KEPT = 1 << 16


class _MeasuredFont(TTFont):  # type: ignore[misc]  # reportlab has no type hints
    """A TrueType font that remembers the width of each string it measured.

    Breaking a paragraph into lines measures each of its words, and a brief's words
    repeat ("the", a country's name): a 165-page brief measured 220,000 strings, one
    at a time in Python. A width depends on the text, the size and the encoding alone.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._widths: dict[tuple[Any, float, str], float] = {}

    def stringWidth(self, text: Any, size: float, encoding: str = "utf8") -> float:
        """The width of ``text`` at ``size`` points (reportlab's, remembered)."""
        key = (text, size, encoding)
        width = self._widths.get(key)
        if width is None:
            if len(self._widths) >= _WIDTHS_KEPT:
                self._widths.clear()
            width = self._widths[key] = super().stringWidth(text, size, encoding)
        return width


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
            font = _MeasuredFont(name, file, subfontIndex=0)
            pdfmetrics.registerFont(font)
        # Any parse failure means the fallback is unusable; the text still prints.
        except Exception as exc:
            logger.warning("cannot load the fallback font %s (%s); skipping it", file, exc)
            return None
        pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
        _COVERAGE[name] = frozenset(font.face.charToGlyph)
        _REGISTERED[key] = name
    return _REGISTERED[key]


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
                font = _MeasuredFont(name, file)
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
