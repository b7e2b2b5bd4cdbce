"""The workspace: parse cache, corruption, invalidation, lock, overrides, state (blank spaCy)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
import spacy
import srsly
from spacy.language import Language

from briefing.app.cache import content_hash, decode_entry, encode_entry, environment_key
from briefing.app.state import State, WorkspaceError
from briefing.app.workspace import Workspace
from briefing.model import Article, Block, BlockKind, Brief, Override, ReviewItem
from briefing.nlp.components import ACTOR_MATCHER, GOV_SPANS, register_extensions, use_registry
from briefing.nlp.pipeline import MAX_BATCH_CHARS, parse_articles
from briefing.nlp.registry import Registry, load_registry

BODIES = {
    "a": [
        "Japan said on Monday it would keep its export controls on South Korea.",
        "Officials in Seoul said the curbs were unfair. They asked Tokyo to lift them.",
    ],
    "b": ["South Korea will take the dispute to the World Trade Organization, Seoul said."],
    "c": ["The foreign ministers of Japan and South Korea will meet in Bangkok next week."],
}


#: The smallest valid brief, as ``state.json`` stores it.
BRIEF = json.loads(
    json.dumps(
        Brief(
            title="Japan-South Korea relations",
            date="2019-07-15",
            pair=("JPN", "KOR"),
            governments={"JPN": "Japan", "KOR": "South Korea"},
            sections=(),
            sources=(),
        ).to_dict()
    )
)


def make_nlp(registry: Registry) -> Language:
    """A blank English pipeline with a sentencizer and briefing's actor matcher."""
    register_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(ACTOR_MATCHER, config={"registry_key": use_registry(registry)})
    return nlp


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


@pytest.fixture(scope="module")
def nlp(registry: Registry) -> Language:
    return make_nlp(registry)


def article(aid: str, bodies: Sequence[str], title: str | None = None) -> Article:
    title = title or f"Title of {aid}"
    text = title
    blocks = [Block(BlockKind.TITLE, 0, len(title), 0)]
    for n, body in enumerate(bodies, start=1):
        text += "\n\n"
        blocks.append(Block(BlockKind.BODY, len(text), len(text) + len(body), n))
        text += body
    text += "\n\nPhoto: Someone/Agency"
    blocks.append(Block(BlockKind.CREDIT, len(text) - 21, len(text), len(bodies) + 1))
    return Article(id=aid, path=f"{aid}.txt", text=text, title=title, blocks=tuple(blocks))


def articles(*ids: str) -> list[Article]:
    return [article(i, BODIES[i]) for i in ids]


def cache_files(ws: Workspace) -> list[Path]:
    return sorted(ws.cache_dir.rglob("*.bin"))


# --------------------------------------------------------------------------- entries


def test_workspace_entry_roundtrip_keeps_spans_and_user_data(nlp: Language) -> None:
    (pa,) = parse_articles(articles("a"), nlp)
    doc = pa.blocks[1].doc
    assert doc is not None
    doc.user_data["brief_note"] = "kept"
    key = content_hash(pa.article)
    again = decode_entry(encode_entry(pa, key=key), pa.article, key=key, nlp=nlp)
    for old, new in zip(pa.blocks, again.blocks, strict=True):
        assert old.block == new.block
        if old.doc is None:
            assert new.doc is None
            continue
        assert new.doc is not None
        assert new.doc.text == old.doc.text
        assert [(s.start, s.end, s.label_, s.kb_id_) for s in new.doc.spans[GOV_SPANS]] == [
            (s.start, s.end, s.label_, s.kb_id_) for s in old.doc.spans[GOV_SPANS]
        ]
        assert [s.text for s in new.sentences] == [s.text for s in old.sentences]
    assert again.blocks[1].doc.user_data["brief_note"] == "kept"
    assert [(s.text, s.kb_id_) for s in again.blocks[1].doc.spans[GOV_SPANS]][:1] == [
        ("Japan", "JPN")
    ]


def test_workspace_msgpack_snapshot_is_removed_after_parse(tmp_path: Path, nlp: Language) -> None:
    ws = Workspace(tmp_path)
    ws.parse(articles("a"), nlp, load_registry())
    assert "get_all" not in vars(srsly.msgpack_decoders)
    assert "get_all" not in vars(srsly.msgpack_encoders)


