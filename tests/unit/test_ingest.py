"""Unit tests of briefing.ingest: decoding, folder loading and structure recovery.

Every fixture is a short synthetic article written for these tests.
"""

from __future__ import annotations

import codecs
import logging
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.errors import IngestError
from briefing.ingest import (
    Skipped,
    decode_text,
    default_rules,
    intrinsic_kind,
    load_articles,
    parse_article,
    read_article,
)
from briefing.model import Article, Block, BlockKind

# ----------------------------------------------------------------- helpers


def parse(text: str) -> Article:
    return parse_article(text, article_id="doc", path="doc.txt")


def kinds(article: Article) -> list[tuple[BlockKind, str]]:
    """Return (kind, text) per block, in order."""
    return [(b.kind, article.block_text(b)) for b in article.blocks]


def block_of(article: Article, needle: str) -> Block:
    """Return the block whose text contains ``needle``."""
    found = [b for b in article.blocks if needle in article.block_text(b)]
    assert len(found) == 1, f"{needle!r} in {len(found)} blocks: {kinds(article)}"
    return found[0]


def kind_of(article: Article, needle: str) -> BlockKind:
    return block_of(article, needle).kind


def assert_offsets(article: Article) -> None:
    """Blocks are in order, do not overlap, and are trimmed non-empty spans of the text."""
    previous_end = 0
    for b in article.blocks:
        span = article.text[b.start : b.end]
        assert span, b
        assert span == span.strip(), b
        assert not span.startswith("\ufeff")
        assert not span.endswith("\ufeff")
        assert b.start >= previous_end, b
        previous_end = b.end


BODY_1 = "Northland and Southland agreed on Tuesday to reopen their shared border crossing."
BODY_2 = "The two foreign ministers will meet again next month to sign the agreement."
BODY_3 = "Officials on both sides said the talks had been constructive and frank."


# ------------------------------------------------------------ title, offsets


def test_ingest_title_is_the_first_line_and_offsets_index_the_text() -> None:
    text = f"\n\n  Northland and Southland reopen border  \n\n{BODY_1}\n\n{BODY_2}\n"
    article = parse(text)
    assert article.title == "Northland and Southland reopen border"
    assert kinds(article) == [
        (BlockKind.TITLE, "Northland and Southland reopen border"),
        (BlockKind.BODY, BODY_1),
        (BlockKind.BODY, BODY_2),
    ]
    assert [b.paragraph for b in article.blocks] == [0, 1, 2]
    assert all(b.reason for b in article.blocks)
    assert_offsets(article)


def test_ingest_each_line_of_a_paragraph_is_its_own_block() -> None:
    text = f"Border talks\n\n{BODY_1}\n{BODY_2}\n\n{BODY_3}"
    article = parse(text)
    assert kinds(article)[1:] == [
        (BlockKind.BODY, BODY_1),
        (BlockKind.BODY, BODY_2),
        (BlockKind.BODY, BODY_3),
    ]
    assert [b.paragraph for b in article.blocks] == [0, 1, 1, 2]


def test_ingest_sentences_glued_without_a_space_are_blocks_of_their_own() -> None:
    # A scraped page that lost the break after a crosshead and between two paragraphs.
    text = (
        "Border talks\n\nWhat happened?Northland and Southland met on Tuesday."
        "Why does it matter?The border has been shut for a year.\n\n" + BODY_2
    )
    article = parse(text)
    assert kinds(article)[1:] == [
        (BlockKind.BODY, "What happened?"),
        (BlockKind.BODY, "Northland and Southland met on Tuesday."),
        (BlockKind.BODY, "Why does it matter?"),
        (BlockKind.BODY, "The border has been shut for a year."),
        (BlockKind.BODY, BODY_2),
    ]
    assert [b.paragraph for b in article.blocks] == [0, 1, 1, 1, 1, 2]
    assert_offsets(article)


