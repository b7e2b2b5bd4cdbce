"""Acceptance test: the brief of the seed article (Reuters, Mexico-US cartel talks).

The brief is built once per module with the CLI (DOCX, PDF, Markdown, JSON), built a
second time to check the bytes are stable, and read back as a reader would: the DOCX
with python-docx, the PDF with pypdf, the Markdown as text. Each format is mapped to
``{heading: [item, ...]}`` by one helper, ``group_under_headings``, and the acceptance
criteria are checked in every format.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import docx
import pypdf
import pytest
from click.testing import CliRunner
from docx.document import Document

from briefing.cli import cli
from briefing.model import Brief

pytestmark = pytest.mark.model

SEED = Path(__file__).resolve().parents[2] / "seeds" / "mexico_us_cartel_talks_reuters.txt"
DATE = "2019-12-05"
FORMATS = ("docx", "pdf", "md")

MEXICO = "Position of Mexico"
USA = "Position of the United States"
RISKS = "Risks"
NEXT = "Next steps"
SOURCES = "Sources"
NO_ITEMS = "No items."

#: (phrase of the article, the heading it must sit under, headings it must not sit under).
PLACEMENTS = [
    ("focus on cooperation", MEXICO, (USA,)),
    ("rejected any intervention", MEXICO, (USA,)),
    ("wherewithal", MEXICO, (USA,)),
    ("appropriate tools", USA, (MEXICO,)),
    ("designate the drug gangs", USA, (MEXICO,)),
    ("Barr is due to sit down", NEXT, ()),
    ("document will be reviewed", NEXT, ()),
    ("pretext for unilateral intervention", RISKS, ()),
]

#: Text of the photo captions, credits and caption headings: never part of a brief.
CAPTION_PHRASES = [
    "Mexico violence",
    "Daniel Becerril",
    "Loren Elliott",
    "Edgard Garrido",
    "/Reuters]",
    "[File:",
    "bullet-riddled town hall",
    "Zocalo Square",
    "anniversary of his first year in office",
    "event at the Justice Department",
]
#: Caption headings that are also phrases of the body: forbidden only as a line of their own.
CAPTION_LINES = ["Mexico violence", "William Barr"]

_SPACE = re.compile(r"\s+")
_PAGE = re.compile(r"^Page \d+ of \d+$")
_MD_ESCAPE = re.compile(r"\\(.)")
_CITATION = re.compile(r"\[(\d+(?:, \d+)*)\](?: \([^()]*\))?$")
#: What the brief adds to an article's words: [bracketed] insertions, ellipses, the tags.
_ADDED = re.compile(r"\[[^\]]*\]|\u2026|\([^()]*\)$")

Sections = dict[str, list[str]]


def norm(text: str) -> str:
    """Collapse whitespace runs to one space."""
    return _SPACE.sub(" ", text).strip()


def group_under_headings(parts: Iterable[tuple[bool, str]]) -> Sections:
    """Map each heading to the items after it, up to the next heading.

    Args:
        parts: ``(is_heading, text)`` in document order. Items before the first
            heading land under "" so that nothing is silently dropped.
    """
    sections: Sections = {}
    current = ""
    for is_heading, text in parts:
        if is_heading:
            current = norm(text)
            sections.setdefault(current, [])
        elif norm(text):
            sections.setdefault(current, []).append(norm(text))
    return sections


def placed(sections: Sections, phrase: str) -> list[str]:
    """Return the headings under which an item contains ``phrase``."""
    return [h for h, items in sections.items() if any(phrase in i for i in items)]


@dataclass(frozen=True)
class Rendered:
    """The brief as each format shows it."""

    out: Path
    again: Path
    brief: Brief
    document: Document
    sections: dict[str, Sections]  # format -> heading -> items
    text: dict[str, str]  # format -> all of its text
    lines: dict[str, list[str]]  # format -> its lines, stripped of bullet and heading marks


def build_seed(out: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            *("build", str(SEED.parent), "--out", str(out)),
            *("--format", "docx,pdf,md,json", "--date", DATE),
        ],
        prog_name="briefing",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [str(out / f"brief.{f}") for f in (*FORMATS, "json")]


def docx_parts(document: Document) -> list[tuple[bool, str]]:
    """The DOCX as ``(is_heading, text)``: headings, bullets, sources and "No items." notes."""
    keep = {"Heading 1": True, "List Bullet": False, "Brief Source": False, "Brief Note": False}
    return [(keep[p.style.name], p.text) for p in document.paragraphs if p.style.name in keep]


def pdf_text(path: Path) -> str:
    """All the text pypdf extracts from the PDF, page after page."""
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def pdf_lines(text: str, furniture: set[str]) -> list[str]:
    """The PDF's text lines, without the page furniture (marking, running title, page numbers)."""
    lines = (norm(line) for line in text.splitlines())
    return [t for t in lines if t and t not in furniture and not _PAGE.match(t)]


