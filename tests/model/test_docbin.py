"""``BriefingDocBin`` writes the bytes spaCy's ``DocBin`` writes, with its strings found faster.

Invented passages, parsed by the trained pipeline with the actor matcher (its span groups
and user data are part of a parse cache entry).
"""

from __future__ import annotations

from typing import Any

import pytest
from spacy.tokens import DocBin

from briefing.app.docbin import BriefingDocBin

pytestmark = pytest.mark.model

TEXTS = (
    "The foreign minister of Ruritania said on Monday that talks with Freedonia would resume.",
    "\u201cWe will not accept it,\u201d Prime Minister Alda Vestrum told reporters in the capital.",
    "",
    "_ and __ stand alone; 3.5 per cent of 1,200 tonnes went to Marsovia's ports.",
    "Officials in Washington and Beijing met the United Nations envoy.",
)


@pytest.mark.parametrize("user_data", [True, False])
def test_the_bytes_are_those_of_spacys_docbin(session: Any, user_data: bool) -> None:
    docs = list(session.nlp.pipe(TEXTS))
    ours, theirs = BriefingDocBin(store_user_data=user_data), DocBin(store_user_data=user_data)
    for doc in docs:
        ours.add(doc)
        theirs.add(doc)
    assert ours.strings == theirs.strings
    assert ours.to_bytes() == theirs.to_bytes()


def test_fewer_attributes_fall_back_to_spacys_add(session: Any) -> None:
    doc = session.nlp(TEXTS[0])
    ours, theirs = BriefingDocBin(attrs=["ORTH", "POS"]), DocBin(attrs=["ORTH", "POS"])
    ours.add(doc)
    theirs.add(doc)
    assert ours.to_bytes() == theirs.to_bytes()


def test_the_docs_come_back_the_same(session: Any) -> None:
    docs = list(session.nlp.pipe(TEXTS))
    data = BriefingDocBin(docs=docs, store_user_data=True).to_bytes()
    back = list(DocBin().from_bytes(data).get_docs(session.nlp.vocab))
    assert [d.to_json() for d in back] == [d.to_json() for d in docs]
