"""The commands that measure and fit the classifier: ``eval`` and ``train``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import click

from briefing.cli._base import CONTEXT, api, cli, common_options, setup_logging
from briefing.config import Settings
from briefing.errors import BriefingError


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
    "--no-test",
    "no_test",
    is_flag=True,
    help="With --split: leave the test lockbox closed (not even read) and print the "
    "validation figures in its place: the figures to develop on.",
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
    no_test: bool,
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

    \b
    While developing rules (the lockbox stays closed):
        briefing eval --split eval/split.json --no-test
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
    if split_path is not None:
        _split_eval(split_path, settings, fmt, progress, lockbox=not no_test)
        return
    if no_test:
        raise click.UsageError("--no-test goes with --split.")
    if gold_path is None or articles_dir is None:
        raise click.UsageError("give --gold and --articles, or --split.")
    try:
        figures = api.evaluate(gold_path, articles_dir, settings, worst=worst, progress=progress)
    except BriefingError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps(figures.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(api.format_figures(figures))


def _split_eval(
    split_path: Path,
    settings: Settings,
    fmt: str,
    progress: Callable[[str], None],
    *,
    lockbox: bool = True,
) -> None:
    try:
        columns = api.evaluate_split(split_path, settings, progress=progress, lockbox=lockbox)
    except BriefingError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps(columns, ensure_ascii=False, indent=2, sort_keys=True))
    else:
        click.echo(api.format_side_by_side(columns))


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
    progress = setup_logging(quiet, verbose)
    try:
        target, validation = api.train(
            split_path, Settings(model=model), out=out_path, progress=progress
        )
    except ImportError as exc:
        raise click.ClickException(
            f"training needs scikit-learn ({exc}); install it with "
            "`.venv/bin/pip install -e '.[train]'` or run `make train`."
        ) from exc
    except BriefingError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(str(target))
    progress(
        f"validation: micro F1 {validation.get('micro_f1')}, "
        f"government accuracy {validation.get('government_accuracy')}"
    )
