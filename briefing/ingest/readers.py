"""Extract article text from the formats an analyst has: web pages, Word, PDF and feeds.

``briefing.ingest`` is the stage that reads input files; it calls these readers for
every format other than plain text and markdown. A reader turns the file's bytes into
an ``Extracted`` record: the article as plain text in the shape of a ``.txt`` article
(the title on the first line, then blank-line separated paragraphs), the metadata the
file carries (title, outlet, date, address) and the kinds its markup gives some
paragraphs (a heading style is a heading, whatever its wording). ``ingest`` then
recovers the rest of the structure from the text exactly as for a ``.txt`` article.

For these formats ``Article.text`` is this extracted text, so every offset (a block's,
a sentence's, the ``start``/``end`` that ``briefing classify`` prints) indexes the
extracted text, not the bytes of the file.

Each reader raises ``IngestError`` with the file's name, what is wrong and the fix; it
never lets a parser's own exception escape, since one bad file must not stop a batch.
"""

from __future__ import annotations

import json
import logging
import re
import statistics
import unicodedata
import warnings
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.errors import IngestError
from briefing.model import BlockKind

logger = logging.getLogger(__name__)

# ------------------------------------------------------------------------ limits


@dataclass(frozen=True, slots=True)
class Limits:
    """Size limits that keep one hostile file from exhausting time or memory.

    They are data, in the ``[limits]`` table of ``briefing/data/ingest.toml``.

    Attributes:
        max_text_file_mb: the largest .txt, .md, .html or .htm file read (MB).
        max_document_file_mb: the largest .docx or .pdf file read (MB).
        max_feed_file_mb: the largest .jsonl feed read (MB).
        max_article_chars: the longest article text (after decoding or extraction).
        max_block_chars: the longest body block; longer ones are split.
        max_sentence_chars: the longest run of text without a sentence end; longer
            ones are split at spaces.
        max_unzipped_mb: the most a .docx may expand to when unzipped (MB).
        max_zip_ratio: the largest compression ratio of one member of a .docx.
        max_zip_members: the most members a .docx may have.
        max_pdf_pages: the most pages of a PDF read.
        max_markup_depth: a web page whose elements nest deeper than this is read again
            with its layout containers removed (HTML parsers stop at about 255 levels).
    """

    max_text_file_mb: float = 8.0
    max_document_file_mb: float = 64.0
    max_feed_file_mb: float = 256.0
    max_article_chars: int = 1_000_000
    max_block_chars: int = 10_000
    max_sentence_chars: int = 2_000
    max_unzipped_mb: float = 256.0
    max_zip_ratio: float = 200.0
    max_zip_members: int = 5_000
    max_pdf_pages: int = 500
    max_markup_depth: int = 200

    @classmethod
    def from_table(cls, table: Mapping[str, Any]) -> Limits:
        """Build the limits from the ``[limits]`` table (missing keys keep the defaults).

        Raises:
            ValueError: a key is unknown or a value is not a positive number.
        """
        unknown = sorted(set(table) - set(cls.__slots__))
        if unknown:
            raise ValueError(f"unknown [limits] key(s): {', '.join(unknown)}")
        values: dict[str, Any] = {}
        for key, value in table.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise ValueError(f"[limits] {key} must be a positive number (got {value!r})")
            default = getattr(cls(), key)
            values[key] = int(value) if isinstance(default, int) else float(value)
        return cls(**values)


def megabytes(size: int) -> str:
    """Return a byte count as megabytes for messages ("20.0 MB")."""
    return f"{size / 1_000_000:.1f} MB"


