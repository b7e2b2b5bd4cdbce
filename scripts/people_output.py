"""Validating and writing the registry the builder made (``scripts/build_people.py``)."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pycountry

GOVERNMENTS = Path(__file__).resolve().parent.parent / "briefing" / "data" / "governments.jsonl"


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
