"""Build the world people registry from Wikidata-derived office-holder tables (``make registry``).

The sources are the CSV tables that the EveryPolitician project publishes from Wikidata
(CC0, see docs/registry.md):

- the office-holder table of one repository a country (``every-politician-scrapers/<name>``,
  ``html/holders21.csv``; ``[holders.repos]`` of ``people_sources.toml`` lists 178): every
  holder of the country's cabinet-level posts since about 2000, with days in office. Only
  the newest version is read: it holds the whole history;
- heads of state and government of every country (``world-leaders-2021``,
  ``data/wikidata.csv``) and foreign ministers (``world``, ``sources/foreign/wikidata.csv``):
  every committed version is read, so people who left office between two versions are kept.

Each source may be a CSV file, a checkout or a bare git directory (``--holders`` takes a
folder of such clones, named after the repositories). Rules (the data in
``briefing/data/people_sources.toml``):

- a country table's positions are kept when a ``[holders.roles]`` pattern matches the whole
  position, which gives the role ("Minister of Foreign Affairs" -> "Foreign Minister");
  spouses, bilateral ambassadors and other posts match none;
- the leaders' country labels become ISO 3166-1 alpha-3 codes with pycountry, else the
  ``countries`` table; their role is the position without its country ("President of
  Chile" -> "President") and must be a role these tables write;
- positions matching a ``skip`` pattern are left out (a monarch of another realm, a
  governor-general, a co-prince), and so are holders without an English label or with a
  one-word name;
- for one person in one post a country table replaces the leaders' years; a term without
  an end in the leaders' tables ends when the next holder of the same post begins, and any
  open term ends when a later holder in ``--successors`` (the hand-kept people.jsonl) begins;
- years only: ``from`` is 1 January of the first year and ``to`` 31 December of the last
  (the widest term the source allows); a month: its first and last day;
- terms that ended before ``--since`` (default 2000-01-01) are dropped; a name held for
  several governments keeps the government of its latest term.

The output is validated (no duplicate keys, dates ordered, codes ISO 3166-1 or declared in
governments.jsonl, roles known; an error names the source row) and written as a
``people.jsonl``-format file (``--out X.jsonl``, for ``--actors``) or as the compact
``briefing/data/people_world.json`` the package ships (``--out X.json``), with the sources'
commits in ``--provenance``.

Usage::

    python scripts/build_people.py --holders DIR --leaders PATH --foreign PATH
        --successors briefing/data/people.jsonl --out briefing/data/people_world.json
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pycountry

sys.path.insert(0, str(Path(__file__).resolve().parent))  # its sibling modules, run or imported

from people_output import (
    WORLD_FIELDS,
    compact,
    registry_codes,
    source_commit,
    validate,
    write_jsonl,
    write_world,
)
from people_tables import (
    Term,
    holders_clone,
    newest_version,
    read_foreign,
    read_holders,
    read_leaders,
    table_versions,
)

__all__ = [
    "WORLD_FIELDS",
    "Rules",
    "build",
    "compact",
    "known_roles",
    "load_rules",
    "one_government_per_name",
    "registry_codes",
    "validate",
    "write_jsonl",
    "write_world",
]

DATA = Path(__file__).resolve().parent.parent / "briefing" / "data"
RULES = DATA / "people_sources.toml"
_QID = re.compile(r"^Q\d+$")


@dataclass(frozen=True, slots=True)
class Rules:
    """What the build takes from ``people_sources.toml``."""

    countries: Mapping[str, str]
    skip: tuple[re.Pattern[str], ...]
    roles: Mapping[str, str]
    holders_table: str = "html/holders21.csv"
    holders_owner: str = "every-politician-scrapers"
    holders_repos: Mapping[str, str] = field(default_factory=dict)
    holders_roles: tuple[tuple[re.Pattern[str], str], ...] = ()
    holders_skip: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    min_name_words: int = 2


def load_rules(path: Path = RULES) -> Rules:
    """Read the country table, skip patterns, role names and the office-holder tables."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    holders = data.get("holders", {})
    return Rules(
        countries=dict(data.get("countries", {})),
        skip=tuple(re.compile(p, re.IGNORECASE) for p in data.get("skip", {}).get("positions", [])),
        roles=dict(data.get("roles", {})),
        holders_table=str(holders.get("table", "html/holders21.csv")),
        holders_owner=str(holders.get("owner", "every-politician-scrapers")),
        holders_repos=dict(holders.get("repos", {})),
        holders_roles=tuple(
            (re.compile(rf"(?:{pattern})", re.IGNORECASE), str(role))
            for pattern, role in holders.get("roles", {}).items()
        ),
        holders_skip={r: tuple(v) for r, v in holders.get("skip", {}).items()},
        min_name_words=int(holders.get("min_name_words", 2)),
    )


