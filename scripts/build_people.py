"""Build a people registry (``people.jsonl`` format) from Wikidata-derived office-holder tables.

The sources are the CSV tables that the EveryPolitician project publishes from Wikidata
(CC0): heads of state and government of every country
(``every-politician-scrapers/world-leaders-2021``, ``data/wikidata.csv``) and foreign
ministers (``every-politician-scrapers/world``, ``sources/foreign/wikidata.csv``). Each
source may be a CSV file, a checkout of its repository, or a bare git directory; in a git
directory every committed version of the table is read, so people who left office between
two versions are kept with their dates.

The output is one JSON object a line, the format of ``briefing/data/people.jsonl`` with two
more fields: ``id`` (the Wikidata item) and ``source``. Rules (the data in
``briefing/data/people_sources.toml``):

- country labels become ISO 3166-1 alpha-3 codes with pycountry, else the ``countries`` table;
- positions matching a ``skip`` pattern are left out (a monarch of another realm, a
  governor-general, a co-prince), and so are holders without an English label;
- the role is the position without its country ("President of Chile" -> "President");
- a term without an end ends when the next holder of the same position begins;
- sources give years only for heads of state and government: ``from`` is then 1 January of
  the first year and ``to`` 31 December of the last (the widest term the source allows);
- terms that ended before ``--since`` (default 2000-01-01) are dropped.

Usage::

    python scripts/build_people.py --leaders PATH --foreign PATH --out people_world.jsonl
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pycountry

RULES = Path(__file__).resolve().parent.parent / "briefing" / "data" / "people_sources.toml"
_QID = re.compile(r"^Q\d+$")


@dataclass(frozen=True, slots=True)
class Term:
    """One term in office as the sources give it."""

    id: str
    name: str
    country: str
    position: str
    start: str | None
    end: str | None
    source: str


@dataclass(frozen=True, slots=True)
class Rules:
    """What the build takes from ``people_sources.toml``."""

    countries: Mapping[str, str]
    skip: tuple[re.Pattern[str], ...]
    roles: Mapping[str, str]


def load_rules(path: Path = RULES) -> Rules:
    """Read the country table, skip patterns and role names."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return Rules(
        countries=dict(data.get("countries", {})),
        skip=tuple(re.compile(p, re.IGNORECASE) for p in data.get("skip", {}).get("positions", [])),
        roles=dict(data.get("roles", {})),
    )


# -- reading the sources -----------------------------------------------------------------------


def table_versions(source: Path, inside: str) -> Iterator[tuple[str, str]]:
    """Yield (version label, CSV text) for a CSV file, a checkout, or every commit of a git dir."""
    if not source.exists():
        raise SystemExit(
            f"Error: {source}: no such file or folder; clone the source repository (see "
            "docs/registry.md) and pass its path (make registry LEADERS=... FOREIGN=...)"
        )
    if source.is_file():
        yield source.name, source.read_text(encoding="utf-8")
        return
    if (source / inside).is_file():
        yield inside, (source / inside).read_text(encoding="utf-8")
        return
    git = ["git", "--git-dir", str(source)]
    try:
        log = subprocess.run(
            [*git, "log", "--format=%H", "--", inside], check=True, capture_output=True, text=True
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError) as exc:
        raise SystemExit(
            f"Error: {source}: neither a CSV file, a checkout holding {inside}, nor a git "
            "directory; pass the folder of a clone of the source repository"
        ) from exc
    for commit in reversed(log):
        text = subprocess.run(
            [*git, "show", f"{commit}:{inside}"], check=True, capture_output=True
        ).stdout.decode("utf-8")
        yield commit[:12], text


def _year(value: str, *, end: bool) -> str | None:
    value = (value or "").strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    if re.fullmatch(r"\d{4}", value):
        return f"{value}-12-31" if end else f"{value}-01-01"
    return None


