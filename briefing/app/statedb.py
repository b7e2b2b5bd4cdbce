"""The state of the last build in SQLite (``OUT/.briefing/state.db``), written row by row.

Two tables: ``record`` (name -> JSON: the brief, the articles' hashes, "New since", the
stale overrides, the reports' digests, the sources, the version, and ``generation``)
and ``items`` (position -> JSON of one review item). A build computes the delta from the
previous state (``state_delta``: the record rows and item rows whose value changed, and
the new number of items) and stages it in its transaction; the commit applies it
(``apply_delta``) in one SQLite transaction after the journal is written, so a build
killed before its journal leaves the old state and one killed after is completed by the
next run, which applies the same delta again (applying it twice gives the same rows).
``generation`` names the commit that wrote the rows; the manifest records it too.

``state.json``, the format before, is still read when there is no database
(``read_state_json``): the next build migrates it (its delta holds every row) and
renames it ``state.json.migrated``; ``overrides.json`` is never touched.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from briefing.app.state import STATE_VERSION, State
from briefing.codec import encode
from briefing.errors import describe_exception
from briefing.fsio import atomic_write
from briefing.schema import SchemaError

logger = logging.getLogger(__name__)

#: The database of the state, in the workspace.
STATE_DB = "state.db"
_TABLES = (
    "CREATE TABLE IF NOT EXISTS record (name TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS items (position INTEGER PRIMARY KEY, value TEXT NOT NULL);"
)


class StateUnusable(Exception):
    """The state database cannot be read back (internal: the state is set aside)."""


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class StateDelta:
    """The rows a build changes: record rows by name, item rows by position, lazily.

    ``items`` yields (position, JSON) pairs one at a time, so that a delta of every item (a
    first build of tens of thousands of sentences) is never held whole; it can be read
    once. ``full``: the tables are replaced whole; ``count``: the new number of items.
    """

    full: bool
    record: dict[str, str]
    items: Iterable[tuple[int, str]]
    count: int


def state_delta(previous: State | None, state: State) -> StateDelta:
    """Return the rows that change from ``previous`` (as the database holds it) to ``state``.

    With no previous state (a first build, a migration, an unusable database) the delta
    holds every row and replaces the tables whole (``full``).
    """
    old: list[Any] = list(previous.items) if previous is not None else []
    rows = {"version": _dump(STATE_VERSION)} if previous is None else {}
    for f in fields(State):
        value = getattr(state, f.name)
        if f.name == "items" or (previous is not None and getattr(previous, f.name) == value):
            continue  # compared as values: only a changed field is encoded and written
        if f.name in ("articles", "reports"):
            value = dict(sorted(value.items()))  # as ``State.to_dict`` orders them
        rows[f.name] = _dump(encode(value))
    items = (
        (n, _dump(encode(item)))
        for n, item in enumerate(state.items)
        if n >= len(old) or old[n] != item
    )
    return StateDelta(previous is None, rows, items, len(state.items))


def write_delta(delta: StateDelta, path: Path) -> None:
    """Write a delta as JSON lines (a header, then one item row a line), atomically.

    Raises:
        OSError: the file cannot be written.
    """
    header = {"full": delta.full, "record": delta.record, "count": delta.count}
    atomic_write(path, _lines(header, delta.items), pause=False)


def _lines(header: Mapping[str, Any], rows: Iterable[tuple[int, str]]) -> Iterator[bytes]:
    """The delta file's lines: ASCII JSON (``json.dumps`` escapes every other character)."""
    yield (json.dumps(header) + "\n").encode("ascii")
    for row in rows:
        yield (json.dumps(row) + "\n").encode("ascii")


def read_delta(path: Path) -> StateDelta:
    """Read a delta ``write_delta`` wrote; its item rows are read as they are applied.

    Raises:
        OSError: the file cannot be read. ValueError: it is not a delta.
    """
    with path.open(encoding="ascii") as handle:
        header = json.loads(handle.readline())

    def rows() -> Iterator[tuple[int, str]]:
        with path.open(encoding="ascii") as handle:
            handle.readline()
            for line in handle:
                n, value = json.loads(line)
                yield int(n), str(value)

    return StateDelta(bool(header["full"]), dict(header["record"]), rows(), int(header["count"]))


