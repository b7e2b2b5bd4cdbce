"""Hand-edited overrides and a damaged state: checked, reported by id, never rewritten.

Also the lock (``--wait``, the holder named), Ctrl-C and other libraries' log noise.
Builds run on the blank pipeline (``blank_session``); the CLI is pointed at it.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import socket
import threading
from pathlib import Path
from typing import Any

import pytest
from _hostile_corpus import article, statement
from click.testing import CliRunner

import briefing.app.building
import briefing.app.outputs
from briefing.app.building import build_in_workspace
from briefing.app.overrides import set_override
from briefing.app.review import load_review
from briefing.app.session import Session
from briefing.app.state import WorkspaceError, state_json
from briefing.app.workspace import Workspace
from briefing.cli import cli

TODAY = "2019-07-15"
TAIL = "It is not applied until it is fixed; the other overrides are."


@pytest.fixture
def built(tmp_path: Path, blank_session: Session) -> tuple[Path, Path, list[str]]:
    """A folder built once; returns the sources, the output folder and two item ids."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(
        article("Japan keeps curbs", statement(1, "chemicals"), statement(2, "steel")), "utf-8"
    )
    (src / "b.txt").write_text(article("Seoul answers", statement(3, "fluorides")), "utf-8")
    build_in_workspace([src], out, blank_session, today=TODAY)
    ids = [i.id for i in Workspace(out).load_state().items]  # type: ignore[union-attr]
    assert len(set(ids)) >= 2
    return src, out, list(dict.fromkeys(ids))


@pytest.fixture
def cli_session(monkeypatch: pytest.MonkeyPatch, blank_session: Session) -> None:
    """Make the CLI open the blank session instead of loading the trained pipeline."""
    monkeypatch.setattr(
        Session,
        "open",
        classmethod(lambda _cls, settings: dataclasses.replace(blank_session, settings=settings)),
    )


def write_overrides(out: Path, entries: dict[str, Any]) -> bytes:
    path = out / ".briefing" / "overrides.json"
    data = json.dumps({"version": 1, "overrides": entries}, indent=2).encode()
    path.write_bytes(data)
    return data


def test_hostile_overrides_bad_entries_are_reported_by_id_and_the_rest_apply(
    built: tuple[Path, Path, list[str]], blank_session: Session
) -> None:
    src, out, ids = built
    path = out / ".briefing" / "overrides.json"
    good, *_ = ids
    entries = {
        good: {"text": "", "article": "a", "drop": True},
        "bad0000001": {"section": "riks"},
        "bad0000002": {"drop": "false"},
        "bad0000003": {"section": 5},
        "bad0000004": {"government": "FRA"},
        "bad0000005": {"sectoin": "risk"},
        "bad0000006": {"section": "position"},
        "bad0000007": ["not", "an", "object"],
    }
    data = write_overrides(out, entries)
    result = build_in_workspace([src], out, blank_session, today=TODAY)
    fields = '"text", "article", "section", "government", "drop", "keep", "members", "noted"'
    assert result.problems == [
        f'{path}: override bad0000001: "section" is "riks" (a string); use one of '
        f'"background", "position", "risk", "next_steps". {TAIL}',
        f'{path}: override bad0000002: "drop" is "false" (a string); use true or false. {TAIL}',
        f'{path}: override bad0000003: "section" is 5 (a number); use one of "background", '
        f'"position", "risk", "next_steps". {TAIL}',
        f'{path}: override bad0000005: an unknown field "sectoin"; the fields are {fields} '
        f"(check the spelling). {TAIL}",
        f'{path}: override bad0000006: "section" is "position" but no "government" says '
        f'whose; add "government": "ABC" (the code of a government of the brief). {TAIL}',
        f"{path}: override bad0000007: the entry is a list; use an object. {TAIL}",
        f'{path}: override bad0000004: "government" is "FRA", not a government of this brief '
        f"(JPN, KOR); use one of them, or remove the override. {TAIL}",
    ]
    assert path.read_bytes() == data  # never rewritten by a build
    dropped = [i for i in result.assembly.items if i.dropped]
    assert [i.id for i in dropped] == [good]
    assert not result.assembly.stale  # bad entries are reported, not called stale
    review = load_review(out)
    assert len(review.problems) == 6  # the pair check needs a build


