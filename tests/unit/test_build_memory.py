"""Bounded memory of a build (issue 12): JSON reports are written a piece at a time; the
review's paragraphs are shared, found without a scan."""

from __future__ import annotations

from briefing.app.outputs import json_pieces
from briefing.assemble.items import _Paragraphs
from briefing.fsio import json_bytes
from briefing.model import Article, Block, BlockKind, Sentence


def _article(blocks: tuple[Block, ...], text: str) -> Article:
    return Article(id="a", path="a.txt", text=text, title="T", blocks=blocks)


def test_paragraphs_find_the_block_of_a_sentence_and_share_its_text() -> None:
    text = "Title\n\nOne two. Three four.\n\nFive six."
    blocks = (
        Block(BlockKind.TITLE, 0, 5, 0),
        Block(BlockKind.BODY, 7, 27, 1),
        Block(BlockKind.BODY, 29, 38, 2),
    )
    paragraphs = _Paragraphs({"a": _article(blocks, text)})
    first = Sentence("a", 7, 15, "One two.")
    second = Sentence("a", 16, 27, "Three four.")
    last = Sentence("a", 29, 38, "Five six.")
    one, at_one = paragraphs.context(first)
    two, at_two = paragraphs.context(second)
    assert (one, at_one, at_two) == ("One two. Three four.", (0, 8), (9, 20))
    assert one is two  # one string per paragraph, whatever its items
    assert paragraphs.context(last) == ("Five six.", (0, 9))
    outside = Sentence("a", 5, 7, "\n\n")
    assert paragraphs.context(outside) == ("\n\n", (0, 2))  # in no block: its own text


def test_paragraphs_of_blocks_out_of_order_take_the_first_that_holds_the_sentence() -> None:
    text = "Title\n\nOne two. Three four."
    blocks = (Block(BlockKind.BODY, 7, 27, 1), Block(BlockKind.TITLE, 0, 5, 0))
    paragraphs = _Paragraphs({"a": _article(blocks, text)})
    assert paragraphs.context(Sentence("a", 16, 27, "Three four."))[0] == "One two. Three four."
    assert paragraphs.context(Sentence("a", 0, 5, "Title")) == ("Title", (0, 5))


def test_json_pieces_join_to_the_bytes_of_json_bytes() -> None:
    data = {"b": [{"z": 1.5, "a": "ünï “q”"}, [], {}], "a": None, "c": [True, 3]}
    pieces = list(json_pieces(data))
    assert len(pieces) > 3
    assert "".join(pieces).encode() == json_bytes(data)


def test_sentences_share_equal_labels_reasons_and_speakers() -> None:
    from briefing.model import Actor

    def sentence(n: int) -> Sentence:
        return Sentence(
            f"a{n}",
            0,
            1,
            "x",
            labels=("position:" + "JPN",),
            reasons=("".join(["because ", "JPN"]),),
            speaker=Actor("The ministry", "JPN"),
        )

    one, two = sentence(1), sentence(2)
    assert one.labels is two.labels
    assert one.reasons is two.reasons
    assert one.speaker is two.speaker
    assert one.speaker == Actor("The ministry", "JPN")
    other = Sentence("b", 0, 1, "x", labels=("risk",))
    assert other.labels == ("risk",)
    assert other.speaker is None


class _Node:
    """An object in a reference cycle: only the cycle collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_a_build_heap_collects_what_the_build_made_and_leaves_nothing_frozen() -> None:
    import gc
    import weakref

    from briefing.app.outputs import build_heap

    assert gc.get_freeze_count() == 0
    before = _Node()
    dropped = weakref.ref(before)
    with build_heap():
        assert gc.get_freeze_count() > 0  # the heap the build started with
        made = _Node()
        made_ref = weakref.ref(made)
        del made, before
        gc.collect()
        assert made_ref() is None  # the build's own garbage is collected
        assert dropped() is not None  # what existed before waits for the end
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert dropped() is None  # nothing stays exempt (a dropped session is collected)


def test_a_build_inside_a_build_leaves_the_outer_one_unfrozen_and_nothing_after() -> None:
    import gc

    from briefing.app.outputs import build_heap

    with build_heap():
        with build_heap():
            assert gc.get_freeze_count() > 0
        assert gc.get_freeze_count() == 0  # the outer build's garbage stays collectable
    assert gc.get_freeze_count() == 0


def test_a_build_that_raises_leaves_nothing_frozen() -> None:
    import gc

    import pytest

    from briefing.app.outputs import build_heap

    with pytest.raises(RuntimeError), build_heap(), build_heap():
        raise RuntimeError("stopped mid-build")
    assert gc.get_freeze_count() == 0


def test_builds_that_keep_overlapping_collect_the_heap_frozen_before_them() -> None:
    """Threads whose builds overlap end to end: the count never reaches 0 until the last
    ends, yet the garbage frozen by the first build is collected when a build ends."""
    import gc
    import threading
    import weakref

    from briefing.app.outputs import build_heap

    before = _Node()
    dropped = weakref.ref(before)
    started = [threading.Event() for _ in range(3)]
    finish = [threading.Event() for _ in range(3)]

    made: list[weakref.ref[_Node]] = []

    def one_build(k: int) -> None:
        with build_heap():
            started[k].set()
            finish[k].wait(10)
            if k == 1:  # garbage the second build makes after the first has ended
                node = _Node()
                made.append(weakref.ref(node))
                del node
                gc.collect()
                started[k].set()

    threads = [threading.Thread(target=one_build, args=(k,)) for k in range(3)]
    threads[0].start()
    assert started[0].wait(10)
    del before  # garbage, frozen by the first build
    threads[1].start()
    assert started[1].wait(10)
    finish[0].set()  # the first ends while the second runs
    threads[0].join(10)
    assert dropped() is None  # collected although a build still runs
    assert gc.get_freeze_count() == 0  # the running build goes on unfrozen
    threads[2].start()
    assert started[2].wait(10)
    finish[1].set()
    threads[1].join(10)
    assert made
    assert made[0]() is None  # a running build's own garbage is collected, not exempt
    finish[2].set()  # the last one ends: nothing frozen
    threads[2].join(10)
    assert gc.get_freeze_count() == 0


def test_a_heap_the_program_froze_itself_stays_frozen_after_a_build() -> None:
    import gc

    from briefing.app.outputs import build_heap

    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with build_heap():
            pass
        assert gc.get_freeze_count() >= frozen  # not unfrozen by the build
    finally:
        gc.unfreeze()