@pytest.mark.parametrize(
    ("line", "pieces"),
    [
        ("The envoy met Mr.Holm in the capital.", 1),  # an abbreviation
        ("The envoy met (Mr.Holm) in the capital.", 1),  # after a bracket
        ("They met.Mr.Holm spoke first.", 2),  # cut once, not after "Mr."
        ("Details are at example.Org/Talks for readers.", 1),  # a web address
        ("Troops of the U.S.Army arrived on Monday.", 1),  # initials
        ("Rates rose 3.5 percent.Growth slowed.", 2),  # a decimal is no end
        ("The talks ended at the caf\u00e9.\u00c9lys\u00e9e officials left.", 2),  # not ASCII
        ("What now?\u201cNothing has changed,\u201d she said.", 2),  # an opening quote
        ("What now?A deal is near.", 2),  # the word "A"
        ("Shares of Acme (ACME3.SA) rose.", 1),  # a ticker's exchange code
    ],
)
def test_ingest_glued_sentences_are_cut_only_at_sentence_ends(line: str, pieces: int) -> None:
    article = parse(f"Border talks\n\n{line}")
    body = [article.block_text(b) for b in article.body_blocks]
    assert "".join(body) == line
    assert len(body) == pieces, body


def test_ingest_display_lines_are_never_cut_at_glued_ends() -> None:
    bullets = "Border talks\n\n- First point ends here.Second point starts here\n- Third\n\n"
    article = parse(bullets + BODY_1)
    assert kind_of(article, "Second point") is BlockKind.BULLET
    assert len([b for b in article.blocks if b.kind is BlockKind.BULLET]) == 2
    title = parse("Northland Talks?Southland Replies\n\n" + BODY_1)
    assert title.title == "Northland Talks?Southland Replies"


def test_ingest_empty_text_has_no_blocks() -> None:
    article = parse("")
    assert article.blocks == ()
    assert article.title == ""


# ------------------------------------------------ standfirst, captions, source


SEED_LIKE = f"""Northland and Southland eye cooperation on border

Talks follow weeks of tension over the shared river crossing.

River crossing
A customs officer inspects a lorry at the river crossing near Eastport [File: Jane Doe/Agency]

{BODY_1}

{BODY_2}

Ann Example speaking at a news conference in Westport [John Roe/Reuters]

{BODY_3}

Source: Example Wire"""


def test_ingest_standfirst_caption_heading_caption_and_source() -> None:
    article = parse(SEED_LIKE)
    assert kind_of(article, "Talks follow weeks") is BlockKind.STANDFIRST
    assert kind_of(article, "River crossing") is BlockKind.HEADING
    assert kind_of(article, "A customs officer") is BlockKind.CAPTION
    assert kind_of(article, "Ann Example speaking") is BlockKind.CAPTION
    assert kind_of(article, "Source: Example Wire") is BlockKind.SOURCE
    assert article.source == "Example Wire"
    assert [article.block_text(b) for b in article.body_blocks] == [BODY_1, BODY_2, BODY_3]
    assert block_of(article, "A customs officer").reason == (
        "caption: ends with bracketed photo credit"
    )
    assert_offsets(article)


def test_ingest_source_line_with_several_fields_gives_the_outlet_and_the_date() -> None:
    text = f"Border talks\n\nSource: Example Wire| 2021-06-09 10:15:00|Editor: ann\n\n{BODY_1}"
    article = parse(text)
    assert kind_of(article, "Source: Example Wire") is BlockKind.SOURCE
    assert article.source == "Example Wire"
    assert article.date == "2021-06-09"
    plain = parse(f"Border talks\n\nSource: Example Wire\n\n{BODY_1}")
    assert (plain.source, plain.date) == ("Example Wire", None)


def test_ingest_one_sentence_second_paragraph_followed_by_body_is_body() -> None:
    article = parse(f"Border talks resume\n\n{BODY_1}\n\n{BODY_2}")
    assert kind_of(article, BODY_1) is BlockKind.BODY


def test_ingest_second_paragraph_without_full_stop_is_a_dek() -> None:
    article = parse(
        f"Border talks resume\n\nEight hours of talks between the two ministers\n\n{BODY_1}"
    )
    block = block_of(article, "Eight hours")
    assert block.kind is BlockKind.STANDFIRST
    assert block.reason.startswith("dek")
    assert kind_of(article, BODY_1) is BlockKind.BODY


def test_ingest_bullets_before_the_body_are_key_points() -> None:
    text = (
        "Border talks resume\n\n* Ministers agree to reopen the crossing\n\n"
        f"* Next round due in May\n\n{BODY_1}\n\n- {BODY_2}"
    )
    article = parse(text)
    assert kind_of(article, "Ministers agree") is BlockKind.BULLET
    assert kind_of(article, "Next round due") is BlockKind.BULLET
    assert kind_of(article, BODY_1) is BlockKind.BODY
    assert block_of(article, BODY_2).reason == "list item in the body"


