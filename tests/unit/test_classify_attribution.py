"""The attribution pass and the rule table on hand-built Docs (no trained pipeline).

Invented sentences; registry spans (``brief_govs``) are given as the actor matcher
would add them.
"""

from __future__ import annotations

from briefing.classify.attribution import attribute, both_parties, government_subject
from briefing.classify.evidence import Context, gather
from briefing.classify.rules import RuleScorer
from tests.unit._docs import PAIR, actors, cues, registry, sent

# "Norway rejected the proposal ."
REJECTED = (
    "Norway/Norway/PROPN/NNP/nsubj/1 rejected/reject/VERB/VBD/ROOT/1 the/the/DET/DT/det/3 "
    "proposal/proposal/NOUN/NN/dobj/1 ././PUNCT/./punct/1"
)


def test_government_subject_of_a_stance_verb() -> None:
    s = sent(REJECTED, govs=[(0, 1, "name", "NOR")])
    assert government_subject(s[0], actors()) == "NOR"
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.stance_gov == "NOR"
    assert "'Norway' + stance 'rejected'" in att.stance_reason


def test_rule_table_places_a_government_stance() -> None:
    s = sent(REJECTED, govs=[(0, 1, "name", "NOR")])
    ev = gather(s, actors(), cues(), context=Context(), last_speaker=None)
    placed = RuleScorer(cues()).place(ev, registry(), PAIR)
    assert placed.labels == ("position:NOR",)
    assert "Norway → NOR" in placed.reasons[0]