# -- reading the sources -----------------------------------------------------------------------


def read_holders_root(root: Path, rules: Rules) -> tuple[list[Term], list[str]]:
    """The newest version of every country table under ``root``; notes name the missing ones.

    Only the newest: each version holds the whole history of the posts with days, and some
    older versions listed other countries' office-holders under a generic title ("Minister
    of Foreign Affairs") that later versions removed. ``[holders.skip]`` positions of a
    repository are left out (a realm's monarch, who is the British monarch).
    """
    if not root.is_dir():
        raise SystemExit(
            f"Error: {root}: no such folder; clone the office-holder repositories into it "
            "(make registry-sources, see docs/registry.md) or pass --holders PATH"
        )
    terms: list[Term] = []
    missing: list[str] = []
    for repo, code in sorted(rules.holders_repos.items()):
        clone = holders_clone(root, repo, rules.holders_owner)
        if clone is None:
            missing.append(repo)
            continue
        label, text = newest_version(clone, rules.holders_table)
        terms.extend(read_holders(text, f"{repo}@{label}", code))
    notes = [f"office-holder repository not found under {root}: {r}" for r in missing]
    return terms, notes


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


def clean_name(name: str) -> str:
    """A label without its disambiguation: "Mike Young (agriculture official)" -> "Mike Young"."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", name).strip()


def usable(term: Term, rules: Rules) -> bool:
    """True for a term with an English name of enough words, a Wikidata id, a kept position.

    A one-word name ("Suharto") would match too much text once it is a registry form.
    """
    if not term.name or _QID.match(term.name) or not _QID.match(term.id):
        return False
    if len(term.name.split()) < rules.min_name_words:
        return False
    return not any(p.search(term.position) for p in rules.skip)


def holder_role(position: str, rules: Rules) -> str | None:
    """The registry role of an office-holder table's position, or None for an office not kept.

    The first ``[holders.roles]`` pattern matching the whole position wins.
    """
    for pattern, role in rules.holders_roles:
        if pattern.fullmatch(position):
            return role
    return None


def is_holder(term: Term) -> bool:
    """True for a term read from a country's office-holder table."""
    return term.source.startswith("holders:")


def normalise(term: Term, rules: Rules, dropped: list[str]) -> Term | None:
    """The term with a country code and a role, or None when it is left out."""
    term = replace(term, name=clean_name(term.name))
    if not usable(term, rules):
        return None
    if is_holder(term):
        role = holder_role(term.position, rules)
        repo = term.source.removeprefix("holders:").split("@")[0]
        if role is None or role in rules.holders_skip.get(repo, ()):
            return None
        return replace(term, position=role)
    code = country_code(term.country, rules)
    if code is None:
        if term.country not in rules.countries:
            dropped.append(f"unknown country {term.country!r} ({term.name}, {term.position})")
        return None
    role = role_of(term.position, rules)
    if role.casefold() not in known_roles(rules):
        dropped.append(f"role not kept: {role!r} ({term.name}, {term.position}; {term.source})")
        return None
    return replace(term, country=code, position=role)


def prefer_holders(terms: Iterable[Term]) -> list[Term]:
    """A person's post in an office-holder table replaces the leaders' and ministers' tables.

    Those give years (or a start only); the office-holder tables give days and ends.
    """
    kept = list(terms)
    posts = {(t.id, t.country, t.position) for t in kept if is_holder(t)}
    return [t for t in kept if is_holder(t) or (t.id, t.country, t.position) not in posts]


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
    """A closable term with no end ends when the next holder of the same position begins.

    Terms of the newest version of an office-holder table keep an open end: the source
    says the holder was in office then.
    """
    out: list[Term] = []
    by_post: dict[tuple[str, str], list[Term]] = {}
    for t in terms:
        by_post.setdefault((t.country, t.position), []).append(t)
    for post in sorted(by_post):
        seq = sorted(by_post[post], key=lambda t: (t.start or "", t.id))
        for i, t in enumerate(seq):
            end = t.end
            if end is None and t.closable:
                later = [
                    n.start
                    for n in seq[i + 1 :]
                    if n.start and n.id != t.id and t.start and n.start > t.start
                ]
                end = min(later) if later else None
            out.append(replace(t, end=end))
    return out


