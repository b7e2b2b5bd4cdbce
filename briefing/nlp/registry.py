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

This module does not import spaCy: it is plain data, loaded at every run, and cached.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import importlib.util
import json
import logging
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from briefing.errors import RegistryError

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
]

logger = logging.getLogger(__name__)

GOVERNMENT_KINDS: tuple[str, ...] = ("country", "territory", "organization", "group")
"""What a government record can be; a code outside ISO 3166-1 must declare one."""

PHRASE_KINDS: tuple[str, ...] = (
    "name",
    "alias",
    "demonym",
    "people",
    "capital",
    "seat",
    "institution",
    "media",
    "title",
    "person",
)
"""Kinds of surface form, in priority order: when two governments claim the same text, the
one whose form has the earlier kind wins ("Congo" as a name beats "Congo" as an alias)."""

_LIST_FIELDS: tuple[tuple[str, str], ...] = (
    ("aliases", "alias"),
    ("demonyms", "demonym"),
    ("people", "people"),
    ("capitals", "capital"),
    ("seats", "seat"),
    ("institutions", "institution"),
    ("media", "media"),
    ("titles", "title"),
)
_GOVERNMENT_FIELDS = frozenset(
    {"code", "name", "display", "kind", "exclude", "note", *(f for f, _ in _LIST_FIELDS)}
)
_PERSON_FIELDS = frozenset(
    {"name", "aliases", "government", "role", "from", "to", "note", "id", "source"}
)
_ROLE_KEYS: dict[str, tuple[str, ...]] = {
    "titles": ("government",),
    "institutions": ("generic", "patterns"),
    "non_government": ("roles", "phrases"),
}
_PATTERN_FIELDS = frozenset({"institution", "name", "demonym"})
_CODE_RE = re.compile(r"^[A-Z][A-Z0-9_]{1,15}$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_KIND_RANK = {kind: rank for rank, kind in enumerate(PHRASE_KINDS)}


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
        for attr, kind in _LIST_FIELDS:
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
    """

    name: str
    aliases: tuple[str, ...]
    government: str
    role: str
    start: str | None
    end: str | None


@dataclass(frozen=True, slots=True)
class Phrase:
    """A surface form that names or stands for a government.

    Attributes:
        text: the form as written; case-sensitive ("US" is not "us").
        code: the government it stands for.
        kind: one of ``PHRASE_KINDS``.
    """

    text: str
    code: str
    kind: str


@dataclass(frozen=True, slots=True)
class PhraseConflict:
    """A surface form that two or more governments claim.

    Attributes:
        text: the form.
        codes: every government that claims it, sorted.
        kept: the code it was given, or None when it was dropped.
        reason: how it was decided ("user file", "kind priority", "tie: dropped").
    """

    text: str
    codes: tuple[str, ...]
    kept: str | None
    reason: str


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
        """Return the people whose term ended before a date.

        Args:
            on: ISO date (YYYY-MM-DD), typically the article's publication date.

        Raises:
            RegistryError: ``on`` is not an ISO date.
        """
        day = _parse_date(on, where="stale_people(on=...)", key="on")
        return tuple(p for p in self.people if p.end is not None and p.end < day)

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
            cached = _resolve_phrases(self)
            object.__setattr__(self, "_phrase_cache", cached)
        return cached


def default_data_dir() -> Path:
    """Return the folder of the shipped registry files (``briefing/data``)."""
    return Path(__file__).resolve().parent.parent / "data"


def load_registry(extra: Sequence[Path] = (), *, data_dir: Path | None = None) -> Registry:
    """Load the actor registry: pycountry, the shipped data files, then user files.

    Args:
        extra: user files merged last, in order: ``.jsonl`` files of government and/or
            person records, ``.toml`` files of roles (same tables as ``roles.toml``).
        data_dir: folder holding ``governments.jsonl``, ``people.jsonl`` and ``roles.toml``
            instead of the shipped ones (for tests).

    Returns:
        The registry. The default one (no ``extra``, no ``data_dir``) is cached.

    Raises:
        RegistryError: a file is missing or malformed; the message names the file, the line
            and the fix.
    """
    if not extra and data_dir is None:
        return _default_registry()
    return _load(tuple(Path(p) for p in extra), data_dir or default_data_dir())


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


@functools.lru_cache(maxsize=1)
def _default_registry() -> Registry:
    return _load((), default_data_dir())


@dataclass(slots=True)
class _Draft:
    """A government record while files are being merged."""

    code: str
    name: str
    display: str
    kind: str
    lists: dict[str, list[str]]
    note: str = ""

    def add(self, attr: str, texts: Iterable[str]) -> None:
        values = self.lists[attr]
        for text in texts:
            if text not in values:
                values.append(text)

    def remove(self, texts: Iterable[str]) -> None:
        gone = set(texts)
        for attr, values in self.lists.items():
            self.lists[attr] = [v for v in values if v not in gone]

    def freeze(self) -> Government:
        lists = {
            attr: tuple(v for v in values if v != self.name) for attr, values in self.lists.items()
        }
        return Government(
            code=self.code,
            name=self.name,
            display=self.display,
            kind=self.kind,
            note=self.note,
            **lists,
        )


@dataclass(slots=True)
class _Roles:
    titles: list[str] = field(default_factory=list)
    institutions: list[str] = field(default_factory=list)
    patterns: list[str] = field(default_factory=list)
    non_government: list[str] = field(default_factory=list)
    non_government_phrases: list[str] = field(default_factory=list)


def _load(extra: tuple[Path, ...], data_dir: Path) -> Registry:
    drafts = _pycountry_drafts()
    roles = _Roles()
    overrides: dict[str, str] = {}
    people: list[Person] = []

    builtin = [data_dir / "governments.jsonl", data_dir / "people.jsonl"]
    for path in builtin:
        if not path.is_file():
            raise RegistryError(
                f"{path}: registry file not found; reinstall briefing, or pass a data_dir "
                "that holds governments.jsonl, people.jsonl and roles.toml"
            )
    _read_toml(data_dir / "roles.toml", roles)

    # Governments first (all files), then people, so a person may name a party declared in
    # any file.
    jsonl: list[tuple[Path, bool]] = [(p, False) for p in builtin]
    for path in extra:
        if path.suffix == ".toml":
            _read_toml(path, roles)
        elif path.suffix == ".jsonl":
            jsonl.append((path, True))
        else:
            raise RegistryError(
                f"{path}: unsupported actors file; use .jsonl (governments and people, one "
                "JSON object a line) or .toml (titles and roles, as in roles.toml)"
            )
    records = [(path, user, *rec) for path, user in jsonl for rec in _read_jsonl(path)]
    for path, user, line, rec in records:
        if "government" not in rec:
            _merge_government(rec, drafts, overrides, where=f"{path}:{line}", user=user)
    for path, _user, line, rec in records:
        if "government" in rec:
            people.append(_make_person(rec, drafts, where=f"{path}:{line}"))

    return Registry(
        governments=MappingProxyType({code: drafts[code].freeze() for code in sorted(drafts)}),
        people=tuple(people),
        government_titles=_unique(roles.titles),
        generic_institutions=_unique(roles.institutions),
        non_government_roles=_unique(roles.non_government),
        institution_patterns=_unique(roles.patterns),
        non_government_phrases=_unique(roles.non_government_phrases),
        overrides=MappingProxyType(dict(sorted(overrides.items()))),
        **_places(data_dir / "places.toml", roles.non_government_phrases),
    )


def _places(path: Path, phrases: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Read ``places.toml`` and add the ISO 3166-2 subdivisions of more than one word."""
    data: dict[str, Any] = {}
    if path.is_file():
        try:
            with path.open("rb") as handle:
                data = tomllib.load(handle).get("places", {})
        except tomllib.TOMLDecodeError as exc:
            raise RegistryError(f"{path}: not valid TOML ({exc}); fix the syntax there") from exc
    cities = tuple(str(c) for c in data.get("cities", []))
    subdivisions = _subdivision_names()
    return {
        "places": _unique([*phrases, *cities, *(n for n in subdivisions if " " in n)]),
        "admin_words": _unique(str(w) for w in data.get("admin_words", [])),
        "cities": _unique(cities),
        "subdivisions": subdivisions,
        "state_words": _unique(str(w) for w in data.get("state_words", [])),
    }


@functools.lru_cache(maxsize=1)
def _subdivision_names() -> tuple[str, ...]:
    """Names of every ISO 3166-2 subdivision pycountry ships, sorted, without duplicates."""
    import pycountry

    return tuple(sorted({s.name for s in pycountry.subdivisions}))


@functools.lru_cache(maxsize=1)
def _pycountry_forms() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """Return (alpha_3, newspaper-ish name, other forms) for every ISO 3166-1 country."""
    out = []
    for country in _iso3166_records():
        forms: list[str] = []
        for attr in ("common_name", "name", "official_name"):
            value = country.get(attr)
            if value:
                value = value.removeprefix("the ")
                if value not in forms:
                    forms.append(value)
        if any(", " not in f for f in forms):
            # "Korea, Republic of" is an index form no newspaper writes.
            forms = [f for f in forms if ", " not in f]
        out.append((country["alpha_3"], forms[0], tuple(forms[1:])))
    return tuple(sorted(out))


def _iso3166_records() -> list[dict[str, str]]:
    """Return pycountry's ISO 3166-1 records (alpha_3, name, official_name, common_name).

    Reads pycountry's own database file: importing pycountry costs 60-100 ms (it loads
    importlib.metadata), more than the whole registry, and it loads at every run.
    """
    spec = importlib.util.find_spec("pycountry")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "databases" / "iso3166-1.json"
        if path.is_file():
            records: list[dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))["3166-1"]
            return records
    try:  # a pycountry that moved its data: ask it, slowly
        import pycountry
    except ImportError as exc:
        raise RegistryError("pycountry is not installed; reinstall briefing") from exc
    fields = ("alpha_3", "name", "official_name", "common_name")
    return [{f: getattr(c, f) for f in fields if getattr(c, f, None)} for c in pycountry.countries]


