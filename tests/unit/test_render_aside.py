"""Rendering the PDF aside, in a forked process, while the build writes the other formats."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing.app import outputs
from briefing.render import load_template
from tests.unit._render_briefs import sample_brief

FORMATS = ("docx", "pdf", "md")


@pytest.fixture(autouse=True)
def _one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process counts as single-threaded (earlier tests may leave a library's threads)."""
    monkeypatch.setattr(outputs.threading, "active_count", lambda: 1)


def _bytes(paths: list[Path]) -> dict[str, bytes]:
    return {p.suffix: p.read_bytes() for p in paths}


def test_the_pdf_rendered_aside_is_the_same_file_in_the_same_order(tmp_path: Path) -> None:
    brief, template = sample_brief(), load_template()
    alone = outputs.render_each(brief, template, tmp_path / "one", FORMATS, "brief", jobs=1)
    aside = outputs.render_each(brief, template, tmp_path / "two", FORMATS, "brief", jobs=2)
    assert [p.name for p in aside] == ["brief.docx", "brief.pdf", "brief.md"]
    assert _bytes(aside) == _bytes(alone)
    assert _bytes(alone)[".pdf"].startswith(b"%PDF")


def test_a_forked_process_renders_the_pdf_when_there_are_two_jobs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[int] = []
    real = outputs._start_aside

    def spy(*args: object) -> object:
        process = real(*args)  # type: ignore[arg-type]
        started.append(os.getpid())
        return process

    monkeypatch.setattr(outputs, "_start_aside", spy)
    outputs.render_each(sample_brief(), load_template(), tmp_path, ("pdf",), "brief", jobs=2)
    assert started == []  # one format: nothing to overlap with
    outputs.render_each(sample_brief(), load_template(), tmp_path, FORMATS, "brief", jobs=2)
    assert started == [os.getpid()]


def test_a_failed_aside_process_leaves_the_pdf_to_this_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def dies(*_args: object) -> None:
        os._exit(1)

    monkeypatch.setattr(outputs, "_render_aside", dies)  # the forked child inherits it
    brief, template = sample_brief(), load_template()
    written = outputs.render_each(brief, template, tmp_path / "a", FORMATS, "brief", jobs=2)
    alone = outputs.render_each(brief, template, tmp_path / "b", FORMATS, "brief", jobs=1)
    assert _bytes(written) == _bytes(alone)


def test_no_fork_while_another_thread_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        outputs, "_start_aside", lambda *_a: pytest.fail("forked with a thread running")
    )
    monkeypatch.setattr(outputs.threading, "active_count", lambda: 2)  # a progress bar's
    written = outputs.render_each(
        sample_brief(), load_template(), tmp_path, FORMATS, "brief", jobs=2
    )
    assert [p.name for p in written] == ["brief.docx", "brief.pdf", "brief.md"]
