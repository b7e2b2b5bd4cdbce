"""Extract article text from the formats an analyst has: web pages, Word, PDF and feeds.

``briefing.ingest`` is the stage that reads input files; it calls these readers for
every format other than plain text and markdown. A reader turns the file's bytes into
an ``Extracted`` record: the article as plain text in the shape of a ``.txt`` article
(the title on the first line, then blank-line separated paragraphs), the metadata the
file carries (title, outlet, date, address) and the kinds its markup gives some
paragraphs (a heading style is a heading, whatever its wording). ``ingest`` then
recovers the rest of the structure from the text exactly as for a ``.txt`` article.

For these formats ``Article.text`` is this extracted text, so every offset (a block's,
a sentence's, the ``start``/``end`` that ``briefing classify`` prints) indexes the
extracted text, not the bytes of the file.

Each reader raises ``IngestError`` with the file's name, what is wrong and the fix; it
never lets a parser's own exception escape, since one bad file must not stop a batch.

One module per format (``web``, ``word``, ``pdf``, ``feed``) over ``text``, the shape they
all return; this package re-exports their public names.
"""

from __future__ import annotations

from briefing.ingest.readers.feed import FEED_FIELDS, FeedRecord, read_feed
from briefing.ingest.readers.pdf import pdf_paragraphs, read_pdf
from briefing.ingest.readers.text import (
    Extracted,
    Limits,
    Para,
    balance_bidi,
    compose,
    megabytes,
    replace_controls,
)
from briefing.ingest.readers.web import markup_depth, read_html
from briefing.ingest.readers.word import check_zip, read_docx

__all__ = [
    "FEED_FIELDS",
    "Extracted",
    "FeedRecord",
    "Limits",
    "Para",
    "balance_bidi",
    "check_zip",
    "compose",
    "markup_depth",
    "megabytes",
    "pdf_paragraphs",
    "read_docx",
    "read_feed",
    "read_html",
    "read_pdf",
    "replace_controls",
]
