"""Train and measure the learned section scorer on the annotated corpus, by article split.

The split file (``eval/split.json``) assigns every annotated article to ``train``,
``validation`` or ``test`` (the lockbox) and records each article's sha256. ``train_scorer``
fits the model on the train split: the regularisation strength and the per-section
thresholds are chosen by k-fold cross-validation by country pair on the train split, the
confidences are calibrated on the out-of-fold predictions, and the validation figures are
measured with the final model and recorded in it. ``split_figures`` reports, side by side,
the figures on the test lockbox and the k-fold cross-validated figures on
train+validation; it never lists a test sentence.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.classify import (
    Cues,
    Evidence,
    RuleScorer,
    Scorer,
    article_evidence,
    place_units,
)
from briefing.classify.features import article_features
from briefing.classify.learned import (
    MIN_GROUPS,
    SECTIONS,
    Example,
    LearnedModel,
    LearnedScorer,
    choose_sections,
    fit,
    monotone_calibration,
    placement_government,
)
from briefing.errors import BriefingError
from briefing.evaluate import Figures, GoldUnit, _locate, load_gold, score
from briefing.ingest import load_articles
from briefing.model import Article, Block, Sentence, section_of
from briefing.nlp.pipeline import ParsedArticle, parse_articles
from briefing.nlp.registry import Registry

#: Regularisation strengths tried by cross-validation.
C_GRID = (0.03, 0.05, 0.1, 0.3, 1.0)
#: Thresholds tried per section.
THRESHOLDS = tuple(round(0.2 + 0.05 * k, 2) for k in range(13))
FOLDS = 5

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Split:
    """The split of the annotated articles into train, validation and test."""

    path: Path
    sets: Mapping[str, Path]
    doc_set: Mapping[str, str]
    train: tuple[str, ...]
    validation: tuple[str, ...]
    test: tuple[str, ...]
    sha256: Mapping[str, str]

    @property
    def digest(self) -> str:
        """A hash of the assignment and of every article's text."""
        blob = json.dumps(
            {
                "train": sorted(self.train),
                "validation": sorted(self.validation),
                "test": sorted(self.test),
                "sha256": dict(sorted(self.sha256.items())),
            },
            sort_keys=True,
        )
        return hashlib.sha256(blob.encode()).hexdigest()

    def article_path(self, doc: str) -> Path:
        """The article file of a document."""
        return self.sets[self.doc_set[doc]] / "articles" / f"{doc}.txt"

    def gold(self, docs: Sequence[str]) -> list[GoldUnit]:
        """The gold units of these documents, in file order."""
        wanted = set(docs)
        out: list[GoldUnit] = []
        for name in sorted({self.doc_set[d] for d in wanted}):
            out += [g for g in load_gold(self.sets[name] / "gold.jsonl") if g.doc in wanted]
        return out