# ------------------------------------------------------------------ extracted text


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph as a reader finds it, with the kind its markup gives it (if any).

    Attributes:
        text: the paragraph's text; a newline separates its lines.
        kind: the block kind the markup implies (a heading style), or None to let
            ingest decide from the text.
        reason: why the markup implies that kind.
    """

    text: str
    kind: BlockKind | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Extracted:
    """An article extracted from a file, ready for ``ingest.parse_article``.

    Attributes:
        text: the article as plain text: the title line, then blank-line separated
            paragraphs (lines of one paragraph separated by single newlines).
        title: the headline from the file's metadata, or "" to take the first line.
        source: the outlet from metadata (a web page's site name, a feed's "source").
        date: the publication date from metadata, as found (ingest normalises it).
        url: the article's address from metadata.
        kinds: the block kind (and reason) forced by markup, by the offset of the line
            it applies to.
    """

    text: str
    title: str = ""
    source: str = ""
    date: str | None = None
    url: str = ""
    kinds: Mapping[int, tuple[BlockKind, str]] = field(default_factory=dict)


# Controls that end a line (vertical tab, form feed, file/group/record separators, NEL,
# line and paragraph separators) become "\n"; every other C0/C1 control, DEL and the
# non-characters U+FFFE/U+FFFF become a space. Tab and newline stay. A lone surrogate
# (a JSON "\udcff" escape, a file name's undecodable byte) is no character at all: no
# report or JSON file can encode it, so it becomes U+FFFD, the replacement character.
_LINE_CONTROLS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_CONTROL_TABLE = {
    **dict.fromkeys([*range(0, 9), *range(14, 32), *range(127, 160)], " "),
    **{ord(c): "\n" for c in _LINE_CONTROLS},
    0x0D: "\n",
    0xFFFE: " ",
    0xFFFF: " ",
    **dict.fromkeys(range(0xD800, 0xE000), "\ufffd"),
}
_CONTROLS = re.compile(
    "["
    + re.escape("".join(chr(c) for c in _CONTROL_TABLE if not 0xD800 <= c < 0xE000))
    + "\ud800-\udfff]"
)


def replace_controls(text: str) -> str:
    """Replace control characters one for one, so offsets still index the decoded text.

    Line-ending controls (vertical tab, form feed, NEL, U+2028, U+2029, the C0
    separators and a lone carriage return) become a newline; every other C0 or C1
    control character, DEL, U+FFFE and U+FFFF becomes a space, and a lone surrogate
    becomes U+FFFD; a bidirectional override left open on its line becomes a space
    (``balance_bidi``). Tab and newline are kept. Each replacement is one character for
    one, so the text keeps its length.
    """
    if _CONTROLS.search(text):
        text = text.translate(_CONTROL_TABLE)
    if _BIDI.search(text):
        text = balance_bidi(text)
    return text


#: Explicit bidirectional formatting: embeddings and overrides (closed by U+202C) and
#: isolates (closed by U+2069).
_BIDI_OPENERS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c"}
_BIDI_OPENERS.update({"\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"})
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def balance_bidi(text: str) -> str:
    """Replace each unbalanced bidirectional override, embedding or isolate by a space.

    A right-to-left override that is never closed (U+202E without its U+202C on the same
    line) reverses the rest of the line in every viewer: in a title, the whole Sources
    line of the brief. Pairs that open and close on one line are kept; the others, and
    closers without an opener, become spaces, one for one (offsets do not move).
    """
    chars = list(text)
    stack: list[int] = []
    for i, ch in enumerate(chars):
        if ch == "\n":
            for j in stack:
                chars[j] = " "
            stack.clear()
        elif ch in _BIDI_OPENERS:
            stack.append(i)
        elif ch in ("\u202c", "\u2069"):
            if stack and _BIDI_OPENERS[chars[stack[-1]]] == ch:
                stack.pop()
            else:
                chars[i] = " "
    for j in stack:
        chars[j] = " "
    return "".join(chars)


_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n\s*\n")


def _tidy(text: str) -> str:
    """Return paragraph text with controls replaced, spaces collapsed and no blank lines."""
    text = unicodedata.normalize("NFC", replace_controls(text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def compose(
    paras: Iterable[Para],
    *,
    title: str = "",
    source: str = "",
    date: str | None = None,
    url: str = "",
    author: str = "",
) -> Extracted:
    """Lay paragraphs out as a ``.txt`` article and record the kinds their markup gives.

    The title (when given) is the first line; a first paragraph repeating it is dropped.
    An author from metadata becomes a "By ..." byline line under the title, unless the
    text already names the author near the top.

    Args:
        paras: the paragraphs in reading order.
        title: the headline from metadata, or "".
        source: the outlet from metadata.
        date: the date from metadata, as found.
        url: the address from metadata.
        author: the author from metadata.

    Returns:
        The extracted article.
    """
    kept = [(text, p) for p in paras if (text := _tidy(p.text))]
    title = " ".join(_tidy(title).split())
    if title and kept and " ".join(kept[0][0].split()).casefold() == title.casefold():
        kept = kept[1:]
    author = " ".join(_tidy(author).split())
    head = " ".join(t for t, _ in kept[:4]).casefold()
    parts: list[tuple[str, BlockKind | None, str]] = []
    if title:
        parts.append((title, None, ""))
    if author and author.casefold() not in head:
        parts.append((f"By {author}", BlockKind.BYLINE, "author from the file's metadata"))
    for text, p in kept:
        if not parts:  # no title from metadata: the first paragraph's first line is it
            parts.append((text, None, ""))
            continue
        if p.kind is not None:
            text = " ".join(text.split())  # a heading is one line
        parts.append((text, p.kind, p.reason))
    chunks: list[str] = []
    kinds: dict[int, tuple[BlockKind, str]] = {}
    offset = 0
    for text, kind, reason in parts:
        if kind is not None:
            kinds[offset] = (kind, reason)
        chunks.append(text)
        offset += len(text) + 2
    return Extracted(
        text="\n\n".join(chunks) + ("\n" if chunks else ""),
        title=title,
        source=" ".join(_tidy(source).split()),
        date=replace_controls(date).strip() if date and date.strip() else None,
        url=replace_controls(url).strip(),
        kinds=kinds,
    )


# ---------------------------------------------------------------------- web pages


def _trafilatura() -> Any:
    """Import trafilatura on first use: it takes about half a second to import."""
    with warnings.catch_warnings():
        # Its date parsing dependencies raise import-time deprecation warnings we cannot fix.
        warnings.simplefilter("ignore", DeprecationWarning)
        import trafilatura

    return trafilatura


def _element_text(element: Any) -> str:
    """Return an element's text, with trafilatura's ``<lb/>`` line breaks as newlines."""
    parts: list[str] = [element.text or ""]
    for child in element:
        parts.append("\n" if child.tag == "lb" else _element_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _html_paras(body: Any) -> Iterator[Para]:
    """Yield the paragraphs of trafilatura's main-text tree, in reading order.

    Headings keep their kind; list items become "- item" lines of one paragraph;
    every table cell is a paragraph of its own (tables are read as text: a cell that
    is a sentence is body text, short cells become display text); images are dropped.
    """
    for element in body:
        tag = element.tag
        if tag == "head":
            yield Para(_element_text(element), BlockKind.HEADING, "heading in the web page")
        elif tag == "list":
            items = [" ".join(_element_text(i).split()) for i in element.iter("item")]
            yield Para("\n".join(f"- {i}" for i in items if i))
        elif tag == "table":
            for cell in element.iter("cell"):
                yield Para(_element_text(cell))
        elif tag in ("quote", "div", "section"):
            if len(element):
                yield from _html_paras(element)
            else:
                yield Para(_element_text(element))
        elif tag in ("graphic", "image"):
            continue
        else:
            yield Para(_element_text(element))


#: Layout and inline elements that carry no structure briefing uses: a page nested too deep
#: for the HTML parser is read again without them (paragraphs, headings, lists, tables,
#: scripts and navigation stay, so they are still told apart).
_FLATTENED_TAGS = (
    "div",
    "span",
    "section",
    "font",
    "center",
    "b",
    "i",
    "em",
    "strong",
    "small",
    "big",
    "u",
    "s",
    "a",
    "abbr",
    "mark",
    "sub",
    "sup",
)
_FLATTEN = re.compile(r"</?(?:" + "|".join(_FLATTENED_TAGS) + r")\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^>]*?(/?)>")
_VOID_TAGS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)


def markup_depth(page: str) -> int:
    """Return how deep the elements of a page nest (a quick scan of its tags)."""
    depth = deepest = 0
    for closing, tag, self_closing in _TAG.findall(page):
        if self_closing or tag.lower() in _VOID_TAGS:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def read_html(data: bytes | str, *, name: str, limits: Limits | None = None) -> Extracted:
    """Extract a web page's main text and metadata with trafilatura.

    Scripts, styles, navigation, comments and images are left out. The title, outlet
    (site name), author, date and address come from the page's metadata. A page nested
    deeper than ``limits.max_markup_depth`` where trafilatura finds nothing is read again
    without its layout containers (``<div>``, ``<span>`` ...): HTML parsers drop what is
    nested over about 255 levels deep.

    Args:
        data: the page's bytes (trafilatura detects their encoding), or its decoded text.
        name: the file's name, for messages.
        limits: the ``[limits]`` of ``ingest.toml`` (default: the built-in ones).

    Returns:
        The extracted article.

    Raises:
        IngestError: the page holds no article text, or cannot be parsed.
    """
    limits = limits or Limits()
    try:
        return _read_html(data, name=name)
    except IngestError as exc:
        if "no article text found" not in str(exc):
            raise
        page = data if isinstance(data, str) else data.decode("utf-8", "replace")
        depth = markup_depth(page)
        if depth <= limits.max_markup_depth:
            raise
        logger.info("%s: markup nested %d levels deep; reading it flattened", name, depth)
    try:
        return _read_html(_FLATTEN.sub("\n", page), name=name)
    except IngestError as exc:
        raise IngestError(
            f"{name}: no article text found in the web page, although its markup was read "
            f"with its {depth} levels of nesting removed; save the article from the "
            "browser's reader view, or paste its text into a .txt file."
        ) from exc


def _read_html(data: bytes | str, *, name: str) -> Extracted:
    """Run trafilatura on a page (see ``read_html``)."""
    trafilatura = _trafilatura()
    try:
        document = trafilatura.bare_extraction(
            data,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_formatting=False,
            include_links=False,
            # Dates from the page's metadata and markup only, never guessed from its text.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    # lxml and trafilatura raise assorted exceptions on broken markup; any of them
    # means this one page cannot be read, which must not stop the batch.
    except Exception as exc:
        logger.debug("%s: trafilatura failed", name, exc_info=True)
        raise IngestError(
            f"{name}: cannot read the web page ({type(exc).__name__}); save the page "
            "again from the browser, or paste the article's text into a .txt file."
        ) from exc
    body = getattr(document, "body", None)
    extracted = compose(
        _html_paras(body) if body is not None else (),
        title=getattr(document, "title", None) or "",
        source=getattr(document, "sitename", None) or getattr(document, "hostname", None) or "",
        date=getattr(document, "date", None),
        url=getattr(document, "url", None) or "",
        author=getattr(document, "author", None) or "",
    )
    if document is None or body is None or not _has_body(extracted):
        raise IngestError(
            f"{name}: no article text found in the web page (it holds only scripts, "
            "navigation or too little text); save the article from the browser's reader "
            "view, or paste its text into a .txt file."
        )
    return extracted


def _has_body(extracted: Extracted) -> bool:
    """Whether an extracted article has a paragraph besides its title, byline and headings."""
    offsets = [0, *(m.end() for m in re.finditer("\n\n", extracted.text))]
    return any(offset not in extracted.kinds for offset in offsets[1:])


# --------------------------------------------------------------------------- Word

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_zip(path: Path, *, name: str, limits: Limits) -> None:
    """Refuse a .docx that is not a zip package, or would expand beyond the limits.

    The sizes a zip declares bound what Python's ``zipfile`` will ever inflate (it
    stops at the declared size and then fails the CRC check), so checking them before
    extraction defuses a zip bomb.

    Raises:
        IngestError: not a zip, not a Word document, or too large when unzipped.
    """
    try:
        with path.open("rb") as handle:
            magic = handle.read(8)
        if magic == _OLE_MAGIC:
            raise IngestError(
                f"{name}: is an old Word (.doc) or other OLE file with a .docx name; open "
                "it in Word or LibreOffice and save it as .docx, or save the text as .txt."
            )
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        logger.debug("%s: not a zip package", name, exc_info=True)
        raise IngestError(
            f"{name}: not a valid .docx file (it is not a readable zip package); open it in "
            "Word or LibreOffice and save it again as .docx, or save the text as .txt."
        ) from exc
    if len(members) > limits.max_zip_members:
        raise IngestError(
            f"{name}: the .docx package has {len(members)} parts, more than the "
            f"{limits.max_zip_members} briefing reads; save the text as .txt instead."
        )
    total = sum(m.file_size for m in members)
    if total > limits.max_unzipped_mb * 1_000_000:
        raise IngestError(
            f"{name}: the .docx would expand to {megabytes(total)} when unzipped, over the "
            f"{limits.max_unzipped_mb:g} MB limit (a zip bomb, or a file full of images); "
            "save the text as .txt instead."
        )
    for m in members:
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size > 1_000_000 and ratio > limits.max_zip_ratio:
            raise IngestError(
                f"{name}: the .docx part {m.filename} is compressed {ratio:.0f} to 1, over "
                f"the {limits.max_zip_ratio:g} to 1 limit (a zip bomb?); save the text "
                "as .txt instead."
            )
    if not any(m.filename == "word/document.xml" for m in members):
        raise IngestError(
            f"{name}: is a zip package but not a Word document (no word/document.xml); "
            "pass a .docx saved by Word or LibreOffice, or save the text as .txt."
        )


def _docx_paras(container: Any) -> Iterator[Para]:
    """Yield the paragraphs of a document or table cell, tables read cell by cell."""
    from docx.table import Table, _Cell

    for item in container.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                for tc in row._tr.tc_lst:
                    if tc.vMerge == "continue":  # the lower part of a vertically merged cell
                        continue
                    yield from _docx_paras(_Cell(tc, item))
            continue
        style = item.style.name if item.style is not None else ""
        text = item.text
        if style == "Title":
            yield Para(text, BlockKind.TITLE, "Title style")
        elif style.startswith("Heading") or style == "Subtitle":
            yield Para(text, BlockKind.HEADING, f"{style} style")
        elif style.startswith("List"):
            yield Para(f"- {text}")
        else:
            yield Para(text)


def read_docx(path: Path, *, name: str, limits: Limits) -> Extracted:
    """Extract a Word (.docx) document's paragraphs with python-docx.

    Heading styles give headings; a Title-style paragraph gives the title (else the
    first paragraph is the title); list styles give list items; tables are read as
    text, cell by cell. The document's core properties (title, author, dates) are
    not used: they usually describe whoever made the file, not the article.

    Raises:
        IngestError: the file is not a Word document, is damaged, or is a zip bomb.
    """
    check_zip(path, name=name, limits=limits)
    import docx

    try:
        paras = list(_docx_paras(docx.Document(str(path))))
    # python-docx lets its parsers' errors through (KeyError for a missing part,
    # lxml's XMLSyntaxError, ValueError for another Office type); each means this file.
    except Exception as exc:
        logger.debug("%s: python-docx failed", name, exc_info=True)
        raise IngestError(
            f"{name}: cannot read the Word document ({type(exc).__name__}); open it "
            "in Word or LibreOffice and save it again as .docx, or save the text as .txt."
        ) from exc
    first = next((p for p in paras if p.kind is BlockKind.TITLE and p.text.strip()), None)
    rest = [
        Para(p.text, BlockKind.HEADING, p.reason) if p.kind is BlockKind.TITLE else p
        for p in paras
        if p is not first
    ]
    return compose(rest, title=first.text if first else "")


# ---------------------------------------------------------------------------- PDF

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


# -------------------------------------------------------------------------- feeds

FEED_FIELDS = ("title", "text", "source", "date", "url")
"""The fields of a feed record; only "text" is required."""


@dataclass(frozen=True, slots=True)
class FeedRecord:
    """One line of a JSON Lines feed: its number and its article, or why it was skipped."""

    line: int
    article: Extracted | None
    reason: str = ""


def read_feed(data: bytes, *, name: str, encoding: str | None = None) -> list[FeedRecord]:
    """Read a JSON Lines feed: one article per line, ``{"title", "text", "source", "date", "url"}``.

    Blank lines are ignored. A line that is not a JSON object with a non-empty "text"
    string is skipped with its reason; the other lines still load.

    Args:
        data: the feed's bytes (UTF-8, as JSON requires, unless ``encoding`` is given).
        name: the file's name, for messages.
        encoding: a codec to use instead of UTF-8.

    Returns:
        One record per non-blank line.

    Raises:
        IngestError: the feed cannot be decoded, or has no line at all.
    """
    try:
        text = data.decode(encoding or "utf-8-sig")
    except (UnicodeDecodeError, LookupError) as exc:
        raise IngestError(
            f"{name}: a .jsonl feed must be UTF-8 ({exc}); re-save it as UTF-8 or pass "
            "its encoding with --encoding."
        ) from exc
    records: list[FeedRecord] = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except (ValueError, RecursionError) as exc:
            records.append(FeedRecord(number, None, f"not valid JSON ({exc})"))
            continue
        records.append(_feed_record(number, value))
    if not records:
        raise IngestError(
            f"{name}: the feed has no records (it is empty or holds only blank lines); add "
            'one JSON object per line, such as {"title": ..., "text": ...}.'
        )
    return records


def _feed_record(number: int, value: object) -> FeedRecord:
    """Return one feed line's article, or why it is skipped."""
    if not isinstance(value, dict):
        return FeedRecord(number, None, "not a JSON object")
    bad = [k for k in FEED_FIELDS if value.get(k) is not None and not isinstance(value[k], str)]
    if bad:
        return FeedRecord(number, None, f"{', '.join(repr(k) for k in bad)} must be a string")
    body = value.get("text") or ""
    if not body.strip():
        return FeedRecord(number, None, 'no "text"')
    paras = (Para(p) for p in _BLANK_LINES.split(replace_controls(body)))
    return FeedRecord(
        number,
        compose(
            paras,
            title=value.get("title") or "",
            source=value.get("source") or "",
            date=value.get("date"),
            url=value.get("url") or "",
        ),
    )
