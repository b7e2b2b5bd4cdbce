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

import logging
import re
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Span, Token

from briefing.errors import RegistryError
from briefing.model import BlockKind, Section, Sentence, position_label
from briefing.nlp.actors import ArticleActors, SpeakerRef, gov_spans, noun_phrase
from briefing.nlp.pipeline import ParsedArticle
from briefing.nlp.registry import Registry

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"
_QUOTE_OPEN = "\"“‘'«"
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
    hedges: frozenset[str]
    mitigation: frozenset[str]
    event_verbs: frozenset[str]
    meta_openers: tuple[str, ...]
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
                        f"{path}: {table}.{key} must be a list of strings, e.g. {key} = [\"word\"]."
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
        hedges=words("risk", "hedges"),
        mitigation=words("risk", "mitigation_verbs"),
        event_verbs=words("factual", "event_verbs"),
        meta_openers=tuple(sorted(words("meta", "openers"))),
        sources=tuple(str(p) for p in files),
    )


# -- pair detection ------------------------------------------------------------------------


def government_salience(parsed: Sequence[ParsedArticle]) -> Counter[str]:
    """Count how prominently each government figures in the articles' body text and titles."""
    counts: Counter[str] = Counter()
    for pa in parsed:
        for pb in pa.blocks:
            if pb.doc is None:
                continue
            first = pb.block.paragraph <= 2
            for g in gov_spans(pb.doc):
                weight = 2 if first else 1
                if g.root.dep_ in _SUBJECTS or g.root.head.dep_ in _SUBJECTS:
                    weight += 1
                counts[g.kb_id_] += weight
    return counts


def detect_pair(parsed: Sequence[ParsedArticle], registry: Registry) -> tuple[str, str]:
    """Return the two most salient governments (countries before organisations on ties)."""
    counts = government_salience(parsed)
    ranked = sorted(counts, key=lambda c: (-counts[c], c))
    if len(ranked) >= 2:
        return ranked[0], ranked[1]
    if len(ranked) == 1:
        return ranked[0], ""
    return "", ""


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


def _subject(verb: Token) -> Token | None:
    """Return the subject of a verb, inherited from the head verb for conjoined verbs."""
    for _ in range(3):
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
            verb = verb.head
        else:
            break
    return None


