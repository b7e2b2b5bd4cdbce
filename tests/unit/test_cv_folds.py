"""Cross-validation folds of the learned scorer are dealt by country pair, as the split is."""

from __future__ import annotations

from typing import Any, cast

from briefing.evaluate import GoldUnit
from briefing.model import Article
from briefing.train import Prepared, _folds, cv_group


def prepared(doc: str, pair: tuple[str, ...]) -> Prepared:
    article = Article(id=doc, path=f"{doc}.txt", text="x", title="x", blocks=())
    gold = [GoldUnit(doc=doc, i=0, text="x", labels=("background",), pair=pair)]
    return Prepared(article, cast(Any, None), ("AAA", "BBB"), [], gold)


def test_articles_of_one_pair_share_a_group_whatever_the_order() -> None:
    one = prepared("a1", ("NLD", "BEL"))
    two = prepared("a2", ("BEL", "NLD"))
    other = prepared("a3", ("BEL", "FRA"))
    assert cv_group(one) == cv_group(two) == "BEL-NLD"
    assert cv_group(other) != cv_group(one)


def test_an_article_without_a_gold_pair_is_its_own_group() -> None:
    assert cv_group(prepared("a1", ())) != cv_group(prepared("a2", ()))


def test_folds_never_split_a_pair_and_cover_every_article() -> None:
    docs = [prepared(f"d{n}", ("AAA", f"B{n % 7:02d}")) for n in range(40)]
    groups = [cv_group(p) for p in docs]
    folds = _folds(groups, 5)
    assert len(folds) == 5
    for p in docs:
        holding = [f for f in folds if cv_group(p) in f]
        assert len(holding) == 1  # every article's pair is in exactly one fold
    assert set().union(*folds) == set(groups)
    assert _folds(groups, 5) == folds  # deterministic


def test_a_feature_of_one_pair_is_not_learned() -> None:
    from briefing.classify.learned import Example, general_features

    examples = [
        Example(("finding:future", "word:harbour"), frozenset({"next_steps"}), "AAA-BBB"),
        Example(("finding:future", "word:harbour"), frozenset({"next_steps"}), "AAA-BBB"),
        Example(("finding:future",), frozenset({"next_steps"}), "AAA-CCC"),
        Example(("finding:future", "bias"), frozenset({"background"}), "BBB-CCC"),
    ]
    assert general_features(examples, min_groups=3) == ["finding:future"]
    assert general_features(examples, min_groups=1) == ["finding:future", "word:harbour"]


def test_out_of_fold_models_never_see_the_held_out_pair(monkeypatch: Any) -> None:
    import briefing.train as train
    from briefing.classify.learned import Example

    examples = [
        Example((f"finding:f{n % 3}",), frozenset({"background"}), f"AAA-B{n % 6:02d}")
        for n in range(30)
    ]
    seen: list[set[str]] = []

    def fake_fit(train_examples: Any, *, c: float) -> dict[str, dict[str, float]]:
        seen.append({e.group for e in train_examples})
        return {"background": {"bias": 0.0}}

    monkeypatch.setattr(train, "fit", fake_fit)
    train._oof(examples, 0.1, 3)
    folds = _folds([e.group for e in examples], 3)
    assert len(seen) == 3
    for trained_on, held_out in zip(seen, folds, strict=True):
        assert not trained_on & held_out
        assert trained_on | held_out == {e.group for e in examples}


def test_fit_gives_no_weight_to_a_feature_of_one_pair() -> None:
    from briefing.classify.learned import Example, fit

    examples = [
        Example(
            (*(("finding:future",) if n % 2 else ()), *(("word:harbour",) if n < 4 else ())),
            frozenset({"next_steps"} if n % 2 else {"background"}),
            f"AAA-B{n % 5}" if n >= 4 else "AAA-ONE",
        )
        for n in range(20)
    ]
    weights = fit(examples, c=1.0)
    assert all("word:harbour" not in w for w in weights.values())
    assert any("finding:future" in w for w in weights.values())
