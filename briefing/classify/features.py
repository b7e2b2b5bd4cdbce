"""The learned scorer's features: readable names for what is known about a unit.

A unit's own features (``unit_features``): every finding of the detectors and the
attribution pass (``finding:future``, ``speaker:government`` ...), the rule table's own
placement (``rule:position``), layout signals of display text, the sentence's syntax in
general terms (entity types, modal verbs, negation, the kind of subject and of the root's
dependents: never a particular word) and its lemmas, root verb and first word.

Its context (``context_features``, from the article's other units): the rule table's
placements of the other units of its paragraph, whether the previous unit has the same
speaker, and whether it continues a quotation the previous unit is part of.
``article_features`` gives both for every unit of an article; a model trained on them
scores an article's units together (``learned.LearnedScorer.place_article``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from briefing.classify import syntax
from briefing.classify.evidence import Evidence
from briefing.classify.rules import Placement, is_mediator, sentence_government
from briefing.model import section_of
from briefing.nlp.registry import Registry

_END_PUNCT = tuple(".?!") + tuple("\"'”’")
#: Dependents of the root that say something general about the sentence's shape.
_ROOT_CHILDREN = frozenset({"ccomp", "xcomp", "advcl", "prep", "dobj", "attr", "acomp", "agent"})


def _speaker_features(ev: Evidence) -> list[str]:
    att = ev.attribution
    out: list[str] = []
    if att.actor is not None:
        out += ["speaker:any", f"speaker:via {att.actor.via}"]
        record = att.actor.record
        if record.role == "non-government":
            out.append("speaker:not a government")
        elif record.government:
            out.append("speaker:government")
        elif record.final_government():
            out.append("speaker:government from context")
        if record.is_person:
            out.append("speaker:person")
    if att.unresolved:
        out.append("speaker:unresolved")
    if att.speech is not None:
        out.append("speech:subordinate" if att.subordinate_speech else "speech:main")
        out.append(f"speech verb:{att.speech.lemma_.lower()}")
    if att.speech_negated:
        out.append("speech:negated")
    return out


def _attribution_features(ev: Evidence, registry: Registry, pair: Sequence[str]) -> list[str]:
    att = ev.attribution
    out = _speaker_features(ev)
    gov, _ = sentence_government(ev, registry, pair)
    if gov:
        out.append("government:found")
        out.append("government:in pair" if gov in pair else "government:third party")
        if is_mediator(gov, registry, pair):
            out.append("government:mediator")
    flags = {
        "stance:government subject": bool(att.stance_gov),
        "stance:reported" + (" intention" if att.complement_weak else ""): bool(att.complement_gov),
        "stance:joint": bool(att.joint),
        "stance:framed": bool(att.framed_by),
    }
    out += [name for name, on in flags.items() if on]
    if att.subject_gov:
        out.append("subject:government" if att.subject_gov in pair else "subject:third government")
        if not gov:
            out.append("subject:government, no speaker")
    return out


def _finding_features(ev: Evidence) -> list[str]:
    out: list[str] = []
    if ev.meta:
        out.append("finding:about the reporting")
    if ev.factual:
        out.append(
            "finding:military action" if ev.factual == "military action" else "finding:figures"
        )
    fut = ev.future
    if fut.marker:
        out.append("finding:future")
        if fut.schedule_only:
            out.append("finding:schedule")
        if fut.aside:
            out.append("finding:event with a step to come")
    if fut.negated:
        out.append("finding:future of a state")
    if ev.request.reason:
        out.append("finding:request")
    n = len(set(ev.risk.cues))
    if n:
        out.append("finding:risk cue" if n == 1 else "finding:risk cues")
        out.extend(f"risk cue:{c.lower()}" for c in sorted(set(ev.risk.cues)))
    if ev.risk.past:
        out.append("finding:past tense")
    out.extend(sorted({f"signal:{sig.split(' ')[0]}" for sig in ev.risk.signals}))
    if ev.possible_step:
        out.append("finding:possible step")
    return out


def _layout_features(ev: Evidence) -> list[str]:
    text = ev.sent.text.strip()
    words = [t for t in ev.sent if not t.is_punct and not t.is_space]
    ctx = ev.context
    out: list[str] = []
    if not text.endswith(_END_PUNCT):
        out.append("layout:no final full stop")
    if not any(syntax.is_finite(t) for t in ev.sent):
        out.append("layout:no finite verb")
    if ctx.repeats:
        out.append("layout:repeats another unit")
    if ctx.quoted:
        out.append("layout:quoted")
    if ctx.paragraph_first:
        out.append("layout:opens its paragraph")
    if len(words) < 6:
        out.append("layout:very short")
    elif len(words) > 40:
        out.append("layout:very long")
    capitalised = sum(1 for t in words if t.text[:1].isupper())
    if words and capitalised / len(words) > 0.6 and len(words) >= 3:
        out.append("layout:title case")
    if text[:1].islower():
        out.append("layout:starts lower case")
    if ":" in text[:40] and syntax.opens_quotation_after_colon(ev.sent) is None:
        out.append("layout:label with a colon")
    share = ctx.index / max(1, ctx.total - 1)
    out.append("place:first units" if ctx.index < 3 else f"place:{min(4, int(share * 5))}/5")
    return out


def _word_features(ev: Evidence) -> list[str]:
    out = {f"word:{t.lemma_.lower()}" for t in ev.sent if t.is_alpha and not t.is_stop}
    out.add(f"root:{ev.sent.root.lemma_.lower()}")
    out.add(f"root tense:{ev.sent.root.tag_}")
    first = next((t for t in ev.sent if not t.is_punct), None)
    if first is not None:
        out.add(f"first word:{first.lower_}")
    return sorted(out)


def _syntax_features(ev: Evidence) -> list[str]:
    """The sentence's syntax in general terms: entity types, modals, subject, root's shape."""
    sent = ev.sent
    out = {f"entity:{e.label_}" for e in sent.ents}
    out.add(f"root pos:{sent.root.pos_}")
    for t in sent:
        if t.tag_ == "MD":
            out.add(f"modal:{t.lemma_.lower()}")
        if t.dep_ == "neg":
            out.add("syntax:negation")
        if t.like_num:
            out.add("syntax:number")
        if t.text == "?":
            out.add("syntax:question")
        if t.head != sent.root or t is sent.root:
            continue
        if t.dep_ in ("nsubj", "nsubjpass"):
            out.add(f"subject:{t.pos_}" + (f" {t.ent_type_}" if t.ent_type_ else ""))
        elif t.dep_ in _ROOT_CHILDREN:
            out.add(f"root child:{t.dep_}")
    return sorted(out)


def unit_features(
    ev: Evidence, rule: Placement, registry: Registry, pair: Sequence[str]
) -> list[str]:
    """The features of one sentence alone: findings, the rules' placement, layout, words."""
    out = ["bias"]
    out += _attribution_features(ev, registry, pair)
    out += _finding_features(ev)
    out += [f"rule:{section_of(label).value}" for label in rule.labels]
    if rule.labels:
        out.append(f"rule primary:{section_of(rule.labels[0]).value}")
    out += _layout_features(ev)
    out += _syntax_features(ev)
    out += _word_features(ev)
    return sorted(set(out))


