"""A learned section scorer: a linear model over the findings, the words and the layout.

The model is one logistic regression per section (``background``, ``position``,
``risk``, ``next_steps``, ``other``), fitted by ``briefing train`` on the train split of the
annotated corpus and shipped as ``data/scorer.json`` (plain JSON: weights, per-section
thresholds, the calibration table measured on held-out folds, and the split and figures
it was trained on). Its features are readable words (``classify.features``):

- every finding of the detectors and the attribution pass (``finding:future``,
  ``speaker:government``, ``finding:factual`` ...) and the rule table's own placement
  (``rule:position``), so the model learns where to trust the rules;
- the words of the sentence (lemmas), its root verb and first word, and its syntax in
  general terms (entity types, modal verbs, negation, the kind of subject);
- layout signals of display text: no final full stop, no finite verb, a text that repeats
  another unit of the article, very short or title-cased lines, the unit's place in the
  article;
- context: the rule table's placements of the other units of the paragraph, the same
  speaker as the unit before, a quotation that continues. The scorer therefore places an
  article's units together (``LearnedScorer.place_article``).

A sentence's government still comes from attribution (``rules.sentence_government``): the
model decides *whether* it is a position, never *whose*. Reasons list the findings and the
model's strongest evidence for each label, in words.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing import sections
from briefing.classify.evidence import Evidence
from briefing.classify.features import article_features
from briefing.classify.lexicon import Cues, calibrate
from briefing.classify.rules import (
    Placement,
    RuleScorer,
    _position_labels,
    in_pair_order,
    non_government_speaker,
    sentence_government,
)
from briefing.errors import RegistryError
from briefing.lexicons import DATA_DIR
from briefing.nlp.registry import Registry

#: The sections the model scores, in a fixed order.
SECTIONS = sections.keys()
#: Bumped when the feature set changes: a model trained on other features is refused.
FEATURE_VERSION = 4
MODEL_PATH = DATA_DIR / "scorer.json"


# -- the model -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LearnedModel:
    """Weights per section and feature, thresholds, calibration and provenance."""

    weights: Mapping[str, Mapping[str, float]]
    thresholds: Mapping[str, float]
    calibration: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    meta: Mapping[str, Any] = field(default_factory=dict)

    def probabilities(self, feats: Sequence[str]) -> dict[str, float]:
        """The probability of each section for these features."""
        out: dict[str, float] = {}
        for sec in SECTIONS:
            w = self.weights.get(sec, {})
            z = sum(w.get(f, 0.0) for f in feats)
            out[sec] = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
        return out

    def evidence_for(self, section: str, feats: Sequence[str], n: int = 3) -> list[str]:
        """The features that pushed a section up the most, strongest first."""
        w = self.weights.get(section, {})
        ranked = sorted(
            (f for f in feats if f != "bias" and w.get(f, 0.0) > 0),
            key=lambda f: (-w[f], f),
        )
        return ranked[:n]

    def to_json(self) -> str:
        """The model as canonical JSON (sorted keys, rounded weights): same model, same bytes."""
        data = {
            "feature_version": FEATURE_VERSION,
            "weights": {
                s: {f: round(v, 4) for f, v in sorted(ws.items()) if abs(v) >= 1e-3}
                for s, ws in sorted(self.weights.items())
            },
            "thresholds": {s: round(v, 3) for s, v in sorted(self.thresholds.items())},
            "calibration": self.calibration,
            "meta": self.meta,
        }
        return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str, *, source: str = "scorer.json") -> LearnedModel:
        """Read a model written by ``to_json``.

        Raises:
            RegistryError: naming the file when it is not a model of this feature set.
        """
        try:
            data = json.loads(text)
            if data.get("feature_version") != FEATURE_VERSION:
                raise ValueError(
                    f"feature version {data.get('feature_version')}, expected {FEATURE_VERSION}"
                )
            return cls(
                weights={
                    s: {f: float(v) for f, v in ws.items()} for s, ws in data["weights"].items()
                },
                thresholds={s: float(v) for s, v in data["thresholds"].items()},
                calibration={
                    s: {k: float(v) for k, v in t.items()} for s, t in data["calibration"].items()
                },
                meta=dict(data.get("meta", {})),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise RegistryError(
                f"{source}: not a trained section scorer ({exc}). Rebuild it with "
                "`make train` (or `briefing train`), or use `--scorer rules`."
            ) from exc


def _label_order(probs: Mapping[str, float], chosen: Sequence[str]) -> list[str]:
    return sorted(chosen, key=lambda s: (-probs[s], SECTIONS.index(s)))


def choose_sections(
    probs: Mapping[str, float], thresholds: Mapping[str, float], *, has_government: bool
) -> list[str]:
    """The sections a sentence goes to, most probable first.

    A section is chosen when its probability reaches its threshold; ``other`` excludes the
    content sections; a position needs a government; at least one section is chosen.
    """
    allowed = [s for s in SECTIONS if s != "position" or has_government]
    chosen = [s for s in allowed if probs[s] >= thresholds.get(s, 0.5)]
    if "other" in chosen and max(chosen, key=lambda s: probs[s]) == "other":
        return ["other"]
    chosen = [s for s in chosen if s != "other"]
    if not chosen:
        chosen = [max(allowed, key=lambda s: (probs[s], -SECTIONS.index(s)))]
    return _label_order(probs, chosen)[:3]


def placement_government(
    ev: Evidence, registry: Registry, pair: Sequence[str]
) -> tuple[str | None, str]:
    """The government a position of this sentence would be of, and why (None: no position)."""
    gov, why = sentence_government(ev, registry, pair)
    if not gov and ev.attribution.subject_gov:
        gov = ev.attribution.subject_gov
        why = f"subject of the main clause: {gov}"
    if gov and non_government_speaker(ev):
        gov = None  # guidelines rule E: a firm or a critic never states a position
    return gov, why


@dataclass(frozen=True, slots=True)
class LearnedScorer:
    """Places sentences with a ``LearnedModel``; the rule table supplies findings and reasons."""

    model: LearnedModel
    cues: Cues
    name: str = "learned"

    def place(self, ev: Evidence, registry: Registry, pair: Sequence[str]) -> Placement:
        """Score each section of a sentence on its own (no other unit as context)."""
        return self.place_article([ev], registry, pair)[0]

    def place_article(
        self, evs: Sequence[Evidence], registry: Registry, pair: Sequence[str]
    ) -> list[Placement]:
        """Place an article's body sentences (in text order), each with its context."""
        rules = RuleScorer(self.cues)
        decided = [rules.decide(ev, registry, pair) for ev in evs]
        feats = article_features(evs, decided, registry, pair)
        return [
            self._placement(ev, rule, f, registry, pair)
            for ev, rule, f in zip(evs, decided, feats, strict=True)
        ]

    def _placement(
        self,
        ev: Evidence,
        rule: Placement,
        feats: Sequence[str],
        registry: Registry,
        pair: Sequence[str],
    ) -> Placement:
        """Choose a sentence's labels from its features' probabilities and say why."""
        probs = self.model.probabilities(feats)
        gov, why = placement_government(ev, registry, pair)
        sections = choose_sections(probs, self.model.thresholds, has_government=bool(gov))
        labels: list[str] = []
        raw: dict[str, float] = {}
        reasons = list(rule.reasons)
        for sec in sections:
            if sec == "position" and gov:
                plabels, _, preasons = _position_labels(ev, gov, why, pair)
                labels += [x for x in plabels if x not in labels]
                raw.update(dict.fromkeys(plabels, probs[sec]))
                reasons += [r for r in preasons if r not in reasons]
            else:
                labels.append(sec)
                raw[sec] = probs[sec]
        if not ev.attribution.framed_by:
            labels = in_pair_order(labels, pair)
        strongest = "; ".join(
            f"{sec} {probs[sec]:.2f} ({', '.join(self.model.evidence_for(sec, feats)) or 'prior'})"
            for sec in sections
        )
        reasons.append(f"model: {strongest}")
        scores = {
            label: calibrate({label: value}, self.model.calibration)[label]
            for label, value in raw.items()
        }
        return Placement(tuple(labels), scores, tuple(reasons))


