"""A rebuild costs what changed: an unchanged brief is not rendered again.

A build with nothing to do (the same files, options, overrides and session) reads,
renders and writes nothing; an unchanged file is recognised by its stamp and not read.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from briefing.app import inputs as inputs_module
from briefing.app.building import build_in_workspace
from briefing.app.session import Session
from briefing.classify import load_cues
from tests.hostile._hostile_corpus import article, statement

TODAY = "2024-03-01"


def _corpus(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text(article("Curbs stay", statement(1, "chips")), "utf-8")
    (folder / "b.txt").write_text(article("Seoul answers", statement(2, "steel")), "utf-8")


def test_rebuild_with_nothing_changed_keeps_the_reports(
    tmp_path: Path, blank_session: Session
) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    _corpus(src)
    build_in_workspace([src], out, blank_session, today=TODAY)
    before = {p.name: (p.stat().st_ino, p.read_bytes()) for p in out.glob("brief.*")}
    assert {"brief.docx", "brief.pdf"} <= set(before)
    again = build_in_workspace([src], out, blank_session, today=TODAY)
    after = {p.name: (p.stat().st_ino, p.read_bytes()) for p in out.glob("brief.*")}
    assert after == before  # the same files, not rewritten (same inode)
    assert sorted(p.name for p in again.written) == sorted(before)


def test_rebuild_renders_again_when_a_report_was_touched_or_the_brief_changed(
    tmp_path: Path, blank_session: Session
) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    _corpus(src)
    build_in_workspace([src], out, blank_session, today=TODAY)
    pdf = (out / "brief.pdf").read_bytes()
    (out / "brief.pdf").write_bytes(b"edited by hand")
    build_in_workspace([src], out, blank_session, today=TODAY)
    assert (out / "brief.pdf").read_bytes() == pdf  # rendered again, the same bytes
    docx_inode = (out / "brief.docx").stat().st_ino
    (src / "c.txt").write_text(article("Tokyo replies", statement(3, "ships")), "utf-8")
    build_in_workspace([src], out, blank_session, today=TODAY)
    assert (out / "brief.docx").stat().st_ino != docx_inode  # a new brief, new reports


def test_a_moved_folder_is_not_classified_again(tmp_path: Path, blank_session: Session) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    _corpus(src)
    build_in_workspace([src], out, blank_session, today=TODAY)
    moved = src.rename(tmp_path / "elsewhere")
    again = build_in_workspace([moved], out, blank_session, today=TODAY)
    assert again.stats.classified == []
    assert sorted(again.stats.reused) == ["a", "b"]


# --------------------------------------------------------------------------- nothing to do


def _old(path: Path, seconds: float = 60.0) -> None:
    """Date a file back, so its stamp is trusted (not taken within the racy window)."""
    past = time.time_ns() - int(seconds * 1e9)
    os.utime(path, ns=(past, past))


def _files(out: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file of the output folder but the lock: inode, mtime and bytes."""
    return {
        p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != "lock"
    }


def _aged_corpus(folder: Path) -> None:
    _corpus(folder)
    for path in folder.iterdir():
        _old(path)


def test_a_rebuild_with_nothing_changed_writes_nothing(
    tmp_path: Path, blank_session: Session
) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    _aged_corpus(src)
    first = build_in_workspace([src], out, blank_session, today=TODAY)
    before = _files(out)
    again = build_in_workspace([src], out, blank_session, today=TODAY)
    assert again.unchanged
    assert not first.unchanged
    # Only the change list is replaced: it said "first build", it now says no change.
    listed = {"changes.md", "changes.json", ".briefing/manifest.json"}
    after = _files(out)
    assert {n: v for n, v in after.items() if n not in listed} == {
        n: v for n, v in before.items() if n not in listed
    }
    assert after["changes.md"] != before["changes.md"]
    third = build_in_workspace([src], out, blank_session, today=TODAY)
    assert third.unchanged
    assert _files(out) == after  # no report, change file, state or cache entry touched
    assert again.brief.to_dict() == first.brief.to_dict()
    assert sorted(p.name for p in again.written) == sorted(p.name for p in first.written)
    assert again.changes.summary() == "0 added, 0 removed, 0 moved, 0 newly cited"
    assert sorted(again.stats.cached) == ["a", "b"]


