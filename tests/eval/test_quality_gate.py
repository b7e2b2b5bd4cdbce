"""The quality gate: evaluation figures must not drop below the floors in floors.json.

The test lockbox of eval/split.json (articles no rule was written from; read here only for
figures) is scored with the default scorer. The dev articles (eval/dev, where the rules were
written) and eval/extra (which rules were later written from) are scored with the rule
table: the learned scorer is fitted on them, so its figures there would say nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest

from briefing.app.classifying import classify_paths
from briefing.evaluate import Figures, load_gold, score
from briefing.train import load_split

ROOT = Path(__file__).resolve().parents[2]
FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text(encoding="utf-8"))
SETS = {"dev": ROOT / "eval" / "dev", "extra": ROOT / "eval" / "extra"}
SCORE_PY = ROOT / "eval" / "score.py"
SPLIT = ROOT / "eval" / "split.json"

FLOORS_SETS = [name for name in FLOORS if not name.startswith("_")]

pytestmark = pytest.mark.model


def _require(name: str) -> Path:
    return SETS[name]


def _lockbox(session) -> Figures:  # type: ignore[no-untyped-def]
    split = load_split(SPLIT)
    files = [split.article_path(doc) for doc in split.test]
    result = classify_paths(files, session, per_article_pair=True)
    texts = {a.id: a.text for a in result.articles}
    return score(split.gold(split.test), result.sentences, texts, worst=0)


@pytest.fixture(scope="module", params=sorted(FLOORS_SETS))
def scored(request, session) -> tuple[str, Figures]:  # type: ignore[no-untyped-def]
    if request.param == "test":
        return "test", _lockbox(session)
    folder = _require(request.param)
    gold = load_gold(folder / "gold.jsonl")
    files = sorted((folder / "articles").glob("*.txt"))
    rules = replace(session, cues=replace(session.cues, scorer="rules"))
    result = classify_paths(files, rules, per_article_pair=True)
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
    """briefing eval and eval/score.py (the graders' scorer) agree on the same predictions."""
    folder = _require("dev")
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
