"""CPU time of a full build, a rebuild after one more article and one with nothing changed.

The same three builds as ``_bench_child.py rebuild`` (one loaded session, model loading
excluded), timed with ``time.process_time`` (less sensitive than wall time to a shared
machine), with the time spent rendering and assembling in each, and each rebuild as a
share of the full build. Prints one JSON object.

    python benchmarks/bench_rebuild_cpu.py CORPUS WORKDIR
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import briefing.app.building as building
from briefing.app.session import Session
from briefing.config import Settings

DATE = "2024-01-01"


#: The figure each wrapped function of ``briefing.app.building`` adds up to.
STAGES = {"render": "render_each", "assemble": "assemble_each"}


def _timed(name: str, spent: dict[str, float]) -> None:
    """Wrap ``building.<STAGES[name]>`` so the CPU time spent in it adds up in ``spent``."""
    attr = STAGES[name]
    real: Callable[..., Any] = getattr(building, attr)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return real(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - start

    setattr(building, attr, wrapper)


def main() -> None:
    """Run the three builds and print their CPU figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("work", type=Path)
    args = parser.parse_args()
    spent = {"render": 0.0, "assemble": 0.0}
    for name in spent:
        _timed(name, spent)
    out, articles = args.work / "out", args.work / "articles"
    shutil.rmtree(args.work, ignore_errors=True)
    shutil.copytree(args.corpus, articles)
    session = Session.open(Settings(date=DATE, jobs=1))
    figures: dict[str, Any] = {}

    def run(tag: str) -> None:
        spent.update(render=0.0, assemble=0.0)
        start = time.process_time()
        building.build([articles], out, session, today=DATE)
        cpu = round(time.process_time() - start, 3)
        figures[tag] = {"cpu": cpu, **{k: round(v, 3) for k, v in spent.items()}}

    run("full")
    first = sorted(articles.glob("*.txt"))[0].read_text(encoding="utf-8")
    (articles / "zz_extra.txt").write_text(first.replace("(report", "(second report"), "utf-8")
    run("plus_one")
    run("no_change")
    full = figures["full"]["cpu"]
    plus = figures["plus_one"]
    figures["plus_one_share"] = round(plus["cpu"] / full, 4)
    figures["no_change_share"] = round(figures["no_change"]["cpu"] / full, 4)
    rest = plus["cpu"] - plus["render"] - plus["assemble"]
    figures["plus_one_rest_share"] = round(rest / full, 4)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
