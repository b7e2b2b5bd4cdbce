"""The one record codec: every record of the model survives JSON, and bad data is refused."""

from __future__ import annotations

import dataclasses
import inspect
import json
from typing import Any

import pytest

from briefing import model
from briefing.app.state import State, override_entry, override_from_entry
from briefing.codec import CodecError, decode, encode, view
from briefing.model import (
    Actor,
    Article,
    Assembly,
    Block,
    BlockKind,
    Brief,
    BriefItem,
    BriefSection,
    BriefTemplate,
    Change,
    Changes,
    Citation,
    Dateline,
    Member,
    Override,
    Party,
    ReviewItem,
    SectionSpec,
    Sentence,
    Source,
)

BLOCK = Block(kind=BlockKind.CAPTION, start=0, end=9, paragraph=2, reason="a photo credit")
ACTOR = Actor(name="A Minister", government="JPN", role="Minister", resolved_by="title")
SENTENCE = Sentence(
    article_id="a1",
    start=10,
    end=40,
    text="Tokyo will reply next week, it said.",
    block_kind=BlockKind.BODY,
    paragraph=1,
    index=3,
    speaker=ACTOR,
    labels=("position:JPN", "next_steps"),
    scores={"position:JPN": 0.8, "next_steps": 0.25},
    reasons=("a government speaks",),
    glosses=((28, 30, "Japan"),),
)
CITATION = Citation(number=1, article_id="a1", start=10, end=40)
ITEM = BriefItem(
    text="Tokyo will reply next week.",
    section="position:JPN",
    citations=(CITATION,),
    government="JPN",
    confidence=0.75,
    labels=("position:JPN",),
    reasons=("r",),
    id="abcd1234",
    new=True,
    tags=("also a next step",),
    when="2019-07-20",
)
SECTION = BriefSection(
    key="position:JPN", heading="Position of Japan", items=(ITEM,), government="JPN"
)
SOURCE = Source(number=1, article_id="a1", title="T", outlet="Wire", date=None, url="u")
BRIEF = Brief(
    title="Japan-South Korea relations",
    date="2019-07-15",
    pair=("JPN", "KOR"),
    governments={"JPN": "Japan", "KOR": "South Korea"},
    sections=(SECTION,),
    sources=(SOURCE,),
    meta={"model": "x", "citations": {"a1": 1}},
    as_of="2019-07-15",
    warnings=("w",),
)
OVERRIDE = Override(
    key="abcd1234", text="t", article="a1", section="position", government="JPN",
    keep=True, members=("abcd1234", "ef"), noted="2019-07-16",
)  # fmt: skip
MEMBER = Member(
    article_id="a1", number=1, start=10, end=40, text="t", similarity=100, fingerprint="abcd1234"
)
REVIEW_ITEM = ReviewItem(
    id="abcd1234",
    section="position:JPN",
    text="t",
    members=(MEMBER,),
    heading="Position of Japan",
    government="JPN",
    confidence=0.5,
    reasons=("r",),
    override=OVERRIDE,
    context="ctx t",
    highlight=(4, 5),
)
CHANGE = Change(kind="moved", id="abcd1234", text="t", before=("Background",), after=("Risks",))
SPEC = SectionSpec(key="risk", heading="Risks", limit=3, threshold=0.4)

#: One filled-in example of every record of the model (and the workspace's state).
SAMPLES: list[Any] = [
    BLOCK,
    Article(id="a1", path="a1.txt", text="x" * 50, title="T", blocks=(BLOCK,), date="2019-07-15"),
    Dateline(place="KYIV", agency="Reuters", date="2019-07-15", span=(0, 24)),
    ACTOR,
    SENTENCE,
    CITATION,
    ITEM,
    SECTION,
    SOURCE,
    BRIEF,
    Party(code="JPN", name="Japan", display="Japan"),
    OVERRIDE,
    MEMBER,
    REVIEW_ITEM,
    Assembly(brief=BRIEF, items=(REVIEW_ITEM,), stale=(OVERRIDE,), merged=2),
    CHANGE,
    Changes(date="2019-07-15", previous=None, entries=(CHANGE,), stale=(OVERRIDE,)),
    SPEC,
    BriefTemplate(
        name="t",
        path="t.toml",
        marking="M",
        title="{a}-{b}",
        author="x",
        sections=(SPEC,),
        pdf_styles={"body": {"fontSize": 10}},
        front={"as_of": "As of {date}"},
    ),
    State(
        brief=encode(BRIEF),
        items=[REVIEW_ITEM],
        articles={"a1": "f" * 64},
        since={"date": "2019-07-01", "articles": {"a1": "e" * 64}},
        stale=[OVERRIDE],
        reports={"brief.pdf": "d" * 64},
        sources=["articles/"],
    ),
]


