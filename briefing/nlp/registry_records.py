"""The registry's record types: a government and a named person, as loaded.

Plain frozen data; ``registry_files`` builds them from the data files and
``registry.Registry`` holds them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["GOVERNMENT_KINDS", "LIST_FIELDS", "Government", "Person"]

GOVERNMENT_KINDS: tuple[str, ...] = ("country", "territory", "organization", "group")
"""What a government record can be; a code outside ISO 3166-1 must declare one."""

LIST_FIELDS: tuple[tuple[str, str], ...] = (
    ("aliases", "alias"),
    ("demonyms", "demonym"),
    ("people", "people"),
    ("capitals", "capital"),
    ("seats", "seat"),
    ("institutions", "institution"),
    ("media", "media"),
    ("titles", "title"),
)
"""The list fields of a government record, with the phrase kind of their forms."""


@dataclass(frozen=True, slots=True)
class Government:
    """A party whose positions a brief reports: a country, territory, organisation or group.

    Attributes:
        code: ISO 3166-1 alpha-3 code ("MEX"), or a declared code ("EUU", "XKX", "NATO").
        name: short common name as newspapers write it ("South Korea").
        display: the name as it reads after "Position of" ("the United States").
        kind: one of ``GOVERNMENT_KINDS``.
        aliases: other names and abbreviations ("UK", "Britain", pycountry's official name).
        demonyms: adjectival forms ("British").
        people: plural nouns for the people ("Britons").
        capitals: capital and other cities used as metonyms ("London").
        seats: seats of government used as speakers ("Downing Street").
        institutions: bodies that speak for the government ("Foreign Office").
        media: state media that relay the government line ("Xinhua").
        titles: titles held only in this government ("Taoiseach").
        note: why the record is as it is (for the analyst; not used in matching).
    """

    code: str
    name: str
    display: str
    kind: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    people: tuple[str, ...]
    capitals: tuple[str, ...]
    seats: tuple[str, ...]
    institutions: tuple[str, ...]
    media: tuple[str, ...]
    titles: tuple[str, ...] = ()
    note: str = ""

    def surface_forms(self) -> Iterator[tuple[str, str]]:
        """Yield ``(text, phrase kind)`` for the name and every listed form."""
        yield self.name, "name"
        for attr, kind in LIST_FIELDS:
            for text in getattr(self, attr):
                yield text, kind


@dataclass(frozen=True, slots=True)
class Person:
    """A named person who speaks for a government during a term of office.

    Attributes:
        name: full name ("Emmanuel Macron").
        aliases: other forms of the name ("Macron").
        government: code of the government the person speaks for.
        role: title held ("President").
        start: ISO date the term began, or None if unknown.
        end: ISO date the term ended (or ends), or None while in office.
        world: read from the world registry of office-holders (``people_world.json``),
            whose ended terms are history, not a list that may be out of date.
    """

    name: str
    aliases: tuple[str, ...]
    government: str
    role: str
    start: str | None
    end: str | None
    world: bool = False
