"""The brief's sources and front matter: citation numbers, source lines, the date line."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from briefing.model import (
    Article,
    BriefTemplate,
    Source,
)
from briefing.wording import MONTHS


def long_date(value: str | None) -> str:
    """Return an ISO date as "5 December 2019"; other text unchanged."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", (value or "")[:10])
    if not match:
        return value or ""
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        return value or ""
    return f"{day} {MONTHS[month - 1]} {year}"


def citation_numbers(
    articles: Sequence[Article], previous: Mapping[str, int] | None = None
) -> dict[str, int]:
    """Return the citation number of every article: stable across rebuilds of a workspace.

    Articles keep the numbers of ``previous`` (the last build's, retired ones included);
    the others get the next unused numbers in first-seen order. A removed article's number
    stays in the result, retired, and is never given to another article.
    """
    numbers = {str(k): int(v) for k, v in (previous or {}).items()}
    next_number = max(numbers.values(), default=0) + 1
    for article in articles:
        if article.id not in numbers:
            numbers[article.id] = next_number
            next_number += 1
    return numbers


def _sources(
    articles: Sequence[Article], numbers: Mapping[str, int], *, paths: bool
) -> tuple[Source, ...]:
    """Return the sources of the articles, in citation-number order."""
    sources = [
        Source(
            number=numbers[a.id],
            article_id=a.id,
            title=a.title,
            outlet=a.source,
            date=a.date,
            path=a.path if paths else "",
            url=a.url,
            publisher=a.publisher,
        )
        for a in articles
    ]
    return tuple(sorted(sources, key=lambda s: s.number))


def front_matter(
    sources: Sequence[Source], template: BriefTemplate, as_of: str | None
) -> tuple[str, str]:
    """Return the date line and the marking line of the front matter.

    The date line says what the brief is as of (the newest article date or ``--date``),
    labelled, and how many articles and outlets it rests on; without a date it prints no
    calendar day. The marking line adds the template's note and, for one source, the
    "single source" caveat.
    """
    front = template.front
    articles = len(sources)
    outlets = len({s.outlet.lower() for s in sources if s.outlet}) + sum(
        1 for s in sources if not s.outlet
    )
    count = front.get("coverage", "{articles}, {outlets}").format(
        articles=f"{articles} article{'s' if articles != 1 else ''}",
        outlets=f"{outlets} outlet{'s' if outlets != 1 else ''}",
    )
    when = (
        front.get("as_of", "As of {date}").format(date=long_date(as_of))
        if as_of
        else front.get("undated", "Undated")
    )
    dateline = f"{when} \u00b7 {count}"
    marking = template.marking
    if front.get("marking"):
        marking = f"{marking} \u2014 {front['marking']}"
    if articles == 1 or outlets == 1:
        marking = f"{marking} ({front.get('single_source', 'single source')})"
    return dateline, marking
