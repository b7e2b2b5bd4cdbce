"""The commands that build a brief: ``build`` and ``watch``."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from briefing.cli._base import (
    CONTEXT,
    api,
    build_options,
    check_executor,
    check_overwrite,
    cli,
    common_options,
    progress_bar,
    report_build,
    report_problems,
    report_skipped,
    report_stale,
    setup_logging,
)
from briefing.config import Settings
from briefing.errors import BriefingError


@cli.command(context_settings=CONTEXT)
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@build_options
@click.option(
    "--rehash",
    is_flag=True,
    help="Hash every article file again instead of trusting the size and modification "
    "time of unchanged ones (for files rewritten within the same second with the same size).",
)
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
    executor: str,
    scheduler: str | None,
    max_build_chars: int | None,
    max_build_sentences: int | None,
    model: str | None,
    actors: tuple[Path, ...],
    cues: tuple[Path, ...],
    pair: tuple[str, str] | None,
    encoding: str | None,
    scorer: str,
    jobs: int | None,
    rehash: bool,
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
    `briefing override`. When nothing changed (articles, options, overrides), it
    prints the existing reports without building them again; an article file counts as
    unchanged while its size and modification time are (--rehash checks the bytes).

    \b
    Example:
        briefing build seeds/ --out reports/ --pair MEX,USA --format docx,pdf,md
    """
    progress = setup_logging(quiet, verbose)
    safe = api.safe_stem(stem)
    check_overwrite(out, formats, safe, force)
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
        executor=executor,
        scheduler=check_executor(executor, scheduler),
        max_build_chars=max_build_chars,
        max_build_sentences=max_build_sentences,
    )
    try:
        result = api.build(
            list(sources),
            out,
            settings,
            today=dt.date.today().isoformat(),
            stem=safe,
            progress=progress,
            wait=wait,
            meter=progress_bar(quiet),
            rehash=rehash,
        )
    except BriefingError as exc:
        raise click.ClickException(str(exc)) from exc
    for path in result.written:
        click.echo(api.display_path(path))
    for warning in result.brief.warnings:
        click.echo(warning, err=True)
    report_problems(result.problems)
    report_stale(list(result.assembly.stale), out)
    report_skipped(result.skipped)
    if result.skipped:
        sys.exit(1)


@cli.command(context_settings=CONTEXT)
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@build_options
@click.option(
    "--interval",
    type=click.FloatRange(0.05),
    default=1.0,
    show_default=True,
    help="Seconds between two looks at the files, when polling.",
)
@click.option(
    "--poll",
    is_flag=True,
    help="Look at the files every --interval seconds instead of waiting for file events.",
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
    executor: str,
    scheduler: str | None,
    max_build_chars: int | None,
    max_build_sentences: int | None,
    interval: float,
    poll: bool,
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

    Takes the options of `briefing build`. Waits for the platform's file events
    (with --poll, or where they are unavailable, looks at the files every --interval
    seconds); once the files have been still for --debounce seconds, prints which
    files were added, changed or removed and rebuilds (only new articles are parsed),
    then prints what changed in the brief. Stop it with Ctrl-C.

    \b
    Example:
        briefing watch articles/ --out reports/ --pair MEX,USA
    """
    progress = setup_logging(quiet, verbose)
    safe = api.safe_stem(stem)
    check_overwrite(out, formats, safe, force)
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
        executor=executor,
        scheduler=check_executor(executor, scheduler),
        max_build_chars=max_build_chars,
        max_build_sentences=max_build_sentences,
    )
    try:
        api.watch(
            list(sources),
            out,
            settings,
            today=lambda: dt.date.today().isoformat(),
            stem=safe,
            interval=interval,
            poll=poll,
            debounce=debounce,
            max_builds=2 if once else max_builds,
            on_event=click.echo,
            on_build=lambda result: report_build(result, out),
            progress=progress,
            wait=wait,
        )
    except BriefingError as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt:
        progress("stopped; the reports are those of the last finished build")
