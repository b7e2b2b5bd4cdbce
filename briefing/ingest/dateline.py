"""The dateline: found once, here, and carried on ``Article.dateline`` for every later stage.

A dateline says where (and through which agency) an article was filed: "KYIV, Feb 5
(Reuters) - ", "ISLAMABAD: ", "BEIJING (Reuters) – ", "Tokyo/Beijing, Nov. 10 (Jiji
Press)--", "MANILA, Philippines (AP) — ", "(Reuters) - ". Its shapes are the ``dateline``
patterns of ``ingest.rules`` (built from the month names of ``data/en/calendar.toml`` and
the agencies of ``data/en/ingest.toml``):

- a **prefix** opening a paragraph, followed by a separator (``dateline_match``): it marks
  where the body starts (``ingest.structure``), the parser never sees it (``nlp``), and
  the printed text leaves it out (``bullets``);
- places in capitals that lost their separator ("ANKARA/DUBAI Iran on ..."), and a wire
  dateline glued after a slug or byline ("... By Jane Roe SEOUL, Jan. 4 (Yonhap) --"):
  they still name the place the article was filed from (classify: the government of a
  capital's city).

``find_dateline`` returns the article's ``Dateline`` record; ``parsing_prefix`` is the
prefix the parser would take for the subject of the lead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefing.ingest.lines import parse_date
from briefing.ingest.rules import IngestRules
from briefing.model import Block, BlockKind, Dateline

#: Datelines are looked for in this many body paragraphs from the top.
DATELINE_PARAGRAPHS = 3
#: A dateline glued after a slug starts within this many characters of its paragraph.
GLUED_WITHIN = 400


def dateline_match(line: str, rules: IngestRules) -> re.Match[str] | None:
    """Return the dateline prefix a line opens with ("KYIV, Feb 5 (Reuters) - "), else None."""
    match = rules.pattern("dateline").match(line)
    if match is None:
        return None
    caps = match.group("caps")
    if caps is not None and (
        rules.pattern("not_place").match(caps) or len(re.sub(r"[^A-Z]", "", caps)) < 3
    ):
        return None
    return match


def dateline_date(match: re.Match[str], rules: IngestRules) -> str | None:
    """Return the ISO date of a dateline when it gives the year, else None."""
    found = match.group("date1") or match.group("date2")
    return parse_date(found, rules) if found else None


def dateline_agency(match: re.Match[str]) -> str:
    """Return the agency of a dateline ("Reuters" in "KYIV (Reuters) -"), or ""."""
    return match.group("agency") or match.group("agency2") or ""


def dateline_place(match: re.Match[str]) -> str:
    """Return the place of a dateline prefix as written ("KYIV", "Tokyo/Beijing"), or ""."""
    return match.group("place1") or match.group("place2") or match.group("caps") or ""


def _has_region(match: re.Match[str]) -> bool:
    """Whether a dateline prefix names a region after its place ("MANILA, Philippines")."""
    for group in ("place1", "place2", "caps"):
        if match.group(group) is not None:
            after = re.match(r",\s+", match.string[match.end(group) :])
            if after is None:
                return False
            following = match.end(group) + after.end()
            return following not in (match.start("date1"), match.start("date2"))
    return False


def parsing_prefix(text: str, rules: IngestRules) -> int:
    """Return the length of the dateline prefix the parser must not see, or 0.

    A prefix in capitals, or with an agency, a colon or a double dash ("KYIV, Feb 5
    (Reuters) - ", "ISLAMABAD: ") would become the subject of the lead sentence; a place
    in title case with a date alone ("Oslo, March 4 - ") reads as text and is kept. So is
    a prefix naming a region ("MANILA, Philippines (AP) — "): the parser has always seen
    those, and the learned scorer was fitted on those parses.
    """
    match = dateline_match(text, rules)
    if match is None or _has_region(match):
        return 0
    found = match.group(0)
    if found.isupper() or "(" in found or ":" in found or "--" in found:
        return match.end()
    return 0


def _in_paragraph(text: str, start: int, rules: IngestRules) -> Dateline | None:
    """Return the dateline of one paragraph (``text`` from ``start``), or None."""
    match = dateline_match(text[start:], rules)
    if match is not None:
        return Dateline(
            place=dateline_place(match),
            agency=dateline_agency(match),
            date=dateline_date(match, rules),
            span=(start, start + match.end()),
            prefix=True,
        )
    loose = rules.pattern("dateline_places").match(text, start)
    if loose is None:
        loose = rules.pattern("dateline_glued").search(text[: start + GLUED_WITHIN], start)
    if loose is None:
        return None
    agency = loose.groupdict().get("agency") or ""
    return Dateline(place=loose.group("place"), agency=agency, span=loose.span(), prefix=False)


def find_dateline(text: str, blocks: Sequence[Block], rules: IngestRules) -> Dateline | None:
    """Return the dateline of an article: the first one in its first body paragraphs.

    Args:
        text: the article text.
        blocks: its blocks, in text order.
        rules: the compiled ingest rules.

    Returns:
        The dateline (offsets into ``text``), or None when the first
        ``DATELINE_PARAGRAPHS`` body paragraphs have none.
    """
    body = [b for b in blocks if b.kind == BlockKind.BODY][:DATELINE_PARAGRAPHS]
    for block in body:
        found = _in_paragraph(text[: block.end], block.start, rules)
        if found is not None:
            return found
    return None
