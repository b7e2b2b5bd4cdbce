"""The data model: every record that passes between the stages of briefing.

Stages exchange only these types:

    ingest   -> Article (with its Blocks)
    nlp      -> Sentence (provenance + speaker), built from spaCy internally
    classify -> Sentence with labels, scores and reasons
    assemble -> Brief (sections of BriefItems, with Citations and Sources)
    render   -> files

Records are frozen dataclasses with little behaviour. Nothing here imports spaCy,
so the renderers never see a spaCy object.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Section(StrEnum):
    """A section of a brief; the label family a sentence can carry."""

    BACKGROUND = "background"
    POSITION = "position"
    RISK = "risk"
    NEXT_STEPS = "next_steps"
    OTHER = "other"


def section_of(label: str) -> Section:
    """Return the section of a label (``"position:MEX"`` -> ``Section.POSITION``)."""
    return Section(label.split(":", 1)[0])


def government_of(label: str) -> str | None:
    """Return the government code of a position label, else None."""
    head, _, code = label.partition(":")
    return code or None if head == Section.POSITION else None


def position_label(code: str) -> str:
    """Return the position label for a government code (``"MEX"`` -> ``"position:MEX"``)."""
    return f"{Section.POSITION}:{code}"


class BlockKind(StrEnum):
    """What a block (a paragraph or a line) of an article is.

    Only BODY blocks become sentences of a brief; the rest are display text.
    """

    TITLE = "title"
    STANDFIRST = "standfirst"
    BODY = "body"
    CAPTION = "caption"
    CREDIT = "credit"
    HEADING = "heading"
    BYLINE = "byline"
    DATELINE = "dateline"
    BULLET = "bullet"
    PROMO = "promo"
    SOURCE = "source"
    BOILERPLATE = "boilerplate"


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, or one line of a paragraph, with its place in the article text.

    Attributes:
        kind: what the block is (body text, caption, credit, ...).
        start: offset of the first character in ``Article.text``.
        end: offset after the last character in ``Article.text``.
        paragraph: index of the blank-line separated paragraph it belongs to.
        reason: why ingest gave it this kind (human-readable).
    """

    kind: BlockKind
    start: int
    end: int
    paragraph: int
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Dateline:
    """Where (and through which agency) an article was filed, as its dateline says.

    Found once, by ingest (``ingest.dateline``), in the article's first body paragraphs:
    "KYIV, Feb 5 (Reuters) - ", "ISLAMABAD: ", "Tokyo/Beijing, Nov. 10 (Jiji Press)--",
    also glued after a slug ("... By Jane Roe SEOUL, Jan. 4 (Yonhap) -- ").

    Attributes:
        place: the place as written ("KYIV", "Tokyo/Beijing"); "" for an agency alone.
        agency: the agency in brackets ("Reuters"), or "".
        date: the ISO date when the dateline gives the year, else None.
        span: where the dateline is in ``Article.text`` (start, end), its separator
            included.
        prefix: it opens its paragraph, followed by a separator ("-", ":", "--"), so the
            printed text leaves ``span`` out.
    """

    place: str
    agency: str = ""
    date: str | None = None
    span: tuple[int, int] = (0, 0)
    prefix: bool = True


@dataclass(frozen=True, slots=True)
class Article:
    """One input article, decoded, with its recovered structure.

    Attributes:
        id: a stable identifier, the file stem (what ``classify`` prints as ``doc``).
        path: the file it was read from (as given), or "" for in-memory articles.
        text: the decoded text; every offset in the model points into it.
        title: the headline.
        source: the outlet ("Reuters"), from a ``Source:`` line or metadata; may be "".
        date: ISO date (YYYY-MM-DD) of publication when known.
        blocks: the article's blocks in text order.
        url: the article's address, when known.
        publisher: the site that published the outlet's copy, when it is another one
            (a web page of wire copy: outlet "Reuters", publisher "Example News").
        dateline: the article's dateline, found by ingest, or None.
    """

    id: str
    path: str
    text: str
    title: str
    blocks: tuple[Block, ...]
    source: str = ""
    date: str | None = None
    url: str = ""
    publisher: str = ""
    dateline: Dateline | None = None

    def block_text(self, block: Block) -> str:
        """Return the text of one of this article's blocks."""
        return self.text[block.start : block.end]

    @property
    def body_blocks(self) -> tuple[Block, ...]:
        """The blocks that carry body text."""
        return tuple(b for b in self.blocks if b.kind == BlockKind.BODY)