def pdf_parts(lines: list[str], headings: set[str]) -> list[tuple[bool, str]]:
    """The PDF as ``(is_heading, item)``: a heading line, or one bullet (wrapped lines joined)."""
    parts: list[tuple[bool, str]] = []
    body: list[str] = []

    def flush() -> None:
        joined = " ".join(body)
        chunks = joined.split("•") if "•" in joined else [joined]
        parts.extend((False, chunk) for chunk in chunks if norm(chunk))
        body.clear()

    for line in lines:
        if line in headings:
            flush()
            parts.append((True, line))
        else:
            body.append(line)
    flush()
    return parts


def md_parts(text: str) -> list[tuple[bool, str]]:
    """The Markdown as ``(is_heading, item)``: "## " headings and "- " list items."""
    parts = []
    for line in text.splitlines():
        if line.startswith("## "):
            parts.append((True, line[3:]))
        elif line.startswith("- "):
            item = line[2:].replace(" *(", " (").removesuffix(")*") + (
                ")" if line.endswith(")*") else ""
            )
            parts.append((False, _MD_ESCAPE.sub(r"\1", item)))
        elif line == f"*{NO_ITEMS}*":
            parts.append((False, NO_ITEMS))
    return parts


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    out = tmp_path_factory.mktemp("seed_brief")
    again = tmp_path_factory.mktemp("seed_brief_again")
    build_seed(out)
    build_seed(again)

    brief = Brief.from_dict(json.loads((out / "brief.json").read_text(encoding="utf-8")))
    document = docx.Document(str(out / "brief.docx"))
    docx_sections = group_under_headings(docx_parts(document))
    headings = set(docx_sections) - {""}

    furniture = {norm(brief.marking), norm(brief.title)}
    raw_pdf = pdf_text(out / "brief.pdf")
    lines_pdf = pdf_lines(raw_pdf, furniture)
    md = (out / "brief.md").read_text(encoding="utf-8")

    docx_lines = [p.text for p in document.paragraphs]
    for section in document.sections:
        for story in (section.header, section.footer):
            docx_lines += [p.text for p in story.paragraphs]
    return Rendered(
        out=out,
        again=again,
        brief=brief,
        document=document,
        sections={
            "docx": docx_sections,
            "pdf": group_under_headings(pdf_parts(lines_pdf, headings)),
            "md": group_under_headings(md_parts(md)),
        },
        text={"docx": "\n".join(docx_lines), "pdf": raw_pdf, "md": md},
        lines={
            "docx": [norm(line) for line in docx_lines],
            "pdf": [norm(line).lstrip("• ") for line in raw_pdf.splitlines()],
            "md": [norm(line.lstrip("#-* ")) for line in md.splitlines()],
        },
    )


# --------------------------------------------------------------------------- structure


def test_seed_brief_headings(rendered: Rendered) -> None:
    headings = list(rendered.sections["docx"])
    assert "" not in headings, "items before the first heading"
    assert headings[:2] == ["Key points", "Background"]
    assert sorted(headings[2:4]) == sorted([MEXICO, USA])
    assert headings[4:] == [RISKS, NEXT, SOURCES]


@pytest.mark.parametrize("fmt", ["pdf", "md"])
def test_seed_brief_formats_agree_with_docx(rendered: Rendered, fmt: str) -> None:
    # "" holds what comes before the first heading: the PDF's title block, not items.
    shown = {h: items for h, items in rendered.sections[fmt].items() if h}
    assert shown == rendered.sections["docx"]


def test_seed_brief_json_agrees_with_docx(rendered: Rendered) -> None:
    docx_sections = rendered.sections["docx"]
    for section in rendered.brief.sections:
        shown = [t for t in docx_sections[section.heading] if t != NO_ITEMS]
        assert len(shown) == len(section.items), section.heading
        for text, item in zip(shown, section.items, strict=True):
            assert text.startswith(norm(item.text))


# --------------------------------------------------------------------------- placements


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("phrase", "heading", "forbidden"), PLACEMENTS, ids=[p[0] for p in PLACEMENTS]
)
def test_seed_brief_placement(
    rendered: Rendered, fmt: str, phrase: str, heading: str, forbidden: tuple[str, ...]
) -> None:
    where = placed(rendered.sections[fmt], phrase)
    assert heading in where, f"{phrase!r} is under {where or 'no heading'}, not {heading!r}"
    wrong = [h for h in forbidden if h in where]
    assert not wrong, f"{phrase!r} is also under {wrong}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_seed_brief_has_no_caption_text(rendered: Rendered, fmt: str) -> None:
    text = rendered.text[fmt]
    found = [phrase for phrase in CAPTION_PHRASES if phrase in text]
    assert not found, f"caption or credit text in the {fmt}: {found}"
    lines = [line for line in CAPTION_LINES if line in rendered.lines[fmt]]
    assert not lines, f"caption heading as a line of the {fmt}: {lines}"


def test_seed_brief_json_has_no_caption_text(rendered: Rendered) -> None:
    for section in rendered.brief.sections:
        for item in section.items:
            found = [phrase for phrase in CAPTION_PHRASES if phrase in item.text]
            assert not found, (section.heading, item.text)
            assert norm(item.text) not in CAPTION_LINES, (section.heading, item.text)


# --------------------------------------------------------------------------- citations, sources


