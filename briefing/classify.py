"""Sort every sentence of an article into the sections of a brief, with reasons.

The classifier reads the parse, not keyword lists alone:

- **position:X**: a government speaker (resolved by ``nlp.actors``) with a speech,
  stance or policy verb; the reported clause decides whether it states a stance or
  only reports a fact (figures, past events: background) or a schedule (next steps).
  Reported speech about another government's stance goes to that government.
- **next_steps**: future clauses ("will", "is due to", "would ... soon"), requests
  for action ("I ask both parties to ..."); a neutral schedule is next steps only.
- **risk**: threat, danger and escalation cues, hedged possibilities; mitigation
  ("tackle the threat") does not count.
- **background**: the rest of the body text that carries content.
- **other**: display text recovered by ingest (captions, credits, headings ...) and
  sentences about the reporting itself.

Every label has a confidence and the sentence lists the cues that fired.
"""

from __future__ import annotations

import json
import logging
import re
import tomllib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Span, Token

from briefing.errors import RegistryError
from briefing.model import BlockKind, Section, Sentence, position_label, section_of
from briefing.nlp.actors import ActorRecord, ArticleActors, SpeakerRef, gov_spans, noun_phrase
from briefing.nlp.components import GOV_SPANS
from briefing.nlp.pipeline import ParsedArticle
from briefing.nlp.registry import Registry

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"
_QUOTE_OPEN = "\"“‘'«"
_QUOTE_ENDS = (".'", ".’", ".”", "?'", "?’", "?”", "!'", "!’", "!”", '."', '?"', '!"')
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})


@dataclass(frozen=True, slots=True)
class Cues:
    """The cue lexicons of the classifier (``data/cues.toml`` plus user files)."""

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
    contextual: tuple[ContextualAlias, ...] = ()
    calibration: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    sources: tuple[str, ...] = field(default=())


def load_cues(extra: Sequence[Path] = ()) -> Cues:
    """Load the cue lexicons, merging user files into the shipped ``cues.toml``.

    Raises:
        RegistryError: when a file is not valid TOML or a list holds non-strings.
    """
    merged: dict[str, dict[str, list[str]]] = {}
    files = [DATA_DIR / "cues.toml", *extra]
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

    def words(table: str, key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in merged.get(table, {}).get(key, []))

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
        contextual=load_contextual_aliases(),
        calibration=load_calibration(),
        sources=tuple(str(p) for p in files),
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


# -- contextual aliases ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ContextualAlias:
    """A short form naming a government only in a brief on certain pairs ("the North")."""

    text: str
    code: str
    when: frozenset[str]


def load_contextual_aliases(
    path: Path = DATA_DIR / "contextual.toml",
) -> tuple[ContextualAlias, ...]:
    """Load the contextual aliases (``data/contextual.toml``).

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


# -- pair detection ------------------------------------------------------------------------


_PLACE_PREPS = frozenset({"in", "at", "to", "from", "near", "into", "outside", "inside"})
_TITLE_WEIGHT = 4
_TITLE_KINDS = frozenset({"name", "alias", "demonym", "people"})


_TITLE_PATTERNS: dict[str, tuple[re.Pattern[str], dict[str, str]]] = {}


def _title_pattern(registry: Registry) -> tuple[re.Pattern[str], dict[str, str]]:
    """A regex of the registry's names and demonyms, for headlines (which are not parsed)."""
    cached = _TITLE_PATTERNS.get(registry.key)
    if cached is not None:
        return cached
    forms = {
        p.text: p.code for p in registry.phrases() if p.kind in _TITLE_KINDS and len(p.text) > 2
    }
    ordered = sorted(forms, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.])(" + "|".join(re.escape(f) for f in ordered) + r")(?![\w])")
    _TITLE_PATTERNS[registry.key] = (pattern, forms)
    return pattern, forms


def body_salience(pa: ParsedArticle) -> Counter[str]:
    """Count how prominently each government figures in one article's body text, raw.

    Mentions in the first paragraphs and as subjects weigh more; a capital or seat used
    as a place ("talks in Brussels") does not count. Raw counts add up across articles.
    """
    counts: Counter[str] = Counter()
    for pb in pa.blocks:
        if pb.doc is None or pb.block.kind != BlockKind.BODY:
            continue
        first = pb.block.paragraph <= 2
        for g in gov_spans(pb.doc):
            if g.label_ in ("capital", "seat") and g.root.head.lower_ in _PLACE_PREPS:
                continue
            weight = 2 if first else 1
            if g.root.dep_ in _SUBJECTS or g.root.head.dep_ in _SUBJECTS:
                weight += 1
            counts[g.kb_id_] += weight
    return counts


def headline_salience(title: str, registry: Registry) -> Counter[str]:
    """Count the governments named in a headline (which is not parsed), weighted, raw."""
    counts: Counter[str] = Counter()
    if title:
        pattern, forms = _title_pattern(registry)
        for m in pattern.finditer(title):
            counts[forms[m.group(1)]] += _TITLE_WEIGHT
    return counts


def rank_governments(counts: Mapping[str, int], registry: Registry | None) -> tuple[str, str]:
    """Return the two governments with the highest raw counts.

    Organisations count half, so a mediator does not displace a party; ties go by code.
    """
    total: Counter[str] = Counter(counts)
    if registry is not None:
        for code in list(total):
            try:
                kind = registry.government(code).kind
            except RegistryError:
                continue
            if kind != "country":
                total[code] = total[code] // 2
    ranked = sorted(total, key=lambda c: (-total[c], c))
    if len(ranked) >= 2:
        return ranked[0], ranked[1]
    return (ranked[0], "") if ranked else ("", "")


def government_salience(
    parsed: Sequence[ParsedArticle], registry: Registry | None = None
) -> Counter[str]:
    """Raw salience of each government over the articles: bodies plus headlines."""
    counts: Counter[str] = Counter()
    for pa in parsed:
        counts.update(body_salience(pa))
        if registry is not None:
            counts.update(headline_salience(pa.article.title, registry))
    return counts


