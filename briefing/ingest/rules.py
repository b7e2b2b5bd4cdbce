"""The rules of ingest, compiled from its data: lexicons, patterns, limits.

Thresholds and limits are ``data/ingest.toml``; the English lexicons they apply to are
``data/en/ingest.toml``. The two are read together, as one set of tables.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from briefing.errors import (
    RegistryError,
)
from briefing.ingest.language import (
    LanguageRules,
)
from briefing.ingest.readers import (
    Limits,
)
from briefing.lexicons import DATA_DIR, EN_DIR, abbreviations, calendar
from briefing.model import BlockKind

RULES_PATH = DATA_DIR / "ingest.toml"
"""The thresholds and limits that drive structure recovery."""

LEXICONS_PATH = EN_DIR / "ingest.toml"
"""The English lexicons that drive structure recovery (read with ``RULES_PATH``)."""

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
    months = _alternation(list(calendar().month_numbers), flags="i")
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
        rf"(?:(?P<place1>{place}){region}(?:,?\s+(?P<date1>{date_md}|{date_dm}))?"
        rf"\s*\((?P<agency>{agency_words})\)"
        rf"|(?P<place2>{place}){region},?\s+(?P<date2>{date_md}|{date_dm})"
        rf"|(?P<caps>{place_caps}){region}"
        rf"|\((?P<agency2>{agency_words})\)){any_sep}"
    )
    # A wire dateline glued after a slug or byline ("... By Jane Roe SEOUL, Jan. 4 (Yonhap)").
    glued = (
        r"\b(?P<place>[A-Z]{3,}(?: [A-Z]{3,})*),? (?:[A-Z][a-z]{2,4}\.? \d{1,2} )?\("
        rf"(?:(?P<agency>{agency_words})\))?"
    )
    # Places in capitals that lost their separator ("ANKARA/DUBAI Iran on Wednesday ...").
    places_only = r"(?P<place>[A-Z][A-Z.'\u2019-]+(?:/[A-Z][A-Z.'\u2019-]+)+)\s+(?=[A-Z])"
    meta = data["metadata"]
    cta = _capitalised(data["promo"]["calls_to_action"])
    sentence_start = r"(?:^|(?<=[.!?\u2026:]\s)|(?<=[.!?\u2026][\"\u201d\u2019']\s)|(?<=[a-z]))"
    return {
        "dateline": re.compile(dateline),
        "dateline_glued": re.compile(glued),
        "dateline_places": re.compile(places_only),
        "not_place": re.compile(rf"^{_alternation(data['dateline']['not_places'], flags='i')}$"),
        "date": re.compile(
            rf"\b(?:(?P<iso>{year}[-/]\d{{1,2}}[-/]\d{{1,2}})|(?P<md>{date_md})|(?P<dm>{date_dm}))"
        ),
        "day_month_year": re.compile(rf"(?P<a>\d{{1,2}}|{months})\.?\s+(?P<b>\d{{1,2}}|{months})"),
        "source_line": re.compile(
            rf"^{_alternation(meta['source_labels'], flags='i')}\s*:\s*"
            rf"([^{re.escape(''.join(meta['field_separators']))}]+)"
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
                    *(d.lower() for d in calendar().weekdays),
                    *calendar().weekday_abbreviations,
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
        abbreviations=frozenset(abbreviations().all),
        months=calendar().month_numbers,
        patterns=_compile(data),
        lines=frozenset(_bare(s) for s in data["boilerplate"]["lines"]),
        limits=Limits.from_table(data.get("limits", {})),
        language=LanguageRules.from_table(data["language"]) if "language" in data else None,
    )


def _merged(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """Return two parsed TOML files as one: tables merged key by key, ``extra`` winning."""
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merged(out[key], value)
        else:
            out[key] = value
    return out


def _read_toml(path: Path) -> dict[str, Any]:
    """Parse one rules file; RegistryError naming it when it is unreadable or not TOML."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read the ingest lexicons ({exc}).") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path}: not valid TOML ({exc}); fix the syntax.") from exc


def load_rules(path: Path = RULES_PATH, lexicons: Path = LEXICONS_PATH) -> IngestRules:
    """Load and compile the structure lexicons.

    Args:
        path: the thresholds and limits (default: the shipped ``briefing/data/ingest.toml``).
        lexicons: the word lists (default: the shipped ``briefing/data/en/ingest.toml``);
            where both files set a key, ``path`` wins.

    Returns:
        The compiled rules.

    Raises:
        RegistryError: a file is missing or malformed.
    """
    data = _merged(_read_toml(lexicons), _read_toml(path))
    try:
        return _validated(data)
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise RegistryError(
            f"{path}, {lexicons}: malformed ingest lexicons ({type(exc).__name__}: {exc}); "
            "compare them with the shipped briefing/data/ingest.toml and "
            "briefing/data/en/ingest.toml."
        ) from exc


@cache
def default_rules() -> IngestRules:
    """Return the shipped rules, loaded once."""
    return load_rules()


def _bare(text: str) -> str:
    """Return lower-case text with punctuation and spacing removed (for whole-line lists)."""
    return " ".join(re.sub(r"[^\w&'\u2019]+", " ", text.lower()).split())
