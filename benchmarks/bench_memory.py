"""Peak memory of `briefing build` on the largest inputs ingest accepts (issue 12).

Generated inputs, each just under an ingest limit:

- "paragraph": one paragraph of about 885 kB, a single sentence repeated;
- "article": an article of 990,000 characters in ordinary paragraphs of varied sentences;
- "proxy": a folder of ten articles of 300,000 characters (3,000,000 in all: the build's
  limit ``max_build_chars``), about 31,000 sentences: what a build holds at its limit;
- "sentences": a folder of articles of short sentences (about 35 characters) up to the
  build's sentence limit ``max_build_sentences`` (40,000);
- "folder": a folder of four maximum-size articles (3.96 million characters): the fourth
  is past ``max_build_chars`` and skipped with the reason;
- "feed": one JSONL feed just under the 32 MB feed limit, of distinct long articles
  (about 31 million characters): the first three are built, the rest skipped.

A build holds every sentence of its articles until its brief is written (about 6 to 8 kB
each), so a build's articles are limited in characters and sentences (``[limits]`` of
``briefing/data/ingest.toml``, raised with ``--max-build-chars`` and
``--max-build-sentences``); the "proxy" and "sentences" cases measure a build at each.

Each is built by `briefing build --jobs 1` in its own process (the trained pipeline, DOCX
and PDF, a fresh output folder, so nothing comes from the cache); the peak resident memory
of that process (``ru_maxrss`` from ``os.wait4``), the wall time and the files skipped are
printed. With ``--jobs 1`` everything the build holds is in that one process; with more
jobs each worker process holds its own copy of the pipeline besides. The target is a
peak under 500 MB. Run it with ``.venv/bin/python benchmarks/bench_memory.py [CASE ...]``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
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


#: ingest's feed limit (``max_feed_file_mb`` in ``briefing/data/ingest.toml``, in millions of
#: bytes): the feed is generated just under it.
FEED_LIMIT = 32 * 1_000_000


def folder_of_articles(folder: Path, count: int = 4) -> Path:
    """A folder of ``count`` long articles (``long_article``), each with its own topics."""
    source = folder / "folder"
    source.mkdir()
    for n in range(count):
        text = long_article().replace("Japan's trade ministry", f"Japan's trade ministry ({n})")
        (source / f"long-{n}.txt").write_text(text[:990_000], encoding="utf-8")
    return source


def proxy_folder(folder: Path, count: int = 10, chars: int = 300_000) -> Path:
    """A folder of ``count`` distinct articles of ``chars`` characters (``long_article``)."""
    source = folder / "proxy"
    source.mkdir()
    for n in range(count):
        text = long_article(chars).replace(
            "Japan's trade ministry", f"Japan's trade ministry ({n})"
        )
        (source / f"part-{n}.txt").write_text(text[:chars], encoding="utf-8")
    return source


def short_sentences(n: int, count: int) -> str:
    """An article of ``count`` short distinct sentences (about 35 characters), four a paragraph."""
    parts = ["Short notes on the talks"]
    for k in range(0, count - 1, 4):
        parts.append(
            " ".join(
                f"Japan said {TOPICS[(k + j) % len(TOPICS)]} rule {n}-{k + j} stays."
                for j in range(min(4, count - 1 - k))
            )
        )
    return "\n\n".join(parts) + "\n"


def sentence_folder(folder: Path, sentences: int = 40_000, per_article: int = 2_850) -> Path:
    """A folder of articles of short sentences, ``sentences`` in all (the build's limit)."""
    source = folder / "sentences"
    source.mkdir()
    n = 0
    while sentences > 0:
        count = min(per_article, sentences)
        (source / f"short-{n:02}.txt").write_text(short_sentences(n, count), encoding="utf-8")
        sentences -= count
        n += 1
    return source


def feed_of_articles(folder: Path, limit: int = FEED_LIMIT) -> Path:
    """A JSONL feed of distinct long articles, as many as fit under ``limit`` bytes."""
    source = folder / "feed.jsonl"
    body = long_article()
    lines: list[str] = []
    size = 0
    n = 0
    while True:
        text = body.replace("trade ministry", f"trade ministry ({n})", 1)  # once: under the limit
        record = {"title": f"Report {n} on the talks", "text": text, "date": "2019-07-15"}
        line = json.dumps(record, ensure_ascii=False) + "\n"
        if size + len(line.encode("utf-8")) >= limit:
            break
        lines.append(line)
        size += len(line.encode("utf-8"))
        n += 1
    source.write_text("".join(lines), encoding="utf-8")
    return source


def measure(name: str, text: str | Path, folder: Path, jobs: int = 1) -> tuple[float, float, int]:
    """Build one input in a child process; return its peak RSS (MB), wall time (s), skips.

    ``text`` is an article's text, or the path of a folder or feed already written.
    """
    if isinstance(text, Path):
        source = text
    else:
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
        "--jobs",
        str(jobs),
        "-q",
    ]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if os.waitstatus_to_exitcode(status) not in (0, 1) or not (out / "brief.pdf").exists():
        raise SystemExit(f"{name}: the build failed:\n{stderr}")
    skipped = re.search(r"Skipped (\d+) file", stderr)
    # ru_maxrss is in KB on Linux
    return usage.ru_maxrss / 1024, elapsed, int(skipped.group(1)) if skipped else 0


CASES = ("paragraph", "article", "proxy", "sentences", "folder", "feed")


def _input(name: str, tmp: Path) -> str | Path:
    if name == "paragraph":
        return repeated_paragraph()
    if name == "article":
        return long_article()
    if name == "proxy":
        return proxy_folder(tmp)
    if name == "sentences":
        return sentence_folder(tmp)
    if name == "folder":
        return folder_of_articles(tmp)
    return feed_of_articles(tmp)


def _size(source: str | Path) -> str:
    if isinstance(source, str):
        return f"{len(source):>11,} chars"
    files = sorted(source.iterdir()) if source.is_dir() else [source]
    return f"{sum(f.stat().st_size for f in files):>11,} bytes"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", metavar="CASE", help=f"of {', '.join(CASES)} (all)")
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="parse in N processes (default 1: every byte the build holds is in the one "
        "process measured; each more worker holds its own pipeline, about 220 MB)",
    )
    args = parser.parse_args()
    unknown = sorted(set(args.cases) - set(CASES))
    if unknown:
        parser.error(f"unknown case(s) {', '.join(unknown)}; choose from {', '.join(CASES)}")
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.cases or CASES:
            source = _input(name, Path(tmp))
            peak, elapsed, skipped = measure(name, source, Path(tmp), jobs=args.jobs)
            worst = max(worst, peak)
            print(
                f"{name:10} {_size(source)}  peak {peak:7.1f} MB  {elapsed:6.1f} s  "
                f"{skipped} skipped",
                flush=True,
            )
    print(
        f"worst peak {worst:.1f} MB (limit {LIMIT_MB} MB): {'ok' if worst < LIMIT_MB else 'OVER'}"
    )
    if worst >= LIMIT_MB:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