def detect_pair(parsed: Sequence[ParsedArticle], registry: Registry) -> tuple[str, str]:
    """Return the two most salient governments of the articles."""
    return rank_governments(government_salience(parsed, registry), registry)


# -- sentence analysis ---------------------------------------------------------------------


@dataclass(slots=True)
class Analysis:
    """What the classifier found in one sentence, before labels are decided."""

    span: Span
    paragraph_first: bool
    quoted: bool
    speaker: SpeakerRef | None = None
    speech_verb: Token | None = None
    stance_gov: str | None = None
    stance_reason: str = ""
    complement_gov: str | None = None
    complement_reason: str = ""
    factual: str = ""
    future: str = ""
    schedule_only: bool = False
    request: str = ""
    risk_cues: list[str] = field(default_factory=list)
    meta: str = ""
    negated_future: bool = False
    subordinate_speech: bool = False
    risk_past: bool = False
    joint: list[str] = field(default_factory=list)
    request_verb: Token | None = None
    future_aside: bool = False
    speech_negated: bool = False
    complement_weak: bool = False
    framed_by: str = ""
    stance_token: Token | None = None
    complement_token: Token | None = None


_SUBORDINATE_DEPS = frozenset({"advcl", "relcl", "acl", "pcomp", "csubj"})
#: Verbs whose future states a condition or continues a state rather than announcing a step.
_STATIVE = frozenset(
    {
        "be",
        "have",
        "see",
        "need",
        "remain",
        "seem",
        "depend",
        "appear",
        "mean",
        "stay",
        "keep",
        "determine",
        "understand",
        "know",
        "realise",
        "realize",
        "feel",
        "like",
    }
)
#: Nouns of scheduled events ("have a luncheon meeting", "hold talks").
_EVENTS = frozenset(
    {
        "meeting",
        "talk",
        "talks",
        "summit",
        "visit",
        "lunch",
        "luncheon",
        "dinner",
        "breakfast",
        "call",
        "conversation",
        "session",
        "round",
        "conference",
        "negotiation",
        "dialogue",
    }
)
#: Passive verbs that put an event on the calendar: "is set for Friday".
_SCHEDULING = frozenset({"set", "schedule", "plan", "slate", "expect", "due"})
#: Main verbs of a sentence that is only a note about the source.
_SOURCE_NOTE_VERBS = frozenset({"speak", "authorize", "authorise", "be", "decline", "ask"})
_PRONOUN_SUBJECTS = frozenset({"he", "she", "they", "it", "we", "i"})