def read_leaders(text: str, label: str) -> Iterator[Term]:
    """Terms from a heads-of-state-and-government table (two header spellings exist)."""
    for row in csv.DictReader(io.StringIO(text)):
        name = row.get("officeholderLabel") or row.get("officeholderItemLabel") or ""
        yield Term(
            id=row.get("officeholder", ""),
            name=name.strip(),
            country=(row.get("country") or "").strip(),
            position=(row.get("positionLabel") or row.get("positionItemLabel") or "").strip(),
            start=_year(row.get("start_year", ""), end=False),
            end=_year(row.get("end_year", ""), end=True),
            source=f"leaders@{label}",
        )


def read_foreign(text: str, label: str) -> Iterator[Term]:
    """Terms from a current-foreign-ministers table (start dates only)."""
    for row in csv.DictReader(io.StringIO(text)):
        yield Term(
            id=row.get("person", ""),
            name=(row.get("name") or "").strip(),
            country=(row.get("countryLabel") or "").strip(),
            position=(row.get("positionLabel") or "").strip(),
            start=_year(row.get("start", "")[:10], end=False),
            end=None,
            source=f"foreign@{label}",
        )


# -- normalising -------------------------------------------------------------------------------


def country_code(label: str, rules: Rules) -> str | None:
    """ISO 3166-1 alpha-3 code of a country label ("Ivory Coast" -> "CIV"), or None."""
    if label in rules.countries:
        return rules.countries[label] or None
    try:
        return str(pycountry.countries.lookup(label).alpha_3)
    except LookupError:
        pass
    try:
        hits = pycountry.countries.search_fuzzy(label)
    except LookupError:
        return None
    return str(hits[0].alpha_3) if len(hits) == 1 else None


def role_of(position: str, rules: Rules) -> str:
    """The title without its country: "Prime Minister of Japan" -> "Prime Minister"."""
    for pattern, role in rules.roles.items():
        if re.search(pattern, position, re.IGNORECASE):
            return role
    head = re.split(r"\s+(?:of|for)\s+(?:the\s+)?[A-Z]", position, maxsplit=1)[0].strip()
    return head[:1].upper() + head[1:]


def usable(term: Term, rules: Rules) -> bool:
    """True for a term with an English name, a Wikidata id and a position not skipped."""
    if not term.name or _QID.match(term.name) or not _QID.match(term.id):
        return False
    return not any(p.search(term.position) for p in rules.skip)


def merge_terms(terms: Iterable[Term]) -> list[Term]:
    """One term per (person, country, position, start); the latest version's end wins."""
    merged: dict[tuple[str, str, str, str | None], Term] = {}
    for t in terms:
        key = (t.id, t.country, t.position, t.start)
        old = merged.get(key)
        if old is None or (t.end and (old.end is None or t.end > old.end)):
            merged[key] = t
    return sorted(merged.values(), key=lambda t: (t.country, t.position, t.start or "", t.id))


def close_open_terms(terms: Sequence[Term]) -> list[Term]:
    """A term with no end ends when the next holder of the same position begins."""
    out: list[Term] = []
    by_post: dict[tuple[str, str], list[Term]] = {}
    for t in terms:
        by_post.setdefault((t.country, t.position), []).append(t)
    for post in sorted(by_post):
        seq = sorted(by_post[post], key=lambda t: (t.start or "", t.id))
        for i, t in enumerate(seq):
            end = t.end
            if end is None:
                later = [
                    n.start
                    for n in seq[i + 1 :]
                    if n.start and n.id != t.id and t.start and n.start > t.start
                ]
                end = min(later) if later else None
            out.append(Term(t.id, t.name, t.country, t.position, t.start, end, t.source))
    return out


def aliases_of(name: str) -> list[str]:
    """Other spellings of a name: without diacritics when it has some."""
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return [plain] if plain != name else []


