"""``EarlyClassifier``: what a build takes of an article classified for a guessed pair."""

from __future__ import annotations

from collections import Counter

import pytest

import briefing.app.early as early
from briefing.app.cache import CachedArticle
from briefing.app.early import EarlyClassifier
from briefing.classify import load_cues
from briefing.model import Article, Block, BlockKind, Sentence
from briefing.nlp.registry import load_registry

ONE = Sentence(article_id="a", start=0, end=4, text="Text", labels=("position:JPN",))
BOTH = Sentence(
    article_id="a", start=5, end=9, text="More", labels=("position:JPN", "position:KOR")
)


def _item(salience: dict[str, int]) -> CachedArticle:
    text = "Title\n\nText More"
    blocks = (Block(BlockKind.TITLE, 0, 5, 0), Block(BlockKind.BODY, 7, 16, 1))
    article = Article(id="a", path="a.txt", text=text, title="Title", blocks=blocks)
    return CachedArticle(article=article, key="k", salience=Counter(salience))


@pytest.fixture
def classifier(monkeypatch: pytest.MonkeyPatch) -> EarlyClassifier:
    """A classifier whose articles are classified into ``SENTENCES``."""
    monkeypatch.setattr(early, "classify_articles", lambda *a, **k: list(SENTENCES))
    return EarlyClassifier(None, load_registry(), load_cues())


SENTENCES: list[Sentence] = []


def test_the_guess_is_the_pair_of_the_salience_so_far(classifier: EarlyClassifier) -> None:
    assert classifier.guess(_item({"JPN": 3, "KOR": 2, "CHN": 1})) == ("JPN", "KOR")
    assert classifier.guess(_item({"CHN": 9})) == ("CHN", "JPN")  # 10 against 3 and 2


def test_take_gives_the_sentences_of_the_guessed_pair_in_either_order_once(
    classifier: EarlyClassifier,
) -> None:
    SENTENCES[:] = [ONE]
    item = _item({"JPN": 3, "KOR": 2})
    assert classifier.classify(item, object())  # type: ignore[arg-type]
    got = classifier.take(item, ("KOR", "JPN"))  # no sentence holds both positions
    assert got is not None
    assert got() == [ONE]
    assert classifier.take(item, ("JPN", "KOR")) is None  # taken once


def test_take_refuses_another_pair_and_the_flipped_order_a_sentence_tells_apart(
    classifier: EarlyClassifier,
) -> None:
    SENTENCES[:] = [ONE, BOTH]
    item = _item({"JPN": 3, "KOR": 2})
    classifier.classify(item, object())  # type: ignore[arg-type]
    assert classifier.take(item, ("KOR", "JPN")) is None
    classifier.classify(item, object())  # type: ignore[arg-type]
    assert classifier.take(item, ("JPN", "CHN")) is None
    classifier.classify(item, object())  # type: ignore[arg-type]
    got = classifier.take(item, ("JPN", "KOR"))
    assert got is not None
    assert got() == [ONE, BOTH]


def test_an_article_without_docs_or_a_pair_is_not_classified(
    classifier: EarlyClassifier,
) -> None:
    assert not classifier.classify(_item({"JPN": 3, "KOR": 2}), None)
    lone = EarlyClassifier(None, load_registry(), load_cues())
    assert not lone.classify(_item({"JPN": 3}), object())  # type: ignore[arg-type]
    bad = EarlyClassifier(("JPN",), load_registry(), load_cues())  # not a pair: no guess
    assert not bad.classify(_item({"JPN": 3, "KOR": 2}), object())  # type: ignore[arg-type]
