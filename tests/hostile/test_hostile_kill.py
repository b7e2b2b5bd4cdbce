"""Reports and state are one transaction: a kill or a full disk leaves one whole set.

A build stages every report, the change files and the rows of ``state.db`` it changes in
``.briefing/txn``, writes its journal, then writes the rows and moves the files into
place. These tests kill builds (SIGKILL) at
random moments and at every step of the commit, and make every write in turn fail with
ENOSPC. Afterwards the folder must hold either the previous set, byte for byte, or the
whole new one (every file matching the manifest and the state), the overrides must be
untouched, and the next build must succeed without ``--force``.

Builds run in forked children of the test process on the blank pipeline (no model), so
each takes a fraction of a second.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import random
import shutil
import signal
import stat
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from _hostile_corpus import article, statement

from briefing.app.building import build_in_workspace
from briefing.app.overrides import set_override
from briefing.app.session import Session
from briefing.app.statedb import read_record
from briefing.app.unchanged import foreign_reports
from briefing.app.workspace import Workspace
from briefing.errors import OutputError

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "SIGKILL") or not hasattr(os, "fork"), reason="needs POSIX"
)

TODAY = "2019-07-15"
FORMATS = ("docx", "pdf", "md", "json")
SET = [*(f"brief.{f}" for f in FORMATS), "changes.md", "changes.json"]
#: The state database: the rows of the last commit (not a file of the set: it is updated).
STATE_DB = ".briefing/state.db"


def snapshot(out: Path) -> dict[str, bytes]:
    """The files of a build's set, the manifest and the overrides, with their bytes."""
    names = [*SET, STATE_DB, ".briefing/manifest.json", ".briefing/overrides.json"]
    return {n: (out / n).read_bytes() for n in names if (out / n).exists()}


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def assert_whole_new_set(out: Path, new_article: str) -> None:
    """The folder holds one complete new set: manifest, state and files agree."""
    files = snapshot(out)
    journal = json.loads(files[".briefing/manifest.json"])
    manifest = journal["files"]
    assert sorted(manifest) == sorted(SET)
    for name in SET:
        assert digest(files[name]) == manifest[name], name
    db = out / STATE_DB
    assert read_record(db, "generation") == {"generation": journal["state"]["generation"]}
    loaded = Workspace(out).load_state()
    assert loaded is not None
    state = loaded.to_dict()
    for name in (f"brief.{f}" for f in FORMATS):
        assert state["reports"][name] == manifest[name]
    assert json.loads(files["brief.json"]) == state["brief"]
    assert new_article in {s["article_id"] for s in state["brief"]["sources"]}
    assert new_article in files["changes.md"].decode()


def prepare(tmp_path: Path, session: Session) -> tuple[Path, Path, Path]:
    """Build once, drop an item (an override), add an article; keep a pristine copy."""
    src, out, pristine = tmp_path / "in", tmp_path / "out", tmp_path / "pristine"
    src.mkdir()
    (src / "a.txt").write_text(
        article("Japan keeps curbs", statement(1, "chemicals"), statement(2, "steel")), "utf-8"
    )
    build_in_workspace([src], out, session, today=TODAY)
    item = Workspace(out).load_state().items[0]  # type: ignore[union-attr]
    set_override(out, item.id, drop=True)
    assert (out / ".briefing" / "overrides.json").exists()
    # New input, so every file of the next build differs from the previous one.
    (src / "b.txt").write_text(article("Seoul answers", statement(3, "fluorides")), "utf-8")
    shutil.copytree(out, pristine, symlinks=True)
    return src, out, pristine


def restore(out: Path, pristine: Path) -> None:
    shutil.rmtree(out)
    shutil.copytree(pristine, out, symlinks=True)


