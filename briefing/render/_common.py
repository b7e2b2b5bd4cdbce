"""Wording and file helpers shared by the renderers (one place, so every format agrees)."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Sequence

from briefing.assemble import long_date
from briefing.fsio import atomic_write as atomic_write
from briefing.model import Brief, BriefItem, BriefTemplate, Source

logger = logging.getLogger(__name__)

#: What an empty section prints, so the reader knows it was checked rather than dropped.
NO_ITEMS = "No items."
#: The heading of the sources list when the template has no "sources" section.
DEFAULT_SOURCES_HEADING = "Sources"
#: The date recorded in metadata when the brief's date is not an ISO date.
FALLBACK_DATE = dt.date(2000, 1, 1)

# Characters XML 1.0 forbids (python-docx/lxml refuse them) plus other C0/C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_SPACE = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """Return ``text`` on one line: control characters dropped, whitespace runs collapsed."""
    return _SPACE.sub(" ", _CONTROL.sub("", text)).strip()


def parse_date(value: str | None) -> dt.date | None:
    """Return the date of an ISO ``YYYY-MM-DD`` string (a longer timestamp is cut), else None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def format_date(value: str | None) -> str:
    """Return an ISO date as "5 December 2019" (locale-free); other text unchanged."""
    day = parse_date(value)
    if day is None:
        return clean_text(value or "")
    return long_date(day.isoformat())


def brief_datetime(brief: Brief) -> dt.datetime:
    """Return midnight UTC of the brief's date: the only timestamp a rendered file carries."""
    day = parse_date(brief.date)
    if day is None:
        logger.warning(
            "brief date %r is not an ISO date; metadata uses %s", brief.date, FALLBACK_DATE
        )
        day = FALLBACK_DATE
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def citation_label(item: BriefItem) -> str:
    """Return the item's citation marker: "[1]", "[1, 2]", "[1–4, 7]", or "" for none.

    Three or more consecutive source numbers print as a range, so a point many articles
    make cites them in a few characters instead of a paragraph of numbers.
    """
    numbers = sorted({c.number for c in item.citations})
    return f"[{', '.join(number_runs(numbers))}]" if numbers else ""


def number_runs(numbers: Sequence[int]) -> list[str]:
    """Return sorted distinct ``numbers`` as printed: runs of three or more as "4–7"."""
    out: list[str] = []
    start = 0
    for end in range(1, len(numbers) + 1):
        if end < len(numbers) and numbers[end] == numbers[end - 1] + 1:
            continue
        run = numbers[start:end]
        if len(run) >= 3:
            out.append(f"{run[0]}–{run[-1]}")
        else:
            out.extend(str(n) for n in run)
        start = end
    return out


def item_body(item: BriefItem) -> str:
    """Return the item's text with its citation marker (a timeline entry starts with its day)."""
    label = citation_label(item)
    text = clean_text(item.text)
    if item.when:
        text = f"{format_date(item.when)} \u2014 {text}"
    return f"{text} {label}" if label else text


def tag_text(item: BriefItem) -> str:
    """Return the item's tags as printed after it ("(also a risk; low confidence)"), or ""."""
    tags = [clean_text(t) for t in item.tags if clean_text(t)]
    return f"({'; '.join(tags)})" if tags else ""


def item_text(item: BriefItem) -> str:
    """Return the item's text followed by its citation marker and its tags."""
    tags = tag_text(item)
    body = item_body(item)
    return f"{body} {tags}" if tags else body


def marking(brief: Brief, template: BriefTemplate) -> str:
    """Return the marking of the page header and footer: the brief's own, else the template's."""
    return clean_text(brief.marking or template.marking)


def marking_line(brief: Brief, template: BriefTemplate) -> str:
    """Return the marking line of the front matter, with its caveats."""
    return clean_text(brief.marking_line) or marking(brief, template)


def dateline(brief: Brief) -> str:
    """Return the labelled date line under the title ("As of 5 December 2019 · 1 article …")."""
    return clean_text(brief.dateline) or f"As of {format_date(brief.date)}"


def sources_heading(template: BriefTemplate) -> str:
    """Return the heading of the sources list, from the template's "sources" section."""
    spec = template.spec("sources")
    return clean_text(spec.heading) if spec else DEFAULT_SOURCES_HEADING


#: What a source without a date says in its place.
UNDATED = "undated"
#: What a source without an outlet says in its place.
NO_OUTLET = "outlet not named"


def source_parts(source: Source) -> tuple[str, str]:
    """Return ``(title, details)`` of a source: outlet, publisher, date, then URL (or path).

    The details read "Reuters, published by Example News, 5 December 2019.
    https://example.com/a": the outlet (or "outlet not named"), the site that published
    its copy when that is another one, the source's own date (or "undated"), then its
    address. A local path is there only when the brief's sources carry one (the template's
    ``[sources] paths``).
    """
    title = clean_text(source.title) or clean_text(source.article_id)
    outlet = clean_text(source.outlet) or NO_OUTLET
    publisher = clean_text(source.publisher)
    parts = [outlet]
    if publisher and publisher.lower() != outlet.lower():
        parts.append(f"published by {publisher}")
    parts.append(format_date(source.date) if source.date else UNDATED)
    head = ", ".join(parts)
    where = " ".join(clean_text(p) for p in (source.url, source.path) if clean_text(p))
    return title, f"{head}. {where}" if where else f"{head}."


def source_text(source: Source) -> str:
    """Return a source as one line: "[1] Title. Outlet, 5 December 2019. https://…"."""
    title, details = source_parts(source)
    title = title if title.endswith((".", "?", "!")) else f"{title}."
    return f"[{source.number}] {title} {details}".rstrip()