@pytest.mark.parametrize("fmt", FORMATS)
def test_seed_brief_every_item_cites_the_article(rendered: Rendered, fmt: str) -> None:
    for heading, items in rendered.sections[fmt].items():
        if heading in ("", SOURCES):  # "": the PDF's title block
            continue
        for text in items:
            if text == NO_ITEMS:
                continue
            match = _CITATION.search(text)
            assert match, f"{fmt}: no citation in {heading!r}: {text!r}"
            assert match.group(1) == "1", f"{fmt}: {text!r}"


def verbatim_pieces(text: str) -> list[str]:
    """The runs of an item's text that are the article's own words (additions taken out)."""
    return [norm(p).strip(" ,.") for p in _ADDED.split(text) if len(norm(p).strip(" ,.")) > 3]


def test_seed_brief_citations_point_at_the_sentences(rendered: Rendered) -> None:
    # Every word of an item is the article's, at the cited offsets, except what the brief
    # visibly adds ([brackets], ellipses): a changed word would fail here.
    article = SEED.read_text(encoding="utf-8")
    items = [item for section in rendered.brief.sections for item in section.items]
    assert items
    for item in items:
        assert [c.number for c in item.citations] == [1]
        (citation,) = item.citations
        assert citation.article_id == SEED.stem
        cited = norm(article[citation.start : citation.end])
        pieces = verbatim_pieces(item.text)
        assert pieces, item.text
        for piece in pieces:
            assert piece in cited, (piece, cited)


@pytest.mark.parametrize("fmt", FORMATS)
def test_seed_brief_sources_list_the_article(rendered: Rendered, fmt: str) -> None:
    sources = rendered.sections[fmt][SOURCES]
    assert len(sources) == 1, sources
    assert sources[0].startswith(
        "[1] Mexico, US eye cooperation in meetings sparked by cartel threat."
    )
    assert "Reuters" in sources[0]
    assert "undated" in sources[0]
    # Fit to circulate: no local file path.
    assert SEED.name not in sources[0]
    assert SEED.stem not in sources[0]
    assert "/" not in sources[0]


def test_seed_brief_json_sources(rendered: Rendered) -> None:
    (source,) = rendered.brief.sources
    assert source.number == 1
    assert source.article_id == SEED.stem
    assert source.title == "Mexico, US eye cooperation in meetings sparked by cartel threat"
    assert source.outlet == "Reuters"


# --------------------------------------------------------------------------- DOCX metadata, bytes


def test_seed_brief_docx_header_and_footer_hold_the_marking(rendered: Rendered) -> None:
    marking = rendered.brief.marking
    assert marking == "UNCLASSIFIED"
    for section in rendered.document.sections:
        assert [p.text for p in section.header.paragraphs] == [marking]
        assert section.footer.paragraphs[0].text == marking


def test_seed_brief_docx_core_properties(rendered: Rendered) -> None:
    when = dt.datetime(2019, 12, 5, tzinfo=dt.UTC)
    props = rendered.document.core_properties
    assert props.title == rendered.brief.title
    assert props.author == "briefing"
    assert props.last_modified_by == "briefing"
    assert props.revision == 1
    assert props.created == when
    assert props.modified == when
    assert props.last_printed == when


def test_seed_brief_dateline(rendered: Rendered) -> None:
    assert rendered.brief.date == DATE
    assert rendered.brief.as_of == DATE
    paragraphs = [p.text for p in rendered.document.paragraphs]
    assert "As of 5 December 2019 · 1 article from 1 outlet" in paragraphs
    assert "5 December 2019" not in paragraphs  # never a bare date


def test_seed_brief_pdf_metadata(rendered: Rendered) -> None:
    info = pypdf.PdfReader(rendered.out / "brief.pdf").metadata
    assert info is not None
    assert info.title == rendered.brief.title
    assert info["/CreationDate"].startswith("D:20191205000000")
    assert info["/ModDate"].startswith("D:20191205000000")


@pytest.mark.parametrize("fmt", ["docx", "pdf", "md", "json"])
def test_seed_brief_bytes_are_stable(rendered: Rendered, fmt: str) -> None:
    first = (rendered.out / f"brief.{fmt}").read_bytes()
    second = (rendered.again / f"brief.{fmt}").read_bytes()
    assert first == second


# --------------------------------------------------------------------------- non-ASCII text


@pytest.mark.parametrize("fmt", FORMATS)
def test_seed_brief_keeps_non_ascii_text(rendered: Rendered, fmt: str) -> None:
    # Curly quotes, dashes and accents ("López", if present) survive every renderer.
    article = SEED.read_text(encoding="utf-8")
    shown = rendered.text[fmt]
    items = " ".join(i.text for s in rendered.brief.sections for i in s.items)
    wanted = sorted({c for c in items + rendered.brief.title if ord(c) > 127})
    assert wanted, "the seed brief has curly quotes and an en dash"
    assert [c for c in wanted if c not in shown] == []
    for word in sorted(set(re.findall(r"\w*[^\x00-\x7f]\w*", article))):
        if any(word in i.text for s in rendered.brief.sections for i in s.items):
            assert word in shown, f"{word!r} lost in the {fmt}"
