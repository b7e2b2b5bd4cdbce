"""Read article files and recover their structure: which lines are body text.

Real inputs are scraped pages with noise: captions, photo credits, key-point
bullets, newsletter promos, language menus, bylines and copyright lines. Only the
BODY blocks this module finds are ever classified; everything else is display text.

Blocks are lines (or, in hard-wrapped text, runs of lines joined by soft line
breaks) inside blank-line separated paragraphs. Each block gets a ``BlockKind`` and
a ``reason`` from small named predicates driven by the lexicons in
``briefing/data/en/ingest.toml`` (thresholds in ``briefing/data/ingest.toml``), in three steps:

1. what a line is on its own (a ``Source:`` line, a byline, a caption with a photo
   credit, a promo, boilerplate, a credit, a date line, a menu);
2. where the body starts: at a dateline ("KYIV, Feb 5 (Reuters) - ") near the top,
   everything before it being display text; else after a dek, standfirst and
   key-point bullets under the title;
3. what is left: a line without terminal punctuation is a heading (short) or a
   caption (long), unless it is too long for a caption; anything else is body.

Formats: ``.txt`` and ``.md`` are decoded here (UTF-8, UTF-16/32 with a byte order
mark or UTF-16 without one, cp1252, Latin-1, or ``--encoding``); ``.html``/``.htm``,
``.docx``, ``.pdf`` and ``.jsonl`` feeds go through ``ingest.readers``, which lays
their text out as a ``.txt`` article and says which lines their markup makes headings.

Offsets index into ``Article.text``. For ``.txt`` and ``.md`` that is the file decoded
as ``Path.read_text`` reads it (universal newlines), with each control character
replaced one for one (see ``readers.replace_controls``), so offsets still index the
decoded file. For the other formats it is the extracted text.

Every file is checked before it is used: its size against the ``[limits]`` of
``ingest.toml``, its text against every article read before it (a second copy of the
same text is skipped), and its language (``ingest.language``). A file that fails is
reported as ``Skipped`` with the reason and the fix, and the others still load.

The package, one idea a module:

- ``rules``: the lexicons and patterns of ``data/en/ingest.toml`` with the thresholds of
  ``data/ingest.toml``, compiled (``IngestRules``);
- ``lines``: what a line is on its own (small named predicates);
- ``segments``: segmentation into future blocks, and long blocks cut into pieces;
- ``structure``: the marking of titles, captions, body ...;
- ``decode``: bytes to text (encodings, binary files, size limits);
- ``readers``: HTML, DOCX, PDF and JSONL feeds laid out as text;
- ``language``: the language gate;
- ``files``: walking folders (hidden files, links, the workspace), reading, feeds,
  duplicates and the checks of every file (``load_articles``); ``watch`` walks with it too.
"""

from __future__ import annotations

from briefing.ingest.dateline import (
    dateline_agency,
    dateline_date,
    dateline_match,
    dateline_place,
    find_dateline,
    parsing_prefix,
)
from briefing.ingest.decode import (
    BINARY_CONTROL_SHARE,
    decode_text,
    display_path,
)
from briefing.ingest.files import (
    BuildLimit,
    FileReader,
    Skipped,
    article_files,
    build_limit,
    content_key,
    load_articles,
    read_article,
    read_file,
)
from briefing.ingest.lines import (
    boilerplate_reason,
    caption_reason,
    count_sentences,
    credit_tail,
    ends_with_abbreviation,
    has_caption_marker,
    has_terminal_punctuation,
    intrinsic_kind,
    is_byline,
    is_credit,
    is_date_line,
    is_list_item,
    list_marker,
    parse_date,
    plain,
    promo_reason,
    source_of,
    url_of,
    word_count,
)
from briefing.ingest.rules import (
    ARTICLE_SUFFIXES,
    CREDIT_MAX_CHARS,
    FEED_SUFFIXES,
    FRONT_MATTER_MAX_LINES,
    HTML_SUFFIXES,
    RULES_PATH,
    TEXT_SUFFIXES,
    WORKSPACE_DIR,
    IngestRules,
    Kind,
    default_rules,
    load_rules,
)
from briefing.ingest.segments import split_block
from briefing.ingest.structure import normalise_date, parse_article

__all__ = [
    "ARTICLE_SUFFIXES",
    "BINARY_CONTROL_SHARE",
    "CREDIT_MAX_CHARS",
    "FEED_SUFFIXES",
    "FRONT_MATTER_MAX_LINES",
    "HTML_SUFFIXES",
    "RULES_PATH",
    "TEXT_SUFFIXES",
    "WORKSPACE_DIR",
    "BuildLimit",
    "FileReader",
    "IngestRules",
    "Kind",
    "Skipped",
    "article_files",
    "boilerplate_reason",
    "build_limit",
    "caption_reason",
    "content_key",
    "count_sentences",
    "credit_tail",
    "dateline_agency",
    "dateline_date",
    "dateline_match",
    "dateline_place",
    "decode_text",
    "default_rules",
    "display_path",
    "ends_with_abbreviation",
    "find_dateline",
    "has_caption_marker",
    "has_terminal_punctuation",
    "intrinsic_kind",
    "is_byline",
    "is_credit",
    "is_date_line",
    "is_list_item",
    "list_marker",
    "load_articles",
    "load_rules",
    "normalise_date",
    "parse_article",
    "parse_date",
    "parsing_prefix",
    "plain",
    "promo_reason",
    "read_article",
    "read_file",
    "source_of",
    "split_block",
    "url_of",
    "word_count",
]
