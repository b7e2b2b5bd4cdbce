"""Build the brief in an output folder through its workspace: the analyst's loop.

``build_in_workspace`` reads and classifies the articles (cached), assembles the brief
with the analyst's overrides, compares it with the previous build (``changes.md``,
``changes.json``, "New since"), renders the reports and commits them with the state.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from briefing.app.cache import content_hash
from briefing.app.changes import changes_markdown, changes_record, compare
from briefing.app.classifying import Classified, Failures, classify_in_workspace
from briefing.app.inputs import (
    IngestStore,
    code_fingerprint,
    session_key,
)
from briefing.app.outputs import (
    build_heap,
    json_pieces,
    release_memory,
    render_each,
    stage_pieces,
)
from briefing.app.overrides import overrides_for
from briefing.app.pair import decide_pair, parties
from briefing.app.session import Meter, Progress, Session
from briefing.app.state import ParseStats, State
from briefing.app.statedb import state_delta
from briefing.app.transaction import unwritable
from briefing.app.unchanged import (
    BuildResult,
    build_record,
    replayed,
    report_paths,
    scan_inputs,
)
from briefing.app.workspace import Workspace
from briefing.assemble import assemble, build_brief
from briefing.coverage import coverage_warnings, off_topic, off_topic_warning
from briefing.errors import BriefingError, describe_exception
from briefing.fsio import file_digest
from briefing.ingest import ARTICLE_SUFFIXES, Skipped, display_path
from briefing.model import Article, Assembly, Brief, Party, Sentence
from briefing.nlp.pipeline import model_info
from briefing.nlp.registry import Registry
from briefing.render.templates import load_template

logger = logging.getLogger(__name__)


class NoArticlesError(BriefingError):
    """No article could be read; ``skipped`` says why for each file."""

    def __init__(self, message: str, *, skipped: Sequence[Skipped]) -> None:
        super().__init__(message)
        self.skipped = list(skipped)


def _parties(classified: Classified, session: Session) -> tuple[Party, Party]:
    """Return the two governments of the brief: the pair classification was done for.

    ``classify_paths`` with a pair per article decided none: then the pair of all the
    articles is decided here (``decide_pair``), once.
    """
    pair = classified.pair or decide_pair(
        session.settings.pair, classified.mentions.values(), session.registry
    )
    return parties(pair, session.registry)


def _on_topic(
    classified: Classified, parties: tuple[Party, Party]
) -> tuple[list[Article], list[Sentence], list[str]]:
    """The articles and sentences of a brief on ``parties``, and the ids ``off_topic`` left out."""
    left_out = off_topic((parties[0].code, parties[1].code), classified.mentions)
    out = set(left_out)
    articles = [a for a in classified.articles if a.id not in out]
    sentences = [s for s in classified.sentences if s.article_id not in out]
    return articles, sentences, left_out


def _meta(session: Session, template_name: str) -> dict[str, object]:
    return {
        **model_info(session.nlp),
        "pair_detected": session.settings.pair is None,
        "template": template_name,
    }


def brief_from(classified: Classified, session: Session, *, date: str) -> Brief:
    """Assemble the brief of classified articles for the settings' template and pair.

    Articles about other governments only (``off_topic``) are left out, as in a build.
    """
    template = load_template(session.settings.template)
    parties = _parties(classified, session)
    articles, sentences, _left_out = _on_topic(classified, parties)
    return build_brief(
        articles,
        sentences,
        template,
        parties=parties,
        date=date,
        meta=_meta(session, template.name),
    )


def stale_registry_warnings(classified: Classified, registry: Registry, date: str) -> list[str]:
    """Warn about registry people who speak in the articles but left office before ``date``."""
    speakers = {s.speaker.name.lower() for s in classified.sentences if s.speaker is not None}
    warnings = []
    for person in registry.stale_people(date):
        names = {person.name.lower(), *(a.lower() for a in person.aliases)}
        if any(n in speaker or speaker in n for n in names for speaker in speakers):
            warnings.append(
                f"warning: the actor registry lists {person.name} as {person.role} of "
                f"{person.government} until {person.end}, before this brief's date {date}; "
                "update briefing/data/people.jsonl or pass a newer file with --actors."
            )
    return warnings


def default_date(articles: Sequence[Article], today: str) -> str:
    """The newest article date, else ``today`` (given by the CLI)."""
    return newest_date(articles) or today


def newest_date(articles: Sequence[Article]) -> str | None:
    """The newest article date, or None when no article has one."""
    dates = sorted(a.date for a in articles if a.date)
    return dates[-1] if dates else None


def brief_warnings(
    classified: Classified, parties: tuple[Party, Party], session: Session, as_of: str | None
) -> list[str]:
    """Return the build's warnings: stale registry people (when dated), then coverage."""
    pair = (parties[0].code, parties[1].code)
    stale = stale_registry_warnings(classified, session.registry, as_of) if as_of else []
    names = {p.code: p.name for p in parties}
    coverage = coverage_warnings(
        pair, names, classified.sentences, classified.mentions, classified.article_pairs
    )
    return [*stale, *coverage]


