"""Time a full build of a 200-article workspace against the rebuild after one more article.

The articles are generated from the seeds and the dev articles (``--sources``): each
variant keeps its base article's paragraphs (some dropped, some lightly edited, as wire
copy is reprinted) and adds one sentence of its own, so no two files are identical and
the brief has real duplicates to merge. ``--repeat`` articles are held back.

In one run, with one loaded session (model loading is timed separately and excluded):

1. full build: ``build_in_workspace`` on the N articles into an empty output folder
   (every article is parsed);
2. +1 article, ``--repeat`` times: a held-back article is added and the folder rebuilt
   (one article is parsed and classified, the others come from the workspace caches);
3. no change: the folder rebuilt again as it is.

For each, the wall time and the time between the build's progress messages (ingest,
parse or cache, classify, assemble + render, change list + state) are printed, then
the ratio of the median +1 rebuild to the full build (target: under 10 %). The machine
may be shared: run it on a quiet one.

Usage:
    python benchmarks/bench_incremental.py [--articles N] [--repeat N] [--sources DIR ...]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from briefing.app.building import BuildResult, build_in_workspace
from briefing.app.session import Session
from briefing.config import Settings

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = (ROOT / "seeds", ROOT.parent / "shared" / "eval" / "articles")
DATE = "2019-12-05"
CITIES = ("Geneva", "Vienna", "Doha", "Oslo", "Ankara", "Nairobi", "Lima", "Hanoi", "Rabat")
EDITS = (
    (r"\bsaid\b", "told reporters"),
    (r"\bon Monday\b", "on Monday evening"),
    (r"\bofficials\b", "senior officials"),
    (r"\bwill\b", "would"),
)


def base_articles(sources: list[Path]) -> list[tuple[str, str]]:
    """Return ``(stem, text)`` of every .txt/.md article under ``sources``."""
    found: list[tuple[str, str]] = []
    for source in sources:
        if source.is_dir():
            files = sorted(p for p in source.rglob("*") if p.suffix in (".txt", ".md"))
        else:
            files = [source] if source.is_file() else []
        found += [(f.stem, f.read_text(encoding="utf-8-sig")) for f in files]
    return found


def variant(text: str, number: int, rng: random.Random) -> str:
    """Return a variant of an article: paragraphs dropped or edited, one sentence added."""
    paragraphs = text.split("\n\n")
    head, body = paragraphs[:1], paragraphs[1:]
    out = []
    for para in body:
        if len(para) > 200 and rng.random() < 0.15:
            continue  # an outlet that cut the paragraph
        if rng.random() < 0.25:
            pattern, repl = rng.choice(EDITS)
            para = re.sub(pattern, repl, para, count=1)  # a light edit of the wire copy
        out.append(para)
    city = rng.choice(CITIES)
    own = (
        f"The correspondent of outlet {number} in {city} contributed reporting "
        f"for this version, number {number}, of the story."
    )
    insert_at = rng.randrange(0, len(out) + 1) if out else 0
    out.insert(insert_at, own)
    title = head[0].splitlines() if head else ["Untitled"]
    title[0] = f"{title[0]} (edition {number})"
    return "\n\n".join(["\n".join(title), *out]) + "\n"


def generate(folder: Path, count: int, sources: list[Path], seed: int) -> list[Path]:
    """Write ``count`` article variants into ``folder`` and return their paths."""
    rng = random.Random(seed)
    bases = base_articles(sources)
    if not bases:
        sys.exit(f"no articles under {', '.join(str(s) for s in sources)}")
    paths = []
    for n in range(count):
        stem, text = bases[n % len(bases)]
        path = folder / f"{n:03d}_{stem[:40]}.txt"
        path.write_text(variant(text, n, rng), encoding="utf-8")
        paths.append(path)
    return paths


def timed_build(
    articles: Path, out: Path, session: Session
) -> tuple[float, BuildResult, list[tuple[str, float]]]:
    """Build once; return the wall time, the result and the time before each progress message."""
    marks: list[tuple[str, float]] = []
    start = time.perf_counter()
    last = start

    def progress(message: str) -> None:
        nonlocal last
        now = time.perf_counter()
        marks.append((message, now - last))
        last = now

    result = build_in_workspace([articles], out, session, today=DATE, progress=progress)
    total = time.perf_counter() - start
    marks.append(("(end)", time.perf_counter() - last))
    return total, result, marks


def show(name: str, total: float, result: BuildResult, marks: list[tuple[str, float]]) -> None:
    """Print one build's figures."""
    stats = result.stats
    print(
        f"{name}: {total:7.2f} s  (parsed {len(stats.parsed)}, from cache {len(stats.cached)}; "
        f"{sum(len(s.items) for s in result.brief.sections)} items, "
        f"{result.assembly.merged} sentences merged as copies)"
    )
    for message, seconds in marks:
        print(f"    {seconds:7.3f} s  before: {message[:90]}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="articles in the workspace")
    parser.add_argument("--sources", type=Path, nargs="*", default=list(DEFAULT_SOURCES))
    parser.add_argument("--seed", type=int, default=7, help="seed of the variations")
    parser.add_argument(
        "--repeat", type=int, default=3, help="+1 rebuilds, each with another new article"
    )
    parser.add_argument("--keep", type=Path, help="keep the articles and output here")
    args = parser.parse_args(argv)

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench_incremental_"))
    articles, held, out = work / "articles", work / "held", work / "out"
    for folder in (articles, held, out):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    paths = generate(articles, args.articles + args.repeat, args.sources, args.seed)
    extras = []
    for path in paths[args.articles :]:
        extras.append(held / path.name)
        path.rename(extras[-1])
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths[: args.articles])
    print(f"{args.articles} articles ({words} words) in {articles}")

    start = time.perf_counter()
    session = Session.open(Settings(date=DATE))
    print(f"model load: {time.perf_counter() - start:.2f} s (excluded)")

    full, result, marks = timed_build(articles, out, session)
    show("full build", full, result, marks)
    plus_one: list[float] = []
    for n, extra in enumerate(extras, start=1):
        shutil.copy(extra, articles / extra.name)
        seconds, result, marks = timed_build(articles, out, session)
        plus_one.append(seconds)
        show(f"rebuild +1 article (#{n})", seconds, result, marks)
        if result.stats.parsed != [extra.stem]:
            print(f"UNEXPECTED: parsed {result.stats.parsed}, not just {extra.stem}")
    again, result, marks = timed_build(articles, out, session)
    show("rebuild, no change", again, result, marks)

    typical = statistics.median(plus_one)
    ratio = typical / full
    print(
        f"\nfull build {full:.2f} s; rebuild after +1 article: median {typical:.2f} s "
        f"(runs: {', '.join(f'{s:.2f}' for s in plus_one)}); no change {again:.2f} s"
    )
    print(f"ratio: {ratio:.1%} (target < 10 %): {'OK' if ratio < 0.10 else 'ABOVE TARGET'}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