def _connect(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path, isolation_level=None, timeout=30.0)
    con.executescript(_TABLES)
    return con


def apply_delta(path: Path, delta: StateDelta, generation: str) -> None:
    """Write a delta into the database in one SQLite transaction (idempotent).

    Raises:
        OSError: the database cannot be written (sqlite3's errors are turned into it).
    """
    try:
        con = _connect(path)
        try:
            con.execute("BEGIN IMMEDIATE")
            if delta.full:
                con.execute("DELETE FROM record")
                con.execute("DELETE FROM items")
            con.executemany("INSERT OR REPLACE INTO record VALUES (?, ?)", delta.record.items())
            con.executemany("INSERT OR REPLACE INTO items VALUES (?, ?)", delta.items)
            con.execute("DELETE FROM items WHERE position >= ?", (delta.count,))
            con.execute(
                "INSERT OR REPLACE INTO record VALUES ('generation', ?)", (_dump(generation),)
            )
            con.execute("COMMIT")
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise OSError(f"cannot write {path} ({exc})") from exc


def _read_rows(path: Path, names: tuple[str, ...] | None) -> tuple[dict[str, Any], list[Any]]:
    try:
        # Read-write but never created: a hot journal (a write cut short) is rolled back.
        con = sqlite3.connect(path.absolute().as_uri() + "?mode=rw", uri=True, timeout=30.0)
        try:
            rows = dict(con.execute("SELECT name, value FROM record").fetchall())
            items: list[Any] = []
            if names is None:
                positions = con.execute("SELECT position, value FROM items ORDER BY position")
                for n, (position, value) in enumerate(positions):
                    if position != n:
                        raise StateUnusable(f"item {n} is missing")
                    items.append(json.loads(value))
        finally:
            con.close()
        record = {k: json.loads(v) for k, v in rows.items() if names is None or k in names}
    except (sqlite3.Error, ValueError) as exc:
        raise StateUnusable(describe_exception(exc)) from exc
    return record, items


def read_state(path: Path) -> State:
    """Read the whole state back (rows this module wrote: not checked again).

    Raises:
        StateUnusable: the database is not one of ours, or is damaged.
    """
    record, items = _read_rows(path, None)
    record.pop("generation", None)
    try:
        return State.from_dict({**record, "items": items}, checked=False)
    # Any failure to rebuild the state from the rows means the database is unusable.
    except Exception as exc:
        raise StateUnusable(describe_exception(exc)) from exc


def read_record(path: Path, *names: str) -> dict[str, Any]:
    """Read a few rows of the record (the brief, the generation ...), not the items.

    Raises:
        StateUnusable: the database is not one of ours, or is damaged.
    """
    return _read_rows(path, names)[0]


def read_state_json(path: Path, *, checked: bool) -> State:
    """Read a ``state.json`` (the format before the database, or one set aside).

    Raises:
        FileNotFoundError: there is none.
        StateUnusable: it is not a valid state file.
    """
    raw = path.read_bytes()
    try:
        return State.from_dict(json.loads(raw.decode("utf-8")), checked=checked)
    # Any failure to rebuild the state from the file means the file is unusable.
    except Exception as exc:
        problem = str(exc) if isinstance(exc, SchemaError) else describe_exception(exc)
        raise StateUnusable(problem) from exc


def set_aside(path: Path) -> Path:
    """Move an unusable state file out of the way (``<name>.corrupt``); return where.

    Raises:
        OSError: it cannot be moved.
    """
    corrupt = path.with_name(path.name + ".corrupt")
    os.replace(path, corrupt)
    for suffix in ("-journal", "-wal"):  # SQLite's own files beside a database
        with contextlib.suppress(OSError):
            os.replace(path.with_name(path.name + suffix), corrupt.with_name(corrupt.name + suffix))
    return corrupt


def retire_json(root: Path) -> None:
    """Rename a migrated ``state.json`` to ``state.json.migrated`` (the database has it)."""
    old = root / "state.json"
    if old.exists():
        with contextlib.suppress(OSError):
            os.replace(old, old.with_name("state.json.migrated"))
