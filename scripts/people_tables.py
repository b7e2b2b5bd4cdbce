"""Reading the registry's source tables: CSV files, checkouts, and every version in git.

Part of ``scripts/build_people.py`` (see there): the terms in office as each table gives
them, before the rules of ``people_sources.toml`` normalise them.
"""

from __future__ import annotations

import calendar
import csv
import io
import re
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path


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
