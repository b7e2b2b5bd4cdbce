"""What a build on a Dask cluster costs per article, against a local ``--jobs 1`` build.

Generates N distinct articles (``benchmarks/corpus.py``), loads one session, starts a
``LocalCluster`` of W worker processes (one thread each) and warms it up (every worker
loads its pipeline on a small build first, so neither side pays for loading a model).
Then, taking turns for ``--pairs`` pairs, it runs cold builds of the N articles into
fresh folders: locally with ``--jobs 1``, and through the cluster. For each build it
takes the wall time and the CPU time of every process involved (this one, which also
runs the scheduler, and the workers, read with ``client.run``).

Reported per article (medians over the pairs): wall seconds of each build, and the
cluster's overhead: its CPU seconds (all processes) minus the local build's, over N —
what sending each article to a worker, storing its entry and classifying it there costs
besides the parse (idle workers' own CPU, heartbeats and event loops, is measured apart
and included).

    python benchmarks/bench_cluster.py [--n 50] [--workers 2] [--pairs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
DATE = "2024-01-01"


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def _worker_cpu(client: Any) -> float:
    return float(sum(client.run(_cpu).values()))


def _commit() -> str:
    proc = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return proc.stdout.strip()


def timed(build: Any, corpus: Path, out: Path, client: Any | None) -> dict[str, float]:
    c0, k0, w0 = _cpu(), _worker_cpu(client) if client else 0.0, time.perf_counter()
    build(corpus, out)
    wall = time.perf_counter() - w0
    workers = _worker_cpu(client) - k0 if client else 0.0
    return {"wall": wall, "cpu_here": _cpu() - c0, "cpu_workers": workers}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args()

    import dataclasses

    from distributed import Client, LocalCluster

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpus import generate

    from briefing.app.building import build_in_workspace
    from briefing.app.cluster import DaskExecutor
    from briefing.app.executor import LocalExecutor
    from briefing.app.session import Session
    from briefing.config import Settings

    tmp = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    corpus, warm = tmp / "corpus", tmp / "warm"
    generate(corpus, args.n)
    generate(warm, 2 * args.workers, seed=7)
    local = Session.open(Settings(date=DATE, jobs=1))
    with (
        LocalCluster(
            n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        settings = dataclasses.replace(
            local.settings, executor="dask", scheduler=cluster.scheduler_address
        )
        executor = DaskExecutor.connect(
            settings, nlp=local.nlp, registry=local.registry, cues=local.cues, jobs=1
        )
        remote = dataclasses.replace(local, settings=settings, executor=executor)
        local = dataclasses.replace(local, executor=LocalExecutor())

        def run(session: Session) -> Any:
            return lambda src, out: build_in_workspace([src], out, session, today=DATE)

        run(remote)(warm, tmp / "warm_out")  # every worker loads its pipeline
        k0, w0 = _worker_cpu(client), time.perf_counter()
        time.sleep(5.0)  # what idle workers cost (heartbeats, event loops), per second
        idle = (_worker_cpu(client) - k0) / (time.perf_counter() - w0)
        rows: dict[str, list[dict[str, float]]] = {"local": [], "dask": []}
        for k in range(args.pairs):
            order = ("local", "dask") if k % 2 == 0 else ("dask", "local")
            for mode in order:
                session = local if mode == "local" else remote
                out = tmp / f"out_{mode}_{k}"
                rows[mode].append(
                    timed(run(session), corpus, out, client if mode == "dask" else None)
                )
        executor.close()
    n = args.n

    def med(mode: str, key: str) -> float:
        return statistics.median(r[key] for r in rows[mode])

    overheads = [
        (d["cpu_here"] + d["cpu_workers"] - loc["cpu_here"]) / n
        for loc, d in zip(rows["local"], rows["dask"], strict=True)
    ]
    summary = {
        "n": n,
        "workers": args.workers,
        "pairs": args.pairs,
        "local_jobs1_wall_per_article": round(med("local", "wall") / n, 4),
        "dask_wall_per_article": round(med("dask", "wall") / n, 4),
        "local_cpu_per_article": round(med("local", "cpu_here") / n, 4),
        "dask_cpu_per_article": round(
            statistics.median(d["cpu_here"] + d["cpu_workers"] for d in rows["dask"]) / n, 4
        ),
        "dask_overhead_cpu_per_article": round(statistics.median(overheads), 4),
        "idle_workers_cpu_per_second": round(idle, 4),
        "rows": rows,
        "machine": f"{platform.machine()}, {platform.system()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "commit": _commit(),
        "date": dt.date.today().isoformat(),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"cluster-{summary['date']}.json"
    path.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in summary.items() if k != "rows"}, indent=2))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
