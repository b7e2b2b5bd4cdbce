"""Bullets that stand alone: the text operations of assemble, pure and data-driven.

An article sentence is printed verbatim, with every change visible: a name the reader
needs is inserted in [brackets] ("He [Jane Doe] said …"), an omission is an ellipsis
("…"), a dateline or agency prefix ("CITY, Jan 1 (Agency) - ") is left out of the printed
text (the citation's offsets still cover the whole sentence). Clauses are found with the
boundary phrases of ``briefing/data/en/wording.toml``; relative days are resolved against
an article's own date with ``dateparser``.

Nothing here imports spaCy: the functions take plain text, names and dates.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dateparser

from briefing.lexicons import EN_DIR, calendar

WORDING_PATH = EN_DIR / "wording.toml"
ELLIPSIS = "\u2026"
#: English month names, for dates printed "5 December 2019" (``data/en/calendar.toml``).
MONTHS = calendar().months
_WORD = re.compile(r"[\w'\u2019.-]+")
_OPEN_QUOTES = "\u201c"
_CLOSE_QUOTES = "\u201d"


@dataclass(frozen=True, slots=True)
class Wording:
    """The word lists of ``wording.toml``, compiled (see that file for each entry)."""

    personal: frozenset[str]
    possessive: frozenset[str]
    person: frozenset[str]
    anaphoric: frozenset[str]
    articles: frozenset[str]
    attribution: str
    connectives: tuple[str, ...]
    coordinating: tuple[str, ...]
    trailing: tuple[str, ...]
    max_share: float
    min_words: int
    tags: dict[str, str]
    key_order: tuple[str, ...]
    weekdays: tuple[str, ...]
    days: tuple[str, ...]
    past: frozenset[str]
    future: frozenset[str]
    future_cues: tuple[str, ...]


def _words(values: Sequence[Any]) -> frozenset[str]:
    return frozenset(str(v).lower() for v in values)


@functools.cache
def load_wording(path: Path = WORDING_PATH) -> Wording:
    """Return the wording rules of ``path`` (default: the shipped ``wording.toml``)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    pronouns, clauses, dates = data["pronouns"], data["clauses"], data["dates"]
    return Wording(
        personal=_words(pronouns["personal"]),
        possessive=_words(pronouns["possessive"]),
        person=_words(pronouns["person"]),
        anaphoric=_words(pronouns["anaphoric"]),
        articles=_words(data["names"]["articles"]),
        attribution=str(data["names"]["attribution"]),
        connectives=tuple(
            sorted((str(c).lower() for c in data["connectives"]["leading"]), key=len, reverse=True)
        ),
        coordinating=tuple(str(c) for c in clauses["coordinating"]),
        trailing=tuple(str(c) for c in clauses["trailing"]),
        max_share=float(clauses["max_share"]),
        min_words=int(clauses["min_words"]),
        tags={str(k): str(v) for k, v in data["tags"].items()},
        key_order=tuple(str(k) for k in data["key_points"]["order"]),
        weekdays=tuple(d.lower() for d in calendar().weekdays),
        days=tuple(str(d).lower() for d in dates["days"]),
        past=_words(dates["past"]),
        future=_words(dates["future"]),
        future_cues=tuple(str(c).lower() for c in dates["future_cues"]),
    )


# --------------------------------------------------------------------------- words


def first_word(text: str) -> str:
    """Return the first word of ``text`` (letters only), lower-cased; "" if none."""
    match = re.match(r"\W*([A-Za-z\u00c0-\u024f]+)", text)
    return match.group(1).lower() if match else ""


def word_count(text: str) -> int:
    """Return the number of words in ``text``."""
    return len(_WORD.findall(text))


def _contains_word(text: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, flags=re.IGNORECASE) is not None


# --------------------------------------------------------------------------- names


