"""A build freezes the heap it starts with only for its own span (``outputs.build_heap``).

Builds run one after another in one process (``watch``, a program calling the API twice),
and a build that stops with an error half-way, leave nothing frozen once they end.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

import briefing.app.building
from briefing import api
from briefing.config import Settings

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted((ROOT / "eval" / "dev" / "articles").glob("*.txt"))[:3]
DATE = "2024-01-01"


def _build(out: Path) -> None:
    api.build(ARTICLES, out, Settings(date=DATE, jobs=1), today=DATE)


def test_builds_one_after_another_leave_nothing_frozen(tmp_path: Path) -> None:
    assert gc.get_freeze_count() == 0
    _build(tmp_path / "one")
    assert gc.get_freeze_count() == 0
    _build(tmp_path / "two")
    assert gc.get_freeze_count() == 0


def test_a_build_stopped_by_an_error_mid_way_leaves_nothing_frozen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []

    def broken(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.get_freeze_count())
        raise RuntimeError("stopped while assembling")

    with monkeypatch.context() as m:
        m.setattr(briefing.app.building, "assemble_each", broken)
        with pytest.raises(RuntimeError):
            _build(tmp_path / "out")
    assert seen  # the build reached the assembly
    assert seen[0] > 0  # with its starting heap frozen
    assert gc.get_freeze_count() == 0
    _build(tmp_path / "out")  # the next build of the folder works
    assert gc.get_freeze_count() == 0
