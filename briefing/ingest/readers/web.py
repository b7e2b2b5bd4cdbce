"""Web pages: the main text with trafilatura, headings and tables kept."""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterator
from typing import Any

from briefing.errors import IngestError
from briefing.ingest.readers.text import (
    Extracted,
    Limits,
    Para,
    compose,
)
from briefing.model import BlockKind

logger = logging.getLogger(__name__)


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
