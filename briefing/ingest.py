"""Read article files and recover their structure: which lines are body text.

Real inputs are scraped pages with noise: captions, photo credits, key-point
bullets, newsletter promos, language menus, bylines and copyright lines. Only the
BODY blocks this module finds are ever classified; everything else is display text.

Blocks are lines (or, in hard-wrapped text, runs of lines joined by soft line
breaks) inside blank-line separated paragraphs. Each block gets a ``BlockKind`` and
a ``reason`` from small named predicates driven by the lexicons in
``briefing/data/ingest.toml``, in three steps:

1. what a line is on its own (a ``Source:`` line, a byline, a caption with a photo
   credit, a promo, boilerplate, a credit, a date line, a menu);
2. where the body starts: at a dateline ("KYIV, Feb 5 (Reuters) - ") near the top,
   everything before it being display text; else after a dek, standfirst and
   key-point bullets under the title;
3. what is left: a line without terminal punctuation is a heading (short) or a
   caption (long), unless it is too long for a caption; anything else is body.

Formats: ``.txt`` and ``.md`` are decoded here (UTF-8, UTF-16/32 with a byte order
mark or UTF-16 without one, cp1252, Latin-1, or ``--encoding``); ``.html``/``.htm``,
``.docx``, ``.pdf`` and ``.jsonl`` feeds go through ``briefing.readers``, which lays
their text out as a ``.txt`` article and says which lines their markup makes headings.

Offsets index into ``Article.text``. For ``.txt`` and ``.md`` that is the file decoded
as ``Path.read_text`` reads it (universal newlines), with each control character
replaced one for one (see ``readers.replace_controls``), so offsets still index the
decoded file. For the other formats it is the extracted text.

Every file is checked before it is used: its size against the ``[limits]`` of
``ingest.toml``, its text against every article read before it (a second copy of the
same text is skipped), and its language (``briefing.language``). A file that fails is
reported as ``Skipped`` with the reason and the fix, and the others still load.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import itertools
import logging
import os
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from briefing.errors import (
    IngestError,
    RegistryError,
    describe_exception,
    internal_reason,
    traceback_of,
)
from briefing.language import (
    NO_LANGUAGE,
    LanguageRules,
    detect_language,
    is_accepted,
    language_name,
)
from briefing.model import Article, Block, BlockKind
from briefing.readers import (
    Extracted,
    Limits,
    megabytes,
    read_docx,
    read_feed,
    read_html,
    read_pdf,
    replace_controls,
)

logger = logging.getLogger(__name__)

RULES_PATH = Path(__file__).with_name("data") / "ingest.toml"
"""The lexicons and limits that drive structure recovery."""

TEXT_SUFFIXES = (".txt", ".md")
"""Plain text and markdown articles, decoded here."""

HTML_SUFFIXES = (".html", ".htm")
"""Saved web pages, read with trafilatura."""

FEED_SUFFIXES = (".jsonl",)
"""JSON Lines feeds: one article per line."""

ARTICLE_SUFFIXES = (*TEXT_SUFFIXES, *HTML_SUFFIXES, ".docx", ".pdf", *FEED_SUFFIXES)
"""File types read as articles."""

#: Formats people have that briefing does not read, with the fix to suggest.
_CONVERT_HINTS = {
    ".doc": "save it as .docx",
    ".rtf": "save it as .docx or .txt",
    ".odt": "save it as .docx",
    ".pages": "export it as .docx",
    ".mht": "save the page as .html",
    ".mhtml": "save the page as .html",
    ".xhtml": "rename it .html",
    ".json": "put one article per line in a .jsonl feed",
    ".text": "rename it .txt",
}

WORKSPACE_DIR = ".briefing"
"""A workspace folder that folder expansion never enters."""

CREDIT_MAX_CHARS = 160
"""Photo credits are looked for in the last this many characters of a line."""

FRONT_MATTER_MAX_LINES = 60
"""A markdown front matter block ("---" ... "---") closes within this many lines."""

# Characters trimmed from the ends of a block besides Unicode whitespace: a byte
# order mark and zero-width spaces are invisible and carry no text.
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"

Kind = tuple[BlockKind, str]
"""A block kind with the reason it was given."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path ``load_articles`` did not read, and why.

    Attributes:
        path: the file or folder (as given or found).
        reason: what was wrong, and the fix.
        detail: for a failure briefing did not expect (a bug), the traceback, which the
            CLI prints with ``-v``; "" otherwise.
    """

    path: str
    reason: str
    detail: str = field(default="", compare=False, repr=False)


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True, slots=True)
class IngestRules:
    """The lexicons and limits of ``ingest.toml``, compiled into patterns.

    Attributes:
        heading_max_words: an unpunctuated line this short is a heading.
        caption_max_words: an unpunctuated line longer than this is body text.
        lead_paragraphs: a dateline below this paragraph does not start the body.
        body_line_words: a punctuated line this long looks like body text.
        menu_item_max_words: the longest item of a menu.
        menu_min_items: the fewest items of a menu.
        wrap_width: the longest line of a hard-wrapped article.
        wrap_share: the share of lines within ``wrap_width`` of a hard-wrapped article.
        wrap_min_lines: the fewest lines of a hard-wrapped article.
        promo_max_words: the longest promo line.
        metadata_max_words: the longest ``Label: value`` metadata line.
        byline_max_words: the longest "By Jane Doe" line.
        terminal: characters that end a sentence.
        list_markers: list item markers.
        abbreviations: abbreviations whose full stop ends no sentence.
        months: month number by lower-case name or abbreviation.
        patterns: compiled patterns by name (see ``_compile``).
        lines: whole-line boilerplate (lower case, punctuation removed).
        limits: the size limits of the ``[limits]`` table.
        language: the language rules of the ``[language]`` table (None: accept any).
    """

    heading_max_words: int
    caption_max_words: int
    lead_paragraphs: int
    body_line_words: int
    menu_item_max_words: int
    menu_min_items: int
    wrap_width: int
    wrap_share: float
    wrap_min_lines: int
    promo_max_words: int
    metadata_max_words: int
    byline_max_words: int
    terminal: frozenset[str]
    list_markers: tuple[str, ...]
    abbreviations: frozenset[str]
    months: Mapping[str, int]
    patterns: Mapping[str, re.Pattern[str]]
    lines: frozenset[str]
    limits: Limits = field(default_factory=Limits)
    language: LanguageRules | None = None

    def pattern(self, name: str) -> re.Pattern[str]:
        """Return the compiled pattern called ``name``."""
        return self.patterns[name]


def _alternation(phrases: Sequence[str], *, flags: str = "") -> str:
    """Return a regex alternation of literal phrases, longest first."""
    body = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))
    return f"(?{flags}:{body})" if flags else f"(?:{body})"


def _capitalised(phrases: Sequence[str]) -> str:
    """Return an alternation matching phrases that open with a capital letter."""
    alts = [
        re.escape(p[0].upper()) + (f"(?i:{re.escape(p[1:])})" if p[1:] else "")
        for p in sorted(set(phrases), key=len, reverse=True)
    ]
    return "(?:" + "|".join(alts) + ")"


def _compile(data: Mapping[str, Any]) -> dict[str, re.Pattern[str]]:
    """Compile the patterns of the structure predicates from the lexicons."""
    months = _alternation(list(data["dates"]["months"]), flags="i")
    agency = _alternation(data["credit"]["agencies"], flags="i")
    labels = _alternation(data["credit"]["labels"], flags="i")
    name = r"[A-Z][\w.'\u2019&-]*"
    day = r"\d{1,2}(?:st|nd|rd|th)?"
    year = r"(?:19|20)\d{2}"
    date_md = rf"{months}\.?\s+{day}(?:,?\s+{year})?"
    date_dm = rf"{day}\s+{months}\.?(?:,?\s+{year})?"
    place_caps = r"[A-Z][A-Z'\u2019.&-]+(?:[ /][A-Z][A-Z'\u2019.&-]+)*"
    place_title = r"[A-Z][a-z'\u2019.-]+(?:[ /-][A-Z][a-z'\u2019.-]+)*"
    place = f"(?:{place_caps}|{place_title})"
    region = rf"(?:,\s+{name}(?:\s+{name}){{0,3}})?"
    agency_words = r"[A-Z][\w&.'\u2019-]*(?:\s+[A-Z][\w&.'\u2019-]*){0,3}"
    dash = r"(?:\s*--\s*|\s*[\u2013\u2014]\s*|\s+-(?:\s+|$))"
    any_sep = rf"(?:{dash}|\s*:(?:\s+|$))"
    # PLACE[, Region][, Date] (Agency) -  |  PLACE[, Region], Date -  |  CAPS -  |  (Agency) -
    dateline = (
        rf"(?:{place}{region}(?:,?\s+(?P<date1>{date_md}|{date_dm}))?"
        rf"\s*\((?P<agency>{agency_words})\)"
        rf"|{place}{region},?\s+(?P<date2>{date_md}|{date_dm})"
        rf"|(?P<caps>{place_caps}){region}"
        rf"|\((?P<agency2>{agency_words})\)){any_sep}"
    )
    meta = data["metadata"]
    cta = _capitalised(data["promo"]["calls_to_action"])
    sentence_start = r"(?:^|(?<=[.!?\u2026:]\s)|(?<=[.!?\u2026][\"\u201d\u2019']\s)|(?<=[a-z]))"
    return {
        "dateline": re.compile(dateline),
        "not_place": re.compile(rf"^{_alternation(data['dateline']['not_places'], flags='i')}$"),
        "date": re.compile(
            rf"\b(?:(?P<iso>{year}[-/]\d{{1,2}}[-/]\d{{1,2}})|(?P<md>{date_md})|(?P<dm>{date_dm}))"
        ),
        "day_month_year": re.compile(rf"(?P<a>\d{{1,2}}|{months})\.?\s+(?P<b>\d{{1,2}}|{months})"),
        "source_line": re.compile(
            rf"^{_alternation(meta['source_labels'], flags='i')}\s*:\s*(.+)$"
        ),
        "date_line": re.compile(rf"^{_alternation(meta['date_labels'], flags='i')}\s*:\s*(.+)$"),
        "url_line": re.compile(rf"^{_alternation(meta['url_labels'], flags='i')}\s*:\s*(\S+)$"),
        "author_line": re.compile(rf"^{_alternation(meta['author_labels'], flags='i')}\s*:\s*\S"),
        "date_noise": re.compile(
            r"(?i:\b(?:"
            + "|".join(
                re.escape(w)
                for w in (
                    *meta["date_labels"],
                    *data["dates"]["weekdays"],
                    *data["dates"]["time_words"],
                )
            )
            + r")(?!\w))|\d{1,2}[:.]\d{2}|[+-]\d{2}:?\d{2}|[\s,.|:()\-\u2013\u2014/]+"
        ),
        "byline_start": re.compile(rf"^\(?{_alternation(data['byline']['starts'], flags='i')}\b"),
        "byline_contains": re.compile(_alternation(data["byline"]["contains"], flags="i")),
        "byline_name": re.compile(
            rf"^{_alternation(data['byline']['name_prefixes'], flags='i')}:?\s+[A-Z]"
        ),
        "call_to_action": re.compile(rf"{sentence_start}{cta}(?![a-z])"),
        "promo_noun": re.compile(rf"\b{_alternation(data['promo']['nouns'], flags='i')}\b"),
        "address": re.compile(rf"\b{_alternation(data['promo']['address'], flags='i')}\b"),
        "boilerplate_start": re.compile(
            rf"^[\[(*_\s]*{_alternation(data['boilerplate']['starts'], flags='i')}(?![a-z])"
        ),
        "copyright": re.compile(
            rf"^[\[*_\s]*{_alternation(data['boilerplate']['copyright'], flags='i')}"
            r"\s*(?:©|\([cC]\)|\d{4}|[A-Z])"
        ),
        "boilerplate_contains": re.compile(
            _alternation(data["boilerplate"]["contains"], flags="i")
        ),
        "boilerplate_tail": re.compile(
            rf"[\s,;.|]*{_alternation(data['boilerplate']['contains'], flags='i')}[\s,;.|]*$"
        ),
        "caption_start": re.compile(rf"^{_alternation(data['caption']['starts'], flags='i')}"),
        "caption_counter": re.compile(
            rf"^(?:{_alternation(data['caption']['counter_words'], flags='i')}\s+\d+\s+of\s+\d+\b"
            r"|\[\s*\d+\s*/\s*\d+\s*\])"
        ),
        "caption_marker": re.compile(_alternation(data["caption"]["markers"], flags="i")),
        # "REUTERS/Jane Doe/File Photo", "AP Photo/Jane Doe"
        "credit_agency_name": re.compile(
            rf"(?<![\w/]){agency}(?:\s+Photo)?\s?/\s?{name}(?:\s+{name}){{0,4}}"
            rf"(?:\s?/\s?[\w .'\u2019-]{{1,30}})?$"
        ),
        # "Jane Doe/Reuters", "Press Service/Handout via REUTERS", "Jane Doe/Pool/AFP"
        "credit_name_agency": re.compile(
            rf"(?<![\w/]){name}(?:\s+[\w.'\u2019&-]+){{0,6}}\s?/\s?"
            rf"(?:[\w.'\u2019&-]+(?:\s+|\s?/\s?)){{0,3}}(?:via\s+)?{agency}$"
        ),
        # "AFP via Getty Images"
        "credit_via": re.compile(rf"(?<![\w/]){name}(?:\s+{name}){{0,3}}\s+via\s+{agency}$"),
        # "... Photo: Jane Doe"
        "credit_label_tail": re.compile(rf"(?<![\w]){labels}\s?:\s?[^.!?:]{{0,80}}$"),
        "credit_label_start": re.compile(rf"^{labels}\s?:"),
        "agency": re.compile(rf"(?<!\w){agency}(?!\w)"),
        "bracket_tail": re.compile(r"[\[(]([^\[\]()]{2,120})[\])]$"),
        "file_label": re.compile(rf"^(?:file|{labels})\b", re.IGNORECASE),
        "markdown_heading": re.compile(r"^#{1,6}\s+\S"),
        "front_matter_entry": re.compile(
            r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*[\"']?(?P<value>.*?)[\"']?\s*$"
        ),
        "markdown_image": re.compile(r"^!\[[^\]]*\]\([^)]*\)"),
        "rule": re.compile(r"^(?:-{3,}|\*{3,}|_{3,}|={3,})$"),
        "bare_url": re.compile(r"^<?https?://\S+>?$"),
        "emphasis": re.compile(r"\*\*|__"),
        "sentence_end": re.compile(
            r"[.!?\u2026]+[\"\u201d\u2019')\]]*\s+(?=[\"\u201c\u2018'(\[]?[A-Z0-9])"
        ),
    }


def _validated(data: Mapping[str, Any]) -> IngestRules:
    """Build the rules from parsed TOML; KeyError/TypeError flag a malformed file."""
    layout = data["layout"]
    punct = data["punctuation"]
    months = {str(k).lower(): int(v) for k, v in data["dates"]["months"].items()}
    return IngestRules(
        heading_max_words=int(layout["heading_max_words"]),
        caption_max_words=int(layout["caption_max_words"]),
        lead_paragraphs=int(layout["lead_paragraphs"]),
        body_line_words=int(layout["body_line_words"]),
        menu_item_max_words=int(layout["menu_item_max_words"]),
        menu_min_items=int(layout["menu_min_items"]),
        wrap_width=int(layout["wrap_width"]),
        wrap_share=float(layout["wrap_share"]),
        wrap_min_lines=int(layout["wrap_min_lines"]),
        promo_max_words=int(layout["promo_max_words"]),
        metadata_max_words=int(layout["metadata_max_words"]),
        byline_max_words=int(data["byline"]["name_max_words"]),
        terminal=frozenset(punct["terminal"]),
        list_markers=tuple(punct["list_markers"]),
        abbreviations=frozenset(punct["abbreviations"]),
        months=months,
        patterns=_compile(data),
        lines=frozenset(_bare(s) for s in data["boilerplate"]["lines"]),
        limits=Limits.from_table(data.get("limits", {})),
        language=LanguageRules.from_table(data["language"]) if "language" in data else None,
    )


def load_rules(path: Path = RULES_PATH) -> IngestRules:
    """Load and compile the structure lexicons.

    Args:
        path: the TOML file (default: the shipped ``briefing/data/ingest.toml``).

    Returns:
        The compiled rules.

    Raises:
        RegistryError: the file is missing or malformed.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return _validated(data)
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read the ingest lexicons ({exc}).") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path}: not valid TOML ({exc}); fix the syntax.") from exc
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise RegistryError(
            f"{path}: malformed ingest lexicons ({type(exc).__name__}: {exc}); "
            "compare it with the shipped briefing/data/ingest.toml."
        ) from exc