def load_split(path: Path) -> Split:
    """Read a split file and check that every article is there with its recorded hash.

    Raises:
        BriefingError: naming the file and the fix when the split or an article is off.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        root = path.parent
        sets = {name: (root / rel).resolve() for name, rel in data["sets"].items()}
        doc_set = {doc: name for name, docs in data["members"].items() for doc in docs}
        split = Split(
            path=path,
            sets=sets,
            doc_set=doc_set,
            train=tuple(data["train"]),
            validation=tuple(data["validation"]),
            test=tuple(data["test"]),
            sha256=dict(data["sha256"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BriefingError(
            f"{path}: not a split file ({exc!r}). Regenerate it with `python eval/make_split.py`."
        ) from exc
    for doc in (*split.train, *split.validation, *split.test):
        article = split.article_path(doc)
        try:
            digest = hashlib.sha256(article.read_bytes()).hexdigest()
        except (OSError, KeyError) as exc:
            raise BriefingError(f"{path}: article {doc} is missing ({exc}).") from exc
        if digest != split.sha256.get(doc):
            raise BriefingError(
                f"{article}: its sha256 differs from the one {path} records. Restore the "
                "article, or regenerate the split if the change is intended."
            )
    return split


@dataclass(slots=True)
class Prepared:
    """One annotated article, parsed, with the evidence of every unit."""

    article: Article
    parsed: ParsedArticle
    pair: tuple[str, str]
    units: list[tuple[int, Evidence | Block]]
    gold: list[GoldUnit] = field(default_factory=list)


def prepare(
    split: Split,
    docs: Sequence[str],
    nlp: Any,
    registry: Registry,
    cues: Cues,
    progress: Progress | None = None,
) -> list[Prepared]:
    """Read, parse and gather the evidence of the annotated articles ``docs``."""
    say = progress or (lambda _m: None)
    paths = [split.article_path(d) for d in docs]
    articles, skipped = load_articles(paths)
    if skipped:
        raise BriefingError(f"{skipped[0].path}: could not be read ({skipped[0].reason}).")
    parsed = parse_articles(articles, nlp)
    gold = defaultdict(list)
    for g in split.gold(docs):
        gold[g.doc].append(g)
    out = []
    for pa in parsed:
        pair, units = article_evidence(pa, registry, cues)
        out.append(Prepared(pa.article, pa, pair, units, gold[pa.article.id]))
    say(f"prepared {len(out)} article(s), {sum(len(p.gold) for p in out)} gold unit(s)")
    return out


def _sentences(p: Prepared, scorer: Scorer, registry: Registry, cues: Cues) -> list[Sentence]:
    return place_units(p.parsed, p.units, scorer, registry, cues, pair=p.pair)


def examples(p: Prepared, registry: Registry, cues: Cues) -> list[Example]:
    """The training examples of one article: gold units aligned to body sentences."""
    rules = RuleScorer(cues)
    placed = _sentences(p, rules, registry, cues)
    body = [(n, item) for n, (_, item) in enumerate(p.units) if isinstance(item, Evidence)]
    evs = [ev for _, ev in body]
    feats_of = dict(
        zip(
            (n for n, _ in body),
            article_features(
                evs, [rules.decide(ev, registry, p.pair) for ev in evs], registry, p.pair
            ),
            strict=True,
        )
    )
    out: list[Example] = []
    cursor = 0
    for g in p.gold:
        span = _locate(p.article.text, " ".join(g.text.split()), cursor)
        if span is None:
            continue
        cursor = span[1]
        best, overlap = None, 0
        for n, s in enumerate(placed):
            o = min(span[1], s.end) - max(span[0], s.start)
            if o > overlap:
                best, overlap = n, o
        if best is None:
            continue
        item = p.units[best][1]
        if not isinstance(item, Evidence):
            continue  # display blocks stay with ingest's decision
        sections = frozenset(section_of(x).value for x in g.labels)
        gov, _ = placement_government(item, registry, p.pair)
        out.append(Example(tuple(feats_of[best]), sections, cv_group(p), bool(gov)))
    return out


def cv_group(p: Prepared) -> str:
    """The cross-validation group of an article: its gold pair of governments.

    The split keeps a pair out of every split but one, so the lockbox holds only pairs
    the scorer never saw; folds grouped by pair measure the same thing (an article's
    pair-specific words never help a fold that holds another article of the pair). An
    article without a gold pair is a group of its own.
    """
    pair = next((g.pair for g in p.gold if g.pair), ())
    return "-".join(sorted(pair)) if pair else f"article:{p.article.id}"


def _folds(groups: Sequence[str], k: int) -> list[set[str]]:
    """Groups (pairs) dealt into k folds by the hash of their key (deterministic)."""
    ordered = sorted(set(groups), key=lambda g: hashlib.sha256(g.encode()).hexdigest())
    return [set(ordered[i::k]) for i in range(k)]


def _oof(examples_: Sequence[Example], c: float, k: int) -> list[dict[str, float]]:
    """Out-of-fold probabilities of every example."""
    probs: list[dict[str, float]] = [{} for _ in examples_]
    for fold in _folds([e.group for e in examples_], k):
        train = [e for e in examples_ if e.group not in fold]
        model = LearnedModel(weights=fit(train, c=c), thresholds={})
        for n, e in enumerate(examples_):
            if e.group in fold:
                probs[n] = model.probabilities(e.features)
    return probs


def _best_threshold(scored: Sequence[tuple[float, bool]]) -> tuple[float, float]:
    best = (0.0, 0.5)
    for t in THRESHOLDS:
        tp = sum(1 for p, ok in scored if p >= t and ok)
        fp = sum(1 for p, ok in scored if p >= t and not ok)
        fn = sum(1 for p, ok in scored if p < t and ok)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best[0] + 1e-9:
            best = (f1, t)
    return best


@dataclass(frozen=True, slots=True)
class Selection:
    """Hyperparameters chosen by cross-validation, with the out-of-fold probabilities."""

    c: float
    thresholds: dict[str, float]
    calibration: dict[str, dict[str, float]]
    cv_f1: dict[str, float]


def _decided_micro(examples_: Sequence[Example], probs: Sequence[Mapping[str, float]]) -> float:
    """The micro F1 of the sections the scorer would choose from these probabilities.

    Each section's threshold is the best one for that section on the same probabilities.
    """
    thresholds = {
        s: _best_threshold(
            [(p[s], s in e.sections) for p, e in zip(probs, examples_, strict=True)]
        )[1]
        for s in SECTIONS
    }
    tp = fp = fn = 0
    for p, e in zip(probs, examples_, strict=True):
        chosen = set(choose_sections(p, thresholds, has_government=e.has_government))
        tp += len(chosen & e.sections)
        fp += len(chosen - e.sections)
        fn += len(e.sections - chosen)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def select(examples_: Sequence[Example], k: int = FOLDS) -> Selection:
    """Choose C and per-section thresholds by k-fold cross-validation by country pair.

    C is the one whose out-of-fold probabilities give the best micro F1 of the sections
    actually chosen (``choose_sections``: thresholds, ``other`` alone, a position only
    with a government), not the best F1 of each section on its own.
    """
    best: tuple[float, float, list[dict[str, float]]] | None = None
    for c in C_GRID:
        probs = _oof(examples_, c, k)
        micro = _decided_micro(examples_, probs)
        if best is None or micro > best[0] + 1e-9:
            best = (micro, c, probs)
    assert best is not None
    _, c, probs = best
    thresholds, calibration, cv_f1 = {}, {}, {}
    for s in SECTIONS:
        scored = [(p[s], s in e.sections) for p, e in zip(probs, examples_, strict=True)]
        cv_f1[s], thresholds[s] = _best_threshold(scored)
        calibration[s] = monotone_calibration(scored)
    return Selection(c, thresholds, calibration, {s: round(v, 3) for s, v in cv_f1.items()})


def figures_of(
    prepared: Sequence[Prepared], scorer: Scorer, registry: Registry, cues: Cues
) -> Figures:
    """The evaluation figures of a scorer on prepared articles."""
    sentences = [s for p in prepared for s in _sentences(p, scorer, registry, cues)]
    gold = [g for p in prepared for g in p.gold]
    return score(gold, sentences, {p.article.id: p.article.text for p in prepared}, worst=0)


def cross_validated(
    prepared: Sequence[Prepared],
    registry: Registry,
    cues: Cues,
    model: LearnedModel,
    k: int = FOLDS,
) -> Figures:
    """k-fold (by country pair) figures of the learned scorer with the model's hyperparameters."""
    c = float(model.meta.get("C", 0.3))
    data = {p.article.id: examples(p, registry, cues) for p in prepared}  # once, not per fold
    group = {p.article.id: cv_group(p) for p in prepared}
    sentences: list[Sentence] = []
    for fold in _folds(list(group.values()), k):
        train = [e for doc, found in data.items() if group[doc] not in fold for e in found]
        fold_model = LearnedModel(
            weights=fit(train, c=c), thresholds=model.thresholds, calibration=model.calibration
        )
        scorer = LearnedScorer(fold_model, cues)
        for p in prepared:
            if group[p.article.id] in fold:
                sentences += _sentences(p, scorer, registry, cues)
    gold = [g for p in prepared for g in p.gold]
    return score(gold, sentences, {p.article.id: p.article.text for p in prepared}, worst=0)


