"""Clone (or update) the public repositories the world people registry is built from.

The repositories are the EveryPolitician scrapers' Wikidata tables (CC0): the world leaders
and foreign ministers tables, and one office-holder repository a country, as listed in
``briefing/data/people_sources.toml`` ``[holders.repos]``. Each is a bare clone, so the
builder can read every committed version of a table::

    python scripts/fetch_people_sources.py --into ../shared/registry
    make registry        # then builds briefing/data/people_world.json from them

Layout: INTO/world-leaders-2021, INTO/world, INTO/holders/NAME (bare git directories).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

RULES = Path(__file__).resolve().parent.parent / "briefing" / "data" / "people_sources.toml"


def clone_or_update(url: str, into: Path) -> bool:
    """Clone ``url`` bare into ``into``, or fetch it when already there; False on failure."""
    if into.exists():
        cmd = ["git", "--git-dir", str(into), "fetch", "-q", "origin", "+refs/heads/*:refs/heads/*"]
    else:
        into.parent.mkdir(parents=True, exist_ok=True)
        cmd = ["git", "clone", "-q", "--bare", url, str(into)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"warning: {url}: {done.stderr.strip()}", file=sys.stderr)
    return done.returncode == 0


def main(argv: Sequence[str] | None = None) -> int:
    """Fetch every source repository into ``--into``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--into", type=Path, required=True)
    args = parser.parse_args(argv)
    holders = tomllib.loads(RULES.read_text(encoding="utf-8"))["holders"]
    base = f"https://github.com/{holders['owner']}"
    jobs = [
        (f"{base}/world-leaders-2021", args.into / "world-leaders-2021"),
        (f"{base}/world", args.into / "world"),
        *((f"{base}/{repo}", args.into / "holders" / repo) for repo in sorted(holders["repos"])),
    ]
    failed = [url for url, into in jobs if not clone_or_update(url, into)]
    print(f"{len(jobs) - len(failed)} of {len(jobs)} repositories in {args.into}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
