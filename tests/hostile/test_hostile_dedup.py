"""Dedup never loses a statement: property tests over generated sentences (invented names).

Wire copy merges; but two sentences that differ by who accuses whom, by a negation or
by a number are different statements, whatever the similarity threshold, and so are two
copies attributed to different governments or given different primary labels.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.assemble import assemble, cluster_duplicates
from briefing.model import Actor, Article, Block, BlockKind, Party, Sentence
from briefing.render.templates import load_template

NAMES = ["Norland", "Estovia", "Valmora", "Karesh", "Duvania", "Pellora", "Tarsin"]
VERBS = ["accused", "urged", "warned", "criticised", "thanked", "asked", "praised"]
WORDS = [
    "the",
    "talks",
    "border",
    "quota",
    "ministry",
    "officials",
    "fishing",
    "fleet",
    "dispute",
    "agreement",
    "week",
    "harbour",
    "permits",
    "vessels",
    "season",
    "coast",
]
PARTIES = (Party("NOR", "Norland", "Norland"), Party("EST", "Estovia", "Estovia"))
TEMPLATE = load_template()
EXAMPLES = settings(max_examples=150, derandomize=True, database=None, deadline=None)

pair_of_names = st.lists(st.sampled_from(NAMES), min_size=2, max_size=2, unique=True)
tail = st.lists(st.sampled_from(WORDS), min_size=0, max_size=30).map(" ".join)
thresholds = st.integers(min_value=40, max_value=100)


def sentence(a: str, b: str, verb: str, number: int, rest: str, *, negated: bool = False) -> str:
    would = "would not" if negated else "would"
    return (
        f"{a}'s foreign ministry said it {would} have {verb} {b} over the {number} "
        f"fishing permits {rest}."
    ).replace("  ", " ")


@EXAMPLES
@given(
    names=pair_of_names,
    verb=st.sampled_from(VERBS),
    number=st.integers(1, 10_000),
    rest=tail,
    threshold=thresholds,
)
def test_hostile_dedup_role_swapped_sentences_never_merge(
    names: list[str], verb: str, number: int, rest: str, threshold: int
) -> None:
    a, b = names
    texts = [sentence(a, b, verb, number, rest), sentence(b, a, verb, number, rest)]
    assert cluster_duplicates(texts, threshold=threshold) == [[0], [1]]


@EXAMPLES
@given(
    names=pair_of_names,
    verb=st.sampled_from(VERBS),
    number=st.integers(1, 10_000),
    rest=tail,
    threshold=thresholds,
)
def test_hostile_dedup_negated_sentences_never_merge(
    names: list[str], verb: str, number: int, rest: str, threshold: int
) -> None:
    a, b = names
    texts = [sentence(a, b, verb, number, rest), sentence(a, b, verb, number, rest, negated=True)]
    assert cluster_duplicates(texts, threshold=threshold) == [[0], [1]]


@EXAMPLES
@given(
    names=pair_of_names,
    verb=st.sampled_from(VERBS),
    number=st.integers(1, 10_000),
    change=st.integers(1, 10_000),
    rest=tail,
    threshold=thresholds,
)
def test_hostile_dedup_number_changed_sentences_never_merge(
    names: list[str], verb: str, number: int, change: int, rest: str, threshold: int
) -> None:
    a, b = names
    texts = [sentence(a, b, verb, number, rest), sentence(a, b, verb, number + change, rest)]
    assert cluster_duplicates(texts, threshold=threshold) == [[0], [1]]


@EXAMPLES
@given(
    names=pair_of_names,
    verb=st.sampled_from(VERBS),
    number=st.integers(1, 10_000),
    rest=tail,
)
def test_hostile_dedup_reprints_still_merge(
    names: list[str], verb: str, number: int, rest: str
) -> None:
    a, b = names
    text = sentence(a, b, verb, number, rest)
    reprint = text.upper().replace(",", "").replace(".", "!")
    assert cluster_duplicates([text, reprint], threshold=90) == [[0, 1]]


def brief_of(first: tuple[str, str | None], second: tuple[str, str | None], text: str) -> Any:
    """Assemble two one-sentence articles holding ``text``, each with (label, government)."""
    articles, sentences = [], []
    for aid, (label, government) in zip(("a", "b"), (first, second), strict=True):
        body = f"Title {aid}\n\n{text}\n"
        start = body.index(text)
        articles.append(
            Article(
                id=aid,
                path=f"{aid}.txt",
                text=body,
                title=f"Title {aid}",
                blocks=(
                    Block(BlockKind.TITLE, 0, len(f"Title {aid}"), 0),
                    Block(BlockKind.BODY, start, start + len(text), 1),
                ),
            )
        )
        speaker = None if government is None else Actor("A spokesman", government, "", "test")
        sentences.append(
            Sentence(
                article_id=aid,
                start=start,
                end=start + len(text),
                text=text,
                paragraph=1,
                index=1,
                speaker=speaker,
                labels=(label,),
                scores={label: 0.9},
            )
        )
    return assemble(articles, sentences, TEMPLATE, parties=PARTIES, date="2024-03-08")


LABELS = st.sampled_from(["position:NOR", "position:EST", "risk", "background", "next_steps"])
GOVERNMENTS = st.sampled_from([None, "NOR", "EST"])


@settings(max_examples=60, derandomize=True, database=None, deadline=None)
@given(
    first=st.tuples(LABELS, GOVERNMENTS),
    second=st.tuples(LABELS, GOVERNMENTS),
    names=pair_of_names,
    rest=tail,
)
def test_hostile_dedup_copies_of_different_governments_or_labels_stay_apart(
    first: tuple[str, str | None], second: tuple[str, str | None], names: list[str], rest: str
) -> None:
    text = sentence(names[0], names[1], "accused", 12, rest)
    assembly = brief_of(first, second, text)
    items = [i for i in assembly.items if not i.dropped and i.section not in ("key_points",)]
    sources = sorted({tuple(m.article_id for m in i.members) for i in items})
    if first == second:
        assert sources == [("a", "b")]  # one item citing both copies
    else:
        assert ("a", "b") not in sources  # never one item for two statements
        assert {m.article_id for i in items for m in i.members} == {"a", "b"}


def test_hostile_dedup_near_identical_wire_copy_compares_about_linearly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Generated wire copy: thousands of sentences alike but for their numbers share rare
    bigrams and fill the min-hash buckets; they must not be compared pair by pair (they
    can never merge), while the reprint of each still merges with it."""
    from briefing.assemble import dedup

    compared = 0
    real = dedup._mergeable

    def counting(a: list[str], b: list[str], threshold: float) -> bool:
        nonlocal compared
        compared += 1
        return real(a, b, threshold)

    monkeypatch.setattr(dedup, "_mergeable", counting)
    count = 3000
    # Each "<word> and" bigram is shared by 50 texts: rare enough to pair them.
    vocabulary = [f"{WORDS[i % 16]}{WORDS[i // 16]}" for i in range(60)]
    texts = [
        f"Norland's fisheries ministry said on day {k} that the {vocabulary[k % 60]} and "
        f"{vocabulary[k // 60 % 60]} rules would stay for {k % 9 + 2} more weeks."
        for k in range(count)
    ]
    groups = cluster_duplicates(texts, threshold=90)
    assert compared <= len(texts)  # pair by pair it was about 150,000
    assert groups == [[k] for k in range(count)]  # numbers differ: no two are one statement
    edits = [t.replace("said", "stated") for t in texts[:100]]  # light edits of 100 of them
    merged = [g for g in cluster_duplicates(texts + edits, threshold=90) if len(g) > 1]
    assert merged == [[k, count + k] for k in range(100)]
