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
import calendar
import csv
import functools
import io
import json
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pycountry

DATA = Path(__file__).resolve().parent.parent / "briefing" / "data"
RULES = DATA / "people_sources.toml"
GOVERNMENTS = DATA / "governments.jsonl"
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
    closable: bool = True  # an open end may be closed by the next holder's start


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
    if (source / inside).is_file() and not (source / ".git").exists():
        yield inside, (source / inside).read_text(encoding="utf-8")
        return
    git = ["git", "--git-dir", str(source / ".git" if (source / ".git").exists() else source)]
    try:
        log = subprocess.run(
            [*git, "log", "--format=%H", "--", inside], check=True, capture_output=True, text=True
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError) as exc:
        raise SystemExit(
            f"Error: {source}: neither a CSV file, a checkout holding {inside}, nor a git "
            "directory; pass the folder of a clone of the source repository"
        ) from exc
    commits = list(reversed(log))
    for commit, blob in zip(commits, _blobs(git, [f"{c}:{inside}" for c in commits]), strict=True):
        if blob is not None:
            yield commit[:12], blob.decode("utf-8")


def _blobs(git: Sequence[str], specs: Sequence[str]) -> list[bytes | None]:
    """The contents of ``commit:path`` objects, read by one ``git cat-file --batch``."""
    if not specs:
        return []
    out = subprocess.run(
        [*git, "cat-file", "--batch"],
        input=("\n".join(specs) + "\n").encode("utf-8"),
        check=True,
        capture_output=True,
    ).stdout
    blobs: list[bytes | None] = []
    pos = 0
    for _ in specs:
        eol = out.index(b"\n", pos)
        header = out[pos:eol].split()
        pos = eol + 1
        if len(header) < 3 or header[1] != b"blob":
            blobs.append(None)  # "missing": the path is absent in that commit
            continue
        size = int(header[2])
        blobs.append(out[pos : pos + size])
        pos += size + 1
    return blobs


def newest_version(source: Path, inside: str) -> tuple[str, str]:
    """(version label, CSV text) of the newest version of a table: the last of ``table_versions``.

    In a git directory only the newest commit is read.
    """
    if source.is_dir() and not (source / inside).is_file():
        git = ["git", "--git-dir", str(source / ".git" if (source / ".git").exists() else source)]
        commit = subprocess.run(
            [*git, "log", "-1", "--format=%H", "--", inside],
            check=False,
            capture_output=True,
            text=True,
        ).stdout.strip()
        blob = _blobs(git, [f"{commit}:{inside}"])[0] if commit else None
        if blob is not None:
            return commit[:12], blob.decode("utf-8")
    versions = list(table_versions(source, inside))
    if not versions:
        raise SystemExit(f"Error: {source}: holds no {inside}; pass a clone of the repository")
    return versions[-1]


def _year(value: str, *, end: bool) -> str | None:
    value = (value or "").strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    if re.fullmatch(r"\d{4}", value):
        return f"{value}-12-31" if end else f"{value}-01-01"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        last = calendar.monthrange(int(value[:4]), int(value[5:]))[1]
        return f"{value}-{last:02d}" if end else f"{value}-01"
    return None


def read_leaders(text: str, label: str) -> Iterator[Term]:
    """Terms from a heads-of-state-and-government table (two header spellings exist)."""
    for number, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        name = row.get("officeholderLabel") or row.get("officeholderItemLabel") or ""
        yield Term(
            id=row.get("officeholder", ""),
            name=name.strip(),
            country=(row.get("country") or "").strip(),
            position=(row.get("positionLabel") or row.get("positionItemLabel") or "").strip(),
            start=_year(row.get("start_year", ""), end=False),
            end=_year(row.get("end_year", ""), end=True),
            source=f"leaders:world-leaders-2021@{label} row {number}",
        )


def read_foreign(text: str, label: str) -> Iterator[Term]:
    """Terms from a current-foreign-ministers table (start dates only)."""
    for number, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        yield Term(
            id=row.get("person", ""),
            name=(row.get("name") or "").strip(),
            country=(row.get("countryLabel") or "").strip(),
            position=(row.get("positionLabel") or "").strip(),
            start=_year(row.get("start", "")[:10], end=False),
            end=None,
            source=f"foreign:world@{label} row {number}",
        )


def read_holders(text: str, label: str, code: str) -> Iterator[Term]:
    """Terms from a country's office-holder table (position, person, personID, start, end).

    The country is the repository's (``code``); ``source`` names the repository version and
    the row, so a validation error points at the row to check.
    """
    for row_number, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        yield Term(
            id=(row.get("personID") or "").strip(),
            name=(row.get("person") or "").strip(),
            country=code,
            position=(row.get("position") or "").strip(),
            start=_year(row.get("start", ""), end=False),
            end=_year(row.get("end", ""), end=True),
            source=f"holders:{label} row {row_number}",
            closable=False,
        )