def test_hostile_overrides_override_command_keeps_bad_entries_verbatim(
    built: tuple[Path, Path, list[str]],
) -> None:
    _src, out, ids = built
    write_overrides(out, {"bad0000002": {"drop": "false", "note": "mine"}})
    set_override(out, ids[1], section="risk")
    stored = json.loads((out / ".briefing" / "overrides.json").read_text())["overrides"]
    assert stored["bad0000002"] == {"drop": "false", "note": "mine"}
    assert stored[ids[1]]["section"] == "risk"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'{"overrides": {"x": {"text": "caf\xe9"}}}',
            "not UTF-8 text (byte 0xe9 at offset 33); save it as UTF-8. Fix it by hand, or "
            "restore the previous version from overrides.json.bak.",
        ),
        (
            b"[1, 2]",
            "not a valid overrides file (the file: expected an object, found a list). Fix it "
            "by hand, or restore the previous version from overrides.json.bak.",
        ),
        (
            b'{"overrides": []}',
            "not a valid overrides file (overrides: expected an object, found a list). Fix "
            "it by hand, or restore the previous version from overrides.json.bak.",
        ),
    ],
    ids=["latin-1", "a-list", "overrides-a-list"],
)
def test_hostile_overrides_unreadable_file_is_one_clear_error_everywhere(
    built: tuple[Path, Path, list[str]], cli_session: None, data: bytes, message: str
) -> None:
    src, out, ids = built
    path = out / ".briefing" / "overrides.json"
    path.write_bytes(data)
    reports = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    commands = [
        ["build", str(src), "--out", str(out), "--format", "md", "-q"],
        ["review", "--out", str(out), "-q"],
        ["override", ids[0], "--out", str(out), "--drop"],
    ]
    for command in commands:
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 1, (command, result.output)
        assert result.stderr == f"Error: {path}: {message}\n", command
        assert "Traceback" not in result.output
    assert path.read_bytes() == data
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == reports


