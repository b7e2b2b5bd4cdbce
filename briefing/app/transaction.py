"""A build's files, staged in ``OUT/.briefing/txn`` and committed together.

``Transaction`` stages the reports, change files and the state's changed rows, writes the
journal (the commit point), then writes the rows into ``state.db`` and renames everything
into place, the journal last as ``manifest.json``;
``Workspace.recover`` completes or undoes a commit that was interrupted.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import shutil
import signal
import threading
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.errors import OutputError, describe_exception
from briefing.fsio import atomic_write, file_digest, json_bytes
from briefing.schema import Record, check

if TYPE_CHECKING:
    from briefing.app.workspace import Workspace
from briefing.app.state import MANIFEST_SCHEMA, STATE_VERSION
from briefing.app.statedb import (
    STATE_DB,
    StateDelta,
    apply_delta,
    read_delta,
    retire_json,
    write_delta,
)
from briefing.fsio import fsync_dir

logger = logging.getLogger(__name__)


#: The journal of a transaction: written once every file is staged (the commit point).
JOURNAL = "COMMIT"


def unwritable(folder: Path, exc: OSError, *, committed: bool = False) -> OutputError:
    """Return the error for a folder briefing cannot write into, naming it and the fix.

    Args:
        folder: the output folder.
        exc: the error of the write.
        committed: the build's journal was written (its reports are complete), but moving
            them into place failed; the next run of briefing finishes it.
    """
    why = exc.strerror or describe_exception(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        fix = "Free some space there, or choose another --out folder."
    else:
        fix = "Make it writable, or choose another --out folder."
    outcome = (
        "The new reports are complete in its .briefing folder: the next build moves them "
        "into place."
        if committed
        else "The previous reports are unchanged."
    )
    return OutputError(f"Cannot write into {folder} ({why}). {fix} {outcome}")


@contextlib.contextmanager
def _deferred_interrupts() -> Iterator[None]:
    """Hold Ctrl-C back while a commit moves files into place (a few milliseconds).

    A commit stopped half-way would be completed by the next build anyway; holding the
    interrupt keeps "Interrupted; reports unchanged" true: an interrupted build changed
    nothing, and a build past its commit point finishes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: pending.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if pending:
            logger.warning("Ctrl-C came while the reports were being moved into place; done")


def _relative(path: Path, out: Path) -> str:
    """Return a path inside ``out`` as a name relative to it ("brief.pdf", ".briefing/...")."""
    return path.resolve().relative_to(out.resolve()).as_posix()


def _inside(out: Path, name: str) -> Path:
    """Return the path a journal's relative name stands for, refusing names out of ``out``."""
    relative = Path(name)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise ValueError(f"{name!r} is not a name inside the output folder")
    return out / relative


def read_journal(path: Path) -> dict[str, Any] | None:
    """Return a transaction's journal, or None when there is none (or only half of one)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        optional = dict(MANIFEST_SCHEMA.optional)
        staged = optional.pop("staged")
        check(
            data, Record(required={**MANIFEST_SCHEMA.required, "staged": staged}, optional=optional)
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        logger.warning("ignoring the unusable journal %s (%s)", path, exc)
        return None
    result: dict[str, Any] = data
    return result


def apply_journal(workspace: Workspace, journal: Mapping[str, Any]) -> None:
    """Move every staged file of a journal into place, then make the journal the manifest.

    The state's delta goes into ``state.db`` first (one SQLite transaction, the same
    rows when applied again); then only renames. A full disk can stop the commit only in
    that SQLite write, and the next run applies it again.
    """
    out = workspace.out
    folder = workspace.journal_dir
    _apply_state(workspace, journal)
    for name, staged in sorted(journal["staged"].items()):
        source = _inside(folder, staged)
        target = _inside(out, name)
        if source.exists():
            os.replace(source, target)
    for directory in sorted({_inside(out, n).parent for n in journal["staged"]}):
        fsync_dir(directory)
    os.replace(folder / JOURNAL, workspace.manifest_path)
    fsync_dir(workspace.root)


def _apply_state(workspace: Workspace, journal: Mapping[str, Any]) -> None:
    """Write the journal's state delta into ``state.db`` (again, on recovery: idempotent)."""
    state = journal.get("state")
    if not isinstance(state, dict) or not state.get("delta"):
        return
    staged = _inside(workspace.journal_dir, str(state["delta"]))
    apply_delta(workspace.root / STATE_DB, read_delta(staged), str(state["generation"]))
    retire_json(workspace.root)


