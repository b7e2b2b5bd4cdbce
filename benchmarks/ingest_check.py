"""Check ingest's structure recovery against the labelled dev articles.

For every gold unit (doc, text, labels) the block holding it is found, and two
kinds of disagreement are listed:

(a) a gold ``other`` unit inside a BODY block: display text ingest let through
    (some are irrelevant body sentences, which are the classifier's job);
(b) a unit with a content label inside a non-BODY block: body text ingest hid
    from the classifier. The target is zero.

Usage:
    python benchmarks/ingest_check.py [--eval-dir DIR] [--blocks]

Exit status 1 when (b) is not zero.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from briefing.ingest import read_article
from briefing.model import Article, Block, BlockKind

DEFAULT_EVAL = Path("/work/shared/eval")


def locate(text: str, needle: str, start: int) -> tuple[int, int] | None:
    """Find a gold unit in the article, from ``start`` on first (units are in order)."""
    idx = text.find(needle, start)
    if idx < 0:
        idx = text.find(needle)
    return (idx, idx + len(needle)) if idx >= 0 else None


def holding_block(article: Article, span: tuple[int, int]) -> Block | None:
    """Return the block that overlaps the span most."""
    best, best_overlap = None, 0
    for block in article.blocks:
        overlap = min(span[1], block.end) - max(span[0], block.start)
        if overlap > best_overlap:
            best, best_overlap = block, overlap
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--blocks", action="store_true", help="also print every block")
    args = parser.parse_args()

    articles = {
        path.stem: read_article(path) for path in sorted((args.eval_dir / "articles").glob("*.txt"))
    }
    gold = [
        json.loads(line)
        for line in (args.eval_dir / "gold.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]

    if args.blocks:
        for article in articles.values():
            print(f"== {article.id}  title={article.title!r} source={article.source!r}")
            for b in article.blocks:
                print(f"  {b.paragraph:3} {b.kind.value:11} {article.block_text(b)[:60]!r}")

    leaked: list[str] = []  # (a) gold other in BODY
    hidden: list[str] = []  # (b) content label outside BODY
    missing: list[str] = []
    straddling: list[str] = []
    kinds: Counter[str] = Counter()
    cursor: dict[str, int] = {}
    for unit in gold:
        doc, text, labels = unit["doc"], unit["text"], unit["labels"]
        article = articles[doc]
        span = locate(article.text, text, cursor.get(doc, 0))
        tag = f"{doc}:{unit['i']}"
        if span is None:
            missing.append(tag)
            continue
        cursor[doc] = span[1]
        block = holding_block(article, span)
        if block is None:
            missing.append(tag)
            continue
        if not (block.start <= span[0] and span[1] <= block.end):
            straddling.append(tag)
        is_other = labels == ["other"]
        is_body = block.kind is BlockKind.BODY
        kinds[f"{'other' if is_other else 'content'}->{block.kind.value}"] += 1
        line = f"  {tag:32} [{block.kind.value}] {labels} {text[:70]!r}"
        if is_other and is_body:
            leaked.append(line)
        elif not is_other and not is_body:
            hidden.append(line)

    other_total = sum(v for k, v in kinds.items() if k.startswith("other->"))
    print(f"gold units: {len(gold)} in {len(articles)} articles ({other_total} labelled other)")
    print("unit label -> block kind:")
    for key, value in sorted(kinds.items()):
        print(f"  {key:24} {value}")
    print(f"(a) gold 'other' units in BODY blocks: {len(leaked)} of {other_total}")
    print(*leaked, sep="\n") if leaked else None
    print(f"(b) content units in non-BODY blocks: {len(hidden)}")
    print(*hidden, sep="\n") if hidden else None
    print(f"units not found: {len(missing)} {missing}")
    print(f"units spanning two blocks: {len(straddling)} {straddling}")
    return 1 if hidden else 0


if __name__ == "__main__":
    sys.exit(main())
