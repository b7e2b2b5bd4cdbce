"""Parsing in several processes gives the same briefs, byte for byte (``--jobs``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import briefing.nlp.pipeline
from briefing.cli import cli

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted((ROOT / "eval" / "dev" / "articles").glob("*.txt"))[:4]


def _build(tmp: Path, jobs: int) -> dict[str, bytes]:
    out = tmp / f"out{jobs}"
    args = ["build", *map(str, ARTICLES), "--out", str(out), "--jobs", str(jobs), "-q"]
    result = CliRunner().invoke(cli, [*args, "--format", "docx,pdf,json,md"])
    assert result.exit_code == 0, result.output
    return {name: (out / name).read_bytes() for name in ("brief.json", "brief.md", "brief.pdf")}


def test_jobs_give_identical_briefs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # parse in two processes even for these few short articles
    monkeypatch.setattr(briefing.nlp.pipeline, "PARALLEL_MIN_CHARS", 0)
    one = _build(tmp_path, 1)
    two = _build(tmp_path, 2)
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
