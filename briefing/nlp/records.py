"""The records of actors while an article is read, and the speaker of one sentence.

``ActorRecord`` gathers a speaker's evidence (registry, title, context votes) and decides
its government (``final_government``); ``SpeakerRef`` is one sentence's speaker.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from briefing import lexicons
from briefing.model import Actor
from briefing.nlp.registry import Person, Registry


def distinctive(title: str) -> bool:
    """A title specific enough to identify a government within one article."""
    return " " in title or "-" in title


@dataclass(slots=True)
class ActorRecord:
    """A mutable actor while the article is being read; frozen into ``Actor`` at the end."""

    name: str
    government: str | None = None
    role: str = ""
    resolved_by: str = ""
    is_person: bool = False
    votes: Counter[str] = field(default_factory=Counter)
    sentences: int = 0
    bare_title: bool = False
    evidence: str = ""
    dateline: str | None = None
    named: bool = False

    def final_government(self) -> str | None:
        """The government from evidence, else the weak fallback for titled officials, else None.

        Evidence is a registry form, a title with a country word or demonym, an
        institution's owner, a capital (the dateline's) or a registry person. Only a person
        with a government title and no country word falls back on the context
        (``home_government``); a body or an untitled speaker without evidence stays
        unresolved. A non-government role ("former", "candidate", "analyst") never speaks
        for a government.
        """
        if self.role == "non-government":
            return None
        return self.government or self.dateline or self.home_government()

    def home_government(self) -> str | None:
        """The weak fallback for a speaker without evidence: its sentences' own context.

        Where the speaker speaks from and whom its verb addresses ("offered talks to
        India") vote for a side, sentence by sentence (``_context_votes``). The article's
        government as a whole is no evidence: only people named with a government title
        ("Finance Minister X") also take the side the article's other such officials were
        given (``finalize``), as reporters name their own officials by title alone.
        Non-government roles get no fallback.
        """
        if not self.role or self.role == "non-government":
            return None
        return self.context_government()

    def context_government(self) -> str | None:
        """The government the context votes suggest (reported, never assigned)."""
        if self.votes:
            (best, n), *rest = self.votes.most_common()
            if not rest or rest[0][1] < n:
                return best
        return None

    def explain(self) -> str:
        """The evidence behind the assignment, or why there is none, for ``briefing actors``."""
        if self.role == "non-government":
            return self.evidence or "non-government role"
        if self.government or self.dateline:
            return self.evidence or self.resolved_by
        home = self.home_government()
        if home:
            return f"no direct evidence; the context of its sentences points to {home}"
        hint = self.context_government()
        return f"no evidence (context suggests {hint})" if hint else self.evidence or "no evidence"

    def freeze(self) -> Actor:
        """Return the immutable actor."""
        gov = self.final_government()
        if self.government or self.dateline:
            how = self.resolved_by or "context"
        else:
            how = "context" if gov else ""
        return Actor(
            name=self.name, government=gov, role=self.role, resolved_by=how, evidence=self.explain()
        )


def text_beats_registry(record: ActorRecord, gov: tuple[str, str], title: str | None) -> bool:
    """True when the article titles a registry person for another government.

    "European Commission President X", "the EU High Representative X" (a title of that
    government's own) and "X, the head of the European Council," file X under that body's
    owner even when the registry's X last held an office at home: the
    article's own words are evidence of the office held on its day, the registry's dates
    may be stale.
    """
    return (
        record.resolved_by in ("registry", "registry surname")
        and gov[0] != record.government
        and gov[1] in ("institution", "title")
    )


@dataclass(slots=True)
class SpeakerRef:
    """The speaker of one sentence: the actor record and how it was found."""

    record: ActorRecord
    via: str
    phrase: str
    #: A phrase that speaks but names no person, title, body or country ("critics", "a new
    #: poll"): shown as the speaker, never evidence for a government.
    bare: bool = False


#: What ``ArticleActors`` reads of a registry, built once per registry (``Registry.key``):
#: the government titles, the words of titles, and the people by lower-case name.
_Index = tuple[frozenset[str], frozenset[str], dict[str, list[Person]]]
_INDEXES: dict[str, _Index] = {}


def registry_index(registry: Registry) -> _Index:
    """The registry's titles and people, indexed once (a world registry has thousands)."""
    found = _INDEXES.get(registry.key)
    if found is None:
        titles = frozenset(t.lower() for t in registry.government_titles)
        words = (
            frozenset(w for t in titles for w in t.split()) | lexicons.abbreviations().name_titles
        )
        people: dict[str, list[Person]] = {}
        for person in registry.people:
            for alias in (person.name, *person.aliases):
                people.setdefault(alias.lower(), []).append(person)
        found = _INDEXES[registry.key] = (titles, words, people)
    return found


#: The registry's people by surname (the last word of a full name of two words or more),
#: for surnames that one person alone holds, built once per registry.
_SURNAMES: dict[str, dict[str, list[Person]]] = {}


def surname_index(registry: Registry) -> dict[str, list[Person]]:
    """The terms of each registry person by a surname that no other registry person has.

    "Mr Roe" is the registry's Jane Roe only when no other office-holder is called Roe.
    """
    found = _SURNAMES.get(registry.key)
    if found is None:
        holders: dict[str, set[str]] = {}
        terms: dict[str, list[Person]] = {}
        for person in registry.people:
            words = person.name.split()
            if len(words) < 2 or len(words[-1]) < 3:
                continue
            key = words[-1].lower()
            holders.setdefault(key, set()).add(person.name.lower())
            terms.setdefault(key, []).append(person)
        found = _SURNAMES[registry.key] = {
            key: found_terms for key, found_terms in terms.items() if len(holders[key]) == 1
        }
    return found


def current_term(terms: Sequence[Person], on: str | None) -> tuple[Person, bool]:
    """The term of a person's ``terms`` that counts on a day, and whether it covers it.

    Without a day every term counts as current and the most recent one wins (a former
    minister who later held another office is filed under that office). Of several
    terms, one covering the day wins, else the latest (not current).
    """
    if on is None:
        return max(terms, key=lambda p: p.start or ""), True
    for p in terms:
        if (p.start is None or p.start <= on) and (p.end is None or on <= p.end):
            return p, True
    return max(terms, key=lambda p: p.start or ""), False
