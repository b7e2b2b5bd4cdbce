"""A build killed mid-way leaves the previous reports and overrides as they were.

Every report is written to a temporary file and renamed into place. The test hook
``BRIEFING_TEST_PAUSE_BEFORE_RENAME`` (read by ``render._common.atomic_write``) makes a
build sleep between writing a report's temporary file and renaming it, so the test can
send SIGKILL at that exact moment instead of guessing a delay.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest
from _hostile_corpus import article, statement
from click.testing import CliRunner

from briefing.cli import cli
from briefing.render._common import PAUSE_ENV

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals"),
]

FORMATS = "docx,pdf,md,json"


def build_command(src: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "briefing",
        "build",
        str(src),
        "--out",
        str(out),
        "--format",
        FORMATS,
        "--force",
        "-q",
    ]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file under ``folder`` (temporary files aside) with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".tmp")
    }


def kill_when(src: Path, out: Path, pattern: str, pause: float) -> None:
    """Run a build pausing ``pause`` s before each rename; SIGKILL it once ``pattern`` exists."""
    env = {**os.environ, PAUSE_ENV: str(pause)}
    process = subprocess.Popen(
        build_command(src, out), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    try:
        while not list(out.glob(pattern)):
            if process.poll() is not None:
                raise AssertionError(f"build ended first: {process.stderr.read()!r}")  # type: ignore[union-attr]
            if time.monotonic() > deadline:
                raise AssertionError(f"no {pattern} within 120 s")
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait(timeout=30)
        process.stderr.close()  # type: ignore[union-attr]
    assert process.returncode == -signal.SIGKILL


def test_hostile_kill_mid_render_leaves_previous_reports_intact(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(article("Japan keeps curbs", statement(1, "chemicals")), "utf-8")
    first = subprocess.run(build_command(src, out), capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    review = CliRunner().invoke(cli, ["review", "--out", str(out), "--format", "json"])
    assert review.exit_code == 0, review.output
    item = review.stdout.split('"id": "', 1)[1].split('"', 1)[0]
    dropped = CliRunner().invoke(cli, ["override", item, "--out", str(out), "--drop"])
    assert dropped.exit_code == 0, dropped.output
    before = snapshot(out)
    reports = [f"brief.{f}" for f in FORMATS.split(",")]
    assert set(reports) <= set(before)
    assert any("override" in name for name in before)

    # New input, so every report of the next build differs from the previous one.
    (src / "b.txt").write_text(article("Seoul answers", statement(2, "fluorides")), "utf-8")

    # Killed while the first report waits to be renamed: nothing has changed.
    kill_when(src, out, ".brief.docx.*.tmp", pause=60)
    after = snapshot(out)
    assert {k: after.get(k) for k in before} == before

    # Killed while the second waits: the DOCX is the new one, whole; the rest as before.
    kill_when(src, out, ".brief.pdf.*.tmp", pause=1.0)
    after = snapshot(out)
    assert after["brief.docx"] != before["brief.docx"]
    docx.Document(io.BytesIO(after["brief.docx"]))  # a complete document
    assert {k: after.get(k) for k in before if k != "brief.docx"} == {
        k: v for k, v in before.items() if k != "brief.docx"
    }
