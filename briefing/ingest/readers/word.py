"""Word documents: paragraphs, styles and tables with python-docx, zip bombs refused first."""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from briefing.errors import IngestError
from briefing.ingest.readers.text import (
    Extracted,
    Limits,
    Para,
    compose,
    megabytes,
)
from briefing.model import BlockKind

logger = logging.getLogger(__name__)

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
