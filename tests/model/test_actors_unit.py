"""Unit tests of speaker resolution (``briefing.nlp.actors.ArticleActors``) on parsed text.

Each case is a short invented passage (paragraphs of wire copy written for this test)
and a list of checks, run in reading order as the classifier does: every sentence is
learned first (``ArticleActors.learn``), then each check resolves the speaker phrase of
one sentence (``ArticleActors.resolve`` on the phrase's syntactic head) and compares the
government of the actor it returns with what ``/work/shared/eval/GUIDELINES.md`` (rule E)
and issue 3 require:

- a code: the phrase speaks for that government;
- ``None``: the phrase is not a government voice (analysts, companies, former officials,
  legislators) or has no compatible antecedent — no government may be returned.

Optional fields name the actor the phrase must resolve to (``name``: a substring of the
record's name, to check that "Barr" is the William Barr learned earlier) and how it
must be resolved (``via``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from spacy.tokens import Span

from briefing.nlp.actors import ArticleActors, SpeakerRef
from briefing.nlp.pipeline import split_sentences

pytestmark = pytest.mark.model


@dataclass(frozen=True)
class Check:
    """Resolve ``phrase`` in sentence ``sent`` (0-based over the whole passage)."""

    sent: int
    phrase: str
    government: str | None
    name: str = ""
    via: str = ""


@dataclass(frozen=True)
class ActorCase:
    id: str
    paragraphs: tuple[str, ...]
    checks: tuple[Check, ...]
    pair: tuple[str, str] | None = None
    note: str = field(default="", compare=False)


CASES: list[ActorCase] = [
    ActorCase(
        id="title_nationality_then_surname",
        note="'US Attorney General William Barr' is learned; later 'Barr' is the same person",
        pair=("MEX", "USA"),
        paragraphs=(
            "US Attorney General William Barr arrived in Mexico City on Thursday for talks on "
            "drug cartels. Barr said the two governments would step up intelligence sharing.",
        ),
        checks=(Check(1, "Barr", "USA", name="William Barr"),),
    ),
    ActorCase(
        id="apposition_possessive_country_title",
        note="'X, China's foreign minister, said' then bare 'Zhao' in the next paragraph",
        pair=("USA", "CHN"),
        paragraphs=(
            "Zhao Lirong, China's foreign minister, said the transits were a deliberate "
            "provocation.",
            "Zhao told reporters that Beijing had lodged stern representations.",
        ),
        checks=(
            Check(0, "Zhao Lirong", "CHN"),
            Check(1, "Zhao", "CHN", name="Zhao Lirong"),
        ),
    ),
    ActorCase(
        id="apposition_spokesman_for_the_kremlin",
        note="'X, a spokesman for the Kremlin, said' then 'X added'",
        pair=("RUS", "UKR"),
        paragraphs=(
            "Arkady Morozov, a spokesman for the Kremlin, said Moscow would continue its "
            "operation. Morozov added that the proposal was a ploy.",
        ),
        checks=(
            Check(0, "Arkady Morozov", "RUS"),
            Check(1, "Morozov", "RUS", name="Arkady Morozov"),
        ),
    ),
    ActorCase(
        id="the_title_of_country_apposition",
        note="'The foreign minister of Egypt, X, said' then 'X warned'",
        pair=("EGY", "ETH"),
        paragraphs=(
            "The foreign minister of Egypt, Karim Saad, said the filling of the dam violated "
            "international law. Saad warned that Cairo would defend its water rights.",
        ),
        checks=(
            Check(0, "Karim Saad", "EGY"),
            Check(1, "Saad", "EGY", name="Karim Saad"),
        ),
    ),
    ActorCase(
        id="pronoun_two_sentences_away_across_paragraphs",
        note="'He' resolves to the nearest person, past an institution and into the next "
        "paragraph; 'it' to the nearest body",
        pair=("KOR", "PRK"),
        paragraphs=(
            "South Korean Unification Minister Kim Sang-woo said on Monday that Seoul was "
            "ready to resume aid. The Unification Ministry said the offer had no conditions.",
            "He added that tensions had reached a dangerous level. He also warned that "
            "further launches would deepen the North's isolation. It said the offer stood.",
        ),
        checks=(
            Check(0, "South Korean Unification Minister Kim Sang-woo", "KOR"),
            Check(1, "The Unification Ministry", "KOR"),
            Check(2, "He", "KOR", name="Kim Sang-woo", via="pronoun"),
            Check(3, "He", "KOR", name="Kim Sang-woo", via="pronoun"),
            Check(4, "It", "KOR", name="Unification Ministry"),
        ),
    ),
    ActorCase(
        id="person_pronoun_needs_a_person",
        note="'He' never resolves to an institution: with only the Kremlin before it, it "
        "stays unresolved",
        pair=("RUS", "UKR"),
        paragraphs=(
            "The Kremlin said on Monday that the ceasefire proposal was a ploy. He said the "
            "talks were over.",
        ),
        checks=(
            Check(0, "The Kremlin", "RUS"),
            Check(1, "He", None),
        ),
    ),
    ActorCase(
        id="title_learned_in_text",
        note="'the Chinese consul-general' teaches the title; 'Consul-General X' and 'the "
        "consul-general' later resolve to China",
        pair=("CHN", "JPN"),
        paragraphs=(
            "The Chinese consul-general in Osaka posted a message on social media that "
            "Tokyo called offensive.",
            "Consul-General Xue Lin said on Friday that the post had been misread. The "
            "consul-general said he would not apologise.",
        ),
        checks=(
            Check(1, "Consul-General Xue Lin", "CHN"),
            Check(2, "The consul-general", "CHN"),
        ),
    ),
    ActorCase(
        id="title_without_nationality_by_context",
        note="'Foreign Minister X told reporters in Tokyo': the place gives the government "
        "(decided when the actor is frozen)",
        pair=("JPN", "KOR"),
        paragraphs=(
            "Foreign Minister Hiroshi Tanabe told reporters in Tokyo that the visit was "
            "extremely regrettable.",
        ),
        checks=(Check(0, "Foreign Minister Hiroshi Tanabe", "JPN"),),
    ),
    ActorCase(
        id="document_noun_anaphor",
        note="'the ministry' is the ministry named before it",
        pair=("USA", "CHN"),
        paragraphs=(
            "China's foreign ministry said the controls amounted to economic bullying. The "
            "ministry said Beijing would respond.",
        ),
        checks=(
            Check(0, "China's foreign ministry", "CHN"),
            Check(1, "The ministry", "CHN", name="foreign ministry"),
        ),
    ),
    ActorCase(
        id="registry_forms_capitals_seats_media",
        note="capitals, seats of government, state media and institutions from the registry",
        pair=None,
        paragraphs=(
            "The Kremlin rejected the plan. Beijing said it was concerned. KCNA said the "
            "drills were a rehearsal for invasion. The European Commission said it would "
            "respond. Brussels insists on a level playing field. Pristina said the rules "
            "would stay. Taipei said it would not bow to pressure. Downing Street said the "
            "talks were over. The Elysee said it regretted the decision. BelTA said Warsaw "
            "was fuelling hysteria.",
        ),
        checks=(
            Check(0, "The Kremlin", "RUS"),
            Check(1, "Beijing", "CHN"),
            Check(2, "KCNA", "PRK"),
            Check(3, "The European Commission", "EUU"),
            Check(4, "Brussels", "EUU"),
            Check(5, "Pristina", "XKX"),
            Check(6, "Taipei", "TWN"),
            Check(7, "Downing Street", "GBR"),
            Check(8, "The Elysee", "FRA"),
            Check(9, "BelTA", "BLR"),
        ),
    ),
    ActorCase(
        id="anonymous_officials_with_nationality",
        note="anonymous sources carry a government when their nationality is given",
        pair=None,
        paragraphs=(
            "A senior US official said the patrols would continue. Indian officials said "
            "talks were off. A UK government source said ministers were frustrated. "
            "Pakistani diplomats said the letter had been delivered.",
        ),
        checks=(
            Check(0, "A senior US official", "USA"),
            Check(1, "Indian officials", "IND"),
            Check(2, "A UK government source", "GBR"),
            Check(3, "Pakistani diplomats", "PAK"),
        ),
    ),
    ActorCase(
        id="kosovo_and_eu_people",
        note="demonym titles for Kosovo; 'the bloc's chief negotiator' is the EU",
        pair=("SRB", "XKX"),
        paragraphs=(
            "Kosovar Prime Minister Arben Gashi said Pristina would not back down. Gashi "
            "accused Belgrade of stoking tensions. The bloc's chief negotiator, Helene "
            "Marchetti, said both sides must compromise.",
        ),
        checks=(
            Check(0, "Kosovar Prime Minister Arben Gashi", "XKX"),
            Check(1, "Gashi", "XKX", name="Arben Gashi"),
            Check(2, "Helene Marchetti", "EUU"),
        ),
    ),
    ActorCase(
        id="country_possessive_beats_homonym_institution",
        note="'Pakistan's Foreign Office' is Pakistan's, though 'Foreign Office' is listed "
        "under GBR",
        pair=("IND", "PAK"),
        paragraphs=("Pakistan's Foreign Office said it had written to India about the treaty.",),
        checks=(Check(0, "Pakistan's Foreign Office", "PAK"),),
    ),
    ActorCase(
        id="ruling_party_organ",
        note="rule E: the ruling party's newspaper speaks for the government",
        pair=("KOR", "PRK"),
        paragraphs=(
            "North Korea's ruling party newspaper, Rodong Sinmun, said the offer was a cheap "
            "trick.",
        ),
        checks=(Check(0, "North Korea's ruling party newspaper", "PRK"),),
    ),
    ActorCase(
        id="non_government_speakers",
        note="rule E: analysts, companies, legislators, former and retired officials are "
        "never a government, even with a nationality or a title word",
        pair=("USA", "CHN"),
        paragraphs=(
            "Analysts at a Singapore-based think tank said the curbs would backfire. A "
            "spokeswoman for one of the largest American chipmakers said the company was "
            "studying the rules. Robert Haines, a former US ambassador to Beijing, said both "
            "sides were testing limits. A retired Chinese general said the drills were "
            "routine. Greek shipowners said insurance costs were rising. A Samsung "
            "Electronics spokesman told reporters in Seoul that supplies were normal. US "
            "senators said the curbs were too weak.",
        ),
        checks=(
            Check(0, "Analysts at a Singapore-based think tank", None),
            Check(1, "A spokeswoman for one of the largest American chipmakers", None),
            Check(2, "Robert Haines", None),
            Check(3, "A retired Chinese general", None),
            Check(4, "Greek shipowners", None),
            Check(5, "A Samsung Electronics spokesman", None),
            Check(6, "US senators", None),
        ),
    ),
]


def _sentences(session: object, paragraphs: tuple[str, ...]) -> list[Span]:
    nlp = session.nlp  # type: ignore[attr-defined]
    return [s for doc in nlp.pipe(paragraphs) for s in split_sentences(doc)]


def _head(sent: Span, phrase: str) -> object:
    idx = sent.text.find(phrase)
    assert idx >= 0, f"{phrase!r} not in sentence {sent.text!r}"
    start = sent.start_char + idx
    span = sent.doc.char_span(start, start + len(phrase), alignment_mode="expand")
    assert span is not None
    return span.root


def _show(ref: SpeakerRef | None) -> str:
    if ref is None:
        return "unresolved"
    rec = ref.record
    frozen = rec.freeze()
    return (
        f"{rec.name!r} → {frozen.government} (via {ref.via}, resolved_by "
        f"{frozen.resolved_by!r}, role {rec.role!r}, votes {dict(rec.votes)})"
    )


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_article_actors(case: ActorCase, session: object) -> None:
    sents = _sentences(session, case.paragraphs)
    actors = ArticleActors(session.registry, case.pair)  # type: ignore[attr-defined]
    for sent in sents:
        actors.learn(sent)
    refs: list[tuple[Check, SpeakerRef | None]] = []
    for check in case.checks:
        assert check.sent < len(sents), f"segmentation: {len(sents)} sentences: " + " | ".join(
            s.text for s in sents
        )
        sent = sents[check.sent]
        refs.append((check, actors.resolve(_head(sent, check.phrase), sent)))  # type: ignore[arg-type]
    # Governments are final once the whole passage is read (context votes).
    problems: list[str] = []
    for check, ref in refs:
        gov = ref.record.final_government() if ref is not None else None
        wrong = gov != check.government
        if check.name and (ref is None or check.name not in ref.record.name):
            wrong = True
        if check.via and (ref is None or ref.via != check.via):
            wrong = True
        if wrong:
            want = check.government or "no government"
            extra = "".join(
                f", {k} {v!r}" for k, v in (("name", check.name), ("via", check.via)) if v
            )
            problems.append(
                f"\n  [{check.sent}] {sents[check.sent].text}\n"
                f"      {check.phrase!r}: expected {want}{extra}; got {_show(ref)}"
            )
    assert not problems, "".join(problems)
