"""The command line end to end, through click's CliRunner (sqlite-utils style).

Each test invokes ``briefing`` as a user would, asserts the exit code and the exact
error text, then checks the result through the library (python-docx, json).
Results go to stdout and progress to stderr: click 8.2+ keeps them apart in
``Result.stdout`` and ``Result.stderr``.
"""

from __future__ import annotations

import importlib.metadata
import io
import json
import shutil
from pathlib import Path

import click
import docx
import pytest
from click.testing import CliRunner, Result

from briefing.cli import cli
from briefing.ingest import ARTICLE_SUFFIXES

SEED = "mexico_us_cartel_talks_reuters.txt"
DATE = "2019-12-05"
COMMANDS = sorted(cli.commands)

#: Files the ingest stage must skip, by kind: name and content.
BAD_FILES = {
    "binary": ("bad.txt", b"PK\x03\x04\x00\x00\x08\x00\xff\xfe\x00binary\x00"),
    "empty": ("empty.txt", b""),
}


def invoke(*args: str) -> Result:
    """Run ``briefing ARGS`` and return the result (stdout and stderr kept apart)."""
    return CliRunner().invoke(cli, list(args), prog_name="briefing")


def usage_error(command: str, argument: str, message: str) -> str:
    """Return the exact stderr of a click usage error of ``briefing COMMAND``."""
    return (
        f"Usage: briefing {command} [OPTIONS] {argument}\n"
        f"Try 'briefing {command} --help' for help.\n"
        "\n"
        f"Error: {message}\n"
    )


def no_traceback(result: Result) -> None:
    """Assert the command ended through SystemExit and printed no traceback."""
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr


def example_of(command: click.Command) -> str:
    """Return the first line after "Example:" in a command's docstring."""
    lines = [line.strip() for line in (command.help or "").splitlines()]
    after = lines[lines.index("Example:") + 1 :] if "Example:" in lines else []
    return next((line for line in after if line), "")


@pytest.fixture
def article_dir(tmp_path: Path, seeds_dir: Path) -> Path:
    """A folder holding a copy of the seed article."""
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(seeds_dir / SEED, folder / SEED)
    return folder


# --------------------------------------------------------------------------- help, version


def test_cli_has_the_documented_commands() -> None:
    assert {"build", "classify", "actors"} <= set(cli.commands)


@pytest.mark.parametrize("flag", ["-h", "--help"])
@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_cli_help(command: str | None, flag: str) -> None:
    args = [flag] if command is None else [command, flag]
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    prefix = "Usage: briefing" if command is None else f"Usage: briefing {command}"
    assert result.stdout.startswith(prefix)
    assert "Example:" in result.stdout
    documented = cli if command is None else cli.commands[command]
    assert (documented.help or "").strip(), f"{command or 'briefing'} has no docstring"


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_cli_help_shows_the_example_verbatim(command: str | None) -> None:
    # The example must stay one copy-pasteable line; click rewraps help paragraphs
    # unless they are marked with \b.
    documented = cli if command is None else cli.commands[command]
    example = example_of(documented)
    assert example, f"{command or 'briefing'}: the docstring has no line after 'Example:'"
    result = invoke(*([] if command is None else [command]), "--help")
    assert result.exit_code == 0
    assert example in [line.strip() for line in result.stdout.splitlines()], result.stdout


#: Modules a command that needs no pipeline must not import.
HEAVY = ("spacy", "reportlab", "docx", "briefing.classify", "briefing.app.cache")


