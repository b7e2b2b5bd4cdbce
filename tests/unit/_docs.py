"""Hand-built spaCy Docs for detector tests: every token's parse given explicitly.

``doc("We/we/PRON/PRP/nsubj/1 will/will/AUX/MD/aux/2 ...")`` — one token per item,
``text/lemma/POS/tag/dep/head`` with ``head`` the absolute index of the head token (the
root points at itself). ``ents`` and ``govs`` add entities and registry spans as
``(start, end, label[, code])``. No trained pipeline is involved.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import spacy
from spacy.tokens import Doc, Span

from briefing.classify import load_cues
from briefing.classify.lexicon import Cues
from briefing.nlp.actors import ArticleActors
from briefing.nlp.components import GOV_SPANS
from briefing.nlp.registry import Registry, load_registry

#: The pair of the attribution tests' invented articles.
PAIR = ("NOR", "SWE")


@functools.cache
def cues() -> Cues:
    return load_cues()


@functools.cache
def registry() -> Registry:
    return load_registry()


def actors(on: str | None = None) -> ArticleActors:
    """A fresh article's actors for ``PAIR`` (``on``: the article's date)."""
    return ArticleActors(registry(), PAIR, on=on)


class NoActors:
    """The questions detectors ask of the actor matcher, answered "no"."""

    def __init__(self, pair: tuple[str, str] = PAIR) -> None:
        self.pair = pair

    def is_non_government(self, _phrase: object) -> bool:
        return False

    def is_speaker_noun(self, _tok: object) -> bool:
        return False


@functools.cache
def _vocab() -> object:
    return spacy.blank("en").vocab


def doc(
    spec: str,
    *,
    ents: Sequence[tuple[int, int, str]] = (),
    govs: Sequence[tuple[int, int, str, str]] = (),
) -> Doc:
    items = [item.split("/") for item in spec.split()]
    words = [i[0] for i in items]
    d = Doc(
        _vocab(),  # type: ignore[arg-type]
        words=words,
        lemmas=[i[1] for i in items],
        pos=[i[2] for i in items],
        tags=[i[3] for i in items],
        deps=[i[4] for i in items],
        heads=[int(i[5]) for i in items],
        sent_starts=[True] + [False] * (len(words) - 1),
    )
    d.ents = [Span(d, s, e, label=lab) for s, e, lab in ents]
    d.spans[GOV_SPANS] = [Span(d, s, e, label=lab, kb_id=code) for s, e, lab, code in govs]
    return d


def sent(spec: str, **kwargs: object) -> Span:
    d = doc(spec, **kwargs)  # type: ignore[arg-type]
    return d[:]
