"""PDF files: the text layer with pypdf, running headers and footers dropped, lines rejoined."""

from __future__ import annotations

import logging
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from briefing.errors import IngestError
from briefing.ingest.readers.text import (
    Extracted,
    Limits,
    Para,
    compose,
)

logger = logging.getLogger(__name__)

_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|p\.|pg\.?)\s*)?[-–—(\[]?\s*\d{1,4}\s*[-–—)\]]?"
    r"(?:\s*(?:/|of|von|de)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_TERMINAL = tuple('.!?…:;"”’»)')
_HYPHEN_END = re.compile(r"[^\W\d_][-\xad]$")
_DIGITS = re.compile(r"\d+")


def _furniture_key(line: str) -> str:
    """Return a line as compared across pages: digits masked, case and spaces folded."""
    return " ".join(_DIGITS.sub("#", line).casefold().split())


def _page_lines(pages: Sequence[str]) -> list[list[str]]:
    """Return each page's lines without running headers, footers and page numbers.

    A running header or footer is a line among the first or last three of a page
    that recurs (digits aside) on at least half of the pages, when there are two or more.
    """
    split = [[ln.strip() for ln in page.split("\n") if ln.strip()] for page in pages]
    furniture: set[str] = set()
    if len(split) >= 2:
        counts: Counter[str] = Counter()
        for lines in split:
            counts.update({_furniture_key(ln) for ln in (*lines[:3], *lines[-3:])})
        need = max(2, (len(split) + 1) // 2)
        furniture = {key for key, n in counts.items() if n >= need}
    kept: list[list[str]] = []
    for lines in split:
        edge = {*range(min(3, len(lines))), *range(max(0, len(lines) - 3), len(lines))}
        kept.append(
            [
                ln
                for i, ln in enumerate(lines)
                if not _PAGE_NUMBER.match(ln)
                and not (i in edge and _furniture_key(ln) in furniture)
            ]
        )
    return kept


def _join_line(paragraph: str, line: str) -> str:
    """Append a wrapped line to a paragraph, repairing a hyphenated word break."""
    if not paragraph:
        return line
    if _HYPHEN_END.search(paragraph) and line[:1].islower():
        return paragraph[:-1] + line
    return f"{paragraph} {line}"


def pdf_paragraphs(pages: Sequence[str]) -> list[str]:
    """Rebuild paragraphs from the text lines of PDF pages.

    Running headers, footers and page numbers are dropped; lines are joined back into
    paragraphs, a word hyphenated across a line break is rejoined ("negoti-" +
    "ations"), and a paragraph ends at a line clearly shorter than the text's usual
    line length (a paragraph's last line, a heading, the title).

    Args:
        pages: the extracted text of each page, lines separated by newlines.

    Returns:
        The paragraphs, in reading order.
    """
    lines = [ln for page in _page_lines(pages) for ln in page]
    if not lines:
        return []
    lengths = sorted(len(ln) for ln in lines)
    upper = lengths[int(0.75 * (len(lengths) - 1))] if len(lengths) >= 4 else lengths[-1]
    usual = max(float(upper), float(statistics.median(lengths)))
    paragraphs: list[str] = []
    current = ""
    for line, after in zip(lines, [*lines[1:], ""], strict=True):
        current = _join_line(current, line)
        hyphenated = _HYPHEN_END.search(line) is not None and after[:1].islower()
        short = len(line) < 0.7 * usual
        ends = line.endswith(_TERMINAL) and len(line) < 0.9 * usual
        if (short or ends) and not hyphenated:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def read_pdf(path: Path, *, name: str, limits: Limits) -> Extracted:
    """Extract the text layer of a PDF with pypdf and rebuild its paragraphs.

    The PDF's metadata title is used when it looks like a headline (not a file name
    or "Untitled"); its dates and author are not (they describe the file).

    Raises:
        IngestError: the PDF is encrypted, has no text layer (a scan), has too many
            pages, or cannot be parsed.
    """
    from pypdf import PdfReader

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not _decrypts(reader):
            raise IngestError(
                f"{name}: the PDF is encrypted (password-protected); save an unprotected "
                "copy (for example `qpdf --decrypt in.pdf out.pdf`) or paste its text into "
                "a .txt file."
            )
        count = len(reader.pages)
        if count > limits.max_pdf_pages:
            raise IngestError(
                f"{name}: the PDF has {count} pages, more than the {limits.max_pdf_pages} "
                "briefing reads for one article; split it, or save the article's pages "
                "as .txt."
            )
        pages = [page.extract_text() or "" for page in reader.pages]
        metadata = reader.metadata
        meta_title = str(metadata.get("/Title") or "") if metadata is not None else ""
    except IngestError:
        raise
    # pypdf raises many types on damaged files (PdfReadError, KeyError, ValueError,
    # struct errors, RecursionError ...); each means this one file cannot be read.
    except Exception as exc:
        logger.debug("%s: pypdf failed", name, exc_info=True)
        raise IngestError(
            f"{name}: cannot read the PDF ({type(exc).__name__}); open it and save "
            "or print it again as PDF, or paste its text into a .txt file."
        ) from exc
    letters = sum(ch.isalpha() for page in pages for ch in page)
    marks = sum(not ch.isspace() for page in pages for ch in page)
    if letters < 20 * max(1, min(count, 3)) and marks >= 20 * max(1, min(count, 3)):
        raise IngestError(
            f"{name}: the PDF's text layer holds no words, only {marks:,} digits and "
            f"symbols ({letters} letters: a table of figures?); briefing reads articles. "
            "Paste the article's text into a .txt file, or remove the file."
        )
    if letters < 20 * max(1, min(count, 3)):
        raise IngestError(
            f"{name}: the PDF has no text layer (it is a scanned image, {count} page(s)); "
            "run OCR on it first (for example `ocrmypdf in.pdf out.pdf`) or paste its "
            "text into a .txt file."
        )
    return compose((Para(p) for p in pdf_paragraphs(pages)), title=_pdf_title(meta_title))


def _decrypts(reader: Any) -> bool:
    """Try the empty user password (permissions-only encryption opens without one)."""
    try:
        return bool(reader.decrypt(""))
    # pypdf raises DependencyError for AES without a crypto library, or
    # NotImplementedError for unknown handlers: either way the text is locked.
    except Exception:
        return False


_GENERIC_TITLE = re.compile(
    r"(?i)^(?:untitled|document\d*|microsoft word|.*\.(?:docx?|pdf|txt|rtf|odt)$)"
)


def _pdf_title(title: str) -> str:
    """Return a PDF metadata title if it looks like a headline, else ""."""
    title = " ".join(title.split())
    if len(title.split()) < 3 or _GENERIC_TITLE.match(title):
        return ""
    return title
