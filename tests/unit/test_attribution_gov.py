"""Government attribution failure classes of issues 9 and 10, on hand-built Docs.

Each Doc is parsed by hand (invented names and sentences) and then run through the real
actor matcher, so the registry's data files (titles, institutions, people) take part:

- a demonym before "leader" or "PM" names that government's leader;
- a title the tagger took for a name ("the Swedish President") is still a demonym title;
- an office the article writes out ("European Commission President X") beats the
  registry's own office for that person;
- a bare surname ("Mr Ostberg") is the registry person who alone holds it, when the
  article names that person's government, and nobody when two people share it.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence

import spacy
from spacy.tokens import Doc, Span

from briefing.classify.attribution import attribute
from briefing.classify.rules import is_mediator
from briefing.nlp.actors import ArticleActors
from briefing.nlp.components import ActorMatcher
from briefing.nlp.phrases import context_votes
from briefing.nlp.registry import Person, Registry, load_registry
from tests.unit._docs import _vocab, cues

PAIR = ("NOR", "SWE")


def _person(name: str, government: str, role: str = "Prime Minister") -> Person:
    return Person(
        name=name, aliases=(), government=government, role=role, start="2001-01-01", end=None
    )


@functools.cache
def registry(*people: Person) -> Registry:
    base = load_registry(world=False)
    return dataclasses.replace(base, people=(*base.people, *people))


def parsed(
    reg: Registry,
    spec: str,
    ents: Sequence[tuple[int, int, str]] = (),
    starts: Sequence[int] = (0,),
) -> Span:
    """Hand-parsed text (``text/lemma/POS/tag/dep/head`` items) through the matcher.

    ``starts`` are the tokens that open a sentence; the whole Doc is returned.
    """
    items = [item.split("/") for item in spec.split()]
    d = Doc(
        _vocab(),  # type: ignore[arg-type]
        words=[i[0] for i in items],
        lemmas=[i[1] for i in items],
        pos=[i[2] for i in items],
        tags=[i[3] for i in items],
        deps=[i[4] for i in items],
        heads=[int(i[5]) for i in items],
        sent_starts=[i in starts for i in range(len(items))],
    )
    d.ents = [Span(d, s, e, label=lab) for s, e, lab in ents]
    nlp = spacy.blank("en", vocab=_vocab())  # type: ignore[arg-type]
    matcher = ActorMatcher(nlp, "actor_matcher", reg)
    govs, roles = matcher.find(d)
    matcher.set_annotations(d, govs, roles)
    return d[:]


def speaker_government(reg: Registry, s: Span) -> str | None:
    actors = ArticleActors(reg, PAIR)
    actors.learn(s)
    att = attribute(s, actors, cues(), quoted=False, last_speaker=None)
    assert att.speaker is not None
    actors.finalize()
    return att.speaker.record.final_government()


# "The Norwegian leader said the plan failed ."
LEADER = (
    "The/the/DET/DT/det/2 Norwegian/norwegian/ADJ/JJ/amod/2 leader/leader/NOUN/NN/nsubj/3 "
    "said/say/VERB/VBD/ROOT/3 the/the/DET/DT/det/5 plan/plan/NOUN/NN/nsubj/6 "
    "failed/fail/VERB/VBD/ccomp/3 ././PUNCT/./punct/3"
)


def test_a_demonym_before_leader_names_that_governments_leader() -> None:
    assert speaker_government(registry(), parsed(registry(), LEADER)) == "NOR"


def test_an_opposition_leader_with_a_demonym_is_no_government() -> None:
    # "The Norwegian opposition leader said the plan failed ."
    spec = (
        "The/the/DET/DT/det/3 Norwegian/norwegian/ADJ/JJ/amod/3 "
        "opposition/opposition/NOUN/NN/compound/3 leader/leader/NOUN/NN/nsubj/4 "
        "said/say/VERB/VBD/ROOT/4 the/the/DET/DT/det/6 plan/plan/NOUN/NN/nsubj/7 "
        "failed/fail/VERB/VBD/ccomp/4 ././PUNCT/./punct/4"
    )
    assert speaker_government(registry(), parsed(registry(), spec)) is None


def test_a_demonym_title_the_tagger_took_for_a_name_speaks_for_that_government() -> None:
    # "The Swedish President said the plan failed ."  ("President" tagged as a name)
    spec = (
        "The/the/DET/DT/det/2 Swedish/swedish/ADJ/JJ/amod/2 President/President/PROPN/NNP/nsubj/3 "
        "said/say/VERB/VBD/ROOT/3 the/the/DET/DT/det/5 plan/plan/NOUN/NN/nsubj/6 "
        "failed/fail/VERB/VBD/ccomp/3 ././PUNCT/./punct/3"
    )
    s = parsed(registry(), spec, ents=[(2, 3, "PERSON")])
    assert speaker_government(registry(), s) == "SWE"


# "European Commission President Lars Ostberg said the plan failed ."
COMMISSION = (
    "European/European/PROPN/NNP/compound/1 Commission/Commission/PROPN/NNP/compound/2 "
    "President/President/PROPN/NNP/compound/4 Lars/Lars/PROPN/NNP/compound/4 "
    "Ostberg/Ostberg/PROPN/NNP/nsubj/5 said/say/VERB/VBD/ROOT/5 the/the/DET/DT/det/7 "
    "plan/plan/NOUN/NN/nsubj/8 failed/fail/VERB/VBD/ccomp/5 ././PUNCT/./punct/5"
)


def test_an_office_the_article_writes_out_beats_the_registrys_office() -> None:
    reg = registry(_person("Lars Ostberg", "SWE"))
    s = parsed(reg, COMMISSION, ents=[(3, 5, "PERSON")])
    assert speaker_government(reg, s) == "EUU"


def test_a_registry_person_without_a_title_keeps_the_registrys_government() -> None:
    # "Lars Ostberg said the plan failed ."
    reg = registry(_person("Lars Ostberg", "SWE"))
    spec = (
        "Lars/Lars/PROPN/NNP/compound/1 Ostberg/Ostberg/PROPN/NNP/nsubj/2 "
        "said/say/VERB/VBD/ROOT/2 the/the/DET/DT/det/4 plan/plan/NOUN/NN/nsubj/5 "
        "failed/fail/VERB/VBD/ccomp/2 ././PUNCT/./punct/2"
    )
    assert speaker_government(reg, parsed(reg, spec, ents=[(0, 2, "PERSON")])) == "SWE"


# "Mr Ostberg said Sweden would wait ."
SURNAME = (
    "Mr/Mr/PROPN/NNP/compound/1 Ostberg/Ostberg/PROPN/NNP/nsubj/2 said/say/VERB/VBD/ROOT/2 "
    "Sweden/Sweden/PROPN/NNP/nsubj/5 would/would/AUX/MD/aux/5 wait/wait/VERB/VB/ccomp/2 "
    "././PUNCT/./punct/2"
)


def test_a_bare_surname_is_the_registry_person_who_alone_holds_it() -> None:
    reg = registry(_person("Lars Ostberg", "SWE"))
    assert speaker_government(reg, parsed(reg, SURNAME, ents=[(0, 2, "PERSON")])) == "SWE"


def test_a_surname_two_registry_people_share_names_nobody() -> None:
    reg = registry(_person("Lars Ostberg", "SWE"), _person("Nils Ostberg", "NOR"))
    assert speaker_government(reg, parsed(reg, SURNAME, ents=[(0, 2, "PERSON")])) is None


def test_a_surname_whose_government_the_article_never_names_is_someone_else() -> None:
    reg = registry(_person("Lars Ostberg", "FIN"))
    assert speaker_government(reg, parsed(reg, SURNAME, ents=[(0, 2, "PERSON")])) is None


def _two_sentences(reg: Registry, first: str, second: str) -> tuple[Span, Span]:
    n = len(first.split())
    doc = parsed(reg, first + " " + second, starts=(0, n)).doc
    return doc[:n], doc[n:]


def test_its_before_a_body_is_the_country_the_sentence_before_names() -> None:
    # "Norway will not give them up ."  then  "Its foreign ministry said it was calm ."
    reg = registry()
    first = (
        "Norway/Norway/PROPN/NNP/nsubj/3 will/will/AUX/MD/aux/3 not/not/PART/RB/neg/3 "
        "give/give/VERB/VB/ROOT/3 them/they/PRON/PRP/dobj/3 up/up/ADP/RP/prt/3 "
        "././PUNCT/./punct/3"
    )
    second = (
        "Its/its/PRON/PRP$/poss/9 foreign/foreign/ADJ/JJ/amod/9 ministry/ministry/NOUN/NN/nsubj/10 "
        "said/say/VERB/VBD/ROOT/10 it/it/PRON/PRP/nsubj/12 was/be/AUX/VBD/ccomp/10 "
        "calm/calm/ADJ/JJ/acomp/12 ././PUNCT/./punct/10"
    )
    _, s2 = _two_sentences(reg, first, second)
    assert speaker_government(reg, s2) == "NOR"


def test_its_before_a_body_with_no_country_named_before_gives_no_government() -> None:
    # "The talks will not end ."  then  "Its foreign ministry said it was calm ."
    reg = registry()
    first = (
        "The/the/DET/DT/det/1 talks/talk/NOUN/NNS/nsubj/4 will/will/AUX/MD/aux/4 "
        "not/not/PART/RB/neg/4 end/end/VERB/VB/ROOT/4 ././PUNCT/./punct/4"
    )
    second = (
        "Its/its/PRON/PRP$/poss/8 foreign/foreign/ADJ/JJ/amod/8 ministry/ministry/NOUN/NN/nsubj/9 "
        "said/say/VERB/VBD/ROOT/9 it/it/PRON/PRP/nsubj/11 was/be/AUX/VBD/ccomp/9 "
        "calm/calm/ADJ/JJ/acomp/11 ././PUNCT/./punct/9"
    )
    _, s2 = _two_sentences(reg, first, second)
    assert speaker_government(reg, s2) is None


def test_a_capital_heading_the_phrase_beats_a_country_in_its_apposition() -> None:
    # "Oslo , Sweden 's main ally , said it was calm ."
    spec = (
        "Oslo/Oslo/PROPN/NNP/nsubj/7 ,/,/PUNCT/,/punct/0 Sweden/Sweden/PROPN/NNP/poss/5 "
        "'s/'s/PART/POS/case/2 main/main/ADJ/JJ/amod/5 ally/ally/NOUN/NN/appos/0 "
        ",/,/PUNCT/,/punct/0 said/say/VERB/VBD/ROOT/7 it/it/PRON/PRP/nsubj/9 "
        "was/be/AUX/VBD/ccomp/7 calm/calm/ADJ/JJ/acomp/9 ././PUNCT/./punct/7"
    )
    assert speaker_government(registry(), parsed(registry(), spec)) == "NOR"


def test_a_territory_outside_the_pair_is_a_party_and_an_organisation_a_mediator() -> None:
    reg = registry()
    territory = next(g.code for g in reg.governments.values() if g.kind == "territory")
    organisation = next(g.code for g in reg.governments.values() if g.kind == "organization")
    assert not is_mediator(territory, reg, PAIR)
    assert is_mediator(organisation, reg, PAIR)
    assert not is_mediator(organisation, reg, (*PAIR, organisation))


def test_a_country_where_the_speaker_speaks_votes_for_that_country() -> None:
    # "The minister told reporters in Norway it was calm ."
    spec = (
        "The/the/DET/DT/det/1 minister/minister/NOUN/NN/nsubj/2 told/tell/VERB/VBD/ROOT/2 "
        "reporters/reporter/NOUN/NNS/dobj/2 in/in/ADP/IN/prep/2 Norway/Norway/PROPN/NNP/pobj/4 "
        "it/it/PRON/PRP/nsubj/7 was/be/AUX/VBD/ccomp/2 calm/calm/ADJ/JJ/acomp/7 "
        "././PUNCT/./punct/2"
    )
    s = parsed(registry(), spec)
    assert dict(context_votes(s, "The minister", s[2], PAIR)) == {"NOR": 1.0}


def test_a_place_an_office_overlooks_is_no_party_the_speaker_addresses() -> None:
    # "The minister spoke in his office overlooking Oslo ."
    spec = (
        "The/the/DET/DT/det/1 minister/minister/NOUN/NN/nsubj/2 spoke/speak/VERB/VBD/ROOT/2 "
        "in/in/ADP/IN/prep/2 his/his/PRON/PRP$/poss/5 office/office/NOUN/NN/pobj/3 "
        "overlooking/overlook/VERB/VBG/acl/5 Oslo/Oslo/PROPN/NNP/dobj/6 ././PUNCT/./punct/2"
    )
    s = parsed(registry(), spec)
    assert dict(context_votes(s, "The minister", s[2], PAIR)) == {}


def test_a_country_before_a_title_before_a_name_is_that_title_s_country() -> None:
    # "Norway Prime Minister Jan Ostrow said it was calm ."  ("Norway" parsed off the name)
    reg = registry()
    spec = (
        "Norway/Norway/PROPN/NNP/npadvmod/5 Prime/Prime/PROPN/NNP/compound/2 "
        "Minister/Minister/PROPN/NNP/compound/4 Jan/Jan/PROPN/NNP/compound/4 "
        "Ostrow/Ostrow/PROPN/NNP/nsubj/5 said/say/VERB/VBD/ROOT/5 it/it/PRON/PRP/nsubj/7 "
        "was/be/AUX/VBD/ccomp/5 calm/calm/ADJ/JJ/acomp/7 ././PUNCT/./punct/5"
    )
    s = parsed(reg, spec, ents=[(3, 5, "PERSON")])
    actors = ArticleActors(reg, ("SWE", "FIN"))
    actors.learn(s)
    att = attribute(s, actors, cues(), quoted=False, last_speaker=None)
    assert att.speaker is not None
    assert att.speaker.record.government == "NOR"
    assert att.speaker.record.resolved_by == "title"


def test_the_head_of_a_body_named_beside_a_registry_person_is_that_body_s() -> None:
    # "Lars Ostberg , the head of the European Commission , said it was calm ."
    reg = registry(_person("Lars Ostberg", "SWE"))
    spec = (
        "Lars/Lars/PROPN/NNP/compound/1 Ostberg/Ostberg/PROPN/NNP/nsubj/10 ,/,/PUNCT/,/punct/1 "
        "the/the/DET/DT/det/4 head/head/NOUN/NN/appos/1 of/of/ADP/IN/prep/4 "
        "the/the/DET/DT/det/8 European/European/PROPN/NNP/compound/8 "
        "Commission/Commission/PROPN/NNP/pobj/5 ,/,/PUNCT/,/punct/1 said/say/VERB/VBD/ROOT/10 "
        "it/it/PRON/PRP/nsubj/12 was/be/AUX/VBD/ccomp/10 calm/calm/ADJ/JJ/acomp/12 "
        "././PUNCT/./punct/10"
    )
    assert speaker_government(reg, parsed(reg, spec, ents=[(0, 2, "PERSON")])) == "EUU"


def test_a_surname_with_a_non_government_role_is_not_the_registry_person() -> None:
    # "Ostberg , a local farmer , said Sweden would wait ."
    reg = registry(_person("Lars Ostberg", "SWE"))
    spec = (
        "Ostberg/Ostberg/PROPN/NNP/nsubj/6 ,/,/PUNCT/,/punct/0 a/a/DET/DT/det/4 "
        "local/local/ADJ/JJ/amod/4 farmer/farmer/NOUN/NN/appos/0 ,/,/PUNCT/,/punct/0 "
        "said/say/VERB/VBD/ROOT/6 Sweden/Sweden/PROPN/NNP/nsubj/9 would/would/AUX/MD/aux/9 "
        "wait/wait/VERB/VB/ccomp/6 ././PUNCT/./punct/6"
    )
    for ents in ([(0, 1, "PERSON")], []):
        assert speaker_government(reg, parsed(reg, spec, ents=ents)) is None
