"""The commands of the analyst's loop: ``review`` and ``override``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from briefing.cli._base import CONTEXT, api, cli, report_problems, report_stale, setup_logging
from briefing.errors import BriefingError
from briefing.sections import overridable


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
    progress = setup_logging(quiet, False)
    try:
        loaded, page = api.review(out)
    except BriefingError as exc:
        raise click.ClickException(str(exc)) from exc
    report_problems(loaded.problems)
    if fmt == "json":
        records = api.review_records(loaded.items, loaded.overrides)
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        report_stale(loaded.stale, out)
    else:
        click.echo(
            api.review_table(
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
    type=click.Choice(list(overridable())),
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
    try:
        done = api.override(
            out,
            item_id,
            section=section,
            government=government,
            drop=drop,
            keep=keep,
            undo=undo,
            noted=dt.date.today().isoformat(),
        )
    except BriefingError as exc:
        raise click.ClickException(str(exc)) from exc
    sources = " ".join(done.sources) or "ARTICLES"
    verb = "removed" if done.removed else "saved"
    click.echo(
        f"override {done.override.key}: {done.override.describe()} ({verb}). "
        f"Rebuild to apply it: briefing build {sources} --out {out}",
        err=True,
    )
