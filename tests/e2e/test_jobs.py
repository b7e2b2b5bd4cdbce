"""Parsing in several processes gives the same briefs and state, byte for byte (``--jobs``).

``--jobs 2`` parses and classifies the new articles in a pool of two worker processes
(``briefing.app.pool``); ``--jobs 1`` in this process, with no pool.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import briefing.nlp.pipeline
from briefing.app.pool import PoolExecutor
from briefing.app.statedb import read_state
from briefing.cli import cli
from briefing.codec import encode

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted((ROOT / "eval" / "dev" / "articles").glob("*.txt"))[:4]


FILES = ("brief.json", "brief.md", "brief.pdf", "brief.docx")
STATE = ".briefing/state.db"


def _build(tmp: Path, jobs: int) -> dict[str, bytes]:
    """Build into a new folder; the reports' bytes and the review state as canonical JSON."""
    out = tmp / f"out{jobs}"
    args = ["build", *map(str, ARTICLES), "--out", str(out), "--jobs", str(jobs), "-q"]
    result = CliRunner().invoke(cli, [*args, "--format", "docx,pdf,json,md"])
    assert result.exit_code == 0, result.output
    files = {name: (out / name).read_bytes() for name in FILES}
    state = encode(read_state(out / STATE))
    files[STATE] = json.dumps(state, sort_keys=True, ensure_ascii=False).encode()
    return files


def test_jobs_give_identical_briefs_and_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the pool even for these few short articles, and a record of what it ran
    monkeypatch.setattr(briefing.nlp.pipeline, "PARALLEL_MIN_CHARS", 0)
    ran: list[str] = []
    real = PoolExecutor._in_order

    def spy(self: PoolExecutor, fn: Any, tasks: Any) -> Any:
        ran.append(fn.__name__)
        return real(self, fn, tasks)

    monkeypatch.setattr(PoolExecutor, "_in_order", spy)
    one = _build(tmp_path, 1)
    assert ran == []  # --jobs 1: no pool
    two = _build(tmp_path, 2)
    assert ran == ["parse_task", "classify_task"]  # parsed and classified in the workers
    assert one == two


def test_a_build_held_one_article_at_a_time_gives_the_same_brief(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With no memory budget, every article's Docs are dropped once stored and decoded
    # again from the cache when it is classified: the brief must not change.
    import briefing.app.workspace

    held = _build(tmp_path / "held", 1)
    monkeypatch.setattr(briefing.app.workspace, "RETAINED_CHARS", 0)
    streamed = _build(tmp_path / "streamed", 1)
    assert held == streamed
