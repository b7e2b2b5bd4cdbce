from __future__ import annotations

from pathlib import Path

import pytest

from briefing.classify import calibrate, load_calibration
from briefing.errors import RegistryError

TABLE = {"position": {"0.65": 0.6, "0.85": 0.9}, "risk": {"0.65": 0.5}}


def test_classify_calibrate_maps_raw_scores_to_measured_precision() -> None:
    assert calibrate({"position:MEX": 0.85, "risk": 0.65}, TABLE) == {
        "position:MEX": 0.9,
        "risk": 0.5,
    }


def test_classify_calibrate_uses_nearest_measured_score_and_keeps_unknown_sections() -> None:
    assert calibrate({"position:USA": 0.8, "background": 0.55}, TABLE) == {
        "position:USA": 0.9,
        "background": 0.55,
    }


def test_classify_calibration_missing_file_reports_raw(tmp_path: Path) -> None:
    assert load_calibration(tmp_path / "none.json") == {}


def test_classify_calibration_malformed_file_names_the_fix(tmp_path: Path) -> None:
    bad = tmp_path / "calibration.json"
    bad.write_text('{"sections": 3}', encoding="utf-8")
    with pytest.raises(
        RegistryError,
        match=r"calibration.json: not a calibration table .*"
        r"benchmarks/calibrate.py",
    ):
        load_calibration(bad)


def test_classify_shipped_calibration_is_monotone() -> None:
    for section, cells in load_calibration().items():
        values = [cells[k] for k in sorted(cells, key=float)]
        assert values == sorted(values), section
