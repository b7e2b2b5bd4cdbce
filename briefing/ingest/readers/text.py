"""The shape every reader returns: paragraphs laid out as a ``.txt`` article.

``Extracted`` holds the text, its metadata and the kinds markup gives; ``compose``
lays paragraphs out; control characters and open bidirectional overrides are made
harmless one for one, so offsets keep pointing at the same characters. ``Limits``
are the size limits every reader checks.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

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
        max_build_chars: the most characters of article text one build reads; the
            articles past it are skipped (``--max-build-chars`` raises it).
        max_build_sentences: the most sentences one build reads, as ingest counts them
            (``--max-build-sentences`` raises it).
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
    max_build_chars: int = 3_000_000
    max_build_sentences: int = 40_000
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
