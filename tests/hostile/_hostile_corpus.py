"""A hostile corpus, generated at test time: every kind of bad input next to good articles.

``make_corpus(folder)`` writes the files and returns what a build must do with them:
the articles that must reach the brief (each holds one statement of a government of
the pair, Japan and South Korea) and the exact reason each bad file is skipped with.
Nothing here is committed as a binary: PDFs, Word files and zips are made on the fly.
"""

from __future__ import annotations

import io
import json
import os
import random
import string
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen.canvas import Canvas

EMPTY = (
    "no text (the file is empty or holds only whitespace); "
    "add the article's text or remove the file."
)
BINARY = (
    "looks like a binary file, not text (it holds NUL or other control bytes); pass the "
    "article as .txt, .md, .html, .docx, .pdf or .jsonl, or, if it is text in an unusual "
    "encoding, give it with --encoding."
)
SCANNED = (
    "the PDF has no text layer (it is a scanned image, 1 page(s)); run OCR on it first "
    "(for example `ocrmypdf in.pdf out.pdf`) or paste its text into a .txt file."
)
ENCRYPTED = (
    "the PDF is encrypted (password-protected); save an unprotected copy (for example "
    "`qpdf --decrypt in.pdf out.pdf`) or paste its text into a .txt file."
)
NOT_ZIP = (
    "not a valid .docx file (it is not a readable zip package); open it in Word or "
    "LibreOffice and save it again as .docx, or save the text as .txt."
)
OLD_WORD = (
    "is an old Word (.doc) or other OLE file with a .docx name; open it in Word or "
    "LibreOffice and save it as .docx, or save the text as .txt."
)
NOT_WORD = (
    "is a zip package but not a Word document (no word/document.xml); pass a .docx saved "
    "by Word or LibreOffice, or save the text as .txt."
)
BOMB = (
    "the .docx part word/document.xml is compressed {ratio} to 1, over the 200 to 1 limit "
    "(a zip bomb?); save the text as .txt instead."
)
ALL_SCRIPT = (
    "no article text found in the web page (it holds only scripts, navigation or too "
    "little text); save the article from the browser's reader view, or paste its text "
    "into a .txt file."
)
HUGE = (
    "the file is 20.0 MB, over the 8 MB limit for one article; split it into separate "
    "articles (one file each, or one line each of a .jsonl feed)."
)
SPANISH = (
    "written in Spanish (language code 'es', confidence 0.99); briefing reads articles in "
    "English only. Translate it, or remove it from the input."
)
RUSSIAN = (
    "written in Russian (language code 'ru', confidence 1.00); briefing reads articles in "
    "English only. Translate it, or remove it from the input."
)
CORRUPT_PDF = (
    "cannot read the PDF (PdfStreamError); open it and save or print it again as PDF, or "
    "paste its text into a .txt file."
)
UNSUPPORTED_DOC = (
    "unsupported file type '.doc'; briefing reads .txt, .md, .html, .htm, .docx, .pdf, "
    ".jsonl articles; save it as .docx."
)

NUMBERS_PDF = (
    "the PDF's text layer holds no words, only {marks} digits and symbols (0 letters: a "
    "table of figures?); briefing reads articles. Paste the article's text into a .txt "
    "file, or remove the file."
)
GARBAGE = (
    "holds no text in any language (the language identifier finds no linguistic content, "
    "confidence 1.00: random letters, code or encoded data?); check that the file is the "
    "article, or remove it."
)
LINK_OUT = (
    "is a symbolic link to {target}, outside the folders given; links are not followed out "
    "of them. Copy the file into the folder, or pass it by its own path."
)
LINK_LOOP = "is a symbolic link that points back to itself (a loop); remove the link."
LINK_MISSING = (
    "is a symbolic link to a missing file ({target}); remove the link or restore the file."
)

#: A statement of each government, reused with a different day and topic per file.
STATEMENT = (
    "{gov}'s Foreign Ministry said on {day} that it would keep talking with {other} about "
    "the export controls on {topic}, calling them a matter of national security."
)


def statement(n: int, topic: str) -> str:
    """Return a distinct government statement (alternating Japan and South Korea)."""
    gov, other = ("Japan", "South Korea") if n % 2 else ("South Korea", "Japan")
    days = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    return STATEMENT.format(gov=gov, other=other, day=days[n % 7], topic=topic)


