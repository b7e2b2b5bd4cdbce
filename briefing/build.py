"""Run the stages end to end: ingest -> nlp -> classify -> assemble -> render.

This module sits beside the CLI at the top of the stage order: it is the library
API behind each command (``build``, ``classify``, ``actors``, ``review``, ``override``,
``watch``), and it is allowed to touch files because it calls ingest and render.

``build`` keeps the analyst's loop in the output folder's workspace (``OUT/.briefing``,
see ``briefing.workspace``): parsed articles are cached, the brief is compared with the
previous build (``changes.md``, ``changes.json``, "New since"), and the analyst's
overrides are applied.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from briefing.assemble import (
    OVERRIDE_SECTIONS,
    Assembly,
    Override,
    Party,
    ReviewItem,
    assemble,
    build_brief,
)
from briefing.classify import Cues, classify_articles, detect_pair, load_cues
from briefing.config import Settings
from briefing.coverage import coverage_warnings
from briefing.errors import (
    BriefingError,
    describe_exception,
    internal_reason,
    traceback_of,
    unexpected,
)
from briefing.ingest import (
    ARTICLE_SUFFIXES,
    Skipped,
    article_files,
    display_path,
    load_articles,
)
from briefing.model import Actor, Article, Brief, Sentence, government_of
from briefing.nlp.pipeline import (
    ParsedArticle,
    build_nlp,
    default_jobs,
    model_info,
    parse_articles,
)
from briefing.nlp.registry import Registry, load_registry
from briefing.render import FORMATS as RENDER_FORMATS
from briefing.render import render
from briefing.render.templates import load_template
from briefing.review import Changes, changes_markdown, compare, review_html
from briefing.workspace import (
    WORKSPACE_DIR,
    ParseStats,
    State,
    Workspace,
    WorkspaceError,
    atomic_write,
    content_hash,
    file_digest,
    json_bytes,
    pair_from_salience,
    title_salience,
    unwritable,
)

logger = logging.getLogger(__name__)

Progress = Callable[[str], None]

#: Files a build or review writes into the output folder besides the reports.
OUTPUT_FILES = ("changes.md", "changes.json", "review.html")


class NoArticlesError(BriefingError):
    """No article could be read; ``skipped`` says why for each file."""

    def __init__(self, message: str, *, skipped: Sequence[Skipped]) -> None:
        super().__init__(message)
        self.skipped = list(skipped)


@dataclass(slots=True)
class Session:
    """What a run loads once: registry, cue lexicons and the spaCy pipeline."""

    settings: Settings
    registry: Registry
    cues: Cues
    nlp: Language

    @classmethod
    def open(cls, settings: Settings) -> Session:
        """Load the registry, the cues and the pipeline for these settings."""
        registry = load_registry(settings.actors)
        cues = load_cues(settings.cues, scorer=settings.scorer)
        nlp = build_nlp(settings.model, registry=registry)
        return cls(settings=settings, registry=registry, cues=cues, nlp=nlp)

    @property
    def jobs(self) -> int:
        """Processes to parse in: ``--jobs``, else ``default_jobs()``."""
        return self.settings.jobs if self.settings.jobs else default_jobs()


@dataclass(slots=True)
class Classified:
    """The articles read, the sentences classified, and the files skipped."""

    articles: list[Article]
    sentences: list[Sentence]
    parsed: list[ParsedArticle]
    skipped: list[Skipped] = field(default_factory=list)
    stats: ParseStats | None = None
    pair: tuple[str, str] | None = None
    mentions: dict[str, dict[str, int]] = field(default_factory=dict)
    article_pairs: dict[str, tuple[str, str]] = field(default_factory=dict)


def check_pair(pair: Sequence[str] | None, registry: Registry) -> tuple[str, str] | None:
    """Validate a user-given pair of codes ("MEX,USA").

    Raises:
        BriefingError: when a code is unknown or the pair is not two codes.
    """
    if not pair:
        return None
    codes = tuple(c.strip().upper() for c in pair if c.strip())
    if len(codes) != 2 or codes[0] == codes[1]:
        raise BriefingError(
            f"--pair needs two different government codes, such as MEX,USA (got {','.join(pair)})."
        )
    for code in codes:
        registry.government(code)
    return codes[0], codes[1]


@dataclass(slots=True)
class Failures:
    """Articles a stage failed on unexpectedly: each becomes a skipped file with the reason.

    The article boundary of every stage reports here (``record``); the traceback goes to
    the debug log (``-v``), the reason names the stage and the error.
    """

    skipped: list[Skipped] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)

    def record(self, article: Article, stage: str, exc: BaseException) -> None:
        """Report ``article`` as skipped because ``stage`` raised ``exc``."""
        logger.debug("%s: %s failed", article.id, stage, exc_info=exc)
        self.ids.add(article.id)
        self.skipped.append(Skipped(where(article), internal_reason(stage, exc), traceback_of(exc)))

    def keep(self, articles: Sequence[Article]) -> list[Article]:
        """Return the articles no stage failed on."""
        return [a for a in articles if a.id not in self.ids]


def where(article: Article) -> str:
    """Return where an article is, as skip lists print it ("feed.jsonl (article feed-3)")."""
    if article.path and Path(article.path).stem != article.id:
        return f"{article.path} (article {article.id})"
    return article.path or article.id


def classify_each(
    parsed: Sequence[ParsedArticle],
    session: Session,
    failures: Failures,
    *,
    pair: Sequence[str] | None,
) -> list[Sentence]:
    """Classify each parsed article on its own; one that fails is reported and left out."""
    sentences: list[Sentence] = []
    for pa in parsed:
        try:
            sentences.extend(classify_articles([pa], session.registry, session.cues, pair=pair))
        # The article boundary: a defect one article trips leaves only that article out.
        except Exception as exc:
            failures.record(pa.article, "classification", exc)
    return sentences


def classify_paths(
    paths: Sequence[Path],
    session: Session,
    *,
    per_article_pair: bool = True,
    progress: Progress | None = None,
) -> Classified:
    """Read, parse and classify the articles under ``paths``.

    An article that parsing or classification fails on unexpectedly is listed in
    ``skipped`` with the reason, and the others are still classified.

    Args:
        paths: files and folders of articles.
        session: the loaded registry, cues and pipeline.
        per_article_pair: detect each article's own pair (``classify``) instead of
            one pair for all articles (``build``); ``--pair`` overrides both.
        progress: called with progress messages (the CLI prints them on stderr).
    """
    say = progress or (lambda _msg: None)
    articles, skipped = load_articles(list(paths), encoding=session.settings.encoding)
    say(f"read {len(articles)} article(s), skipped {len(skipped)}")
    failures = Failures()
    parsed = parse_articles(
        articles,
        session.nlp,
        on_error=lambda a, exc: failures.record(a, "parsing", exc),
        jobs=session.jobs,
    )
    say(f"parsed {sum(len(pb.sentences) for pa in parsed for pb in pa.blocks)} sentence(s)")
    pair = check_pair(session.settings.pair, session.registry)
    if pair is None and not per_article_pair and parsed:
        pair = detect_pair(parsed, session.registry)
    sentences = classify_each(parsed, session, failures, pair=pair)
    kept = failures.keep(articles)
    return Classified(
        articles=kept,
        sentences=sentences,
        parsed=[pa for pa in parsed if pa.article.id not in failures.ids],
        skipped=[*skipped, *failures.skipped],
    )


def classify_in_workspace(
    paths: Sequence[Path],
    session: Session,
    workspace: Workspace,
    *,
    stem: str = "brief",
    progress: Progress | None = None,
) -> Classified:
    """Read and classify the articles under ``paths`` through a workspace's caches.

    Like ``classify_paths`` for ``build`` (one pair for all articles), but only the
    articles the parse cache lacks are parsed, the pair is found from the entries'
    salience, and an article is classified again only when something its classification
    depends on changed. The output folder is never read as a source (``never_sources``;
    ``stem`` names its reports). Call it while holding ``workspace.lock()``.

    Returns:
        The articles, sentences and skipped files; ``parsed`` holds only the articles
        decoded or parsed in this build, ``pair`` the pair of the brief, ``stats`` what
        the caches did.
    """
    say = progress or (lambda _msg: None)
    articles, skipped = load_articles(
        list(paths),
        encoding=session.settings.encoding,
        exclude=never_sources(workspace.out, paths, stem=stem),
    )
    say(f"read {len(articles)} article(s), skipped {len(skipped)}")
    failures = Failures()
    workspace.on_error = failures.record
    items = workspace.prepare(articles, session.nlp, session.registry, jobs=session.jobs)
    say(workspace.stats.summary())
    pair = check_pair(session.settings.pair, session.registry) or workspace.detect_pair(
        items, session.registry
    )
    mentions = {
        i.article.id: dict(i.salience + title_salience(i.article, session.registry)) for i in items
    }
    sentences: list[Sentence] = []
    if items and pair[0] and pair[1]:
        sentences = workspace.classify(items, session.registry, session.cues, pair=pair)
    stats = workspace.stats
    say(
        f"classified {len(stats.classified)} article(s), "
        f"{len(stats.reused)} unchanged; {len(sentences)} sentence(s)"
    )
    return Classified(
        articles=failures.keep(articles),
        sentences=[s for s in sentences if s.article_id not in failures.ids],
        parsed=[i.parsed for i in items if i.parsed is not None and not i.failed],
        skipped=[*skipped, *failures.skipped],
        stats=stats,
        pair=pair,
        mentions=mentions,
        article_pairs={a: pair_from_salience(m, session.registry) for a, m in mentions.items()},
    )


def never_sources(out: Path, paths: Sequence[Path], *, stem: str = "brief") -> list[Path]:
    """Return what a build into ``out`` never reads as a source: the output folder.

    The whole folder when no source is inside it (the brief must not cite itself);
    when the sources are inside it, its workspace and the files builds write there.
    """
    root = out.resolve()

    def inside(p: Path) -> bool:
        try:
            return p.resolve().is_relative_to(root)
        except (RuntimeError, OSError):
            return False

    if not any(inside(Path(p)) for p in paths):
        return [root]
    written = [f"{stem}.{fmt}" for fmt in RENDER_FORMATS]
    return [root / WORKSPACE_DIR, *(root / n for n in [*written, *OUTPUT_FILES])]


def _parties(classified: Classified, session: Session) -> tuple[Party, Party]:
    """Return the two governments of the brief: ``--pair``, else the most salient two."""
    pair = (
        check_pair(session.settings.pair, session.registry)
        or classified.pair
        or detect_pair(classified.parsed, session.registry)
    )
    if not pair[0] or not pair[1]:
        raise BriefingError(
            "Could not find two governments in the articles. Pass them with --pair, "
            "for example --pair MEX,USA."
        )
    parties = [
        Party(
            code=c,
            name=session.registry.government(c).name,
            display=session.registry.government(c).display,
        )
        for c in pair
    ]
    return parties[0], parties[1]


def _meta(session: Session, template_name: str) -> dict[str, object]:
    return {
        **model_info(session.nlp),
        "pair_detected": session.settings.pair is None,
        "template": template_name,
    }


def brief_from(classified: Classified, session: Session, *, date: str) -> Brief:
    """Assemble the brief of classified articles for the settings' template and pair."""
    template = load_template(session.settings.template)
    return build_brief(
        classified.articles,
        classified.sentences,
        template,
        parties=_parties(classified, session),
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
    """

    brief: Brief
    written: list[Path]
    skipped: list[Skipped]
    assembly: Assembly
    changes: Changes
    change_files: list[Path]
    stats: ParseStats
    problems: list[str] = field(default_factory=list)


def _no_articles(paths: Sequence[Path], skipped: Sequence[Skipped]) -> NoArticlesError:
    listed = "".join(f"\n  {s.path}: {s.reason}" for s in skipped)
    return NoArticlesError(
        "No article could be read from "
        + ", ".join(str(p) for p in paths)
        + f". Put articles there ({', '.join(ARTICLE_SUFFIXES)})."
        + (f" Skipped {len(skipped)} file(s):{listed}" if listed else ""),
        skipped=skipped,
    )


def report_paths(out: Path, formats: Sequence[str], stem: str = "brief") -> list[Path]:
    """Return the report files a build writes into ``out``."""
    return [out / f"{stem}.{f}" for f in dict.fromkeys(formats)]


def foreign_reports(out: Path, formats: Sequence[str], stem: str = "brief") -> list[Path]:
    """Return the existing report files a build would replace that it did not write.

    The reports of the folder's previous build, unchanged since, are replaced freely (that
    is the analyst's loop); any other existing file needs ``--force``.
    """
    return Workspace(out).foreign_reports(report_paths(out, formats, stem))


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
) -> BuildResult:
    """Build the brief in ``out`` through its workspace: cached parses, overrides, changes.

    Holds the workspace lock for the whole build, so two builds of one folder run one
    after the other. Parses only the articles the cache lacks; classifies every article;
    applies the overrides; marks the items of articles added since the last build with
    another set of articles; renders the reports; writes ``changes.md`` and
    ``changes.json`` beside them; and records the state for the next build. The reports,
    the change files and the state are one transaction (``Workspace.begin``): a build
    killed or stopped by a full disk at any moment leaves the previous set whole, or the
    new one.

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

    Raises:
        BriefingError: no article could be read, the overrides file is unusable, the
            lock stayed held for ``wait`` seconds, rendering failed, or the output folder
            cannot be written (``OutputError``; the previous reports are unchanged).
    """
    say = progress or (lambda _msg: None)
    workspace = Workspace(out)
    with workspace.lock(wait=wait):
        overrides = workspace.load_overrides()
        problems = list(workspace.override_problems)
        classified = classify_in_workspace(paths, session, workspace, stem=stem, progress=say)
        if not classified.articles:
            raise _no_articles(paths, classified.skipped)
        template = load_template(session.settings.template)
        parties = _parties(classified, session)
        usable, unusable = _overrides_for(overrides, (parties[0].code, parties[1].code))
        problems += [f"{workspace.overrides_path}: {m}" for m in unusable]
        for problem in problems:
            logger.warning("%s", problem)
        stats = classified.stats or ParseStats()
        previous = workspace.load_state(set_aside=True)
        as_of = session.settings.date or newest_date(classified.articles)
        date = as_of or today
        warnings = brief_warnings(classified, parties, session, as_of)
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
            classified.articles, classified.sentences, assembly_of, failures
        )
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
                    rendered = render(
                        brief,
                        template,
                        txn.reports_dir,
                        formats=session.settings.formats,
                        stem=stem,
                    )
                except OSError as exc:
                    raise unwritable(out, exc) from exc
                written = [txn.adopt(out / p.name, p) for p in rendered]
            change_files = [
                txn.stage(out / "changes.md", changes_markdown(changes, out=str(out)).encode()),
                txn.stage(out / "changes.json", json_bytes(changes.to_dict())),
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
            txn.stage(workspace.state_path, workspace.state_bytes(state))
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


def _overrides_for(
    overrides: Mapping[str, Override], pair: Sequence[str]
) -> tuple[list[Override], list[str]]:
    """Split the overrides into those that apply to a brief on ``pair`` and the problems.

    An override naming a government outside the pair would move its item to the
    background: it is reported instead, and not applied.
    """
    usable: list[Override] = []
    problems: list[str] = []
    for key in sorted(overrides):
        o = overrides[key]
        if o.government and o.government not in pair:
            problems.append(
                f'override {key}: "government" is "{o.government}", not a government of '
                f"this brief ({', '.join(pair)}); use one of them, or remove the override. "
                "It is not applied until it is fixed; the other overrides are."
            )
            continue
        usable.append(o)
    return usable, problems


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


# --------------------------------------------------------------------------- review


@dataclass(slots=True)
class Review:
    """The last build of a folder, with the overrides file as it is now."""

    out: Path
    state: State
    overrides: dict[str, Override]
    problems: list[str] = field(default_factory=list)

    @property
    def brief(self) -> Brief:
        """The last brief."""
        return self.state.load_brief()

    @property
    def items(self) -> list[ReviewItem]:
        """The last build's review items."""
        return self.state.items

    @property
    def stale(self) -> list[Override]:
        """The stale overrides of the last build that are still in the overrides file."""
        return [o for o in self.state.stale if o.key in self.overrides]


def load_review(out: Path) -> Review:
    """Return the review of the last build in ``out``.

    Raises:
        WorkspaceError: ``out`` has not been built yet, or a workspace file is unusable.
    """
    workspace = Workspace(out)
    workspace.try_recover()
    state = workspace.load_state()
    if state is None:
        if workspace.state_path.exists():
            raise WorkspaceError(
                f"{workspace.state_path} is unusable (the log says why). Build again to "
                f"rebuild it: briefing build ARTICLES --out {out}"
            )
        raise WorkspaceError(
            f"{out} has no brief to review yet. Build it first: briefing build ARTICLES --out {out}"
        )
    overrides = workspace.load_overrides()
    return Review(
        out=out, state=state, overrides=overrides, problems=list(workspace.override_problems)
    )


def write_review_html(review: Review) -> Path:
    """Write ``review.html`` beside the reports, atomically, and return its path."""
    page = review_html(
        review.items, review.brief, review.overrides, review.stale, out=str(review.out)
    )
    try:
        return atomic_write(review.out / "review.html", page.encode("utf-8"))
    except OSError as exc:
        raise unwritable(review.out, exc) from exc


# --------------------------------------------------------------------------- override


def _resolve(item_id: str, review: Review) -> tuple[str, list[ReviewItem]]:
    """Return the full id an id or id prefix names, and its placements in the last build."""
    wanted = item_id.strip().lower()
    ids = sorted({i.id for i in review.items} | set(review.overrides))
    hits = [i for i in ids if i == wanted] or [i for i in ids if i.startswith(wanted)]
    if len(wanted) < 4 or not hits:
        raise WorkspaceError(
            f"No item {item_id!r} in the last build of {review.out}. "
            f"List the ids with: briefing review --out {review.out}"
        )
    if len(hits) > 1:
        raise WorkspaceError(
            f"{item_id!r} matches several items ({', '.join(hits[:5])}); give more of the id."
        )
    return hits[0], [i for i in review.items if i.id == hits[0]]


def set_override(
    out: Path,
    item_id: str,
    *,
    section: str | None = None,
    government: str | None = None,
    drop: bool = False,
    keep: bool = False,
    undo: bool = False,
    noted: str = "",
) -> tuple[Override, bool]:
    """Record (or undo) the analyst's override of one item of the last build of ``out``.

    The override is keyed by the item's fingerprint (its sentence and article), stored in
    ``OUT/.briefing/overrides.json`` and applied by every later build. An existing override
    of the same item is updated: ``drop`` clears ``section`` and ``keep`` and the other way
    round.

    Args:
        out: the output folder.
        item_id: the item's id, or a unique prefix of at least four characters.
        section: move the item to "background", "position", "risk" or "next_steps".
        government: the government of a position (``section="position"``, or alone).
        drop: leave the item out of the brief.
        keep: pin the item into the key points.
        undo: remove the item's override.
        noted: the date of the override (ISO), given by the CLI.

    Returns:
        The override written (or removed, with ``undo``) and whether it was removed.

    Raises:
        WorkspaceError: no such item, an ambiguous id, nothing to undo, or a bad combination
            of options.
    """
    review = load_review(out)
    brief = review.brief
    key, placements = _resolve(item_id, review)
    gov = government.strip().upper() if government else None
    if not (section or gov or drop or keep or undo):
        raise WorkspaceError(
            "Say what to change: --section, --government, --drop, --keep or --undo."
        )
    if undo and (section or gov or drop or keep):
        raise WorkspaceError("--undo removes the override; give it alone.")
    if drop and (section or gov or keep):
        raise WorkspaceError("--drop leaves the item out; it cannot be combined with others.")
    if section is not None and section not in OVERRIDE_SECTIONS:
        raise WorkspaceError(f"--section must be one of {', '.join(OVERRIDE_SECTIONS)}.")
    if gov and section not in (None, "position"):
        raise WorkspaceError("--government applies to --section position only.")
    if section == "position" and not gov:
        gov = next((p.government for p in placements if p.government), None)
        if gov is None:
            raise WorkspaceError(
                f"Say whose position it is: --government {' or '.join(brief.pair)}."
            )
    if gov and gov not in brief.pair:
        raise WorkspaceError(
            f"--government {gov} is not a government of this brief ({', '.join(brief.pair)})."
        )
    fingerprints = sorted({fp for p in placements for fp in p.fingerprints} | {key})
    result: dict[str, tuple[Override, bool]] = {}

    def change(current: dict[str, Override]) -> dict[str, Override]:
        existing = next(
            (o for o in current.values() if set(o.fingerprints) & set(fingerprints)), None
        )
        if existing is None and key in current:
            existing = current[key]
        if undo:
            if existing is None:
                raise WorkspaceError(f"{key} has no override to undo.")
            del current[existing.key]
            result["value"] = (existing, True)
            return current
        item = placements[0] if placements else None
        base = existing or Override(
            key=key,
            text=item.text if item else "",
            article=item.members[0].article_id if item and item.members else "",
        )
        updated = Override(
            key=base.key,
            text=base.text,
            article=base.article,
            section=None if drop else (section or ("position" if gov else base.section)),
            government=None if drop else (gov or (base.government if not section else None)),
            drop=drop,
            keep=False if drop else (keep or base.keep),
            members=tuple(sorted(set(base.members) | set(fingerprints))),
            noted=noted or base.noted,
        )
        current[updated.key] = updated
        result["value"] = (updated, False)
        return current

    Workspace(out).update_overrides(change)
    return result["value"]


# --------------------------------------------------------------------------- watch


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


@dataclass(frozen=True, slots=True)
class ActorRow:
    """One line of the ``briefing actors`` table."""

    article: str
    name: str
    government: str | None
    role: str
    resolved_by: str
    sentences: int
    evidence: str = ""


def actor_table(classified: Classified) -> list[ActorRow]:
    """Return one row per resolved actor and article, with the sentences it speaks in."""
    counts: Counter[tuple[str, Actor]] = Counter()
    for s in classified.sentences:
        if s.speaker is not None:
            counts[(s.article_id, s.speaker)] += 1
    rows = [
        ActorRow(
            article=doc,
            name=a.name,
            government=a.government,
            role=a.role,
            resolved_by=a.resolved_by,
            sentences=n,
            evidence=a.evidence,
        )
        for (doc, a), n in counts.items()
    ]
    return sorted(rows, key=lambda r: (r.article, -r.sentences, r.name))


__all__ = [
    "ActorRow",
    "BuildResult",
    "Classified",
    "FileChanges",
    "Review",
    "Session",
    "actor_table",
    "brief_from",
    "brief_warnings",
    "build",
    "build_in_workspace",
    "check_pair",
    "classify_in_workspace",
    "classify_paths",
    "default_date",
    "diff_snapshots",
    "foreign_reports",
    "government_of",
    "load_review",
    "newest_date",
    "report_paths",
    "set_override",
    "snapshot",
    "watch",
    "write_review_html",
]
