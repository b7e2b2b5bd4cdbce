"""The actor matcher's pattern docs are tokenised exactly as the pipeline tokenises text."""

from __future__ import annotations

import pytest
import spacy

from briefing.nlp.components import pattern_docs

NAMES = [
    "Ana Ferreira",
    "Ban Ki-moon",
    "John King, Jr.",
    "Dan R. Brouillette",
    "Kevin O'Neill",
    "José María Aznar",
    "Cannot Smith",  # a tokenizer exception inside a name ("can" + "not")
    "Ill Doe",
    "Ahmet Davutoğlu",
    "the Foreign Office",
    "US",
    "Kenyans'",
    "Nur-Sultan City",
]


@pytest.mark.parametrize("text", NAMES)
def test_pattern_docs_match_the_tokenizer(text: str) -> None:
    nlp = spacy.blank("en")
    (fast,) = pattern_docs(nlp, [text])
    assert [t.text for t in fast] == [t.text for t in nlp.make_doc(text)]
