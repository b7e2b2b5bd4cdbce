"""The commands that look inside the classification: ``classify`` and ``actors``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from briefing.cli._base import (
    CONTEXT,
    api,
    classified,
    cli,
    common_options,
    limit_options,
    report_skipped,
    setup_logging,
)
from briefing.config import Settings
from briefing.errors import BriefingError


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
@limit_options
@common_options
def classify(
    files: tuple[Path, ...],
    fmt: str,
    max_build_chars: int | None,
    max_build_sentences: int | None,
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
    progress = setup_logging(quiet, verbose)
    settings = Settings(
        model=model,
        pair=pair,
        actors=actors,
        cues=cues,
        encoding=encoding,
        scorer=scorer,
        jobs=jobs,
        max_build_chars=max_build_chars,
        max_build_sentences=max_build_sentences,
    )
    result = classified(list(files), settings, progress)
    for s in result.sentences:
        if fmt == "jsonl":
            click.echo(json.dumps(s.to_dict(), ensure_ascii=False))
        else:
            click.echo(
                "\t".join(
                    [s.article_id, str(s.start), ",".join(s.labels), " ".join(s.text.split())]
                )
            )
    report_skipped(result.skipped)
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
    progress = setup_logging(quiet, verbose)
    settings = Settings(
        model=model,
        pair=pair,
        actors=actors,
        cues=cues,
        encoding=encoding,
        scorer=scorer,
        jobs=jobs,
    )
    try:
        rows, result = api.actors(list(sources), settings, progress=progress)
    except BriefingError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=2))
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
    report_skipped(result.skipped)
    if result.skipped:
        sys.exit(1)