def records(
    terms: Iterable[Term], rules: Rules, since: str
) -> tuple[list[dict[str, object]], list[str]]:
    """People records for the registry, and the reasons rows were left out."""
    dropped: list[str] = []
    kept: list[Term] = []
    for t in terms:
        if not usable(t, rules):
            continue
        code = country_code(t.country, rules)
        if code is None:
            if t.country not in rules.countries:
                dropped.append(f"unknown country {t.country!r} ({t.name}, {t.position})")
            continue
        role = role_of(t.position, rules)
        kept.append(Term(t.id, t.name, code, role, t.start, t.end, t.source))
    out: list[dict[str, object]] = []
    for t in close_open_terms(merge_terms(kept)):
        if t.end is not None and t.end < since:
            continue
        start, end = t.start, t.end
        if start and end and end < start:
            dropped.append(f"end before start ({t.name}, {t.position}, {start}..{end})")
            continue
        out.append(
            {
                "name": t.name,
                "aliases": aliases_of(t.name),
                "government": t.country,
                "role": t.position,
                "from": start,
                "to": end,
                "id": t.id,
                "source": t.source.split("@")[0],
            }
        )
    out.sort(key=lambda r: (str(r["government"]), str(r["role"]), str(r["from"]), str(r["id"])))
    return out, sorted(set(dropped))


def one_government_per_name(
    recs: list[dict[str, object]],
) -> tuple[list[dict[str, object]], list[str]]:
    """Drop names two governments share: a registry form names one government only."""
    govs: dict[str, set[str]] = {}
    for r in recs:
        govs.setdefault(str(r["name"]), set()).add(str(r["government"]))
    shared = {n for n, g in govs.items() if len(g) > 1}
    notes = [f"name held for several governments, left out: {n}" for n in sorted(shared)]
    return [r for r in recs if r["name"] not in shared], notes


def build(
    leaders: Sequence[Path], foreign: Sequence[Path], since: str
) -> tuple[list[dict[str, object]], list[str]]:
    """Read every source and return the registry records and the notes on what was left out."""
    rules = load_rules()
    terms: list[Term] = []
    for src in leaders:
        for label, text in table_versions(src, "data/wikidata.csv"):
            terms.extend(read_leaders(text, label))
    for src in foreign:
        for label, text in table_versions(src, "sources/foreign/wikidata.csv"):
            terms.extend(read_foreign(text, label))
    recs, notes = records(terms, rules, since)
    recs, more = one_government_per_name(recs)
    return recs, notes + more


def validate(recs: Sequence[Mapping[str, object]], known_codes: Iterable[str] = ()) -> list[str]:
    """Problems of a people registry: duplicate keys, unordered dates, unknown codes.

    The key of a record is (id or name, government, role, from). Codes must be ISO 3166-1
    alpha-3 or one of ``known_codes`` (the registry's own, such as ``XKX``).
    """
    iso = {c.alpha_3 for c in pycountry.countries} | set(known_codes)
    seen: set[tuple[str, str, str, str]] = set()
    problems: list[str] = []
    for n, r in enumerate(recs, 1):
        key = (
            str(r.get("id") or r.get("name")),
            str(r["government"]),
            str(r.get("role")),
            str(r.get("from")),
        )
        if key in seen:
            problems.append(f"record {n}: duplicate key {key}")
        seen.add(key)
        start, end = r.get("from"), r.get("to")
        for field_name, value in (("from", start), ("to", end)):
            if value is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
                problems.append(f"record {n}: {field_name} {value!r} is not YYYY-MM-DD")
        if start and end and str(end) < str(start):
            problems.append(f"record {n}: to {end} is before from {start}")
        if r["government"] not in iso:
            problems.append(f"record {n}: unknown government code {r['government']!r}")
        if not str(r.get("name") or "").strip():
            problems.append(f"record {n}: no name")
    return problems


def write_jsonl(recs: Iterable[Mapping[str, object]], out: Path) -> None:
    """Write the records atomically, one JSON object a line."""
    tmp = out.with_suffix(out.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for r in recs:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    tmp.replace(out)


def main(argv: Sequence[str] | None = None) -> int:
    """Build the registry file from the sources given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--leaders", type=Path, action="append", default=[])
    parser.add_argument("--foreign", type=Path, action="append", default=[])
    parser.add_argument("--since", default="2000-01-01")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if not args.leaders and not args.foreign:
        parser.error("give at least one --leaders or --foreign source")
    recs, notes = build(args.leaders, args.foreign, args.since)
    problems = validate(recs, ("XKX",))
    if problems:
        for line in problems:
            print(f"Error: {line}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_jsonl(recs, args.out)
    for line in notes:
        print(f"note: {line}", file=sys.stderr)
    print(f"wrote {len(recs)} people to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