def test_the_change_list_of_a_rebuild_with_nothing_to_do_is_the_full_builds(
    tmp_path: Path, blank_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    src, out, saved = tmp_path / "in", tmp_path / "out", tmp_path / "saved"
    _aged_corpus(src)
    build_in_workspace([src], out, blank_session, today=TODAY)
    (src / "c.txt").write_text(article("Tokyo replies", statement(3, "ships")), "utf-8")
    added = build_in_workspace([src], out, blank_session, today=TODAY)
    assert added.changes.articles_added  # the change files list the new article
    shutil.copytree(out, saved)
    replayed = build_in_workspace([src], out, blank_session, today=TODAY)
    assert replayed.unchanged
    fast = {n: (out / n).read_bytes() for n in ("changes.md", "changes.json")}
    shutil.rmtree(out)
    shutil.copytree(saved, out)
    monkeypatch.setattr("briefing.app.unchanged.replay", lambda *_a, **_k: None)
    built = build_in_workspace([src], out, blank_session, today=TODAY)
    assert not built.unchanged
    assert {n: (out / n).read_bytes() for n in fast} == fast  # byte for byte
    assert replayed.changes == built.changes


def test_a_touched_but_identical_file_is_not_read_again(
    tmp_path: Path, blank_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    _aged_corpus(src)
    build_in_workspace([src], out, blank_session, today=TODAY)
    (src / "a.txt").write_bytes((src / "a.txt").read_bytes())  # same bytes, new mtime
    _old(src / "b.txt", 30)
    again = build_in_workspace([src], out, blank_session, today=TODAY)
    assert again.unchanged  # hashed, found the same: nothing to do
    read: list[str] = []
    real = inputs_module.read_file

    def counting(path: Path, **kwargs: Any) -> Any:
        read.append(path.name)
        return real(path, **kwargs)

    monkeypatch.setattr(inputs_module, "read_file", counting)
    (src / "c.txt").write_text(article("Tokyo replies", statement(3, "ships")), "utf-8")
    plus_one = build_in_workspace([src], out, blank_session, today=TODAY)
    assert read == ["c.txt"]  # a and b came from the ingested entries, unopened
    assert plus_one.stats.classified == ["c"]
    assert sorted(plus_one.stats.reused) == ["a", "b"]


def test_a_changed_file_of_the_same_size_is_seen_when_its_mtime_changes(
    tmp_path: Path, blank_session: Session
) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    _aged_corpus(src)
    build_in_workspace([src], out, blank_session, today=TODAY)
    a = src / "a.txt"
    stamp = a.stat()
    text = a.read_text("utf-8")
    assert "chips" in text
    a.write_text(text.replace("chips", "ships"), "utf-8")  # same size, same inode
    assert (a.stat().st_size, a.stat().st_ino) == (stamp.st_size, stamp.st_ino)
    os.utime(a, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    same = build_in_workspace([src], out, blank_session, today=TODAY)
    assert same.unchanged  # the trade-off: same size, mtime and inode look unchanged
    rehashed = build_in_workspace([src], out, blank_session, today=TODAY, rehash=True)
    assert not rehashed.unchanged
    assert rehashed.stats.classified == ["a"]
    a.write_text(text.replace("chips", "oiled"), "utf-8")
    os.utime(a, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000_000))
    changed = build_in_workspace([src], out, blank_session, today=TODAY)
    assert not changed.unchanged
    assert changed.stats.classified == ["a"]
    assert "oiled" in (out / "brief.md").read_text("utf-8")


def test_a_file_stamped_as_it_was_written_is_hashed_again(
    tmp_path: Path, blank_session: Session
) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    _corpus(src)  # written just now: its stamp falls in the racy window
    build_in_workspace([src], out, blank_session, today=TODAY)
    a = src / "a.txt"
    stamp = a.stat()
    a.write_text(a.read_text("utf-8").replace("chips", "ships"), "utf-8")
    os.utime(a, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # same size, mtime and inode
    again = build_in_workspace([src], out, blank_session, today=TODAY)
    assert not again.unchanged
    assert again.stats.classified == ["a"]


def test_options_overrides_and_the_session_make_a_build_run(
    tmp_path: Path, blank_session: Session
) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    _aged_corpus(src)
    build_in_workspace([src], out, blank_session, today=TODAY)
    other = dataclasses.replace(
        blank_session, settings=dataclasses.replace(blank_session.settings, formats=("md",))
    )
    assert not build_in_workspace([src], out, other, today=TODAY).unchanged
    assert build_in_workspace([src], out, other, today=TODAY).unchanged
    cues = dataclasses.replace(other, cues=load_cues(scorer="learned"))
    assert not build_in_workspace([src], out, cues, today=TODAY).unchanged
    (out / ".briefing" / "overrides.json").write_text('{"version": 1, "overrides": {}}', "utf-8")
    assert not build_in_workspace([src], out, cues, today=TODAY).unchanged
    (out / "brief.md").write_text("edited", "utf-8")
    again = build_in_workspace([src], out, cues, today=TODAY)
    assert not again.unchanged
    assert (out / "brief.md").read_text("utf-8") != "edited"


def test_api_build_with_nothing_to_do_loads_no_session(
    tmp_path: Path, blank_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing import api

    src, out = tmp_path / "in", tmp_path / "out"
    _aged_corpus(src)
    monkeypatch.setattr(
        Session,
        "open",
        classmethod(lambda _cls, settings: dataclasses.replace(blank_session, settings=settings)),
    )
    first = api.build([src], out, blank_session.settings, today=TODAY)

    def no_session(_cls: object, _settings: object) -> Session:
        raise AssertionError("a build with nothing to do loaded the session")

    monkeypatch.setattr(Session, "open", classmethod(no_session))
    again = api.build([src], out, blank_session.settings, today=TODAY)
    assert again.unchanged
    assert again.brief.to_dict() == first.brief.to_dict()
    assert [p.name for p in again.written] == [p.name for p in first.written]


def test_a_file_written_while_it_is_read_is_not_stored_under_its_old_hash(
    tmp_path: Path, blank_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    _aged_corpus(src)
    real = inputs_module.read_file

    def racing(path: Path, **kwargs: Any) -> Any:
        found = real(path, **kwargs)
        if path.name == "a.txt":  # written again between the hash and the read
            path.write_text(article("Curbs go", statement(5, "salt")), "utf-8")
        return found

    monkeypatch.setattr(inputs_module, "read_file", racing)
    build_in_workspace([src], out, blank_session, today=TODAY)
    ingested = out / ".briefing" / inputs_module.INGESTED_DIR
    assert len(list(ingested.glob("*.bin"))) == 1  # b's entry only
    monkeypatch.setattr(inputs_module, "read_file", real)
    again = build_in_workspace([src], out, blank_session, today=TODAY)
    assert not again.unchanged  # a.txt's stamp changed: hashed, read, classified again
    assert again.stats.classified == ["a"]
