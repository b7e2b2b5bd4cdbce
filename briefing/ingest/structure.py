"""Segment an article's text into blocks and mark each: title, captions, body ..."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from briefing.ingest.dateline import dateline_agency, dateline_date, dateline_match, find_dateline
from briefing.ingest.lines import (
    _trim,
    count_sentences,
    has_caption_marker,
    has_terminal_punctuation,
    intrinsic_kind,
    is_byline,
    is_date_line,
    is_list_item,
    parse_date,
    plain,
    source_of,
    url_of,
    word_count,
)
from briefing.ingest.readers import (
    Extracted,
)
from briefing.ingest.rules import IngestRules, Kind, default_rules
from briefing.ingest.segments import Segment, segment_text, split_block, split_glued
from briefing.model import Article, Block, BlockKind

logger = logging.getLogger(__name__)


# ------------------------------------------------------------------- structure


@dataclass(slots=True)
class _Draft:
    """The article being parsed: its segments and the kinds decided so far."""

    text: str
    segments: list[Segment]
    kinds: list[Kind | None]
    rules: IngestRules
    lead_from: int = 1
    title: str = ""
    date: str | None = None
    source: str = ""
    url: str = ""
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)
    hinted: set[int] = field(default_factory=set)

    def seg_text(self, i: int) -> str:
        """Return the text of segment ``i``."""
        seg = self.segments[i]
        return self.text[seg.start : seg.end]

    def plain_text(self, i: int) -> str:
        """Return the text of segment ``i`` without markdown emphasis or list marker."""
        return plain(self.seg_text(i), self.rules)

    def terminal(self, i: int) -> bool:
        """Whether segment ``i`` ends a sentence."""
        return has_terminal_punctuation(self.seg_text(i), self.rules)

    def open(self, i: int) -> bool:
        """Whether segment ``i`` has no kind yet."""
        return self.kinds[i] is None


def _mark_front_matter(draft: _Draft, count: int) -> None:
    """Mark the front matter lines of a markdown file and read its metadata.

    ``title:`` gives the title (its block spans the value), ``date:`` the date,
    ``source:``/``url:`` the outlet and address, ``author:`` a byline.
    """
    rules = draft.rules
    meta = rules.pattern("front_matter_entry")
    for i in range(count):
        seg = draft.segments[i]
        match = meta.match(draft.seg_text(i))
        kind: Kind = (BlockKind.BOILERPLATE, "front matter")
        if match:
            key, value = match.group("key").lower(), match.group("value")
            line = f"{key}: {value}"
            if key == "title" and value and not draft.title:
                start = seg.start + match.start("value")
                draft.spans[i] = (start, start + len(value))
                draft.title = value
                kind = (BlockKind.TITLE, "front matter title")
            elif is_date_line(line, rules):
                draft.date = draft.date or parse_date(value, rules)
                kind = (BlockKind.DATELINE, "front matter date")
            elif source_of(line, rules) or url_of(line, rules):
                draft.source = draft.source or (source_of(line, rules) or "")
                draft.url = draft.url or (url_of(line, rules) or "")
                kind = (BlockKind.SOURCE, "front matter source")
            elif is_byline(line, rules):
                kind = (BlockKind.BYLINE, "front matter author")
        draft.kinds[i] = kind


def _mark_title(draft: _Draft, first: int) -> None:
    """Mark the title: the first line (after any front matter).

    When the front matter gave the title, a first line repeating it is a heading.
    """
    if first >= len(draft.segments):
        draft.lead_from = first
        return
    text = _title_text(draft.seg_text(first), draft.rules)
    if not draft.title:
        draft.title = text
        draft.kinds[first] = (BlockKind.TITLE, "first line")
        draft.lead_from = first + 1
    elif draft.rules.pattern("markdown_heading").match(draft.seg_text(first)) or (
        text.casefold() == draft.title.casefold()
    ):
        draft.kinds[first] = (BlockKind.HEADING, "repeats the front matter title")
        draft.lead_from = first + 1
    else:
        draft.lead_from = first


def _mark_intrinsic(draft: _Draft) -> None:
    """Step 1: give every line the kind it has on its own, and read metadata."""
    rules = draft.rules
    for i in range(draft.lead_from, len(draft.segments)):
        kind = intrinsic_kind(draft.seg_text(i), rules)
        draft.kinds[i] = kind
        if kind is None:
            continue
        text = draft.plain_text(i)
        if kind[0] is BlockKind.SOURCE:
            outlet = source_of(text, rules)
            draft.source = draft.source or (outlet or "")
            draft.url = draft.url or (url_of(text, rules) or "")
            if outlet:  # "Source: Outlet | 2020-01-31": the date it carries
                draft.date = draft.date or parse_date(text, rules)
        elif kind[0] is BlockKind.DATELINE and draft.date is None:
            draft.date = parse_date(text, rules)


def _mark_menus(draft: _Draft) -> None:
    """Mark runs of very short list items ("- English", "- Français") as a menu."""
    rules = draft.rules
    run: list[int] = []
    for i in [*range(draft.lead_from, len(draft.segments)), -1]:
        item = (
            i >= 0
            and draft.open(i)
            and is_list_item(draft.seg_text(i), rules)
            and word_count(draft.plain_text(i)) <= rules.menu_item_max_words
            and not draft.terminal(i)
        )
        if item:
            run.append(i)
            continue
        if len(run) >= rules.menu_min_items:
            for j in run:
                draft.kinds[j] = (BlockKind.BOILERPLATE, "menu: run of very short list items")
        run = []


def _mark_promo_lists(draft: _Draft) -> None:
    """Mark the list items right under a promo line ("Read more:" and its links) as promo.

    The items must share the promo's paragraph, unless the promo line ends with a colon.
    """
    promo: int | None = None
    for i in range(draft.lead_from, len(draft.segments)):
        kind = draft.kinds[i]
        if kind is not None and kind[0] is BlockKind.PROMO:
            promo = i
            continue
        heads = promo is not None and (
            draft.segments[promo].paragraph == draft.segments[i].paragraph
            or draft.seg_text(promo).endswith(":")
        )
        if heads and draft.open(i) and is_list_item(draft.seg_text(i), draft.rules):
            draft.kinds[i] = (BlockKind.PROMO, "promo: list of links under a promo line")
        else:
            promo = None


def _mark_caption_headings(draft: _Draft) -> None:
    """Mark a short unpunctuated line directly above a caption in its paragraph."""
    rules = draft.rules
    for i in range(len(draft.segments) - 1, draft.lead_from - 1, -1):
        nxt = draft.kinds[i + 1] if i + 1 < len(draft.segments) else None
        if (
            draft.open(i)
            and not draft.segments[i].last_in_paragraph
            and nxt is not None
            and nxt[0] in (BlockKind.CAPTION, BlockKind.CREDIT)
            and not draft.terminal(i)
            and word_count(draft.plain_text(i)) <= rules.heading_max_words
        ):
            draft.kinds[i] = (BlockKind.HEADING, "caption heading: short line above a caption")


def _looks_like_body(draft: _Draft, i: int) -> bool:
    """Whether an unclassified segment reads like body text (a long punctuated line)."""
    return (
        draft.terminal(i)
        and not is_list_item(draft.seg_text(i), draft.rules)
        and word_count(draft.plain_text(i)) >= draft.rules.body_line_words
    )


def _dateline_start(draft: _Draft) -> tuple[int, re.Match[str]] | None:
    """Find the segment whose dateline starts the body, near the top and before any body.

    One body-like line (a standfirst) may precede the dateline; after two, the body has
    already started and a dateline-like opening further down is just body text.
    """
    rules = draft.rules
    body_like = 0
    for i in range(draft.lead_from, len(draft.segments)):
        if draft.segments[i].paragraph > rules.lead_paragraphs:
            return None
        if not draft.open(i):
            continue
        match = dateline_match(draft.plain_text(i), rules)
        if match:
            return i, match
        body_like += _looks_like_body(draft, i)
        if body_like >= 2:
            return None
    return None


def _opens_with_display(draft: _Draft, i: int) -> bool:
    """Whether segment ``i`` (the first of its paragraph) is a marked caption or its heading.

    Only explicit evidence counts (a photo credit, a caption label, a heading above
    such a caption): a line merely lacking a full stop may be a caption, but is too
    weak a sign to also turn the paragraph above it into a standfirst. A heading that
    a file's markup makes one (a Word heading style, an HTML ``<h2>``) is a section
    heading of the text, not the caption block of a scraped page.
    """
    if i >= len(draft.segments) or i in draft.hinted:
        return False
    kind = draft.kinds[i]
    return kind is not None and kind[0] in (BlockKind.CAPTION, BlockKind.CREDIT, BlockKind.HEADING)


def _mark_lead(draft: _Draft) -> int:
    """Step 2: mark the display text between the title and the body.

    Returns:
        The index of the first body segment.
    """
    rules = draft.rules
    found = _dateline_start(draft)
    if found is not None:
        start, match = found
        for i in range(draft.lead_from, start):
            if draft.open(i):
                draft.kinds[i] = (
                    (BlockKind.BULLET, "key-point bullet before the dateline")
                    if is_list_item(draft.seg_text(i), rules)
                    else (BlockKind.STANDFIRST, "display text before the dateline")
                )
        rest = draft.plain_text(start)[match.end() :]
        if _trim(rest):
            draft.kinds[start] = (BlockKind.BODY, "dateline paragraph starts the body")
        else:
            draft.kinds[start] = (BlockKind.DATELINE, "dateline on its own line")
        draft.date = draft.date or dateline_date(match, rules)
        draft.source = draft.source or dateline_agency(match)
        return start
    first = True
    for i in range(draft.lead_from, len(draft.segments)):
        if not draft.open(i):
            continue
        seg = draft.segments[i]
        if is_list_item(draft.seg_text(i), rules):
            draft.kinds[i] = (BlockKind.BULLET, "key-point bullet before the body")
            continue
        if (
            first
            and not draft.terminal(i)
            and word_count(draft.plain_text(i)) <= rules.caption_max_words
        ):
            draft.kinds[i] = (BlockKind.STANDFIRST, "dek: line under the title without a full stop")
            first = False
            continue
        if (
            first
            and seg.first_in_paragraph
            and seg.last_in_paragraph
            and count_sentences(draft.plain_text(i), rules) == 1
            and _opens_with_display(draft, i + 1)
        ):
            draft.kinds[i] = (
                BlockKind.STANDFIRST,
                "standfirst: one sentence under the title, followed by a caption or heading",
            )
            first = False
            continue
        return i
    return len(draft.segments)


def _mark_rest(draft: _Draft, body_start: int) -> None:
    """Step 3: what is left is a heading, a caption, or body text."""
    rules = draft.rules
    for i in range(draft.lead_from, len(draft.segments)):
        if not draft.open(i):
            continue
        text = draft.plain_text(i)
        if i >= body_start and is_list_item(draft.seg_text(i), rules):
            draft.kinds[i] = (BlockKind.BODY, "list item in the body")
        elif draft.terminal(i):
            draft.kinds[i] = (BlockKind.BODY, "body paragraph")
        elif has_caption_marker(text, rules):
            draft.kinds[i] = (BlockKind.CAPTION, "caption: picture marker, no full stop")
        elif word_count(text) > rules.caption_max_words:
            draft.kinds[i] = (BlockKind.BODY, "body: too long for a caption, no full stop")
        elif word_count(text) <= rules.heading_max_words:
            draft.kinds[i] = (BlockKind.HEADING, "crosshead: short line without a full stop")
        else:
            draft.kinds[i] = (BlockKind.CAPTION, "caption: long line without a full stop")


def _title_text(line: str, rules: IngestRules) -> str:
    """Return the headline as displayed: markdown markers removed, spaces collapsed."""
    line = re.sub(r"^#{1,6}\s+", "", _trim(line))
    return " ".join(plain(line, rules).split())


def _mark_hinted(draft: _Draft, hints: Mapping[int, Kind]) -> None:
    """Give the kinds a file's markup implies (a heading style) to the lines they name.

    The title line keeps its kind: markup never overrides the first line's role.
    """
    for i in range(draft.lead_from, len(draft.segments)):
        kind = hints.get(draft.segments[i].start)
        if kind is not None:
            draft.kinds[i] = kind
            draft.hinted.add(i)


def parse_article(
    text: str,
    *,
    article_id: str,
    path: str = "",
    rules: IngestRules | None = None,
    hints: Extracted | None = None,
) -> Article:
    """Recover the structure of decoded article text.

    The first non-empty line is the title. A ``Source: X`` line sets the outlet, a
    ``Date:``/``Published:`` line or a dateline with a year sets the date. Metadata
    from the file (``hints``: a web page's site name and date, a feed's fields) wins
    over what the text says, except that a page whose text names another outlet (an
    agency's "Source:" line or dateline) has that outlet, published by the site. A body
    block longer than ``[limits] max_block_chars`` is split into several, and so is a
    sentence longer than ``max_sentence_chars`` (``split_block``).

    Args:
        text: the decoded text, line ends already translated to LF.
        article_id: the article's id (the file stem).
        path: the file it came from, or "".
        rules: the compiled lexicons (default: the shipped ones).
        hints: what a reader extracted with the text (metadata, kinds from markup).

    Returns:
        The article, with one block per line (or soft-wrapped run of lines); a body line
        holding sentences glued without a space is cut between them (``split_glued``).
    """
    rules = rules or default_rules()
    segments, front = segment_text(text, rules)
    draft = _Draft(text=text, segments=segments, kinds=[None] * len(segments), rules=rules)
    _mark_front_matter(draft, front)
    _mark_title(draft, front)
    _mark_intrinsic(draft)
    if hints is not None:
        _mark_hinted(draft, hints.kinds)
    _mark_menus(draft)
    _mark_promo_lists(draft)
    _mark_caption_headings(draft)
    body_start = _mark_lead(draft)
    _mark_rest(draft, body_start)
    blocks: list[Block] = []
    for i, (seg, kind) in enumerate(zip(segments, draft.kinds, strict=True)):
        assert kind is not None  # every segment is marked by _mark_rest
        start, end = draft.spans.get(i, (seg.start, seg.end))
        block = Block(kind[0], start, end, seg.paragraph, kind[1])
        if kind[0] is BlockKind.BODY:
            for piece in split_glued(text, block, rules):
                blocks.extend(split_block(text, piece, rules.limits))
        else:
            blocks.append(block)
    meta = hints or Extracted(text)
    outlet, publisher = meta.source or draft.source, ""
    if meta.source and draft.source and meta.source.lower() != draft.source.lower():
        # A page (its site name) carrying an agency's copy (its "Source:" line or dateline).
        outlet, publisher = draft.source, meta.source
    article = Article(
        id=article_id,
        path=path,
        text=text,
        title=" ".join(meta.title.split()) or draft.title,
        blocks=tuple(blocks),
        source=outlet,
        date=normalise_date(meta.date, rules) or draft.date,
        url=meta.url or draft.url,
        publisher=publisher,
        dateline=find_dateline(text, blocks, rules),
    )
    logger.debug(
        "%s: %d blocks, %d body", article_id, len(article.blocks), len(article.body_blocks)
    )
    return article


def normalise_date(value: str | None, rules: IngestRules) -> str | None:
    """Return the ISO date of a metadata date ("2019-12-05T10:00Z", "5 Dec 2019"), else None."""
    if not value:
        return None
    head = value.strip()[:10]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", head):
        try:
            return date.fromisoformat(head).isoformat()
        except ValueError:
            return None
    return parse_date(value, rules)
