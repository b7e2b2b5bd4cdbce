"""Bullets that stand alone, printed once; derived key points; stable numbers (no NLP).

Invented articles of several sentences per paragraph, classified by hand the way the
classifier does (labels, scores, reasons with the speaker and the cues).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import pytest

from briefing.assemble import assemble, citation_numbers
from briefing.bullets import fit_words
from briefing.ingest import default_rules, find_dateline
from briefing.model import (
    Actor,
    Article,
    Block,
    BlockKind,
    Brief,
    BriefItem,
    BriefSection,
    Citation,
    Party,
    Sentence,
)
from briefing.render.templates import load_template

PARTIES = (Party("NOR", "Norway", "Norway"), Party("ISL", "Iceland", "Iceland"))
VIK = Actor(name="Ola Petter Vik", government="NOR", role="minister", resolved_by="title")
ISL_MINISTRY = Actor(
    name="Iceland's Foreign Ministry", government="ISL", role="institution", resolved_by="registry"
)


@dataclass
class S:
    """One invented sentence with its classification."""

    text: str
    labels: tuple[str, ...]
    speaker: Actor | None = None
    reasons: tuple[str, ...] = ()
    scores: dict[str, float] = field(default_factory=dict)


def article(
    aid: str, paragraphs: Sequence[Sequence[S]], date: str | None = None
) -> tuple[Article, list[Sentence]]:
    title = f"Mackerel talks {aid}"
    text = title
    blocks = [Block(BlockKind.TITLE, 0, len(title), 0)]
    sentences: list[Sentence] = []
    index = 0
    for n, paragraph in enumerate(paragraphs, start=1):
        text += "\n\n"
        block_start = len(text)
        for k, s in enumerate(paragraph):
            if k:
                text += " "
            start = len(text)
            text += s.text
            index += 1
            scores = s.scores or dict.fromkeys(s.labels, 0.8)
            sentences.append(
                Sentence(
                    article_id=aid,
                    start=start,
                    end=len(text),
                    text=s.text,
                    paragraph=n,
                    index=index,
                    speaker=s.speaker,
                    labels=s.labels,
                    scores=scores,
                    reasons=s.reasons,
                )
            )
        blocks.append(Block(BlockKind.BODY, block_start, len(text), n))
    art = Article(
        id=aid,
        path=f"/home/analyst/{aid}.txt",
        text=text + "\n",
        title=title,
        blocks=tuple(blocks),
        source="Nordic Wire",
        date=date,
        url=f"https://example.org/{aid}",
        dateline=find_dateline(text, blocks, default_rules()),
    )
    return art, sentences


def brief_of(*built: tuple[Article, list[Sentence]], **options: object) -> Brief:
    arts = [a for a, _ in built]
    sents = [s for _, ss in built for s in ss]
    return assemble(
        arts,
        sents,
        load_template(),
        parties=PARTIES,
        date="2024-03-08",
        **options,  # type: ignore[arg-type]
    ).brief


def texts(brief: Brief, key: str) -> list[str]:
    section = brief.section(key)
    assert section is not None, key
    return [i.text for i in section.items]


def body_items(brief: Brief) -> list[tuple[str, BriefItem]]:
    return [(s.key, i) for s in brief.sections if s.key != "key_points" for i in s.items]


SPEAKER_VIK = "speaker: Ola Petter Vik → NOR via name, title"

STANCE = S(
    "Norwegian minister Ola Petter Vik said the quota agreed last year must stand, "
    "and that at the next round a joint survey will be presented to both fleets.",
    ("position:NOR", "next_steps"),
    VIK,
    (SPEAKER_VIK, "future: 'will presented'"),
)
FOLLOW = S("He did not say when.", ("background",))
HE_AGAIN = S(
    "He has offered talks but says his government will not give ground.",
    ("position:NOR",),
    VIK,
    ("speaker: He → NOR via pronoun, title",),
)
TRIGGER = S(
    "The talks were called after Iceland's Foreign Ministry said last week it would "
    "double its own quota in response to the stock moving north.",
    ("background", "position:ISL"),
    ISL_MINISTRY,
    ("a statement cited as the trigger", "speaker: Iceland's Foreign Ministry → ISL via registry"),
)
RISK = S(
    "Fishermen fear the dispute could escalate into a trade war that threatens exports.",
    ("risk",),
    None,
    ("risk cues: 'fear', 'escalate', 'threatens'",),
)
MILD_RISK = S(
    "Tensions rose in the harbour last month.", ("risk",), None, ("risk cues: 'Tensions'",)
)
STEP = S(
    "The two delegations are due to meet in Reykjavik.",
    ("next_steps",),
    None,
    ("future: 'due to meet'",),
)
QUOTE_OPEN = S(
    "“We will not accept this.", ("position:ISL",), ISL_MINISTRY, ("speaker: x → ISL via x",)
)
QUOTE_CLOSE = S("Our fleet needs the stock,” the ministry said.", ("position:ISL",), ISL_MINISTRY)
DATELINED = S(
    "OSLO, March 4 (Nordic Wire) - Norway's fisheries ministry said on Monday it wanted a deal.",
    ("position:NOR",),
    Actor(name="Norway's fisheries ministry", government="NOR", role="institution"),
    ("speaker: Norway's fisheries ministry → NOR via registry",),
)


def seed_like() -> tuple[Article, list[Sentence]]:
    return article(
        "a",
        [
            [STANCE, FOLLOW],
            [TRIGGER],
            [MILD_RISK],
            [STEP],
            [RISK],
            [HE_AGAIN],
            [QUOTE_OPEN, QUOTE_CLOSE],
        ],
    )


def test_bullets_each_sentence_is_printed_whole_in_one_body_section_only() -> None:
    brief = brief_of(seed_like())
    whole: dict[str, list[str]] = {}
    for key, item in body_items(brief):
        whole.setdefault(re.sub(r" \[[^\]]*\]", "", item.text), []).append(key)
    assert all(len(keys) == 1 for keys in whole.values()), whole


def test_bullets_other_labels_become_an_extract_or_a_tag() -> None:
    brief = brief_of(seed_like())
    # The speaker's reported clause of a background sentence goes to its government.
    assert texts(brief, "position:ISL")[0] == (
        "… Iceland's Foreign Ministry said last week it would double its own quota in "
        "response to the stock moving north."
    )
    # The clause with the future cue goes to next steps, with its speaker named again.
    assert (
        "[According to Ola Petter Vik,] at the next round a joint survey will be presented "
        "to both fleets." in texts(brief, "next_steps")
    )
    # A label with no clause of its own is a tag.
    tagged = [i for _k, i in body_items(brief) if i.tags]
    assert tagged == []  # every other label here found its clause


def test_bullets_a_tag_when_no_clause_stands_alone() -> None:
    both = S(
        "Tensions rose as the envoy left.", ("risk", "background"), None, ("risk cues: 'Tensions'",)
    )
    brief = brief_of(article("a", [[both]]))
    (item,) = brief.section("risk").items  # type: ignore[union-attr]
    assert item.tags == ("also background",)
    assert texts(brief, "background") == []


def test_bullets_continuation_and_quotation_stay_one_item_with_the_name_in_brackets() -> None:
    brief = brief_of(seed_like())
    nor = texts(brief, "position:NOR")
    assert nor[0].endswith("both fleets. He [Ola Petter Vik] did not say when.")
    assert not any(t.startswith("He did not") for _k, i in body_items(brief) for t in [i.text])
    isl = texts(brief, "position:ISL")
    assert "“We will not accept this. Our fleet needs the stock,” the ministry said." in isl


def test_bullets_a_quote_left_open_by_a_slip_joins_nothing_past_its_paragraph() -> None:
    slip = S(
        "Vik said the talks showed “good will on both sides.",
        ("position:NOR",),
        VIK,
        (SPEAKER_VIK,),
    )
    other_side = S(
        "Iceland's Foreign Ministry said it would study the offer.",
        ("position:ISL",),
        ISL_MINISTRY,
        ("speaker: Iceland's Foreign Ministry → ISL via name",),
    )
    reopened = S("“We will answer within a week,” the ministry added.", ("position:ISL",))
    brief = brief_of(article("a", [[slip], [other_side], [QUOTE_OPEN], [reopened]]))
    assert texts(brief, "position:NOR") == [slip.text]
    assert other_side.text in texts(brief, "position:ISL")
    # a quotation that runs over paragraphs, each reopening it, stays one item
    assert f"{QUOTE_OPEN.text} {reopened.text}" in texts(brief, "position:ISL")


def test_bullets_leading_pronoun_gets_the_resolved_speaker() -> None:
    brief = brief_of(seed_like())
    assert (
        "He [Ola Petter Vik] has offered talks but says his government will not give ground."
        in texts(brief, "position:NOR")
    )
    bare = re.compile(r"^(He|She|It|They|His|Her|Its|Their)\b(?! \[)")
    assert [i.text for _k, i in body_items(brief) if bare.match(i.text)] == []


def test_bullets_dateline_left_out_offsets_kept() -> None:
    built = article("a", [[DATELINED]])
    brief = brief_of(built)
    (item,) = brief.section("position:NOR").items  # type: ignore[union-attr]
    assert item.text == "Norway's fisheries ministry said on Monday it wanted a deal."
    (citation,) = item.citations
    assert built[0].text[citation.start : citation.end] == DATELINED.text


def test_bullets_relative_days_dated_only_from_the_articles_own_date() -> None:
    dated = brief_of(article("a", [[DATELINED]], date="2024-03-04"))
    assert texts(dated, "position:NOR") == [
        "Norway's fisheries ministry said on Monday [4 March 2024] it wanted a deal."
    ]
    undated = brief_of(article("a", [[DATELINED]]), as_of="2024-03-04")
    assert "[4 March 2024]" not in " ".join(texts(undated, "position:NOR"))


def test_bullets_key_points_are_stances_gravest_risk_then_next_step() -> None:
    brief = brief_of(seed_like())
    points = brief.section("key_points").items  # type: ignore[union-attr]
    assert [p.text for p in points] == [
        "Norwegian minister Ola Petter Vik said the quota agreed last year must stand …",
        "Iceland's Foreign Ministry said last week it would double its own quota …",
        "Fishermen fear the dispute could escalate into a trade war that threatens exports.",
    ]
    assert all(p.citations for p in points)
    assert [p.section for p in points] == ["key_points"] * 3


def test_bullets_key_points_take_the_next_step_when_a_government_is_silent() -> None:
    brief = brief_of(article("a", [[STANCE], [RISK], [STEP]]))
    points = [p.text for p in brief.section("key_points").items]  # type: ignore[union-attr]
    assert points[-1] == "The two delegations are due to meet in Reykjavik."
    assert len(points) == 3


def test_bullets_key_points_drop_a_leading_connective() -> None:
    but = S("But Vik said the quota must stand.", ("position:NOR",), VIK, (SPEAKER_VIK,))
    brief = brief_of(article("a", [[but]]))
    assert texts(brief, "key_points") == ["Vik said the quota must stand."]


def test_bullets_low_confidence_items_are_marked() -> None:
    weak = S("Some boats may stay in port.", ("risk",), scores={"risk": 0.3})
    brief = brief_of(article("a", [[weak]]))
    (item,) = brief.section("risk").items  # type: ignore[union-attr]
    assert item.tags == ("low confidence",)


def test_bullets_front_matter_dates_counts_and_single_source() -> None:
    brief = brief_of(seed_like(), as_of="2024-03-04")
    assert brief.dateline == "As of 4 March 2024 · 1 article from 1 outlet"
    assert brief.marking_line == (
        "UNCLASSIFIED — OPEN SOURCE (single source, not independently corroborated)"
    )
    undated = brief_of(seed_like())
    assert undated.dateline.startswith("Undated source")
    assert not re.search(r"\d{4}", undated.dateline)


def test_bullets_sources_have_no_local_path() -> None:
    brief = brief_of(seed_like())
    (source,) = brief.sources
    assert source.path == ""
    assert source.url == "https://example.org/a"


def test_bullets_citation_numbers_first_seen_and_retired_numbers_kept() -> None:
    a, b, c = (Article(id=x, path="", text="", title=x, blocks=()) for x in "abc")
    first = citation_numbers([a, b])
    assert first == {"a": 1, "b": 2}
    later = citation_numbers([b, c], first)
    assert later == {"a": 1, "b": 2, "c": 3}
    assert citation_numbers([c, a], later) == later


def test_bullets_fit_words_drops_last_background_items_first_and_keeps_key_sources() -> None:
    def item(n: int, words: int) -> BriefItem:
        cite = (Citation(number=1, article_id="a", start=0, end=1),)
        return BriefItem(text=" ".join(["w"] * words), section="", citations=cite, id=str(n))

    sections = [
        BriefSection(key="background", heading="B", items=(item(1, 20), item(2, 20), item(3, 20))),
        BriefSection(key="risk", heading="R", items=(item(4, 20), item(5, 20))),
    ]
    trimmed, dropped = fit_words(sections, 70, keep={"3"})
    assert dropped == 2
    assert [[i.id for i in s.items] for s in trimmed] == [["1", "3"], ["4"]]


def test_bullets_changes_report_key_points_and_numbers() -> None:
    from briefing.app.changes import compare, number_changes

    first = assemble(*_parts(seed_like()), load_template(), parties=PARTIES, date="2024-03-08")
    other = article("b", [[replace(RISK, text="Fishermen fear the dispute could escalate.")]])
    second = assemble(
        *_parts(other),
        load_template(),
        parties=PARTIES,
        date="2024-03-09",
        numbering=first.brief.meta["citations"],
    )
    assert [s.number for s in second.brief.sources] == [2]
    assert number_changes(first.brief, second.brief) == (
        "[1] retired (its article was removed; the number is not reused): "
        "Mackerel talks a (Nordic Wire)",
        "[2] assigned to Mackerel talks b (Nordic Wire)",
    )
    changes = compare(first.items, first.brief, second.items, second.brief, new_articles=["b"])
    assert changes.key_points_removed
    assert changes.key_points_added == ("Fishermen fear the dispute could escalate.",)


def _parts(built: tuple[Article, list[Sentence]]) -> tuple[list[Article], list[Sentence]]:
    return [built[0]], built[1]


def test_bullets_pinned_item_wins_a_key_point() -> None:
    from briefing.assemble import fingerprint
    from briefing.model import Override

    pin = Override(key=fingerprint("a", STEP.text), text=STEP.text, article="a", keep=True)
    brief = brief_of(seed_like(), overrides=[pin])
    points = texts(brief, "key_points")
    assert points[0] == STEP.text
    assert len(points) == 3


def test_bullets_timeline_lists_dated_events_in_order() -> None:
    template = load_template("timeline")
    early = S("The envoys met on 2 March 2024 in Oslo.", ("background",))
    later = S(
        "The ministry said on Monday it wanted a deal.", ("position:NOR",), VIK, (SPEAKER_VIK,)
    )
    built = article("a", [[later], [early]], date="2024-03-04")
    brief = assemble([built[0]], built[1], template, parties=PARTIES, date="2024-03-08").brief
    timeline = brief.section("timeline")
    assert timeline is not None
    assert [(i.when, i.text) for i in timeline.items] == [
        ("2024-03-02", "The envoys met on 2 March 2024 in Oslo."),
        ("2024-03-04", "The ministry said on Monday [4 March 2024] it wanted a deal."),
    ]


def test_bullets_replace_is_harmless_for_items() -> None:
    item = BriefItem(text="x", section="risk", citations=())
    assert replace(item, tags=("t",)).tags == ("t",)


def test_bullets_fit_words_counts_each_item_once_not_once_per_drop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Trimming a long brief stays linear: each item's words are counted a bounded number
    of times, not once per item dropped (a wire-copy folder of two articles of 12,000
    sentences took minutes here)."""
    import briefing.bullets as bullets

    counted = 0
    real = bullets.item_words

    def counting(item: BriefItem) -> int:
        nonlocal counted
        counted += 1
        return real(item)

    monkeypatch.setattr(bullets, "item_words", counting)
    cite = (Citation(number=1, article_id="a", start=0, end=1),)
    sections = [
        BriefSection(
            key=key,
            heading=key,
            items=tuple(
                BriefItem(text="w " * (5 + n % 7), section=key, citations=cite, id=f"{key}{n}")
                for n in range(2000)
            ),
        )
        for key in ("background", "risk", "next_steps")
    ]
    trimmed, dropped = fit_words(sections, 100, keep=set())
    assert dropped > 5000
    assert counted <= 3 * 6000  # quadratic counting was about 6000 * 6000
    assert all(s.items[0].id == f"{s.key}0" for s in trimmed)  # each keeps its first item
