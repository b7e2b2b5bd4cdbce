"""Unit tests of the format readers (briefing.ingest.readers), language detection and limits.

Every fixture is generated here: web pages as strings, Word files with python-docx,
PDFs with reportlab. No trained model is needed.
"""

from __future__ import annotations

import dataclasses
import io
import json
import logging
from pathlib import Path

import docx
import pytest
from reportlab.pdfgen.canvas import Canvas

from briefing.errors import IngestError
from briefing.ingest import Skipped, default_rules, load_articles, read_article
from briefing.ingest.language import detect_language, is_accepted
from briefing.ingest.readers import Limits, pdf_paragraphs, read_feed, replace_controls

BODY = (
    "Japan's Foreign Ministry said on Monday that it would keep its controls on exports "
    "of chemicals to South Korea, calling them a matter of national security."
)
SECOND = "South Korea's Trade Ministry said on Tuesday it would ask the WTO to rule on them."


def kinds(article: object) -> list[tuple[str, str]]:
    return [(b.kind.value, article.block_text(b)) for b in article.blocks]  # type: ignore[attr-defined]


# ------------------------------------------------------------------------- HTML

PAGE = f"""<!doctype html>
<html><head><title>Japan keeps curbs | Kyodo News</title>
<meta property="og:title" content="Japan keeps curbs">
<meta property="og:site_name" content="Kyodo News">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2019-07-15T08:00:00+09:00">
<link rel="canonical" href="https://example.org/news/japan-curbs">
<style>p {{ color: red }}</style>
<script>var leaked = "<p>script text</p>";</script></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/asia">Asia</a></li></ul></nav>
<article><h1>Japan keeps curbs</h1>
<p>{BODY}</p>
<p>{SECOND}</p>
<h2>What comes next</h2>
<p>Officials of both countries will meet in Tokyo next week, the ministry said.</p>
</article>
<section class="comments"><p>Reader comment: the worst policy ever seen, truly.</p></section>
<footer>Copyright 2019 Kyodo News. All rights reserved.</footer>
</body></html>"""


def test_ingest_html_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    article = read_article(path)
    assert article.title == "Japan keeps curbs"
    assert article.source == "Kyodo News"
    assert article.date == "2019-07-15"
    assert article.url == "https://example.org/news/japan-curbs"
    assert kinds(article) == [
        ("title", "Japan keeps curbs"),
        ("byline", "By Jane Doe"),
        ("body", BODY),
        ("body", SECOND),
        ("heading", "What comes next"),
        ("body", "Officials of both countries will meet in Tokyo next week, the ministry said."),
    ]
    for leaked in ("script text", "color", "Home", "Reader comment", "Copyright"):
        assert leaked not in article.text