def _subject(verb: Token) -> Token | None:
    """Return the active subject of a verb, inherited from the head verb for conjoined verbs."""
    for _ in range(3):
        for child in verb.children:
            if child.dep_ == "nsubj":
                return child
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            return None
        if verb.dep_ in ("conj", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
            verb = verb.head
        else:
            break
    return None


_OPENING_QUOTE = re.compile(r"(?:^|[\s:,(])[\"“‘']\s*\S")


def _first_person_inside(verb: Token, verbs: list[Token]) -> bool:
    """Whether a first-person speech verb sits inside a quotation ("I say to Armenia ...")."""
    subj = _subject(verb)
    if subj is None or subj.lower_ not in ("i", "we"):
        return False
    before = subj.doc.text[subj.sent.start_char : subj.idx]
    quoted = _OPENING_QUOTE.search(before) is not None
    return quoted or any(v.i != verb.i and verb in v.subtree for v in verbs)


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _agent(verb: Token) -> Token | None:
    """Return the object of a passive verb's "by" agent ("stated by X")."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _speaker_token(verb: Token) -> Token | None:
    """The phrase that speaks through a speech verb: its subject, or its passive agent."""
    return _agent(verb) if _passive(verb) else _subject(verb)


def _complement(verb: Token) -> Token | None:
    """Return the head of the clause reported by a speech verb."""
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp"):
            return child
    for child in verb.children:
        if child.dep_ == "parataxis":
            return child
    if verb.dep_ in ("parataxis", "advcl", "ccomp") and verb.head.pos_ in ("VERB", "AUX"):
        return verb.head  # "..., he said." parsed with the quote as head
    return None


def _clause_level(tok: Token, sent: Span) -> str:
    """Return "main" for verbs of the main clause, "sub" for subordinate clauses."""
    cur = tok
    while cur.dep_ == "conj" and cur.head is not cur:
        cur = cur.head
    if cur.dep_ in ("ROOT", "parataxis") or cur.i == sent.root.i:
        return "main"
    if cur.dep_ in ("ccomp", "xcomp") and cur.head.dep_ in ("ROOT", "conj"):
        return "complement"
    if cur.dep_ == "acl" and any(c.dep_ == "mark" and c.lower_ == "that" for c in cur.children):
        return "complement"  # "the fact that X will be invited"
    return "sub"


def _government_subject(tok: Token, registry_roles: ArticleActors) -> str | None:
    """Return the government a subject phrase names through registry forms, if any.

    People, non-government roles (companies, analysts) and organisations that the
    registry does not know are not governments.
    """
    phrase = noun_phrase(tok, restrict_location=True)
    if any(t.ent_type_ == "PERSON" for t in phrase):
        return None
    if registry_roles.is_non_government(phrase):
        return None
    ids = {t.i for t in phrase}
    hits = [g for g in gov_spans(tok.doc) if g.root.i in ids]
    if not hits:
        return None
    head_is_gov = any(g.start <= tok.i < g.end for g in hits)
    if not head_is_gov and not registry_roles.is_speaker_noun(tok):
        return None
    return min(hits, key=lambda g: abs(g.root.i - tok.i)).kb_id_


def _elliptical_parties(verb: Token, sent: Span, actors: ArticleActors) -> list[str]:
    """Parties of elliptical conjuncts: "X accepted it, but Kurti 'unfortunately not'"."""
    codes: list[str] = []
    for conj in verb.children:
        if conj.dep_ != "conj" or conj.pos_ in ("VERB", "AUX"):
            continue
        for n in conj.children:
            if n.dep_ in ("nsubj", "npadvmod", "dep", "nmod") and n.pos_ in ("PROPN", "NOUN"):
                code = _government_subject(n, actors)
                if code is None:
                    record = actors.peek(n, sent)
                    code = record.final_government() if record is not None else None
                if code and code not in codes:
                    codes.append(code)
    return codes


_BOTH = frozenset({"both", "two"})
_PARTY_NOUNS = frozenset(
    {
        "country",
        "countries",
        "side",
        "sides",
        "government",
        "governments",
        "nation",
        "nations",
        "neighbour",
        "neighbours",
        "neighbor",
        "neighbors",
        "capital",
        "capitals",
        "leader",
        "leaders",
        "minister",
        "ministers",
        "delegation",
        "delegations",
    }
)


def _both_parties(tok: Token) -> bool:
    """Whether a phrase names both parties: "the two countries", "both sides", a joint statement."""
    if any(c.lower_ == "joint" for c in tok.children):
        return True
    for t in noun_phrase(tok):
        if t.lower_ in _PARTY_NOUNS and any(c.lower_ in _BOTH for c in t.children):
            return True
    return False


def _government_subjects(tok: Token, actors: ArticleActors, pair: Sequence[str] = ()) -> list[str]:
    """Every government of a subject, conjuncts included ("Mexican and US officials")."""
    codes: list[str] = []
    if len(pair) == 2 and all(pair) and _both_parties(tok):
        return list(pair)
    for part in (tok, *tok.conjuncts):
        code = _government_subject(part, actors)
        if code is None and (part.ent_type_ == "PERSON" or part.pos_ == "PROPN"):
            record = actors.peek(part, part.sent)  # "India's Jaishankar and China's Wang"
            code = record.final_government() if record is not None else None
        if code and code not in codes:
            codes.append(code)
    if actors.is_speaker_noun(tok):
        modifiers = [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod", "poss")]
        heads = {t.i for m in modifiers for t in (m, *m.conjuncts)}
        for g in gov_spans(tok.doc):
            if g.root.i in heads and g.kb_id_ not in codes:
                codes.append(g.kb_id_)
    return codes


def _future_of(verb: Token, cues: Cues) -> tuple[str, Token]:
    """Describe the future marker on a verb ("will", "is due to") and the action verb.

    Returns ("", verb) when the verb carries no future marker.
    """
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass") and child.lower_ in cues.future_aux:
            return f"'{child.text} {verb.text}'", verb
    head = verb.head
    if verb.dep_ == "xcomp" and head.lower_ in cues.future_frames:
        return f"'{head.text} to {verb.text}'", verb
    if verb.dep_ == "xcomp" and head.lemma_ in {"plan", "intend"} and head.tag_ != "VBD":
        return f"'{head.text} to {verb.text}'", verb
    for child in verb.children:
        if child.dep_ == "acomp" and child.lower_ in cues.future_frames:
            action = next(
                (g for g in child.children if g.dep_ == "xcomp" and g.pos_ in ("VERB", "AUX")), None
            )
            if action is not None:
                return f"'{child.text} to {action.text}'", action
    return "", verb


def _time_words(span: Span | list[Token], cues: Cues) -> list[str]:
    """Words placing an action in the future: "soon", "next week", "in the coming days".

    Adjectives count only before a noun ("coming days"), so "is coming to London" does not.
    """
    found = []
    for t in span:
        if t.lower_ not in cues.time_words:
            continue
        if t.pos_ in ("VERB", "AUX"):
            continue
        if t.pos_ == "ADJ" and not (t.dep_ == "amod" and t.head.pos_ == "NOUN"):
            continue
        found.append(t.text)
    return found


_DAY_OR_MONTH = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December|tomorrow|tonight)\b"
)


def _dated(tokens: Span | list[Token]) -> list[str]:
    """Day or month expressions ("on Thursday", "in September") among the tokens."""
    seen = {t.i for t in tokens}
    doc = next(iter(tokens)).doc if seen else None
    if doc is None:
        return []
    return [
        e.text
        for e in doc.ents
        if e.label_ in ("DATE", "TIME")
        and e.root.i in seen
        and _DAY_OR_MONTH.search(e.text)
        and not re.search(r"\b(?:last|ago|earlier|previous)\b", e.text, re.IGNORECASE)
    ]


_YEAR = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b|\bdecades?\b|\bcentur")


def _risk_cues(span: Span, cues: Cues) -> list[str]:
    """Return the risk cues of a sentence, leaving out mitigated ones ("tackle the threat").

    Military activity counts when it is current: not in a sentence dated to a year.
    """
    found: list[str] = []
    hedged = any(t.lower_ in cues.hedges for t in span)
    historical = any(e.label_ == "DATE" and _YEAR.search(e.text) for e in span.ents)
    for tok in span:
        lemma = tok.lemma_.lower()
        if (lemma in cues.military or tok.lower_ in cues.military) and not historical:
            if not any(a.lemma_.lower() in cues.mitigation for a in list(tok.ancestors)[:3]):
                found.append(tok.text)
            continue
        if lemma not in cues.risk and tok.lower_ not in cues.risk:
            continue
        if (lemma in cues.weak_risk or tok.lower_ in cues.weak_risk) and not hedged:
            continue
        chain = [tok, *tok.ancestors]
        if any(a.lemma_.lower() in cues.mitigation for a in chain[1:4]):
            continue
        if any(c.lower_ in ("no", "not", "without") for c in tok.children) or (
            tok.pos_ == "NOUN" and any(c.dep_ == "neg" for c in tok.head.children)
        ):
            continue  # "pose no threat", "did not warn"
        found.append(tok.text)
    return found


def _own_future(verb: Token, an: Analysis, actors: ArticleActors) -> bool:
    """Whether a government speaker announces what it will itself do.

    "Russia would continue to work", "the border would be strengthened" (no agent).
    """
    speaker_gov = an.speaker.record.final_government() if an.speaker else None
    if speaker_gov is None:
        return False
    if _passive(verb) and _agent(verb) is None:
        return True
    subj = _subject(verb)
    return subj is not None and (
        subj.lower_ in ("we", "i") or _government_subject(subj, actors) == speaker_gov
    )


def _not_a_step(verb: Token) -> bool:
    """A future that states a stance or a state, not a step: negated, "only", stative verbs."""
    lemma = verb.lemma_.lower()
    # "have a meeting" is an event; "will have limited impact" is a state
    event = lemma == "have" and any(
        c.dep_ == "dobj" and c.lemma_.lower() in _EVENTS for c in verb.children
    )
    if lemma in _STATIVE and not event and not any(c.dep_ == "acomp" for c in verb.children):
        return True
    return any(
        c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "only") for c in verb.children
    )


def _kinetic(verb: Token, subj: Token | None, cues: Cues) -> bool:
    """A military action (airstrikes, shelling) rather than a policy act (guidelines rule C)."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
    if any(o.lemma_.lower() in cues.kinetic_objects for o in objects):
        return True
    return subj is not None and subj.lemma_.lower() in cues.military_subjects


def analyse(
    sent: Span,
    actors: ArticleActors,
    cues: Cues,
    *,
    quoted: bool,
    first: bool,
    last_speaker: SpeakerRef | None,
) -> Analysis:
    """Analyse one body sentence: speaker, stance, complement, future, request, risk."""
    an = Analysis(span=sent, paragraph_first=first, quoted=quoted)
    lowered = sent.text.lower().lstrip(_QUOTE_OPEN + " ")
    for opener in cues.meta_openers:
        if lowered.startswith(opener):
            an.meta = opener
            break
    if not an.meta and sent.root.lemma_.lower() in _SOURCE_NOTE_VERBS:
        note = next((n for n in cues.source_notes if n in lowered), None)
        if note is not None:
            an.meta = note
    verbs = [t for t in sent if t.pos_ in ("VERB", "AUX")]
    # 1. speech frame: a speech verb of the main clause and who speaks through it
    speech_main = [
        v
        for v in verbs
        if v.lemma_.lower() in cues.speech
        and _clause_level(v, sent) != "sub"
        and _speaker_token(v) is not None
        and not _first_person_inside(v, verbs)
    ]
    speech_sub = [
        v
        for v in verbs
        if v.lemma_.lower() in cues.speech
        and _clause_level(v, sent) == "sub"
        and _speaker_token(v) is not None
        and not any(a.dep_ in ("relcl", "acl") for a in (v, *v.ancestors))  # "who they said"
    ]
    unresolved_speaker = False
    speech_main.sort(key=lambda v: (_clause_level(v, sent) != "main", v.i))
    speech = speech_main[0] if speech_main else None
    if speech is None and speech_sub:
        speech = speech_sub[0]
        an.subordinate_speech = True
    if speech is not None:
        who = _speaker_token(speech)
        assert who is not None
        quoted_by: ActorRecord | None = None
        if speech.lemma_.lower() == "quote":  # "it quoted Wang as saying": Wang speaks
            quoted_person = next((c for c in speech.children if c.dep_ == "dobj"), None)
            if quoted_person is not None:
                quoted_by = actors.peek(who, sent)
                who = quoted_person
        an.speaker = actors.resolve(who, sent)
        if (
            quoted_by is not None
            and quoted_by.final_government()
            and (an.speaker is None or not an.speaker.record.final_government())
        ):
            # state media quoting an unnamed or unknown official: the media's government
            an.speaker = SpeakerRef(quoted_by, "quoted by", quoted_by.name)
        an.speech_verb = speech
        an.speech_negated = any(c.dep_ == "neg" for c in speech.children)
        unresolved_speaker = an.speaker is None
        joint = _government_subjects(who, actors, actors.pair)
        if len(joint) >= 2:
            an.joint = joint[1:]
            if an.speaker is None or not an.speaker.record.final_government() or _both_parties(who):
                an.stance_gov, an.stance_reason = joint[0], "both parties speak"
                an.speaker = None
                unresolved_speaker = False
    if an.speaker is None and not unresolved_speaker:
        for tok in sent:
            if tok.lower_ == "according" and tok.i + 1 < sent.end and tok.nbor(1).lower_ == "to":
                pobj = next((c for c in tok.nbor(1).children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    an.speaker = actors.resolve(pobj, sent)
                    break
    speech_clause = _complement(speech) if speech is not None else None
    if speech_clause is not None and speech_clause.i == speech.i:  # type: ignore[union-attr]
        speech_clause = None
    # 2. stance or policy verbs with a subject, in the main clause or the reported clause
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "ADJ":
            if lemma not in cues.stance_adjectives or tok.dep_ != "acomp":
                continue
            verb = tok.head
        elif tok.pos_ in ("VERB", "AUX") and (
            lemma in cues.stance
            or lemma in cues.policy
            or (
                lemma in cues.speech
                and speech is not None
                and tok.i != speech.i
                and tok in speech.subtree
            )
        ):
            verb = tok
        else:
            continue
        level = _clause_level(verb, sent)
        reported = speech_clause is not None and verb in speech_clause.subtree
        aim = verb.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ == "as" for c in verb.children
        )  # "The visit comes as South Korea seeks to ..."
        if level == "sub" and not reported and not aim:
            continue
        if verb.dep_ in ("xcomp", "ccomp") and verb.head.lemma_.lower() in cues.request:
            continue  # "I expect Kosovo to suspend ...": a request, not Kosovo's stance
        subj = _subject(verb)
        if subj is None or _kinetic(verb, subj, cues):
            continue
        kind = "policy act" if lemma in cues.policy else "stance"
        inside_speech = speech is not None and tok.i != speech.i and reported
        if (
            subj.lower_ in _PRONOUN_SUBJECTS
            or subj.ent_type_ == "PERSON"
            or (subj.pos_ == "PROPN" and _government_subject(subj, actors) is None)
        ):
            if an.speaker is None and not unresolved_speaker and not inside_speech:
                ref = actors.resolve(subj, sent)
                if ref is not None:
                    an.speaker, an.speech_verb = ref, tok
                    an.stance_reason = f"{kind} '{tok.text}'"
            elif (
                inside_speech and subj.lower_ not in _PRONOUN_SUBJECTS and an.complement_gov is None
            ):
                ref = actors.resolve(subj, sent)  # "the statement said Wang outlined ..."
                code = ref.record.final_government() if ref is not None else None
                if code and ref is not None and ref.record.is_person:
                    an.complement_gov = code
                    an.complement_token = tok
                    an.complement_reason = f"reported {kind} of {ref.phrase!r} ({code})"
            continue
        code = _government_subject(subj, actors)
        both = (
            _government_subjects(subj, actors, actors.pair)
            if code is None and not inside_speech
            else []
        )
        if code is None and len(both) == 2:
            code = both[0]
        if code is None:
            if an.speaker is None and not unresolved_speaker and not inside_speech:
                ref = actors.resolve(subj, sent)
                if ref is not None:
                    an.speaker, an.speech_verb = ref, tok
                    an.stance_reason = f"{kind} '{tok.text}'"
            continue
        if inside_speech:
            if an.complement_gov is None:
                an.complement_gov = code
                an.complement_token = tok
                an.complement_reason = f"reported {kind} of {subj.text!r}: '{tok.text}'"
        elif an.stance_gov is None:
            an.stance_gov = code
            an.stance_token = tok
            an.joint = [c for c in _government_subjects(subj, actors, actors.pair) if c != code]
            an.joint += [c for c in _elliptical_parties(verb, sent, actors) if c != code]
            an.stance_reason = (
                f"{' '.join(t.text for t in noun_phrase(subj))!r} + {kind} '{tok.text}'"
            )
    # 2a. "if Kosovo begins, as it has announced, to ...": the announcement is a stance
    if an.stance_gov is None and an.complement_gov is None:
        for tok in verbs:
            if tok.dep_ != "advcl" or not any(
                c.dep_ == "mark" and c.lower_ == "as" for c in tok.children
            ):
                continue
            if tok.lemma_.lower() not in cues.speech and tok.lemma_.lower() not in cues.policy:
                continue
            subj = _subject(tok)
            record = actors.peek(subj, sent) if subj is not None else None
            code = record.final_government() if record is not None else None
            if code and code in actors.pair:
                an.stance_gov = code
                an.stance_reason = f"as {subj.text} {tok.text}"  # type: ignore[union-attr]
                break
    # 2b. a reported intention of a government: "X said the UK will determine access"
    if speech is not None and an.complement_gov is None:
        clause = _complement(speech)
        if (
            clause is not None
            and clause.i != speech.i
            and any(
                c.dep_ == "aux" and (c.tag_ == "MD" or c.lower_ in cues.future_aux)
                for c in clause.children
            )
        ):
            csubj = _subject(clause)
            code = _government_subject(csubj, actors) if csubj is not None else None
            if code:
                an.complement_gov = code
                an.complement_token = clause
                an.complement_reason = f"reported intention of {csubj.text!r}: '{clause.text}'"
                an.complement_weak = True
    # 2c. "A said B had dropped its objection, a move it welcomed": B's stance, A's framing
    if speech is not None and an.speaker is not None and an.speaker.record.government:
        clause = _complement(speech)
        csubj = _subject(clause) if clause is not None and clause.i != speech.i else None
        other = _government_subject(csubj, actors) if csubj is not None else None
        own = an.speaker.record.government
        if clause is not None and other and other != own:
            inside = {t.i for t in clause.subtree}
            framing = next(
                (
                    t
                    for t in sent
                    if (t.i not in inside or t.dep_ == "relcl")
                    and t.i not in (speech.i, clause.i)
                    and t.pos_ == "VERB"
                    and t.lemma_.lower() in cues.stance
                    and any(c.dep_ == "nsubj" and c.pos_ == "PRON" for c in t.children)
                ),
                None,
            )
            if framing is not None:
                an.complement_gov, an.complement_token = other, clause
                an.complement_reason = f"reported stance of {csubj.text!r}: '{clause.text}'"
                an.joint = [own]
                an.framed_by = f"framed by the speaker: '{framing.text}'"
    # 3. quote continuation: a quoted sentence with no speech frame of its own
    if speech is None and not unresolved_speaker and quoted and last_speaker is not None:
        if an.stance_gov is not None:
            an.complement_gov, an.complement_reason = an.stance_gov, "quoted " + an.stance_reason
            an.stance_gov = None
        an.speaker = SpeakerRef(last_speaker.record, "quote continues", last_speaker.phrase)
    # 3b. "X struck a cordial tone: '...'": a subject introducing a quotation with a colon
    if an.speaker is None and speech is None and ":" in sent.text:
        colon = next(t for t in sent if t.text == ":")
        after = sent.doc[colon.i + 1 : sent.end].text.lstrip()
        subj = _subject(sent.root)
        if after[:1] in _QUOTE_OPEN and subj is not None and subj.i < colon.i:
            an.speaker = actors.resolve(subj, sent)
            an.stance_reason = "introduces a quotation"
    # 4. what the reported clause (or the main clause) says
    clause = _complement(an.speech_verb) if an.speech_verb is not None else None
    scope_tokens = list(clause.subtree) if clause is not None else list(sent)
    if an.speech_verb is not None and clause is not None:
        ents = [e for e in sent.ents if e.root in scope_tokens]
        past_event = clause.tag_ in ("VBD", "VBN") or any(
            c.dep_ in ("aux", "auxpass")
            and c.lower_ in ("had", "been", "were", "was", "have", "has")
            for c in clause.children
        )
        figures = [
            e.text
            for e in ents
            if (e.label_ in _FIGURES and any(c.isdigit() for c in e.text))
            or (e.label_ == "DATE" and past_event and _DURATION.search(e.text))
        ]
        modal = any(t.tag_ == "MD" for t in scope_tokens)
        neg = any(t.dep_ == "neg" for t in scope_tokens)
        evaluative = any(t.pos_ == "ADJ" and t.dep_ in ("acomp", "attr") for t in scope_tokens)
        stance_word = any(
            t.lemma_.lower() in cues.stance or t.lemma_.lower() in cues.stance_adjectives
            for t in scope_tokens
            if t.pos_ in ("VERB", "ADJ")
        )
        clause_text = " ".join(t.lower_ for t in scope_tokens)
        justified = any(j in clause_text for j in cues.justifications)
        stance_word = stance_word or justified  # "fired in accordance with instructions"
        military = _kinetic(clause, _subject(clause), cues) or (
            clause.lemma_.lower() in cues.kinetic_verbs
        )
        if (
            military
            and past_event
            and not (modal or neg or justified)
            and an.speech_verb.lemma_.lower() not in cues.stance_speech
        ):
            an.factual = "military action"
        elif (
            figures
            and past_event
            and not (modal or neg or evaluative or stance_word)
            and (an.speech_verb.lemma_.lower() not in cues.stance_speech)
        ):
            an.factual = ", ".join(figures)
    # 5. future: in the clause that matters, and requests for action
    for verb in (t for t in scope_tokens if t.pos_ in ("VERB", "AUX")):
        if _clause_level(verb, sent) == "sub" and not (
            clause is not None and verb in clause.subtree and verb.dep_ not in _SUBORDINATE_DEPS
        ):
            continue
        marker, verb = _future_of(verb, cues)
        if not marker:
            continue
        ongoing = verb.lemma_.lower() == "continue" and not (
            an.speaker is not None and an.speaker.record.final_government()
        )
        if _not_a_step(verb) or ongoing:
            an.negated_future = True
            continue
        an.future = marker
        frame = verb.head if verb.dep_ == "xcomp" else verb
        subj = (
            _subject(verb)
            or _subject(frame)
            or next((c for c in frame.children if c.dep_ == "nsubjpass"), None)
        )
        schedule = verb.lemma_.lower() in cues.schedule
        speaker_gov = an.speaker.record.final_government() if an.speaker else None
        own_move = (
            (subj is not None and subj.lower_ in ("we", "i", "it", "they"))
            or (
                subj is not None
                and speaker_gov is not None
                and _government_subject(subj, actors) == speaker_gov
            )
            or (_passive(verb) and _agent(verb) is None and an.speaker is not None)
        )
        an.schedule_only = schedule and not own_move
        if (
            an.speaker is None
            and not unresolved_speaker
            and subj is not None
            and not schedule
            and (subj.ent_type_ == "PERSON" or subj.pos_ == "PROPN")
        ):
            ref = actors.resolve(subj, sent)
            if ref is not None and ref.record.government:
                an.speaker = ref
                an.stance_reason = f"declares a next move {marker}"
        break
    if not an.future and an.speech_verb is not None and an.speech_verb.tag_ == "VBD":
        for verb in (t for t in scope_tokens if t.pos_ in ("VERB", "AUX")):
            if (
                any(c.lower_ == "would" for c in verb.children)
                and not _not_a_step(verb)
                and (
                    verb.lemma_.lower() in cues.schedule
                    or _time_words(scope_tokens, cues)
                    or _dated(scope_tokens)
                    or _own_future(verb, an, actors)
                )
            ):
                an.future = f"'would {verb.text}'"
                subj = _subject(verb)
                speaker_gov = an.speaker.record.final_government() if an.speaker else None
                own = (_passive(verb) and _agent(verb) is None) or (
                    subj is not None
                    and (
                        subj.lower_ in ("we", "i", "it", "they")
                        or (
                            speaker_gov is not None
                            and _government_subject(subj, actors) == speaker_gov
                        )
                    )
                )
                an.schedule_only = verb.lemma_.lower() in cues.schedule and not own
                break
    if not an.future:
        when = _time_words(sent, cues)
        sched = [v for v in verbs if v.lemma_.lower() in cues.schedule and v.tag_ != "VBD"]
        if not when and sent.root.tag_ in ("VBP", "VBZ"):
            when = _dated(sent)  # "Leaders meet in Brussels on Thursday"
            sched = [v for v in sched if v.tag_ in ("VBP", "VBZ")]
        if when and sched:
            an.future = f"'{sched[0].text}' + time '{when[0]}'"
            an.schedule_only = True
            an.future_aside = sent.root.tag_ == "VBD"
    if not an.future:
        for verb in verbs:
            # "A breakfast is set for Friday", "talks are scheduled for next week"
            if (
                verb.lemma_.lower() in _SCHEDULING
                and _passive(verb)
                and verb.tag_ == "VBN"
                and not any(a.tag_ == "VBD" and a.lemma_ != "be" for a in verb.children)
                and (_dated(list(verb.subtree)) or _time_words(list(verb.subtree), cues))
                and not any(c.lower_ in ("was", "were") for c in verb.children)
            ):
                an.future = f"'{verb.text}' for a date"
                an.schedule_only = True
                break
            # "Moscow was willing to host the ministers": an offer of a meeting
            if (
                verb.lemma_.lower() in cues.schedule
                and verb.dep_ == "xcomp"
                and verb.head.lemma_.lower() in cues.stance_adjectives
            ):
                an.future = f"'{verb.head.text} to {verb.text}'"
                break
    for tok in verbs:
        if tok.lemma_.lower() in cues.request and tok.tag_ in ("VBP", "VBZ", "VB"):
            subj = _subject(tok)
            has_clause = any(c.dep_ in ("xcomp", "ccomp") for c in tok.children)
            negated = any(c.dep_ == "neg" for c in tok.children)
            if subj is not None and subj.lower_ in ("i", "we") and has_clause and not negated:
                an.request = f"request '{subj.text} {tok.text} ... to'"
                an.request_verb = tok
                break
    if an.request and an.request_verb is not None:
        inside = {t.i for t in an.request_verb.subtree}
        if an.stance_token is not None and an.stance_token.i in inside:
            an.stance_gov, an.joint = None, []
        if an.complement_token is not None and an.complement_token.i in inside:
            an.complement_gov = None
    an.risk_cues = _risk_cues(sent, cues)
    an.risk_past = sent.root.tag_ in ("VBD", "VBN") or any(
        c.dep_ == "aux" and c.tag_ == "VBD" for c in sent.root.children
    )
    return an


_FIGURES = frozenset({"CARDINAL", "QUANTITY", "PERCENT", "MONEY"})
_DURATION = re.compile(r"\b(?:years?|months?|weeks?|decades?)\b", re.IGNORECASE)


# -- labels --------------------------------------------------------------------------------


def _speaker_government(
    an: Analysis, registry: Registry, pair: Sequence[str]
) -> tuple[str | None, str]:
    """Return the government an analysis attributes the sentence to, and the reason.

    A speaker with direct evidence (registry form, title with nationality) comes first;
    a reported stance of another government wins over a speaker known only from
    context, or from outside the pair (guidelines rule H).
    """
    speaker_gov: str | None = None
    speaker_why = ""
    strong = False
    if an.speaker is not None:
        speaker_gov = an.speaker.record.final_government()
        if speaker_gov:
            strong = bool(an.speaker.record.government)
            how = an.speaker.record.resolved_by if strong else "context"
            speaker_why = (
                f"speaker: {an.speaker.phrase} → {speaker_gov} via {an.speaker.via}, {how}"
            )
            if an.stance_reason:
                speaker_why += f" ({an.stance_reason})"
    if an.complement_gov and (
        an.framed_by
        or not speaker_gov
        or not strong
        or (speaker_gov not in pair and an.complement_gov in pair and not an.complement_weak)
    ):
        return an.complement_gov, an.complement_reason
    if speaker_gov:
        return speaker_gov, speaker_why
    if an.stance_gov:
        return an.stance_gov, an.stance_reason
    return None, ""


#: Speech verbs by which an organisation acts as a party rather than mediates.
_ACTING_SPEECH = frozenset({"threaten", "accuse", "condemn", "demand", "reject", "warn"})


def _is_mediator(code: str, registry: Registry, pair: Sequence[str]) -> bool:
    """An organisation outside the pair speaks as a mediator: label its sentences by content."""
    if code in pair:
        return False
    try:
        return registry.government(code).kind != "country"
    except RegistryError:
        return False


def decide(
    an: Analysis, registry: Registry, pair: Sequence[str]
) -> tuple[list[str], dict[str, float], list[str]]:
    """Turn an analysis into ordered labels, confidences and reasons."""
    reasons: list[str] = []
    labels: list[str] = []
    scores: dict[str, float] = {}
    if an.meta:
        return (
            [Section.OTHER.value],
            {Section.OTHER.value: 0.8},
            [f"about the reporting: '{an.meta}'"],
        )
    gov, why = _speaker_government(an, registry, pair)
    nongov = an.speaker is not None and an.speaker.record.role == "non-government"
    position = False
    if nongov:
        reasons.append(f"speaker: {an.speaker.phrase} is not a government")  # type: ignore[union-attr]
    elif (
        gov
        and _is_mediator(gov, registry, pair)
        and not (
            an.stance_gov == gov
            or (an.speech_verb is not None and an.speech_verb.lemma_.lower() in _ACTING_SPEECH)
        )
    ):
        reasons.append(f"{why}: a mediator, placed by content")
    elif an.speech_negated and not an.stance_gov:
        reasons.append(f"{why}, but says nothing ('{an.speech_verb}' is negated)")
    elif gov:
        if an.complement_gov == gov or (an.stance_gov == gov and an.speaker is None):
            position = True
        elif an.factual and (not an.risk_cues or an.factual == "military action"):
            reasons.append(f"{why}, but reports a fact ({an.factual})")
        elif an.future and an.schedule_only and not an.request:
            reasons.append(f"{why}, but only reports a schedule")
        else:
            position = True
    trigger = position and an.subordinate_speech and an.stance_gov is None
    if trigger:
        labels.append(Section.BACKGROUND.value)
        scores[Section.BACKGROUND.value] = 0.6
        reasons.append("a statement cited as the trigger of past events")
    if position and gov:
        label = position_label(gov)
        labels.append(label)
        strong = an.speaker is None or bool(an.speaker.record.government)
        scores[label] = 0.85 if strong else 0.65
        reasons.append(why)
        for other in an.joint:
            if position_label(other) not in labels:
                labels.append(position_label(other))
                scores[position_label(other)] = scores[label]
                reasons.append(an.framed_by or f"joint subject: also {other}")
        if not an.framed_by and len(pair) == 2 and all(position_label(c) in labels for c in pair):
            ordered = [position_label(c) for c in pair]
            labels = ordered + [x for x in labels if x not in ordered]
    if (an.future and not an.negated_future) or an.request:
        labels.append(Section.NEXT_STEPS.value)
        scores[Section.NEXT_STEPS.value] = 0.8 if an.schedule_only or an.request else 0.7
        reasons.append("future: " + (an.request or an.future))
    if an.risk_cues:
        strength = len(set(an.risk_cues))
        labels.append(Section.RISK.value)
        scores[Section.RISK.value] = min(0.9, 0.5 + 0.15 * strength)
        reasons.append("risk cues: " + ", ".join(f"'{c}'" for c in dict.fromkeys(an.risk_cues)))
    if an.future_aside and not position and Section.BACKGROUND.value not in labels:
        labels.insert(0, Section.BACKGROUND.value)
        scores[Section.BACKGROUND.value] = 0.6
        reasons.append("the day's event, with a step to come")
    if not labels:
        labels.append(Section.BACKGROUND.value)
        scores[Section.BACKGROUND.value] = 0.55
        if not reasons:
            reasons.append("no stance, schedule or risk cue: context")
    elif labels == [Section.RISK.value] and an.risk_past:
        labels.append(Section.BACKGROUND.value)
        scores[Section.BACKGROUND.value] = 0.5
        reasons.append("a past event")
    return labels, scores, reasons


_DATELINE_CITY = re.compile(
    r"^\s*([A-Z][A-Za-z.'-]*(?:[ -][A-Z][A-Za-z.'-]*)*)(?:/[^,(:]*)?\s*[,(:–—-]"
)


_WIRE_DATELINE = re.compile(r"\b([A-Z]{3,}(?: [A-Z]{3,})*),? (?:[A-Z][a-z]{2,4}\.? \d{1,2} )?\(")


def dateline_government(pa: ParsedArticle, registry: Registry) -> str | None:
    """The government of the city a wire dateline names ("SEOUL, Jan. 4 (Yonhap) --")."""
    body = [pb for pb in pa.blocks if pb.block.kind == BlockKind.BODY][:3]
    for pb in body:
        text = pa.article.text[pb.block.start : pb.block.end]
        m = _DATELINE_CITY.match(text)
        if m is None or not (m.group(1).isupper() or "(" in text[: m.end() + 30]):
            m = _WIRE_DATELINE.search(
                text[:400]
            )  # glued after a slug: "... SEOUL, Jan. 4 (Yonhap)"
        if m is not None:
            city = m.group(1).strip().lower()
            for phrase in registry.phrases():
                if phrase.kind == "capital" and phrase.text.lower() == city:
                    return phrase.code
    return None


def classify_article(
    pa: ParsedArticle, registry: Registry, cues: Cues, *, pair: Sequence[str] | None = None
) -> list[Sentence]:
    """Classify every unit of one parsed article, in text order.

    Display blocks (captions, credits, headings, ...) come out as one ``other`` unit
    each; body blocks are split into sentences and classified.
    """
    the_pair = tuple(pair) if pair else detect_pair([pa], registry)
    apply_contextual_aliases(pa, the_pair, cues.contextual)
    actors = ArticleActors(registry, the_pair)
    for pb in pa.blocks:
        for sent in pb.sentences:
            actors.learn(sent)
    pending: list[tuple[int, object]] = []
    last_speaker: SpeakerRef | None = None
    last_paragraph = -1
    for pb in pa.blocks:
        block = pb.block
        if block.kind != BlockKind.BODY:
            pending.append((block.start, block))
            continue
        open_quote = False
        for i, sent in enumerate(pb.sentences):
            text = sent.text
            starts_quoted = (
                text[:1] in _QUOTE_OPEN or open_quote or text.rstrip().endswith(_QUOTE_ENDS)
            )
            an = analyse(
                sent,
                actors,
                cues,
                quoted=starts_quoted,
                first=i == 0,
                last_speaker=last_speaker if block.paragraph - last_paragraph <= 2 else None,
            )
            open_quote = _quote_open_after(text, open_quote)
            if an.speaker is not None:
                last_speaker = an.speaker
            last_paragraph = block.paragraph
            pending.append((block.start + sent.start_char, an))
    out: list[Sentence] = []
    actors.finalize(dateline_government(pa, registry))
    article = pa.article
    for index, (_, item) in enumerate(pending):
        if isinstance(item, Analysis):
            block_start = next(pb.block.start for pb in pa.blocks if pb.doc is item.span.doc)
            start = block_start + item.span.start_char
            end = block_start + item.span.end_char
            text = article.text[start:end]
            stripped = text.rstrip()
            end -= len(text) - len(stripped)
            labels, scores, reasons = decide(item, registry, the_pair)
            scores = calibrate(scores, cues.calibration)
            speaker = item.speaker.record.freeze() if item.speaker else None
            out.append(
                Sentence(
                    article_id=article.id,
                    start=start,
                    end=end,
                    text=article.text[start:end],
                    block_kind=BlockKind.BODY,
                    paragraph=next(
                        pb.block.paragraph for pb in pa.blocks if pb.doc is item.span.doc
                    ),
                    index=index,
                    speaker=speaker,
                    labels=tuple(labels),
                    scores=scores,
                    reasons=tuple(reasons),
                )
            )
        else:
            block = item  # type: ignore[assignment]
            out.append(
                Sentence(
                    article_id=article.id,
                    start=block.start,
                    end=block.end,
                    text=article.text[block.start : block.end],
                    block_kind=block.kind,
                    paragraph=block.paragraph,
                    index=index,
                    labels=(Section.OTHER.value,),
                    scores=calibrate({Section.OTHER.value: 0.95}, cues.calibration),
                    reasons=(
                        f"display text: {block.kind.value}"
                        + (f" ({block.reason})" if block.reason else ""),
                    ),
                )
            )
    return out


def _quote_open_after(text: str, open_quote: bool) -> bool:
    """Track whether a double quotation is still open after this sentence."""
    for ch in text:
        if ch == "“":
            open_quote = True
        elif ch == "”":
            open_quote = False
        elif ch == '"':
            open_quote = not open_quote
    return open_quote


def classify_articles(
    parsed: Sequence[ParsedArticle],
    registry: Registry,
    cues: Cues,
    *,
    pair: Sequence[str] | None = None,
) -> list[Sentence]:
    """Classify every article; each article gets its own pair unless ``pair`` is given."""
    out: list[Sentence] = []
    for pa in parsed:
        out.extend(classify_article(pa, registry, cues, pair=pair))
    return out