# ------------------------------------------------------------------ datelines


@pytest.mark.parametrize(
    ("opening", "source"),
    [
        ("EASTPORT, Feb 5 (Reuters) - ", "Reuters"),
        ("EASTPORT: ", ""),
        ("Eastport/Westport, Nov. 10 (Example Press)--", "Example Press"),
        ("EASTPORT, Northland (AP) \u2014 ", "AP"),
        ("NEW EASTPORT \u2014 ", ""),
        ("(Reuters) - ", "Reuters"),
    ],
)
def test_ingest_dateline_starts_the_body(opening: str, source: str) -> None:
    text = (
        "Border talks resume\n\n"
        "Exclusive analysis for professionalsLearn more aboutExampleData\n\n"
        "* Ministers agree to reopen the crossing\n\n"
        "A short summary of the day's talks under the headline.\n\n"
        f"{opening}{BODY_1}\n\n{BODY_2}"
    )
    article = parse(text)
    assert kinds(article) == [
        (BlockKind.TITLE, "Border talks resume"),
        (BlockKind.PROMO, "Exclusive analysis for professionalsLearn more aboutExampleData"),
        (BlockKind.BULLET, "* Ministers agree to reopen the crossing"),
        (BlockKind.STANDFIRST, "A short summary of the day's talks under the headline."),
        (BlockKind.BODY, f"{opening}{BODY_1}".strip()),
        (BlockKind.BODY, BODY_2),
    ]
    assert block_of(article, BODY_1).reason == "dateline paragraph starts the body"
    assert article.source == source
    assert article.date is None  # no year in the dateline: never guessed


@pytest.mark.parametrize(
    "opening",
    [
        "BREAKING: ",
        "US - ",
        "Witkoff, writing on the platform, said: ",
        "On August 12, ",
    ],
)
def test_ingest_dateline_lookalikes_do_not_start_the_body(opening: str) -> None:
    article = parse(
        f"Border talks resume\n\nAn opening line without a full stop\n\n{opening}{BODY_1}"
    )
    assert block_of(article, BODY_1).reason == "body paragraph"


def test_ingest_dateline_with_a_year_sets_the_date() -> None:
    article = parse(f"Talks\n\nEASTPORT, March 5, 2023 (Xinhua) -- {BODY_1}")
    assert article.date == "2023-03-05"
    assert article.source == "Xinhua"


def test_ingest_dateline_on_its_own_line() -> None:
    article = parse(f"Talks\n\nEASTPORT, Feb 5 (Reuters) -\n\n{BODY_1}")
    assert kind_of(article, "EASTPORT") is BlockKind.DATELINE
    assert kind_of(article, BODY_1) is BlockKind.BODY


def test_ingest_dateline_below_body_text_is_body() -> None:
    text = f"Talks\n\n{BODY_1}\n\n{BODY_2}\n\nEASTPORT: {BODY_3}"
    article = parse(text)
    assert [b.kind for b in article.blocks[1:]] == [BlockKind.BODY] * 3


