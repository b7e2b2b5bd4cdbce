"""Turn a file's bytes into text: encodings, binary files, size and length limits."""

from __future__ import annotations

import codecs
import logging
import os
import re
from pathlib import Path

from briefing.errors import (
    IngestError,
)
from briefing.ingest.lines import _trim
from briefing.ingest.readers import (
    Limits,
    megabytes,
    replace_controls,
)
from briefing.ingest.rules import FEED_SUFFIXES, IngestRules

logger = logging.getLogger(__name__)


# ----------------------------------------------------------------------- reading


def _normalise_newlines(text: str) -> str:
    """Translate CRLF and CR line ends to LF, as ``Path.read_text`` does."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


#: Share of control bytes (other than tab, newline, carriage return and form feed) above
#: which undecodable data is taken for a binary file rather than text.
BINARY_CONTROL_SHARE = 0.01

_TEXT_CONTROLS = frozenset(b"\t\n\r\x0c")


def _control_share(data: bytes) -> float:
    """Return the share of C0 control bytes (other than whitespace) in the first 64 KB."""
    head = data[:65536]
    if not head:
        return 0.0
    controls = sum(1 for b in head if b < 0x20 and b not in _TEXT_CONTROLS)
    return controls / len(head)


def _utf16_without_bom(data: bytes) -> str | None:
    """Return the codec of UTF-16 text without a byte order mark, judged by its NUL bytes."""
    head = data[:4096]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) <= 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) <= 0.1 * len(odd):
        return "utf-16-be"
    return None


def _binary_error(name: str) -> IngestError:
    """The error for a file whose bytes are not text."""
    return IngestError(
        f"{name}: looks like a binary file, not text (it holds NUL or other control "
        "bytes); pass the article as .txt, .md, .html, .docx, .pdf or .jsonl, or, if it is "
        "text in an unusual encoding, give it with --encoding."
    )


def decode_text(data: bytes, *, name: str, encoding: str | None = None) -> str:
    """Decode an article file's bytes as ``Path.read_text`` would, or refuse clearly.

    UTF-8 is tried first (a byte order mark is kept as U+FEFF, as ``read_text``
    keeps it, so offsets agree; no block includes it), then UTF-16/32 with a byte
    order mark, UTF-16 without one (recognised by its NUL bytes), then cp1252 and
    Latin-1 (with a warning). Data with NUL or many other control bytes is binary.
    Control characters are then replaced one for one (``readers.replace_controls``).

    Args:
        data: the file's bytes.
        name: the file's name, for messages.
        encoding: a codec to use instead of detecting one.

    Returns:
        The text, line ends translated to LF.

    Raises:
        IngestError: binary, empty, or undecodable data; the message says the fix.
    """
    if encoding is not None:
        text = _decode_with(data, name=name, encoding=encoding)
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        text = _decode_with(data, name=name, encoding="utf-32")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode_with(data, name=name, encoding="utf-16")
    elif b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise _binary_error(name)
        text = _decode_with(data, name=name, encoding=utf16)
        logger.warning("%s: no byte order mark; read as %s by its NUL bytes.", name, utf16)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if _control_share(data) > BINARY_CONTROL_SHARE:
                raise _binary_error(name) from exc
            text = _decode_fallback(data, name=name, error=exc)
    text = replace_controls(_normalise_newlines(text))
    if not _trim(text):
        raise _empty_error(name)
    return text


def _decode_with(data: bytes, *, name: str, encoding: str) -> str:
    """Decode with a named codec, turning codec errors into IngestError."""
    try:
        return data.decode(encoding)
    except LookupError as exc:
        raise IngestError(
            f"{name}: unknown encoding {encoding!r}; pass a Python codec name to "
            "--encoding, such as utf-8, utf-16 or cp1252."
        ) from exc
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"{name}: cannot decode as {encoding} (byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}); pass the file's real encoding with --encoding."
        ) from exc


def _decode_fallback(data: bytes, *, name: str, error: UnicodeDecodeError) -> str:
    """Decode non-UTF-8 data as cp1252, else as Latin-1, with a warning."""
    try:
        text, used = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # Latin-1 decodes any byte; the bytes cp1252 leaves undefined are C1 controls
        # there, which replace_controls then turns into spaces.
        text, used = data.decode("latin-1"), "latin-1"
    logger.warning(
        "%s: not UTF-8 (byte 0x%02x at offset %d); read as %s. Pass --encoding if that is wrong.",
        name,
        data[error.start],
        error.start,
        used,
    )
    return text


def _size_limit(suffix: str, limits: Limits) -> tuple[float, str]:
    """Return the size limit (MB) of a file type, and what to call such a file."""
    if suffix in FEED_SUFFIXES:
        return limits.max_feed_file_mb, "feed"
    if suffix in (".docx", ".pdf"):
        return limits.max_document_file_mb, f"{suffix} file"
    return limits.max_text_file_mb, "article"


def _read_bytes(path: Path, *, rules: IngestRules) -> bytes:
    """Read a file's bytes after checking its size, turning OS errors into IngestError."""
    name = display_path(path)
    try:
        size = path.stat().st_size
        limit, what = _size_limit(path.suffix.lower(), rules.limits)
        if size > limit * 1_000_000:
            raise IngestError(
                f"{name}: the file is {megabytes(size)}, over the {limit:g} MB limit for one "
                f"{what}; split it into separate articles (one file each, or one line each "
                "of a .jsonl feed)."
            )
        if size == 0:
            raise _empty_error(name)
        if path.suffix.lower() in (".docx", ".pdf"):
            return b""  # read by their libraries, which take the path
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise IngestError(f"{name}: no such file; check the path.") from exc
    except IsADirectoryError as exc:
        raise IngestError(
            f"{name}: is a folder, not a file; pass it to load_articles to read the "
            "articles inside."
        ) from exc
    except PermissionError as exc:
        raise IngestError(f"{name}: permission denied; make the file readable.") from exc
    except OSError as exc:
        raise IngestError(
            f"{name}: cannot read the file ({exc.strerror}); check the path."
        ) from exc


def _empty_error(name: str) -> IngestError:
    """The error for a file without text."""
    return IngestError(
        f"{name}: no text (the file is empty or holds only whitespace); "
        "add the article's text or remove the file."
    )


def _check_length(text: str, *, name: str, rules: IngestRules) -> None:
    """Refuse an article text longer than ``[limits] max_article_chars``."""
    limit = rules.limits.max_article_chars
    if len(text) > limit:
        raise IngestError(
            f"{name}: the article is {len(text):,} characters long, over the {limit:,} "
            "character limit for one article; split it into separate articles."
        )


_SURROGATE = re.compile("[\ud800-\udfff]")


def display_path(path: Path | str) -> str:
    """Return a path as printable text: each byte of the name that is not UTF-8 is U+FFFD.

    POSIX file names are bytes; Python keeps the bytes that are not UTF-8 as lone
    surrogates, which no report, JSON file or terminal can print. Article ids, sources
    and messages use this form; the files themselves are still opened by their real name.
    """
    return _SURROGATE.sub("\ufffd", os.fspath(path))
