"""Rebuild a brief whenever its article files appear, change or go away.

The watch wakes up on the platform's file events (``watchfiles``, over the Rust
``notify`` crate: inotify, FSEvents, ReadDirectoryChangesW) or, with ``poll`` or when
those are unavailable, every ``interval`` seconds (``Polling``). Either way a wake-up
only prompts a look: the files are compared with the last build's (``snapshot``), so
both backends rebuild after the same changes, with the same debounce.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from briefing.app.building import build_in_workspace
from briefing.app.session import Progress, Session
from briefing.app.unchanged import BuildResult
from briefing.errors import BriefingError, describe_exception, unexpected
from briefing.ingest import ARTICLE_SUFFIXES, article_files, display_path

logger = logging.getLogger(__name__)


Snapshot = dict[str, tuple[int, int]]

#: The longest a file-event watch waits without a look at the files (an event missed,
#: on a network file system for instance, is caught at the next look).
RESCAN_SECONDS = 60.0


class Wakeups(Protocol):
    """What wakes a watch up to look at the files: file events, or a timer."""

    #: ``"events"`` or ``"polling"``, as the watch reports it.
    name: str

    def wait(self) -> None:
        """Return when the files may have changed."""

    def close(self) -> None:
        """Stop watching."""


class Polling:
    """Wake up every ``interval`` seconds (``sleep`` is injected by tests)."""

    name = "polling"

    def __init__(self, interval: float, sleep: Callable[[float], None] = time.sleep) -> None:
        self.interval = interval
        self.sleep = sleep

    def wait(self) -> None:
        """Sleep for one interval."""
        self.sleep(self.interval)

    def close(self) -> None:
        """Nothing to stop."""


class FileEvents:
    """Wake up on the platform's file events under the sources (``watchfiles``).

    The watcher starts when the object is made, and it keeps the events that come while
    nobody waits (during a build): ``wait`` then returns at once.

    Raises:
        ImportError: watchfiles is not installed.
        OSError: the platform refused to watch (too many watches, a file system
            without notifications).
    """

    name = "events"

    def __init__(self, paths: Sequence[Path], *, rescan: float = RESCAN_SECONDS) -> None:
        from watchfiles._rust_notify import RustNotify  # documented as watchfiles' backend

        self.rescan = rescan
        self._notify = RustNotify(watched_folders(paths), False, False, 0, True, True)

    def wait(self) -> None:
        """Block until something changes under the sources (or ``rescan`` seconds pass).

        Raises:
            KeyboardInterrupt: a signal (Ctrl-C) came while waiting.
        """
        got = self._notify.watch(50, 50, max(1, int(self.rescan * 1000)), None)
        if got == "signal":
            raise KeyboardInterrupt

    def close(self) -> None:
        """Stop the watcher's thread."""
        self._notify.close()


def watched_folders(paths: Sequence[Path]) -> list[str]:
    """Return the folders to watch for ``paths``: each folder, and each file's folder.

    A file is watched through its folder, so that an editor that replaces it (writes a
    new file and renames it over the old one) is still seen.
    """
    folders = {str((p if p.is_dir() else p.parent).resolve()) for p in paths}
    return sorted(folders)


def open_wakeups(
    paths: Sequence[Path],
    *,
    poll: bool,
    interval: float,
    sleep: Callable[[float], None] = time.sleep,
    notice: Callable[[str], None] = lambda _msg: None,
) -> Wakeups:
    """Return file events for ``paths``, or polling when asked (``poll``) or when they fail.

    A fallback to polling is said in one line (``notice``).
    """
    if poll:
        return Polling(interval, sleep)
    try:
        return FileEvents(paths)
    except ImportError:
        reason = "watchfiles is not installed (pip install watchfiles)"
    # The platform's notify backend failing in any way means: look at the files instead.
    except Exception as exc:
        reason = f"file events are unavailable here ({describe_exception(exc)})"
    notice(f"{reason}; looking at the files every {interval:g} s instead")
    return Polling(interval, sleep)


