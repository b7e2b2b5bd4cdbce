"""A build with nothing to do: the same inputs, settings, overrides and code as the last.

Every build records in its manifest (``manifest.json``, written last by the commit) a
build record: its key (``inputs.build_key``) and what a rebuild that finds the same key
reports without doing the work again: the articles' ids, the files skipped, the
overrides' problems, the stale overrides, and the change list a rebuild with nothing
changed writes ("no changes"), made by ``compare`` when the build ran. A build whose key
equals the record's, whose reports and state (``state.db`` of the manifest's
generation) are those the manifest lists, neither
parses, classifies, assembles nor renders: ``replay`` returns the last build's result,
and writes only the change files when they still held the last build's changes. The
spaCy model and the registry are not loaded for it (``api.build`` asks before loading).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.app.changes import changes_markdown, changes_record, compare
from briefing.app.inputs import Inputs, build_key, never_sources, scan_files
from briefing.app.session import Progress
from briefing.app.state import ParseStats
from briefing.app.statedb import read_record
from briefing.app.transaction import read_journal
from briefing.app.workspace import Workspace
from briefing.codec import decode, encode
from briefing.config import Settings
from briefing.fsio import file_digest, json_bytes
from briefing.ingest import Skipped
from briefing.model import Assembly, Brief, Changes, Override
from briefing.nlp.models import resolve_model_name

logger = logging.getLogger(__name__)

#: The change files a build writes beside its reports.
CHANGE_FILES = ("changes.md", "changes.json")


def build_record(
    key: str,
    *,
    today: str | None,
    assembly: Assembly,
    ids: Sequence[str],
    skipped: Sequence[Skipped],
    problems: Sequence[str],
    out: Path,
    session: str,
    from_settings: bool,
) -> dict[str, Any]:
    """The record a build leaves in its manifest for the next build to compare with.

    Args:
        key: this build's key.
        today: the date the brief took from ``today`` (None: from the articles or
            ``--date``); a later build on another day is not the same build.
        assembly: this build's assembly.
        ids: the articles built.
        skipped: the files (and articles) skipped, with the reasons.
        problems: the overrides' problems reported.
        out: the output folder as given (the change list names it).
        session: the key of what the session loaded (``inputs.session_key``).
        from_settings: the session was loaded from the settings alone, so a build with
            the same key may be replayed before any session is loaded.
    """
    items = list(assembly.items)
    none = compare(
        items, assembly.brief, items, assembly.brief, new_articles=[], stale=assembly.stale
    )
    return {
        "key": key,
        "session": session,
        "from_settings": from_settings,
        "today": today,
        "ids": list(ids),
        "skipped": [[s.path, s.reason, s.detail] for s in skipped],
        "problems": list(problems),
        "merged": assembly.merged,
        "changes": encode(none),
        "no_change": {
            "changes.md": changes_markdown(none, out=str(out)),
            "changes.json": json_bytes(changes_record(none)).decode(),
        },
    }


def _sha(path: Path) -> str | None:
    try:
        return file_digest(path)
    except OSError:
        return None


def last_build(workspace: Workspace) -> tuple[dict[str, str], dict[str, Any], str] | None:
    """The files, build record and state generation of the last commit, or None."""
    journal = read_journal(workspace.manifest_path)
    if journal is None or not isinstance(journal.get("build"), dict):
        return None
    state = journal.get("state")
    if not isinstance(state, dict) or not state.get("generation"):
        return None
    return dict(journal["files"]), dict(journal["build"]), str(state["generation"])


def replay(
    workspace: Workspace,
    key: str,
    *,
    today: str,
    reports: Sequence[Path],
    session: str | None,
) -> tuple[Brief, Assembly, Changes, list[Path], dict[str, Any]] | None:
    """Return the last build's brief and results when this build has nothing to do.

    None when the key differs, the date would differ, the session differs (``session``;
    None: no session is loaded, and the last build's came from its settings), or a
    report or the state is not the file the last build wrote (edited, removed): then
    the build runs.
    When the change files still hold the last build's changes, they are replaced by the
    "no changes" list (in one transaction with the rest of the set, which is kept).
    """
    last = last_build(workspace)
    if last is None:
        return None
    files, record, generation = last
    if record.get("key") != key or record.get("today") not in (None, today):
        return None
    if session is None and record.get("from_settings") is not True:
        return None
    if session is not None and record.get("session") != session:
        return None
    out = workspace.out
    for path in reports:
        name = path.relative_to(out).as_posix()
        if name not in files or _sha(path) != files[name]:
            return None
    try:
        state = read_record(workspace.state_db, "generation", "brief", "stale")
        if state.get("generation") != generation:
            return None  # not the state the last commit wrote
        brief = Brief.from_dict(state["brief"])
        changes = decode(Changes, record["changes"])
        stale = tuple(decode(Override, o) for o in state.get("stale", ()))
    # Anything unreadable only means this build runs in full.
    except Exception as exc:
        logger.info("cannot reuse the last build (%s); building", exc)
        return None
    change_files = [out / n for n in CHANGE_FILES]
    texts = {n: str(record["no_change"][n]).encode() for n in CHANGE_FILES}
    current = {n: _sha(out / n) for n in CHANGE_FILES}
    if any(current[n] != hashlib.sha256(texts[n]).hexdigest() for n in CHANGE_FILES):
        txn = workspace.begin()
        try:
            for name, digest in files.items():
                if name not in CHANGE_FILES:
                    txn.keep(out / name, digest)
            for name in CHANGE_FILES:
                txn.stage(out / name, texts[name])
            txn.build = record
            txn.keep_state(generation)
        except BaseException:
            txn.abort()
            raise
        txn.commit()
    assembly = Assembly(brief=brief, items=(), stale=stale, merged=int(record.get("merged", 0)))
    return brief, assembly, changes, change_files, record


def replayed_stats(record: dict[str, Any]) -> ParseStats:
    """The cache figures of a build with nothing to do: every article came from before."""
    ids = [str(i) for i in record.get("ids", ())]
    return ParseStats(cached=list(ids), reused=list(ids))


def replayed_skipped(record: dict[str, Any]) -> list[Skipped]:
    """The files the last build skipped, as it reported them."""
    return [Skipped(str(p), str(r), str(d)) for p, r, d in record.get("skipped", ())]


@dataclass(slots=True)
class BuildResult:
    """What a build did.

    Attributes:
        brief: the brief rendered.
        written: the report files written (``<stem>.docx``, ...).
        skipped: the input files skipped, with reasons.
        assembly: the brief's review items and the stale overrides.
        changes: the comparison with the previous build of the folder.
        change_files: ``changes.md`` and ``changes.json``.
        stats: which articles were parsed and which came from the cache.
        problems: bad entries of ``overrides.json``, each with its id and fix (not applied).
        unchanged: nothing changed since the last build (``briefing.app.unchanged``):
            nothing was parsed, classified, assembled or rendered; ``brief`` is the last
            build's and ``assembly`` carries no items.
    """

    brief: Brief
    written: list[Path]
    skipped: list[Skipped]
    assembly: Assembly
    changes: Changes
    change_files: list[Path]
    stats: ParseStats
    problems: list[str] = field(default_factory=list)
    unchanged: bool = False


def report_paths(out: Path, formats: Sequence[str], stem: str = "brief") -> list[Path]:
    """Return the report files a build writes into ``out``."""
    return [out / f"{stem}.{f}" for f in dict.fromkeys(formats)]


def foreign_reports(out: Path, formats: Sequence[str], stem: str = "brief") -> list[Path]:
    """Return the existing report files a build would replace that it did not write.

    The reports of the folder's previous build, unchanged since, are replaced freely (that
    is the analyst's loop); any other existing file needs ``--force``.
    """
    return Workspace(out).foreign_reports(report_paths(out, formats, stem))


def scan_inputs(
    workspace: Workspace,
    paths: Sequence[Path],
    settings: Settings,
    *,
    stem: str,
    rehash: bool = False,
) -> tuple[Inputs, str]:
    """Find the build's article files by their stamps and its key; return them and the model.

    Call it while holding the workspace's lock.
    """
    model = resolve_model_name(settings.model)
    exclude = never_sources(workspace.out, paths, stem=stem)
    inputs = scan_files(workspace.root, paths, exclude, rehash=rehash)
    inputs.key = build_key(
        inputs,
        settings,
        model=model,
        out=workspace.out,
        stem=stem,
        sources=paths,
        overrides=workspace.overrides_path,
    )
    return inputs, model


def replayed(
    workspace: Workspace,
    key: str,
    settings: Settings,
    *,
    today: str,
    stem: str,
    say: Progress,
    session: str | None,
) -> BuildResult | None:
    """The last build's result when this build has nothing to do (``unchanged.replay``).

    ``session``: the session's key (``session_key``); None when there is no session yet
    (``unchanged_build``): then only a build whose session came from its settings
    (``api.build``, ``watch``) is replayed.
    """
    reports = report_paths(workspace.out, settings.formats, stem)
    replayed = replay(workspace, key, today=today, reports=reports, session=session)
    if replayed is None:
        return None
    brief, assembly, changes, change_files, record = replayed
    problems = [str(p) for p in record.get("problems", ())]
    for problem in problems:
        logger.warning("%s", problem)
    say(f"nothing changed since the last build: kept {len(reports)} file(s) in {workspace.out}")
    say(f"changes: {changes.summary()} ({change_files[0]})")
    return BuildResult(
        brief=brief,
        written=reports,
        skipped=replayed_skipped(record),
        assembly=assembly,
        changes=changes,
        change_files=change_files,
        stats=replayed_stats(record),
        problems=problems,
        unchanged=True,
    )


def unchanged_build(
    paths: Sequence[Path],
    out: Path,
    settings: Settings,
    *,
    today: str,
    stem: str = "brief",
    progress: Progress | None = None,
    wait: float | None = None,
    rehash: bool = False,
) -> BuildResult | None:
    """The last build's result if a build now would have nothing to do, else None.

    Needs no session: ``api.build`` asks it before loading the registry and the spaCy
    model. It holds the workspace lock while it looks (and while it replaces the change
    files, when they still list the last build's changes).
    """
    workspace = Workspace(out)
    if not workspace.manifest_path.exists():
        return None
    say = progress or (lambda _msg: None)
    with workspace.lock(wait=wait):
        inputs, _model = scan_inputs(workspace, paths, settings, stem=stem, rehash=rehash)
        return replayed(
            workspace, inputs.key, settings, today=today, stem=stem, say=say, session=None
        )
