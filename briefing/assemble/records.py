"""The records of an assembly: the parties, the analyst's overrides, the review items.

Kept apart from the assembly itself so that the review, the workspace and the overrides
file can read and write them (``to_dict``/``from_dict``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from briefing.model import (
    Brief,
)


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
    text: str
    article: str
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

    def to_dict(self) -> dict[str, Any]:
        """Return the record stored in the overrides file (without its key)."""
        return {
            "text": self.text,
            "article": self.article,
            "section": self.section,
            "government": self.government,
            "drop": self.drop,
            "keep": self.keep,
            "members": list(self.members),
            "noted": self.noted,
        }

    @classmethod
    def from_dict(cls, key: str, data: Mapping[str, Any]) -> Override:
        """Rebuild an override from ``to_dict`` output and its key."""
        return cls(
            key=key,
            text=str(data.get("text", "")),
            article=str(data.get("article", "")),
            section=data.get("section") or None,
            government=data.get("government") or None,
            drop=bool(data.get("drop", False)),
            keep=bool(data.get("keep", False)),
            members=tuple(str(m) for m in data.get("members", ())),
            noted=str(data.get("noted", "")),
        )


@dataclass(frozen=True, slots=True)
class Member:
    """One copy of an item's sentence: where it is, and how similar it is to the item."""

    article_id: str
    number: int
    start: int
    end: int
    text: str
    similarity: int
    fingerprint: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable dict."""
        return {
            "doc": self.article_id,
            "number": self.number,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "similarity": self.similarity,
            "fingerprint": self.fingerprint,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Member:
        """Rebuild a member from ``to_dict`` output."""
        return cls(
            article_id=data["doc"],
            number=int(data["number"]),
            start=int(data["start"]),
            end=int(data["end"]),
            text=data["text"],
            similarity=int(data["similarity"]),
            fingerprint=data["fingerprint"],
        )


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
    heading: str
    text: str
    confidence: float
    reasons: tuple[str, ...]
    members: tuple[Member, ...]
    government: str | None = None
    new: bool = False
    dropped: bool = False
    override: Override | None = None
    context: str = ""
    highlight: tuple[int, int] = (0, 0)

    @property
    def fingerprints(self) -> frozenset[str]:
        """The fingerprints of every copy of the sentence."""
        return frozenset(m.fingerprint for m in self.members)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable dict (``from_dict`` rebuilds it)."""
        return {
            "id": self.id,
            "section": self.section,
            "heading": self.heading,
            "government": self.government,
            "text": self.text,
            "confidence": self.confidence,
            "reasons": list(self.reasons),
            "new": self.new,
            "dropped": self.dropped,
            "override": None
            if self.override is None
            else {"key": self.override.key, **self.override.to_dict()},
            "members": [m.to_dict() for m in self.members],
            "context": self.context,
            "highlight": list(self.highlight),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReviewItem:
        """Rebuild a review item from ``to_dict`` output."""
        override = data.get("override")
        return cls(
            id=data["id"],
            section=data["section"],
            heading=data.get("heading", ""),
            government=data.get("government"),
            text=data["text"],
            confidence=float(data.get("confidence", 0.0)),
            reasons=tuple(data.get("reasons", ())),
            new=bool(data.get("new", False)),
            dropped=bool(data.get("dropped", False)),
            override=None if override is None else Override.from_dict(override["key"], override),
            members=tuple(Member.from_dict(m) for m in data.get("members", ())),
            context=data.get("context", ""),
            highlight=(int(data["highlight"][0]), int(data["highlight"][1]))
            if data.get("highlight")
            else (0, 0),
        )


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
