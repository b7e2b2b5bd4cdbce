"""Whose phrase speaks: a name inside a speaker phrase is the speaker only when it names
the phrase's head (hand-built Docs, invented names, no trained pipeline)."""

from __future__ import annotations

from briefing.classify.attribution import attribute
from briefing.nlp.actors import ActorRecord, SpeakerRef
from briefing.nlp.phrases import names_the_head, sentence_person
from briefing.nlp.records import text_beats_registry
from tests.unit._docs import actors, cues, doc, sent


def test_supporters_of_a_person_are_not_that_person() -> None:
    # "Supporters of Jane Roe say the plan failed ."
    s = sent(
        "Supporters/supporter/NOUN/NNS/nsubj/4 of/of/ADP/IN/prep/0 Jane/Jane/PROPN/NNP/compound/3 "
        "Roe/Roe/PROPN/NNP/pobj/1 say/say/VERB/VBP/ROOT/4 the/the/DET/DT/det/6 "
        "plan/plan/NOUN/NN/nsubj/7 failed/fail/VERB/VBD/ccomp/4 ././PUNCT/./punct/4",
        ents=[(2, 4, "PERSON")],
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speaker is not None
    assert att.speaker.record.name != "Jane Roe"
    assert att.actor is None  # the supporters: a phrase without evidence


def test_a_spokesman_apposed_to_his_name_is_the_named_person_not_the_owner() -> None:
    # "Jane Roe 's spokesman , Tom Doe , said the plan failed ."
    s = sent(
        "Jane/Jane/PROPN/NNP/compound/1 Roe/Roe/PROPN/NNP/poss/3 's/'s/PART/POS/case/1 "
        "spokesman/spokesman/NOUN/NN/nsubj/8 ,/,/PUNCT/,/punct/3 Tom/Tom/PROPN/NNP/compound/6 "
        "Doe/Doe/PROPN/NNP/appos/3 ,/,/PUNCT/,/punct/3 "
        "said/say/VERB/VBD/ROOT/8 the/the/DET/DT/det/10 plan/plan/NOUN/NN/nsubj/11 "
        "failed/fail/VERB/VBD/ccomp/8 ././PUNCT/./punct/8",
        ents=[(0, 2, "PERSON"), (5, 7, "PERSON")],
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speaker is not None
    assert att.speaker.record.name == "Tom Doe"


def test_a_name_that_modifies_a_common_noun_does_not_name_it() -> None:
    # "a Roe supporter" / "Senator Jane Roe" / "the press secretary , Tom Doe"
    d = doc(
        "a/a/DET/DT/det/2 Roe/Roe/PROPN/NNP/compound/2 supporter/supporter/NOUN/NN/ROOT/2 "
        "Senator/Senator/PROPN/NNP/compound/5 Jane/Jane/PROPN/NNP/compound/5 "
        "Roe/Roe/PROPN/NNP/ROOT/5 the/the/DET/DT/det/8 press/press/NOUN/NN/compound/8 "
        "secretary/secretary/NOUN/NN/ROOT/8 ,/,/PUNCT/,/punct/8 Tom/Tom/PROPN/NNP/compound/11 "
        "Doe/Doe/PROPN/NNP/appos/8",
        ents=[(1, 2, "PERSON"), (4, 6, "PERSON"), (10, 12, "PERSON")],
    )
    roe, jane_roe, tom_doe = d.ents
    assert not names_the_head(roe, d[2])
    assert names_the_head(jane_roe, d[5])
    assert names_the_head(tom_doe, d[8])


def test_a_title_of_another_government_beats_an_old_registry_office() -> None:
    # "the Ruritanian envoy Jane Roe", Roe a former minister at home in the registry
    record = ActorRecord(name="Jane Roe", government="SWE", resolved_by="registry")
    assert text_beats_registry(record, ("NOR", "title"), None)
    assert not text_beats_registry(record, ("NOR", "demonym"), None)


def test_a_person_formerly_in_office_is_no_government_speaker() -> None:
    # "Jane Roe , formerly a planner at the Norwegian ministry , said it failed ."
    s = sent(
        "Jane/Jane/PROPN/NNP/compound/1 Roe/Roe/PROPN/NNP/nsubj/11 ,/,/PUNCT/,/punct/1 "
        "formerly/formerly/ADV/RB/advmod/5 a/a/DET/DT/det/5 planner/planner/NOUN/NN/appos/1 "
        "at/at/ADP/IN/prep/5 the/the/DET/DT/det/9 Norwegian/Norwegian/ADJ/JJ/amod/9 "
        "ministry/ministry/NOUN/NN/pobj/6 ,/,/PUNCT/,/punct/1 said/say/VERB/VBD/ROOT/11 "
        "it/it/PRON/PRP/nsubj/13 failed/fail/VERB/VBD/ccomp/11 ././PUNCT/./punct/11",
        ents=[(0, 2, "PERSON")],
        govs=[(8, 9, "demonym", "NOR")],
    )
    people = actors()
    people.learn(s)
    roe = next(r for r in people.records if r.name == "Jane Roe")
    assert roe.role == "non-government"
    assert roe.government is None


def test_the_subject_next_to_a_quotation_final_verb_speaks() -> None:
    # "Nothing Roe did helps , the senator said ." parsed with two subjects of "said"
    s = sent(
        "Nothing/nothing/PRON/NN/nsubj/8 Roe/Roe/PROPN/NNP/nsubj/2 did/do/VERB/VBD/relcl/0 "
        "helps/help/VERB/VBZ/ccomp/8 ,/,/PUNCT/,/punct/8 the/the/DET/DT/det/6 "
        "senator/senator/NOUN/NN/nsubj/8 ././PUNCT/./punct/8 said/say/VERB/VBD/ROOT/8",
        ents=[(1, 2, "PERSON")],
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speaker is not None
    assert att.speaker.phrase == "the senator"


def test_an_inverted_said_names_the_person_after_it() -> None:
    # "“ We will win , ” said Jane Roe , who later left ." with Roe the subject of "left"
    s = sent(
        "“/“/PUNCT/``/punct/6 We/we/PRON/PRP/nsubj/2 win/win/VERB/VBP/ccomp/6 "
        ",/,/PUNCT/,/punct/6 ”/”/PUNCT/''/punct/6 ,/,/PUNCT/,/punct/6 said/say/VERB/VBD/ROOT/6 "
        "Jane/Jane/PROPN/NNP/compound/8 Roe/Roe/PROPN/NNP/nsubj/11 ,/,/PUNCT/,/punct/8 "
        "who/who/PRON/WP/nsubj/11 left/leave/VERB/VBD/ccomp/6 ././PUNCT/./punct/6",
        ents=[(7, 9, "PERSON")],
    )
    att = attribute(s, actors(), cues(), quoted=True, last_speaker=None)
    assert att.speaker is not None
    assert att.speaker.record.name == "Jane Roe"


def test_a_person_quoted_in_their_own_sentence_is_no_quote_continuation() -> None:
    # "Jane Roe welcomed “ the deal . ”" after a quotation of Tom Doe's
    s = sent(
        "Jane/Jane/PROPN/NNP/compound/1 Roe/Roe/PROPN/NNP/nsubj/2 welcomed/welcome/VERB/VBD/ROOT/2 "
        "“/“/PUNCT/``/punct/5 the/the/DET/DT/det/5 deal/deal/NOUN/NN/dobj/2 ././PUNCT/./punct/2 "
        "”/”/PUNCT/''/punct/2",
        ents=[(0, 2, "PERSON")],
    )
    before = SpeakerRef(ActorRecord(name="Tom Doe", is_person=True), "name", "Tom Doe")
    att = attribute(s, actors(), cues(), quoted=True, last_speaker=before)
    assert att.speaker is not None
    assert att.speaker.record.name == "Jane Roe"


def test_an_announced_stance_inside_a_statement_is_one_the_speaker_reports() -> None:
    # "Talks failed , Roe said , if Norway acts , as it announced ."
    s = sent(
        "Talks/talk/NOUN/NNS/nsubj/1 failed/fail/VERB/VBD/ROOT/1 ,/,/PUNCT/,/punct/4 "
        "Roe/Roe/PROPN/NNP/nsubj/4 said/say/VERB/VBD/parataxis/1 ,/,/PUNCT/,/punct/1 "
        "if/if/SCONJ/IN/mark/8 Norway/Norway/PROPN/NNP/nsubj/8 acts/act/VERB/VBZ/advcl/1 "
        ",/,/PUNCT/,/punct/8 as/as/SCONJ/IN/mark/12 it/it/PRON/PRP/nsubj/12 "
        "announced/announce/VERB/VBD/advcl/8 ././PUNCT/./punct/1",
        ents=[(3, 4, "PERSON")],
        govs=[(7, 8, "name", "NOR")],
    )
    att = attribute(s, actors(), cues(), quoted=False, last_speaker=None)
    assert att.speaker is not None
    assert att.speaker.phrase == "Roe"
    assert att.complement_gov == "NOR"
    assert att.stance_gov is None


def test_a_pronoun_stands_for_the_person_its_own_sentence_names_first() -> None:
    # after a quotation of Tom Doe's: "Jane Roe praised it , but she said it came late ."
    s = sent(
        "Jane/Jane/PROPN/NNP/compound/1 Roe/Roe/PROPN/NNP/nsubj/2 praised/praise/VERB/VBD/ROOT/2 "
        "it/it/PRON/PRP/dobj/2 ,/,/PUNCT/,/punct/2 but/but/CCONJ/CC/cc/2 "
        "she/she/PRON/PRP/nsubj/7 said/say/VERB/VBD/conj/2 it/it/PRON/PRP/nsubj/9 "
        "came/come/VERB/VBD/ccomp/7 late/late/ADV/RB/advmod/9 ././PUNCT/./punct/2",
        ents=[(0, 2, "PERSON")],
    )
    people = actors()
    doe = sent(
        "Tom/Tom/PROPN/NNP/compound/1 Doe/Doe/PROPN/NNP/nsubj/2 spoke/speak/VERB/VBD/ROOT/2",
        ents=[(0, 2, "PERSON")],
    )
    people.resolve(doe[1], doe)  # Tom Doe is the latest speaker
    ref = people.resolve(s[6], s)
    assert ref is not None
    assert ref.record.name == "Jane Roe"


def test_a_name_inside_a_quotation_opened_before_is_no_antecedent() -> None:
    # "Jane Roe will win , ” he said ." : the sentence opens inside a quotation
    s = sent(
        "Jane/Jane/PROPN/NNP/compound/1 Roe/Roe/PROPN/NNP/nsubj/3 will/will/AUX/MD/aux/3 "
        "win/win/VERB/VB/ccomp/7 ,/,/PUNCT/,/punct/3 ”/”/PUNCT/''/punct/7 "
        "he/he/PRON/PRP/nsubj/7 said/say/VERB/VBD/ROOT/7 ././PUNCT/./punct/7",
        ents=[(0, 2, "PERSON")],
    )
    assert sentence_person(s[6], s, []) is None
