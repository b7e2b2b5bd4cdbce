"""The quality gate: dev-set figures must not drop below the floors pinned in floors.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.build import classify_paths
from briefing.evaluate import load_gold, score

FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text(encoding="utf-8"))
EVAL = Path(__file__).resolve().parents[2].parent / "shared" / "eval"

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not (EVAL / "gold.jsonl").is_file(), reason="../shared/eval not present"),
]


@pytest.fixture(scope="module")
def figures(session):  # type: ignore[no-untyped-def]
    gold = load_gold(EVAL / "gold.jsonl")
    files = sorted((EVAL / "articles").glob("*.txt"))
    result = classify_paths(files, session, per_article_pair=True)
    return score(gold, result.sentences, {a.id: a.text for a in result.articles})


@pytest.mark.parametrize("section", sorted(FLOORS["sections"]))
def test_quality_gate_section_f1(figures, section: str) -> None:  # type: ignore[no-untyped-def]
    f1 = figures.sections[section]["f1"]
    assert f1 >= FLOORS["sections"][section], f"{section} F1 {f1} < floor"


@pytest.mark.parametrize("figure", ["micro_f1", "primary_accuracy", "government_accuracy"])
def test_quality_gate_overall(figures, figure: str) -> None:  # type: ignore[no-untyped-def]
    value = getattr(figures, figure)
    assert value >= FLOORS[figure], f"{figure} {value} < floor {FLOORS[figure]}"


def test_quality_gate_matches_score_py(figures) -> None:  # type: ignore[no-untyped-def]
    """briefing eval and ../shared/tools/score.py agree on the same predictions."""
    import subprocess
    import sys
    import tempfile

    script = EVAL.parent / "tools" / "score.py"
    if not script.is_file():
        pytest.skip("score.py not present")
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        pred_path = Path(fh.name)
    try:
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "briefing",
                "classify",
                *map(str, sorted((EVAL / "articles").glob("*.txt"))),
                "-q",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        pred_path.write_text(out, encoding="utf-8")
        ref = json.loads(
            subprocess.run(
                [
                    sys.executable,
                    str(script),
                    "--gold",
                    str(EVAL / "gold.jsonl"),
                    "--articles",
                    str(EVAL / "articles"),
                    "--pred",
                    str(pred_path),
                    "--json",
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
    finally:
        pred_path.unlink()
    assert ref["micro_f1"] == figures.micro_f1
    assert ref["government_accuracy"] == figures.government_accuracy
    assert ref["sections"] == {
        k: {**v, "support": int(v["support"])} for k, v in figures.sections.items()
    }
