"""The actor registry: who can speak for a government, as data an analyst can edit.

Knowledge is data, not code. Names and codes of every country come from pycountry; what it
lacks (the names newspapers use, demonyms, capitals and seats of government, institutions,
state media, country-specific titles) comes from ``briefing/data/governments.jsonl``. Named
people come from ``people.jsonl`` and the generic lexicon of titles, institutions and
non-government roles from ``roles.toml``. User files passed as ``extra`` (what
``briefing ... --actors FILE`` passes) are merged last.

Merge order, later wins:

1. pycountry: every ISO 3166-1 country, with its ``name``, ``official_name`` and
   ``common_name`` as surface forms (inverted forms such as "Korea, Republic of" are dropped
   when the country has another form without a comma).
2. ``governments.jsonl``: overrides ``name``, ``display`` and ``kind``; adds surface forms;
   ``exclude`` removes forms (also pycountry's).
3. each ``extra`` file in order: the same, plus a surface form given to one government is
   taken away from every other government, and recorded as an override so that it wins even
   against another government's name.

This module does not import spaCy: it is plain data, loaded at every run, and cached. It is
the façade over three parts: ``registry_records`` (the record types), ``registry_files``
(reading and validating the files) and ``registry_phrases`` (surface forms and conflicts).
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from briefing.errors import RegistryError
from briefing.nlp.registry_files import load_data, parse_date
from briefing.nlp.registry_phrases import PHRASE_KINDS, Phrase, PhraseConflict, resolve_phrases
from briefing.nlp.registry_records import GOVERNMENT_KINDS, LIST_FIELDS, Government, Person

__all__ = [
    "GOVERNMENT_KINDS",
    "PHRASE_KINDS",
    "Government",
    "Person",
    "Phrase",
    "PhraseConflict",
    "Registry",
    "default_data_dir",
    "load_registry",
    "registry_fingerprint",
    "world_registry_enabled",
]


@dataclass(frozen=True, slots=True)
class Registry:
    """Every government, person and generic role the resolver knows.

    Attributes:
        governments: code -> Government (read-only).
        people: named people, in file order.
        government_titles: generic titles of people who speak for a government.
        generic_institutions: generic bodies that speak for a government.
        non_government_roles: speakers that are never a government's position.
        institution_patterns: how a generic institution combines with a country name.
        non_government_phrases: names that contain a country name but are no government.
        places: sub-national places and cities (ISO 3166-2 subdivisions, ``places.toml``
            cities, the non-government phrases): a government form inside a longer place
            name is not a government.
        cities: major cities ("Atlanta"): "<city>, <name>" makes the name a subdivision.
        subdivisions: every ISO 3166-2 subdivision name, for names a country shares.
        state_words: words after a name that make it a subdivision ("Georgia governor").
        admin_words: words that only qualify a capital or territory in a place's name
            ("Hong Kong SAR"): such a place does not hide the government form.
        overrides: surface form -> code, set by user files; wins every conflict.
    """

    governments: Mapping[str, Government]
    people: tuple[Person, ...]
    government_titles: tuple[str, ...]
    generic_institutions: tuple[str, ...]
    non_government_roles: tuple[str, ...]
    institution_patterns: tuple[str, ...] = ()
    non_government_phrases: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    subdivisions: tuple[str, ...] = ()
    state_words: tuple[str, ...] = ()
    admin_words: tuple[str, ...] = ()
    overrides: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    _phrase_cache: tuple[tuple[Phrase, ...], tuple[PhraseConflict, ...]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _key_cache: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def key(self) -> str:
        """A stable identifier of the loaded data: ``registry_fingerprint(self)``, cached."""
        key = self._key_cache
        if key is None:
            key = registry_fingerprint(self)
            object.__setattr__(self, "_key_cache", key)
        return key

    def phrases(self) -> tuple[Phrase, ...]:
        """Return every surface form with the government it stands for, one per text.

        A text that two governments claim goes to the code a user file gave it (see
        ``overrides``), else to the form of higher ``PHRASE_KINDS`` priority; a tie is
        dropped and logged. ``conflicts()`` lists every such decision.

        Returns:
            Phrases sorted by code, kind priority, then text.
        """
        return self._resolved()[0]

    def conflicts(self) -> tuple[PhraseConflict, ...]:
        """Return the surface forms that more than one government claims, and how each went."""
        return self._resolved()[1]

    def government(self, code: str) -> Government:
        """Return the government with this code.

        Args:
            code: a government code, in any case ("mex" finds MEX).

        Raises:
            RegistryError: the code is unknown; the message suggests the code meant.
        """
        found = self.governments.get(code.strip().upper())
        if found is not None:
            return found
        raise RegistryError(f"unknown government code {code!r}; {self._suggest(code)}")

    def stale_people(self, on: str) -> tuple[Person, ...]:
        """Return the hand-kept people whose term ended before a date.

        Only people with no other term for the same government covering or following the
        date: a vice president who became president is not stale. The world registry's
        people are left out: their ended terms are history from the sources, not a list
        that may have fallen behind.

        Args:
            on: ISO date (YYYY-MM-DD), typically the article's publication date.

        Raises:
            RegistryError: ``on`` is not an ISO date.
        """
        day = parse_date(on, where="stale_people(on=...)", key="on")
        current = {(p.name, p.government) for p in self.people if p.end is None or p.end >= day}
        return tuple(
            p
            for p in self.people
            if not p.world
            and p.end is not None
            and p.end < day
            and (p.name, p.government) not in current
        )

    def institution_forms(self, code: str) -> tuple[str, ...]:
        """Return the generic institutions spelt out for one government.

        Expands ``institution_patterns`` with the government's name and aliases, its
        demonyms and every generic institution ("Chinese foreign ministry",
        "China's foreign ministry", ...). Institutions keep their lower case: match the
        result case-insensitively.

        Args:
            code: the government code.

        Raises:
            RegistryError: the code is unknown.
        """
        gov = self.government(code)
        names = (gov.name, *gov.aliases)
        out: dict[str, None] = {}
        for pattern in self.institution_patterns:
            for institution in self.generic_institutions:
                if "{demonym}" in pattern:
                    fills = [{"demonym": d} for d in gov.demonyms]
                elif "{name}" in pattern:
                    fills = [{"name": n} for n in names]
                else:
                    fills = [{}]
                for fill in fills:
                    out[pattern.format(institution=institution, **fill)] = None
        return tuple(out)

    def _suggest(self, code: str) -> str:
        """Say which code the user probably meant."""
        text = code.strip()
        for phrase in self.phrases():
            if phrase.text.casefold() == text.casefold():
                gov = self.governments[phrase.code]
                return f"did you mean {gov.code} ({gov.name})?"
        close = difflib.get_close_matches(text.upper(), list(self.governments), n=3)
        if close:
            return "did you mean " + " or ".join(close) + "?"
        return "use an ISO 3166-1 alpha-3 code such as MEX, or a code declared in an actors file"

    def _resolved(self) -> tuple[tuple[Phrase, ...], tuple[PhraseConflict, ...]]:
        cached = self._phrase_cache
        if cached is None:
            cached = resolve_phrases(self.governments.values(), self.people, self.overrides)
            object.__setattr__(self, "_phrase_cache", cached)
        return cached


def default_data_dir() -> Path:
    """Return the folder of the shipped registry files (``briefing/data``)."""
    return Path(__file__).resolve().parent.parent / "data"


def load_registry(
    extra: Sequence[Path] = (), *, data_dir: Path | None = None, world: bool | None = None
) -> Registry:
    """Load the actor registry: pycountry, the shipped data files, then user files.

    Args:
        extra: user files merged last, in order: ``.jsonl`` files of government and/or
            person records, ``.toml`` files of roles (same tables as ``roles.toml``).
        data_dir: folder holding ``governments.jsonl``, ``people.jsonl`` and ``roles.toml``
            instead of the shipped ones (for tests).
        world: load the world registry of office-holders (``people_world.jsonl``) too. The
            default is yes, unless the environment sets ``BRIEFING_WORLD_REGISTRY=0``.

    Returns:
        The registry. The default one (no ``extra``, no ``data_dir``) is cached.

    Raises:
        RegistryError: a file is missing or malformed; the message names the file, the line
            and the fix.
    """
    use_world = world_registry_enabled() if world is None else world
    if not extra and data_dir is None:
        return _default_registry(use_world)
    return _load(tuple(Path(p) for p in extra), data_dir or default_data_dir(), world=use_world)


def world_registry_enabled() -> bool:
    """False when the environment turns the world registry off (``BRIEFING_WORLD_REGISTRY=0``)."""
    return os.environ.get("BRIEFING_WORLD_REGISTRY", "1").strip().lower() not in {
        "0",
        "no",
        "off",
        "false",
    }


def registry_fingerprint(reg: Registry) -> str:
    """Return a sha256 hex digest of everything loaded, for cache invalidation.

    Two registries with the same governments, people, lexicon and overrides have the same
    fingerprint, whatever files they came from.
    """
    data = {
        "governments": [_government_dict(reg.governments[c]) for c in sorted(reg.governments)],
        "people": [
            [p.name, list(p.aliases), p.government, p.role, p.start, p.end] for p in reg.people
        ],
        "titles": list(reg.government_titles),
        "institutions": list(reg.generic_institutions),
        "patterns": list(reg.institution_patterns),
        "non_government": list(reg.non_government_roles),
        "non_government_phrases": list(reg.non_government_phrases),
        "places": list(reg.places),
        "cities": list(reg.cities),
        "state_words": list(reg.state_words),
        "admin_words": list(reg.admin_words),
        "overrides": sorted(reg.overrides.items()),
    }
    blob = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- loading


@functools.lru_cache(maxsize=2)
def _default_registry(world: bool = True) -> Registry:
    return _load((), default_data_dir(), world=world)


def _load(extra: tuple[Path, ...], data_dir: Path, *, world: bool = True) -> Registry:
    data = load_data(extra, data_dir, world=world)
    return Registry(
        governments=MappingProxyType(data.governments),
        people=data.people,
        government_titles=data.government_titles,
        generic_institutions=data.generic_institutions,
        non_government_roles=data.non_government_roles,
        institution_patterns=data.institution_patterns,
        non_government_phrases=data.non_government_phrases,
        overrides=MappingProxyType(data.overrides),
        **data.places,
    )


def _government_dict(gov: Government) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": gov.code,
        "name": gov.name,
        "display": gov.display,
        "kind": gov.kind,
    }
    for attr, _ in LIST_FIELDS:
        out[attr] = list(getattr(gov, attr))
    out["note"] = gov.note
    return out