def _pycountry_drafts() -> dict[str, _Draft]:
    drafts = {}
    for code, name, others in _pycountry_forms():
        lists: dict[str, list[str]] = {attr: [] for attr, _ in _LIST_FIELDS}
        lists["aliases"].extend(others)
        drafts[code] = _Draft(code=code, name=name, display=name, kind="country", lists=lists)
    return drafts


def _read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    if not path.is_file():
        raise RegistryError(f"{path}: no such actors file; check the path given to --actors")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise RegistryError(f"{path}: not UTF-8 text ({exc.reason}); save it as UTF-8") from exc
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            rec = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise RegistryError(
                f"{path}:{number}: not valid JSON ({exc.msg} at column {exc.colno}); write one "
                "JSON object per line, with double-quoted strings and no comments"
            ) from exc
        if not isinstance(rec, dict):
            raise RegistryError(
                f"{path}:{number}: expected a JSON object, got {type(rec).__name__}; write one "
                'object per line, like {"code": "MEX", "aliases": ["Mejico"]}'
            )
        yield number, rec


# Complexity: one branch a field of a government record (names, aliases, demonyms, ...).
def _merge_government(  # noqa: C901 - one branch a field
    rec: dict[str, Any],
    drafts: dict[str, _Draft],
    overrides: dict[str, str],
    *,
    where: str,
    user: bool,
) -> None:
    if "code" not in rec:
        raise RegistryError(
            f'{where}: record has neither "code" (a government) nor "government" (a person); '
            'add "code": "<ISO alpha-3>" to a government or "government": "<code>" to a person'
        )
    _check_fields(rec, _GOVERNMENT_FIELDS, where=where, what="government")
    code = _code(rec["code"], where=where, key="code")
    kind = _opt_str(rec, "kind", where=where)
    if kind is not None and kind not in GOVERNMENT_KINDS:
        raise RegistryError(
            f'{where}: "kind" must be one of {", ".join(GOVERNMENT_KINDS)}, not {kind!r}'
        )
    name = _opt_str(rec, "name", where=where)
    display = _opt_str(rec, "display", where=where)
    note = _opt_str(rec, "note", where=where)
    lists = {attr: _str_list(rec, attr, where=where) for attr, _ in _LIST_FIELDS}
    exclude = _str_list(rec, "exclude", where=where)

    draft = drafts.get(code)
    if draft is None:
        if kind is None or name is None:
            raise RegistryError(
                f"{where}: unknown government code {code!r}; use an ISO 3166-1 alpha-3 code "
                '(e.g. "MEX"), or declare a new party with "kind" (one of '
                f'{", ".join(GOVERNMENT_KINDS)}) and "name"'
            )
        draft = _Draft(
            code=code,
            name=name,
            display=display or name,
            kind=kind,
            lists={attr: [] for attr, _ in _LIST_FIELDS},
        )
        drafts[code] = draft
    else:
        if name is not None and name != draft.name:
            # The old name stays a surface form: "Czechia" keeps matching the Czech Republic.
            old_name, draft.name = draft.name, name
            draft.lists["aliases"].insert(0, old_name)
            if display is None and draft.display == old_name:
                draft.display = name
        if display is not None:
            draft.display = display
        if kind is not None:
            draft.kind = kind
    if note is not None:
        draft.note = note
    draft.remove(exclude)
    for attr, texts in lists.items():
        draft.add(attr, texts)
    if user:
        given = [t for texts in lists.values() for t in texts]
        if name is not None:
            given.append(name)
        _take_over(draft, given, drafts)
        for text in given:
            overrides[text] = code
        for text in exclude:
            if overrides.get(text) == code:
                del overrides[text]