def article(title: str, *paragraphs: str) -> str:
    """Return a .txt article: the title, then blank-line separated paragraphs."""
    return "\n\n".join((title, *paragraphs)) + "\n"


@dataclass
class Corpus:
    """The files written and what a build must do with them.

    Attributes:
        folder: where the files are.
        good: article id -> a statement that must be read (and reach the brief).
        bad: path (as load_articles reports it) -> the exact skip reason.
    """

    folder: Path
    good: dict[str, str] = field(default_factory=dict)
    bad: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, data: bytes | str, *, good: str | None = None) -> Path:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        if good is not None:
            self.good[path.stem] = good
        return path

    def skip(self, name: str, data: bytes | str, reason: str) -> Path:
        path = self.add(name, data)
        self.bad[str(path)] = reason
        return path


def pdf(pages: list[list[str]], *, password: str | None = None) -> bytes:
    """Return a PDF whose pages hold these lines (with a running header and page numbers)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=1)
    for number, lines in enumerate(pages, 1):
        canvas.setFont("Helvetica", 10)
        canvas.drawString(72, 750, "THE DAILY WIRE - Asia edition")
        y = 700.0
        for line in lines:
            canvas.drawString(72, y, line)
            y -= 14
        canvas.drawString(300, 40, f"Page {number} of {len(pages)}")
        canvas.showPage()
    canvas.save()
    if password is None:
        return buffer.getvalue()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buffer.getvalue())))
    writer.encrypt(password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def wrap(text: str, width: int = 85) -> list[str]:
    """Return text as lines of at most ``width`` characters, with one word hyphenated."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + len(word) + 1 > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append(current)
    return lines


def scanned_pdf() -> bytes:
    """Return a one-page PDF holding only a drawing: no text layer."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.rect(100, 100, 300, 300, fill=1)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def word(title: str, heading: str, body: str) -> bytes:
    """Return a .docx with a Title, a Heading 1, a body paragraph and a table."""
    document = docx.Document()
    document.add_paragraph(title, style="Title")
    document.add_paragraph(heading, style="Heading 1")
    document.add_paragraph(body)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Exports (tonnes)"
    table.cell(0, 1).text = "2019"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zipped(members: dict[str, bytes]) -> bytes:
    """Return a deflated zip of these members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def bomb_ratio(data: bytes) -> str:
    """Return the compression ratio of word/document.xml as the skip message prints it."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("word/document.xml")
    return f"{info.file_size / info.compress_size:.0f}"


def numbers_pdf() -> tuple[bytes, int]:
    """Return a PDF whose text layer is a table of figures (no words), and its mark count."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=1)
    y = 750.0
    marks = 0
    for row in range(30):
        line = " ".join(f"{(row * 7 + k) % 1000:>5}.{k}" for k in range(8))
        marks += sum(not ch.isspace() for ch in line)
        canvas.drawString(72, y, line)
        y -= 20
    canvas.showPage()
    canvas.save()
    return buffer.getvalue(), marks


def garbage(seed: int = 7, words: int = 150) -> str:
    """Return random lower-case letters in word-sized runs (no language at all)."""
    rng = random.Random(seed)
    return " ".join(
        "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(2, 9)))
        for _ in range(words)
    )


def deep_page(body: str, depth: int = 600) -> str:
    """Return a web page whose article sits ``depth`` containers deep."""
    return (
        "<html><head><title>Seoul weighs its answer</title></head><body>"
        + "<div class='wrap'>" * depth
        + f"<article><h1>Seoul weighs its answer</h1><p>{body}</p></article>"
        + "</div>" * depth
        + "</body></html>"
    )


