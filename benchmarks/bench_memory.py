"""Peak memory of `briefing build` on the two largest inputs ingest accepts (issue 12).

Two generated articles, each just under an ingest limit:

- "paragraph": one paragraph of about 885 kB, a single sentence repeated;
- "article": an article of 990,000 characters in ordinary paragraphs of varied sentences.

Each is built by `briefing build` in its own process (the trained pipeline, DOCX and PDF,
a fresh output folder, so nothing comes from the cache); the peak resident memory of that
process (``ru_maxrss`` from ``os.wait4``) and the wall time are printed. The target is a
peak under 500 MB. Run it with ``.venv/bin/python benchmarks/bench_memory.py``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LIMIT_MB = 500
SENTENCE = "The foreign ministry said on Monday that the talks on the export controls would go on. "
TOPICS = ("chips", "steel", "fisheries", "visas", "tariffs", "energy", "rail", "ports")


def repeated_paragraph(chars: int = 885_000) -> str:
    """One title line and one paragraph: the same sentence, repeated."""
    body = SENTENCE * (chars // len(SENTENCE))
    return "Talks go on\n\n" + body.strip() + "\n"


def long_article(chars: int = 990_000) -> str:
    """A title and paragraphs of varied sentences, ``chars`` characters in all."""
    parts = ["A very long report on the talks"]
    n = 0
    while sum(len(p) + 2 for p in parts) < chars - 600:
        sentences = [
            f"Japan's trade ministry said on day {n + k} that the rules on "
            f"{TOPICS[(n + k) % len(TOPICS)]} would stay for {k + 2} more months."
            for k in range(4)
        ]
        parts.append(" ".join(sentences))
        n += 4
    text = "\n\n".join(parts)
    return text[: chars - 1] + "\n" if len(text) >= chars else text + "\n"


def measure(name: str, text: str, folder: Path) -> tuple[float, float]:
    """Build one article in a child process; return its peak RSS (MB) and wall time (s)."""
    source = folder / f"{name}.txt"
    source.write_text(text, encoding="utf-8")
    out = folder / f"out-{name}"
    command = [
        sys.executable,
        "-m",
        "briefing",
        "build",
        str(source),
        "--out",
        str(out),
        "--pair",
        "JPN,KOR",
        "--date",
        "2019-07-15",
        "-q",
    ]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{name}: the build failed:\n{stderr}")
    return usage.ru_maxrss / 1024, elapsed  # ru_maxrss is in KB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    cases = {"paragraph": repeated_paragraph(), "article": long_article()}
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in cases.items():
            peak, elapsed = measure(name, text, Path(tmp))
            worst = max(worst, peak)
            print(f"{name:10} {len(text):>9,} chars  peak {peak:7.1f} MB  {elapsed:6.1f} s")
    print(
        f"worst peak {worst:.1f} MB (limit {LIMIT_MB} MB): {'ok' if worst < LIMIT_MB else 'OVER'}"
    )
    if worst >= LIMIT_MB:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