def _take_over(owner: _Draft, texts: Iterable[str], drafts: Mapping[str, _Draft]) -> None:
    """Remove forms a user file gave to ``owner`` from every other government's lists."""
    wanted = set(texts)
    for other in drafts.values():
        if other is owner:
            continue
        taken = {t for t in wanted if any(t in v for v in other.lists.values())}
        if taken:
            other.remove(taken)
            logger.info(
                "actors file moves %s from %s to %s",
                ", ".join(sorted(taken)),
                other.code,
                owner.code,
            )


def _make_person(rec: dict[str, Any], drafts: Mapping[str, _Draft], *, where: str) -> Person:
    _check_fields(rec, _PERSON_FIELDS, where=where, what="person")
    name = _opt_str(rec, "name", where=where)
    if name is None:
        raise RegistryError(f'{where}: person record needs "name"; add the full name')
    code = _code(rec["government"], where=where, key="government")
    if code not in drafts:
        raise RegistryError(
            f"{where}: person {name!r}: unknown government code {code!r}; use an ISO 3166-1 "
            "alpha-3 code or declare the party in a government record first"
        )
    start = _opt_date(rec, "from", where=where)
    end = _opt_date(rec, "to", where=where)
    if start and end and end < start:
        raise RegistryError(f'{where}: person {name!r}: "to" ({end}) is before "from" ({start})')
    return Person(
        name=name,
        aliases=_unique(_str_list(rec, "aliases", where=where)),
        government=code,
        role=_opt_str(rec, "role", where=where) or "",
        start=start,
        end=end,
    )


