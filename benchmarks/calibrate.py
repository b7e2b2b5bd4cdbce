"""Calibrate the classifier's confidences on annotated sets; write briefing/data/calibration.json.

The classifier gives each label a raw score from the evidence that fired (a speaker with
a nationality scores higher than one placed by context, two risk cues higher than one).
This script measures, on the annotated sets, how often a label given with each raw score
is right (its section is among the gold labels of the sentence), smooths the rate
(Laplace, add one success and one failure) and makes it monotone in the raw score. The
classifier then reports the calibrated figure, so a section threshold of 0.7 in a
template means "right about 70 % of the time on the annotated sets".

Usage:
    .venv/bin/python benchmarks/calibrate.py [--set GOLD.jsonl ARTICLES_DIR ...]

Default sets: ../shared/eval (dev) and eval/extra. Labels are not changed, only scores.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections import defaultdict
from pathlib import Path

from briefing.app.classifying import classify_paths
from briefing.app.session import Session
from briefing.config import Settings
from briefing.evaluate import _locate, load_gold
from briefing.model import section_of

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "briefing" / "data" / "calibration.json"
DEFAULT_SETS = [
    (ROOT.parent / "shared" / "eval" / "gold.jsonl", ROOT.parent / "shared" / "eval" / "articles"),
    (ROOT / "eval" / "extra" / "gold.jsonl", ROOT / "eval" / "extra" / "articles"),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", nargs=2, action="append", metavar=("GOLD", "ARTICLES"))
    args = ap.parse_args()
    sets = [(Path(g), Path(a)) for g, a in args.set] if args.set else DEFAULT_SETS
    session = Session.open(Settings())
    session.cues = dataclasses.replace(session.cues, calibration={})  # measure raw scores
    hits: dict[str, dict[float, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for gold_path, articles in sets:
        if not gold_path.is_file():
            print(f"skipped {gold_path}: not found")
            continue
        gold = load_gold(gold_path)
        result = classify_paths(sorted(articles.glob("*.txt")), session, per_article_pair=True)
        texts = {a.id: a.text for a in result.articles}
        by_doc = defaultdict(list)
        for s in result.sentences:
            by_doc[s.article_id].append(s)
        cursor: dict[str, int] = defaultdict(int)
        for g in gold:
            span = _locate(texts.get(g.doc, ""), " ".join(g.text.split()), cursor[g.doc])
            if span is None:
                continue
            cursor[g.doc] = span[1]
            best = max(
                by_doc.get(g.doc, []),
                key=lambda p: min(span[1], p.end) - max(span[0], p.start),
                default=None,
            )
            if best is None:
                continue
            gold_sections = {section_of(x).value for x in g.labels}
            gold_labels = set(g.labels)
            for label, raw in best.scores.items():
                sec = section_of(label).value
                right = label in gold_labels if sec == "position" else sec in gold_sections
                cell = hits[sec][round(raw, 2)]
                cell[0] += int(right)
                cell[1] += 1
    table: dict[str, dict[str, float]] = {}
    for sec, cells in sorted(hits.items()):
        rates = []
        for raw in sorted(cells):
            ok, n = cells[raw]
            rates.append((raw, (ok + 1) / (n + 2), n))
        # monotone: a higher raw score never calibrates lower (pool adjacent violators)
        merged: list[list[float]] = []
        for raw, rate, n in rates:
            merged.append([raw, rate, n, raw])
            while len(merged) > 1 and merged[-2][1] > merged[-1][1]:
                b = merged.pop()
                a = merged.pop()
                total = a[2] + b[2]
                merged.append([a[0], (a[1] * a[2] + b[1] * b[2]) / total, total, b[3]])
        table[sec] = {}
        for lo, rate, _n, hi in merged:
            for raw, _r, _m in rates:
                if lo <= raw <= hi:
                    table[sec][f"{raw:.2f}"] = round(rate, 3)
        print(sec, table[sec], {f"{r:.2f}": cells[r][1] for r in sorted(cells)})
    OUT.write_text(
        json.dumps(
            {"_comment": __doc__.split("\n\n")[0], "sections": table}, indent=2, sort_keys=True
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
