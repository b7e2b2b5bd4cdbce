"""Articles classified as they are parsed (``briefing.app.early``) give the same briefs.

A build classifies each article the moment it is parsed, for the pair the salience so far
names; the build's pair confirms the guess (the article is not decoded again) or not (it
is decoded from its parse cache entry and classified as before). Either way the reports
and the state are those of a build that classifies every article after parsing them all.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import briefing.app.cache
import briefing.app.workspace
from briefing.app.early import EarlyClassifier
from briefing.app.statedb import read_state
from briefing.cli import cli
from briefing.codec import encode

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = sorted((ROOT / "eval" / "dev" / "articles").glob("*.txt"))[:4]
FILES = ("brief.json", "brief.md", "brief.pdf", "brief.docx")


def _build(out: Path) -> dict[str, bytes]:
    """Build into a new folder; the reports' bytes and the review state as canonical JSON."""
    args = ["build", *map(str, ARTICLES), "--out", str(out), "-q"]
    result = CliRunner().invoke(cli, [*args, "--format", "docx,pdf,json,md"])
    assert result.exit_code == 0, result.output
    files = {name: (out / name).read_bytes() for name in FILES}
    state = encode(read_state(out / ".briefing" / "state.db"))
    files["state"] = json.dumps(state, sort_keys=True, ensure_ascii=False).encode()
    return files


@pytest.fixture
def decoded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the articles whose Docs a build decodes from the parse cache."""
    seen: list[str] = []
    real = briefing.app.cache.decode_docs

    def spy(docbin: bytes, article: Any, nlp: Any) -> Any:
        seen.append(article.id)
        return real(docbin, article, nlp)

    monkeypatch.setattr(briefing.app.cache, "decode_docs", spy)
    return seen


def _late(monkeypatch: pytest.MonkeyPatch) -> None:
    """Classify no article early: every one after all are parsed."""
    monkeypatch.setattr(EarlyClassifier, "classify", lambda self, item, parsed: False)


def test_early_classification_gives_the_same_brief_and_decodes_no_confirmed_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, decoded: list[str]
) -> None:
    monkeypatch.setattr(briefing.app.workspace, "RETAINED_CHARS", 0)  # nothing kept
    early = _build(tmp_path / "early")
    confirmed = len(ARTICLES) - len(decoded)
    # the last article's guess has every article's salience: the build's pair
    assert confirmed >= 1
    decoded.clear()
    with monkeypatch.context() as m:
        _late(m)
        late = _build(tmp_path / "late")
    assert len(decoded) == len(ARTICLES)  # every article decoded again
    assert early == late


def test_a_guess_the_pair_does_not_confirm_is_classified_again_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, decoded: list[str]
) -> None:
    # Docs kept (within the budget) went through classification for the guessed pair:
    # they are not reused, the article is decoded from its entry.
    with monkeypatch.context() as m:
        _late(m)
        late = _build(tmp_path / "late")
    assert decoded == []  # all kept within the budget
    monkeypatch.setattr(EarlyClassifier, "guess", lambda self, item: ("ISL", "NZL"))
    wrong = _build(tmp_path / "wrong")
    assert decoded == [p.stem for p in ARTICLES]
    assert wrong == late


def test_a_guess_in_the_other_order_gives_the_brief_of_the_final_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, decoded: list[str]
) -> None:
    # The build's pair is (A, B) but every article was classified early for (B, A): the
    # articles taken as they are (no sentence holds both positions) and those classified
    # again must give the brief and the state of a build that classifies late for (A, B).
    monkeypatch.setattr(briefing.app.workspace, "RETAINED_CHARS", 0)  # nothing kept
    with monkeypatch.context() as m:
        _late(m)
        late = _build(tmp_path / "late")
    pair = json.loads(late["brief.json"])["pair"]
    assert len(pair) == 2
    decoded.clear()
    real = EarlyClassifier.guess

    def flipped(self: EarlyClassifier, item: Any) -> tuple[str, str]:
        real(self, item)  # the totals, as the build keeps them
        return (pair[1], pair[0])

    monkeypatch.setattr(EarlyClassifier, "guess", flipped)
    taken: list[bool] = []
    real_take = EarlyClassifier.take

    def spy(self: EarlyClassifier, item: Any, final: Any) -> Any:
        got = real_take(self, item, final)
        taken.append(got is not None)
        return got

    monkeypatch.setattr(EarlyClassifier, "take", spy)
    flip = _build(tmp_path / "flip")
    assert any(taken)  # the early sentences of the other order were used
    assert flip == late