def test_a_snapshot_inside_another_keeps_the_outer_one_until_the_outer_ends() -> None:
    from briefing.app.cache import msgpack_decoders_snapshot

    with msgpack_decoders_snapshot():
        outer = vars(srsly.msgpack_decoders)["get_all"]
        with msgpack_decoders_snapshot():
            assert vars(srsly.msgpack_decoders)["get_all"] is outer
        assert vars(srsly.msgpack_decoders)["get_all"] is outer  # the inner one kept it
        assert srsly.msgpack_decoders.get_all() == outer()
    assert "get_all" not in vars(srsly.msgpack_decoders)
    assert "get_all" not in vars(srsly.msgpack_encoders)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # half-written
        lambda data: data[:-1] + bytes([data[-1] ^ 0xFF]),  # a flipped byte
        lambda data: b"",  # empty
        lambda data: b"not an entry at all" * 3,  # garbage
    ],
    ids=["truncated", "flipped-byte", "empty", "garbage"],
)
def test_workspace_corrupt_entry_is_parsed_again(
    tmp_path: Path, nlp: Language, damage: Callable[[bytes], bytes]
) -> None:
    ws = Workspace(tmp_path)
    ws.parse(articles("a", "b"), nlp, load_registry())
    (entry,) = [p for p in cache_files(ws) if p.stem == content_hash(articles("a")[0])]
    good = entry.read_bytes()
    entry.write_bytes(damage(good))
    parsed = ws.parse(articles("a", "b"), nlp, load_registry())
    assert ws.stats.corrupt == ["a"]
    assert ws.stats.parsed == ["a"]
    assert ws.stats.cached == ["b"]
    assert parsed[0].blocks[1].doc is not None
    assert entry.read_bytes() == good  # rewritten whole
    ws.parse(articles("a", "b"), nlp, load_registry())
    assert ws.stats.cached == ["a", "b"]


def test_workspace_entry_for_other_content_is_not_trusted(tmp_path: Path, nlp: Language) -> None:
    ws = Workspace(tmp_path)
    ws.parse(articles("a", "b"), nlp, load_registry())
    a, b = (p for p in cache_files(ws))
    a.write_bytes(b.read_bytes())  # a valid entry, but for the other article
    ws.parse(articles("a", "b"), nlp, load_registry())
    assert len(ws.stats.corrupt) == 1
    assert len(ws.stats.parsed) == 1


# --------------------------------------------------------------------------- parse cache


def test_workspace_parses_only_new_articles(tmp_path: Path, nlp: Language) -> None:
    ws = Workspace(tmp_path)
    ws.parse(articles("a", "b"), nlp, load_registry())
    assert (ws.stats.parsed, ws.stats.cached) == (["a", "b"], [])
    result = ws.parse(articles("a", "b", "c"), nlp, load_registry())
    assert (ws.stats.parsed, ws.stats.cached) == (["c"], ["a", "b"])
    assert [pa.article.id for pa in result] == ["a", "b", "c"]
    assert ws.stats.summary() == "parsed 1 article(s), 2 from the cache"


def test_workspace_changed_article_is_parsed_again(tmp_path: Path, nlp: Language) -> None:
    ws = Workspace(tmp_path)
    ws.parse(articles("a", "b"), nlp, load_registry())
    edited = [article("a", [*BODIES["a"], "A paragraph added later."]), *articles("b")]
    ws.parse(edited, nlp, load_registry())
    assert ws.stats.parsed == ["a"]


def test_workspace_same_body_under_another_headline_shares_the_entry(
    tmp_path: Path, nlp: Language
) -> None:
    ws = Workspace(tmp_path)
    ws.parse(articles("a"), nlp, load_registry())
    retitled = article("a2", BODIES["a"], title="A much longer headline for the same wire story")
    assert content_hash(retitled) == content_hash(articles("a")[0])
    (pa,) = ws.parse([retitled], nlp, load_registry())
    assert ws.stats.cached == ["a2"]
    assert pa.article is retitled


def test_workspace_registry_change_invalidates_parses(
    tmp_path: Path, nlp: Language, registry: Registry
) -> None:
    extra = tmp_path / "people.jsonl"
    extra.write_text(
        json.dumps({"name": "Kim Invented", "government": "KOR", "role": "Minister"}) + "\n"
    )
    other = load_registry([extra])
    assert other.key != registry.key
    other_nlp = make_nlp(other)
    assert environment_key(other_nlp, other) != environment_key(nlp, registry)
    ws = Workspace(tmp_path / "out")
    ws.parse(articles("a"), nlp, registry)
    ws.parse(articles("a"), other_nlp, other)
    assert ws.stats.parsed == ["a"]
    ws.parse(articles("a"), nlp, registry)  # the first environment's cache is kept
    assert ws.stats.cached == ["a"]


# --------------------------------------------------------------------------- lock