@dataclass(frozen=True, slots=True)
class Unit:
    """What the context features of a neighbour read: its rule placement and findings."""

    rule: str
    paragraph: int
    quoted: bool
    speaker: object | None

    @classmethod
    def of(cls, ev: Evidence, rule: Placement) -> Unit:
        """The unit of a sentence and the rule table's placement of it."""
        actor = ev.attribution.actor
        return cls(
            rule=section_of(rule.labels[0]).value if rule.labels else "none",
            paragraph=ev.context.paragraph,
            quoted=ev.context.quoted,
            speaker=actor.record if actor is not None else None,
        )


def paragraph_rules(units: Sequence[Unit]) -> dict[int, Counter[str]]:
    """How many units of each paragraph the rule table put in each section."""
    out: dict[int, Counter[str]] = defaultdict(Counter)
    for unit in units:
        if unit.rule != "none":
            out[unit.paragraph][unit.rule] += 1
    return out


def context_features(
    units: Sequence[Unit], n: int, by_paragraph: Mapping[int, Counter[str]] | None = None
) -> list[str]:
    """The features of unit ``n`` that come from the other units of its article.

    ``by_paragraph``: ``paragraph_rules(units)``, computed once per article by the caller
    (linear in the article's length, where looking at every other unit would be quadratic).
    """
    unit = units[n]
    counts = (by_paragraph or paragraph_rules(units)).get(unit.paragraph, Counter())
    out = {
        f"paragraph has rule:{rule}"
        for rule, k in counts.items()
        if k - (1 if rule == unit.rule else 0) > 0
    }
    if n > 0:
        before = units[n - 1]
        if unit.speaker is not None and before.speaker is unit.speaker:
            out.add("speaker:same as before")
        if unit.quoted and before.quoted:
            out.add("quote:continues")
    return sorted(out)


def article_features(
    evs: Sequence[Evidence],
    rules: Sequence[Placement],
    registry: Registry,
    pair: Sequence[str],
) -> list[list[str]]:
    """The features of every body sentence of an article (in text order), with context."""
    units = [Unit.of(ev, rule) for ev, rule in zip(evs, rules, strict=True)]
    by_paragraph = paragraph_rules(units)
    return [
        sorted(
            {*unit_features(ev, rule, registry, pair), *context_features(units, n, by_paragraph)}
        )
        for n, (ev, rule) in enumerate(zip(evs, rules, strict=True))
    ]
