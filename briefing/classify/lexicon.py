"""The classifier's lexicons: cue words, word classes, calibration and contextual aliases.

Everything English the rules ask about lives in ``data/en/cues.toml`` (extended by user files
with ``--cues``), ``data/en/contextual.toml`` and ``data/calibration.json``; this module only
reads them into one frozen ``Cues`` record.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Span

from briefing.errors import RegistryError
from briefing.lexicons import DATA_DIR, EN_DIR, calendar
from briefing.model import section_of
from briefing.nlp.components import GOV_SPANS
from briefing.nlp.pipeline import ParsedArticle


@dataclass(frozen=True, slots=True)
class ContextualAlias:
    """A short form naming a government only in a brief on certain pairs ("the North")."""

    text: str
    code: str
    when: frozenset[str]


@dataclass(frozen=True, slots=True)
class Cues:
    """The cue lexicons of the classifier (``data/en/cues.toml`` plus user files).

    The first group are cue words (what a sentence says); ``words`` holds every list of
    the ``[syntax]``, ``[dates]``, ``[risk]``, ``[future]`` and ``[speech]`` tables, keyed
    by its TOML key (``stative_verbs``, ``conditions`` ...), for ``Cues.of``.
    """

    speech: frozenset[str]
    stance_speech: frozenset[str]
    stance: frozenset[str]
    stance_adjectives: frozenset[str]
    policy: frozenset[str]
    future_aux: frozenset[str]
    future_frames: frozenset[str]
    time_words: frozenset[str]
    schedule: frozenset[str]
    request: frozenset[str]
    risk: frozenset[str]
    weak_risk: frozenset[str]
    military: frozenset[str]
    hedges: frozenset[str]
    mitigation: frozenset[str]
    kinetic_objects: frozenset[str]
    kinetic_verbs: frozenset[str]
    military_subjects: frozenset[str]
    meta_openers: tuple[str, ...]
    justifications: tuple[str, ...] = ()
    source_notes: tuple[str, ...] = ()
    lead_in_endings: tuple[str, ...] = ()
    words: Mapping[str, frozenset[str]] = field(default_factory=dict)
    day_or_month: re.Pattern[str] = re.compile(r"(?!)")
    contextual: tuple[ContextualAlias, ...] = ()
    calibration: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    sources: tuple[str, ...] = field(default=())
    scorer: str = "rules"

    def of(self, key: str) -> frozenset[str]:
        """The word class ``key`` of the ``[syntax]``/``[dates]`` tables (empty if absent)."""
        return self.words.get(key, frozenset())


#: Tables whose lists are word classes (``Cues.words``) rather than named cue fields.
_WORD_TABLES = ("syntax", "dates", "risk", "future", "speech")


def _read_lexicons(files: Sequence[Path]) -> dict[str, dict[str, list[str]]]:
    merged: dict[str, dict[str, list[str]]] = {}
    for path in files:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise RegistryError(
                f"{path}: cannot read the cue lexicon ({exc}). Fix the TOML syntax or the path."
            ) from exc
        for table, lists in data.items():
            if not isinstance(lists, dict):
                raise RegistryError(f"{path}: [{table}] must be a table of word lists.")
            for key, words in lists.items():
                if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                    raise RegistryError(
                        f'{path}: {table}.{key} must be a list of strings, e.g. {key} = ["word"].'
                    )
                merged.setdefault(table, {}).setdefault(key, []).extend(words)
    return merged


def load_cues(extra: Sequence[Path] = (), *, scorer: str = "rules") -> Cues:
    """Load the cue lexicons, merging user files into the shipped ``cues.toml``.

    ``scorer`` names the scorer that places sentences ("rules" or "learned").

    Raises:
        RegistryError: when a file is not valid TOML or a list holds non-strings.
    """
    files = [EN_DIR / "cues.toml", *extra]
    merged = _read_lexicons(files)

    def words(table: str, key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in merged.get(table, {}).get(key, []))

    # The names of days and months are the calendar's (data/en/calendar.toml).
    dated = merged.setdefault("dates", {}).setdefault("day_or_month", [])
    dated[:0] = [*calendar().weekdays, *calendar().months]
    classes = {key: words(table, key) for table in _WORD_TABLES for key in merged.get(table, {})}
    days = sorted(set(dated))
    day_or_month = (
        re.compile(r"\b(?:" + "|".join(re.escape(d) for d in days) + r")\b")
        if days
        else re.compile(r"(?!)")
    )
    return Cues(
        speech=words("speech", "verbs"),
        stance_speech=words("speech", "stance_speech"),
        stance=words("stance", "verbs"),
        stance_adjectives=words("stance", "adjectives"),
        policy=words("policy", "verbs"),
        future_aux=words("future", "auxiliaries"),
        future_frames=words("future", "frames"),
        time_words=words("future", "time_words"),
        schedule=words("future", "schedule_verbs"),
        request=words("request", "verbs"),
        risk=words("risk", "lemmas"),
        weak_risk=words("risk", "weak_lemmas"),
        military=words("risk", "military"),
        hedges=words("risk", "hedges"),
        mitigation=words("risk", "mitigation_verbs"),
        kinetic_objects=words("policy", "kinetic_objects"),
        kinetic_verbs=words("policy", "kinetic_verbs"),
        military_subjects=words("policy", "military_subjects"),
        meta_openers=tuple(sorted(words("meta", "openers"))),
        justifications=tuple(sorted(words("factual", "justifications"))),
        source_notes=tuple(sorted(words("meta", "source_notes"))),
        lead_in_endings=tuple(sorted(words("meta", "lead_in_endings"))),
        words=classes,
        day_or_month=day_or_month,
        contextual=load_contextual_aliases(),
        calibration=load_calibration(),
        sources=tuple(str(p) for p in files),
        scorer=scorer,
    )


def load_calibration(path: Path = DATA_DIR / "calibration.json") -> dict[str, dict[str, float]]:
    """Load the confidence calibration table written by ``benchmarks/calibrate.py``.

    A missing file means raw scores are reported; a malformed one is an error.

    Raises:
        RegistryError: naming the file when it is not a calibration table.
    """
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {
            sec: {str(k): float(v) for k, v in table.items()}
            for sec, table in data["sections"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise RegistryError(
            f"{path}: not a calibration table ({exc!r}). Regenerate it with "
            "`.venv/bin/python benchmarks/calibrate.py`, or delete it to report raw scores."
        ) from exc


def calibrate(
    scores: Mapping[str, float], table: Mapping[str, Mapping[str, float]]
) -> dict[str, float]:
    """Map raw label scores to calibrated confidences (nearest raw score measured)."""
    out: dict[str, float] = {}
    for label, raw in scores.items():
        cells = table.get(section_of(label).value)
        if not cells:
            out[label] = raw
            continue
        nearest = min(cells, key=lambda k: (abs(float(k) - raw), -float(k)))
        out[label] = cells[nearest]
    return out


def load_contextual_aliases(
    path: Path = EN_DIR / "contextual.toml",
) -> tuple[ContextualAlias, ...]:
    """Load the contextual aliases (``data/en/contextual.toml``).

    Raises:
        RegistryError: naming the file when an entry lacks text, code or when.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return tuple(
            ContextualAlias(
                text=a["text"], code=a["code"].upper(), when=frozenset(c.upper() for c in a["when"])
            )
            for a in data.get("alias", [])
        )
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise RegistryError(
            f"{path}: cannot read contextual aliases ({exc!r}). Each [[alias]] needs "
            'text = "the North", code = "PRK", when = ["KOR"].'
        ) from exc