def fork_build(
    src: Path, out: Path, session: Session, *, before: Callable[[], None] = lambda: None
) -> int:
    """Run one build in a forked child; return its pid (the child exits 0 on success)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork() with threads (3.12+)
        pid = os.fork()
    if pid == 0:  # the child: build, and never return into pytest
        code = 1
        try:
            before()
            build_in_workspace([src], out, session, today=TODAY)
            code = 0
        finally:
            os._exit(code)
    return pid


def wait(pid: int) -> int:
    """Wait for a child; return its exit status (negative: the signal that ended it)."""
    _pid, status = os.waitpid(pid, 0)
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


def check_after(out: Path, before: dict[str, bytes]) -> str:
    """After an interrupted build: one whole set, untouched overrides, a next build works."""
    Workspace(out).try_recover()  # what the next build, review or override does first
    after = snapshot(out)
    assert after[".briefing/overrides.json"] == before[".briefing/overrides.json"]
    if after == before:
        outcome = "old"
    else:
        assert_whole_new_set(out, "b")
        outcome = "new"
    assert not (out / ".briefing" / "txn").exists()
    assert foreign_reports(out, FORMATS) == []  # so no --force is needed
    return outcome


def test_hostile_kill_at_random_moments_leaves_one_whole_set(
    tmp_path: Path, blank_session: Session
) -> None:
    src, out, pristine = prepare(tmp_path, blank_session)
    before = snapshot(out)
    started = time.monotonic()
    assert wait(fork_build(src, out, blank_session)) == 0
    duration = time.monotonic() - started
    assert_whole_new_set(out, "b")
    rng = random.Random(20190715)
    kills, outcomes = 0, set()
    attempts = 0
    for attempts in range(1, 61):  # noqa: B007 - printed on failure
        restore(out, pristine)
        pid = fork_build(src, out, blank_session)
        time.sleep(rng.uniform(0.0, duration * 0.9))
        os.kill(pid, signal.SIGKILL)
        if wait(pid) == -signal.SIGKILL:
            kills += 1
        outcomes.add(check_after(out, before))
        if kills >= 20:
            break
    assert kills >= 20, (kills, attempts, duration)
    assert "old" in outcomes
    build_in_workspace([src], out, blank_session, today=TODAY)  # the next build, no --force
    assert_whole_new_set(out, "b")


def test_hostile_kill_at_every_step_of_the_commit(tmp_path: Path, blank_session: Session) -> None:
    src, out, pristine = prepare(tmp_path, blank_session)
    before = snapshot(out)
    # Count the renames of a whole build: the last ones are the commit's.
    counted: list[str] = []
    real_replace = os.replace

    def count(a: Any, b: Any) -> None:
        counted.append(str(b))
        real_replace(a, b)

    os.replace = count  # type: ignore[assignment]
    try:
        build_in_workspace([src], out, blank_session, today=TODAY)
    finally:
        os.replace = real_replace
    journal = next(i for i, t in enumerate(counted) if t.endswith("/.briefing/txn/COMMIT"))
    assert len(counted) - journal == 1 + len(SET) + 1  # the journal, the set, the manifest
    outcomes = []
    for n in range(journal - 1, len(counted)):
        restore(out, pristine)
        calls = {"n": 0}

        def kill_at_call(a: Any, b: Any, n: int = n, calls: dict[str, int] = calls) -> None:
            if calls["n"] == n:
                os.kill(os.getpid(), signal.SIGKILL)
            calls["n"] += 1
            real_replace(a, b)

        def patch(kill: Callable[[Any, Any], None] = kill_at_call) -> None:
            os.replace = kill  # type: ignore[assignment]

        assert wait(fork_build(src, out, blank_session, before=patch)) == -signal.SIGKILL
        outcomes.append(check_after(out, before))
    # Killed before its journal, a build changed nothing; after it, its set is completed.
    assert outcomes[0] == "old"
    assert outcomes[-1] == "new"
    assert outcomes == sorted(outcomes, key=["old", "new"].index)


def enospc_at(n: int) -> Callable[[int], None]:
    """Return an fsync that fails with ENOSPC at the ``n``-th file (not folder) it syncs."""
    real = os.fsync
    calls = {"n": 0}

    def fsync(fd: int) -> None:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            calls["n"] += 1
            if calls["n"] == n:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd)

    return fsync


def test_hostile_disk_full_at_every_write(
    tmp_path: Path, blank_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    src, out, pristine = prepare(tmp_path, blank_session)
    before = snapshot(out)
    writes = {"n": 0}
    real = os.fsync

    def count(fd: int) -> None:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            writes["n"] += 1
        real(fd)

    monkeypatch.setattr(os, "fsync", count)
    build_in_workspace([src], out, blank_session, today=TODAY)
    monkeypatch.setattr(os, "fsync", real)
    # The set and the journal (the manifest is the journal renamed). Cache entries are
    # not fsynced (they are checksummed and made again), so every fsync is the set's.
    assert writes["n"] >= len(SET) + 1
    message = (
        f"Cannot write into {out} (No space left on device). Free some space there, or "
        "choose another --out folder. The previous reports are unchanged."
    )
    outcomes = []
    for n in range(1, writes["n"] + 1):
        restore(out, pristine)
        monkeypatch.setattr(os, "fsync", enospc_at(n))
        try:
            build_in_workspace([src], out, blank_session, today=TODAY)
            outcomes.append("built")  # a cache entry failed to write: the build went on
        except OutputError as exc:
            outcomes.append(str(exc))
        finally:
            monkeypatch.setattr(os, "fsync", real)
        after = snapshot(out)
        if outcomes[-1] != "built":
            assert outcomes[-1] == message
            assert after == before, n
            assert not (out / ".briefing" / "txn").exists()
        else:
            assert_whole_new_set(out, "b")
        build_in_workspace([src], out, blank_session, today=TODAY)  # next build, no --force
        assert foreign_reports(out, FORMATS) == []
        assert_whole_new_set(out, "b")
    assert message in outcomes


def test_hostile_read_only_output_folder_is_a_clear_error(
    tmp_path: Path, blank_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    src, out, _pristine = prepare(tmp_path, blank_session)
    before = snapshot(out)

    def read_only(*_args: Any, **_kwargs: Any) -> Any:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr("tempfile.mkstemp", read_only)
    with pytest.raises(OutputError) as info:
        build_in_workspace([src], out, blank_session, today=TODAY)
    assert str(info.value) == (
        f"Cannot write into {out} (Read-only file system). Make it writable, or choose "
        "another --out folder. The previous reports are unchanged."
    )
    assert snapshot(out) == before
    monkeypatch.undo()
    fresh = tmp_path / "missing" / "out"
    monkeypatch.setattr(Path, "mkdir", read_only)
    with pytest.raises(OutputError) as info:
        build_in_workspace([src], fresh, blank_session, today=TODAY)
    assert str(info.value).startswith(f"Cannot write into {fresh} (Read-only file system).")
