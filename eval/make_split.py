"""Merge the annotators' shares of eval/corpus and write the article split (eval/split.json).

    python eval/make_split.py            # merge parts/*/ into corpus/gold.jsonl + sources.tsv,
                                         # validate every set, write split.json

Every annotated article goes to exactly one of train, validation and test. Only articles of
eval/corpus (never read by any rule) can be in the test lockbox; eval/dev (where the rules
were written) and eval/extra (which rules were later written from) are always train.
Articles are assigned by country pair, so a pair never spans two splits: a pair goes to test
when the sha256 of its name falls in the first third of the hash range, to validation in the
next sixth, else to train; a test pair that also occurs in dev or extra goes to train. The
rule depends on the pair alone, so adding articles never moves an article already assigned.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
SETS = {"dev": "dev", "extra": "extra", "corpus": "corpus"}
TEST_SHARE, VALIDATION_SHARE = 1 / 3, 1 / 6
LABELS = {"background", "risk", "next_steps", "other"}


def merge_corpus() -> None:
    parts = sorted((HERE / "corpus" / "parts").glob("*/gold.jsonl"))
    if not parts:
        return
    gold, sources, header = [], [], None
    for part in parts:
        gold += [line for line in part.read_text(encoding="utf-8").splitlines() if line.strip()]
        rows = (part.parent / "sources.tsv").read_text(encoding="utf-8").splitlines()
        header = header or rows[0]
        sources += [r for r in rows[1:] if r.strip()]
    (HERE / "corpus" / "gold.jsonl").write_text("\n".join(gold) + "\n", encoding="utf-8")
    (HERE / "corpus" / "sources.tsv").write_text(
        "\n".join([header or "", *sorted(sources)]) + "\n", encoding="utf-8"
    )


def check(name: str) -> tuple[dict[str, list[dict]], dict[str, str]]:
    folder = HERE / SETS[name]
    units: dict[str, list[dict]] = defaultdict(list)
    for n, line in enumerate((folder / "gold.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        labels = row["labels"]
        if not 1 <= len(labels) <= 3 or any(
            lab not in LABELS and not (lab.startswith("position:") and len(lab) == 12)
            for lab in labels
        ):
            sys.exit(f"{folder}/gold.jsonl:{n}: bad labels {labels}")
        units[row["doc"]].append(row)
    hashes = {}
    for doc, rows in units.items():
        path = folder / "articles" / f"{doc}.txt"
        data = path.read_bytes()
        text = data.decode("utf-8")
        flat = " ".join(text.split())
        cursor = 0
        for k, row in enumerate(rows):
            if row["i"] != k:
                sys.exit(f"{folder}/gold.jsonl: {doc} unit {k} has i={row['i']}")
            needle = " ".join(row["text"].split())
            at = flat.find(needle, cursor)
            if at < 0:
                sys.exit(f"{folder}/gold.jsonl: {doc}:{k} is not in the article, in order")
            cursor = at + len(needle)
        hashes[doc] = hashlib.sha256(data).hexdigest()
    return units, hashes


def pair_key(rows: list[dict]) -> str:
    return "-".join(sorted(rows[0]["pair"]))


def share(key: str) -> float:
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) / 2**32


def main() -> None:
    merge_corpus()
    members, sha, pairs = {}, {}, {}
    for name in SETS:
        units, hashes = check(name)
        members[name] = sorted(units)
        sha.update(hashes)
        pairs.update({doc: pair_key(rows) for doc, rows in units.items()})
    known = {pairs[d] for name in ("dev", "extra") for d in members[name]}
    split: dict[str, list[str]] = {"train": [], "validation": [], "test": []}
    split["train"] += members["dev"] + members["extra"]
    for doc in members["corpus"]:
        key = pairs[doc]
        s = share(key)
        where = "test" if s < TEST_SHARE else "validation" if s < TEST_SHARE + VALIDATION_SHARE else "train"
        if where != "train" and key in known:
            where = "train"
        split[where].append(doc)
    train_pairs = {pairs[d] for d in split["train"]}
    assert not {pairs[d] for d in split["test"]} & train_pairs
    out = {
        "_comment": (
            "Article split of the annotated pool, written by eval/make_split.py. The test "
            "lockbox is read only to report figures: never to look at errors."
        ),
        "sets": {name: folder for name, folder in SETS.items()},
        "members": members,
        **{k: sorted(v) for k, v in split.items()},
        "sha256": dict(sorted(sha.items())),
    }
    (HERE / "split.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    for k, docs in split.items():
        n = sum(1 for name in SETS for d in docs if d in members[name])
        print(f"{k}: {n} articles")


if __name__ == "__main__":
    main()