# ------------------------------------------------------- line-level predicates


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        (
            "FILE PHOTO: A delegate arrives at the talks in Eastport, May 4, 2021.",
            BlockKind.CAPTION,
        ),
        ("Delegates arrive at the talks in Eastport. REUTERS/Jane Doe", BlockKind.CAPTION),
        (
            "Prisoners board a bus, Eastport. Example Press Service/Handout via REUTERS",
            BlockKind.CAPTION,
        ),
        ("Item 2 of 4 Delegates arrive at the talks in Eastport", BlockKind.CAPTION),
        (
            "**[2/4]** Delegates arrive at the talks. Purchase Licensing Rights, opens new tab",
            BlockKind.CAPTION,
        ),
        ("The minister speaks in Eastport on Monday. (AP Photo/Jane Doe)", BlockKind.CAPTION),
        ("Grain silos near the border. Photograph: Jane Doe/Getty Images", BlockKind.CAPTION),
        ("Image caption, The embassy was closed on Friday", BlockKind.CAPTION),
        ("![Silos](https://example.org/silo.jpg)", BlockKind.CAPTION),
        ("Photo:", BlockKind.CREDIT),
        ("Photo: Jane Doe", BlockKind.CREDIT),
        ("Jane Doe/Reuters", BlockKind.CREDIT),
        ("Getty Images", BlockKind.CREDIT),
        ("Reporting by Jane Doe; Editing by John Roe", BlockKind.BYLINE),
        ("(Additional reporting by Jane Doe in Westport)", BlockKind.BYLINE),
        ("By JANE DOE FOR EXAMPLE NEWS", BlockKind.BYLINE),
        ("[Copyright The Example Press, Ltd.]", BlockKind.BOILERPLATE),
        ("Copyright 2024 Example Wire. All rights reserved.", BlockKind.BOILERPLATE),
        ("Our Standards: The Example Trust Principles., opens new tab", BlockKind.BOILERPLATE),
        ("Advertisement", BlockKind.BOILERPLATE),
        ("https://example.org/story", BlockKind.BOILERPLATE),
        ("The Example Daily newsletter is your guide to the week. Sign up here.", BlockKind.PROMO),
        ("Read more:", BlockKind.PROMO),
        ("Date: 2020-09-01", BlockKind.DATELINE),
        (
            "PUBLISHED: 10:15 BST, 1 September 2020 | UPDATED: 12:30 BST, 1 September 2020",
            BlockKind.DATELINE,
        ),
        ("Source: Example Wire", BlockKind.SOURCE),
        ("URL: https://example.org/story", BlockKind.SOURCE),
        ("## What happens next", BlockKind.HEADING),
    ],
)
def test_ingest_intrinsic_kind(line: str, kind: BlockKind) -> None:
    found = intrinsic_kind(line, default_rules())
    assert found is not None, line
    assert found[0] is kind, found


@pytest.mark.parametrize(
    "line",
    [
        BODY_2,
        "Copyright disputes have also strained ties between the two.",
        "Southland refused to sign up to the pact, officials said.",
        "Reuters reported that the talks would resume in May.",
        'He said the agency would "review its options".',
        "By the end of the year, both sides hope to have signed the deal.",
        "The deal covers 40% of trade (mostly grain).",
    ],
)
def test_ingest_body_sentences_have_no_intrinsic_kind(line: str) -> None:
    assert intrinsic_kind(line, default_rules()) is None
    article = parse(f"Talks\n\n{BODY_1}\n\n{line}")
    assert kind_of(article, line) is BlockKind.BODY


def test_ingest_daily_mail_style_captions_lack_a_full_stop() -> None:
    text = (
        f"Talks\n\n{BODY_1}\n\n"
        "The foreign minister (pictured) arrives for the talks\n\n"
        f"{BODY_2}\n\n"
        "A ferry crosses the river between the two countries on the morning of the vote\n\n"
        f"{BODY_3}\n\nWhat happens next\n\n{BODY_1[:-1]} again."
    )
    article = parse(text)
    assert block_of(article, "(pictured)").reason == "caption: picture marker, no full stop"
    assert block_of(article, "A ferry crosses").reason == "caption: long line without a full stop"
    assert kind_of(article, "What happens next") is BlockKind.HEADING
    assert len(article.body_blocks) == 4


def test_ingest_language_menu_is_boilerplate() -> None:
    menu = "\n\n".join(
        f"- {w}" for w in ("English", "Fran\u00e7ais", "Espa\u00f1ol", "\u65e5\u672c\u8a9e")
    )
    article = parse(
        f"Talks\n\nNewsfrom NorthlandPolitics\n\n{menu}\n\n"
        f"EASTPORT, Nov. 10 (Example Press)--{BODY_1}"
    )
    assert kind_of(article, "English") is BlockKind.BOILERPLATE
    assert kind_of(article, "Newsfrom") is BlockKind.STANDFIRST
    assert [article.block_text(b) for b in article.body_blocks] == [
        f"EASTPORT, Nov. 10 (Example Press)--{BODY_1}"
    ]


def test_ingest_links_under_a_promo_line_are_promo() -> None:
    article = parse(
        f"Talks\n\n{BODY_1}\n\nRead more:\n- Southland expels diplomats\n- What is behind the row?"
    )
    assert kind_of(article, "expels diplomats") is BlockKind.PROMO
    assert kind_of(article, "behind the row") is BlockKind.PROMO