@dataclass(frozen=True, slots=True)
class FileChanges:
    """Files added, removed and changed between two snapshots of the sources."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def describe(self) -> list[str]:
        """Return one line per changed file ("added: a.txt")."""
        return (
            [f"added: {display_path(p)}" for p in self.added]
            + [f"changed: {display_path(p)}" for p in self.changed]
            + [f"removed: {display_path(p)}" for p in self.removed]
        )


def snapshot(paths: Sequence[Path], *, exclude: Sequence[Path] = ()) -> Snapshot:
    """Return the article files under ``paths`` with their modification time and size.

    Hidden files and folders, the workspace and anything under ``exclude`` (the output
    folder) are left out.
    """
    files: Snapshot = {}
    found, _skipped = article_files(paths, exclude, warn=False)  # the build's own walker
    for path in found:
        if path.suffix.lower() not in ARTICLE_SUFFIXES:
            continue
        try:
            st = path.stat()
        except (RuntimeError, OSError):  # a file gone meanwhile
            continue
        files[str(path)] = (st.st_mtime_ns, st.st_size)
    return files


def diff_snapshots(before: Snapshot, after: Snapshot) -> FileChanges:
    """Return the files added, removed and changed from ``before`` to ``after``."""
    return FileChanges(
        added=tuple(sorted(set(after) - set(before))),
        removed=tuple(sorted(set(before) - set(after))),
        changed=tuple(sorted(p for p in set(before) & set(after) if before[p] != after[p])),
    )


def watch(
    paths: Sequence[Path],
    out: Path,
    session: Session,
    *,
    today: Callable[[], str],
    stem: str = "brief",
    interval: float = 1.0,
    debounce: float = 1.0,
    max_builds: int | None = None,
    on_event: Callable[[str], None] = lambda _msg: None,
    on_build: Callable[[BuildResult], None] = lambda _result: None,
    progress: Progress | None = None,
    sleep: Callable[[float], None] = time.sleep,
    wait: float | None = None,
    poll: bool = False,
) -> int:
    """Build, then rebuild whenever an article file appears, changes or goes away.

    Wakes up on file events (or, with ``poll``, every ``interval`` seconds: see
    ``open_wakeups``); after a change it waits until the files have been still for
    ``debounce`` seconds (a copy in progress), says which files changed, and rebuilds.
    A build that fails, for any reason, is reported and the watch goes on.

    Args:
        paths: files and folders of articles.
        out: the output folder (left out of the watched files).
        session: the loaded registry, cues and pipeline.
        today: returns today's date (ISO), asked at each build.
        stem: the reports' file name without extension.
        interval: seconds between polls (when polling).
        debounce: seconds the files must stay unchanged before a rebuild.
        max_builds: stop after this many builds (the first included); None: never.
        on_event: called with each line to show (files changed, build summary, errors).
        on_build: called with the result of each successful build.
        progress: called with progress messages of each build.
        sleep: the sleeping function (tests pass their own).
        wait: how long each build waits for another build of ``out`` (None: forever).
        poll: look at the files every ``interval`` seconds instead of waiting for file
            events (which are used when the platform has them).

    Returns:
        The number of builds run.
    """

    def run(number: int) -> None:
        try:
            result = build_in_workspace(
                paths, out, session, today=today(), stem=stem, progress=progress, wait=wait
            )
        except BriefingError as exc:
            on_event(f"[build {number}] Error: {exc}")
            return
        # A watch outlives any one build: a defect is reported, and the next change retries.
        except Exception as exc:
            logger.debug("build %d failed", number, exc_info=True)
            on_event(f"[build {number}] Error: {unexpected(exc)}")
            return
        on_event(f"[build {number}] {result.stats.summary()}; {result.changes.summary()}")
        for warning in result.brief.warnings:
            on_event(f"[build {number}] {warning}")
        for path in result.written:
            on_event(f"[build {number}] wrote {path}")
        for s in result.skipped:
            on_event(f"[build {number}] skipped {s.path}: {s.reason}")
        on_build(result)

    wakeups = open_wakeups(
        paths, poll=poll, interval=interval, sleep=sleep, notice=lambda m: logger.warning("%s", m)
    )
    try:
        return _watch_loop(
            paths,
            out,
            wakeups,
            run,
            debounce=debounce,
            sleep=sleep,
            on_event=on_event,
            max_builds=max_builds,
        )
    finally:
        wakeups.close()


def _watch_loop(
    paths: Sequence[Path],
    out: Path,
    wakeups: Wakeups,
    run: Callable[[int], None],
    *,
    debounce: float,
    sleep: Callable[[float], None],
    on_event: Callable[[str], None],
    max_builds: int | None,
) -> int:
    """Run the first build, then one after each settled change; return the builds run."""
    builds = 0
    last = snapshot(paths, exclude=[out])
    builds += 1
    run(builds)
    while max_builds is None or builds < max_builds:
        wakeups.wait()
        now = snapshot(paths, exclude=[out])
        if now == last:
            continue
        while True:
            sleep(debounce)
            settled = snapshot(paths, exclude=[out])
            if settled == now:
                break
            now = settled
        builds += 1
        for line in diff_snapshots(last, now).describe():
            on_event(f"[build {builds}] {line}")
        last = now
        run(builds)
    return builds
