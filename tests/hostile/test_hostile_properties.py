"""Property-based tests: arbitrary Unicode text goes in, a DOCX and a PDF that hold it come out.

The first property needs no trained model: text is decoded and parsed by ingest, split
into sentences by ``spacy.blank("en")`` with a sentencizer, every sentence of the body
becomes an item of a brief, and the brief is rendered. The second runs a few examples
through the whole trained pipeline (ingest, nlp, classify, assemble, render).

"Contains" is checked on normalised text: NFKC (the PDF holds Arabic in its shaped
presentation forms), without whitespace (lines wrap), and, in the PDF, only for the
characters some font can print (the renderer reports the others in a warning).
"""

from __future__ import annotations

import dataclasses
import io
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

import arabic_reshaper
import docx
import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from briefing.errors import IngestError
from briefing.ingest import decode_text, parse_article
from briefing.model import Brief, BriefItem, BriefSection, Citation, Source
from briefing.render import docx_bytes, load_template, pdf_bytes
from briefing.render._common import clean_text
from briefing.render.pdf import _COVERAGE

TEMPLATE = load_template()
NLP = spacy.blank("en")
NLP.add_pipe("sentencizer")

# Scripts the brief must print: Latin (with accents), Greek, Cyrillic, Hebrew, Arabic
# letters, CJK, Hangul, digits, punctuation and markup characters, emoji, and the
# control characters ingest replaces.
ALPHABET = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.characters(min_codepoint=0xC0, max_codepoint=0x17F),
    st.characters(min_codepoint=0x391, max_codepoint=0x3C9),
    st.characters(min_codepoint=0x410, max_codepoint=0x44F),
    st.characters(min_codepoint=0x5D0, max_codepoint=0x5EA),
    st.characters(min_codepoint=0x621, max_codepoint=0x64A),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF),
    st.characters(min_codepoint=0xAC00, max_codepoint=0xACFF),
    st.sampled_from(list("<>&]]>\"'“”‘’–—…•€£¥©®™😀🎉🇺🇸\t\x00\x07\x0b\x1b\x7f\x85\u2028\ufeff")),
)
WORD = st.text(ALPHABET, min_size=1, max_size=12)
SENTENCE = st.lists(WORD, min_size=1, max_size=12).map(lambda ws: " ".join(ws) + ".")
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=4).map(" ".join)


def squash(text: str) -> str:
    """Return text as compared across formats: NFKC, no whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def printable(text: str) -> str:
    """Return ``text`` as the PDF prints it: U+FFFD for characters in no font.

    Arabic letters are judged in their shaped (isolated) form, and Arabic vowel marks
    are dropped: shaping removes them (the reshaper's default).
    """
    covered = frozenset().union(*_COVERAGE.values())

    def shown(c: str) -> str:
        if "\u064b" <= c <= "\u065f":
            return ""
        shaped = arabic_reshaper.reshape(c) if "\u0600" <= c <= "\u06ff" else c
        return c if c.isspace() or all(ord(x) in covered for x in shaped) else "\ufffd"

    return "".join(map(shown, text))


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def brief_of(items: list[str], title: str) -> Brief:
    cite = (Citation(number=1, article_id="a", start=0, end=1),)
    section = BriefSection(
        key="background",
        heading="Background",
        items=tuple(BriefItem(text=t, section="background", citations=cite) for t in items),
    )
    return Brief(
        title="Japan–South Korea relations",
        date="2019-07-15",
        pair=("JPN", "KOR"),
        governments={"JPN": "Japan", "KOR": "South Korea"},
        sections=(section,),
        sources=(Source(number=1, article_id="a", title=title, path="a.txt"),),
    )


def rtl(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL")


def assert_rendered(brief: Brief, texts: list[str]) -> None:
    """Render both formats; each opens, and each text is in both.

    In the PDF, left-to-right text must appear in order; right-to-left letters must all
    be there, but their order is not compared: text extractors guess it back from the
    visual order with heuristics of their own (the order itself is checked on names in
    ``test_hostile_fonts.py``).
    """
    docx_all = squash(docx_text(docx_bytes(brief, TEMPLATE)))
    pdf_all = squash(pdf_text(pdf_bytes(brief, TEMPLATE)))
    pdf_ltr = "".join(c for c in pdf_all if not rtl(c))
    pdf_rtl = Counter(c for c in pdf_all if rtl(c))
    for text in texts:
        shown = clean_text(text)
        assert squash(shown) in docx_all, shown
        expected = squash(printable(shown))
        assert "".join(c for c in expected if not rtl(c)) in pdf_ltr, shown
        assert not Counter(c for c in expected if rtl(c)) - pdf_rtl, shown


@settings(
    max_examples=25,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    title=st.text(ALPHABET, min_size=1, max_size=40),
    paragraphs=st.lists(PARAGRAPH, min_size=1, max_size=3),
)
def test_hostile_property_ingest_sentences_render(title: str, paragraphs: list[str]) -> None:
    raw = "\n\n".join([title, *paragraphs]).encode("utf-8")
    try:
        text = decode_text(raw, name="a.txt")
    except IngestError:  # the documented refusal (NUL bytes: a binary file)
        assert b"\x00" in raw
        return
    article = parse_article(text, article_id="a", path="a.txt")
    sentences = [
        s.text
        for block in article.body_blocks
        for s in NLP(article.block_text(block)).sents
        if s.text.strip()
    ]
    for b in article.blocks:
        assert article.text[b.start : b.end].strip()
    assert_rendered(brief_of(sentences, article.title), sentences)


@pytest.mark.model
@settings(
    max_examples=5,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(paragraph=PARAGRAPH.map(lambda p: p.replace("\x00", "")))  # NUL: a binary file
def test_hostile_property_full_pipeline(session: object, paragraph: str) -> None:
    from briefing.app.building import brief_from
    from briefing.app.classifying import classify_paths

    article = "\n\n".join(
        [
            "Japan and South Korea talk",
            "Japan's Foreign Ministry said on Monday it would keep the export controls on "
            "South Korea in place.",
            paragraph,
            "South Korea's Trade Ministry said on Tuesday it would ask the WTO to rule on "
            "the curbs.",
        ]
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.txt"
        path.write_text(article, encoding="utf-8")
        classified = classify_paths([path], session, per_article_pair=False)  # type: ignore[arg-type]
    assert classified.articles
    brief = brief_from(classified, session, date="2019-07-15")  # type: ignore[arg-type]
    items = [i.text for s in brief.sections for i in s.items]
    assert items
    assert_rendered(dataclasses.replace(brief), items)
