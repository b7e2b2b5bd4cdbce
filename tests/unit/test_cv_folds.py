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