@dataclass(frozen=True, slots=True)
class Actor:
    """Someone or something that speaks or acts in an article.

    Attributes:
        name: the fullest name found ("Andres Manuel Lopez Obrador", "State Department").
        government: ISO 3166 alpha-3 (or registry) code of the government it speaks
            for, or None for non-government actors (companies, analysts, journalists).
        role: title or kind ("President", "Foreign Ministry", "state media", "country").
        resolved_by: how the government was found: "registry", "title", "demonym",
            "possessive", "apposition", "pronoun", "alias", "capital", ...
        evidence: what in the article (or the registry) gave the government, or why
            there is none ("title with ETH: 'Ethiopian Prime Minister X'", "no evidence").
    """

    name: str
    government: str | None
    role: str = ""
    resolved_by: str = ""
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article, with provenance and, after classify, its labels.

    Attributes:
        article_id: the ``Article.id`` it comes from.
        start: offset of the first character in ``Article.text``.
        end: offset after the last character.
        text: the sentence text (exactly ``Article.text[start:end]``).
        block_kind: the kind of block it sits in.
        paragraph: index of its paragraph in the article.
        index: position of the sentence in the article (0-based, in text order).
        speaker: the actor to whom the sentence is attributed, if any.
        labels: ordered labels, primary first ("position:MEX", "risk", ...).
        scores: confidence per label, in [0, 1].
        reasons: human-readable reasons for the labels.
        glosses: pronouns inside the sentence that stand for a government, as
            (start, end, name): the pronoun's offsets in ``Article.text`` and the name a
            brief prints after it in brackets ("to help it [Mexico] tackle").
    """

    article_id: str
    start: int
    end: int
    text: str
    block_kind: BlockKind = BlockKind.BODY
    paragraph: int = 0
    index: int = 0
    speaker: Actor | None = None
    labels: tuple[str, ...] = ()
    scores: Mapping[str, float] = field(default_factory=dict)
    reasons: tuple[str, ...] = ()
    glosses: tuple[tuple[int, int, str], ...] = ()

    @property
    def primary(self) -> str | None:
        """The primary label, or None before classification."""
        return self.labels[0] if self.labels else None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSONL record that ``briefing classify`` prints (a stable contract)."""
        return {
            "doc": self.article_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "labels": list(self.labels),
            "scores": {k: round(v, 3) for k, v in self.scores.items()},
            "reasons": list(self.reasons),
            "speaker": asdict(self.speaker) if self.speaker else None,
        }


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a brief item comes from: an article (by source number) and a character span."""

    number: int
    article_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class BriefItem:
    """One sentence of the brief, with its citations and the why of its placement.

    Attributes:
        id: a stable short id (a fingerprint of the sentence text and its article), the
            handle of ``briefing review`` and ``briefing override``; "" when not assigned.
        new: the item comes only from articles added since the previous build.
        tags: short notes printed after the text: the other sections the sentence
            belongs to ("also a risk"), "low confidence".
        when: the ISO date of a timeline entry.
    """

    text: str
    section: str
    citations: tuple[Citation, ...]
    government: str | None = None
    confidence: float = 0.0
    labels: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    id: str = ""
    new: bool = False
    tags: tuple[str, ...] = ()
    when: str | None = None


@dataclass(frozen=True, slots=True)
class BriefSection:
    """A section of the brief.

    Attributes:
        key: "key_points", "background", "position:MEX", "risk", "next_steps".
        heading: the heading text, from the template.
        items: the section's items in order.
        government: the government code, for position sections.
    """

    key: str
    heading: str
    items: tuple[BriefItem, ...]
    government: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """An article cited by the brief, numbered as in the citations ([1], [2], ...)."""

    number: int
    article_id: str
    title: str
    outlet: str = ""
    date: str | None = None
    path: str = ""
    url: str = ""
    publisher: str = ""


@dataclass(frozen=True, slots=True)
class Brief:
    """The assembled brief, ready to render.

    Attributes:
        title: the brief's title.
        date: the brief's date (ISO), chosen by the CLI.
        pair: the two governments' codes, in brief order.
        governments: display names of the governments in the brief, by code.
        marking: the classification marking line ("UNCLASSIFIED").
        sections: key points first, then the template's sections, in order.
        sources: the cited articles, numbered.
        meta: the pipeline's provenance (model name and version, options) and the
            workspace's citation numbers (``"citations"``: article id -> number).
        as_of: the date the brief is as of: the newest article date or ``--date``;
            None when neither is known (the brief then prints no calendar day).
        dateline: the labelled date line under the title ("As of 5 December 2019 · …").
        marking_line: the marking line of the front matter, with its caveats.
        warnings: coverage warnings (wrong pair, several pairs), also on stderr.
    """

    title: str
    date: str
    pair: tuple[str, str]
    governments: Mapping[str, str]
    sections: tuple[BriefSection, ...]
    sources: tuple[Source, ...]
    marking: str = "UNCLASSIFIED"
    subtitle: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)
    as_of: str | None = None
    dateline: str = ""
    marking_line: str = ""
    warnings: tuple[str, ...] = ()

    def section(self, key: str) -> BriefSection | None:
        """Return the section with this key, if the brief has it."""
        return next((s for s in self.sections if s.key == key), None)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable dict of the whole brief."""
        data = asdict(self)
        data["pair"] = list(self.pair)
        data["governments"] = dict(self.governments)
        data["meta"] = dict(self.meta)
        data["warnings"] = list(self.warnings)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Brief:
        """Rebuild a brief from ``to_dict`` output."""
        sections = tuple(
            BriefSection(
                key=s["key"],
                heading=s["heading"],
                government=s.get("government"),
                items=tuple(
                    BriefItem(
                        text=i["text"],
                        section=i["section"],
                        citations=tuple(Citation(**c) for c in i["citations"]),
                        government=i.get("government"),
                        confidence=i.get("confidence", 0.0),
                        labels=tuple(i.get("labels", ())),
                        reasons=tuple(i.get("reasons", ())),
                        id=i.get("id", ""),
                        new=bool(i.get("new", False)),
                        tags=tuple(i.get("tags", ())),
                        when=i.get("when"),
                    )
                    for i in s["items"]
                ),
            )
            for s in data["sections"]
        )
        return cls(
            title=data["title"],
            date=data["date"],
            pair=(data["pair"][0], data["pair"][1]),
            governments=dict(data["governments"]),
            sections=sections,
            sources=tuple(Source(**s) for s in data["sources"]),
            marking=data.get("marking", "UNCLASSIFIED"),
            subtitle=data.get("subtitle", ""),
            meta=dict(data.get("meta", {})),
            as_of=data.get("as_of"),
            dateline=data.get("dateline", ""),
            marking_line=data.get("marking_line", ""),
            warnings=tuple(data.get("warnings", ())),
        )


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """A section of a brief template.

    Attributes:
        key: "key_points", "background", "positions", "risk", "next_steps", "sources".
            "positions" expands to one section per government of the pair.
        heading: heading text; for "positions" it may use ``{government}``.
        limit: the most items the section shows (0 = no limit).
        threshold: the least confidence an item needs to be shown.
    """

    key: str
    heading: str
    limit: int = 0
    threshold: float = 0.0


