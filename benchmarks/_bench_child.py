"""One timed child of ``bench_build.py``: raw spaCy, a cold build, or the rebuilds.

    python benchmarks/_bench_child.py raw|build|rebuild CORPUS OUT [--jobs J]

Prints one JSON object: cpu (user + system of this process and its children, after the
model is loaded), wall, rss_mb (peak resident set of this process or of its largest child,
whichever is larger: ``getrusage``), rss_tree_mb and pss_tree_mb (the peak, sampled every
``SAMPLE_S`` seconds, of the sum over this process and all its live descendants of the
resident set, and of the proportional set size, which splits the pages forked workers
share with their parent among them; Linux only, else null) and words (of the parsed
text).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DATE = "2024-01-01"
#: Seconds between two samples of the process tree's memory.
SAMPLE_S = 0.2


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _cpu_split() -> tuple[float, float]:
    """CPU seconds (user + system) of this process, and of its children waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def _rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def _tree(pid: int) -> Iterator[int]:
    """``pid`` and its live descendants (Linux: ``/proc/PID/task/TID/children``)."""
    yield pid
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return
    for tid in tasks:
        try:
            kids = Path(f"/proc/{pid}/task/{tid}/children").read_text().split()
        except OSError:
            continue
        for kid in kids:
            yield from _tree(int(kid))


def _kb(path: str, field: str) -> int:
    """A ``field:  N kB`` line of a /proc file, in kB (0 when the process is gone)."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreeMemory:
    """Samples the resident set and PSS of this process and its descendants; keeps peaks."""

    def __init__(self) -> None:
        self.rss_kb = 0
        self.pss_kb = 0
        self.available = Path(f"/proc/{os.getpid()}/smaps_rollup").exists()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        if self.available:
            self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        if self.available:
            self._thread.join()
            self.sample()

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_S):
            self.sample()

    def sample(self) -> None:
        pids = list(_tree(os.getpid()))
        rss = sum(_kb(f"/proc/{p}/status", "VmRSS") for p in pids)
        pss = sum(_kb(f"/proc/{p}/smaps_rollup", "Pss") for p in pids)
        self.rss_kb, self.pss_kb = max(self.rss_kb, rss), max(self.pss_kb, pss)

    def figures(self) -> dict[str, float | None]:
        if not self.available:
            return {"rss_tree_mb": None, "pss_tree_mb": None}
        return {
            "rss_tree_mb": round(self.rss_kb / 1024, 1),
            "pss_tree_mb": round(self.pss_kb / 1024, 1),
        }


def _texts(corpus: Path) -> list[str]:
    from briefing.ingest import load_articles
    from briefing.nlp.pipeline import PARSED_KINDS, normalise_for_parsing

    articles, _ = load_articles([corpus])
    return [
        normalise_for_parsing(a.text[b.start : b.end])
        for a in articles
        for b in a.blocks
        if b.kind in PARSED_KINDS
    ]


def raw(corpus: Path, jobs: int) -> dict[str, Any]:
    import spacy

    from briefing.nlp.pipeline import resolve_model_name

    texts = _texts(corpus)
    nlp = spacy.load(resolve_model_name(None))
    c0, w0 = _cpu(), time.perf_counter()
    list(nlp.pipe(texts, batch_size=1000, n_process=jobs))
    return {"cpu": _cpu() - c0, "wall": time.perf_counter() - w0, "words": _words(texts)}


def _words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def _session(jobs: int) -> Any:
    """The session the command line opens (``api.open_session``), with ``--jobs``."""
    from briefing.api import open_session
    from briefing.config import Settings

    settings = Settings(date=DATE)
    if "jobs" in Settings.__dataclass_fields__:
        settings = Settings(date=DATE, jobs=jobs)  # type: ignore[call-arg]
    return open_session(settings)


def build(corpus: Path, out: Path, jobs: int) -> dict[str, Any]:
    from briefing.app.building import build as run

    session = _session(jobs)
    (p0, k0), w0 = _cpu_split(), time.perf_counter()
    run([corpus], out, session, today=DATE)
    wall = time.perf_counter() - w0
    p1, k1 = _cpu_split()
    return {
        "cpu": (p1 - p0) + (k1 - k0),
        "wall": wall,
        "words": 0,
        "cpu_parent": round(p1 - p0, 3),  # this process: ingest, storing, assembly, render
        "cpu_children": round(k1 - k0, 3),  # the workers (--jobs N > 1)
    }


def rebuild(corpus: Path, out: Path, jobs: int) -> dict[str, Any]:
    """A full build, a rebuild after one more article, and one after no change."""
    from briefing.app.building import build as run

    session = _session(jobs)
    work = out.parent / f"{out.name}_articles"
    shutil.copytree(corpus, work)
    c0, w0 = _cpu(), time.perf_counter()
    run([work], out, session, today=DATE)
    full = time.perf_counter() - w0
    first = sorted(work.glob("*.txt"))[0].read_text(encoding="utf-8")
    (work / "zz_extra.txt").write_text(first.replace("(report", "(second report"), "utf-8")
    w1 = time.perf_counter()
    run([work], out, session, today=DATE)
    plus_one = time.perf_counter() - w1
    w2 = time.perf_counter()
    run([work], out, session, today=DATE)
    no_change = time.perf_counter() - w2
    return {
        "full_wall": round(full, 3),
        "plus_one_wall": round(plus_one, 3),
        "no_change_wall": round(no_change, 3),
        "plus_one_share": plus_one / full,
        "no_change_share": no_change / full,
        "cpu": _cpu() - c0,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["raw", "build", "rebuild"])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    os.environ.setdefault("TQDM_DISABLE", "1")
    with TreeMemory() as memory:
        if args.mode == "raw":
            result = raw(args.corpus, args.jobs)
        elif args.mode == "build":
            result = build(args.corpus, args.out, args.jobs)
        else:
            result = rebuild(args.corpus, args.out, args.jobs)
    result["rss_mb"] = round(_rss_mb(), 1)
    result.update(memory.figures())
    print(json.dumps(result))


if __name__ == "__main__":
    main()