def join_overlaps(terms: Iterable[Term]) -> list[Term]:
    """One term for a person's overlapping or touching terms in one post."""
    groups: dict[tuple[str, str, str], list[Term]] = {}
    for t in terms:
        groups.setdefault((t.id, t.country, t.position), []).append(t)
    out: list[Term] = []
    for key in sorted(groups):
        seq = sorted(groups[key], key=lambda t: t.start or "")
        cur = seq[0]
        for nxt in seq[1:]:
            if cur.end is None or nxt.start is None or nxt.start <= cur.end:
                end = None if cur.end is None or nxt.end is None else max(cur.end, nxt.end)
                cur = replace(cur, end=end)
            else:
                out.append(cur)
                cur = nxt
        out.append(cur)
    return out


def read_successors(path: Path) -> list[Term]:
    """The hand-kept people of ``people.jsonl``: later holders of posts the sources end before."""
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        rec = json.loads(line)
        if rec.get("from"):
            out.append(
                Term(
                    id=str(rec.get("id") or rec["name"]),
                    name=str(rec["name"]),
                    country=str(rec["government"]),
                    position=str(rec.get("role") or ""),
                    start=str(rec["from"]),
                    end=rec.get("to"),
                    source=f"successors:{path.name} row {number}",
                )
            )
    return out


def close_by_successors(terms: Sequence[Term], successors: Sequence[Term]) -> list[Term]:
    """An open term ends when a hand-kept holder of the same post begins after it.

    The sources stop in 2022-2023; ``people.jsonl`` names later holders of the main posts
    (a president elected in 2024), so their predecessors leave office that day.
    """
    starts: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for s in successors:
        if s.start:
            starts.setdefault((s.country, s.position), []).append((s.start, s.name))
    out = []
    for t in terms:
        later = [
            day
            for day, name in starts.get((t.country, t.position), [])
            if t.end is None and t.start and day > t.start and name != t.name
        ]
        out.append(replace(t, end=min(later)) if later else t)
    return out


def aliases_of(name: str) -> list[str]:
    """Other spellings of a name: without diacritics when it has some."""
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return [plain] if plain != name else []


def records(
    terms: Iterable[Term], rules: Rules, since: str, successors: Sequence[Term] = ()
) -> tuple[list[dict[str, object]], list[str]]:
    """People records for the registry, and the reasons rows were left out."""
    dropped: list[str] = []
    kept = [n for n in (normalise(t, rules, dropped) for t in terms) if n is not None]
    kept = prefer_holders(kept)
    out: list[dict[str, object]] = []
    closed = close_by_successors(close_open_terms(merge_terms(kept)), successors)
    for t in join_overlaps(closed):
        if t.end is not None and t.end < since:
            continue
        start, end = t.start, t.end
        if start and end and end < start:
            dropped.append(f"end before start ({t.name}, {t.position}, {start}..{end}; {t.source})")
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
                "source": t.source,
            }
        )
    out.sort(key=lambda r: (str(r["government"]), str(r["role"]), str(r["from"]), str(r["id"])))
    return out, sorted(set(dropped))


def one_government_per_name(
    recs: list[dict[str, object]],
) -> tuple[list[dict[str, object]], list[str]]:
    """Keep one government per name: a registry form names one government only.

    A name held for several governments keeps the government of its latest term (a vice
    president of Sudan who became president of South Sudan is South Sudan's); when the
    latest terms of two governments begin the same day, the name is left out.
    """
    latest: dict[str, dict[str, str]] = {}
    for r in recs:
        per_gov = latest.setdefault(str(r["name"]), {})
        start = str(r.get("from") or "")
        gov = str(r["government"])
        per_gov[gov] = max(per_gov.get(gov, ""), start)
    keep: dict[str, str | None] = {}
    notes: list[str] = []
    for name, per_gov in sorted(latest.items()):
        if len(per_gov) == 1:
            continue
        ranked = sorted(per_gov.items(), key=lambda item: item[1], reverse=True)
        if ranked[0][1] == ranked[1][1]:
            keep[name] = None
            notes.append(f"name held for several governments, left out: {name}")
        else:
            keep[name] = ranked[0][0]
            others = ", ".join(sorted(g for g in per_gov if g != ranked[0][0]))
            notes.append(
                f"name held for several governments, kept {ranked[0][0]}: {name} ({others})"
            )
    out = [r for r in recs if keep.get(str(r["name"]), r["government"]) == r["government"]]
    return out, notes


