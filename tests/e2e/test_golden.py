"""Golden files: the seed brief and two dev briefs, byte for byte where it matters.

Each case is built with the CLI into a fresh folder; its brief JSON, its DOCX paragraphs
(style and text) and its PDF text are compared with ``tests/golden/<case>/``. A change of
behaviour shows up here as a diff to review; ``pytest --update-golden`` rewrites the files
from the current output (then read the diff before committing it).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import docx
import pypdf
import pytest
from click.testing import CliRunner

from briefing.assemble import long_date
from briefing.cli import cli

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
CASES = {
    "seed": ROOT / "seeds",
    "10_aus_chn_barley_ban": ROOT / "eval" / "dev" / "articles" / "10_aus_chn_barley_ban.txt",
    "14_ind_pak_kashmir_talks": ROOT / "eval" / "dev" / "articles" / "14_ind_pak_kashmir_talks.txt",
}


def _today_free(text: str) -> str:
    """The build date (used when no article has one) as a placeholder: goldens age well."""
    today = dt.date.today()
    return text.replace(today.isoformat(), "<today>").replace(
        long_date(today.isoformat()), "<today>"
    )


def _outputs(source: Path, out: Path) -> dict[str, str]:
    args = ["build", str(source), "--out", str(out), "--format", "docx,pdf,json", "-q"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    brief = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    paragraphs = [
        f"{p.style.name}\t{p.text}" for p in docx.Document(str(out / "brief.docx")).paragraphs
    ]
    pages = [page.extract_text() for page in pypdf.PdfReader(out / "brief.pdf").pages]
    outputs = {
        "brief.json": json.dumps(brief, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
        "docx.txt": "\n".join(paragraphs) + "\n",
        "pdf.txt": "\n\f\n".join(pages) + "\n",
    }
    return {name: _today_free(text) for name, text in outputs.items()}


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(case: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    outputs = _outputs(CASES[case], tmp_path / "out")
    folder = GOLDEN / case
    if request.config.getoption("--update-golden"):
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in outputs.items():
            (folder / name).write_text(text, encoding="utf-8")
        return
    for name, text in outputs.items():
        expected = (folder / name).read_text(encoding="utf-8")
        assert text == expected, f"{case}/{name} differs: run pytest --update-golden and review"
