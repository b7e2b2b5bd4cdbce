"""Time the assembly of a wire-copy folder: articles of ~12,000 near-identical sentences.

The trap of issue 12: generated articles whose sentences differ only in their numbers
(and a reprint of each sentence, lightly edited, in the next article) share their rare
word bigrams, so dedup's min-hash buckets fill with texts that can never merge; and a
brief of two such articles is trimmed to one page an item at a time. Both were
quadratic (two articles of 12,000 sentences spent minutes in assembly).

The sentences are built by hand (no parsing, no classification: every one a position of
Japan), so the benchmark times ``assemble`` alone, with the number of pairs dedup
compared (``_mergeable`` calls). Run it with ``.venv/bin/python benchmarks/bench_wirecopy.py
[--sentences 12000] [--articles 2 4]``.
"""

from __future__ import annotations

import argparse
import time

from briefing.assemble import assemble, dedup
from briefing.model import Actor, Article, Block, BlockKind, Party, Sentence
from briefing.render.templates import load_template

TOPICS = ("chips", "steel", "fisheries", "visas", "tariffs", "energy", "rail", "ports")
PARTIES = (Party("JPN", "Japan", "Japan"), Party("KOR", "South Korea", "South Korea"))
SPEAKER = Actor("trade ministry", "JPN", "ministry", "registry")


def sentence_text(k: int, copy: int) -> str:
    """Sentence ``k`` of an article; odd copies reprint it with one word changed."""
    verb = "said" if copy % 2 == 0 else "stated"
    return (
        f"Japan's trade ministry {verb} on day {k} that the rules on "
        f"{TOPICS[k % len(TOPICS)]} would stay for {k % 7 + 2} more months."
    )


def wire_article(copy: int, count: int) -> tuple[Article, list[Sentence]]:
    """An article of ``count`` sentences, four to a paragraph, and its classified sentences."""
    article_id = f"wire-{copy}"
    title = "Wire report"
    text = title
    blocks = [Block(BlockKind.TITLE, 0, len(title), 0)]
    sentences: list[Sentence] = []
    for first in range(0, count, 4):
        text += "\n\n"
        start = len(text)
        paragraph = first // 4 + 1
        for k in range(first, min(first + 4, count)):
            if k > first:
                text += " "
            begin = len(text)
            text += sentence_text(k, copy)
            sentences.append(
                Sentence(
                    article_id=article_id,
                    start=begin,
                    end=len(text),
                    text=text[begin:],
                    paragraph=paragraph,
                    index=k,
                    speaker=SPEAKER,
                    labels=("position:JPN",),
                    scores={"position:JPN": 0.8},
                    reasons=("speaker: trade ministry -> JPN",),
                )
            )
        blocks.append(Block(BlockKind.BODY, start, len(text), paragraph))
    article = Article(
        id=article_id,
        path=f"{article_id}.txt",
        text=text + "\n",
        title=title,
        blocks=tuple(blocks),
        date="2019-07-15",
    )
    return article, sentences


def measure(articles: int, count: int) -> tuple[float, int, int, int]:
    """Assemble ``articles`` wire articles; return seconds, pairs compared, merged, items."""
    built = [wire_article(copy, count) for copy in range(articles)]
    compared = 0
    real = dedup._mergeable

    def counting(a: list[str], b: list[str], threshold: float) -> bool:
        nonlocal compared
        compared += 1
        return real(a, b, threshold)

    dedup._mergeable = counting
    try:
        started = time.perf_counter()
        assembly = assemble(
            [a for a, _ in built],
            [s for _, sentences in built for s in sentences],
            load_template(),
            parties=PARTIES,
            date="2019-07-15",
        )
        elapsed = time.perf_counter() - started
    finally:
        dedup._mergeable = real
    return elapsed, compared, assembly.merged, len(assembly.items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=12_000, help="per article")
    parser.add_argument("--articles", type=int, nargs="*", default=[2, 4])
    args = parser.parse_args()
    for articles in args.articles:
        elapsed, compared, merged, items = measure(articles, args.sentences)
        print(
            f"{articles} articles x {args.sentences:,} sentences: assembly {elapsed:6.1f} s, "
            f"{compared:,} pairs compared, {merged:,} merged, {items:,} review items",
            flush=True,
        )


if __name__ == "__main__":
    main()
