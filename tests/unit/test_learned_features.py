"""The learned scorer's features on hand-built Docs: syntax in general terms and context."""

from __future__ import annotations

from dataclasses import replace

from briefing.classify.attribution import Attribution
from briefing.classify.evidence import Context, Evidence, gather
from briefing.classify.features import Unit, article_features, context_features, unit_features
from briefing.classify.rules import Placement, RuleScorer
from briefing.nlp.actors import ActorRecord, SpeakerRef
from tests.unit._docs import PAIR, actors, cues, registry, sent

MAY_TALK = (
    "Norway/Norway/PROPN/NNP/nsubj/3 may/may/AUX/MD/aux/3 not/not/PART/RB/neg/3 "
    "talk/talk/VERB/VB/ROOT/3 on/on/ADP/IN/prep/3 Friday/Friday/PROPN/NNP/pobj/4 "
    "?/?/PUNCT/./punct/3"
)
TALKED = (
    "Officials/official/NOUN/NNS/nsubj/1 talked/talk/VERB/VBD/ROOT/1 "
    "twice/twice/ADV/RB/advmod/1 ././PUNCT/./punct/1"
)


def _ev(spec: str, *, paragraph: int = 0, quoted: bool = False, **kwargs: object) -> Evidence:
    s = sent(spec, **kwargs)  # type: ignore[arg-type]
    context = Context(paragraph=paragraph, quoted=quoted)
    return gather(s, actors(), cues(), context=context, last_speaker=None)


def _rule(ev: Evidence) -> Placement:
    return RuleScorer(cues()).decide(ev, registry(), PAIR)


def test_syntax_features_name_general_kinds_not_words() -> None:
    ev = _ev(MAY_TALK, ents=[(0, 1, "GPE"), (5, 6, "DATE")])
    feats = unit_features(ev, _rule(ev), registry(), PAIR)
    for name in (
        "entity:GPE",
        "entity:DATE",
        "modal:may",
        "syntax:negation",
        "syntax:question",
        "subject:PROPN GPE",
        "root child:prep",
        "root pos:VERB",
    ):
        assert name in feats, name
    plain = _ev(TALKED)
    other = unit_features(plain, _rule(plain), registry(), PAIR)
    assert "subject:NOUN" in other
    assert not any(f.startswith(("entity:", "modal:", "syntax:")) for f in other)


def test_context_reads_the_paragraph_and_the_unit_before() -> None:
    minister = ActorRecord("Ola Berg", government="NOR")
    units = [
        Unit(rule="position", paragraph=0, quoted=True, speaker=minister),
        Unit(rule="risk", paragraph=0, quoted=True, speaker=minister),
        Unit(rule="background", paragraph=1, quoted=False, speaker=None),
        Unit(rule="background", paragraph=1, quoted=False, speaker=None),
    ]
    second = context_features(units, 1)
    assert "paragraph has rule:position" in second
    assert "paragraph has rule:risk" not in second  # its own placement is not context
    assert "speaker:same as before" in second
    assert "quote:continues" in second
    third = context_features(units, 2)
    assert "paragraph has rule:background" in third  # the fourth unit's, not its own
    assert "paragraph has rule:position" not in third
    assert "speaker:same as before" not in third
    assert "quote:continues" not in third
    assert context_features(units[:1], 0) == []  # alone in its article: no context


def test_article_features_add_the_neighbours_to_each_unit() -> None:
    first = _ev(TALKED, paragraph=3)
    second = _ev(MAY_TALK, paragraph=3)
    rules = [_rule(first), _rule(second)]
    together = article_features([first, second], rules, registry(), PAIR)
    alone = unit_features(second, rules[1], registry(), PAIR)
    assert set(alone) < set(together[1])
    assert f"paragraph has rule:{Unit.of(first, rules[0]).rule}" in together[1]
    # the same speaker record in both units: a continuation
    ref = SpeakerRef(ActorRecord("Ola Berg", government="NOR"), "name", "Berg")
    spoke = [replace(ev, attribution=Attribution(speaker=ref)) for ev in (first, second)]
    again = article_features(spoke, [_rule(ev) for ev in spoke], registry(), PAIR)
    assert "speaker:same as before" in again[1]
    assert "speaker:same as before" not in again[0]
