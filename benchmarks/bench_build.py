"""Time the full ``briefing build`` path against raw spaCy on the same articles.

In one run, on the same text:

(a) raw spaCy: ``spacy.load(<the model briefing uses>)`` and
    ``list(nlp.pipe(texts))`` over the body paragraphs of the articles (the
    exact texts briefing's nlp stage parses);
(b) the library path of ``briefing build``: ingest -> nlp -> classify ->
    assemble -> render (DOCX and PDF) on the same articles.

Model loading is timed separately and excluded from both. Each path gets one
untimed warm-up pass, then ``--repeat`` timed passes; the best and median are
printed. A per-stage breakdown of one more build pass follows.

Usage:
    python benchmarks/bench_build.py [--articles DIR] [--repeat N] [--target N]

Default articles: seeds/ plus /work/shared/eval/articles (if present), copied
under new names into a temporary folder until there are about ``--target`` (50).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import spacy

from briefing.build import Classified, Session, brief_from, build, check_pair
from briefing.classify import classify_articles, detect_pair
from briefing.config import Settings
from briefing.ingest import load_articles
from briefing.model import Article
from briefing.nlp.pipeline import parse_articles, resolve_model_name
from briefing.render import render
from briefing.render.templates import load_template

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = (ROOT / "seeds", Path("/work/shared/eval/articles"))
ARTICLE_SUFFIXES = (".txt", ".md")
DATE = "2019-12-05"
FORMATS = ("docx", "pdf")

T = TypeVar("T")


def timed(func: Callable[[], T]) -> tuple[float, T]:
    """Return the wall time of ``func()`` in seconds, and its result."""
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def article_files(folders: list[Path]) -> list[Path]:
    """The .txt and .md files under the folders, sorted."""
    files: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            files += sorted(
                p for p in folder.rglob("*") if p.is_file() and p.suffix in ARTICLE_SUFFIXES
            )
    return files


def replicate(files: list[Path], target: int, into: Path) -> int:
    """Copy the files into ``into`` under new names until there are ``target`` of them.

    Each copy gets a closing line of its own, so that ingest's duplicate check (same text
    under two names) does not skip it: both sides then parse the same number of articles.
    """
    count = max(target, len(files))
    for i in range(count):
        src = files[i % len(files)]
        text = src.read_text(encoding="utf-8", errors="replace").rstrip("\n")
        (into / f"c{i:03d}_{src.name}").write_text(
            f"{text}\n\nThis is copy {i} of the article for the benchmark.\n", encoding="utf-8"
        )
    return count


def body_texts(articles: list[Article]) -> list[str]:
    """The body paragraphs briefing's nlp stage parses, in the same order."""
    return [a.block_text(b) for a in articles for b in a.body_blocks]


def stage_breakdown(session: Session, corpus: Path, out: Path) -> list[tuple[str, float]]:
    """Time each stage of one build pass, the way ``briefing.build.build`` chains them."""
    t_ingest, (articles, skipped) = timed(lambda: load_articles([corpus]))
    t_nlp, parsed = timed(lambda: parse_articles(articles, session.nlp))

    def classify() -> Classified:
        pair = check_pair(session.settings.pair, session.registry)
        if pair is None:
            pair = detect_pair(parsed, session.registry)
        sentences = classify_articles(parsed, session.registry, session.cues, pair=pair)
        return Classified(articles=articles, sentences=sentences, parsed=parsed, skipped=skipped)

    t_classify, classified = timed(classify)
    t_assemble, brief = timed(lambda: brief_from(classified, session, date=DATE))
    template = load_template(session.settings.template)
    t_docx, _ = timed(lambda: render(brief, template, out, formats=("docx",), stem="stages"))
    t_pdf, _ = timed(lambda: render(brief, template, out, formats=("pdf",), stem="stages"))
    return [
        ("ingest", t_ingest),
        ("nlp (spaCy + actor matcher)", t_nlp),
        ("classify (pair + labels)", t_classify),
        ("assemble", t_assemble),
        ("render docx", t_docx),
        ("render pdf", t_pdf),
    ]


def report(label: str, times: list[float], sentences: int) -> None:
    """Print the best and median time of a path, and its sentences per second."""
    best, median = min(times), statistics.median(times)
    print(
        f"{label:<28} best {best:8.3f} s   median {median:8.3f} s   "
        f"{sentences / best:8.1f} sentences/s (best)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--articles",
        type=Path,
        action="append",
        help="folder of .txt/.md articles (repeatable; default: seeds/ + shared eval articles)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per path (3)")
    parser.add_argument(
        "--target", type=int, default=50, help="replicate the articles to this many (50)"
    )
    parser.add_argument("--model", help="spaCy pipeline (default: the one briefing picks)")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    files = article_files(args.articles or list(DEFAULT_SOURCES))
    if not files:
        print("no .txt or .md articles found", file=sys.stderr)
        return 1

    with tempfile.TemporaryDirectory(prefix="bench_build_") as tmp:
        corpus = Path(tmp) / "articles"
        corpus.mkdir()
        n_articles = replicate(files, args.target, corpus)
        out = Path(tmp) / "out"

        model = resolve_model_name(args.model)
        settings = Settings(model=args.model, date=DATE, formats=FORMATS)

        # Model loads, timed apart from the work.
        t_raw_load, raw_nlp = timed(lambda: spacy.load(model))
        t_session, session = timed(lambda: Session.open(settings))

        # The same text for both paths: the body paragraphs ingest finds.
        articles, skipped = load_articles([corpus])
        texts = body_texts(articles)
        n_chars = sum(map(len, texts))
        docs = list(raw_nlp.pipe(texts))  # warm-up, and the sentence count
        n_sentences = sum(len(list(doc.sents)) for doc in docs)

        def raw_pass() -> None:
            list(raw_nlp.pipe(texts))

        passes = iter(range(10_000))

        def build_pass() -> None:
            # a fresh output folder each pass: a cold build, no workspace cache to reuse
            build([corpus], out / f"pass{next(passes)}", session, today=DATE)

        build_pass()  # warm-up
        raw_times = [timed(raw_pass)[0] for _ in range(args.repeat)]
        build_times = [timed(build_pass)[0] for _ in range(args.repeat)]
        stages = stage_breakdown(session, corpus, out)

    print(f"model: {model} {raw_nlp.meta.get('version', '?')} (spaCy {spacy.__version__})")
    print(
        f"corpus: {n_articles} articles from {len(files)} distinct files "
        f"({len(skipped)} skipped), {len(texts)} body paragraphs, {n_chars} characters, "
        f"{n_sentences} sentences (spaCy's count)"
    )
    print(f"repeats: {args.repeat} timed passes after one warm-up; model load excluded")
    print()
    print(f"{'load: spacy.load':<28} {t_raw_load:8.3f} s")
    print(f"{'load: Session.open':<28} {t_session:8.3f} s   (registry, cues, pipeline)")
    print()
    report("(a) raw spaCy nlp.pipe", raw_times, n_sentences)
    report("(b) briefing build", build_times, n_sentences)
    ratio_best = min(build_times) / min(raw_times)
    ratio_median = statistics.median(build_times) / statistics.median(raw_times)
    print(f"{'ratio build / raw':<28} best {ratio_best:8.2f} x   median {ratio_median:8.2f} x")
    print()
    total = sum(t for _name, t in stages)
    print("stage breakdown of one more build pass:")
    for name, seconds in stages:
        print(f"  {name:<28} {seconds:8.3f} s  {100 * seconds / total:5.1f} %")
    print(f"  {'total':<28} {total:8.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