def _heavy_after(args: list[str], heavy: tuple[str, ...] = HEAVY) -> tuple[str, str, str]:
    """Run ``briefing ARGS`` in a fresh interpreter (this test process has long imported
    spaCy); return its stdout, its stderr and which of ``heavy`` it imported."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from briefing.cli import main\n"
        f"sys.argv = ['briefing', *{args!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        f"heavy = sorted(m for m in {heavy!r}"
        " if m in sys.modules and type(sys.modules[m]).__name__ != '_LazyModule')\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    return done.stdout, done.stderr, done.stderr.rsplit("HEAVY", 1)[-1].strip()


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["override", "--help"]])
def test_cli_help_does_not_import_the_pipeline(args: list[str]) -> None:
    stdout, stderr, heavy = _heavy_after(
        args, ("spacy", "reportlab", "docx", "briefing.app.building")
    )
    assert "Usage:" in stdout
    assert heavy == "[]", stderr


@pytest.mark.model
def test_cli_rebuild_with_nothing_to_do_review_and_override_skip_the_pipeline(
    tmp_path: Path, article_dir: Path
) -> None:
    out = tmp_path / "out"
    assert invoke("build", str(article_dir), "--out", str(out)).exit_code == 0
    # The same build again: nothing changed, so neither spaCy nor a renderer is imported.
    stdout, stderr, heavy = _heavy_after(["build", str(article_dir), "--out", str(out)])
    said = stdout + stderr
    assert "nothing changed since the last build" in said
    assert heavy == "[]", said
    stdout, stderr, heavy = _heavy_after(["review", "--out", str(out)])
    said = stdout + stderr
    assert "review.html" in said
    assert heavy == "[]", said
    listed = invoke("review", "--out", str(out), "--format", "json")
    item = json.loads(listed.stdout)[0]["id"]
    stdout, stderr, heavy = _heavy_after(["override", "--out", str(out), item, "--drop"])
    said = stdout + stderr
    assert f"override {item}" in said
    assert heavy == "[]", said
    # A changed article does load the pipeline: the probe sees a real build.
    (article_dir / SEED).write_text(
        (article_dir / SEED).read_text(encoding="utf-8") + "\n\nOne more line.\n", encoding="utf-8"
    )
    stdout, stderr, heavy = _heavy_after(["build", str(article_dir), "--out", str(out)])
    said = stdout + stderr
    assert "nothing changed" not in said
    assert "spacy" in heavy, said


def test_cli_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"briefing, version {importlib.metadata.version('briefing')}\n"
    assert result.stderr == ""


# --------------------------------------------------------------------------- usage errors


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (
            ["--pair", "MEX"],
            "Invalid value for '--pair': give two government codes separated by a comma, "
            "e.g. MEX,USA",
        ),
        (
            ["--format", "docx,xls"],
            "Invalid value for '--format': choose from docx, pdf, md, json (got 'docx,xls')",
        ),
        (
            ["--date", "2020-13-01"],
            "Invalid value for '--date': use the form YYYY-MM-DD, e.g. 2019-12-05",
        ),
    ],
    ids=["pair-one-code", "format-unknown", "date-invalid"],
)
def test_cli_build_usage_error(
    article_dir: Path, tmp_path: Path, option: list[str], message: str
) -> None:
    out = tmp_path / "out"
    result = invoke("build", str(article_dir), "--out", str(out), *option)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == usage_error("build", "SOURCES...", message)
    assert not out.exists()


def test_cli_classify_usage_error_pair(article_dir: Path) -> None:
    result = invoke("classify", str(article_dir / SEED), "--pair", "MEX")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == usage_error(
        "classify",
        "FILES...",
        "Invalid value for '--pair': give two government codes separated by a comma, e.g. MEX,USA",
    )


# --------------------------------------------------------------------------- build: overwrite


@pytest.mark.parametrize("existing", ["brief.docx", "brief.pdf"])
def test_cli_build_refuses_to_overwrite(article_dir: Path, tmp_path: Path, existing: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / existing).write_bytes(b"an older report")
    result = invoke("build", str(article_dir), "--out", str(out), "--date", DATE)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: {out / existing} already exists. "
        "Pass --force to overwrite it, or --out another folder.\n"
    )
    no_traceback(result)
    assert (out / existing).read_bytes() == b"an older report"
    assert sorted(p.name for p in out.iterdir()) == [existing]


@pytest.mark.model
def test_cli_build_force_overwrites(article_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "brief.docx").write_bytes(b"an older report")
    result = invoke("build", str(article_dir), "--out", str(out), "--date", DATE, "--force")
    assert result.exit_code == 0, result.output
    # stdout carries only the report paths; progress is on stderr.
    assert result.stdout.splitlines() == [str(out / "brief.docx"), str(out / "brief.pdf")]
    assert "loading the language pipeline" in result.stderr
    document = docx.Document(str(out / "brief.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "Position of Mexico" in headings
    assert (out / "brief.pdf").read_bytes().startswith(b"%PDF-")


# --------------------------------------------------------------------------- build: bad files


@pytest.mark.model
@pytest.mark.parametrize(("kind", "phrase"), [("binary", "binary"), ("empty", "no text")])
def test_cli_build_skips_bad_file(
    article_dir: Path, tmp_path: Path, kind: str, phrase: str
) -> None:
    name, content = BAD_FILES[kind]
    bad = article_dir / name
    bad.write_bytes(content)
    out = tmp_path / "out"
    result = invoke("build", str(article_dir), "--out", str(out), "--date", DATE)
    assert result.exit_code == 1, result.output
    no_traceback(result)
    # The brief of the good article is written, and its paths are the only stdout.
    assert result.stdout.splitlines() == [str(out / "brief.docx"), str(out / "brief.pdf")]
    document = docx.Document(str(out / "brief.docx"))
    sources = [p.text for p in document.paragraphs if p.style.name == "Brief Source"]
    assert len(sources) == 1
    assert sources[0].startswith("[1] Mexico, US eye cooperation")
    # The skipped file is listed at the end of stderr, with its reason.
    tail = result.stderr.splitlines()[-2:]
    assert tail[0] == "Skipped 1 file(s):"
    assert tail[1].startswith(f"  {bad}: ")
    assert phrase in tail[1]


@pytest.mark.model
@pytest.mark.parametrize("command", ["classify", "actors"])
def test_cli_exits_1_when_a_file_is_skipped(article_dir: Path, command: str) -> None:
    name, content = BAD_FILES["empty"]
    bad = article_dir / name
    bad.write_bytes(content)
    result = invoke(command, str(article_dir))
    assert result.exit_code == 1, result.output
    no_traceback(result)
    assert result.stdout.strip(), "the good article still gives results"
    tail = result.stderr.splitlines()[-2:]
    assert tail[0] == "Skipped 1 file(s):"
    assert tail[1].startswith(f"  {bad}: ")


@pytest.fixture(params=["empty", "binary", "no-files"])
def unreadable_dir(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A folder without a readable article: an empty file, a binary file, or nothing."""
    folder = tmp_path / "unreadable"
    folder.mkdir()
    if request.param in BAD_FILES:
        name, content = BAD_FILES[request.param]
        (folder / name).write_bytes(content)
    return folder


