"""Time ``briefing build`` against raw spaCy on the same text: paired, like for like.

For each corpus size N (default 50, 200, 1000) the benchmark generates N distinct
articles (``benchmarks/corpus.py``), then runs, in separate processes taking turns
(raw, build, raw, build ... for ``--pairs`` pairs, the order alternating each pair):

- **raw**: ``spacy.load`` of the pipeline briefing uses, then ``list(nlp.pipe(texts,
  batch_size=B))`` over exactly the blocks briefing parses (body, captions, standfirsts,
  as ingest finds them, normalised as the nlp stage normalises them), with briefing's
  batch size B;
- **build**: a cold ``briefing build`` of the same files (ingest, parse, classify,
  assemble, DOCX and PDF) into an empty folder, with ``--jobs J``;
- with ``--jobs J`` > 1, also **raw1**: raw spaCy in one process (``n_process=1``), the
  comparator of the ``--jobs J`` build's wall time (``ratio_wall_vs_single_raw_median``);
  ``raw`` is then spaCy's ``n_process=J``. The three take turns, the order rotating each
  pair.

Each child times its work after its model is loaded (CPU = user + system of the process
and its children, wall, peak RSS: ``rss_mb`` the larger of the process's and its largest
child's, ``rss_tree_mb`` / ``pss_tree_mb`` the sampled peak of the sum over the process
and its live children, see ``_bench_child.py``) and prints it as JSON. The ratio
build/raw is taken pair by pair; the median of the pairs is reported. For each N the
benchmark also times a rebuild after one more article and a rebuild after no change
(workspace kept), as shares of the full build. Results go to
``benchmarks/results/<name>.json`` and a plot of time and memory against N to
``benchmarks/results/<name>.png``.

    python benchmarks/bench_build.py [--sizes 50,200,1000] [--pairs 5] [--jobs 1] [--name NAME]

(``--name``: the results' file name, ``<name>.json`` and ``.png``; default the date.)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
CHILD = ROOT / "benchmarks" / "_bench_child.py"


def child(mode: str, corpus: Path, out: Path, jobs: int) -> dict[str, Any]:
    """Run one timed child process; return what it measured."""
    proc = subprocess.run(
        [sys.executable, str(CHILD), mode, str(corpus), str(out), "--jobs", str(jobs)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{mode} child failed:\n{proc.stderr[-2000:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def measure(n: int, pairs: int, jobs: int, tmp: Path) -> dict[str, Any]:
    """All figures for one corpus size."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpus import generate

    corpus = tmp / f"corpus{n}"
    generate(corpus, n)
    modes = ["raw", "build", *(["raw1"] if jobs > 1 else [])]
    runs: dict[str, list[dict[str, Any]]] = {m: [] for m in modes}
    for k in range(pairs):
        for mode in modes[k % len(modes) :] + modes[: k % len(modes)]:  # taking turns
            mode_jobs = 1 if mode == "raw1" else jobs
            kind = "raw" if mode == "raw1" else mode
            result = child(kind, corpus, tmp / f"out{n}_{k}_{mode}", mode_jobs)
            runs[mode].append(result)
    raw, build = runs["raw"], runs["build"]
    ratios_cpu = [b["cpu"] / r["cpu"] for r, b in zip(raw, build, strict=True)]
    ratios_wall = [b["wall"] / r["wall"] for r, b in zip(raw, build, strict=True)]
    rebuild = child("rebuild", corpus, tmp / f"ws{n}", jobs)
    row = {
        "n": n,
        "words": raw[0]["words"],
        "raw": raw,
        "build": build,
        "ratio_cpu_median": round(statistics.median(ratios_cpu), 3),
        "ratio_wall_median": round(statistics.median(ratios_wall), 3),
        "raw_cpu_median": round(statistics.median(r["cpu"] for r in raw), 2),
        "raw_wall_median": round(statistics.median(r["wall"] for r in raw), 2),
        "build_cpu_median": round(statistics.median(b["cpu"] for b in build), 2),
        "build_wall_median": round(statistics.median(b["wall"] for b in build), 2),
        "build_rss_mb_median": round(statistics.median(b["rss_mb"] for b in build), 1),
        "raw_rss_mb_median": round(statistics.median(r["rss_mb"] for r in raw), 1),
        **_tree_peaks("build", build),
        **_tree_peaks("raw", raw),
        "words_per_s_build": round(raw[0]["words"] / statistics.median(b["wall"] for b in build)),
        "rebuild": rebuild,
    }
    if jobs > 1:
        single = runs["raw1"]
        vs_single = [b["wall"] / r["wall"] for r, b in zip(single, build, strict=True)]
        row.update(
            raw_single=single,
            raw_single_cpu_median=round(statistics.median(r["cpu"] for r in single), 2),
            raw_single_wall_median=round(statistics.median(r["wall"] for r in single), 2),
            ratio_wall_vs_single_raw=[round(v, 3) for v in vs_single],
            ratio_wall_vs_single_raw_median=round(statistics.median(vs_single), 3),
            ratio_cpu_vs_single_raw_median=round(
                statistics.median(b["cpu"] / r["cpu"] for r, b in zip(single, build, strict=True)),
                3,
            ),
        )
    return row