def _no_articles(paths: Sequence[Path], skipped: Sequence[Skipped]) -> NoArticlesError:
    listed = "".join(f"\n  {s.path}: {s.reason}" for s in skipped)
    return NoArticlesError(
        "No article could be read from "
        + ", ".join(str(p) for p in paths)
        + f". Put articles there ({', '.join(ARTICLE_SUFFIXES)})."
        + (f" Skipped {len(skipped)} file(s):{listed}" if listed else ""),
        skipped=skipped,
    )


def _since(previous: State | None, hashes: Mapping[str, str]) -> dict[str, Any] | None:
    """Return the reference of "New since": the last build with another set of articles."""
    if previous is None:
        return None
    if previous.articles == hashes:
        return previous.since
    return {"date": previous.date, "articles": dict(previous.articles)}


def build_in_workspace(
    paths: Sequence[Path],
    out: Path,
    session: Session,
    *,
    today: str,
    stem: str = "brief",
    progress: Progress | None = None,
    wait: float | None = None,
    meter: Meter | None = None,
    rehash: bool = False,
    from_settings: bool = False,
) -> BuildResult:
    """Build the brief in ``out`` through its workspace: cached parses, overrides, changes.

    Holds the workspace lock for the whole build, so two builds of one folder run one
    after the other. Parses only the articles the cache lacks; classifies every article;
    applies the overrides; marks the items of articles added since the last build with
    another set of articles; renders the reports; writes ``changes.md`` and
    ``changes.json`` beside them; and records the state for the next build. The reports,
    the change files and the state are one transaction (``Workspace.begin``): a build
    killed or stopped by a full disk at any moment leaves the previous set whole, or the
    new one. A build with the same inputs, settings, overrides and code as the last one
    does nothing (``BuildResult.unchanged``); files are recognised by their stamps
    (``briefing.app.inputs``), and unchanged ones are not read again.

    An article that a stage (reading, parsing, classification, assembly) fails on
    unexpectedly is skipped with the reason, and the others are built. A bad entry of
    ``overrides.json`` is reported (``BuildResult.problems``) and not applied.

    Args:
        paths: files and folders of articles.
        out: the output folder.
        session: the loaded registry, cues and pipeline.
        today: the date to use when no article has one (given by the CLI).
        stem: the reports' file name without extension.
        progress: called with progress messages.
        wait: how long to wait for another build of ``out`` to finish (None: forever).
        meter: counts the articles parsed and classified (the CLI's progress bar).
        rehash: hash every article file instead of trusting their stamps.
        from_settings: ``session`` is ``Session.open(session.settings)`` (``api``): a
            later ``api.build`` with the same settings may replay this build without
            loading a session.

    Raises:
        BriefingError: no article could be read, the overrides file is unusable, the
            lock stayed held for ``wait`` seconds, rendering failed, or the output folder
            cannot be written (``OutputError``; the previous reports are unchanged).
    """
    say = progress or (lambda _msg: None)
    workspace = Workspace(out)
    with workspace.lock(wait=wait), build_heap():
        inputs, model = scan_inputs(workspace, paths, session.settings, stem=stem, rehash=rehash)
        loaded = session_key(session)
        unchanged = replayed(
            workspace, inputs.key, session.settings, today=today, stem=stem, say=say, session=loaded
        )
        if unchanged is not None:
            return unchanged
        overrides = workspace.load_overrides()
        problems = list(workspace.override_problems)
        store = IngestStore(
            workspace.root, inputs, encoding=session.settings.encoding, code=code_fingerprint(model)
        )
        classified = classify_in_workspace(
            paths, session, workspace, stem=stem, progress=say, meter=meter, read=store.reader()
        )
        store.prune()
        if not classified.articles:
            raise _no_articles(paths, classified.skipped)
        release_memory()  # the parser's buffers, freed
        template = load_template(session.settings.template)
        parties = _parties(classified, session)
        usable, unusable = overrides_for(overrides, (parties[0].code, parties[1].code))
        problems += [f"{workspace.overrides_path}: {m}" for m in unusable]
        for problem in problems:
            logger.warning("%s", problem)
        stats = classified.stats or ParseStats()
        previous = workspace.load_state(set_aside=True)
        as_of = session.settings.date or newest_date(classified.articles)
        date = as_of or today
        warnings = brief_warnings(classified, parties, session, as_of)
        on_topic, on_topic_sentences, left_out = _on_topic(classified, parties)
        if left_out:
            names = {p.code: p.name for p in parties}
            warnings.append(off_topic_warning((parties[0].code, parties[1].code), names, left_out))
        previous_brief = previous.load_brief() if previous else None
        numbering = previous_brief.meta.get("citations") if previous_brief else None
        failures = Failures()

        def assembly_of(articles: Sequence[Article], sentences: Sequence[Sentence]) -> Assembly:
            hashes = {a.id: content_hash(a) for a in articles}
            since = _since(previous, hashes)
            base: Mapping[str, str] = since["articles"] if since is not None else {}
            new = [a for a, h in hashes.items() if since is not None and base.get(a) != h]
            return assemble(
                articles,
                sentences,
                template,
                parties=parties,
                date=date,
                meta=_meta(session, template.name),
                overrides=usable,
                new_articles=new,
                since=str(since["date"]) if since is not None else None,
                numbering=numbering,
                as_of=as_of,
                warnings=warnings,
            )

        assembly, articles = assemble_each(
            on_topic,
            on_topic_sentences,
            assembly_of,
            failures,
        )
        # The assembly holds what the reports need: the sentences go before they are made.
        classified.sentences = []
        del on_topic_sentences
        release_memory()
        hashes = {a.id: content_hash(a) for a in articles}
        since = _since(previous, hashes)
        changed = (
            [a for a, h in hashes.items() if previous.articles.get(a) != h] if previous else []
        )
        for o in assembly.stale:
            logger.info(
                "override %s (%s) matches no sentence any more: %r from %s",
                o.key,
                o.describe(),
                o.text,
                o.article,
            )
        brief = assembly.brief
        changes = compare(
            previous.items if previous else None,
            previous_brief,
            assembly.items,
            brief,
            new_articles=changed,
            stale=assembly.stale,
        )
        txn = workspace.begin()
        # Until the commit, anything that stops the build (an error, Ctrl-C) only deletes
        # the staged files: the previous reports stay as they were.
        try:
            brief_record = brief.to_dict()
            kept = unchanged_reports(out, previous, brief_record, session.settings.formats, stem)
            if kept is not None:  # the same brief as last time: its reports are kept
                written = [txn.keep(path, digest) for path, digest in kept]
            else:
                try:
                    rendered = render_each(
                        brief, template, txn.reports_dir, session.settings.formats, stem
                    )
                except OSError as exc:
                    raise unwritable(out, exc) from exc
                written = [txn.adopt(out / p.name, p) for p in rendered]
            release_memory()  # what rendering freed, before the change files and state
            change_files = [
                txn.stage(out / "changes.md", changes_markdown(changes, out=str(out)).encode()),
                stage_pieces(txn, out, out / "changes.json", json_pieces(changes_record(changes))),
            ]
            reports = dict(previous.reports) if previous else {}
            reports.update({p.name: txn.digest(p) for p in written})
            state = State(
                brief=brief_record,
                items=list(assembly.items),
                articles=hashes,
                since=since,
                stale=list(assembly.stale),
                reports=reports,
                sources=[display_path(p) for p in paths],
            )
            txn.stage_state(state_delta(previous if workspace.state_in_db else None, state))
            txn.build = build_record(
                inputs.key,
                today=today if as_of is None else None,
                assembly=assembly,
                ids=[a.id for a in articles],
                skipped=[*classified.skipped, *failures.skipped],
                problems=problems,
                out=out,
                session=loaded,
                from_settings=from_settings,
            )
        except BaseException:
            txn.abort()
            raise
        txn.commit()
        say(f"wrote {len(written)} file(s) to {out}")
        say(f"changes: {changes.summary()} ({change_files[0]})")
    return BuildResult(
        brief=brief,
        written=written,
        skipped=[*classified.skipped, *failures.skipped],
        assembly=assembly,
        changes=changes,
        change_files=change_files,
        stats=stats,
        problems=problems,
    )


