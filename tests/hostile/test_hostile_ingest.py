"""Hostile input at the ingest stage: every bad file is skipped with its reason, no traceback.

No trained model is needed: ``load_articles`` alone decides what is read and what is
skipped. The build-level checks (the other articles reach the brief) are in
``test_hostile_build.py``.
"""

from __future__ import annotations

import logging
import time
import tracemalloc
from pathlib import Path

import pytest
from _hostile_corpus import HUGE, make_corpus

from briefing.ingest import default_rules, load_articles, read_article
from briefing.ingest.readers import replace_controls
from briefing.model import BlockKind


def flat(text: str) -> str:
    return " ".join(replace_controls(text).split())


def test_hostile_ingest_skips_every_bad_file_with_its_reason(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    corpus = make_corpus(tmp_path)
    with caplog.at_level(logging.WARNING, logger="briefing.ingest"):
        articles, skipped = load_articles([tmp_path])
    assert {s.path: s.reason for s in skipped} == corpus.bad
    assert sorted(a.id for a in articles) == sorted(corpus.good)
    for path, reason in corpus.bad.items():
        assert f"skipped {path}: {reason}" in caplog.text
    for a in articles:
        body = flat(" ".join(a.block_text(b) for b in a.body_blocks))
        assert flat(corpus.good[a.id]) in body, (a.id, body[:300])


def test_hostile_ingest_offsets_stay_sane(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, language=False, huge=False)
    articles, _ = load_articles([tmp_path])
    cap = default_rules().limits.max_block_chars
    assert articles
    for a in articles:
        previous = 0
        for b in a.blocks:
            span = a.text[b.start : b.end]
            assert span, (a.id, b)
            assert span == span.strip(), (a.id, b)
            assert b.start >= previous
            previous = b.end
            if b.kind is BlockKind.BODY:
                assert b.end - b.start <= cap
        # no control character but tab and newline survives into the text
        assert replace_controls(a.text) == a.text, a.id
    assert corpus.good


def test_hostile_ingest_control_characters_are_replaced_one_for_one(tmp_path: Path) -> None:
    raw = "Title\n\nSeoul said\x07 no\x1b[0m\x0bmore\x85talks\u2028now\x00.\n"
    path = tmp_path / "c.txt"
    path.write_bytes(raw.replace("\x00", "").encode("utf-8"))
    article = read_article(path)
    decoded = path.read_text(encoding="utf-8")
    assert len(article.text) == len(decoded)
    assert article.text == "Title\n\nSeoul said  no [0m\nmore\ntalks\nnow.\n"


def test_hostile_ingest_20mb_file_is_skipped_fast_and_small(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"The ministry said the export curbs would stay in place for now. " * 312_500)
    assert path.stat().st_size == 20_000_000
    tracemalloc.start()
    started = time.perf_counter()
    articles, skipped = load_articles([tmp_path])
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert articles == []
    assert [(s.path, s.reason) for s in skipped] == [(str(path), HUGE)]
    assert elapsed < 1.0
    assert peak < 5_000_000  # the file is never read


def test_hostile_ingest_article_over_the_character_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Title\n\n" + "Seoul said the curbs must go. " * 40_000, encoding="utf-8")
    _, skipped = load_articles([path])
    assert [s.reason for s in skipped] == [
        "the article is 1,200,007 characters long, over the 1,000,000 character limit for "
        "one article; split it into separate articles."
    ]


def test_hostile_ingest_unpunctuated_paragraph_is_split_for_the_pipeline(tmp_path: Path) -> None:
    words = " ".join(f"word{n}" for n in range(20_000))
    path = tmp_path / "run.txt"
    path.write_text(f"Title\n\n{words}\n", encoding="utf-8")
    article = read_article(path)
    body = article.body_blocks
    assert len(body) > 50
    assert all(b.end - b.start <= 2_000 for b in body)
    assert " ".join(article.block_text(b) for b in body) == words
    assert body[0].reason == (
        "body: too long for a caption, no full stop; split: a sentence longer than 2000 characters"
    )


def test_hostile_ingest_long_paragraph_is_split_at_sentence_ends(tmp_path: Path) -> None:
    sentences = [f"Seoul said on day {n} that the curbs must go." for n in range(600)]
    paragraph = " ".join(sentences)
    path = tmp_path / "para.txt"
    path.write_text(f"Title\n\n{paragraph}\n", encoding="utf-8")
    article = read_article(path)
    body = article.body_blocks
    assert len(body) == 3
    assert all(b.end - b.start <= 10_000 for b in body)
    assert all(article.block_text(b).endswith("must go.") for b in body)
    assert " ".join(article.block_text(b) for b in body) == paragraph
    assert body[1].reason == "body paragraph; split: longer than 10000 characters"


def test_hostile_ingest_one_token_without_spaces_is_cut_hard(tmp_path: Path) -> None:
    token = "x" * 5_000 + "."
    path = tmp_path / "token.txt"
    path.write_text(f"Title\n\nSeoul said {token}\n", encoding="utf-8")
    body = read_article(path).body_blocks
    assert [b.end - b.start for b in body] == [2_000, 2_000, 1_012]