def holders_clone(root: Path, repo: str, owner: str) -> Path | None:
    """The clone of one country repository under ``root``, or None.

    ``ROOT/NAME`` (a checkout or a bare clone), ``ROOT/NAME.git``, or the mirror layout
    ``ROOT/OWNER+NAME/repo``.
    """
    for candidate in (root / repo, root / f"{repo}.git", root / f"{owner}+{repo}" / "repo"):
        if candidate.exists():
            return candidate
    return None


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


def validate(
    recs: Sequence[Mapping[str, object]],
    known_codes: Iterable[str] = (),
    roles: Iterable[str] = (),
) -> list[str]:
    """Problems of a people registry: duplicate keys, unordered dates, unknown codes or roles.

    The key of a record is (id or name, government, role, from). Codes must be ISO 3166-1
    alpha-3 or one of ``known_codes`` (the registry's own, such as ``XKX``); with ``roles``,
    every role must be one of them (in any case). A problem names the record's number and,
    when it has one, its ``source`` (the source table's version and row).
    """
    iso = {c.alpha_3 for c in pycountry.countries} | set(known_codes)
    allowed = {r.casefold() for r in roles}
    seen: set[tuple[str, str, str, str]] = set()
    problems: list[str] = []
    for n, r in enumerate(recs, 1):
        where = (
            f"record {n} ({r['source']})"
            if str(r.get("source", "")).count(" row ")
            else f"record {n}"
        )
        key = (
            str(r.get("id") or r.get("name")),
            str(r["government"]),
            str(r.get("role")),
            str(r.get("from")),
        )
        if key in seen:
            problems.append(f"{where}: duplicate key {key}")
        seen.add(key)
        start, end = r.get("from"), r.get("to")
        for field_name, value in (("from", start), ("to", end)):
            if value is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
                problems.append(f"{where}: {field_name} {value!r} is not YYYY-MM-DD")
        if start and end and str(end) < str(start):
            problems.append(f"{where}: to {end} is before from {start}")
        if r["government"] not in iso:
            problems.append(f"{where}: unknown government code {r['government']!r}")
        if not str(r.get("name") or "").strip():
            problems.append(f"{where}: no name")
        if allowed and str(r.get("role") or "").casefold() not in allowed:
            problems.append(f"{where}: unknown role {r.get('role')!r}")
    return problems


def registry_codes(path: Path = GOVERNMENTS) -> list[str]:
    """The codes ``governments.jsonl`` declares besides ISO 3166-1 (``XKX``, ``UNO`` ...)."""
    codes = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            codes.append(str(json.loads(line)["code"]))
    return codes


def compact(rec: Mapping[str, object]) -> dict[str, object]:
    """The record as the shipped file holds it: no empty aliases, no source row.

    The Wikidata ``id`` traces a record back; the provenance file names each source's commit.
    """
    return {k: v for k, v in rec.items() if k != "source" and (k != "aliases" or v)}


def write_jsonl(recs: Iterable[Mapping[str, object]], out: Path) -> None:
    """Write the records atomically, one JSON object a line (the people.jsonl format)."""
    tmp = out.with_suffix(out.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for r in recs:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    tmp.replace(out)


WORLD_FIELDS = ("name", "government", "role", "from", "to", "id", "aliases")
"""The columns of the shipped world registry (``briefing/data/people_world.json``)."""


def write_world(recs: Iterable[Mapping[str, object]], out: Path) -> None:
    """Write the compact world registry atomically: one JSON document, one person a line."""
    tmp = out.with_suffix(out.suffix + ".tmp")
    rows = [
        json.dumps(
            [r.get(f) or ([] if f == "aliases" else None) for f in WORLD_FIELDS], ensure_ascii=False
        )
        for r in recs
    ]
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write('{"fields": ' + json.dumps(list(WORLD_FIELDS)) + ',\n"people": [\n')
        fh.write(",\n".join(rows))
        fh.write("\n]}\n")
    tmp.replace(out)


def source_commit(source: Path) -> tuple[str, str]:
    """(commit, date) of a source clone's newest commit, or ("", "") for a plain file."""
    if source.is_file():
        return "", ""
    git = ["git", "--git-dir", str(source / ".git" if (source / ".git").exists() else source)]
    try:
        out = subprocess.run(
            [*git, "log", "-1", "--format=%H %cs"], check=True, capture_output=True, text=True
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return "", ""
    return (out[0], out[1]) if len(out) == 2 else ("", "")


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
