"""JSON Lines feeds: one article per line."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from briefing.errors import IngestError
from briefing.ingest.readers.text import (
    _BLANK_LINES,
    Extracted,
    Para,
    compose,
    replace_controls,
)

logger = logging.getLogger(__name__)

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