@pytest.mark.model
def test_cli_build_no_readable_article(unreadable_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    bad = sorted(unreadable_dir.iterdir())
    result = invoke("build", str(unreadable_dir), "--out", str(out))
    assert result.exit_code == 1, result.output
    no_traceback(result)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    errors = [i for i, line in enumerate(lines) if line.startswith("Error: ")]
    assert len(errors) == 1, result.stderr
    message = (
        f"Error: No article could be read from {unreadable_dir}. "
        f"Put articles there ({', '.join(ARTICLE_SUFFIXES)})."
    )
    if bad:
        message += f" Skipped {len(bad)} file(s):"
    # The error, then the skipped files with their reasons, end stderr.
    assert lines[errors[0]] == message
    listed = lines[errors[0] + 1 :]
    assert len(listed) == len(bad)
    for line, path in zip(listed, bad, strict=True):
        assert line.startswith(f"  {path}: ")
    assert not (out / "brief.docx").exists()
    assert not (out / "brief.pdf").exists()


@pytest.mark.model
def test_cli_build_no_readable_article_lists_skipped_when_quiet(tmp_path: Path) -> None:
    folder = tmp_path / "unreadable"
    folder.mkdir()
    name, content = BAD_FILES["empty"]
    (folder / name).write_bytes(content)
    result = invoke("build", str(folder), "--out", str(tmp_path / "out"), "-q")
    assert result.exit_code == 1
    no_traceback(result)
    assert result.stdout == ""
    assert f"  {folder / name}: " in result.stderr, result.stderr


# --------------------------------------------------------------------------- classify, actors


@pytest.mark.model
def test_cli_classify_jsonl(tmp_path: Path, seeds_dir: Path) -> None:
    raw = (seeds_dir / SEED).read_bytes()
    files = {
        "seed": raw,
        "crlf": raw.replace(b"\n", b"\r\n") + b"\r\nA CRLF copy.\r\n",
        "bom_crlf": b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n") + b"\r\nA BOM copy.\r\n",
    }
    paths = []
    for stem, data in files.items():
        path = tmp_path / f"{stem}.txt"
        path.write_bytes(data)
        paths.append(path)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in paths}

    result = invoke("classify", *map(str, paths), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    assert "loading the language pipeline" in result.stderr
    lines = result.stdout.splitlines()
    assert lines
    seen = set()
    for line in lines:
        record = json.loads(line)  # every stdout line is one JSON object
        assert isinstance(record, dict)
        assert {"doc", "start", "end", "text", "labels", "scores", "reasons"} <= set(record)
        doc = record["doc"]
        assert doc in texts
        seen.add(doc)
        assert texts[doc][record["start"] : record["end"]] == record["text"], record
        assert record["labels"]
        assert all(isinstance(label, str) for label in record["labels"])
        assert all(0.0 <= score <= 1.0 for score in record["scores"].values())
        assert all(isinstance(reason, str) for reason in record["reasons"])
    assert seen == set(texts)


@pytest.mark.model
def test_cli_actors_json(article_dir: Path) -> None:
    result = invoke("actors", str(article_dir), "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)  # stdout is the JSON list and nothing else
    assert rows
    for row in rows:
        assert set(row) == {
            "article",
            "name",
            "government",
            "role",
            "resolved_by",
            "sentences",
            "evidence",
        }
        assert row["article"] == Path(SEED).stem
        assert row["evidence"]  # every row says what gave its government, or that nothing did
    governments = {row["name"]: row["government"] for row in rows}
    assert governments.get("The US State Department") == "USA", governments
    assert any("Lopez Obrador" in n and g == "MEX" for n, g in governments.items()), governments


@pytest.mark.model
def test_cli_output_into_a_closed_pipe_stops_quietly() -> None:
    import subprocess
    import sys

    # more output than a pipe holds (17 articles), so the writer meets the closed pipe
    sets = [
        str(Path(__file__).resolve().parents[2] / "eval" / s / "articles") for s in ("dev", "extra")
    ]
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefing", "classify", *sets, "--format", "jsonl", "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().startswith(b"{")
    proc.stdout.close()  # the reader goes away, as `| head -1` does
    _, err = proc.communicate(timeout=120)
    assert proc.returncode in (0, 141)
    assert b"Traceback" not in err
    assert b"Error" not in err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_cli_progress_bar_only_on_a_terminal_and_not_with_quiet() -> None:
    from briefing.cli._base import progress_bar

    assert progress_bar(quiet=False, stream=io.StringIO()) is None  # a pipe or a file
    assert progress_bar(quiet=True, stream=_Terminal()) is None
    screen = _Terminal()
    bar = progress_bar(quiet=False, stream=screen)
    assert bar is not None
    bar.delay = 0
    bar.stage("parsing", 3)
    for _ in range(3):
        bar.advance()
    bar.done()
    assert "parsing" in screen.getvalue()
    assert "/3 " in screen.getvalue()
