"""Where the language knowledge lives, and the tables every stage shares.

English word lists are data under ``briefing/data/en/`` (cue words, wording rules,
display-text lexicons, contextual aliases); world knowledge (governments, people, places)
and fitted models stay in ``briefing/data/``. The calendar (``data/en/calendar.toml``:
month and weekday names and their abbreviations) and the abbreviations whose full stop
ends no sentence (``data/en/abbreviations.toml``) exist once, here: ingest, nlp, classify
and the brief's wording read them through this module.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from briefing.errors import RegistryError

DATA_DIR = Path(__file__).resolve().parent / "data"
"""Shipped data: world knowledge (governments, people, places) and fitted models."""

EN_DIR = DATA_DIR / "en"
"""Shipped English word lists."""

CALENDAR_PATH = EN_DIR / "calendar.toml"
"""Month and weekday names and their abbreviations."""

ABBREVIATIONS_PATH = EN_DIR / "abbreviations.toml"
"""Abbreviations whose full stop need not end a sentence."""


@dataclass(frozen=True, slots=True)
class Calendar:
    """The calendar words of ``data/en/calendar.toml``.

    Attributes:
        months: the month names in calendar order, capitalised ("January" ...).
        month_abbreviations: month number by lower-case abbreviation ("sept": 9).
        weekdays: the weekday names, Monday first, capitalised.
        weekday_abbreviations: lower-case weekday abbreviations ("tue", "thurs").
    """

    months: tuple[str, ...]
    month_abbreviations: Mapping[str, int]
    weekdays: tuple[str, ...]
    weekday_abbreviations: tuple[str, ...]

    @property
    def month_numbers(self) -> dict[str, int]:
        """Month number by lower-case name or abbreviation ("january": 1, "jan": 1)."""
        numbers = {name.lower(): i for i, name in enumerate(self.months, start=1)}
        for short, number in self.month_abbreviations.items():
            numbers.setdefault(short, number)
        return numbers

    @property
    def abbreviations(self) -> tuple[str, ...]:
        """The month abbreviations as written in text, with a full stop ("Jan.", "Sept.")."""
        return tuple(f"{short.capitalize()}." for short in self.month_abbreviations)


@dataclass(frozen=True, slots=True)
class Abbreviations:
    """The abbreviations of ``data/en/abbreviations.toml``, month abbreviations added.

    Attributes:
        never_final: a full stop after one ends no sentence before a name or lower case
            (titles, suffixes, "No.", month abbreviations).
        often_final: they often end a sentence as well ("U.S.", "p.m.", "etc.").
        titles: the titles before a name ("Mr.", "Gen."), full stop included.
        honorifics: words of address before a name ("Sir"), no part of the name.
    """

    never_final: tuple[str, ...]
    often_final: tuple[str, ...]
    titles: tuple[str, ...] = ()
    honorifics: tuple[str, ...] = ()

    @property
    def name_titles(self) -> frozenset[str]:
        """Lower-case words before a name that are no part of it ("mr", "gen", "sir")."""
        return frozenset(w.rstrip(".").lower() for w in (*self.titles, *self.honorifics))

    @property
    def all(self) -> tuple[str, ...]:
        """Every abbreviation, full stop included."""
        return (*self.never_final, *self.often_final)


def _read(path: Path) -> dict[str, Any]:
    """Parse a shipped lexicon; RegistryError naming the file when it is broken."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RegistryError(
            f"{path}: cannot read this lexicon ({exc}); reinstall briefing."
        ) from exc


@cache
def calendar() -> Calendar:
    """Return the shipped calendar words, loaded once.

    Raises:
        RegistryError: ``calendar.toml`` is missing or malformed.
    """
    data = _read(CALENDAR_PATH)
    try:
        return Calendar(
            months=tuple(str(m) for m in data["months"]),
            month_abbreviations={
                str(k).lower(): int(v) for k, v in data["month_abbreviations"].items()
            },
            weekdays=tuple(str(d) for d in data["weekdays"]),
            weekday_abbreviations=tuple(str(d).lower() for d in data["weekday_abbreviations"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise RegistryError(f"{CALENDAR_PATH}: malformed calendar ({exc}).") from exc


@cache
def abbreviations() -> Abbreviations:
    """Return the shipped abbreviations (month abbreviations included), loaded once.

    Raises:
        RegistryError: ``abbreviations.toml`` or ``calendar.toml`` is missing or malformed.
    """
    data = _read(ABBREVIATIONS_PATH)
    try:
        never = [str(a) for key in ("titles", "suffixes", "others") for a in data[key]]
        often = [str(a) for a in data["often_final"]]
        titles = tuple(str(a) for a in data["titles"])
        honorifics = tuple(str(a) for a in data.get("honorifics", ()))
    except (KeyError, TypeError) as exc:
        raise RegistryError(f"{ABBREVIATIONS_PATH}: malformed abbreviations ({exc}).") from exc
    return Abbreviations(
        never_final=(*never, *calendar().abbreviations),
        often_final=tuple(often),
        titles=titles,
        honorifics=honorifics,
    )
