"""A rebuild costs what changed: an unchanged brief is not rendered again."""

from __future__ import annotations

from pathlib import Path

from briefing.app.building import build_in_workspace
from briefing.app.session import Session
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
