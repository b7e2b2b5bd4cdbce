"""``_repeats``: which units of an article repeat another one, computed in row blocks."""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz

import briefing.classify as classify

TEXTS = [
    "The ministers met in the capital on Monday to discuss the border.",
    "Photo: the ministers met in the capital on Monday to discuss the border.",
    "A short line",
    "A short line",  # repeats, but repeats of 20 characters or fewer do not count
    "Talks on fisheries will resume next month, officials said.",
    "Nothing like any other sentence of this invented article at all.",
]


def brute_force(texts: list[str]) -> list[bool]:
    norm = [" ".join(t.lower().split()) for t in texts]
    return [
        any(
            i != j and len(norm[j]) > 20 and fuzz.ratio(norm[i], norm[j]) >= 90
            for j in range(len(norm))
        )
        for i in range(len(norm))
    ]


@pytest.mark.parametrize("rows", [1, 2, 512])
def test_repeats_in_blocks_match_the_whole_matrix(
    rows: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(classify, "_REPEAT_ROWS", rows)
    assert (
        classify._repeats(TEXTS) == brute_force(TEXTS) == [True, True, False, False, False, False]
    )


def test_a_single_unit_repeats_nothing() -> None:
    assert classify._repeats(["Only one unit in this article."]) == [False]
