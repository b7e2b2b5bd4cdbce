"""Surface forms and their conflicts: which government a text stands for.

Every government's forms and every person's names are claims on a text; a text two
governments claim goes to a user file's choice, else to the stronger kind of form
(``PHRASE_KINDS``), else to nobody (dropped and logged).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from briefing.nlp.registry_records import Government, Person

__all__ = ["PHRASE_KINDS", "Phrase", "PhraseConflict", "resolve_phrases"]

logger = logging.getLogger("briefing.nlp.registry")

PHRASE_KINDS: tuple[str, ...] = (
    "name",
    "alias",
    "demonym",
    "people",
    "capital",
    "seat",
    "institution",
    "media",
    "title",
    "person",
)
"""Kinds of surface form, in priority order: when two governments claim the same text, the
one whose form has the earlier kind wins ("Congo" as a name beats "Congo" as an alias)."""
_KIND_RANK = {kind: rank for rank, kind in enumerate(PHRASE_KINDS)}


@dataclass(frozen=True, slots=True)
class Phrase:
    """A surface form that names or stands for a government.

    Attributes:
        text: the form as written; case-sensitive ("US" is not "us").
        code: the government it stands for.
        kind: one of ``PHRASE_KINDS``.
    """

    text: str
    code: str
    kind: str


@dataclass(frozen=True, slots=True)
class PhraseConflict:
    """A surface form that two or more governments claim.

    Attributes:
        text: the form.
        codes: every government that claims it, sorted.
        kept: the code it was given, or None when it was dropped.
        reason: how it was decided ("user file", "kind priority", "tie: dropped").
    """

    text: str
    codes: tuple[str, ...]
    kept: str | None
    reason: str


def resolve_phrases(
    governments: Iterable[Government], people: Iterable[Person], overrides: Mapping[str, str]
) -> tuple[tuple[Phrase, ...], tuple[PhraseConflict, ...]]:
    """Return every surface form with its government, and how each shared form was decided."""
    # text -> code -> best (highest-priority) kind that code has for the text
    claims: dict[str, dict[str, str]] = {}

    def claim(text: str, code: str, kind: str) -> None:
        per_code = claims.setdefault(text, {})
        old = per_code.get(code)
        if old is None or _KIND_RANK[kind] < _KIND_RANK[old]:
            per_code[code] = kind

    for gov in governments:
        for text, kind in gov.surface_forms():
            claim(text, gov.code, kind)
    # a name whose terms are of several governments (a prime minister who later led an
    # international body) is no phrase: the article's date picks the term (``current_term``)
    served: dict[str, set[str]] = {}
    for person in people:
        for text in (person.name, *person.aliases):
            served.setdefault(text, set()).add(person.government)
    for text, served_by in served.items():
        if len(served_by) == 1:
            claim(text, next(iter(served_by)), "person")

    phrases: list[Phrase] = []
    conflicts: list[PhraseConflict] = []
    for text, per_code in claims.items():
        if len(per_code) == 1:
            ((code, kind),) = per_code.items()
            phrases.append(Phrase(text, code, kind))
            continue
        codes = tuple(sorted(per_code))
        forced = overrides.get(text)
        kept: str | None
        if forced in per_code:
            kept, reason = forced, "user file"
        else:
            best = min(_KIND_RANK[k] for k in per_code.values())
            winners = [c for c in codes if _KIND_RANK[per_code[c]] == best]
            kept, reason = (winners[0], "kind priority") if len(winners) == 1 else (None, "tie")
        conflicts.append(PhraseConflict(text, codes, kept, reason))
        if kept is None:
            logger.warning(
                "registry: %r is claimed by %s with the same priority; dropped (give it to one "
                "government in an actors file)",
                text,
                ", ".join(codes),
            )
        else:
            logger.info(
                "registry: %r is claimed by %s; kept %s (%s)", text, ", ".join(codes), kept, reason
            )
            phrases.append(Phrase(text, kept, per_code[kept]))
    phrases.sort(key=lambda p: (p.code, _KIND_RANK[p.kind], p.text))
    conflicts.sort(key=lambda c: c.text)
    return tuple(phrases), tuple(conflicts)