def test_ingest_html_passes_the_encoding(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes(PAGE.replace("curbs", "curbs \u2013 caf\u00e9").encode("cp1252"))
    assert read_article(path, encoding="cp1252").title == "Japan keeps curbs \u2013 caf\u00e9"


def test_ingest_html_without_article_text(tmp_path: Path) -> None:
    path = tmp_path / "nav.html"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", "utf-8")
    with pytest.raises(IngestError, match=r"nav\.html: no article text found in the web page"):
        read_article(path)


# ------------------------------------------------------------------------- DOCX


def word_file(path: Path) -> Path:
    document = docx.Document()
    document.core_properties.title = "Template title nobody changed"
    document.core_properties.author = "Someone in the office"
    document.add_paragraph("Key points", style="Heading 2")
    document.add_paragraph("Japan keeps export curbs on Seoul", style="Title")
    document.add_paragraph(BODY)
    document.add_paragraph("Reactions", style="Heading 1")
    document.add_paragraph("Seoul protested.", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    merged = table.cell(0, 0).merge(table.cell(1, 0))
    merged.text = SECOND
    table.cell(0, 1).text = "2019"
    table.cell(1, 1).text = "Tonnes"
    document.save(str(path))
    return path


def test_ingest_docx_structure(tmp_path: Path) -> None:
    article = read_article(word_file(tmp_path / "memo.docx"))
    assert article.title == "Japan keeps export curbs on Seoul"
    assert kinds(article) == [
        ("title", "Japan keeps export curbs on Seoul"),
        ("heading", "Key points"),
        ("body", BODY),
        ("heading", "Reactions"),
        ("body", "- Seoul protested."),
        ("body", SECOND),  # a merged table cell is read once
        ("heading", "2019"),
        ("heading", "Tonnes"),
    ]
    assert "Template title" not in article.text
    assert "Someone in the office" not in article.text


def test_ingest_docx_limits_come_from_the_rules(tmp_path: Path) -> None:
    path = word_file(tmp_path / "memo.docx")
    rules = dataclasses.replace(default_rules(), limits=Limits(max_unzipped_mb=0.001))
    with pytest.raises(IngestError) as info:
        read_article(path, rules=rules)
    assert "over the 0.001 MB limit (a zip bomb, or a file full of images)" in str(info.value)


# -------------------------------------------------------------------------- PDF


def test_ingest_pdf_paragraphs_are_rebuilt() -> None:
    pages = [
        "DAILY WIRE | Asia\nTokyo keeps curbs\nJapan's Foreign Ministry said on Monday that it "
        "would keep its negoti-\nations with Seoul going, and that the controls on chemical "
        "exports were\na matter of national security.\nSeoul disagreed.\n1",
        "DAILY WIRE | Asia\nSouth Korea's Trade Ministry said on Tuesday it would ask the "
        "World Trade\nOrganization to rule on the curbs.\nPage 2 of 2",
    ]
    assert pdf_paragraphs(pages) == [
        "Tokyo keeps curbs",
        "Japan's Foreign Ministry said on Monday that it would keep its negotiations with "
        "Seoul going, and that the controls on chemical exports were a matter of national "
        "security.",
        "Seoul disagreed.",
        "South Korea's Trade Ministry said on Tuesday it would ask the World Trade "
        "Organization to rule on the curbs.",
    ]


def pdf_file(path: Path, lines: list[str], *, title: str | None = None) -> Path:
    canvas = Canvas(str(path), invariant=1)
    if title is not None:
        canvas.setTitle(title)
    y = 750.0
    for line in lines:
        canvas.drawString(72, y, line)
        y -= 14
    canvas.showPage()
    canvas.save()
    return path


def test_ingest_pdf_metadata_title(tmp_path: Path) -> None:
    lines = ["Scanned headline line", BODY[:80], BODY[80:], "", SECOND]
    named = read_article(pdf_file(tmp_path / "a.pdf", lines, title="Japan keeps export curbs"))
    assert named.title == "Japan keeps export curbs"
    generic = read_article(pdf_file(tmp_path / "b.pdf", lines, title="Microsoft Word - b.docx"))
    assert generic.title == "Scanned headline line"


def test_ingest_pdf_page_limit(tmp_path: Path) -> None:
    canvas = Canvas(str(tmp_path / "a.pdf"), invariant=1)
    for _ in range(3):
        canvas.drawString(72, 750, BODY[:80])
        canvas.showPage()
    canvas.save()
    rules = dataclasses.replace(default_rules(), limits=Limits(max_pdf_pages=2))
    with pytest.raises(IngestError) as info:
        read_article(tmp_path / "a.pdf", rules=rules)
    assert str(info.value) == (
        f"{tmp_path / 'a.pdf'}: the PDF has 3 pages, more than the 2 briefing reads for one "
        "article; split it, or save the article's pages as .txt."
    )


# ------------------------------------------------------------------------ feeds


def test_ingest_jsonl_feed(tmp_path: Path) -> None:
    records = [
        {
            "title": "Tokyo keeps curbs",
            "text": f"{BODY}\n\n{SECOND}",
            "source": "Kyodo",
            "date": "2019-07-15T08:00:00Z",
            "url": "https://example.org/1",
        },
        {
            "title": "Seoul answers",
            "text": SECOND.replace("Tuesday", "Friday"),
            "date": "16 July 2019",
        },
        {"text": 5},
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n\n", encoding="utf-8")
    articles, skipped = load_articles([path])
    assert [(a.id, a.title, a.source, a.date, a.url, a.path) for a in articles] == [
        ("feed-1", "Tokyo keeps curbs", "Kyodo", "2019-07-15", "https://example.org/1", str(path)),
        ("feed-2", "Seoul answers", "", "2019-07-16", "", str(path)),
    ]
    assert [len(a.body_blocks) for a in articles] == [2, 1]
    assert skipped == [
        Skipped(f"{path}:3", "'text' must be a string; fix the line or remove it from the feed.")
    ]


def test_ingest_jsonl_feed_errors() -> None:
    with pytest.raises(IngestError, match=r"^f\.jsonl: the feed has no records"):
        read_feed(b"\n \n", name="f.jsonl")
    with pytest.raises(IngestError, match=r"^f\.jsonl: a \.jsonl feed must be UTF-8"):
        read_feed('{"text": "caf\u00e9"}'.encode("cp1252"), name="f.jsonl")
    assert read_feed('{"text": "caf\u00e9"}'.encode("cp1252"), name="f", encoding="cp1252")


def test_ingest_read_article_refuses_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_text('{"text": "x"}', encoding="utf-8")
    with pytest.raises(IngestError, match=r"is a feed of articles; read it with load_articles"):
        read_article(path)


# -------------------------------------------------------------- text decoding


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_ingest_utf16_without_bom_is_recognised(
    tmp_path: Path, codec: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(f"Title\n\n{BODY}\n".encode(codec))
    with caplog.at_level(logging.WARNING, logger="briefing.ingest"):
        assert read_article(path).title == "Title"
    assert f"no byte order mark; read as {codec} by its NUL bytes" in caplog.text


def test_ingest_utf32_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(f"Title\n\n{BODY}\n".encode("utf-32"))
    assert read_article(path).title == "Title"


def test_ingest_replace_controls_keeps_the_length() -> None:
    text = "a\x00b\x07c\x0bd\x0ce\x1bf\x7fg\x85h\u2028i\ufffej\tk\nl\rm"
    replaced = replace_controls(text)
    assert len(replaced) == len(text)
    assert replaced == "a b c\nd\ne f g\nh\ni j\tk\nl\nm"
    assert replace_controls("plain text") == "plain text"


def test_ingest_limits_are_validated() -> None:
    assert Limits.from_table({"max_block_chars": 500}).max_block_chars == 500
    with pytest.raises(ValueError, match="unknown \\[limits\\] key"):
        Limits.from_table({"max_blocks": 1})
    with pytest.raises(ValueError, match="must be a positive number"):
        Limits.from_table({"max_block_chars": 0})


# ------------------------------------------------------------------ language

SAMPLES = {
    "es": "El Ministerio de Asuntos Exteriores de Japón dijo el lunes que mantendrá los "
    "controles a las exportaciones hacia Corea del Sur, y que la decisión no tiene relación "
    "con la disputa histórica entre los dos países.",
    "fr": "Le ministère japonais des Affaires étrangères a déclaré lundi qu'il maintiendrait "
    "les contrôles sur les exportations vers la Corée du Sud, une décision sans lien avec le "
    "différend historique entre les deux pays.",
    "de": "Das japanische Außenministerium erklärte am Montag, es werde die Kontrollen der "
    "Exporte nach Südkorea beibehalten; die Entscheidung habe nichts mit dem historischen "
    "Streit zwischen den beiden Ländern zu tun.",
    "pt": "O Ministério das Relações Exteriores do Japão disse na segunda-feira que manterá "
    "os controles sobre as exportações para a Coreia do Sul, e que a decisão não tem relação "
    "com a disputa histórica entre os dois países.",
    "it": "Il ministero degli Esteri giapponese ha dichiarato lunedì che manterrà i controlli "
    "sulle esportazioni verso la Corea del Sud, e che la decisione non ha legami con la "
    "disputa storica tra i due paesi.",
    "nl": "Het Japanse ministerie van Buitenlandse Zaken zei maandag dat het de controles op "
    "de export naar Zuid-Korea handhaaft, en dat het besluit los staat van het historische "
    "geschil tussen de twee landen.",
    "ru": "Министерство иностранных дел Японии заявило в понедельник, что сохранит "
    "ограничения на экспорт в Южную Корею, и что решение не связано с историческим спором "
    "между двумя странами.",
    "uk": "Міністерство закордонних справ Японії заявило в понеділок, що збереже обмеження "
    "на експорт до Південної Кореї, і що рішення не пов'язане з історичною суперечкою між "
    "двома країнами.",
    "ar": "قالت وزارة الخارجية اليابانية يوم الاثنين إنها ستبقي القيود على الصادرات إلى "
    "كوريا الجنوبية، وإن القرار لا علاقة له بالخلاف التاريخي بين البلدين.",
    "zh": "日本外务省周一表示，将继续维持对韩国的出口管制措施，并称这一决定与两国之间的历史争端"
    "无关。韩国政府对此表示强烈不满，并计划向世界贸易组织提起申诉。",
    "ja": "日本の外務省は月曜日、韓国への輸出規制を維持すると発表し、この決定は両国間の歴史問題とは"
    "関係がないと説明した。韓国政府は強く反発している。",
    "ko": "일본 외무성은 월요일 한국에 대한 수출 규제를 유지하겠다고 밝히며, 이번 결정은 양국 간의 "
    "역사 문제와는 관계가 없다고 설명했다. 한국 정부는 강하게 반발했다.",
}


def test_ingest_language_detection_samples() -> None:
    rules = default_rules().language
    assert rules is not None
    found = {code: detect_language(text, rules).code for code, text in SAMPLES.items()}
    assert found == {code: code for code in SAMPLES}
    assert not any(is_accepted(detect_language(t, rules), rules) for t in SAMPLES.values())


def test_ingest_language_english_needs_no_model() -> None:
    rules = default_rules().language
    assert rules is not None
    quoted = f"{BODY} “Nous sommes prêts,” the French minister Jean-Yves Le Drian said."
    for text in (BODY + " " + SECOND, quoted):
        detection = detect_language(text, rules)
        assert (detection.code, detection.method) == ("en", "function words")
    short = detect_language("Talks resume.", rules)
    assert (short.code, short.method) == ("und", "too short")
    assert is_accepted(short, rules)


def test_ingest_language_skip_can_be_switched_off(tmp_path: Path) -> None:
    path = tmp_path / "es.txt"
    path.write_text(f"Título\n\n{SAMPLES['es']}\n", encoding="utf-8")
    articles, skipped = load_articles([path])
    assert (articles, [s.reason.split(";")[0] for s in skipped]) == (
        [],
        ["written in Spanish (language code 'es', confidence 0.99)"],
    )
    rules = dataclasses.replace(default_rules(), language=None)
    articles, skipped = load_articles([path], rules=rules)
    assert [a.id for a in articles] == ["es"]
    assert skipped == []


def test_ingest_empty_docx_has_no_text(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    path = tmp_path / "empty.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(IngestError) as info:
        read_article(path)
    assert str(info.value) == (
        f"{path}: no text (the file is empty or holds only whitespace); "
        "add the article's text or remove the file."
    )