def short_name(name: str, article_text: str) -> str:
    """Return the form of a person's name the article itself uses on its own.

    The shortest run of the name's last words that occurs in the article not preceded by
    another capitalised word ("Lopez Obrador" for "Andres Manuel Lopez Obrador" when the
    article writes "Lopez Obrador told …"); the full name when no shorter form is used.
    """
    tokens = name.split()
    for n in range(1, len(tokens)):
        form = " ".join(tokens[-n:])
        for match in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", article_text):
            before = article_text[: match.start()].rstrip()
            previous = before.split()[-1] if before.split() else ""
            if not previous[:1].isupper() or previous.endswith((".", ":", "\u201c", '"')):
                return form
    return name


def bracket_name(name: str, wording: Wording) -> str:
    """Return a name as it goes inside brackets: a leading article lower-cased."""
    head, _, rest = name.partition(" ")
    if rest and head.lower() in wording.articles:
        return f"{head.lower()} {rest}"
    return name


def possessive_form(name: str) -> str:
    """Return the possessive of a name ("Jane Doe's", "the Ministry's", "Paris'")."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def mention_span(text: str, name: str) -> tuple[int, int] | None:
    """Return where ``text`` names someone: the longest run of the name's last words found.

    The span is widened to the capitalised words just before it (a title such as
    "Foreign Minister" or "US President"), so an extract starting there reads whole.
    """
    tokens = name.split()
    for n in range(len(tokens), 0, -1):
        form = " ".join(tokens[-n:])
        match = re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text)
        if match is None:
            continue
        start = match.start()
        while True:
            head = re.search(r"([A-Z][\w.'\u2019-]*)\s+$", text[:start])
            if head is None:
                break
            start = head.start(1)
        return start, match.end()
    return None


# --------------------------------------------------------------------------- pronouns


def insert_glosses(
    text: str, start: int, glosses: Sequence[tuple[int, int, str]], wording: Wording
) -> str:
    """Insert each gloss's name in brackets after its pronoun ("help it [Mexico] tackle").

    ``text`` begins at article offset ``start``; a possessive pronoun gets the possessive
    form ("its [Mexico's] border"). Glosses outside ``text`` are ignored.
    """
    for a, b, name in sorted(glosses, reverse=True):
        if not (start <= a and b - start <= len(text)):
            continue
        pronoun = text[a - start : b - start].lower()
        shown = bracket_name(name, wording)
        insert = possessive_form(shown) if pronoun in wording.possessive else shown
        text = f"{text[: b - start]} [{insert}]{text[b - start :]}"
    return text


def resolve_leading_pronoun(text: str, name: str, wording: Wording) -> str:
    """Insert ``name`` in brackets after the pronoun or possessive that opens ``text``.

    "He has said …" -> "He [Jane Doe] has said …"; "His government …" -> "His [Jane Doe's]
    government …". Text that does not open with one is returned unchanged.
    """
    match = re.match(r"(\W*)([A-Za-z]+)\b", text)
    if match is None or not name:
        return text
    word = match.group(2).lower()
    if word in wording.possessive:
        insert = possessive_form(bracket_name(name, wording))
    elif word in wording.personal:
        insert = bracket_name(name, wording)
    else:
        return text
    return f"{text[: match.end()]} [{insert}]{text[match.end() :]}"


def opens_with_pronoun(text: str, wording: Wording) -> bool:
    """Whether ``text`` opens with a personal pronoun or a possessive."""
    word = first_word(text)
    return word in wording.personal or word in wording.possessive


# --------------------------------------------------------------------------- quotes


#: A straight single quote that opens a quotation (after a space, a colon or a bracket,
#: before a word) and one that closes it (after a word or punctuation, before a space or
#: punctuation); an apostrophe inside a word ("nation's") is neither.
_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(:\u2014-]))'(?=\w)")
_SINGLE_CLOSE = re.compile(r"(?<=[\w.,!?])'(?=\s|$|[,.;:!?)\u2014-])")


def opens_with_quote(text: str) -> bool:
    """Whether ``text`` begins with an opening quotation mark (curly, double or single)."""
    head = text.lstrip()
    return head[:1] in ("\u201c", "\u2018", '"') or bool(_SINGLE_OPEN.match(head))


def open_quote(text: str) -> bool:
    """Whether ``text`` opens a quotation it does not close (curly, double or single quotes)."""
    curly = text.count(_OPEN_QUOTES) - text.count(_CLOSE_QUOTES)
    if curly > 0 or (curly == 0 and text.count('"') % 2 == 1):
        return True
    depth = 0
    for match in re.finditer(r"'", text):
        at = match.start()
        if _SINGLE_OPEN.match(text, at) and not _SINGLE_CLOSE.match(text, at):
            depth += 1
        elif _SINGLE_CLOSE.match(text, at) and depth > 0:
            depth -= 1
    return depth > 0


# --------------------------------------------------------------------------- clauses


def clause_spans(text: str, wording: Wording) -> list[tuple[int, int]]:
    """Return the spans of ``text``'s coordinated clauses (boundary phrases left out)."""
    cuts: list[tuple[int, int]] = []
    lower = text.lower()
    for phrase in wording.coordinating:
        start = 0
        while (at := lower.find(phrase, start)) >= 0:
            if not _inside_quote(text, at):
                cuts.append((at, at + len(phrase)))
            start = at + len(phrase)
    spans: list[tuple[int, int]] = []
    position = 0
    for cut_start, cut_end in sorted(cuts):
        if cut_start < position:
            continue
        spans.append((position, cut_start))
        position = cut_end
    spans.append((position, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _inside_quote(text: str, at: int) -> bool:
    return open_quote(text[:at])


def clause_with(text: str, words: Sequence[str], wording: Wording) -> tuple[int, int] | None:
    """Return the span of the clause holding every word of ``words``, if it is a part only.

    None when the sentence has one clause, no clause holds the words, or the clause is too
    long (``max_share``) or too short (``min_words``) to stand as an extract.
    """
    spans = clause_spans(text, wording)
    if len(spans) < 2 or not words:
        return None
    for start, end in spans:
        piece = text[start:end]
        if all(_contains_word(piece, w) for w in words):
            return span_if_extract(text, start, end, wording)
    return None


def span_if_extract(text: str, start: int, end: int, wording: Wording) -> tuple[int, int] | None:
    """Return ``(start, end)`` when that part of ``text`` can stand as an extract, else None."""
    piece = text[start:end].strip()
    if word_count(piece) < wording.min_words:
        return None
    if len(piece) > wording.max_share * len(text.strip()):
        return None
    return start, end


def main_clause(text: str, wording: Wording) -> tuple[str, bool]:
    """Return ``text`` without its trailing clauses, and whether anything was cut.

    The first coordinated clause is kept, then cut before the first trailing-clause opening
    (", as", ", which", " in response to" …) outside a quotation, as long as what is left
    has at least ``min_words`` words.
    """
    spans = clause_spans(text, wording)
    head = text[spans[0][0] : spans[0][1]] if spans else text
    lower = head.lower()
    cut = len(head)
    for phrase in wording.trailing:
        at = lower.find(phrase)
        usable = 0 < at < cut and word_count(head[:at]) >= wording.min_words
        if usable and not _inside_quote(head, at):
            cut = at
    short = head[:cut].rstrip(" ,;:.")
    whole = text.rstrip().rstrip(".")
    return (short, True) if short != whole else (text, False)


def drop_connective(text: str, wording: Wording) -> str:
    """Drop a discourse connective opening ``text`` ("But X said" -> "[X] said")."""
    lower = text.lower()
    for connective in wording.connectives:
        if lower.startswith(connective) and re.match(r"[\s,]", lower[len(connective) :] or "x"):
            rest = text[len(connective) :].lstrip(" ,")
            if rest and rest[0].islower():
                return f"[{rest[0].upper()}]{rest[1:]}"
            return rest
    return text


def sentence_end(text: str) -> str:
    """Return ``text`` ending with a full stop (or its own closing punctuation)."""
    text = text.rstrip()
    if text.endswith((".", "!", "?", ELLIPSIS, "\u201d", '"', "\u2019", ")")):
        return text
    return f"{text}."


# --------------------------------------------------------------------------- dates


def long_date(day: dt.date) -> str:
    """Return a date as "5 December 2019" (locale-free)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _future_sense(text: str, wording: Wording) -> bool:
    lower = text.lower()
    return any(_contains_word(lower, cue) for cue in wording.future_cues)


def resolve_day(phrase: str, base: dt.date, *, future: bool, wording: Wording) -> dt.date | None:
    """Return the day a relative day phrase means in an article dated ``base``.

    "Thursday" in an article of Thursday 5 December 2019 is that day; another weekday is
    the last one before it, or the next one after it when ``future`` (the sentence speaks
    of what will happen) or the phrase says "next". ``dateparser`` does the arithmetic.
    """
    words = phrase.lower().split()
    day_word = words[-1]
    same_day = day_word in wording.weekdays and len(words) == 1
    if same_day and wording.weekdays.index(day_word) == base.weekday():
        return base
    prefer = "future" if future or (words[0] in wording.future) else "past"
    parsed = dateparser.parse(
        phrase,
        languages=["en"],
        settings={
            "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day),
            "PREFER_DATES_FROM": prefer,
        },
    )
    return parsed.date() if parsed is not None else None


def _day_pattern(wording: Wording) -> re.Pattern[str]:
    days = "|".join(wording.weekdays + wording.days)
    qualifiers = "|".join(sorted(wording.past | wording.future))
    return re.compile(rf"\b(?:(?:{qualifiers})\s+)?(?:{days})\b", re.IGNORECASE)


def relative_days(text: str, base: dt.date, wording: Wording) -> list[tuple[int, int, dt.date]]:
    """Return each relative day phrase of ``text`` with the day it means (article date ``base``)."""
    future = _future_sense(text, wording)
    out: list[tuple[int, int, dt.date]] = []
    for match in _day_pattern(wording).finditer(text):
        day = resolve_day(match.group(0), base, future=future, wording=wording)
        if day is not None:
            out.append((match.start(), match.end(), day))
    return out


def annotate_days(text: str, base: dt.date | None, wording: Wording) -> str:
    """Add the calendar day after each relative day: "on Thursday [5 December 2019]".

    Only an article's own date resolves days: with ``base`` None the text is unchanged, so a
    brief never invents a calendar day.
    """
    if base is None:
        return text
    out, last = [], 0
    for _start, end, day in relative_days(text, base, wording):
        if text[end : end + 2] == " [":
            continue
        out += [text[last:end], f" [{long_date(day)}]"]
        last = end
    out.append(text[last:])
    return "".join(out)


def parse_iso(value: str | None) -> dt.date | None:
    """Return the date of an ISO ``YYYY-MM-DD`` string (longer text cut), else None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


_MONTH_NAMES = "|".join(MONTHS)
_YEAR = r"(?:19|20)\d{2}"
_ABSOLUTE = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH_NAMES})(?:,?\s+(?P<y1>{_YEAR}))?"
    rf"|(?P<m2>{_MONTH_NAMES})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>{_YEAR}))?)\b"
)


def absolute_days(text: str, base: dt.date | None) -> list[dt.date]:
    """Return the calendar days ``text`` names ("12 August 2016", "August 12").

    A day without a year takes the year of ``base`` (the article's date) and is skipped
    when the article has none.
    """
    days: list[dt.date] = []
    for match in _ABSOLUTE.finditer(text):
        day = int(match.group("d1") or match.group("d2"))
        month = MONTHS.index(match.group("m1") or match.group("m2")) + 1
        year_text = match.group("y1") or match.group("y2")
        year = int(year_text) if year_text else (base.year if base else None)
        if year is None:
            continue
        try:
            found = dt.date(year, month, day)
        except ValueError:
            continue
        if not year_text and base is not None and found > base + dt.timedelta(days=180):
            found = found.replace(year=year - 1)
        days.append(found)
    return days
