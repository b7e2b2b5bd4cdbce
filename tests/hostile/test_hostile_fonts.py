"""The PDF prints names in every script the brief meets, and reports what it cannot print."""

from __future__ import annotations

import dataclasses
import io
import logging
import unicodedata

import pytest
from pypdf import PdfReader

from briefing.model import Brief, BriefItem, BriefSection, Citation, Source
from briefing.render import load_template, pdf_bytes
from briefing.render.pdf import visual_text

NAMES = {
    "latin": "Andrés Manuel López Obrador, Łukasz Żółć and Nguyễn Xuân Phúc",
    "greek": "Κυριάκος Μητσοτάκης",
    "cyrillic": "Владимир Путин and Володимир Зеленський",
    "arabic": "محمود عباس",
    "persian": "حسن روحانی",
    "hebrew": "בנימין נתניהו",
    "chinese": "习近平",
    "japanese": "安倍晋三 (あべ しんぞう)",
    "korean": "문재인",
}


def squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def brief_with(texts: list[str], source_title: str = "Sources in many scripts") -> Brief:
    cite = (Citation(number=1, article_id="a", start=0, end=1),)
    return Brief(
        title="Japan–South Korea relations",
        date="2019-07-15",
        pair=("JPN", "KOR"),
        governments={"JPN": "Japan", "KOR": "South Korea"},
        sections=(
            BriefSection(
                key="background",
                heading="Background",
                items=tuple(BriefItem(text=t, section="background", citations=cite) for t in texts),
            ),
        ),
        sources=(Source(number=1, article_id="a", title=source_title, path="a.txt"),),
    )


def extract(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("script", list(NAMES))
def test_hostile_fonts_names_survive_in_the_pdf(script: str) -> None:
    name = NAMES[script]
    brief = brief_with(
        [f"Officials met {name} on Monday."], source_title=f"Talks with {name} in Tokyo"
    )
    text = squash(extract(pdf_bytes(brief, load_template())))
    assert squash(f"Officials met {name} on Monday.") in text  # item (regular)
    assert squash(f"Talks with {name} in Tokyo.") in text  # source title (bold)


def test_hostile_fonts_fallback_font_is_embedded_only_when_needed() -> None:
    def fonts(data: bytes) -> set[str]:
        found: set[str] = set()
        for page in PdfReader(io.BytesIO(data)).pages:
            for font in page["/Resources"]["/Font"].values():
                found.add(str(font.get_object()["/BaseFont"]))
        return found

    latin = fonts(pdf_bytes(brief_with(["Officials met on Monday."]), load_template()))
    cjk = fonts(pdf_bytes(brief_with(["Officials met 习近平."]), load_template()))
    # The serif body (bullets, sources), the sans headings, title and marking.
    assert latin == {
        "/AAAAAA+DejaVuSerif",
        "/AAAAAA+DejaVuSerif-Bold",
        "/AAAAAA+DejaVuSans",
        "/AAAAAA+DejaVuSans-Bold",
    }
    assert cjk == latin | {"/AAAAAA+WenQuanYiMicroHei-0"}


def test_hostile_fonts_characters_in_no_font_are_replaced_and_reported(
    caplog: pytest.LogCaptureFixture,
) -> None:
    brief = brief_with(["Indian PM नरेन्द्र spoke 🎉 today."])
    with caplog.at_level(logging.WARNING, logger="briefing.render.pdf"):
        text = extract(pdf_bytes(brief, load_template()))
    assert "Indian PM �������� spoke � today." in text
    assert caplog.messages == [
        "PDF of 'Japan–South Korea relations': 6 character(s) are in none of the fonts and "
        "print as \ufffd: 'द' U+0926 DEVANAGARI LETTER DA, 'न' U+0928 DEVANAGARI LETTER NA, "
        "'र' U+0930 DEVANAGARI LETTER RA, 'े' U+0947 DEVANAGARI VOWEL SIGN E, "
        "'्' U+094D DEVANAGARI SIGN VIRAMA, '🎉' U+1F389 PARTY POPPER. The DOCX, Markdown and "
        "JSON reports show them."
    ]


def test_hostile_fonts_visual_text() -> None:
    assert (
        visual_text("said בנימין נתניהו today")
        == "said \u05d5\u05d4\u05d9\u05e0\u05ea\u05e0\xa0\u05df\u05d9\u05de\u05d9\u05e0\u05d1 today"
    )
    shaped = visual_text("محمود")
    assert shaped == "\ufea9\ufeee\ufee4\ufea4\ufee3"  # joined forms, right to left
    assert visual_text("No right-to-left text, 123.") == "No right-to-left text, 123."
    long_run = " ".join(["שלום"] * 20)
    assert "\xa0" not in visual_text(long_run)  # a long run may wrap


def test_hostile_fonts_pdf_is_deterministic_with_fallbacks() -> None:
    brief = brief_with([f"Met {n}." for n in NAMES.values()])
    assert pdf_bytes(brief, load_template()) == pdf_bytes(
        dataclasses.replace(brief), load_template()
    )