def test_ingest_trailing_byline_and_boilerplate() -> None:
    text = (
        f"Talks\n\nEASTPORT, Feb 5 (Reuters) - {BODY_1}\n\n"
        "Reporting by Jane Doe; Editing by John Roe\n\n"
        "Our Standards: The Example Trust Principles., opens new tab"
    )
    article = parse(text)
    assert [b.kind for b in article.blocks] == [
        BlockKind.TITLE,
        BlockKind.BODY,
        BlockKind.BYLINE,
        BlockKind.BOILERPLATE,
    ]


# ------------------------------------------------------------------- metadata


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Date: 2020-09-01", "2020-09-01"),
        ("Published: 1 September 2020", "2020-09-01"),
        ("Updated 3:15 PM GMT, March 4, 2024", "2024-03-04"),
        ("Date: Feb 5", None),
        ("Date: 2020-02-31", None),
    ],
)
def test_ingest_date_lines_set_the_date_only_with_a_year(line: str, iso: str | None) -> None:
    article = parse(f"Talks\n\n{line}\n\n{BODY_1}")
    assert kind_of(article, line) is BlockKind.DATELINE
    assert article.date == iso


def test_ingest_url_line_sets_the_url() -> None:
    article = parse(f"Talks\n\nURL: https://example.org/story\n\n{BODY_1}")
    assert article.url == "https://example.org/story"


def test_ingest_markdown_front_matter() -> None:
    text = (
        '---\ntitle: "Northland accuses Southland"\ndate: 2021-06-02 10:00:00\n'
        "source: Example Wire\nauthor: Jane Doe\ntags: [trade]\n---\n\n"
        f"# Northland accuses Southland\n\n{BODY_1}\n"
    )
    article = parse(text)
    assert article.title == "Northland accuses Southland"
    assert article.date == "2021-06-02"
    assert article.source == "Example Wire"
    title = next(b for b in article.blocks if b.kind is BlockKind.TITLE)
    assert article.block_text(title) == "Northland accuses Southland"
    assert kind_of(article, "# Northland") is BlockKind.HEADING
    assert [article.block_text(b) for b in article.body_blocks] == [BODY_1]
    assert_offsets(article)


# ----------------------------------------------------------------- wrapping


def test_ingest_hard_wrapped_paragraphs_become_one_block() -> None:
    text = (
        "Talks resume\n\n"
        "Northland and Southland agreed on Tuesday to reopen their shared\n"
        "border crossing after talks hosted by the\n"
        "U.S.\n"
        "government, the ministry said.\n\n"
        "The two foreign ministers will meet again next month to sign the\n"
        "agreement, officials said on both sides of the border.\n"
    )
    article = parse(text)
    assert [b.kind for b in article.blocks] == [BlockKind.TITLE, BlockKind.BODY, BlockKind.BODY]
    first = article.block_text(article.blocks[1])
    assert first.startswith("Northland")
    assert first.endswith("the ministry said.")
    assert first.count("\n") == 3
    assert_offsets(article)


def test_ingest_lowercase_line_continues_the_previous_one() -> None:
    article = parse(
        f"Talks\n\nThe ministers met in Eastport and\nagreed to meet again.\n\n{BODY_1}"
    )
    assert (
        article.block_text(article.blocks[1])
        == "The ministers met in Eastport and\nagreed to meet again."
    )


def test_ingest_title_is_never_joined_to_the_next_line() -> None:
    article = parse(
        f"Northland and Southland agree to reopen the crossing\nafter talks\n\n{BODY_1}"
    )
    assert article.title == "Northland and Southland agree to reopen the crossing"


# -------------------------------------------------------------- properties


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab AZ.,:;-*/[]()'\"\u2019\u201d\n\r\t\u00a0\ufeff0123")),
        max_size=300,
    )
)
def test_ingest_parse_never_fails_and_blocks_are_trimmed_spans(text: str) -> None:
    article = parse(text.replace("\r", "\n"))
    assert_offsets(article)
    assert all(b.reason for b in article.blocks)


# --------------------------------------------------------------- decoding


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


ARTICLE = f"Border talks resume\n\n{BODY_1}\n\nCaf\u00e9 owners said \u201cfinally\u201d.\n"


