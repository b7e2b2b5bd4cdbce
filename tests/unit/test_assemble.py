"""assemble: sections, wire-copy dedup, overrides, "New since" (hand-built sentences, no NLP)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace

import pytest

from briefing.assemble import (
    assemble,
    build_brief,
    cluster_duplicates,
    fingerprint,
    long_date,
    similarity,
)
from briefing.codec import decode, encode
from briefing.model import (
    Article,
    Assembly,
    Block,
    BlockKind,
    Brief,
    BriefItem,
    BriefTemplate,
    Override,
    Party,
    ReviewItem,
    Sentence,
)
from briefing.render.templates import load_template

PARTIES = (Party("JPN", "Japan", "Japan"), Party("KOR", "South Korea", "South Korea"))

#: (text, label, score) per paragraph of each invented article.
PARAGRAPHS: dict[str, list[tuple[str, str, float]]] = {
    "a": [
        (
            "The Japanese trade ministry said it would keep the export controls in place.",
            "position:JPN",
            0.9,
        ),
        ("Analysts warn the dispute could disrupt supply chains for memory chips.", "risk", 0.7),
        (
            "Exports of the chemicals fell by 12 percent in the first half of the year.",
            "background",
            0.6,
        ),
    ],
    "b": [
        (
            "South Korea's foreign ministry said it would take the dispute to the WTO.",
            "position:KOR",
            0.85,
        ),
        (
            "Trade officials from both countries will meet in Seoul next week to discuss curbs.",
            "next_steps",
            0.8,
        ),
    ],
}


def make_article(
    aid: str, paragraphs: Sequence[tuple[str, str, float]]
) -> tuple[Article, list[Sentence]]:
    """Return an article of one-sentence paragraphs and its classified sentences."""
    title = f"Article {aid}"
    text = title
    blocks = [Block(BlockKind.TITLE, 0, len(title), 0)]
    sentences = []
    for n, (para, label, score) in enumerate(paragraphs, start=1):
        text += "\n\n"
        start = len(text)
        text += para
        blocks.append(Block(BlockKind.BODY, start, len(text), n))
        sentences.append(
            Sentence(
                article_id=aid,
                start=start,
                end=len(text),
                text=para,
                paragraph=n,
                index=n,
                labels=(label,),
                scores={label: score},
                reasons=(f"because {label}",),
            )
        )
    return Article(
        id=aid, path=f"{aid}.txt", text=text + "\n", title=title, blocks=tuple(blocks)
    ), sentences


def build(
    articles: dict[str, list[tuple[str, str, float]]],
    template: BriefTemplate | None = None,
    **options: object,
) -> Assembly:
    arts, sents = [], []
    for aid, paras in articles.items():
        article, sentences = make_article(aid, paras)
        arts.append(article)
        sents += sentences
    return assemble(
        arts,
        sents,
        template or load_template(),
        parties=PARTIES,
        date="2019-07-15",
        **options,  # type: ignore[arg-type]
    )


def section_texts(brief: Brief, key: str) -> list[str]:
    section = brief.section(key)
    assert section is not None, key
    return [i.text for i in section.items]


def item_with(brief: Brief, phrase: str, key: str | None = None) -> BriefItem:
    found = [
        i
        for s in brief.sections
        if (key is None or s.key == key) and s.key not in ("key_points", "new")
        for i in s.items
        if phrase in i.text
    ]
    assert len(found) == 1, found
    return found[0]


# --------------------------------------------------------------------------- ids, dedup


def test_assemble_fingerprint_ignores_case_punctuation_and_spacing() -> None:
    a = fingerprint("doc1", "The Ministry said, on Monday:  it would act.")
    assert a == fingerprint("doc1", "the ministry said on monday it would act")
    assert a != fingerprint("doc2", "The Ministry said, on Monday:  it would act.")
    assert len(a) == 10
    assert int(a, 16) >= 0


@pytest.mark.parametrize(
    ("a", "b", "merged"),
    [
        (
            "The ministry said it would keep the controls on chemical exports.",
            "The Ministry said it would keep the controls on chemical exports!",
            True,
        ),
        (
            "The ministry said on Monday it would keep the controls on chemical exports.",
            "The ministry said Monday it would keep the controls on chemical exports, it said.",
            True,
        ),
        (
            "The ministry said it would keep the controls on chemical exports.",
            "The ministry said it would not keep the controls on chemical exports.",
            False,
        ),
        (
            "Officials said 12 people were killed in the attack on the border post.",
            "Officials said 14 people were killed in the attack on the border post.",
            False,
        ),
        ("Talks resume.", "Talks resume today.", False),
        (
            "The ministry said it would keep the controls on chemical exports.",
            "Analysts expect the curbs to hurt the chip industry in both countries.",
            False,
        ),
    ],
    ids=["punctuation", "light-edit", "negation", "number", "short", "different"],
)
def test_assemble_cluster_duplicates(a: str, b: str, merged: bool) -> None:
    groups = cluster_duplicates([a, b], threshold=90, min_words=6)
    assert (groups == [[0, 1]]) is merged, groups


def test_assemble_cluster_threshold_100_merges_exact_copies_only() -> None:
    texts = [
        "The ministry said on Monday it would keep the controls on chemical exports.",
        "The ministry said Monday it would keep the controls on chemical exports.",
        "the ministry said on monday it would keep the controls on chemical exports",
    ]
    assert cluster_duplicates(texts, threshold=100) == [[0, 2], [1]]
    assert cluster_duplicates(texts, threshold=90) == [[0, 1, 2]]


def test_assemble_similarity_is_100_for_copies() -> None:
    assert similarity("A b, c.", "a B c") == 100
    assert (
        80
        < similarity(
            "The minister said talks would go on.", "The minister said the talks would go on."
        )
        <= 100
    )


def test_assemble_reprint_appears_once_citing_both_articles() -> None:
    reprint = PARAGRAPHS["a"][0]
    edited = (PARAGRAPHS["a"][1][0].replace("Analysts warn", "Analysts warned"), "risk", 0.7)
    result = build({**PARAGRAPHS, "c": [reprint, edited]})
    item = item_with(result.brief, "export controls in place", "position:JPN")
    assert [(c.number, c.article_id) for c in item.citations] == [(1, "a"), (3, "c")]
    risk = section_texts(result.brief, "risk")
    assert len(risk) == 1, risk
    assert [c.article_id for c in result.brief.section("risk").items[0].citations] == ["a", "c"]
    assert result.merged == 2
    (review,) = [r for r in result.items if r.section == "position:JPN"]
    assert [(m.article_id, m.similarity) for m in review.members] == [("a", 100), ("c", 100)]


def test_assemble_item_ids_are_fingerprints_of_the_first_copy() -> None:
    result = build(PARAGRAPHS)
    item = item_with(result.brief, "export controls")
    assert item.id == fingerprint("a", item.text)
    ids = [i.id for s in result.brief.sections for i in s.items]
    assert all(ids)


def test_assemble_build_brief_keeps_its_signature() -> None:
    arts, sents = zip(*(make_article(a, p) for a, p in PARAGRAPHS.items()), strict=True)
    brief = build_brief(
        list(arts),
        [s for ss in sents for s in ss],
        load_template(),
        parties=PARTIES,
        date="2019-07-15",
    )
    assert [s.key for s in brief.sections] == [
        "key_points",
        "background",
        "position:JPN",
        "position:KOR",
        "risk",
        "next_steps",
    ]
    assert brief.to_dict() == Brief.from_dict(brief.to_dict()).to_dict()


# --------------------------------------------------------------------------- new since


def test_assemble_new_section_lists_the_new_articles_items() -> None:
    extra = [
        (
            "Seoul said it would respond firmly if Tokyo did not withdraw the measures.",
            "position:KOR",
            0.85,
        ),
        PARAGRAPHS["a"][0],  # a reprint: not new
    ]
    result = build({**PARAGRAPHS, "c": extra}, new_articles=["c"], since="2019-07-10")
    brief = result.brief
    assert [s.key for s in brief.sections][:2] == ["key_points", "new"]
    new = brief.section("new")
    assert new is not None
    assert new.heading == "New since 10 July 2019"
    assert [i.text for i in new.items] == [extra[0][0]]
    assert item_with(brief, "respond firmly", "position:KOR").new
    assert not item_with(brief, "export controls", "position:JPN").new
    assert {r.id for r in result.items if r.new} == {new.items[0].id}


def test_assemble_no_new_section_without_a_previous_build() -> None:
    result = build(PARAGRAPHS, new_articles=["a", "b"])
    assert result.brief.section("new") is None
    assert not any(r.new for r in result.items)


def test_assemble_new_mark_mode_marks_items_instead() -> None:
    template = replace(load_template(), new_items="mark")
    result = build(PARAGRAPHS, template, new_articles=["b"], since="2019-07-01")
    assert result.brief.section("new") is None
    assert item_with(result.brief, "take the dispute").new


@pytest.mark.parametrize(
    ("value", "text"), [("2019-12-05", "5 December 2019"), ("soon", "soon"), (None, "")]
)
def test_assemble_long_date(value: str | None, text: str) -> None:
    assert long_date(value) == text


# --------------------------------------------------------------------------- overrides


def override_for(result: Assembly, phrase: str, **fields: object) -> Override:
    item = item_with(result.brief, phrase)
    return Override(key=item.id, text=item.text, article=item.citations[0].article_id, **fields)  # type: ignore[arg-type]


def test_assemble_override_moves_drops_and_pins() -> None:
    first = build(PARAGRAPHS)
    overrides = [
        override_for(first, "fell by 12 percent", section="risk"),
        override_for(first, "supply chains", drop=True),
        override_for(first, "will meet in Seoul", keep=True),
        override_for(first, "take the dispute", section="position", government="JPN"),
    ]
    result = build(PARAGRAPHS, overrides=overrides)
    brief = result.brief
    assert section_texts(brief, "background") == []
    assert section_texts(brief, "risk") == [PARAGRAPHS["a"][2][0]]
    assert not any("supply chains" in i.text for s in brief.sections for i in s.items)
    assert "take the dispute" in " ".join(section_texts(brief, "position:JPN"))
    assert section_texts(brief, "position:KOR") == []
    assert section_texts(brief, "key_points")[0] == PARAGRAPHS["b"][1][0]
    assert result.stale == ()
    dropped = [r for r in result.items if r.dropped]
    assert [(r.section, r.override and r.override.drop) for r in dropped] == [("risk", True)]
    moved = item_with(brief, "fell by 12 percent")
    assert moved.reasons[-1] == "override: section risk (analyst)"


def test_assemble_override_follows_the_sentence_into_a_reprint() -> None:
    first = build(PARAGRAPHS)
    override = override_for(first, "export controls", section="risk")
    # The original article is gone; a reprint in another article remains.
    only_reprint = {"b": PARAGRAPHS["b"], "c": [PARAGRAPHS["a"][0]]}
    result = build(only_reprint, overrides=[override])
    assert result.stale == (override,)  # the override's own sentence is gone ...
    with_members = replace(override, members=(override.key, fingerprint("c", override.text)))
    result = build(only_reprint, overrides=[with_members])
    assert result.stale == ()  # ... but recorded copies carry it over
    assert "export controls" in " ".join(section_texts(result.brief, "risk"))


def test_assemble_stale_override_is_reported_not_dropped() -> None:
    ghost = Override(
        key=fingerprint("gone", "A sentence that left."),
        text="A sentence that left.",
        article="gone",
        drop=True,
    )
    result = build(PARAGRAPHS, overrides=[ghost])
    assert result.stale == (ghost,)


def test_assemble_overridden_item_survives_the_section_limit() -> None:
    template = load_template()
    limited = replace(
        template,
        sections=tuple(replace(s, limit=1) if s.key == "risk" else s for s in template.sections),
    )
    first = build(PARAGRAPHS, limited)
    moved = override_for(first, "fell by 12 percent", section="risk")
    result = build(PARAGRAPHS, limited, overrides=[moved])
    assert section_texts(result.brief, "risk") == [PARAGRAPHS["a"][2][0]]


def test_assemble_override_roundtrips_through_dict() -> None:
    o = Override(
        key="abc",
        text="t",
        article="a",
        section="position",
        government="JPN",
        keep=True,
        members=("abc", "def"),
        noted="2019-01-01",
    )
    assert decode(Override, json.loads(json.dumps(encode(o)))) == o
    assert o.describe() == "section position of JPN, keep in key points"


def test_assemble_review_items_roundtrip_and_highlight() -> None:
    result = build(PARAGRAPHS)
    for item in result.items:
        again = decode(ReviewItem, json.loads(json.dumps(encode(item))))
        assert again == item
        start, end = item.highlight
        assert " ".join(item.context[start:end].split()) == item.text
