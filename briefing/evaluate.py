"""Score classified sentences against gold labels, as ``../shared/tools/score.py`` does.

The gold format (JSON Lines, one object per sentence):

    {"doc": "<article file stem>", "i": 0, "text": "<exact text of the sentence>",
     "labels": ["position:MEX", "risk"]}

``text`` must occur in the article file ``<doc>.txt`` (whitespace may differ); units are in
file order. Each gold sentence is matched to the predicted sentence that overlaps it most.
The figures are per-section precision/recall/F1 (multi-label), micro and macro F1,
primary-label accuracy and government attribution accuracy, plus a confusion table of
primary sections and the worst sentences.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing import codec, sections
from briefing.errors import BriefingError
from briefing.model import Sentence, section_of

SECTIONS = sections.keys()


@dataclass(frozen=True, slots=True)
class GoldUnit:
    """One gold sentence."""

    doc: str
    i: int
    text: str
    labels: tuple[str, ...]
    pair: tuple[str, ...] = ()


@dataclass(slots=True)
class Mistake:
    """A gold sentence the classifier got wrong, for the "worst sentences" list."""

    doc: str
    i: int
    text: str
    gold: list[str]
    predicted: list[str]
    reasons: list[str]
    cost: int


@dataclass(slots=True)
class Figures:
    """Every figure of an evaluation."""

    sentences: int = 0
    unmatched: int = 0
    sections: dict[str, dict[str, float | int]] = field(default_factory=dict)
    micro_f1: float = 0.0
    macro_f1: float = 0.0
    primary_accuracy: float = 0.0
    #: The first predicted section is the first gold section (where the brief shows it).
    first_section_accuracy: float = 0.0
    government_accuracy: float = 0.0
    government_support: int = 0
    government_given_position: float = 0.0
    titled_wrong_government: int = 0
    per_doc_government: dict[str, float] = field(default_factory=dict)
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    worst: list[Mistake] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the figures as JSON-serialisable data (``codec.encode``)."""
        data: dict[str, Any] = codec.encode(self)
        return data