def build(
    leaders: Sequence[Path],
    foreign: Sequence[Path],
    since: str,
    holders: Sequence[Path] = (),
    rules: Rules | None = None,
    successors: Path | None = None,
) -> tuple[list[dict[str, object]], list[str]]:
    """Read every source and return the registry records and the notes on what was left out.

    ``holders`` are folders holding clones of the country office-holder repositories named
    in ``people_sources.toml`` ``[holders.repos]``; ``successors`` is a people file (the
    shipped ``people.jsonl``) whose later holders close the sources' open terms.
    """
    rules = rules or load_rules()
    terms: list[Term] = []
    notes: list[str] = []
    for src in leaders:
        for label, text in table_versions(src, "data/wikidata.csv"):
            terms.extend(read_leaders(text, label))
    for src in foreign:
        for label, text in table_versions(src, "sources/foreign/wikidata.csv"):
            terms.extend(read_foreign(text, label))
    for root in holders:
        found, missing = read_holders_root(root, rules)
        terms.extend(found)
        notes.extend(missing)
    later = read_successors(successors) if successors else []
    recs, dropped = records(terms, rules, since, later)
    recs, more = one_government_per_name(recs)
    return recs, notes + dropped + more


def known_roles(rules: Rules) -> frozenset[str]:
    """The roles a registry record may carry: the roles ``people_sources.toml`` writes."""
    return _known_roles(tuple(rules.roles.values()), tuple(r for _, r in rules.holders_roles))


@functools.cache
def _known_roles(roles: tuple[str, ...], holder_roles: tuple[str, ...]) -> frozenset[str]:
    return frozenset(r.casefold() for r in (*roles, *holder_roles) if r)


def provenance(
    leaders: Sequence[Path], foreign: Sequence[Path], holders: Sequence[Path], rules: Rules
) -> dict[str, object]:
    """Where the registry came from: each source repository, its commit and its table."""
    rows: list[dict[str, str]] = []

    def add(repo: str, path: Path, table: str, government: str = "") -> None:
        commit, day = source_commit(path)
        row = {"repository": repo, "table": table, "commit": commit, "date": day}
        if government:
            row["government"] = government
        rows.append(row)

    for src in leaders:
        add(f"{rules.holders_owner}/world-leaders-2021", src, "data/wikidata.csv")
    for src in foreign:
        add(f"{rules.holders_owner}/world", src, "sources/foreign/wikidata.csv")
    for root in holders:
        for repo, code in sorted(rules.holders_repos.items()):
            clone = holders_clone(root, repo, rules.holders_owner)
            if clone is not None:
                add(f"{rules.holders_owner}/{repo}", clone, rules.holders_table, code)
    return {
        "generated_by": "scripts/build_people.py (make registry)",
        "licence": "CC0 1.0: Wikidata query results published by EveryPolitician",
        "sources": rows,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Build the registry file from the sources given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--leaders", type=Path, action="append", default=[])
    parser.add_argument("--foreign", type=Path, action="append", default=[])
    parser.add_argument(
        "--holders",
        type=Path,
        action="append",
        default=[],
        help="a folder holding clones of the [holders.repos] repositories",
    )
    parser.add_argument("--since", default="2000-01-01")
    parser.add_argument(
        "--successors",
        type=Path,
        help="a people file whose later holders close open terms (briefing/data/people.jsonl)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        help="a .jsonl people file (for --actors), or the compact .json the package ships",
    )
    parser.add_argument("--provenance", type=Path, help="also write the sources as JSON here")
    args = parser.parse_args(argv)
    if not args.leaders and not args.foreign and not args.holders:
        parser.error("give at least one --leaders, --foreign or --holders source")
    rules = load_rules()
    recs, notes = build(
        args.leaders, args.foreign, args.since, args.holders, rules, args.successors
    )
    problems = validate(recs, registry_codes(), known_roles(rules))
    if problems:
        for line in problems:
            print(f"Error: {line}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if args.out.suffix == ".json":
        write_world(recs, args.out)  # the compact form shipped in briefing/data
    else:
        write_jsonl((compact(r) for r in recs), args.out)
    if args.provenance:
        prov = provenance(args.leaders, args.foreign, args.holders, rules)
        prov["people"] = len(recs)
        args.provenance.write_text(
            json.dumps(prov, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    for line in notes:
        print(f"note: {line}", file=sys.stderr)
    print(f"wrote {len(recs)} people to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