def test_hostile_state_with_wrong_types_is_set_aside_and_rebuilt(
    built: tuple[Path, Path, list[str]], blank_session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    src, out, _ids = built
    # A workspace of the format before (state.json, no state.db) whose file was edited.
    loaded = Workspace(out).load_state()
    assert loaded is not None
    (out / ".briefing" / "state.db").unlink()
    state = out / ".briefing" / "state.json"
    data = json.loads(state_json(loaded))
    data["items"][0]["members"][0]["start"] = "twelve"
    broken = json.dumps(data).encode()
    state.write_bytes(broken)
    with caplog.at_level(logging.WARNING, logger="briefing"):
        result = build_in_workspace([src], out, blank_session, today=TODAY)
    assert result.brief.sources
    assert (out / ".briefing" / "state.json.corrupt").read_bytes() == broken
    assert f"{state} was unusable (items[0].members[0].start: expected a whole number, " in (
        caplog.text
    )
    assert Workspace(out).load_state() is not None
    again = build_in_workspace([src], out, blank_session, today=TODAY)  # no --force needed
    assert again.changes.summary() == "0 added, 0 removed, 0 moved, 0 newly cited"


def test_hostile_lock_wait_names_the_holder(
    built: tuple[Path, Path, list[str]], blank_session: Session
) -> None:
    src, out, _ids = built
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with Workspace(out).lock():
            holding.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        holding.wait(10)
        with pytest.raises(WorkspaceError) as info:
            build_in_workspace([src], out, blank_session, today=TODAY, wait=0.2)
    finally:
        release.set()
        holder.join(10)
    who = f"pid {os.getpid()} on {socket.gethostname()}"
    assert str(info.value).startswith(f"{out} is still in use by another briefing process ({who}")
    assert str(info.value).endswith(
        "after 0.2 s. Wait for it to finish (or stop it), then build again; pass --wait "
        "SECONDS to wait longer."
    )


def test_hostile_ctrl_c_leaves_the_reports_and_exits_130(
    built: tuple[Path, Path, list[str]], cli_session: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    src, out, _ids = built
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    def interrupted(*_args: Any, **_kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(briefing.app.outputs, "render", interrupted)
    result = CliRunner().invoke(cli, ["build", str(src), "--out", str(out), "-q"])
    assert result.exit_code == 130
    assert result.stderr == "\nInterrupted; reports unchanged\n"
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert not (out / ".briefing" / "txn").exists()


def test_hostile_other_libraries_log_noise_stays_out_of_stderr(
    tmp_path: Path, cli_session: None
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(article("Curbs stay", statement(1, "chips")), "utf-8")
    (src / "empty.html").write_text("<html><body><script>1</script></body></html>", "utf-8")
    result = CliRunner().invoke(
        cli, ["build", str(src), "--out", str(tmp_path / "out"), "--format", "md"]
    )
    assert result.exit_code == 1, result.output
    assert "discarding data" not in result.stderr
    assert "WARNING: " not in result.stderr.replace("WARNING: skipped", "")


def test_hostile_damaged_state_database_is_set_aside_and_rebuilt(
    built: tuple[Path, Path, list[str]], blank_session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    src, out, _ids = built
    db = out / ".briefing" / "state.db"
    damaged = db.read_bytes()[:100] + b"garbage" * 50
    db.write_bytes(damaged)
    with caplog.at_level(logging.WARNING, logger="briefing"):
        result = build_in_workspace([src], out, blank_session, today=TODAY)
    assert not result.unchanged  # its state is not the last commit's: the build runs
    assert result.brief.sources
    assert (out / ".briefing" / "state.db.corrupt").read_bytes() == damaged
    assert f"{db} was unusable (" in caplog.text
    assert Workspace(out).load_state() is not None
    again = build_in_workspace([src], out, blank_session, today=TODAY)  # no --force needed
    assert again.changes.summary() == "0 added, 0 removed, 0 moved, 0 newly cited"


def test_hostile_state_json_of_the_format_before_is_migrated_keeping_what_it_held(
    tmp_path: Path, blank_session: Session
) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(
        article("Japan keeps curbs", statement(1, "chemicals"), statement(2, "steel")), "utf-8"
    )
    build_in_workspace([src], out, blank_session, today=TODAY)
    (src / "b.txt").write_text(article("Seoul answers", statement(3, "fluorides")), "utf-8")
    build_in_workspace([src], out, blank_session, today=TODAY)  # "New since", two numbers
    ws = Workspace(out)
    item = ws.load_state().items[0]  # type: ignore[union-attr]
    set_override(out, item.id, drop=True)
    built = build_in_workspace([src], out, blank_session, today=TODAY)
    state = ws.load_state()
    assert state is not None
    # Make it a workspace of the format before: state.json only.
    (out / ".briefing" / "state.json").write_bytes(state_json(state))
    (out / ".briefing" / "state.db").unlink()
    overrides = (out / ".briefing" / "overrides.json").read_bytes()
    assert load_review(out).state.to_dict() == state.to_dict()  # read as it was
    migrated = build_in_workspace([src], out, blank_session, today=TODAY)
    assert not migrated.unchanged
    assert migrated.brief.to_dict() == built.brief.to_dict()  # numbers, "New since", drop
    assert migrated.changes.summary() == "0 added, 0 removed, 0 moved, 0 newly cited"
    assert (out / ".briefing" / "state.db").exists()
    assert not (out / ".briefing" / "state.json").exists()
    assert (out / ".briefing" / "state.json.migrated").exists()
    assert (out / ".briefing" / "overrides.json").read_bytes() == overrides
    after = ws.load_state()
    assert after is not None
    assert after.to_dict() == state.to_dict()
    review = load_review(out)
    dropped = [i for i in review.items if i.id == item.id]
    assert dropped
    assert all(i.dropped for i in dropped)