def apply_contextual_aliases(
    pa: ParsedArticle, pair: Sequence[str], aliases: Sequence[ContextualAlias]
) -> None:
    """Add the aliases that apply to this article's pair to its government spans."""
    active = [a for a in aliases if a.when & set(pair)]
    if not active:
        return
    for pb in pa.blocks:
        doc = pb.doc
        if doc is None:
            continue
        spans = list(doc.spans[GOV_SPANS]) if GOV_SPANS in doc.spans else []
        taken = {i for g in spans for i in range(g.start, g.end)}
        seen_texts: set[str] = set()
        for alias in active:
            if alias.text in seen_texts:
                continue
            seen_texts.add(alias.text)
            words = alias.text.split()
            for i in range(len(doc) - len(words) + 1):
                if [t.text for t in doc[i : i + len(words)]] != words:
                    continue
                # the span is the name itself ("North"), so "the North's" reads as a possessive
                start = i + 1 if words[0].lower() == "the" and len(words) > 1 else i
                if any(j in taken for j in range(start, i + len(words))):
                    continue
                spans.append(Span(doc, start, i + len(words), label="alias", kb_id=alias.code))
                taken.update(range(start, i + len(words)))
        doc.spans[GOV_SPANS] = sorted(spans, key=lambda s: s.start)