def summary(figures: Figures) -> dict[str, Any]:
    """The headline figures, for the model file and the README."""
    return {
        "units": figures.sentences,
        "micro_f1": figures.micro_f1,
        "macro_f1": figures.macro_f1,
        "primary_accuracy": figures.primary_accuracy,
        "first_section_accuracy": figures.first_section_accuracy,
        "government_accuracy": figures.government_accuracy,
        "government_given_position": figures.government_given_position,
        "titled_wrong_government": figures.titled_wrong_government,
        "sections": {s: figures.sections[s]["f1"] for s in SECTIONS},
        "other_recall": figures.sections["other"]["r"],
    }


def train_scorer(
    split: Split, nlp: Any, registry: Registry, cues: Cues, progress: Progress | None = None
) -> LearnedModel:
    """Fit the learned scorer on the train split; record validation figures in it."""
    say = progress or (lambda _m: None)
    train = prepare(split, split.train, nlp, registry, cues, say)
    validation = prepare(split, split.validation, nlp, registry, cues, say)
    data = [e for p in train for e in examples(p, registry, cues)]
    say(f"{len(data)} training example(s); choosing C and thresholds by {FOLDS}-fold CV")
    chosen = select(data)
    weights = fit(data, c=chosen.c)
    meta: dict[str, Any] = {
        "split": split.path.name,
        "split_sha256": split.digest,
        "C": chosen.c,
        "min_groups": MIN_GROUPS,
        "train_articles": len(train),
        "train_examples": len(data),
        "cv_section_f1": chosen.cv_f1,
    }
    model = LearnedModel(weights, chosen.thresholds, chosen.calibration, meta)
    # the model as it is shipped (rounded weights and thresholds): its figures are the file's
    model = LearnedModel.from_json(model.to_json())
    scorer = LearnedScorer(model, cues)
    meta["validation"] = summary(figures_of(validation, scorer, registry, cues))
    meta["validation_rules"] = summary(figures_of(validation, RuleScorer(cues), registry, cues))
    return LearnedModel(model.weights, model.thresholds, model.calibration, meta)