def variant(n: int) -> bytes:
    """Return ARTICLE with a closing line of its own, so copies differ in text."""
    return (ARTICLE + f"\nTalks will resume in round {n}.\n").encode("utf-8")


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_ingest_line_ends_are_translated_like_read_text(tmp_path: Path, newline: str) -> None:
    path = write(tmp_path, "a.txt", ARTICLE.replace("\n", newline).encode("utf-8"))
    article = read_article(path)
    assert article.text == path.read_text(encoding="utf-8") == ARTICLE
    assert article.block_text(article.blocks[1]) == BODY_1
    assert_offsets(article)


def test_ingest_utf8_bom_keeps_offsets_of_read_text(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", codecs.BOM_UTF8 + ARTICLE.encode("utf-8"))
    article = read_article(path)
    assert article.text == path.read_text(encoding="utf-8")
    assert article.title == "Border talks resume"
    assert article.blocks[0].start == 1
    assert_offsets(article)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_ingest_utf16_with_bom(tmp_path: Path, codec: str) -> None:
    bom = {"utf-16": b"", "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}[codec]
    path = write(tmp_path, "a.txt", bom + ARTICLE.encode(codec))
    article = read_article(path)
    assert article.text == ARTICLE
    assert article.title == "Border talks resume"


def test_ingest_cp1252_fallback_warns(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = write(tmp_path, "a.txt", ARTICLE.encode("cp1252"))
    with caplog.at_level(logging.WARNING, logger="briefing.ingest"):
        article = read_article(path)
    assert article.text == ARTICLE
    assert f"{path}: not UTF-8 (byte 0xe9 at offset" in caplog.text
    assert "read as cp1252" in caplog.text


def test_ingest_latin1_fallback_when_cp1252_fails(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = write(tmp_path, "a.txt", b"Title\n\nBad \xe9 and \x81 bytes.\n")
    with caplog.at_level(logging.WARNING, logger="briefing.ingest"):
        article = read_article(path)
    # 0x81 is a C1 control in Latin-1: replaced by a space, one for one.
    assert article.text == "Title\n\nBad \u00e9 and   bytes.\n"
    assert f"{path}: not UTF-8 (byte 0xe9 at offset 11); read as latin-1." in caplog.text


def test_ingest_explicit_encoding(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", b"Title\n\nBad \xe9 and \x81 bytes.\n")
    assert read_article(path, encoding="latin-1").title == "Title"


def test_ingest_explicit_encoding_errors(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", ARTICLE.encode("cp1252"))
    with pytest.raises(IngestError) as info:
        read_article(path, encoding="utf-8")
    offset = ARTICLE.encode("cp1252").index(b"\xe9")
    assert str(info.value) == (
        f"{path}: cannot decode as utf-8 (byte 0xe9 at offset {offset}); "
        "pass the file's real encoding with --encoding."
    )
    with pytest.raises(IngestError) as info:
        read_article(path, encoding="klingon")
    assert str(info.value) == (
        f"{path}: unknown encoding 'klingon'; pass a Python codec name to --encoding, "
        "such as utf-8, utf-16 or cp1252."
    )


def test_ingest_refuses_binary_files(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", b"PK\x03\x04\x00\x00binary")
    with pytest.raises(IngestError) as info:
        read_article(path)
    assert str(info.value) == (
        f"{path}: looks like a binary file, not text (it holds NUL or other control bytes); "
        "pass the article as .txt, .md, .html, .docx, .pdf or .jsonl, or, if it is text in "
        "an unusual encoding, give it with --encoding."
    )


@pytest.mark.parametrize("data", [b"", b"  \n\r\n\t \n", codecs.BOM_UTF8 + b"\n"])
def test_ingest_refuses_files_without_text(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, "a.txt", data)
    with pytest.raises(IngestError) as info:
        read_article(path)
    assert str(info.value) == (
        f"{path}: no text (the file is empty or holds only whitespace); "
        "add the article's text or remove the file."
    )


def test_ingest_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as info:
        read_article(tmp_path / "nope.txt")
    assert str(info.value) == f"{tmp_path / 'nope.txt'}: no such file; check the path."
    with pytest.raises(IngestError) as info:
        read_article(tmp_path)
    assert str(info.value) == (
        f"{tmp_path}: is a folder, not a file; "
        "pass it to load_articles to read the articles inside."
    )


def test_ingest_decode_text_names_the_source() -> None:
    with pytest.raises(IngestError, match=r"^in-memory: no text"):
        decode_text(b"", name="in-memory")


# ---------------------------------------------------------------- loading


def test_ingest_load_articles_walks_folders_sorted_and_skips_hidden(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", variant(1))
    write(tmp_path, "a.md", variant(2))
    write(tmp_path, "sub/c.txt", variant(3))
    write(tmp_path, "sub/deeper/d.txt", variant(4))
    write(tmp_path, ".hidden.txt", variant(5))
    write(tmp_path, ".git/e.txt", variant(6))
    write(tmp_path, ".briefing/f.txt", variant(7))
    write(tmp_path, "~$lock.txt", variant(8))
    write(tmp_path, "sub/notes.png", b"\x89PNG")
    articles, skipped = load_articles([tmp_path])
    assert [a.id for a in articles] == ["a", "b", "c", "d"]
    assert [Path(a.path).relative_to(tmp_path).as_posix() for a in articles] == [
        "a.md",
        "b.txt",
        "sub/c.txt",
        "sub/deeper/d.txt",
    ]
    assert skipped == [
        Skipped(
            str(tmp_path / "sub" / "notes.png"),
            "unsupported file type '.png'; briefing reads .txt, .md, .html, .htm, .docx, "
            ".pdf, .jsonl articles.",
        )
    ]


def test_ingest_one_bad_file_is_skipped_and_the_rest_load(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(tmp_path, "a.txt", variant(1))
    empty = write(tmp_path, "b.txt", b"")
    write(tmp_path, "c.txt", variant(2))
    with caplog.at_level(logging.WARNING, logger="briefing.ingest"):
        articles, skipped = load_articles([tmp_path])
    assert [a.id for a in articles] == ["a", "c"]
    reason = (
        "no text (the file is empty or holds only whitespace); "
        "add the article's text or remove the file."
    )
    assert skipped == [Skipped(str(empty), reason)]
    assert f"skipped {empty}: {reason}" in caplog.text


def test_ingest_load_articles_reports_missing_paths_and_duplicates(tmp_path: Path) -> None:
    first = write(tmp_path, "x/a.txt", variant(1))
    second = write(tmp_path, "y/a.txt", variant(2))
    missing = tmp_path / "missing.txt"
    articles, skipped = load_articles([missing, tmp_path, first])
    assert [a.path for a in articles] == [str(first)]
    assert skipped == [
        Skipped(str(missing), "no such file or folder; check the path."),
        Skipped(
            str(second),
            f"another article has the id 'a' ({first}); rename one of the files.",
        ),
    ]


def test_ingest_load_articles_skips_a_second_copy_of_the_same_text(tmp_path: Path) -> None:
    first = write(tmp_path, "a.txt", ARTICLE.encode("utf-8"))
    copy = write(tmp_path, "b copy.txt", ARTICLE.replace("\n", "\r\n").encode("utf-16"))
    articles, skipped = load_articles([tmp_path])
    assert [a.id for a in articles] == ["a"]
    assert skipped == [
        Skipped(str(copy), f"same text as {first}; the copy is skipped (remove one of the two).")
    ]


def test_ingest_load_articles_passes_the_encoding(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Caf\u00e9 talks\n\nThe caf\u00e9 reopened.".encode("utf-16-le"))
    articles, skipped = load_articles([tmp_path], encoding="utf-16-le")
    assert skipped == []
    assert articles[0].title == "Caf\u00e9 talks"


def test_ingest_page_of_agency_copy_names_outlet_and_publisher() -> None:
    from briefing.ingest import parse_article
    from briefing.ingest.readers import Extracted

    text = (
        "Envoys meet on fishing quotas\n\nThe two ministers met in Oslo on Monday.\n\n"
        "Source: Nordic Wire\n"
    )
    page = parse_article(text, article_id="a", hints=Extracted(text, source="Example News"))
    assert (page.source, page.publisher) == ("Nordic Wire", "Example News")
    own = parse_article(text, article_id="b", hints=Extracted(text, source="Nordic Wire"))
    assert (own.source, own.publisher) == ("Nordic Wire", "")
    plain = parse_article(text, article_id="c")
    assert (plain.source, plain.publisher) == ("Nordic Wire", "")