def _read_toml(path: Path, roles: _Roles) -> None:
    if not path.is_file():
        raise RegistryError(f"{path}: no such roles file; check the path given to --actors")
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path}: not valid TOML ({exc}); fix the syntax there") from exc
    allowed = [f"{t}.{k}" for t, keys in _ROLE_KEYS.items() for k in keys]
    for table, body in data.items():
        if table not in _ROLE_KEYS or not isinstance(body, dict):
            raise RegistryError(
                f"{path}: unknown table [{table}]{_did_you_mean(table, list(_ROLE_KEYS))}; "
                f"allowed keys: {', '.join(allowed)}"
            )
        for key, values in body.items():
            dotted = f"{table}.{key}"
            if key not in _ROLE_KEYS[table]:
                raise RegistryError(
                    f"{path}: unknown key {dotted}{_did_you_mean(dotted, allowed)}; allowed "
                    f"keys: {', '.join(allowed)}"
                )
            if not isinstance(values, list) or not all(
                isinstance(v, str) and v.strip() for v in values
            ):
                raise RegistryError(f"{path}: {dotted} must be a list of non-empty strings")
            if dotted == "institutions.patterns":
                for pattern in values:
                    _check_pattern(pattern, where=str(path))
            target = {
                "titles.government": roles.titles,
                "institutions.generic": roles.institutions,
                "institutions.patterns": roles.patterns,
                "non_government.roles": roles.non_government,
                "non_government.phrases": roles.non_government_phrases,
            }[dotted]
            target.extend(v.strip() for v in values)


def _check_pattern(pattern: str, *, where: str) -> None:
    names = set(re.findall(r"{(\w*)}", pattern))
    if "institution" not in names or not names <= _PATTERN_FIELDS or len(names) > 2:
        raise RegistryError(
            f"{where}: institution pattern {pattern!r} must contain {{institution}} and at "
            "most one of {name} or {demonym}"
        )


# --------------------------------------------------------------------------- validation


