"""Rebuild a brief whenever its article files appear, change or go away."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from briefing.app.building import BuildResult, build_in_workspace
from briefing.app.session import Progress, Session
from briefing.errors import BriefingError, unexpected
from briefing.ingest import ARTICLE_SUFFIXES, article_files, display_path

logger = logging.getLogger(__name__)


Snapshot = dict[str, tuple[int, int]]


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
) -> int:
    """Build, then rebuild whenever an article file appears, changes or goes away.

    Polls the sources every ``interval`` seconds; after a change it waits until the files
    have been still for ``debounce`` seconds (a copy in progress), says which files
    changed, and rebuilds. A build that fails, for any reason, is reported and the watch
    goes on.

    Args:
        paths: files and folders of articles.
        out: the output folder (left out of the watched files).
        session: the loaded registry, cues and pipeline.
        today: returns today's date (ISO), asked at each build.
        stem: the reports' file name without extension.
        interval: seconds between polls.
        debounce: seconds the files must stay unchanged before a rebuild.
        max_builds: stop after this many builds (the first included); None: never.
        on_event: called with each line to show (files changed, build summary, errors).
        on_build: called with the result of each successful build.
        progress: called with progress messages of each build.
        sleep: the sleeping function (tests pass their own).
        wait: how long each build waits for another build of ``out`` (None: forever).

    Returns:
        The number of builds run.
    """
    builds = 0

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

    last = snapshot(paths, exclude=[out])
    builds += 1
    run(builds)
    while max_builds is None or builds < max_builds:
        sleep(interval)
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