def unchanged_reports(
    out: Path,
    previous: State | None,
    brief: Mapping[str, Any],
    formats: Sequence[str],
    stem: str,
) -> list[tuple[Path, str]] | None:
    """The reports of the previous build when the brief is the same and they are untouched.

    Returns (path, SHA-256) of each report the build would write, or None when any must be
    rendered again: the brief differs, a format was not written last time, or a report
    was edited or removed since.
    """
    if previous is None or _canonical_json(previous.brief) != _canonical_json(brief):
        return None
    kept = []
    for path in report_paths(out, formats, stem):
        recorded = previous.reports.get(path.name)
        try:
            actual = file_digest(path)
        except OSError:
            return None
        if recorded is None or actual != recorded:
            return None
        kept.append((path, actual))
    return kept


def _canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def assemble_each(
    articles: Sequence[Article],
    sentences: Sequence[Sentence],
    assembly_of: Callable[[Sequence[Article], Sequence[Sentence]], Assembly],
    failures: Failures,
) -> tuple[Assembly, list[Article]]:
    """Assemble the brief; an article that makes assembly fail is left out and reported.

    Assembly works on all articles at once, so when it fails each article is assembled
    alone to find the ones that fail; they are reported (``failures``) and the brief is
    assembled from the others.

    Returns:
        The assembly and the articles it was built from.

    Raises:
        BriefingError: assembly fails although no article fails alone.
    """
    try:
        return assembly_of(articles, sentences), list(articles)
    # The article boundary of the assembly stage (see the docstring).
    except Exception as exc:
        logger.debug("assembling the brief failed; assembling each article alone", exc_info=True)
        error = exc
    by_article: dict[str, list[Sentence]] = {}
    for s in sentences:
        by_article.setdefault(s.article_id, []).append(s)
    kept: list[Article] = []
    for article in articles:
        try:
            assembly_of([article], by_article.get(article.id, []))
        except Exception as exc:
            failures.record(article, "assembly", exc)
            continue
        kept.append(article)
    if not kept or len(kept) == len(articles):
        raise BriefingError(
            f"Could not assemble the brief ({describe_exception(error)}). This is a bug in "
            "briefing: run again with -v to see the traceback, and report it."
        ) from error
    ids = {a.id for a in kept}
    return assembly_of(kept, [s for s in sentences if s.article_id in ids]), kept


def build(
    paths: Sequence[Path],
    out: Path,
    session: Session,
    *,
    today: str,
    stem: str = "brief",
    progress: Progress | None = None,
) -> tuple[Brief, list[Path], list[Skipped]]:
    """Build the brief of the articles under ``paths`` and render it into ``out``.

    The build goes through the folder's workspace (``build_in_workspace``): the next
    build of the same folder re-parses only new articles and reports what changed.

    Raises:
        BriefingError: when no article could be read, or rendering fails.
    """
    result = build_in_workspace(paths, out, session, today=today, stem=stem, progress=progress)
    return result.brief, result.written, result.skipped