@cache
def default_rules() -> IngestRules:
    """Return the shipped rules, loaded once."""
    return load_rules()


# --------------------------------------------------------------- text predicates


def _bare(text: str) -> str:
    """Return lower-case text with punctuation and spacing removed (for whole-line lists)."""
    return " ".join(re.sub(r"[^\w&'\u2019]+", " ", text.lower()).split())


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


def dateline_match(line: str, rules: IngestRules) -> re.Match[str] | None:
    """Return the dateline a line opens with ("KYIV, Feb 5 (Reuters) - "), else None."""
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


# ------------------------------------------------------------------ segmentation


@dataclass(frozen=True, slots=True)
class _Line:
    """A non-blank line: its trimmed span and its paragraph."""

    start: int
    end: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class _Segment:
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


def _segments(text: str, rules: IngestRules) -> tuple[list[_Segment], int]:
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
            _Segment(
                start=group[0].start,
                end=group[-1].end,
                paragraph=para,
                first_in_paragraph=i == 0 or groups[i - 1][0].paragraph != para,
                last_in_paragraph=i == len(groups) - 1 or groups[i + 1][0].paragraph != para,
            )
        )
    return segments, front


# ------------------------------------------------------------------- structure


@dataclass(slots=True)
class _Draft:
    """The article being parsed: its segments and the kinds decided so far."""

    text: str
    segments: list[_Segment]
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
            draft.source = draft.source or (source_of(text, rules) or "")
            draft.url = draft.url or (url_of(text, rules) or "")
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
        The article, with one block per line (or soft-wrapped run of lines).
    """
    rules = rules or default_rules()
    segments, front = _segments(text, rules)
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
            blocks.extend(split_block(text, block, rules.limits))
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


def _extract(path: Path, data: bytes, *, encoding: str | None, rules: IngestRules) -> Extracted:
    """Run the reader of a single-article format (HTML, DOCX, PDF) on a file."""
    name = display_path(path)
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        if not data.strip():
            raise _empty_error(name)
        page: bytes | str = (
            data if encoding is None else _decode_with(data, name=name, encoding=encoding)
        )
        return read_html(page, name=name, limits=rules.limits)
    if suffix == ".docx":
        return read_docx(path, name=name, limits=rules.limits)
    return read_pdf(path, name=name, limits=rules.limits)


def read_article(
    path: Path, *, encoding: str | None = None, rules: IngestRules | None = None
) -> Article:
    """Read one article file and recover its structure.

    Args:
        path: a .txt, .md, .html, .htm, .docx or .pdf file.
        encoding: a codec to use instead of detecting one (text and web pages).
        rules: the compiled lexicons and limits (default: the shipped ones).

    Returns:
        The article; its id is the file stem.

    Raises:
        IngestError: the file cannot be read or decoded, is binary, has no text, is
            too large, or is a feed (read feeds with ``load_articles``).
    """
    rules = rules or default_rules()
    name = display_path(path)
    stem = display_path(path.stem)
    suffix = path.suffix.lower()
    if suffix in FEED_SUFFIXES:
        raise IngestError(f"{name}: is a feed of articles; read it with load_articles.")
    data = _read_bytes(path, rules=rules)
    if suffix in TEXT_SUFFIXES or suffix not in ARTICLE_SUFFIXES:
        text = decode_text(data, name=name, encoding=encoding)
        _check_length(text, name=name, rules=rules)
        return parse_article(text, article_id=stem, path=name, rules=rules)
    extracted = _extract(path, data, encoding=encoding, rules=rules)
    if not _trim(extracted.text):
        raise _empty_error(name)
    _check_length(extracted.text, name=name, rules=rules)
    return parse_article(extracted.text, article_id=stem, path=name, rules=rules, hints=extracted)


def _read_feed(
    path: Path, *, encoding: str | None, rules: IngestRules
) -> tuple[list[tuple[str, Article]], list[Skipped]]:
    """Read every record of a .jsonl feed; a bad line is skipped, the others load.

    Returns:
        Each article with where it is ("feed.jsonl:3"), and the lines skipped.
    """
    name = display_path(path)
    data = _read_bytes(path, rules=rules)
    articles: list[tuple[str, Article]] = []
    skipped: list[Skipped] = []
    for record in read_feed(data, name=name, encoding=encoding):
        where = f"{name}:{record.line}"
        if record.article is None:
            skipped.append(
                Skipped(where, f"{record.reason}; fix the line or remove it from the feed.")
            )
            continue
        try:
            _check_length(record.article.text, name=where, rules=rules)
            article = parse_article(
                record.article.text,
                article_id=f"{display_path(path.stem)}-{record.line}",
                path=name,
                rules=rules,
                hints=record.article,
            )
        except IngestError as exc:
            skipped.append(Skipped(where, str(exc).removeprefix(f"{where}: ")))
            continue
        # One line that trips an unexpected error is skipped; the feed's other lines load.
        except Exception as exc:
            logger.debug("%s: reading the line failed", where, exc_info=True)
            skipped.append(Skipped(where, internal_reason("reading", exc), traceback_of(exc)))
            continue
        articles.append((where, article))
    return articles, skipped


def _hidden(name: str) -> bool:
    """Whether a file or folder name is never searched: hidden, the workspace, a lock file.

    Word and LibreOffice leave "~$name.docx" and ".~lock.name#" lock files beside an
    open document; they are not articles.
    """
    return name.startswith((".", "~$")) or name == WORKSPACE_DIR


_SURROGATE = re.compile("[\ud800-\udfff]")


def display_path(path: Path | str) -> str:
    """Return a path as printable text: each byte of the name that is not UTF-8 is U+FFFD.

    POSIX file names are bytes; Python keeps the bytes that are not UTF-8 as lone
    surrogates, which no report, JSON file or terminal can print. Article ids, sources
    and messages use this form; the files themselves are still opened by their real name.
    """
    return _SURROGATE.sub("\ufffd", os.fspath(path))


def _link_reason(link: Path, roots: Sequence[Path]) -> str | None:
    """Return why a symbolic link found in a folder is reported, or None when it is not.

    A link out of the folders given (to ``/etc/passwd``, say) would put any file of the
    machine into the brief, its state and its cache; a broken link or a loop cannot be
    read. A link to a file inside the folders given is left silently: its target is read
    under its own name.
    """
    try:
        target = link.resolve(strict=True)
    except FileNotFoundError:
        return (
            f"is a symbolic link to a missing file ({display_path(os.readlink(link))}); "
            "remove the link or restore the file."
        )
    except (RuntimeError, OSError):  # a loop: RuntimeError before Python 3.13, ELOOP after
        return "is a symbolic link that points back to itself (a loop); remove the link."
    if any(target.is_relative_to(root) for root in roots):
        return None
    return (
        f"is a symbolic link to {display_path(target)}, outside the folders given; links "
        "are not followed out of them. Copy the file into the folder, or pass it by its "
        "own path."
    )


def _is_output_folder(path: Path) -> bool:
    """Whether a folder is a briefing output folder (it holds a ``.briefing`` workspace)."""
    try:
        return (path / WORKSPACE_DIR).is_dir()
    except OSError:
        return False


@dataclass(slots=True)
class _Walk:
    """What walking the given folders found: files to read, and paths skipped."""

    roots: list[Path]
    exclude: list[Path]
    skipped: list[Skipped] = field(default_factory=list)

    def excluded(self, path: Path) -> bool:
        """Whether a path is under a folder (or is a file) that is never read as a source."""
        try:
            resolved = path.resolve()
        except (RuntimeError, OSError):
            return False
        return any(resolved == e or resolved.is_relative_to(e) for e in self.exclude)

    def unreadable(self, error: OSError) -> None:
        """Report a folder ``os.walk`` could not list."""
        where = display_path(error.filename or "")
        why = error.strerror or describe_exception(error)
        self.skipped.append(
            Skipped(
                where,
                f"cannot open this folder ({why}); its articles are not read. Make it "
                "readable (chmod u+rx), or leave it out.",
            )
        )

    def files(self, folder: Path) -> Iterator[Path]:
        """Yield the visible files under a folder, recursively, not following folder links.

        Hidden files and folders, office lock files, the workspace, other briefing output
        folders and the excluded paths are left out. Links are not followed: one to a file
        or folder inside the folders given is read under its own name there, one out of
        them (or broken, or a loop) is reported.
        """
        for root, dirs, names in os.walk(folder, onerror=self.unreadable):
            here = Path(root)
            kept = []
            for d in sorted(dirs):
                sub = here / d
                if _hidden(d) or self.excluded(sub):
                    continue
                if sub.is_symlink():
                    reason = _link_reason(sub, self.roots)
                    if reason is not None:
                        self.skipped.append(Skipped(display_path(sub), reason))
                    continue  # a link to a folder inside the given ones: read it there
                if _is_output_folder(sub):
                    logger.info("%s: a briefing output folder; not read", display_path(sub))
                    continue
                kept.append(d)
            dirs[:] = kept
            for name in names:
                path = here / name
                if _hidden(name) or self.excluded(path):
                    continue
                if path.is_symlink():
                    reason = _link_reason(path, self.roots)
                    if reason is not None:
                        self.skipped.append(Skipped(display_path(path), reason))
                    continue  # a link to a file inside the given folders: read it there
                yield path


def _given_link_reason(given: Path) -> str:
    """Return why a path given by the user cannot be read although it is a link."""
    try:
        given.resolve(strict=True)
    except FileNotFoundError:
        return "is a symbolic link to a missing file; remove the link or restore the file."
    except (RuntimeError, OSError):
        return "is a symbolic link that points back to itself (a loop); remove the link."
    return "no such file or folder; check the path."


def _expand(
    paths: Sequence[Path], exclude: Sequence[Path] = ()
) -> tuple[list[Path], list[Skipped]]:
    """Expand folders into their files (sorted, deduplicated); report what cannot be read."""
    files: dict[Path, Path] = {}
    roots = []
    for given in map(Path, paths):
        with contextlib.suppress(RuntimeError, OSError):
            if given.is_dir():
                roots.append(given.resolve())
    walk = _Walk(roots=roots, exclude=[Path(e).resolve() for e in exclude])
    for given in map(Path, paths):
        if given.is_dir():
            found = list(walk.files(given))
            if not any(f.suffix.lower() in ARTICLE_SUFFIXES for f in found):
                logger.warning(
                    "%s: no article files in this folder (%s)",
                    display_path(given),
                    ", ".join(ARTICLE_SUFFIXES),
                )
        elif given.exists():
            if walk.excluded(given):
                logger.info("%s: a report or workspace file; not read", display_path(given))
                continue
            found = [given]
        elif given.is_symlink():
            walk.skipped.append(Skipped(display_path(given), _given_link_reason(given)))
            continue
        else:
            walk.skipped.append(
                Skipped(display_path(given), "no such file or folder; check the path.")
            )
            continue
        for f in found:
            try:
                key = f.resolve()
            except (RuntimeError, OSError):
                key = f
            files.setdefault(key, f)
    return sorted(files.values(), key=str), walk.skipped


def _unsupported(path: Path) -> str:
    """Return why a file of an unsupported type is skipped, and the fix."""
    suffix = path.suffix.lower()
    kind = f"file type {path.suffix!r}" if path.suffix else "file without an extension"
    hint = _CONVERT_HINTS.get(suffix)
    fix = f"; {hint}" if hint else ""
    return f"unsupported {kind}; briefing reads {', '.join(ARTICLE_SUFFIXES)} articles{fix}."


def content_key(text: str) -> str:
    """Return a hash of an article's text that ignores spacing and line ends."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8", "surrogatepass")).hexdigest()