def _agent(verb: Token) -> Token | None:
    """Return the object of a passive verb's "by" agent ("stated by X")."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _complement(verb: Token) -> Token | None:
    """Return the head of the clause reported by a speech verb."""
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp", "parataxis"):
            return child
    if verb.dep_ in ("parataxis", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        return verb.head  # "..., he said." parsed with the quote as head
    return None


def _is_government_phrase(tok: Token) -> str | None:
    """Return the government a subject phrase names through registry forms, if any."""
    phrase = noun_phrase(tok)
    ids = {t.i for t in phrase}
    if any(t.ent_type_ == "PERSON" for t in phrase):
        return None
    hits = [g for g in gov_spans(tok.doc) if g.root.i in ids]
    if not hits:
        return None
    return min(hits, key=lambda g: abs(g.root.i - tok.i)).kb_id_


def _future_of(verb: Token, cues: Cues) -> str:
    """Describe the future marker on a verb ("will", "is due to"), or ""."""
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass") and child.lower_ in cues.future_aux:
            return f"'{child.text} {verb.text}'"
    head = verb.head
    if verb.dep_ == "xcomp" and head.lower_ in cues.future_frames | {"due"}:
        return f"'{head.text} to {verb.text}'"
    if verb.dep_ == "xcomp" and head.lemma_ in {"plan", "intend", "expect"} and head.tag_ != "VBD":
        return f"'{head.text} to {verb.text}'"
    for child in verb.children:
        if child.dep_ == "acomp" and child.lower_ in {"due", "set", "scheduled", "slated"}:
            return f"'{child.text} to'"
    return ""


def _time_words(span: Span, cues: Cues) -> list[str]:
    return [t.text for t in span if t.lower_ in cues.time_words]


def _risk_cues(span: Span, cues: Cues) -> list[str]:
    """Return the risk cues of a sentence, leaving out mitigated ones ("tackle the threat")."""
    found: list[str] = []
    hedged = any(t.lower_ in cues.hedges for t in span)
    for tok in span:
        lemma = tok.lemma_.lower()
        if lemma not in cues.risk and tok.lower_ not in cues.risk:
            continue
        if lemma in cues.weak_risk and not hedged:
            continue
        chain = [tok, *tok.ancestors]
        if any(a.lemma_.lower() in cues.mitigation for a in chain[1:4]):
            continue
        found.append(tok.text)
    return found


def analyse(
    sent: Span, actors: ArticleActors, cues: Cues, *, quoted: bool, first: bool,
    last_speaker: SpeakerRef | None,
) -> Analysis:
    """Analyse one body sentence: speaker, stance, complement, future, request, risk."""
    an = Analysis(span=sent, paragraph_first=first, quoted=quoted)
    lowered = sent.text.lower().lstrip(_QUOTE_OPEN + " ")
    for opener in cues.meta_openers:
        if lowered.startswith(opener):
            an.meta = opener
            break
    root = sent.root
    # 1. speech frame: a speech verb and its subject (or "according to X", or a passive agent)
    speech: Token | None = None
    for tok in sent:
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in cues.speech:
            subj = _subject(tok) or _agent(tok)
            if subj is not None and (speech is None or tok is root):
                speech = tok
    if speech is not None:
        subj = _subject(speech) or _agent(speech)
        if subj is not None:
            an.speaker = actors.resolve(subj, sent)
            an.speech_verb = speech
    if an.speaker is None:
        for tok in sent:
            if tok.lower_ == "according" and tok.nbor(1).lower_ == "to" if tok.i + 1 < len(tok.doc) else False:
                pobj = next((c for c in tok.nbor(1).children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    an.speaker = actors.resolve(pobj, sent)
                    break
    # 2. stance or policy verb with a government subject, without speech
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ not in ("VERB", "AUX", "ADJ"):
            continue
        is_stance = lemma in cues.stance or lemma in cues.policy
        if tok.pos_ == "ADJ":
            is_stance = lemma in cues.stance_adjectives and tok.dep_ == "acomp"
            verb = tok.head
        else:
            verb = tok
        if not is_stance:
            continue
        subj = _subject(verb)
        if subj is None:
            continue
        if subj.lower_ in ("he", "she", "they", "it", "we", "i") or subj.ent_type_ == "PERSON":
            ref = actors.resolve(subj, sent) if an.speaker is None else an.speaker
            if ref is not None and an.speaker is None:
                an.speaker = ref
                an.speech_verb = tok
            continue
        code = _is_government_phrase(subj)
        if code is None:
            ref = actors.resolve(subj, sent)
            if ref is not None and an.speaker is None:
                an.speaker, an.speech_verb = ref, tok
            continue
        if speech is not None and tok is not speech and tok in speech.subtree:
            an.complement_gov = code
            an.complement_reason = f"reported stance of {subj.text!r}: '{tok.text}'"
        elif an.stance_gov is None:
            an.stance_gov = code
            an.stance_reason = f"{subj.text!r} + {'policy act' if lemma in cues.policy else 'stance'} '{tok.text}'"
    # 3. quote continuation: a quoted sentence with no speaker of its own
    if an.speaker is None and an.stance_gov is None and quoted and last_speaker is not None:
        an.speaker = last_speaker
        an.speaker = SpeakerRef(last_speaker.record, "quote continues", last_speaker.phrase)
    # 4. what the reported clause (or the main clause) says
    clause = _complement(an.speech_verb) if an.speech_verb is not None else root
    if clause is None:
        clause = root
    scope = sent if clause is root else clause.subtree
    scope_tokens = list(scope)
    if an.speech_verb is not None and clause is not root:
        ents = [e for e in sent.ents if e.root in scope_tokens]
        figures = [e.text for e in ents if e.label_ in ("CARDINAL", "QUANTITY", "PERCENT", "MONEY")]
        modal = any(t.tag_ == "MD" for t in scope_tokens)
        neg = any(t.dep_ == "neg" for t in scope_tokens)
        evaluative = any(t.pos_ == "ADJ" and t.dep_ in ("acomp", "attr") for t in scope_tokens)
        stance_word = any(t.lemma_.lower() in cues.stance or t.lemma_.lower() in cues.stance_adjectives for t in scope_tokens)
        past_event = clause.tag_ in ("VBD", "VBN") or any(
            c.dep_ in ("aux", "auxpass") and c.lower_ in ("had", "been", "were", "was") for c in clause.children
        )
        if (figures or clause.lemma_.lower() in cues.event_verbs) and past_event and not (modal or neg or evaluative or stance_word):
            if an.speech_verb.lemma_.lower() not in cues.stance_speech:
                an.factual = ", ".join(figures) or f"event '{clause.text}'"
    # 5. future: in the clause that matters, and requests for action
    future_verbs = [t for t in scope_tokens if t.pos_ in ("VERB", "AUX")]
    for verb in future_verbs:
        marker = _future_of(verb, cues)
        if marker:
            if any(c.dep_ == "neg" for c in verb.children):
                an.negated_future = True
                continue
            an.future = marker
            subj = _subject(verb)
            schedule = verb.lemma_.lower() in cues.schedule or (
                verb.lemma_ == "be" and any(c.lemma_.lower() in cues.schedule for c in verb.children)
            )
            own_move = subj is not None and subj.lower_ in ("we", "i", "i'll", "we'll")
            an.schedule_only = schedule and not own_move
            break
    if not an.future and an.speech_verb is not None and an.speech_verb.tag_ == "VBD":
        for verb in future_verbs:
            if any(c.lower_ == "would" for c in verb.children) and (
                verb.lemma_.lower() in cues.schedule or _time_words(sent, cues)
            ):
                an.future = f"'would {verb.text}'"
                an.schedule_only = verb.lemma_.lower() in cues.schedule
                break
    if not an.future and _time_words(sent, cues) and any(
        t.lower_ in ("next", "upcoming") for t in sent
    ):
        an.future = "time '" + " ".join(_time_words(sent, cues)) + "'"
        an.schedule_only = True
    for tok in sent:
        if tok.lemma_.lower() in cues.request and tok.pos_ == "VERB":
            subj = _subject(tok)
            has_xcomp = any(c.dep_ in ("xcomp", "ccomp") for c in tok.children)
            if subj is not None and subj.lower_ in ("i", "we") and has_xcomp and tok.tag_ in ("VBP", "VBZ", "VB"):
                an.request = f"request '{subj.text} {tok.text} ... to'"
                break
    an.risk_cues = _risk_cues(sent, cues)
    return an


# -- labels --------------------------------------------------------------------------------


def _speaker_government(an: Analysis, registry: Registry, pair: Sequence[str]) -> tuple[str | None, str]:
    """Return the government an analysis attributes the sentence to, and the reason."""
    if an.complement_gov:
        return an.complement_gov, an.complement_reason
    if an.speaker is not None:
        gov = an.speaker.record.final_government()
        if gov:
            how = an.speaker.record.resolved_by or "context"
            if not an.speaker.record.government:
                how = "context"
            return gov, f"speaker: {an.speaker.phrase} → {gov} via {an.speaker.via}/{how}"
    if an.stance_gov:
        return an.stance_gov, an.stance_reason
    return None, ""


def _is_mediator(code: str, registry: Registry, pair: Sequence[str]) -> bool:
    """An organisation outside the pair speaks as a mediator: label its sentences by content."""
    if code in pair:
        return False
    try:
        return registry.government(code).kind != "country"
    except RegistryError:
        return False


def decide(an: Analysis, registry: Registry, pair: Sequence[str]) -> tuple[list[str], dict[str, float], list[str]]:
    """Turn an analysis into ordered labels, confidences and reasons."""
    reasons: list[str] = []
    labels: list[str] = []
    scores: dict[str, float] = {}
    if an.meta:
        return [Section.OTHER.value], {Section.OTHER.value: 0.8}, [f"about the reporting: '{an.meta}'"]
    gov, why = _speaker_government(an, registry, pair)
    nongov = an.speaker is not None and an.speaker.record.role == "non-government"
    position = False
    if gov and not nongov and not _is_mediator(gov, registry, pair):
        if an.complement_gov or an.stance_gov == gov and not an.speaker:
            position = True
        elif an.factual and not an.risk_cues:
            reasons.append(f"{why}, but reports a fact ({an.factual})")
        elif an.future and an.schedule_only and not an.complement_gov:
            reasons.append(f"{why}, but only reports a schedule")
        else:
            position = True
    if position and gov:
        label = position_label(gov)
        labels.append(label)
        scores[label] = 0.85 if an.speaker and an.speaker.record.government else 0.65
        reasons.append(why)
    if an.future or an.request:
        if not an.negated_future or an.request:
            labels.append(Section.NEXT_STEPS.value)
            scores[Section.NEXT_STEPS.value] = 0.75 if an.request or not an.schedule_only else 0.8
            reasons.append("future: " + (an.request or an.future))
    if an.risk_cues:
        strength = len(set(an.risk_cues))
        labels.append(Section.RISK.value)
        scores[Section.RISK.value] = min(0.9, 0.5 + 0.15 * strength)
        reasons.append("risk cues: " + ", ".join(f"'{c}'" for c in dict.fromkeys(an.risk_cues)))
    if not labels or (an.factual and Section.RISK.value in labels and not position):
        labels.insert(0, Section.BACKGROUND.value) if not labels else labels.append(Section.BACKGROUND.value)
        scores[Section.BACKGROUND.value] = 0.6
        if not reasons:
            reasons.append("no stance, schedule or risk cue: context")
    return labels, scores, reasons


def classify_article(
    pa: ParsedArticle, registry: Registry, cues: Cues, *, pair: Sequence[str] | None = None
) -> list[Sentence]:
    """Classify every unit of one parsed article, in text order.

    Display blocks (captions, credits, headings, ...) come out as one ``other`` unit
    each; body blocks are split into sentences and classified.
    """
    the_pair = tuple(pair) if pair else detect_pair([pa], registry)
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
            starts_quoted = text[:1] in _QUOTE_OPEN or open_quote
            an = analyse(sent, actors, cues, quoted=starts_quoted, first=i == 0,
                         last_speaker=last_speaker if block.paragraph - last_paragraph <= 2 else None)
            open_quote = _quote_open_after(text, open_quote)
            if an.speaker is not None:
                last_speaker = an.speaker
            last_paragraph = block.paragraph
            pending.append((block.start + sent.start_char, an))
    out: list[Sentence] = []
    article = pa.article
    for index, (_, item) in enumerate(pending):
        if isinstance(item, Analysis):
            block_start = next(
                pb.block.start for pb in pa.blocks if pb.doc is item.span.doc
            )
            start = block_start + item.span.start_char
            end = block_start + item.span.end_char
            text = article.text[start:end]
            stripped = text.rstrip()
            end -= len(text) - len(stripped)
            labels, scores, reasons = decide(item, registry, the_pair)
            speaker = item.speaker.record.freeze() if item.speaker else None
            out.append(Sentence(
                article_id=article.id, start=start, end=end, text=article.text[start:end],
                block_kind=BlockKind.BODY, paragraph=next(pb.block.paragraph for pb in pa.blocks if pb.doc is item.span.doc),
                index=index, speaker=speaker, labels=tuple(labels), scores=scores, reasons=tuple(reasons),
            ))
        else:
            block = item  # type: ignore[assignment]
            out.append(Sentence(
                article_id=article.id, start=block.start, end=block.end,
                text=article.text[block.start:block.end], block_kind=block.kind,
                paragraph=block.paragraph, index=index, labels=(Section.OTHER.value,),
                scores={Section.OTHER.value: 0.95},
                reasons=(f"display text: {block.kind.value}" + (f" ({block.reason})" if block.reason else ""),),
            ))
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
    parsed: Sequence[ParsedArticle], registry: Registry, cues: Cues, *,
    pair: Sequence[str] | None = None,
) -> list[Sentence]:
    """Classify every article; each article gets its own pair unless ``pair`` is given."""
    out: list[Sentence] = []
    for pa in parsed:
        out.extend(classify_article(pa, registry, cues, pair=pair))
    return out


_WS = re.compile(r"\s+")