def split_figures(
    split: Split,
    nlp: Any,
    registry: Registry,
    cues: Cues,
    model: LearnedModel,
    progress: Progress | None = None,
    *,
    lockbox: bool = True,
) -> dict[str, dict[str, Any]]:
    """Test-lockbox figures and k-fold CV figures on train+validation, rules and learned.

    With ``lockbox=False`` (the figures to develop on) the test articles are not even read:
    the validation figures of both scorers take the test columns' place.
    """
    say = progress or (lambda _m: None)
    pool = prepare(split, (*split.train, *split.validation), nlp, registry, cues, say)
    if lockbox:
        name, held = "test", prepare(split, split.test, nlp, registry, cues, say)
    else:  # the validation articles are already in the pool: not parsed again
        validation = set(split.validation)
        name, held = "validation", [p for p in pool if p.article.id in validation]
    learned = LearnedScorer(model, cues)
    rules = RuleScorer(cues)
    return {
        f"{name} (learned)": summary(figures_of(held, learned, registry, cues)),
        "cv (learned)": summary(cross_validated(pool, registry, cues, model)),
        f"{name} (rules)": summary(figures_of(held, rules, registry, cues)),
        "train+val (rules)": summary(figures_of(pool, rules, registry, cues)),
    }


def _cell(figures: Mapping[str, Any], row: str) -> str:
    """One cell of the side-by-side table."""
    if row in ("units", "titled wrong government"):
        return str(figures.get(row.replace(" ", "_"), "-"))
    if row.endswith(" F1") and row[:-3] in SECTIONS:
        return f"{figures['sections'][row[:-3]]:.3f}"
    return f"{figures[row.replace(' ', '_')]:.3f}"


_ROWS = (
    "units",
    *(f"{s} F1" for s in SECTIONS),
    "other recall",
    "micro f1",
    "macro f1",
    "primary accuracy",
    "first section accuracy",
    "government accuracy",
    "government given position",
    "titled wrong government",
)


def format_side_by_side(columns: Mapping[str, Mapping[str, Any]]) -> str:
    """The figures of ``split_figures`` as a text table, one column per measurement."""
    names = list(columns)
    width = max(18, *(len(n) + 2 for n in names))
    out = [f"{'':<20}" + "".join(f"{n:>{width}}" for n in names)]
    for row in _ROWS:
        key = row.replace("micro f1", "micro_f1").replace("macro f1", "macro_f1")
        out.append(f"{row:<20}" + "".join(f"{_cell(columns[n], key):>{width}}" for n in names))
    return "\n".join(out)
