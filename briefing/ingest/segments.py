"""Cut an article's text into segments (future blocks), and long blocks into pieces.

A segment is one line, or lines joined across soft breaks (hard-wrapped text, front
matter). A body block too long for the language pipeline is cut at sentence ends
(``split_block``).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from briefing.ingest.lines import (
    _trim,
    ends_with_abbreviation,
    has_terminal_punctuation,
    intrinsic_kind,
    is_list_item,
)
from briefing.ingest.readers import (
    Limits,
)
from briefing.ingest.rules import FRONT_MATTER_MAX_LINES, IngestRules
from briefing.model import Block


@dataclass(frozen=True, slots=True)
class _Line:
    """A non-blank line: its trimmed span and its paragraph."""

    start: int
    end: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class Segment:
    """A future block: one line, or lines joined across soft breaks."""

    start: int
    end: int
    paragraph: int
    first_in_paragraph: bool
    last_in_paragraph: bool


def _lines(text: str) -> list[_Line]:
    """Split text into trimmed non-blank lines with their paragraph index."""
    lines: list[_Line] = []
    offset = 0
    paragraph = -1
    blank_before = True
    for raw in text.split("\n"):
        stripped = _trim(raw)
        if stripped:
            if blank_before:
                paragraph += 1
            lead = raw.index(stripped)
            lines.append(_Line(offset + lead, offset + lead + len(stripped), paragraph))
        blank_before = not stripped
        offset += len(raw) + 1
    return lines


def _is_hard_wrapped(lines: Sequence[_Line], rules: IngestRules) -> bool:
    """Whether the text was wrapped at a fixed width (most lines short)."""
    if len(lines) < rules.wrap_min_lines:
        return False
    short = sum(1 for ln in lines if ln.end - ln.start <= rules.wrap_width)
    return short >= rules.wrap_share * len(lines)


def _continues(before: str, after: str, *, wrapped: bool, rules: IngestRules) -> bool:
    """Whether ``after`` continues the sentence of ``before`` across a soft line break."""
    after_plain = _trim(after)
    if is_list_item(after_plain, rules) or after_plain[:1] in ("#", "!", "[", ">", "|"):
        return False
    if intrinsic_kind(after_plain, rules) is not None:
        return False
    if after_plain[:1].islower():
        return True
    if has_terminal_punctuation(before, rules) and not ends_with_abbreviation(before, rules):
        return False
    return wrapped


def _front_matter_lines(text: str, lines: Sequence[_Line]) -> int:
    """Return how many leading lines form a YAML front matter block ("---" ... "---"), or 0."""
    if not lines or text[lines[0].start : lines[0].end] != "---":
        return 0
    for i, line in enumerate(lines[1:FRONT_MATTER_MAX_LINES], 1):
        if text[line.start : line.end] in ("---", "..."):
            return i + 1
    return 0


def segment_text(text: str, rules: IngestRules) -> tuple[list[Segment], int]:
    """Group lines into segments: each line alone, unless a soft break joins it to the next.

    Returns:
        The segments, and how many of the first are front matter lines.
    """
    lines = _lines(text)
    front = _front_matter_lines(text, lines)
    wrapped = _is_hard_wrapped(lines, rules)
    groups: list[list[_Line]] = []
    for i, line in enumerate(lines):
        prev = lines[i - 1] if i else None
        if (
            prev is not None
            and i > front + 1  # front matter and the title line are never joined
            and prev.paragraph == line.paragraph
            and _continues(
                text[prev.start : prev.end],
                text[line.start : line.end],
                wrapped=wrapped,
                rules=rules,
            )
        ):
            groups[-1].append(line)
        else:
            groups.append([line])
    segments = []
    for i, group in enumerate(groups):
        para = group[0].paragraph
        segments.append(
            Segment(
                start=group[0].start,
                end=group[-1].end,
                paragraph=para,
                first_in_paragraph=i == 0 or groups[i - 1][0].paragraph != para,
                last_in_paragraph=i == len(groups) - 1 or groups[i + 1][0].paragraph != para,
            )
        )
    return segments, front


#: An end mark of a sentence (closing curly quotes kept with it) that may be glued to the
#: next sentence: scraped pages that lost the break between paragraphs, or between a
#: crosshead ("... happened?") and its text. ``glued_cuts`` decides.
_END_MARK = re.compile(r"[.!?\u2026]+[\u201d\u2019]?")
#: Quotes and brackets that may open a word (stripped before the abbreviation lookup).
_OPENERS = "\"'([\u201c\u2018"
_SPACE = re.compile(r"\s+")


def _glued_after(text: str, at: int, end: int) -> bool:
    """Whether a capitalised word (after an opening quote, if any) starts at ``at``."""
    if at < end and text[at] in "\u201c\u2018":
        at += 1
    if at + 1 >= end or not text[at].isupper():
        return False
    if text[at] in "AI" and text[at + 1] == " ":
        return True  # the words "A" and "I"
    return text[at + 1].isalpha()  # a word, not an initial ("J.") or a lone capital


def glued_cuts(text: str, start: int, end: int, rules: IngestRules) -> list[int]:
    """Return where ``text[start:end]`` holds sentences glued without a space.

    A cut is after an end mark that follows a small letter, a digit or a closing bracket
    and comes right before a capitalised word. An abbreviation ("Mr.", "e.g."), initials
    ("U.S.", where a capital precedes the mark), a word running on across the mark with a
    slash, an at sign or "www" (a web address), and a word in capitals after the mark (a
    ticker's exchange code) are no sentence end.
    """
    cuts: list[int] = []
    for match in _END_MARK.finditer(text, start, end):
        if match.start() == start or match.end() >= end:
            continue
        left = text[match.start() - 1]
        if not (left.isalnum() and not left.isupper()) and left not in ")]%":
            continue
        if not _glued_after(text, match.end(), end):
            continue
        before = _SPACE.split(text[cuts[-1] if cuts else start : match.start() + 1])[-1]
        after = _SPACE.split(text[match.end() : end], maxsplit=1)[0]
        word = before + after
        if "/" in word or "@" in word or "www" in word.lower():
            continue
        letters = [c for c in after if c.isalpha()]
        if len(letters) > 1 and all(c.isupper() for c in letters):
            continue  # a code running on across the mark: a ticker ("(ABC3.SA)")
        if ends_with_abbreviation(before.lstrip(_OPENERS), rules):
            continue
        cuts.append(match.end())
    return cuts


def split_glued(text: str, block: Block, rules: IngestRules) -> list[Block]:
    """Cut a body block where sentences are glued without a space (``glued_cuts``).

    Only body text is cut: a display line keeps its kind whole (a bullet, a dek).
    """
    bounds = [block.start, *glued_cuts(text, block.start, block.end, rules), block.end]
    if len(bounds) == 2:
        return [block]
    reason = f"{block.reason}, cut where sentences are glued without a space"
    return [Block(block.kind, a, b, block.paragraph, reason) for a, b in itertools.pairwise(bounds)]


_SENTENCE_END = re.compile(r"[.!?\u2026]+[\"\u201d\u2019')\]]*\s+")


def _chunks(text: str, start: int, end: int, size: int) -> Iterator[tuple[int, int]]:
    """Yield spans of at most ``size`` characters covering ``text[start:end]``.

    Each cut is at the last space of the window's second half, else at the window's end
    (never between a character and its combining mark).
    """
    while end - start > size:
        limit = start + size
        half = start + size // 2
        space = max(text.rfind(" ", half, limit), text.rfind("\n", half, limit))
        cut = space + 1 if space > half else limit
        while cut > half and unicodedata.combining(text[cut]):
            cut -= 1
        yield start, cut
        start = cut
    yield start, end


def _pieces(text: str, start: int, end: int, limits: Limits) -> list[tuple[int, int, bool]]:
    """Return the spans a body block is cut into, and whether each cuts a long sentence.

    Sentences (ending in . ! ? or …, closing quotes included) are packed into pieces of
    at most ``max_block_chars``; a sentence longer than ``max_sentence_chars`` (text
    without punctuation) is cut at spaces into pieces of its own.
    """
    bounds = [start, *(m.end() for m in _SENTENCE_END.finditer(text, start, end)), end]
    pieces: list[tuple[int, int, bool]] = []
    open_start: int | None = None
    for s0, s1 in itertools.pairwise(bounds):
        if s1 <= s0:
            continue
        if s1 - s0 > limits.max_sentence_chars:
            if open_start is not None:
                pieces.append((open_start, s0, False))
                open_start = None
            pieces.extend((a, b, True) for a, b in _chunks(text, s0, s1, limits.max_sentence_chars))
        elif open_start is not None and s1 - open_start > limits.max_block_chars:
            pieces.append((open_start, s0, False))
            open_start = s0
        elif open_start is None:
            open_start = s0
    if open_start is not None:
        pieces.append((open_start, end, False))
    return pieces


def split_block(text: str, block: Block, limits: Limits) -> list[Block]:
    """Split a body block that is too long for the language pipeline into pieces.

    A block longer than ``max_block_chars`` is cut at sentence ends; a sentence longer
    than ``max_sentence_chars`` (a run of text without punctuation) is cut at spaces
    into pieces of its own. So nothing the pipeline sees is longer than
    ``max_block_chars``, and no sentence it finds is longer than ``max_sentence_chars``.

    Args:
        text: the article text.
        block: the block to split.
        limits: the ``[limits]`` of ``ingest.toml``.

    Returns:
        The block itself when short enough, else its trimmed pieces (same kind and
        paragraph), in order.
    """
    length = block.end - block.start
    if length <= limits.max_sentence_chars:
        return [block]
    pieces = _pieces(text, block.start, block.end, limits)
    if len(pieces) == 1:
        return [block]
    blocks: list[Block] = []
    for s0, s1, long_sentence in pieces:
        piece = text[s0:s1]
        trimmed = piece.strip()
        if not trimmed:
            continue
        why = (
            f"a sentence longer than {limits.max_sentence_chars} characters"
            if long_sentence
            else f"longer than {limits.max_block_chars} characters"
        )
        lead = s0 + len(piece) - len(piece.lstrip())
        reason = f"{block.reason}; split: {why}"
        blocks.append(Block(block.kind, lead, lead + len(trimmed), block.paragraph, reason))
    return blocks