def make_corpus(folder: Path, *, language: bool = True, huge: bool = True) -> Corpus:
    """Write the hostile corpus into ``folder``.

    Args:
        folder: an empty folder.
        language: include the Spanish and Russian articles (loading the language
            identifier takes about 2.5 s).
        huge: include the 20 MB text file.
    """
    c = Corpus(folder)
    # ---- good articles, in every format
    s = [
        statement(n, topic)
        for n, topic in enumerate(
            [
                "chemicals",
                "fluorides",
                "photoresists",
                "semiconductors",
                "displays",
                "chips",
                "memory",
                "steel",
                "batteries",
                "wafers",
                "glass",
                "resins",
                "solvents",
                "lenses",
            ]
        )
    ]
    c.add("plain.txt", article("Japan keeps export curbs", s[1]), good=s[1])
    c.add(
        "Ünïcödé name with spaces.md",
        article("# Seoul answers Tokyo", "By Jane Doe", s[2]),
        good=s[2],
    )
    markup = (
        "South Korea's Trade Ministry said on Friday that the <curbs> & ]]> <b>rules</b> "
        "would hurt its <chip> makers\x07 and that Japan & co. must drop them\x1b[0m."
    )
    c.add("markup.txt", article("Curbs & <b>tags</b> ]]>", markup), good=markup)
    names = (
        "South Korea's Foreign Minister 강경화 (Kang Kyung-wha) said on Monday that Japan "
        "had to lift the curbs, after meeting محمود عباس, בנימין נתניהו, Κυριάκος Μητσοτάκης "
        "and Владимир Путин 🎌 at a summit in 東京."
    )
    c.add("names.txt", article("Names from everywhere", names), good=names)
    long_run = " ".join(["curbs"] * 6000)  # 36,000 characters, no punctuation at all
    long_sentence = (
        "Japan's Trade Ministry said on Sunday that "
        + ", ".join(f"export item number {n} would stay on the list" for n in range(120))
        + "."
    )
    c.add("long.txt", article("A long paragraph", long_run, long_sentence), good=long_sentence)
    c.add("latin1.txt", article("Caf\xe9 talks \x81", s[3]).encode("latin-1"), good=s[3])
    c.add("utf16.txt", article("UTF-16 without a mark", s[4]).encode("utf-16-le"), good=s[4])
    c.add("cp1252.md", article("Export \u201ccurbs\u201d", s[5]).encode("cp1252"), good=s[5])
    page = (
        "<html><head><title>Japan defends curbs</title>"
        '<meta property="og:site_name" content="Kyodo">'
        '<meta property="article:published_time" content="2019-07-15T08:00:00Z">'
        "<script>var s = '<p>never read</p>';</script><style>p{color:red}</style></head>"
        "<body><nav><a href='/'>Home</a> <a href='/asia'>Asia</a></nav><article>"
        f"<h1>Japan defends curbs</h1><p>{s[6]}</p><p>{s[13]}</p><h2>Talks</h2>"
        "<p>Officials from both countries met in Tokyo and will meet again next month.</p>"
        "</article><div class='comments'><p>What a comment this is, honestly, wow.</p></div>"
        "</body></html>"
    )
    c.add("page.html", page, good=s[6])
    c.add("word.docx", word("Seoul seeks talks", "Trade", s[7]), good=s[7])
    hyphenated = s[8].replace("security", "secu- rity")  # broken across lines in the PDF
    lines = wrap(hyphenated)
    lines = [ln.replace("secu- rity", "secu-\nrity") for ln in lines]
    flat = [part for ln in lines for part in ln.split("\n")]
    c.add("wire.pdf", pdf([["Tokyo keeps curbs on chip materials", *flat], [s[9]]]), good=s[8])
    record = {"title": "Feed item", "text": s[10], "source": "Yonhap", "date": "2019-07-16"}
    feed = "\n".join([json.dumps(record), "", "not json at all", '{"title": "No text here"}'])
    c.add("feed.jsonl", feed, good=None)
    c.good["feed-1"] = s[10]
    c.bad[f"{folder / 'feed.jsonl'}:3"] = (
        "not valid JSON (Expecting value: line 1 column 1 (char 0)); "
        "fix the line or remove it from the feed."
    )
    c.bad[f"{folder / 'feed.jsonl'}:4"] = 'no "text"; fix the line or remove it from the feed.'
    # ---- files that must be skipped, each with its reason
    c.skip("empty.txt", b"", EMPTY)
    c.skip("blank.md", b" \n\t\r\n  \n", EMPTY)
    c.skip("controls.txt", b"\x07\x1b\x00\x00", BINARY)
    c.skip("binary.txt", bytes(range(256)) * 64, BINARY)
    c.skip("binary-no-nul.md", bytes(range(1, 256)) * 64, BINARY)
    c.skip("scan.pdf", scanned_pdf(), SCANNED)
    c.skip("locked.pdf", pdf([["Locked", s[11]]], password="secret"), ENCRYPTED)
    c.skip("corrupt.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage\n", CORRUPT_PDF)
    c.skip("corrupt.docx", b"PK\x03\x04 this is not a zip at all", NOT_ZIP)
    c.skip("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, OLD_WORD)
    c.skip("notword.docx", zipped({"hello.txt": b"hello"}), NOT_WORD)
    bomb = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * 5_000_000})
    c.skip("bomb.docx", bomb, BOMB.format(ratio=bomb_ratio(bomb)))
    c.skip(
        "script.html",
        "<html><head><script>document.write('<p>hi</p>')</script></head>"
        "<body><script>var a = 1;</script><noscript>x</noscript></body></html>",
        ALL_SCRIPT,
    )
    c.skip("old.doc", b"\xd0\xcf\x11\xe0", UNSUPPORTED_DOC)
    copy = c.skip(
        "zz duplicate of plain.txt",
        article("Japan keeps export curbs", s[1]).replace("\n", "\r\n"),
        "",
    )
    c.bad[str(copy)] = (
        f"same text as {folder / 'plain.txt'}; the copy is skipped (remove one of the two)."
    )
    if language:
        c.skip(
            "spanish.txt",
            article(
                "Japón mantiene los controles",
                "El Ministerio de Asuntos Exteriores de Japón dijo el lunes que mantendrá los "
                "controles a las exportaciones hacia Corea del Sur, y que la decisión no tiene "
                "relación con la disputa histórica entre los dos países.",
            ),
            SPANISH,
        )
        c.skip(
            "russian.md",
            article(
                "Япония сохраняет ограничения",
                "Министерство иностранных дел Японии заявило в понедельник, что сохранит "
                "ограничения на экспорт в Южную Корею, и что решение не связано с "
                "историческим спором между двумя странами.",
            ),
            RUSSIAN,
        )
    if huge:
        text = "The ministry said the export curbs would stay in place for now. " * 312_500
        c.skip("huge.txt", text.encode("utf-8"), HUGE)
    # ---- hostile files and names (issue 12)
    rtl = (
        "Japan's Trade Ministry said on Thursday that the review of the curbs on gases "
        "would end within weeks."
    )
    c.add("rtl.txt", article("Curbs \u202eevah dne\u202c and \u202etitle reversed", rtl), good=rtl)
    deep = (
        "South Korea's Trade Ministry said on Saturday that its answer to the curbs on "
        "sensors would come within days."
    )
    c.add("deep.html", deep_page(deep), good=deep)
    surrogate = (
        'Japan\'s Foreign Ministry said on Sunday that the curbs on "\udcff" valves would stay.'
    )
    with (folder / "feed.jsonl").open("a", encoding="utf-8") as feed_file:
        feed_file.write("\n" + json.dumps({"title": "Bad escape \udcff", "text": surrogate}))
    c.good["feed-5"] = surrogate.replace("\udcff", "\ufffd")
    bad_name = os.fsdecode(b"caf\xe9 report.txt")  # Latin-1 bytes: not a UTF-8 name
    named = (
        "South Korea's Foreign Ministry said on Friday that talks on the curbs on pumps "
        "would resume."
    )
    (folder / bad_name).write_text(article("A name in Latin-1", named), "utf-8")
    c.good["caf\ufffd report"] = named
    pdf_data, marks = numbers_pdf()
    c.skip("numbers.pdf", pdf_data, NUMBERS_PDF.format(marks=f"{marks:,}"))
    if language:
        c.skip("garbage.txt", article("Xq zvbn", garbage()), GARBAGE)
    outside = folder.parent / f"{folder.name}-outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.txt").write_text(article("Not an article", s[12]), "utf-8")
    (folder / "link-out.txt").symlink_to(outside / "secret.txt")
    c.bad[str(folder / "link-out.txt")] = LINK_OUT.format(target=outside / "secret.txt")
    (folder / "linked-folder").symlink_to(outside, target_is_directory=True)
    c.bad[str(folder / "linked-folder")] = LINK_OUT.format(target=outside)
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    c.bad[str(folder / "loop.txt")] = LINK_LOOP
    (folder / "gone.md").symlink_to(folder / "deleted.md")
    c.bad[str(folder / "gone.md")] = LINK_MISSING.format(target=folder / "deleted.md")
    (folder / "again.txt").symlink_to("plain.txt")  # a link inside: read once, as plain.txt
    # ---- never read: hidden files, the workspace, office lock files, output folders
    c.add(".hidden.txt", article("Hidden", s[12]))
    c.add(".briefing/cache.txt", article("Workspace", s[12]))
    c.add("~$word.docx", b"lock")
    c.add("old-reports/.briefing/state.json", "{}")
    c.add("old-reports/brief.md", article("Japan–South Korea relations", s[12]))
    return c