def test_workspace_lock_serialises_two_holders(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    events: list[str] = []
    inside = threading.Event()

    def first() -> None:
        with ws.lock():
            events.append("first in")
            inside.set()
            time.sleep(0.3)
            events.append("first out")

    def second() -> None:
        inside.wait()
        with Workspace(tmp_path).lock():
            events.append("second in")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert events == ["first in", "first out", "second in"]


# --------------------------------------------------------------------------- overrides, state


def test_workspace_overrides_update_keeps_earlier_ones_and_a_backup(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    one = Override(key="aaaa000001", text="One.", article="a", drop=True)
    two = Override(key="bbbb000002", text="Two.", article="b", section="risk")
    ws.update_overrides(lambda cur: {**cur, one.key: one})
    ws.update_overrides(lambda cur: {**cur, two.key: two})
    assert ws.load_overrides() == {one.key: one, two.key: two}
    backup = json.loads((ws.root / "overrides.json.bak").read_text())
    assert list(backup["overrides"]) == [one.key]
    text = ws.overrides_path.read_text()
    assert '"section": "risk"' in text  # human-readable, indented
    assert not list(ws.root.glob("*.tmp"))


def test_workspace_overrides_survive_a_failed_update(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    one = Override(key="aaaa000001", text="One.", article="a", keep=True)
    ws.update_overrides(lambda cur: {**cur, one.key: one})

    def boom(_cur: dict[str, Override]) -> dict[str, Override]:
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        ws.update_overrides(boom)
    assert ws.load_overrides() == {one.key: one}


def test_workspace_invalid_overrides_file_is_an_error_not_a_reset(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    ws.root.mkdir()
    ws.overrides_path.write_text("{not json")
    with pytest.raises(WorkspaceError) as info:
        ws.load_overrides()
    assert str(info.value).startswith(f"{ws.overrides_path}: not a valid overrides file")
    with pytest.raises(WorkspaceError):
        ws.update_overrides(lambda cur: cur)
    assert ws.overrides_path.read_text() == "{not json"


def test_workspace_state_roundtrip_and_unusable_state(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    assert ws.load_state() is None
    state = State(
        brief=BRIEF,
        items=[],
        articles={"a": "h1"},
        since={"date": "2019-07-01", "articles": {}},
        stale=[Override(key="k", text="t", article="a", drop=True)],
        reports={"brief.docx": "00"},
        sources=["articles"],
    )
    ws.save_state(state)
    loaded = ws.load_state()
    assert loaded is not None
    assert loaded.to_dict() == state.to_dict()
    ws.state_db.write_bytes(b"not a database")
    assert ws.load_state() is None
    ws.state_db.unlink()
    ws.state_path.write_text('{"version": 1, "brief": ')  # the format before, half written
    assert ws.load_state() is None


def test_workspace_foreign_reports(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    mine, theirs = tmp_path / "brief.docx", tmp_path / "brief.pdf"
    mine.write_bytes(b"written by briefing")
    theirs.write_bytes(b"written by hand")
    ws.save_state(
        State(
            brief=BRIEF,
            items=[],
            articles={},
            reports={"brief.docx": hashlib.sha256(b"written by briefing").hexdigest()},
        )
    )
    assert ws.foreign_reports([mine, theirs, tmp_path / "brief.md"]) == [theirs]
    mine.write_bytes(b"edited since")
    assert ws.foreign_reports([mine]) == [mine]


# --------------------------------------------------------------------------- memory budget


def _sentences(parsed: Sequence[object]) -> list[list[str]]:
    return [[s.text for pb in pa.blocks for s in pb.sentences] for pa in parsed]  # type: ignore[attr-defined]


def test_workspace_keeps_docs_only_within_the_budget_and_decodes_the_rest(
    tmp_path: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefing.app.workspace as workspace

    first = len(articles("a")[0].text)
    monkeypatch.setattr(workspace, "RETAINED_CHARS", first)
    ws = Workspace(tmp_path)
    items = ws.prepare(articles("a", "b", "c"), nlp, load_registry())
    assert [i.parsed is not None for i in items] == [True, False, False]
    assert all(i.stored and i.docbin is None for i in items)  # past the budget: on disk only
    expected = parse_articles(articles("a", "b", "c"), nlp)
    assert _sentences(ws.load(items)) == _sentences(expected)
    assert ws.stats.parsed == ["a", "b", "c"]  # decoded, not parsed again


def test_workspace_past_the_budget_without_a_cache_keeps_the_entry_bytes(
    tmp_path: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefing.app.workspace as workspace

    monkeypatch.setattr(workspace, "RETAINED_CHARS", 0)
    monkeypatch.setattr(Workspace, "_store", lambda self, path, data: False)  # a full disk
    ws = Workspace(tmp_path)
    items = ws.prepare(articles("a", "b"), nlp, load_registry())
    assert all(i.parsed is None and not i.stored and i.docbin for i in items)
    assert _sentences(ws.load(items)) == _sentences(parse_articles(articles("a", "b"), nlp))
    assert ws.stats.parsed == ["a", "b"]


LIVE: list[object] = []


@Language.component("test_workspace_liveness")
def _liveness(doc: object) -> object:
    """Note, before each Doc is parsed, how many Docs of earlier articles are still alive."""
    import gc
    import weakref

    gc.collect()
    LIVE.append(sum(ref() is not None for ref in _REFS))
    _REFS.append(weakref.ref(doc))
    return doc


_REFS: list[object] = []


def test_workspace_holds_one_article_at_a_time_past_the_budget(
    tmp_path: Path, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefing.app.workspace as workspace

    monkeypatch.setattr(workspace, "RETAINED_CHARS", 0)
    nlp = make_nlp(registry)
    nlp.add_pipe("test_workspace_liveness", first=True)
    LIVE.clear()
    _REFS.clear()
    ws = Workspace(tmp_path)
    # each article one block longer than a batch of the pipeline, so a batch is one Doc
    long = [article(a, [" ".join([BODIES[a][0]] * 800)]) for a in ("a", "b", "c")]
    assert all(len(a.text) > MAX_BATCH_CHARS for a in long)
    ws.prepare(long, nlp, registry)
    # the Doc being made is alive (the component holds it) but no earlier article's is
    assert LIVE == [0, 0, 0]


def test_a_classification_serves_the_flipped_pair_unless_a_sentence_holds_both() -> None:
    from briefing.app.cache import decode_sentences, encode_sentences, serves_pair
    from briefing.model import Sentence

    one = Sentence(article_id="a", start=0, end=4, text="Text", labels=("position:JPN",))
    both = Sentence(
        article_id="a", start=5, end=9, text="More", labels=("position:JPN", "position:KOR")
    )
    assert serves_pair([one], ("JPN", "KOR"), ("KOR", "JPN"))
    assert not serves_pair([one, both], ("JPN", "KOR"), ("KOR", "JPN"))
    assert serves_pair([one, both], ("JPN", "KOR"), ("JPN", "KOR"))
    entry = encode_sentences([one, both], key="k", pair=("JPN", "KOR"))
    assert decode_sentences(entry, key="k", pair=("KOR", "JPN")) is None
    assert decode_sentences(entry, key="k", pair=("JPN", "KOR")) == [one, both]


def test_state_json_is_json_dumps_of_the_record_made_one_item_at_a_time() -> None:
    from briefing.app.state import state_json
    from briefing.model import Member, ReviewItem

    items = [
        ReviewItem(
            id=f"i{n}",
            section="background",
            text=f"Sentence {n} with “quotes” and ünïcode.",
            members=(Member("a", 1, 0, 10, "Sentence", 100, f"f{n}"),),
            reasons=("why",),
        )
        for n in range(3)
    ]
    state = State(
        brief=BRIEF,
        items=items,
        articles={"b": "h2", "a": "h1"},
        stale=[Override(key="k", text="t", article="a", drop=True)],
        reports={"brief.pdf": "01", "brief.docx": "00"},
    )
    expected = json.dumps(state.to_dict(), ensure_ascii=False, separators=(",", ":"))
    assert state_json(state) == expected.encode("utf-8")
    assert State.from_dict(json.loads(state_json(state))).to_dict() == state.to_dict()


def test_state_delta_writes_only_what_changed_and_reads_back_the_same_state(
    tmp_path: Path,
) -> None:
    from briefing.app.statedb import apply_delta, read_delta, read_state, state_delta, write_delta

    db = tmp_path / "state.db"
    item = ReviewItem(id="i1", section="background", text="t", members=())
    first = State(brief=BRIEF, items=[item], articles={"b": "2", "a": "1"}, reports={"x": "0"})
    apply_delta(db, state_delta(None, first), "g1")
    assert read_state(db).to_dict() == first.to_dict()
    other = dataclasses.replace(item, id="i2", text="u")
    second = dataclasses.replace(first, items=[item, other], reports={"x": "1"})
    delta = state_delta(first, second)
    assert set(delta.record) == {"reports"}  # the brief and the articles did not change
    rows = list(delta.items)
    assert [n for n, _ in rows] == [1]  # the first item did not change
    staged = tmp_path / "state.delta"
    write_delta(dataclasses.replace(delta, items=rows), staged)
    apply_delta(db, read_delta(staged), "g2")
    apply_delta(db, read_delta(staged), "g2")  # applied again (a recovery): the same rows
    assert read_state(db).to_dict() == second.to_dict()
    third = dataclasses.replace(second, items=[other])
    apply_delta(db, state_delta(second, third), "g3")
    assert read_state(db).to_dict() == third.to_dict()
