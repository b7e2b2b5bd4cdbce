"""Hostile files and folders: links out, output folders, bad names, unreadable folders.

Builds run on the blank pipeline (``blank_session``). What must hold: nothing outside
the folders given is read (nor stored in the state or the cache), the brief never cites
its own reports, names and text that are not valid Unicode are shown with U+FFFD, and a
folder that cannot be listed is reported, never skipped silently or fatal. ``watch``
survives everything ``build`` survives.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from _hostile_corpus import article, make_corpus, statement
from click.testing import CliRunner

from briefing.app.building import build_in_workspace
from briefing.app.session import Session
from briefing.app.watch import watch
from briefing.cli import cli
from briefing.ingest import load_articles, read_article

TODAY = "2019-07-15"
SECRET = "Top secret line that must never reach a brief"


def test_hostile_files_link_out_of_the_folder_is_never_read(
    tmp_path: Path, blank_session: Session
) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(article("Curbs stay", statement(1, "chips")), "utf-8")
    secret = tmp_path / "private" / "passwd.txt"
    secret.parent.mkdir()
    secret.write_text(f"{SECRET}\n\n{statement(2, 'steel')}\n", "utf-8")
    (src / "passwd.txt").symlink_to(secret)
    result = build_in_workspace([src], out, blank_session, today=TODAY)
    assert [(s.path, s.reason) for s in result.skipped] == [
        (
            str(src / "passwd.txt"),
            f"is a symbolic link to {secret}, outside the folders given; links are not "
            "followed out of them. Copy the file into the folder, or pass it by its own path.",
        )
    ]
    assert [s.article_id for s in result.brief.sources] == ["a"]
    for path in out.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_hostile_files_a_link_given_by_its_own_path_is_read(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text(article("Curbs stay", statement(1, "chips")), "utf-8")
    (tmp_path / "link.txt").symlink_to(target)
    articles, skipped = load_articles([tmp_path / "link.txt"])
    assert skipped == []
    assert [a.id for a in articles] == ["link"]


def test_hostile_files_reports_are_never_read_back_as_articles(
    tmp_path: Path, blank_session: Session
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(article("Curbs stay", statement(1, "chips")), "utf-8")
    (src / "b.md").write_text(article("Seoul answers", statement(2, "steel")), "utf-8")
    for out in (src / "reports", src):  # OUT inside the sources, then OUT = the sources
        for _ in range(2):
            result = build_in_workspace([src], out, blank_session, today=TODAY)
            assert [s.article_id for s in result.brief.sources] == ["a", "b"], out
            assert result.skipped == []
    # Sources inside OUT: the articles are read, the reports beside them are not.
    inner = tmp_path / "out" / "articles"
    inner.mkdir(parents=True)
    (inner / "a.txt").write_text(article("Curbs stay", statement(1, "chips")), "utf-8")
    for _ in range(2):
        result = build_in_workspace(
            [tmp_path / "out"], tmp_path / "out", blank_session, today=TODAY
        )
        assert [s.article_id for s in result.brief.sources] == ["a"]


def test_hostile_files_non_utf8_names_and_lone_surrogates(
    tmp_path: Path, blank_session: Session
) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    name = os.fsdecode(b"r\xe9sum\xe9.txt")
    (src / name).write_text(article("Latin-1 name", statement(1, "chips")), "utf-8")
    record = {"title": "Escape \udcff", "text": statement(2, "steel") + " \udcff", "url": "\udcff"}
    (src / "feed.jsonl").write_text(json.dumps(record) + "\n", "utf-8")
    result = build_in_workspace([src], out, blank_session, today=TODAY)
    assert result.skipped == []
    ids = [s.article_id for s in result.brief.sources]
    assert ids == ["feed-1", "r\ufffdsum\ufffd"]
    assert result.brief.sources[1].title == "Latin-1 name"
    assert result.brief.sources[1].path == ""  # sources print no local path
    assert result.brief.sources[0].title == "Escape \ufffd"
    brief = (out / "brief.json").read_text("utf-8")  # valid UTF-8 throughout
    assert "\ufffd" in brief
    cli_result = CliRunner().invoke(cli, ["review", "--out", str(out), "--format", "json"])
    assert cli_result.exit_code == 0, cli_result.output


def test_hostile_files_unreadable_folder_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text(article("Curbs stay", statement(1, "chips")), "utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(article("Seoul answers", statement(2, "steel")), "utf-8")
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)  # root ignores chmod, so deny it here
    articles, skipped = load_articles([tmp_path])
    assert [a.id for a in articles] == ["a"]
    assert [(s.path, s.reason) for s in skipped] == [
        (
            str(locked),
            "cannot open this folder (Permission denied); its articles are not read. Make "
            "it readable (chmod u+rx), or leave it out.",
        )
    ]


@pytest.mark.skipif(
    os.geteuid() == 0,
    reason="needs a user other than root (root reads any folder): run the tests as a normal user",
)
def test_hostile_files_unreadable_folder_by_permissions(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(article("Seoul answers", statement(2, "steel")), "utf-8")
    locked.chmod(0)
    try:
        _articles, skipped = load_articles([tmp_path])
    finally:
        locked.chmod(0o755)
    assert [s.path for s in skipped] == [str(locked)]


def test_hostile_files_unbalanced_right_to_left_override_in_a_title(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(article("Curbs \u202eevil and \u2067kept\u2069 here", statement(1, "x")))
    a = read_article(path)
    assert a.title == "Curbs evil and \u2067kept\u2069 here"
    assert len(a.text) == len(path.read_text("utf-8"))


@pytest.mark.parametrize("poll", [True, False], ids=["polling", "events"])
def test_hostile_files_watch_survives_the_hostile_corpus(
    tmp_path: Path, blank_session: Session, poll: bool
) -> None:
    corpus = make_corpus(tmp_path / "in", language=False, huge=False)
    events: list[str] = []
    builds = watch(
        [corpus.folder],
        tmp_path / "out",
        blank_session,
        today=lambda: TODAY,
        max_builds=1,
        poll=poll,
        on_event=events.append,
    )
    assert builds == 1
    assert not any("] Error: " in e for e in events), events
    skipped = {e.split(" skipped ", 1)[1].split(": ", 1)[0] for e in events if " skipped " in e}
    assert skipped == set(corpus.bad)