def _tree_peaks(name: str, runs: list[dict[str, Any]]) -> dict[str, float | None]:
    """The medians of the process tree's peak RSS and PSS (None where not measured)."""
    out: dict[str, float | None] = {}
    for key in ("rss_tree_mb", "pss_tree_mb"):
        values = [r[key] for r in runs if r.get(key) is not None]
        out[f"{name}_{key}_median"] = round(statistics.median(values), 1) if values else None
    return out


def plot(rows: list[dict[str, Any]], path: Path) -> None:
    """Time and memory against N, two panels, drawn with Pillow."""
    from PIL import Image, ImageDraw

    width, height, pad = 900, 420, 60
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    panels = (
        ("wall seconds", "raw_wall_median", "build_wall_median"),
        ("peak RSS (MB)", "raw_rss_mb_median", "build_rss_mb_median"),
    )
    ns = [r["n"] for r in rows]
    for p, (title, raw_key, build_key) in enumerate(panels):
        x0 = pad + p * (width // 2)
        x1 = x0 + width // 2 - 2 * pad
        y0, y1 = height - pad, pad
        top = max(max(r[raw_key], r[build_key]) for r in rows) * 1.1 or 1
        draw.line([(x0, y0), (x1, y0)], fill="black")
        draw.line([(x0, y0), (x0, y1)], fill="black")
        draw.text((x0, y1 - 30), title, fill="black")
        for n in ns:
            x = x0 + (x1 - x0) * ns.index(n) / max(1, len(ns) - 1)
            draw.text((x - 10, y0 + 8), str(n), fill="black")
        for key, colour in ((raw_key, "gray"), (build_key, "navy")):
            points = [
                (
                    x0 + (x1 - x0) * i / max(1, len(rows) - 1),
                    y0 - (y0 - y1) * r[key] / top,
                )
                for i, r in enumerate(rows)
            ]
            draw.line(points, fill=colour, width=3)
            for x, y in points:
                draw.ellipse([x - 4, y - 4, x + 4, y + 4], fill=colour)
        draw.text((x1 - 120, y1), "raw spaCy", fill="gray")
        draw.text((x1 - 120, y1 + 14), "briefing build", fill="navy")
    draw.text((pad, height - 20), "articles (N)", fill="black")
    img.save(path)


def main() -> int:
    """Run the benchmark and write its results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,200,1000")
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--name", default=None, help="results file name (default: the date)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    load_start = list(os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="bench_build_") as tmp:
        for n in sizes:
            row = measure(n, args.pairs, args.jobs, Path(tmp))
            rows.append(row)
            rb = row["rebuild"]
            print(
                f"N={n:5d}  raw {row['raw_cpu_median']:7.2f} s CPU  build "
                f"{row['build_cpu_median']:7.2f} s CPU  ratio {row['ratio_cpu_median']:.3f} "
                f"(wall {row['ratio_wall_median']:.3f})  peak {row['build_rss_mb_median']:.0f} MB  "
                f"rebuild +1 {rb['plus_one_share']:.1%}  no change {rb['no_change_share']:.1%}",
                flush=True,
            )
            if "ratio_wall_vs_single_raw_median" in row:
                print(
                    f"        --jobs {args.jobs} build wall {row['build_wall_median']:.2f} s vs "
                    f"single-process raw {row['raw_single_wall_median']:.2f} s: ratio "
                    f"{row['ratio_wall_vs_single_raw_median']:.3f} (pairs "
                    f"{row['ratio_wall_vs_single_raw']}); build tree peak RSS "
                    f"{row['build_rss_tree_mb_median']} MB, "
                    f"PSS {row['build_pss_tree_mb_median']} MB",
                    flush=True,
                )
    stamp = dt.date.today().isoformat()
    name = args.name or stamp
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = {
        "date": stamp,
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
        },
        "pairs": args.pairs,
        "jobs": args.jobs,
        "load_average": {"start": load_start, "end": list(os.getloadavg())},
        "sizes": rows,
    }
    (RESULTS / f"{name}.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    plot(rows, RESULTS / f"{name}.png")
    print(f"wrote {RESULTS / (name + '.json')} and .png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