def _language_reason(article: Article, rules: IngestRules) -> str | None:
    """Return why an article is skipped for its language, or None to read it."""
    if rules.language is None:
        return None
    body = "\n".join(article.block_text(b) for b in article.body_blocks) or article.text
    detection = detect_language(body, rules.language)
    if is_accepted(detection, rules.language):
        return None
    if detection.code == NO_LANGUAGE:
        return (
            "holds no text in any language (the language identifier finds no linguistic "
            f"content, confidence {detection.confidence:.2f}: random letters, code or "
            "encoded data?); check that the file is the article, or remove it."
        )
    accepted = " or ".join(sorted(language_name(c) for c in rules.language.accept))
    return (
        f"written in {detection.name} (language code {detection.code!r}, confidence "
        f"{detection.confidence:.2f}); briefing reads articles in {accepted} only. "
        "Translate it, or remove it from the input."
    )


def load_articles(
    paths: Sequence[Path],
    *,
    encoding: str | None = None,
    rules: IngestRules | None = None,
    exclude: Sequence[Path] = (),
) -> tuple[list[Article], list[Skipped]]:
    """Read every article under the given files and folders; skip the bad ones.

    Folders are searched recursively in sorted order, skipping hidden files and
    folders, the ``.briefing`` workspace, other briefing output folders (they hold a
    ``.briefing`` folder), ``exclude`` and office lock files ("~$a.docx"). A symbolic
    link is followed only to a file inside the folders given; other links, folders
    that cannot be listed and files of other types are skipped with a reason. A file
    that cannot be read, is too large, repeats the text of an article read before it,
    or is not in English is skipped with the reason and the fix; the others still load.
    So is a file on which reading fails unexpectedly (a bug: the traceback is logged at
    debug level). Each line of a ``.jsonl`` feed is an article with the id
    ``<stem>-<line>``.

    Args:
        paths: files and folders.
        encoding: a codec to use instead of detecting one.
        rules: the compiled lexicons, limits and language rules (default: the shipped
            ones; ``rules.language = None`` accepts every language).
        exclude: folders and files never read (the output folder of the build).

    Returns:
        The articles in sorted path order, and the paths skipped with their reasons.
    """
    rules = rules or default_rules()
    files, skipped = _expand(paths, exclude)
    articles: list[Article] = []
    ids: dict[str, str] = {}
    texts: dict[str, str] = {}

    def admit(where: str, article: Article) -> None:
        key = content_key(article.text)
        if key in texts:
            skipped.append(
                Skipped(
                    where,
                    f"same text as {texts[key]}; the copy is skipped (remove one of the two).",
                )
            )
            return
        if article.id in ids:
            skipped.append(
                Skipped(
                    where,
                    f"another article has the id {article.id!r} ({ids[article.id]}); "
                    "rename one of the files.",
                )
            )
            return
        reason = _language_reason(article, rules)
        if reason is not None:
            skipped.append(Skipped(where, reason))
            return
        texts[key] = where
        ids[article.id] = where
        articles.append(article)

    for path in files:
        suffix = path.suffix.lower()
        name = display_path(path)
        if suffix not in ARTICLE_SUFFIXES:
            skipped.append(Skipped(name, _unsupported(path)))
            continue
        try:
            if suffix in FEED_SUFFIXES:
                found, bad = _read_feed(path, encoding=encoding, rules=rules)
                skipped.extend(bad)
            else:
                found = [(name, read_article(path, encoding=encoding, rules=rules))]
        except IngestError as exc:
            # The message opens with the path, which Skipped already carries.
            skipped.append(Skipped(name, str(exc).removeprefix(f"{name}: ")))
            continue
        # The article boundary: a defect that one file trips must not stop the batch.
        except Exception as exc:
            logger.debug("%s: reading failed", name, exc_info=True)
            skipped.append(Skipped(name, internal_reason("reading", exc), traceback_of(exc)))
            continue
        for where, article in found:
            try:
                admit(where, article)
            except Exception as exc:
                logger.debug("%s: checking the article failed", where, exc_info=True)
                skipped.append(Skipped(where, internal_reason("reading", exc), traceback_of(exc)))
    for s in skipped:
        logger.warning("skipped %s: %s", s.path, s.reason)
    return articles, skipped