class Transaction:
    """The files of one build, staged in ``.briefing/txn`` and then committed together.

    ``stage`` writes a file's new bytes (or ``adopt`` takes a file already written into
    ``folder``, such as the reports ``render`` wrote there); ``commit`` writes the journal
    (``txn/COMMIT``: each file's name and SHA-256) and only then moves every file into
    place and the journal to ``manifest.json`` (renames only). A process killed before
    the journal is complete leaves the previous files untouched (``Workspace.recover``
    deletes the staged ones); killed after, the next run of briefing moves the rest into
    place. Either way the folder ends
    with the whole old set or the whole new set, and a full disk stops the build before
    anything is replaced.
    """

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.folder = workspace.journal_dir
        shutil.rmtree(self.folder, ignore_errors=True)
        try:
            self.folder.mkdir(parents=True)
            (self.folder / "files").mkdir()
        except OSError as exc:
            raise unwritable(workspace.out, exc) from exc
        self.files: dict[str, str] = {}
        self.staged: dict[str, str] = {}
        #: The build record (``briefing.app.unchanged``) the manifest carries, if any.
        self.build: dict[str, Any] | None = None
        #: The state's generation and staged delta (``stage_state``), if any.
        self.state: dict[str, Any] | None = None

    @property
    def reports_dir(self) -> Path:
        """The folder the renderers write this build's reports into."""
        return self.folder / "files"

    def _name(self, target: Path) -> str:
        return _relative(target, self.workspace.out)

    def stage(self, target: Path, data: bytes) -> Path:
        """Stage ``data`` as the new content of ``target`` (a path inside the output folder)."""
        name = self._name(target)
        staged = f"files/{len(self.staged)}-{target.name}"
        try:
            atomic_write(self.folder / staged, data, pause=False)
        except OSError as exc:
            self.abort()
            raise unwritable(self.workspace.out, exc) from exc
        self.staged[name] = staged
        self.files[name] = hashlib.sha256(data).hexdigest()
        return target

    def stage_state(self, delta: StateDelta) -> None:
        """Stage the rows of ``state.db`` this build changes (``statedb.state_delta``)."""
        staged = "files/state.delta"
        try:
            write_delta(delta, self.folder / staged)
        except OSError as exc:
            self.abort()
            raise unwritable(self.workspace.out, exc) from exc
        self.state = {"generation": uuid.uuid4().hex, "delta": staged}

    def keep_state(self, generation: str) -> None:
        """Record that the state of ``generation`` (in ``state.db``) stays as it is."""
        self.state = {"generation": generation, "delta": None}

    def adopt(self, target: Path, staged: Path) -> Path:
        """Stage a file already written in ``reports_dir`` as the new content of ``target``."""
        name = self._name(target)
        self.staged[name] = staged.resolve().relative_to(self.folder.resolve()).as_posix()
        self.files[name] = file_digest(staged)
        return target

    def keep(self, target: Path, digest: str) -> Path:
        """Record a file already in place, unchanged, as part of the new set (no move)."""
        self.files[self._name(target)] = digest
        return target

    def digest(self, target: Path) -> str:
        """Return the SHA-256 of a staged (or kept) file."""
        return self.files[self._name(target)]

    def commit(self) -> None:
        """Write the journal, move every staged file into place, record the manifest.

        Raises:
            OutputError: the journal cannot be written (nothing was replaced), or a file
                cannot be moved into place (the next build completes the commit).
        """
        journal: dict[str, Any] = {
            "version": STATE_VERSION,
            "files": self.files,
            "staged": self.staged,
        }
        if self.build is not None:
            journal["build"] = self.build
        if self.state is not None:
            journal["state"] = self.state
        with _deferred_interrupts():
            try:
                atomic_write(self.folder / JOURNAL, json_bytes(journal), pause=False)
            except OSError as exc:
                self.abort()
                raise unwritable(self.workspace.out, exc) from exc
            try:
                apply_journal(self.workspace, journal)
            except OSError as exc:
                raise unwritable(self.workspace.out, exc, committed=True) from exc
        shutil.rmtree(self.folder, ignore_errors=True)

    def abort(self) -> None:
        """Delete the staged files: the previous set stays as it was."""
        shutil.rmtree(self.folder, ignore_errors=True)
