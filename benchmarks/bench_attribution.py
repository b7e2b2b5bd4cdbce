"""What attribution adds to a build: paired, in one process, on generated articles.

Attribution is two pieces of work: the actor matcher (a spaCy component that marks
registry names, titles and places in every parsed block) and the attribution pass (who
speaks in each sentence, for which government). This benchmark runs the same corpus through
``classify_paths`` (ingest, parse, classify) twice per pair, taking turns:

- **with**: the pipeline as shipped;
- **without**: the actor matcher disabled and the attribution pass replaced by an empty
  attribution (no speaker, no government), so that only the rest of the work is left.

The CPU time of each run is taken with ``time.process_time`` (one process, ``--jobs 1``;
the model is loaded once, before the first pair). The share attribution adds is
``with / without - 1``, the median of the pairs. The output of "without" is not a brief
anyone would want; it only prices the work. Rendering (DOCX, PDF) is not in either run, so
the share of a whole build is lower still.

    python benchmarks/bench_attribution.py [--n 200] [--pairs 5]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # noqa: E402  (the benchmark's corpus generator, beside this file)

from briefing.app.classifying import classify_paths  # noqa: E402
from briefing.app.session import Session  # noqa: E402
from briefing.classify import evidence  # noqa: E402
from briefing.classify.attribution import Attribution  # noqa: E402
from briefing.config import Settings  # noqa: E402
from briefing.nlp.components import ACTOR_MATCHER  # noqa: E402


@contextlib.contextmanager
def without_attribution(session: Session) -> Iterator[None]:
    """The actor matcher off and the attribution pass empty, for the duration."""
    real = evidence.attribute
    evidence.attribute = lambda *_a, **_k: Attribution()  # type: ignore[assignment]
    try:
        with session.nlp.select_pipes(disable=[ACTOR_MATCHER]):
            yield
    finally:
        evidence.attribute = real


def timed(paths: list[Path], session: Session) -> float:
    """CPU seconds of ingest, parse and classify over ``paths``."""
    start = time.process_time()
    result = classify_paths(paths, session)
    spent = time.process_time() - start
    assert result.sentences, "the corpus gave no sentences"
    return spent


def main() -> None:
    """Run the pairs and print the figures as JSON."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200, help="generated articles (default 200)")
    ap.add_argument("--pairs", type=int, default=5, help="paired runs (default 5)")
    args = ap.parse_args()
    session = Session.open(Settings(jobs=1))
    with tempfile.TemporaryDirectory() as tmp:
        paths = corpus.generate(Path(tmp), args.n)
        timed(paths[:5], session)  # warm-up: lazy imports, first-call caches
        rows = []
        for k in range(args.pairs):
            order = ("with", "without") if k % 2 == 0 else ("without", "with")
            row: dict[str, float] = {}
            for name in order:
                if name == "with":
                    row[name] = timed(paths, session)
                else:
                    with without_attribution(session):
                        row[name] = timed(paths, session)
            rows.append(row)
    shares = [r["with"] / r["without"] - 1 for r in rows]
    print(
        json.dumps(
            {
                "articles": args.n,
                "pairs": rows,
                "median_with_s": round(statistics.median(r["with"] for r in rows), 3),
                "median_without_s": round(statistics.median(r["without"] for r in rows), 3),
                "attribution_share": round(statistics.median(shares), 4),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
