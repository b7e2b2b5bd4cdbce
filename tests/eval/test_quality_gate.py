"""The quality gate: evaluation figures must not drop below the floors in floors.json.

Two sets are scored: the dev articles in ../shared/eval (skipped when absent) and the
second annotated set in eval/extra, which guards generalisation to other country pairs.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from briefing.build import classify_paths
from briefing.evaluate import Figures, load_gold, score

ROOT = Path(__file__).resolve().parents[2]
FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text(encoding="utf-8"))
SETS = {"dev": ROOT.parent / "shared" / "eval", "extra": ROOT / "eval" / "extra"}
SCORE_PY = ROOT.parent / "shared" / "tools" / "score.py"

pytestmark = pytest.mark.model


def _require(name: str) -> Path:
    folder = SETS[name]
    if not (folder / "gold.jsonl").is_file():
        pytest.skip(f"{folder} not present")
    return folder


@pytest.fixture(scope="module", params=sorted(SETS))
def scored(request, session) -> tuple[str, Figures]:  # type: ignore[no-untyped-def]
    folder = _require(request.param)
    gold = load_gold(folder / "gold.jsonl")
    files = sorted((folder / "articles").glob("*.txt"))
    result = classify_paths(files, session, per_article_pair=True)
    return request.param, score(gold, result.sentences, {a.id: a.text for a in result.articles})


def test_quality_gate_section_f1(scored: tuple[str, Figures]) -> None:
    name, figures = scored
    low = {
        sec: figures.sections[sec]["f1"]
        for sec, floor in FLOORS[name]["sections"].items()
        if figures.sections[sec]["f1"] < floor
    }
    assert not low, f"{name}: section F1 below floor: {low}"


@pytest.mark.parametrize("figure", ["micro_f1", "primary_accuracy", "government_accuracy"])
def test_quality_gate_overall(scored: tuple[str, Figures], figure: str) -> None:
    name, figures = scored
    value = getattr(figures, figure)
    assert value >= FLOORS[name][figure], f"{name}: {figure} {value} < {FLOORS[name][figure]}"


def test_quality_gate_matches_score_py() -> None:
    """briefing eval and ../shared/tools/score.py agree on the same predictions."""
    folder = _require("dev")
    if not SCORE_PY.is_file():
        pytest.skip("score.py not present")
    files = sorted(map(str, (folder / "articles").glob("*.txt")))
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred.jsonl"
        out = subprocess.run(
            [sys.executable, "-m", "briefing", "classify", *files, "-q"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        pred.write_text(out, encoding="utf-8")
        ref = json.loads(
            subprocess.run(
                [
                    sys.executable,
                    str(SCORE_PY),
                    "--gold",
                    str(folder / "gold.jsonl"),
                    "--articles",
                    str(folder / "articles"),
                    "--pred",
                    str(pred),
                    "--json",
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        ours = json.loads(
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "briefing",
                    "eval",
                    "--gold",
                    str(folder / "gold.jsonl"),
                    "--articles",
                    str(folder / "articles"),
                    "--format",
                    "json",
                    "-q",
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
    for key in ("micro_f1", "macro_f1", "primary_accuracy", "government_accuracy"):
        assert ours[key] == ref[key], key
    assert ours["sections"] == ref["sections"]
