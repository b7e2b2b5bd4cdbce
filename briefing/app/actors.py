"""The ``briefing actors`` table: every resolved speaker, per article."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from briefing.app.classifying import Classified
from briefing.codec import encode
from briefing.model import Actor


@dataclass(frozen=True, slots=True)
class ActorRow:
    """One line of the ``briefing actors`` table."""

    article: str
    name: str
    government: str | None
    role: str
    resolved_by: str
    sentences: int
    evidence: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON values (``codec.encode``)."""
        data: dict[str, Any] = encode(self)
        return data


def actor_table(classified: Classified) -> list[ActorRow]:
    """Return one row per resolved actor and article, with the sentences it speaks in."""
    counts: Counter[tuple[str, Actor]] = Counter()
    for s in classified.sentences:
        if s.speaker is not None:
            counts[(s.article_id, s.speaker)] += 1
    rows = [
        ActorRow(
            article=doc,
            name=a.name,
            government=a.government,
            role=a.role,
            resolved_by=a.resolved_by,
            sentences=n,
            evidence=a.evidence,
        )
        for (doc, a), n in counts.items()
    ]
    return sorted(rows, key=lambda r: (r.article, -r.sentences, r.name))