def _through_json(value: Any) -> Any:
    return json.loads(json.dumps(encode(value)))


@pytest.mark.parametrize("record", SAMPLES, ids=lambda r: type(r).__name__)
def test_codec_roundtrips_every_record(record: Any) -> None:
    assert decode(type(record), _through_json(record)) == record


def test_codec_has_a_sample_of_every_record_of_the_model() -> None:
    records = {
        name
        for name, obj in inspect.getmembers(model, inspect.isclass)
        if dataclasses.is_dataclass(obj) and obj.__module__ == model.__name__
    }
    assert records <= {type(r).__name__ for r in SAMPLES}


def test_codec_encodes_enums_tuples_and_nested_records_as_json() -> None:
    record = encode(SENTENCE)
    assert record["block_kind"] == "body"
    assert record["speaker"]["government"] == "JPN"
    assert record["glosses"] == [[28, 30, "Japan"]]
    assert record["labels"] == ["position:JPN", "next_steps"]


def test_codec_uses_a_field_s_json_name() -> None:
    assert encode(MEMBER)["doc"] == "a1"
    assert "article_id" not in encode(MEMBER)


def test_codec_fills_missing_fields_with_their_defaults() -> None:
    assert decode(Override, {"key": "k"}) == Override(key="k")
    assert decode(Citation, {"number": 1, "article_id": "a", "start": 0, "end": 1}) == Citation(
        1, "a", 0, 1
    )


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"number": 1, "article_id": "a", "start": 0}, "'end' is missing"),
        ({"number": "1", "article_id": "a", "start": 0, "end": 1}, "Citation.number"),
        ({"number": True, "article_id": "a", "start": 0, "end": 1}, "Citation.number"),
        ([1, "a", 0, 1], "expected an object"),
    ],
)
def test_codec_refuses_data_of_the_wrong_shape(data: Any, problem: str) -> None:
    with pytest.raises(CodecError, match=problem):
        decode(Citation, data)


def test_codec_refuses_an_unknown_enum_value_and_a_wrong_tuple_length() -> None:
    with pytest.raises(CodecError, match="block_kind"):
        decode(Sentence, {**encode(SENTENCE), "block_kind": "nonsense"})
    with pytest.raises(CodecError, match="pair"):
        decode(Brief, {**encode(BRIEF), "pair": ["JPN"]})


def test_codec_view_picks_and_renames_fields() -> None:
    assert view(SENTENCE, {"article_id": "doc", "end": "end"}) == {"doc": "a1", "end": 40}


def test_sentence_to_dict_is_the_classify_contract() -> None:
    record = SENTENCE.to_dict()
    assert list(record) == ["doc", "start", "end", "text", "labels", "scores", "reasons", "speaker"]
    assert record["speaker"] == dataclasses.asdict(ACTOR)


def test_overrides_file_entries_are_keyed_by_id_without_it() -> None:
    entry = override_entry(OVERRIDE)
    assert "key" not in entry
    assert override_from_entry(OVERRIDE.key, _through_json(entry)) == OVERRIDE


def test_state_record_carries_its_version_and_sorted_maps() -> None:
    state = dataclasses.replace(SAMPLES[-1], articles={"b": "1" * 64, "a": "2" * 64})
    record = state.to_dict()
    assert record["version"] == 1
    assert list(record["articles"]) == ["a", "b"]
    assert State.from_dict(json.loads(json.dumps(record))) == dataclasses.replace(
        state, articles={"a": "2" * 64, "b": "1" * 64}
    )
