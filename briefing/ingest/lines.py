"""What a line of an article is on its own: small named predicates over the rules."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from briefing.ingest.rules import _INVISIBLE, CREDIT_MAX_CHARS, IngestRules, Kind, _bare
from briefing.model import BlockKind

# --------------------------------------------------------------- text predicates


def _trim(text: str) -> str:
    """Strip whitespace and invisible characters from both ends."""
    while True:
        trimmed = text.strip().strip(_INVISIBLE)
        if trimmed == text:
            return text
        text = trimmed


def plain(text: str, rules: IngestRules) -> str:
    """Return a line without markdown emphasis or list marker, for the predicates."""
    text = rules.pattern("emphasis").sub("", _trim(text))
    marker = list_marker(text, rules)
    return _trim(text[len(marker) :]) if marker else text


def list_marker(text: str, rules: IngestRules) -> str:
    """Return the list item marker (with its space) a line opens with, or ""."""
    for marker in rules.list_markers:
        if text.startswith(marker) and text[len(marker) : len(marker) + 1] in (" ", "\t"):
            return marker + text[len(marker)]
    return ""


def is_list_item(text: str, rules: IngestRules) -> bool:
    """Whether a line is a list item ("* Point", "- Point")."""
    return bool(list_marker(_trim(text), rules))


def word_count(text: str) -> int:
    """Return the number of whitespace-separated words."""
    return len(text.split())


def has_terminal_punctuation(text: str, rules: IngestRules) -> bool:
    """Whether a line ends a sentence: in . ! ? … : ; or a closing quote.

    A trailing ")" or "]" is looked through ("(as reported.)"), and so is markdown emphasis.
    """
    text = _trim(rules.pattern("emphasis").sub("", text)).rstrip("*_ ")
    if text[-1:] in (")", "]"):
        text = text[:-1].rstrip()
    quotes = "\"”’'»"
    if text[-1:] and text[-1] in quotes:
        # a closing quote ends a sentence only after its own full stop: 'war.' or "war."
        # (a Daily Mail caption ends "... must be stopped from starting a 'war'")
        inner = text.rstrip(quotes).rstrip()
        return inner[-1:] in rules.terminal and inner[-1:] not in quotes
    return text[-1:] in rules.terminal


def count_sentences(text: str, rules: IngestRules) -> int:
    """Estimate the number of sentences (abbreviations and initials do not end one)."""
    ends = 0
    for match in rules.pattern("sentence_end").finditer(text):
        word_start = max(text.rfind(" ", 0, match.start()), text.rfind("\n", 0, match.start()))
        last = text[word_start + 1 : match.start() + 1].lstrip("\"\u201c\u2018'([")
        if last in rules.abbreviations or re.fullmatch(r"[A-Z]\.", last):
            continue
        ends += 1
    return ends + 1 if _trim(text) else 0


def ends_with_abbreviation(text: str, rules: IngestRules) -> bool:
    """Whether a line ends in an abbreviation ("... the U.S."), so may not end a sentence."""
    words = _trim(text).split()
    return bool(words) and (
        words[-1] in rules.abbreviations or bool(re.fullmatch(r"[A-Z]\.", words[-1]))
    )


def parse_date(text: str, rules: IngestRules) -> str | None:
    """Return the ISO date of the first full date (with a year) in ``text``, else None.

    Reads "2020-09-01", "2020/09/01", "September 1, 2020", "1 Sept. 2020". A date
    without a year gives None: years are never guessed.
    """
    for match in rules.pattern("date").finditer(text):
        iso = _iso_date(match, rules)
        if iso:
            return iso
    return None


def _iso_date(match: re.Match[str], rules: IngestRules) -> str | None:
    """Return the ISO form of a date match, if it has a year and is a real date."""
    if match.group("iso"):
        y, m, d = (int(x) for x in re.split(r"[-/]", match.group("iso")))
    else:
        found = match.group("md") or match.group("dm")
        years = re.findall(r"(?:19|20)\d{2}", found)
        if not years:
            return None
        parts = rules.pattern("day_month_year").match(found)
        if parts is None:  # pragma: no cover - the date pattern guarantees the shape
            return None
        a, b = parts.group("a"), parts.group("b")
        month_name, day_text = (a, b) if not a.isdigit() else (b, a)
        m = rules.months[month_name.lower()]
        d = int(day_text)
        y = int(years[-1])
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


# Each predicate below takes one line of text (markdown emphasis and list markers
# removed by ``plain``) and answers one question about it.


def source_of(line: str, rules: IngestRules) -> str | None:
    """Return X for a "Source: X" line, else None."""
    match = rules.pattern("source_line").match(line)
    if match and word_count(line) <= rules.metadata_max_words:
        return match.group(1).strip().rstrip(".").strip()
    return None


def url_of(line: str, rules: IngestRules) -> str | None:
    """Return the address of a "URL: https://..." line, else None."""
    match = rules.pattern("url_line").match(line)
    return match.group(1).strip("<>") if match else None


def is_date_line(line: str, rules: IngestRules) -> bool:
    """Whether a line holds only a date ("Published: 5 Feb 2026, 10:30 GMT").

    A "Date: ..." / "Published: ..." label line counts whatever its value.
    """
    if word_count(line) > rules.metadata_max_words:
        return False
    if rules.pattern("date_line").match(line):
        return True
    match = rules.pattern("date").search(line)
    if match is None:
        return False
    rest = line[: match.start()] + " " + line[match.end() :]
    return not rules.pattern("date_noise").sub("", rest)


def is_byline(line: str, rules: IngestRules) -> bool:
    """Whether a line is a byline or credit line ("Reporting by ...", "By Jane Doe")."""
    if rules.pattern("byline_start").match(line) or rules.pattern("byline_contains").search(line):
        return True
    if rules.pattern("author_line").match(line) and word_count(line) <= rules.metadata_max_words:
        return True
    return (
        bool(rules.pattern("byline_name").match(line))
        and word_count(line) <= rules.byline_max_words
        and not has_terminal_punctuation(line, rules)
    )


def boilerplate_reason(line: str, rules: IngestRules) -> str | None:
    """Return why a line is page furniture (copyright, standards, share links), else None."""
    if rules.pattern("copyright").match(line):
        return "boilerplate: copyright line"
    if rules.pattern("boilerplate_start").match(line):
        return "boilerplate: standards, terms or editor's note"
    if rules.pattern("boilerplate_contains").search(line):
        return "boilerplate: web page furniture"
    if _bare(line) in rules.lines:
        return "boilerplate: share, advert or navigation label"
    if rules.pattern("rule").match(line):
        return "boilerplate: horizontal rule"
    if rules.pattern("bare_url").match(line):
        return "boilerplate: bare link"
    return None


def promo_reason(line: str, rules: IngestRules) -> str | None:
    """Return why a line advertises (a call to action, a newsletter pitch), else None."""
    if word_count(line) > rules.promo_max_words:
        return None
    if rules.pattern("call_to_action").search(line):
        return "promo: call to action"
    if rules.pattern("promo_noun").search(line) and rules.pattern("address").search(line):
        return "promo: newsletter or podcast pitched to the reader"
    return None


def _strip_furniture(line: str, rules: IngestRules) -> str:
    """Remove trailing page furniture ("Purchase Licensing Rights, opens new tab")."""
    previous = None
    while previous != line:
        previous = line
        line = rules.pattern("boilerplate_tail").sub("", line)
    return line


def _is_credit_text(text: str, rules: IngestRules) -> bool:
    """Whether text (a bracket's content or a whole line) is a photo credit."""
    text = _trim(text)
    if rules.pattern("file_label").match(text):
        return True
    if rules.pattern("credit_via").search(text):
        return True
    slash = "/" in text and word_count(text) <= 12
    return slash or (bool(rules.pattern("agency").fullmatch(text)))


def _line_end(line: str) -> str:
    """Return the last words of a long line, where a photo credit would be.

    Credits are short; searching only the end keeps the credit patterns linear on
    pathological lines.
    """
    if len(line) <= CREDIT_MAX_CHARS:
        return line
    end = line[-CREDIT_MAX_CHARS:]
    return end.split(" ", 1)[1] if " " in end else end


def credit_tail(line: str, rules: IngestRules) -> str | None:
    """Return the photo credit a line ends with, else None.

    Forms: "[File: Jane Doe/Agency]", "(Photo: Agency)", "AGENCY/Jane Doe",
    "Jane Doe/Handout via AGENCY", "Agency via Getty Images", "Photo: Jane Doe".
    """
    line = _line_end(_strip_furniture(_trim(line), rules))
    bracket = rules.pattern("bracket_tail").search(line)
    if bracket and _is_credit_text(bracket.group(1), rules):
        return bracket.group(0)
    for name in ("credit_agency_name", "credit_name_agency", "credit_via", "credit_label_tail"):
        match = rules.pattern(name).search(line)
        if match:
            return match.group(0)
    return None


def is_credit(line: str, rules: IngestRules) -> bool:
    """Whether a whole line is a photo credit ("Photo: Agency", "Jane Doe/Agency", "Photo:")."""
    line = _strip_furniture(_trim(line), rules)
    if not line or has_terminal_punctuation(line.rstrip(":"), rules):
        return False
    if rules.pattern("credit_label_start").match(line):
        return word_count(line) <= 10
    if rules.pattern("agency").fullmatch(line.strip("()[]")):
        return True
    tail = credit_tail(line, rules)
    return tail is not None and word_count(line[: len(line) - len(tail)]) == 0


def caption_reason(line: str, rules: IngestRules) -> str | None:
    """Return why a line is a photo caption, or None if nothing marks it as one."""
    if rules.pattern("caption_counter").match(line):
        return "caption: opens with a gallery counter"
    if rules.pattern("caption_start").match(line):
        return "caption: opens with a caption label"
    if rules.pattern("markdown_image").match(line):
        return "caption: markdown image"
    tail = credit_tail(line, rules)
    if tail is not None:
        kind = "bracketed " if tail[:1] in "[(" else ""
        return f"caption: ends with {kind}photo credit"
    return None


def has_caption_marker(line: str, rules: IngestRules) -> bool:
    """Whether a line carries a caption marker such as "(pictured" or "(left)"."""
    return bool(rules.pattern("caption_marker").search(line))


def intrinsic_kind(line: str, rules: IngestRules) -> Kind | None:
    """Classify a line on its own, wherever it stands; None when its place decides.

    Args:
        line: the block's text.
        rules: the compiled lexicons.

    Returns:
        The kind and reason, or None.
    """
    raw = _trim(line)
    if rules.pattern("markdown_heading").match(raw):
        return BlockKind.HEADING, "markdown heading"
    text = plain(raw, rules)
    if not text:
        return BlockKind.BOILERPLATE, "list marker without text"
    checks: tuple[tuple[Callable[[str, IngestRules], object], Kind], ...] = (
        (source_of, (BlockKind.SOURCE, "source line")),
        (url_of, (BlockKind.SOURCE, "address line")),
        (is_date_line, (BlockKind.DATELINE, "date line")),
        (is_byline, (BlockKind.BYLINE, "byline or credit line")),
        (is_credit, (BlockKind.CREDIT, "photo credit on its own line")),
    )
    for predicate, kind in checks:
        if predicate(text, rules):
            return kind
    reasons: tuple[tuple[Callable[[str, IngestRules], str | None], BlockKind], ...] = (
        (caption_reason, BlockKind.CAPTION),
        (boilerplate_reason, BlockKind.BOILERPLATE),
        (promo_reason, BlockKind.PROMO),
    )
    for explain, block_kind in reasons:
        reason = explain(text, rules)
        if reason:
            return block_kind, reason
    return None