def load_gold(path: Path) -> list[GoldUnit]:
    """Read a gold JSONL file.

    Raises:
        BriefingError: naming the file and line of a malformed record.
    """
    units: list[GoldUnit] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise BriefingError(f"{path}: cannot read the gold file ({exc}).") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            units.append(
                GoldUnit(
                    doc=str(row["doc"]),
                    i=int(row.get("i", n - 1)),
                    text=str(row["text"]),
                    labels=tuple(row["labels"]),
                    pair=tuple(row.get("pair", ())),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise BriefingError(
                f"{path}:{n}: not a gold record ({exc}). Each line must be a JSON object "
                'with "doc", "text" and "labels", e.g. {"doc": "a", "i": 0, "text": "...", '
                '"labels": ["background"]}.'
            ) from exc
    return units


def _locate(text: str, needle: str, start_from: int) -> tuple[int, int] | None:
    """Find needle in text from start_from (then anywhere), tolerant of whitespace."""
    idx = text.find(needle, start_from)
    if idx < 0:
        idx = text.find(needle)
    if idx >= 0:
        return idx, idx + len(needle)
    words = needle.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    m = pattern.search(text, start_from) or pattern.search(text)
    return (m.start(), m.end()) if m else None


def against_title(predicted: Sentence, gold_labels: Sequence[str]) -> bool:
    """True when a sentence is filed as a position its speaker's own country title denies.

    The speaker was resolved by an explicit title with a country word or demonym ("Ruritanian
    Foreign Minister X") for one government, yet the sentence sits under another
    government's position, and the gold labels do not put it there.
    """
    speaker = predicted.speaker
    if speaker is None or speaker.resolved_by != "title" or not speaker.government:
        return False
    return any(
        label.startswith("position:")
        and label != f"position:{speaker.government}"
        and label not in gold_labels
        for label in predicted.labels
    )


def best_overlap(span: tuple[int, int], sentences: Sequence[Sentence]) -> Sentence | None:
    """The sentence that overlaps a gold span most (the first of equals), if any."""
    best: Sentence | None = None
    most = 0
    for p in sentences:
        overlap = min(span[1], p.end) - max(span[0], p.start)
        if overlap > most:
            best, most = p, overlap
    return best


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def _section_figures(
    figures: Figures, tp: Counter[str], fp: Counter[str], fn: Counter[str]
) -> None:
    """Per-section precision, recall and F1, and micro/macro F1, from the counts."""
    f1s = []
    for sec in SECTIONS:
        p, r, f = _prf(tp[sec], fp[sec], fn[sec])
        support = tp[sec] + fn[sec]
        figures.sections[sec] = {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3)}
        figures.sections[sec]["support"] = support
        if support:
            f1s.append(f)
    _, _, micro = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    figures.micro_f1 = round(micro, 3)
    figures.macro_f1 = round(sum(f1s) / len(f1s), 3) if f1s else 0.0


def score(
    gold: Sequence[GoldUnit],
    predicted: Sequence[Sentence],
    texts: Mapping[str, str],
    *,
    worst: int = 10,
) -> Figures:
    """Score predictions against gold with score.py's matching and figures."""
    by_doc: dict[str, list[Sentence]] = defaultdict(list)
    for s in predicted:
        by_doc[s.article_id].append(s)
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    figures = Figures()
    cursor: Counter[str] = Counter()
    primary_ok = first_ok = gov_ok = gov_total = placed_ok = placed_total = 0
    doc_gov: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    mistakes: list[Mistake] = []
    for g in gold:
        text = texts.get(g.doc)
        span = _locate(text, " ".join(g.text.split()), cursor[g.doc]) if text else None
        if span is None:
            figures.unmatched += 1
            continue
        cursor[g.doc] = span[1]
        best = best_overlap(span, by_doc.get(g.doc, []))
        plabels = list(best.labels) if best else []
        if best is None:
            figures.unmatched += 1
        figures.sentences += 1
        gsec = {section_of(x).value for x in g.labels}
        psec = {section_of(x).value for x in plabels}
        for sec in SECTIONS:
            if sec in gsec and sec in psec:
                tp[sec] += 1
            elif sec in psec:
                fp[sec] += 1
            elif sec in gsec:
                fn[sec] += 1
        if g.labels and plabels and section_of(plabels[0]).value in gsec:
            primary_ok += 1
            first_ok += section_of(plabels[0]) == section_of(g.labels[0])
        confusion[section_of(g.labels[0]).value if g.labels else "none"][
            section_of(plabels[0]).value if plabels else "none"
        ] += 1
        cost = len(gsec ^ psec)
        placed = any(p.startswith("position:") for p in plabels)
        for label in g.labels:
            if label.startswith("position:"):
                gov_total += 1
                placed_total += placed
                doc_gov[g.doc][1] += 1
                if label in plabels:
                    gov_ok += 1
                    placed_ok += 1
                    doc_gov[g.doc][0] += 1
                else:
                    cost += 1
        if best is not None and against_title(best, g.labels):
            figures.titled_wrong_government += 1
        if cost:
            mistakes.append(
                Mistake(
                    doc=g.doc,
                    i=g.i,
                    text=g.text,
                    gold=list(g.labels),
                    predicted=plabels,
                    reasons=list(best.reasons) if best else [],
                    cost=cost,
                )
            )
    _section_figures(figures, tp, fp, fn)
    figures.primary_accuracy = (
        round(primary_ok / figures.sentences, 3) if figures.sentences else 0.0
    )
    figures.first_section_accuracy = (
        round(first_ok / figures.sentences, 3) if figures.sentences else 0.0
    )
    figures.government_accuracy = round(gov_ok / gov_total, 3) if gov_total else 0.0
    figures.government_support = gov_total
    figures.government_given_position = round(placed_ok / placed_total, 3) if placed_total else 0.0
    figures.per_doc_government = {
        doc: round(ok / total, 3) for doc, (ok, total) in sorted(doc_gov.items()) if total
    }
    figures.confusion = {k: dict(v) for k, v in sorted(confusion.items())}
    figures.worst = sorted(mistakes, key=lambda m: (-m.cost, m.doc, m.i))[:worst]
    return figures


def format_figures(figures: Figures) -> str:
    """Render the figures as the text table ``briefing eval`` prints."""
    out = [f"{'section':<12} {'P':>6} {'R':>6} {'F1':>6} {'n':>5}"]
    for sec, row in figures.sections.items():
        out.append(
            f"{sec:<12} {row['p']:>6.3f} {row['r']:>6.3f} {row['f1']:>6.3f} "
            f"{int(row['support']):>5}"
        )
    out.append(f"sentences {figures.sentences} (unmatched {figures.unmatched})")
    out.append(f"primary-label accuracy {figures.primary_accuracy:.3f}")
    out.append(f"first-section accuracy {figures.first_section_accuracy:.3f}")
    out.append(
        f"government attribution accuracy {figures.government_accuracy:.3f} over "
        f"{figures.government_support} position labels"
    )
    given = figures.government_given_position
    out.append(f"government accuracy where a position was predicted {given:.3f}")
    out.append(
        f"positions filed against their speaker's country title {figures.titled_wrong_government}"
    )
    out.append(f"micro F1 {figures.micro_f1:.3f}  macro F1 {figures.macro_f1:.3f}")
    out.append("")
    out.append("government accuracy per article:")
    out.extend(f"  {doc:<40} {acc:.3f}" for doc, acc in figures.per_doc_government.items())
    out.append("")
    cols = [*SECTIONS, "none"]
    out.append("confusion of primary sections (rows: gold, columns: predicted):")
    out.append(f"  {'':<11}" + "".join(f"{c[:10]:>11}" for c in cols))
    for gold_sec, counts in figures.confusion.items():
        out.append(f"  {gold_sec:<11}" + "".join(f"{counts.get(c, 0):>11}" for c in cols))
    if figures.worst:
        out.append("")
        out.append("worst sentences:")
        for m in figures.worst:
            out.append(f"  {m.doc}:{m.i} gold={','.join(m.gold)} predicted={','.join(m.predicted)}")
            out.append(f"    {' '.join(m.text.split())[:150]}")
            if m.reasons:
                out.append(f"    why: {'; '.join(m.reasons)[:150]}")
    return "\n".join(out)
