"""``iter_parsed`` streams: each article is yielded as soon as it is parsed, then forgotten."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Sequence

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from briefing.model import Article, Block, BlockKind
from briefing.nlp.pipeline import iter_parsed, parse_articles

SEEN: list[str] = []


@Language.component("test_stream_recorder")
def _recorder(doc: Doc) -> Doc:
    """Record every text the pipeline parses; fail on a text holding the word FAIL."""
    SEEN.append(doc.text)
    if "FAIL" in doc.text:
        raise ValueError("this text trips the pipeline")
    return doc


@pytest.fixture
def nlp() -> Language:
    SEEN.clear()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("test_stream_recorder")
    return nlp


def article(aid: str, bodies: Sequence[str]) -> Article:
    text = f"Title of {aid}"
    blocks = [Block(BlockKind.TITLE, 0, len(text), 0)]
    for n, body in enumerate(bodies, start=1):
        text += "\n\n"
        blocks.append(Block(BlockKind.BODY, len(text), len(text) + len(body), n))
        text += body
    return Article(
        id=aid, path=f"{aid}.txt", text=text, title=f"Title of {aid}", blocks=tuple(blocks)
    )


def three() -> list[Article]:
    return [
        article("one", ["Alpha spoke first.", "Alpha spoke again."]),
        article("two", []),  # nothing to parse: yielded in its place all the same
        article("three", ["Gamma spoke last."]),
    ]


def test_an_article_is_yielded_before_the_next_one_is_parsed(nlp: Language) -> None:
    stream = iter_parsed(three(), nlp, max_batch_chars=1)
    first = next(stream)
    assert first.article.id == "one"
    assert all(pb.doc is not None for pb in first.blocks if pb.block.kind is BlockKind.BODY)
    assert not any("Gamma" in text for text in SEEN)
    assert [pa.article.id for pa in stream] == ["two", "three"]


def test_the_stream_keeps_no_article_the_caller_dropped(nlp: Language) -> None:
    stream = iter_parsed(three(), nlp, max_batch_chars=1)
    doc = next(stream).blocks[1].doc
    assert doc is not None
    ref = weakref.ref(doc)
    del doc
    next(stream)
    gc.collect()
    assert ref() is None


def test_streaming_and_the_list_give_the_same_sentences(nlp: Language) -> None:
    listed = parse_articles(three(), nlp)
    streamed = list(iter_parsed(three(), nlp, max_batch_chars=1))
    assert [[[s.text for s in pb.sentences] for pb in pa.blocks] for pa in listed] == [
        [[s.text for s in pb.sentences] for pb in pa.blocks] for pa in streamed
    ]


def test_an_article_that_trips_the_pipeline_mid_stream_is_reported_and_the_rest_parsed(
    nlp: Language,
) -> None:
    articles = [
        article("one", ["Alpha spoke first."]),
        article("bad", ["This will FAIL here."]),
        article("three", ["Gamma spoke last."]),
    ]
    failed: list[str] = []
    out = list(iter_parsed(articles, nlp, on_error=lambda a, _exc: failed.append(a.id)))
    assert [pa.article.id for pa in out] == ["one", "three"]
    assert failed == ["bad"]
