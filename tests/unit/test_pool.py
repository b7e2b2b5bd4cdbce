"""The process pool's tasks: articles grouped in order, by characters (``briefing.app.pool``)."""

from __future__ import annotations

from briefing.app.executor import TASK_CHARS, task_chunks
from briefing.app.pool import TASKS_PER_WORKER
from briefing.model import Article, Block, BlockKind


def article(n: int, size: int) -> Article:
    text = "x" * size
    return Article(
        id=f"a{n}",
        path=f"a{n}.txt",
        title="t",
        text=text,
        blocks=(Block(BlockKind.BODY, 0, size, 0),),
    )


def pool_chunks(articles: list[Article]) -> list[list[int]]:
    """The tasks of a pool of two workers."""
    return task_chunks(articles, workers=2, per_worker=TASKS_PER_WORKER)


def test_pool_chunks_keep_the_order_and_every_article_once() -> None:
    articles = [article(n, 1000 + 37 * n) for n in range(300)]
    chunks = pool_chunks(articles)
    assert [n for chunk in chunks for n in chunk] == list(range(300))


def test_pool_chunks_are_bounded_by_characters_and_share_a_small_build() -> None:
    large = [article(n, 1000) for n in range(400)]  # 400,000 characters: full-size tasks
    chunks = pool_chunks(large)
    assert all(sum(len(large[n].text) for n in c) <= TASK_CHARS for c in chunks)
    assert len(chunks) == 400_000 // TASK_CHARS
    small = [article(n, 1000) for n in range(16)]  # a few tasks for every worker
    assert [len(c) for c in pool_chunks(small)] == [2] * 8
    huge = [article(0, 3 * TASK_CHARS), article(1, 10)]  # an article longer than a task
    assert pool_chunks(huge) == [[0], [1]]