def _check_fields(
    rec: Mapping[str, Any], allowed: frozenset[str], *, where: str, what: str
) -> None:
    unknown = sorted(set(rec) - allowed)
    if unknown:
        bad = unknown[0]
        raise RegistryError(
            f"{where}: unknown field {bad!r} in a {what} record"
            f"{_did_you_mean(bad, sorted(allowed))}; allowed fields: {', '.join(sorted(allowed))}"
        )


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _code(value: Any, *, where: str, key: str) -> str:
    code = value.strip().upper() if isinstance(value, str) else ""
    if not _CODE_RE.match(code):
        raise RegistryError(
            f"{where}: {key!r} must be a code of 2-16 letters, digits or '_' (ISO 3166-1 "
            f'alpha-3 such as "MEX"), not {json.dumps(value, ensure_ascii=False)}'
        )
    return code


def _opt_str(rec: Mapping[str, Any], key: str, *, where: str) -> str | None:
    value = rec.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise RegistryError(f"{where}: {key!r} must be a non-empty string")
    return value.strip()


def _str_list(rec: Mapping[str, Any], key: str, *, where: str) -> list[str]:
    value = rec.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        raise RegistryError(
            f'{where}: {key!r} must be a list of strings; write ["{value}"], not "{value}"'
        )
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RegistryError(f"{where}: {key!r} must be a list of non-empty strings")
    return [v.strip() for v in value]


def _opt_date(rec: Mapping[str, Any], key: str, *, where: str) -> str | None:
    value = rec.get(key)
    if value is None:
        return None
    return _parse_date(value, where=where, key=key)


def _parse_date(value: Any, *, where: str, key: str) -> str:
    ok = isinstance(value, str) and _DATE_RE.match(value)
    if ok:
        try:
            date.fromisoformat(value)
        except ValueError:
            ok = False
    if not ok:
        raise RegistryError(
            f"{where}: {key!r} must be an ISO date (YYYY-MM-DD), not "
            f"{json.dumps(value, ensure_ascii=False)}"
        )
    return str(value)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


# --------------------------------------------------------------------------- phrases


def _resolve_phrases(reg: Registry) -> tuple[tuple[Phrase, ...], tuple[PhraseConflict, ...]]:
    # text -> code -> best (highest-priority) kind that code has for the text
    claims: dict[str, dict[str, str]] = {}

    def claim(text: str, code: str, kind: str) -> None:
        per_code = claims.setdefault(text, {})
        old = per_code.get(code)
        if old is None or _KIND_RANK[kind] < _KIND_RANK[old]:
            per_code[code] = kind

    for gov in reg.governments.values():
        for text, kind in gov.surface_forms():
            claim(text, gov.code, kind)
    for person in reg.people:
        for text in (person.name, *person.aliases):
            claim(text, person.government, "person")

    phrases: list[Phrase] = []
    conflicts: list[PhraseConflict] = []
    for text, per_code in claims.items():
        if len(per_code) == 1:
            ((code, kind),) = per_code.items()
            phrases.append(Phrase(text, code, kind))
            continue
        codes = tuple(sorted(per_code))
        forced = reg.overrides.get(text)
        kept: str | None
        if forced in per_code:
            kept, reason = forced, "user file"
        else:
            best = min(_KIND_RANK[k] for k in per_code.values())
            winners = [c for c in codes if _KIND_RANK[per_code[c]] == best]
            kept, reason = (winners[0], "kind priority") if len(winners) == 1 else (None, "tie")
        conflicts.append(PhraseConflict(text, codes, kept, reason))
        if kept is None:
            logger.warning(
                "registry: %r is claimed by %s with the same priority; dropped (give it to one "
                "government in an actors file)",
                text,
                ", ".join(codes),
            )
        else:
            logger.info(
                "registry: %r is claimed by %s; kept %s (%s)", text, ", ".join(codes), kept, reason
            )
            phrases.append(Phrase(text, kept, per_code[kept]))
    phrases.sort(key=lambda p: (p.code, _KIND_RANK[p.kind], p.text))
    conflicts.sort(key=lambda c: c.text)
    return tuple(phrases), tuple(conflicts)


def _government_dict(gov: Government) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": gov.code,
        "name": gov.name,
        "display": gov.display,
        "kind": gov.kind,
    }
    for attr, _ in _LIST_FIELDS:
        out[attr] = list(getattr(gov, attr))
    out["note"] = gov.note
    return out
