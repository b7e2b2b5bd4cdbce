"""The shipped learned scorer: trained on the recorded split, reproducing its figures.

The model file records the hash of the split it was trained on and the validation
figures measured with it; loading it and scoring the validation articles again must give
the same figures, and training is deterministic (same data, same bytes).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.classify.learned import MODEL_PATH, LearnedModel, load_learned
from briefing.errors import BriefingError
from briefing.train import (
    Split,
    figures_of,
    load_split,
    prepare,
    split_figures,
    summary,
    train_scorer,
)

ROOT = Path(__file__).resolve().parents[2]
SPLIT = ROOT / "eval" / "split.json"

pytestmark = pytest.mark.model


def test_split_is_by_article_and_the_lockbox_is_new() -> None:
    split = load_split(SPLIT)
    parts = [set(split.train), set(split.validation), set(split.test)]
    assert not parts[0] & parts[1]
    assert not parts[0] & parts[2]
    assert not parts[1] & parts[2]
    # only articles no rule was ever written from are in the lockbox
    assert all(split.doc_set[doc] == "corpus" for doc in split.test)
    assert all(split.doc_set[doc] != "corpus" for doc in split.train if doc[:2].isdigit())
    pairs = {}
    for name in ("train", "test"):
        gold = split.gold(getattr(split, name))
        pairs[name] = {"-".join(sorted(g.pair)) for g in gold if g.pair}
    assert not pairs["train"] & pairs["test"]
    units = len(split.gold(split.test))
    assert len(split.test) >= 15
    assert units >= 450


def test_model_was_trained_on_the_recorded_split(session) -> None:  # type: ignore[no-untyped-def]
    scorer = load_learned(session.cues)
    split = load_split(SPLIT)
    assert scorer.model.meta["split_sha256"] == split.digest
    validation = prepare(split, split.validation, session.nlp, session.registry, session.cues)
    again = summary(figures_of(validation, scorer, session.registry, session.cues))
    assert again == scorer.model.meta["validation"]


def test_model_file_round_trips() -> None:
    text = MODEL_PATH.read_text(encoding="utf-8")
    assert LearnedModel.from_json(text).to_json() == text


def test_training_is_deterministic(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("sklearn", reason="training needs the train extra (make train)")
    full = load_split(SPLIT)
    # a small split of the same articles: three to train on, one to validate
    data = json.loads(SPLIT.read_text(encoding="utf-8"))
    small = Split(
        path=tmp_path / "split.json",
        sets=full.sets,
        doc_set=full.doc_set,
        train=full.train[:3] + full.train[-3:],
        validation=full.validation[:1],
        test=(),
        sha256=data["sha256"],
    )
    first = train_scorer(small, session.nlp, session.registry, session.cues).to_json()
    second = train_scorer(small, session.nlp, session.registry, session.cues).to_json()
    assert first == second
    assert json.loads(first)["meta"]["train_articles"] == 6


def test_development_figures_leave_the_lockbox_closed(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    full = load_split(SPLIT)
    data = json.loads(SPLIT.read_text(encoding="utf-8"))
    # the test set names an article that does not exist: reading it would raise
    small = Split(
        path=tmp_path / "split.json",
        sets=full.sets,
        doc_set={**full.doc_set, "no-such-article": "corpus"},
        train=full.train[:5],
        validation=full.validation[:1],
        test=("no-such-article",),
        sha256=data["sha256"],
    )
    model = load_learned(session.cues).model
    columns = split_figures(
        small, session.nlp, session.registry, session.cues, model, lockbox=False
    )
    assert set(columns) == {
        "validation (learned)",
        "validation (rules)",
        "cv (learned)",
        "train+val (rules)",
    }
    assert all(not name.startswith("test") for name in columns)
    with pytest.raises(BriefingError, match="no-such-article"):
        split_figures(small, session.nlp, session.registry, session.cues, model)