def model_digest(path: Path = MODEL_PATH) -> str:
    """The sha256 of the shipped model file ("" when there is none)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


@functools.cache
def _load_model(path: str, digest: str) -> LearnedModel:
    del digest  # part of the cache key only
    return LearnedModel.from_json(Path(path).read_text(encoding="utf-8"), source=path)


def load_learned(cues: Cues, path: Path = MODEL_PATH) -> LearnedScorer:
    """The learned scorer with the shipped model.

    Raises:
        RegistryError: when the model file is missing or malformed.
    """
    if not path.is_file():
        raise RegistryError(
            f"{path}: no trained section scorer. Build it with `make train`, "
            "or use `--scorer rules`."
        )
    return LearnedScorer(_load_model(str(path), model_digest(path)), cues)


# -- fitting (training only; needs the ``train`` extra: scikit-learn) ------------------


@dataclass(frozen=True, slots=True)
class Example:
    """One training unit: its features, gold sections and CV group (its country pair).

    ``has_government``: a position is open to it (``placement_government`` found one).
    """

    features: tuple[str, ...]
    sections: frozenset[str]
    group: str
    has_government: bool = True


#: A feature is learned only when it occurs in the articles of at least this many CV groups
#: (country pairs): a word tied to one dispute (a name, a place) would only teach the model
#: that dispute. Chosen on pair-grouped CV and validation (2, 3 and 5 tried).
MIN_GROUPS = 3


def general_features(examples: Sequence[Example], min_groups: int = MIN_GROUPS) -> list[str]:
    """The features (sorted) that occur in the examples of at least ``min_groups`` groups."""
    groups_of: dict[str, set[str]] = {}
    for ex in examples:
        for f in ex.features:
            groups_of.setdefault(f, set()).add(ex.group)
    return sorted(f for f, g in groups_of.items() if f != "bias" and len(g) >= min_groups)


def fit(examples: Sequence[Example], *, c: float) -> dict[str, dict[str, float]]:
    """Fit one L2 logistic regression per section; return weights by section and feature.

    Only ``general_features`` are learned. Deterministic: features are indexed in sorted
    order and liblinear is seeded.
    """
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    vocab = general_features(examples)
    index = {f: i for i, f in enumerate(vocab)}
    rows, cols = [], []
    for r, ex in enumerate(examples):
        for f in ex.features:
            if f in index:
                rows.append(r)
                cols.append(index[f])
    x = csr_matrix(([1.0] * len(rows), (rows, cols)), shape=(len(examples), len(vocab)))
    weights: dict[str, dict[str, float]] = {}
    for sec in SECTIONS:
        y = [1 if sec in ex.sections else 0 for ex in examples]
        w: dict[str, float] = {}
        if 0 < sum(y) < len(y):
            clf = LogisticRegression(C=c, solver="liblinear", random_state=0, max_iter=1000)
            clf.fit(x, y)
            w = {f: float(v) for f, v in zip(vocab, clf.coef_[0], strict=True) if v}
            w["bias"] = float(clf.intercept_[0])
        else:
            w["bias"] = 10.0 if sum(y) else -10.0
        weights[sec] = w
    return weights


def monotone_calibration(
    scored: Sequence[tuple[float, bool]],
    edges: Sequence[float] = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
) -> dict[str, float]:
    """Measured precision per probability bin, made monotone (a higher score is never worse)."""
    table: dict[str, float] = {}
    best = 0.0
    for lo, hi in zip(edges, [*edges[1:], 1.01], strict=True):
        hits = [ok for p, ok in scored if lo <= p < hi]
        if len(hits) < 5:
            continue
        best = max(best, sum(hits) / len(hits))
        table[f"{(lo + hi) / 2:.2f}"] = round(best, 3)
    return table