@dataclass(frozen=True, slots=True)
class BriefTemplate:
    """A brief template, shared by every renderer.

    Attributes:
        name: the template's name.
        path: the file it was loaded from.
        marking: the marking line for header (and footer) ("UNCLASSIFIED").
        title: the title pattern; may use ``{a}`` and ``{b}`` (government names).
        author: the author recorded in document metadata.
        sections: the sections in order.
        docx_reference: path of the reference .docx holding the Word styles.
        docx_styles: style name per element (title, heading, bullet, body, source, ...).
        pdf_styles: reportlab ParagraphStyle settings per element.
        fonts: font files for the PDF by role ("regular", "bold", "italic").
        new_items: how items new since the previous build are shown: "section" (a
            "New since <date>" section after the key points), "mark" (a mark before each
            new item) or "none".
        new_heading: the heading of that section; may use ``{date}``.
        new_mark: the mark printed before a new item in "mark" mode.
        dedup_threshold: sentences at least this similar (0-100, rapidfuzz token-set
            ratio of their normalised text) are merged into one item; 100 = exact copies.
        dedup_min_words: sentences shorter than this merge only when identical.
        low_confidence: an item whose confidence is below this is marked "low confidence".
        front: the wording of the front matter (``[front]``): ``as_of`` ({date}),
            ``undated``, ``coverage`` ({articles}, {outlets}), ``marking`` (printed after
            the marking line) and ``single_source`` (its caveat for one source).
        source_paths: print each source's local file path (off: a brief circulates).
        page_target: the pages a brief of at most ``page_target_articles`` articles is
            fitted to (the PDF tightens its spacing, then its type, to fit); 0 = no target.
        page_target_articles: see ``page_target``.
        page_words: the words a brief of at most ``page_target_articles`` articles is
            trimmed to (its least important items go first); 0 = no trimming.
    """

    name: str
    path: str
    marking: str
    title: str
    author: str
    sections: tuple[SectionSpec, ...]
    docx_reference: str = ""
    docx_styles: Mapping[str, str] = field(default_factory=dict)
    pdf_styles: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    fonts: Mapping[str, str] = field(default_factory=dict)
    new_items: str = "section"
    new_heading: str = "New since {date}"
    new_mark: str = "New"
    dedup_threshold: float = 90.0
    dedup_min_words: int = 6
    low_confidence: float = 0.5
    front: Mapping[str, str] = field(default_factory=dict)
    source_paths: bool = False
    page_target: int = 1
    page_target_articles: int = 2
    page_words: int = 550

    def spec(self, key: str) -> SectionSpec | None:
        """Return the section spec with this key, if the template has it."""
        return next((s for s in self.sections if s.key == key), None)
