"""The watch's wake-ups: file events (watchfiles) and the polling fallback."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

import briefing.app.watch
from briefing.app.watch import FileEvents, Polling, open_wakeups, watched_folders


def test_watch_poll_is_polling_with_the_interval(tmp_path: Path) -> None:
    slept: list[float] = []
    wakeups = open_wakeups([tmp_path], poll=True, interval=0.5, sleep=slept.append)
    wakeups.wait()
    assert wakeups.name == "polling"
    assert slept == [0.5]


def test_watch_file_events_by_default(tmp_path: Path) -> None:
    notices: list[str] = []
    wakeups = open_wakeups([tmp_path], poll=False, interval=1.0, notice=notices.append)
    try:
        assert wakeups.name == "events"
        assert notices == []
    finally:
        wakeups.close()


def test_watch_falls_back_to_polling_when_notify_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(briefing.app.watch, "FileEvents", refuse)
    notices: list[str] = []
    wakeups = open_wakeups([tmp_path], poll=False, interval=2.0, notice=notices.append)
    assert isinstance(wakeups, Polling)
    assert notices == [
        "file events are unavailable here (OSError: [Errno 28] inotify watch limit reached); "
        "looking at the files every 2 s instead"
    ]


def test_watch_falls_back_to_polling_without_watchfiles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "watchfiles._rust_notify", None)  # import fails
    notices: list[str] = []
    wakeups = open_wakeups([tmp_path], poll=False, interval=1.0, notice=notices.append)
    assert isinstance(wakeups, Polling)
    assert notices == [
        "watchfiles is not installed (pip install watchfiles); "
        "looking at the files every 1 s instead"
    ]


def test_watch_file_events_wake_up_on_a_new_file(tmp_path: Path) -> None:
    events = FileEvents([tmp_path], rescan=600.0)  # only an event can wake it in time
    woke = threading.Event()

    def wait() -> None:
        events.wait()
        woke.set()

    try:
        thread = threading.Thread(target=wait, daemon=True)
        thread.start()
        (tmp_path / "new.txt").write_text("text", "utf-8")
        assert woke.wait(30.0), "no file event within 30 s"
    finally:
        events.close()


def test_watch_folders_of_files_and_folders(tmp_path: Path) -> None:
    sub = tmp_path / "sub"
    sub.mkdir()
    (tmp_path / "a.txt").write_text("a", "utf-8")
    assert watched_folders([tmp_path / "a.txt", sub]) == sorted(
        [str(tmp_path.resolve()), str(sub.resolve())]
    )
