"""The data model: every record that passes between the stages of briefing.

Stages exchange only these types:

    ingest   -> Article (with its Blocks)
    nlp      -> Sentence (provenance + speaker), built from spaCy internally
    classify -> Sentence with labels, scores and reasons
    assemble -> Brief (sections of BriefItems, with Citations and Sources)
    render   -> files

Frozen dataclasses with little behaviour; nothing here imports spaCy, so renderers never see it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from briefing.codec import decode, encode, json_name, sharing, view

#: The fields of a sentence that ``briefing classify`` prints, by their JSON names.
CLASSIFY_FIELDS = {
    "article_id": "doc",
    "start": "start",
    "end": "end",
    "text": "text",
    "labels": "labels",
    "scores": "scores",
    "reasons": "reasons",
    "speaker": "speaker",
}


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
    """Where an article was filed, as its dateline says ("KYIV, Feb 5 (Reuters) - ").

    Found once by ``ingest.dateline``. ``place`` as written ("" for an agency alone), ``date``
    ISO; ``prefix``: it opens its paragraph, so printed text leaves ``span`` out.
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
@sharing("labels", "reasons", "speaker")  # thousands of sentences repeat them: one instance
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
        record = view(self, CLASSIFY_FIELDS)
        record["scores"] = {k: round(v, 3) for k, v in self.scores.items()}
        return record


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
        """Return a JSON-serialisable dict of the whole brief (``briefing.codec``)."""
        record: dict[str, Any] = encode(self)
        return record

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Brief:
        """Rebuild a brief from ``to_dict`` output."""
        return decode(cls, data)


@dataclass(frozen=True, slots=True)
class Party:
    """A government of the brief: its code, short name and display name."""

    code: str
    name: str
    display: str


@dataclass(frozen=True, slots=True)
class Override:
    """An analyst's correction of one item, kept across builds.

    Attributes:
        key: the fingerprint of the sentence it was made on (``fingerprint()``), which is
            the item's id in the review.
        text: the sentence text, for people reading the overrides file.
        article: the article the sentence comes from.
        section: move the item to this section ("background", "position", "risk",
            "next_steps"), or None.
        government: with ``section="position"``: whose position.
        drop: leave the item out of the brief.
        keep: pin the item into the key points.
        members: fingerprints of the copies merged with the sentence when the override was
            made, so it still applies when the article it was made on is removed.
        noted: when the override was made (ISO date, given by the caller).
    """

    key: str
    text: str = ""
    article: str = ""
    section: str | None = None
    government: str | None = None
    drop: bool = False
    keep: bool = False
    members: tuple[str, ...] = ()
    noted: str = ""

    @property
    def fingerprints(self) -> tuple[str, ...]:
        """Every fingerprint the override applies to: its key, then its members."""
        return (self.key, *(m for m in self.members if m != self.key))

    def describe(self) -> str:
        """Return what the override does, in words ("drop", "section risk, keep")."""
        parts = []
        if self.drop:
            parts.append("drop")
        if self.section:
            where = f"position of {self.government}" if self.section == "position" else None
            parts.append(f"section {where or self.section}")
        elif self.government:
            parts.append(f"government {self.government}")
        if self.keep:
            parts.append("keep in key points")
        return ", ".join(parts) or "none"


@dataclass(frozen=True, slots=True)
class Member:
    """One copy of an item's sentence: where it is, and how similar it is to the item.

    ``article_id`` is ``doc`` in JSON.
    """

    article_id: str = field(metadata=json_name("doc"))
    number: int
    start: int
    end: int
    text: str
    similarity: int
    fingerprint: str


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One placement of an item in the brief, with everything the review shows.

    Attributes:
        id: the item's stable short id (the fingerprint of its first copy).
        section: the section key it is in ("background", "position:MEX", "key_points",
            "new"); for a dropped item, the section it would have been in ("" if none).
        heading: that section's heading.
        government: the government of a position item.
        text: the sentence.
        confidence: the classifier's confidence for this placement.
        reasons: why the classifier (or an override) put it there.
        new: it comes only from articles added since the previous build.
        dropped: an override leaves it out of the brief.
        override: the analyst's override applied to it, if any.
        members: every copy of the sentence, the item's own first.
        context: the paragraph of the item's sentence.
        highlight: where the sentence is in ``context`` (start, end).
    """

    id: str
    section: str
    text: str
    members: tuple[Member, ...]
    heading: str = ""
    government: str | None = None
    confidence: float = 0.0
    reasons: tuple[str, ...] = ()
    new: bool = False
    dropped: bool = False
    override: Override | None = None
    context: str = ""
    highlight: tuple[int, int] = (0, 0)

    @property
    def fingerprints(self) -> frozenset[str]:
        """The fingerprints of every copy of the sentence."""
        return frozenset(m.fingerprint for m in self.members)


@dataclass(frozen=True, slots=True)
class Assembly:
    """What ``assemble`` returns.

    Attributes:
        brief: the brief to render.
        items: every placement of the brief, in print order, then the dropped items.
        stale: overrides whose sentence is in none of the articles any more.
        merged: how many sentences were merged into an earlier copy (wire copy).
    """

    brief: Brief
    items: tuple[ReviewItem, ...]
    stale: tuple[Override, ...] = ()
    merged: int = 0


@dataclass(frozen=True, slots=True)
class Change:
    """One line of the change list.

    Attributes:
        kind: "added", "removed", "moved" or "cited" (now also cited by another article).
        id: the item's id (in the build it is in: this one, or the previous for removed).
        text: the sentence.
        before: headings of the sections it was in (empty for added items).
        after: headings of the sections it is in (empty for removed items).
        sources: the cited sources, as printed in the brief it is in.
        new: the item comes only from articles added since the previous build.
        note: why, when known ("its article was removed", "dropped by override").
    """

    kind: str
    id: str
    text: str
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    new: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True)
class Changes:
    """The change list between the previous build and this one.

    Attributes:
        date: this brief's date.
        previous: the previous brief's date; None on the first build of a folder.
        articles_added: sources added (or whose text changed) since the previous build.
        articles_removed: sources of the previous build that are gone.
        entries: the changed items: added, removed, moved, cited.
        stale: overrides whose sentence no longer exists.
        key_points_added: key points of this brief that the previous one did not have.
        key_points_removed: key points of the previous brief that this one does not have.
        numbers: what happened to citation numbers ("[3] assigned to …", "[2] retired:
            …", "[1] renumbered from [4]: …").
    """

    date: str
    previous: str | None
    articles_added: tuple[str, ...] = ()
    articles_removed: tuple[str, ...] = ()
    entries: tuple[Change, ...] = ()
    stale: tuple[Override, ...] = ()
    key_points_added: tuple[str, ...] = ()
    key_points_removed: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()

    def of(self, kind: str) -> list[Change]:
        """Return the entries of one kind."""
        return [c for c in self.entries if c.kind == kind]

    def summary(self) -> str:
        """Return a one-line summary ("2 added, 0 removed, 1 moved, 1 newly cited")."""
        counts = {k: len(self.of(k)) for k in ("added", "removed", "moved", "cited")}
        text = (
            f"{counts['added']} added, {counts['removed']} removed, {counts['moved']} moved, "
            f"{counts['cited']} newly cited"
        )
        if self.previous is None:
            text = f"first build: {counts['added']} item(s)"
        if self.stale:
            text += f"; {len(self.stale)} stale override(s)"
        return text


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