def test_reported_stance_of_the_other_government() -> None:
    # "Sweden said Norway had rejected the proposal ."  — Norway's stance, reported by Sweden
    s = sent(
        "Sweden/Sweden/PROPN/NNP/nsubj/1 said/say/VERB/VBD/ROOT/1 Norway/Norway/PROPN/NNP/nsubj/4 "
        "had/have/AUX/VBD/aux/4 rejected/reject/VERB/VBN/ccomp/1 the/the/DET/DT/det/6 "
        "proposal/proposal/NOUN/NN/dobj/4 ././PUNCT/./punct/1",
        govs=[(0, 1, "name", "SWE"), (2, 3, "name", "NOR")],
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speech is not None
    assert att.speech.text == "said"
    assert att.complement_gov == "NOR"


def test_a_demand_of_the_other_government_stays_the_speakers_position() -> None:
    # "Sweden said Norway must reject the proposal ."  — Sweden's demand, not Norway's stance
    s = sent(
        "Sweden/Sweden/PROPN/NNP/nsubj/1 said/say/VERB/VBD/ROOT/1 Norway/Norway/PROPN/NNP/nsubj/4 "
        "must/must/AUX/MD/aux/4 reject/reject/VERB/VB/ccomp/1 the/the/DET/DT/det/6 "
        "proposal/proposal/NOUN/NN/dobj/4 ././PUNCT/./punct/1",
        govs=[(0, 1, "name", "SWE"), (2, 3, "name", "NOR")],
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.complement_gov is None
    ev = gather(s, actors(), cues(), context=Context(), last_speaker=None)
    placed = RuleScorer(cues()).place(ev, registry(), PAIR)
    assert placed.labels[0] == "position:SWE"


def test_both_sides_speak_jointly() -> None:
    # "Both sides agreed to meet ."
    s = sent(
        "Both/both/DET/DT/det/1 sides/side/NOUN/NNS/nsubj/2 agreed/agree/VERB/VBD/ROOT/2 "
        "to/to/PART/TO/aux/4 meet/meet/VERB/VB/xcomp/2 ././PUNCT/./punct/2"
    )
    assert both_parties(s[1], cues())
    ev = gather(s, actors(), cues(), context=Context(), last_speaker=None)
    placed = RuleScorer(cues()).place(ev, registry(), PAIR)
    assert placed.labels[:2] == ("position:NOR", "position:SWE")


def test_negated_speech_says_nothing() -> None:
    # "Norway did not comment ."  is no stance, even with a government subject
    s = sent(
        "Norway/Norway/PROPN/NNP/nsubj/3 did/do/AUX/VBD/aux/3 not/not/PART/RB/neg/3 "
        "comment/comment/VERB/VB/ROOT/3 ././PUNCT/./punct/3",
        govs=[(0, 1, "name", "NOR")],
    )
    ev = gather(s, actors(), cues(), context=Context(), last_speaker=None)
    placed = RuleScorer(cues()).place(ev, registry(), PAIR)
    assert not any(label.startswith("position:") for label in placed.labels)


def test_military_action_is_no_policy_act() -> None:
    # "Norway launched an airstrike ."  (rule C: background, and a risk)
    s = sent(
        "Norway/Norway/PROPN/NNP/nsubj/1 launched/launch/VERB/VBD/ROOT/1 an/an/DET/DT/det/3 "
        "airstrike/airstrike/NOUN/NN/dobj/1 ././PUNCT/./punct/1",
        govs=[(0, 1, "name", "NOR")],
    )
    ev = gather(s, actors(), cues(), context=Context(), last_speaker=None)
    assert ev.attribution.stance_gov is None
    placed = RuleScorer(cues()).place(ev, registry(), PAIR)
    assert "risk" in placed.labels
    assert not any(label.startswith("position:") for label in placed.labels)


def test_a_quotation_attributed_later_gives_its_earlier_sentences_the_speaker() -> None:
    from briefing.classify.attribution import Attribution, attributed_later
    from briefing.nlp.actors import ActorRecord, SpeakerRef

    minister = SpeakerRef(ActorRecord("Ola Berg", government="NOR"), "name", "Berg")
    quoted = attributed_later(Attribution(stance_gov="NOR", stance_reason="stance"), minister)
    assert quoted.speaker is not None
    assert quoted.speaker.via == "quote attributed later"
    assert quoted.complement_gov == "NOR"  # its own stance verb becomes the quoted stance
    assert quoted.stance_gov is None
    # a sentence with its own speech frame keeps it
    own = Attribution(speech=sent(REJECTED)[1])
    assert attributed_later(own, minister).speaker is None


def test_in_a_governments_view_it_speaks() -> None:
    # "In Norway 's view , the deal is fair ."
    s = sent(
        "In/in/ADP/IN/prep/7 Norway/Norway/PROPN/NNP/poss/3 's/'s/PART/POS/case/1 "
        "view/view/NOUN/NN/pobj/0 ,/,/PUNCT/,/punct/7 the/the/DET/DT/det/6 "
        "deal/deal/NOUN/NN/nsubj/7 "
        "is/be/AUX/VBZ/ROOT/7 fair/fair/ADJ/JJ/acomp/7 ././PUNCT/./punct/7",
        govs=[(1, 2, "name", "NOR")],
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speaker is not None
    assert att.speaker.record.government == "NOR"
    assert att.stance_reason == "the view of Norway"


def test_a_sign_off_names_the_speaker() -> None:
    # "“ We will not yield , ” — Ola Berg"
    s = sent(
        "“/“/PUNCT/``/punct/4 We/we/PRON/PRP/nsubj/4 will/will/AUX/MD/aux/4 not/not/PART/RB/neg/4 "
        "yield/yield/VERB/VB/ROOT/4 ,/,/PUNCT/,/punct/4 ”/”/PUNCT/''/punct/4 —/—/PUNCT/:/punct/4 "
        "Ola/Ola/PROPN/NNP/compound/9 Berg/Berg/PROPN/NNP/npadvmod/4",
        ents=[(8, 10, "PERSON")],
    )
    att = attribute(s, actors(), cues(), quoted=True, last_speaker=None)
    assert att.speaker is not None
    assert "Berg" in att.speaker.phrase
    assert att.stance_reason == "signs off the quotation"


def test_a_reported_joint_decision_is_both_parties() -> None:
    # "Sweden said Norway and Sweden agreed to meet ."  (rule I, inside reported speech)
    s = sent(
        "Sweden/Sweden/PROPN/NNP/nsubj/1 said/say/VERB/VBD/ROOT/1 "
        "Norway/Norway/PROPN/NNP/nsubj/5 and/and/CCONJ/CC/cc/2 Sweden/Sweden/PROPN/NNP/conj/2 "
        "agreed/agree/VERB/VBD/ccomp/1 to/to/PART/TO/aux/7 meet/meet/VERB/VB/xcomp/5 "
        "././PUNCT/./punct/1",
        govs=[(0, 1, "name", "SWE"), (2, 3, "name", "NOR"), (4, 5, "name", "SWE")],
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.complement_gov == "NOR"
    assert att.joint == ("SWE",)


def test_a_helped_government_pronoun_gets_its_name() -> None:
    # "Sweden works with Norway to help it act ."  — "it" is Norway (the object helped)
    from briefing.classify.attribution import pronoun_glosses

    s = sent(
        "Sweden/Sweden/PROPN/NNP/nsubj/1 works/work/VERB/VBZ/ROOT/1 with/with/ADP/IN/prep/1 "
        "Norway/Norway/PROPN/NNP/pobj/2 to/to/PART/TO/aux/5 help/help/VERB/VB/advcl/1 "
        "it/it/PRON/PRP/nsubj/7 act/act/VERB/VB/xcomp/5 ././PUNCT/./punct/1",
        govs=[(0, 1, "name", "SWE"), (3, 4, "name", "NOR")],
    )
    assert [(t.text, code) for t, code in pronoun_glosses(s, cues())] == [("it", "NOR")]
    # the subject's own government is never the antecedent of such a pronoun
    own = sent(
        "Norway/Norway/PROPN/NNP/nsubj/1 asks/ask/VERB/VBZ/ROOT/1 it/it/PRON/PRP/dobj/1 "
        "././PUNCT/./punct/1",
        govs=[(0, 1, "name", "NOR")],
    )
    assert pronoun_glosses(own, cues()) == []


def test_both_scorers_never_give_a_non_government_speaker_a_position() -> None:
    from dataclasses import replace

    from briefing.classify.attribution import Attribution
    from briefing.classify.learned import load_learned
    from briefing.nlp.actors import ActorRecord, SpeakerRef

    s = sent(REJECTED)
    ev = gather(s, actors(), cues(), context=Context(), last_speaker=None)
    minister = SpeakerRef(ActorRecord("Ola Berg", government="NOR"), "name", "Berg")
    # a Norwegian firm: it has a country, but does not speak for its government
    firm = SpeakerRef(
        ActorRecord("Ferry Co", government="NOR", role="non-government"), "name", "Ferry Co"
    )
    for scorer in (RuleScorer(cues()), load_learned(cues())):
        # the firm reports Norway's stance: still not a position (the rule table's rule E)
        reported = Attribution(speaker=firm, complement_gov="NOR", complement_reason="reported")
        placed = scorer.place(replace(ev, attribution=reported), registry(), PAIR)
        assert not any(x.startswith("position:") for x in placed.labels), scorer.name
    # the rule table also leaves out a minister's fact report; a minister's view is a position
    rules = RuleScorer(cues())
    fact = replace(ev, attribution=Attribution(speaker=minister), factual="figures")
    assert not any(x.startswith("position:") for x in rules.place(fact, registry(), PAIR).labels)
    stating = replace(ev, attribution=Attribution(speaker=minister))
    assert "position:NOR" in rules.place(stating, registry(), PAIR).labels
