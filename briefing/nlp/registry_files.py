"""Loading the registry's data files, and validating every record with a message naming the fix.

Reads pycountry's ISO 3166-1 records, ``governments.jsonl``, ``people.jsonl``,
``roles.toml``, ``places.toml`` and the user's ``--actors`` files, in that order (see
``briefing.nlp.registry`` for the merge rules), and returns plain data for a ``Registry``.
"""

from __future__ import annotations

import difflib
import functools
import importlib.util
import json
import logging
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from briefing.errors import RegistryError
from briefing.nlp.registry_records import GOVERNMENT_KINDS, LIST_FIELDS, Government, Person

__all__ = ["LoadedData", "load_data", "parse_date"]

logger = logging.getLogger("briefing.nlp.registry")

_GOVERNMENT_FIELDS = frozenset(
    {"code", "name", "display", "kind", "exclude", "note", *(f for f, _ in LIST_FIELDS)}
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


@dataclass(frozen=True, slots=True)
class LoadedData:
    """Everything the files hold, merged: the fields of a ``Registry``."""

    governments: dict[str, Government]
    people: tuple[Person, ...]
    government_titles: tuple[str, ...]
    generic_institutions: tuple[str, ...]
    non_government_roles: tuple[str, ...]
    institution_patterns: tuple[str, ...]
    non_government_phrases: tuple[str, ...]
    overrides: dict[str, str]
    places: dict[str, tuple[str, ...]]


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


WORLD_FILE = "people_world.json"
"""The world registry of office-holders in ``data_dir`` (built by ``scripts/build_people.py``).

A compact form of person records: one JSON document, ``{"fields": [...], "people": [[...],
...]}``, one person a line; ``fields`` names the columns (``name``, ``government``, ``role``,
``from``, ``to``, ``id``, ``aliases``). One parse of the whole file costs a fifth of parsing
its records line by line.
"""
WORLD_FIELDS = ("name", "government", "role", "from", "to", "id", "aliases")


def load_data(extra: tuple[Path, ...], data_dir: Path, *, world: bool = True) -> LoadedData:
    """Read and merge the shipped files in ``data_dir``, then ``extra``, in order.

    With ``world``, the world registry (``people_world.jsonl``, when ``data_dir`` holds it)
    comes first among the people, so the hand-kept ``people.jsonl`` and user files follow it.
    """
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
    world_path = data_dir / WORLD_FILE
    if world and world_path.is_file():
        people.extend(_read_world_people(world_path, drafts))
    for path, _user, line, rec in records:
        if "government" in rec:
            people.append(_make_person(rec, drafts, where=f"{path}:{line}"))

    return LoadedData(
        governments={code: drafts[code].freeze() for code in sorted(drafts)},
        people=tuple(people),
        government_titles=_unique(roles.titles),
        generic_institutions=_unique(roles.institutions),
        non_government_roles=_unique(roles.non_government),
        institution_patterns=_unique(roles.patterns),
        non_government_phrases=_unique(roles.non_government_phrases),
        overrides=dict(sorted(overrides.items())),
        places=_places(data_dir / "places.toml", roles.non_government_phrases),
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
        lists: dict[str, list[str]] = {attr: [] for attr, _ in LIST_FIELDS}
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
    lists = {attr: _str_list(rec, attr, where=where) for attr, _ in LIST_FIELDS}
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
            lists={attr: [] for attr, _ in LIST_FIELDS},
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


def _read_world_people(path: Path, drafts: Mapping[str, _Draft]) -> Iterator[Person]:
    """The world registry's people, checked as cheaply as a file of thousands allows.

    The builder validated the file (``scripts/build_people.py``, and a test checks the
    shipped one); here each row only needs its fields, a known code and ordered dates.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        fields = tuple(data["fields"])
        rows = data["people"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise RegistryError(
            f"{path}: not a world registry file ({exc}); rebuild it with make registry"
        ) from exc
    if fields != WORLD_FIELDS:
        raise RegistryError(f"{path}: fields {list(fields)}, expected {list(WORLD_FIELDS)}")
    for number, row in enumerate(rows, start=1):
        where = f"{path}: person {number}"
        if not isinstance(row, list) or len(row) != len(WORLD_FIELDS):
            raise RegistryError(f"{where}: expected a list of {len(WORLD_FIELDS)} values")
        name, code, role, start, end, _id, aliases = row
        if code not in drafts:
            raise RegistryError(f"{where} ({name!r}): unknown government code {code!r}")
        for key, value in (("from", start), ("to", end)):
            if value is not None and not (isinstance(value, str) and _DATE_RE.match(value)):
                parse_date(value, where=where, key=key)
        if start and end and end < start:
            raise RegistryError(f'{where} ({name!r}): "to" ({end}) is before "from" ({start})')
        yield Person(
            name=name,
            aliases=tuple(aliases),
            government=code,
            role=role,
            start=start,
            end=end,
            world=True,
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
    return parse_date(value, where=where, key=key)


def parse_date(value: Any, *, where: str, key: str) -> str:
    """Return ``value`` if it is an ISO date (YYYY-MM-DD), else raise naming ``where``/``key``."""
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
