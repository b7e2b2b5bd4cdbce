"""Who speaks in a headline: "Roe: talks will go on", "Roe says talks will go on".

A headline is display text: it is never placed in a section of a brief and never speaks
for a government. It is not parsed either, so its speaker is found from its words: a
label before a colon that opens it, or the words before a speech or stance verb in the
third person or the past ("says", "calls", "vowed"; the bare form after a plural,
"critics say").
The speaker is shown as written, as a bare speaker (no government evidence).
"""

from __future__ import annotations

import functools
import re

from briefing.classify.lexicon import Cues
from briefing.model import Actor

#: How a headline's speaker was found (``Actor.resolved_by``).
HEADLINE_VIA = "headline"
#: A speaker phrase of a headline is at most this many words.
_MAX_WORDS = 6
_WORD = re.compile(r"[^\s]+")
#: Where a clause of a headline ends: the speaker phrase starts after the last of these.
_CLAUSE_END = re.compile(r"[,;:!?—–]|\s-\s")
#: A dash between a kicker and the headline ("Exclusive – ...").
_DASH = re.compile(r"\s[—–-]\s")
_EDGE = "\"'“”‘’«»()[]*.,;:—–-"


def headline_speaker(text: str, cues: Cues) -> Actor | None:
    """The speaker a headline names, if any (a label, or the subject of a speech verb)."""
    return _label(text, cues) or _verb_subject(text, cues)


def _actor(phrase: str, frame: str) -> Actor:
    return Actor(
        name=phrase,
        government=None,
        resolved_by=HEADLINE_VIA,
        evidence=f"headline {frame}: no government evidence",
    )


def _label(text: str, cues: Cues) -> Actor | None:
    """A label: "Roe: ..." — a short phrase before the first colon, when words follow it.

    A kicker before a dash is no part of it ("Exclusive – Roe: ..."); a label that is a
    kicker ("Watch:", "The latest:") names no speaker.
    """
    head, colon, rest = text.partition(":")
    head = _DASH.split(head)[-1]
    words = head.split()
    if not colon or not rest.strip() or not words or len(words) > _MAX_WORDS - 2:
        return None
    if rest[:1].isdigit() or not words[0][:1].isupper():
        return None  # "6:30", or a clause before the colon
    kickers = cues.of("headline_kickers")
    bare = [w.lower().strip(_EDGE) for w in words]
    if bare[0] in kickers or all(
        w in kickers or w in cues.of("headline_determiners") for w in bare
    ):
        return None  # "Exclusive: ...", "Watch live: ...", "The latest: ..."
    phrase = head.strip(_EDGE + " ")
    return _actor(phrase, f"label '{phrase}:'") if phrase else None


def _verb_subject(text: str, cues: Cues) -> Actor | None:
    """A speech verb: "Roe says ...", "critics slam ...": the words before the verb."""
    forms = _verb_forms(cues)
    words = list(_WORD.finditer(text))
    for n, m in enumerate(words[1:], start=1):
        word = m.group(0).lower().strip(_EDGE)
        kind = forms.get(word)
        if kind is None:
            continue
        before = words[n - 1].group(0).strip(_EDGE).lower()
        if kind == "base" and not (before.endswith("s") and len(before) > 3):
            continue  # a bare form speaks only after a plural ("critics say")
        after = words[n + 1].group(0).strip(_EDGE).lower() if n + 1 < len(words) else ""
        if kind == "past" and after in cues.of("headline_passive_next"):
            continue  # a passive participle: "Minister accused of ...", "Roe urged to ..."
        phrase = _subject_phrase(text[: m.start()], cues)
        if phrase:
            return _actor(phrase, f"'{phrase} {m.group(0).strip(_EDGE)}'")
    return None


def _subject_phrase(before: str, cues: Cues) -> str:
    """The speaker phrase before a headline's verb: its last clause, a short noun phrase.

    Adverbs between the speaker and the verb are no part of it ("Roe just said").
    """
    parts = _CLAUSE_END.split(before)
    words = parts[-1].strip(_EDGE + " ").split()
    while words and words[-1].lower() in cues.of("headline_adverbs"):
        words.pop()
    if not words or len(words) > _MAX_WORDS:
        return ""
    if all(w.lower() in cues.of("headline_determiners") for w in words):
        return ""  # "The talks ...": a noun, no verb
    if words[0].lower() in cues.of("headline_openers") or not words[-1][:1].isalnum():
        return ""  # "How Roe plans ...", "Why voters ...": no one speaks
    if len(parts) == 1 and not words[0][:1].isupper():
        return ""
    return " ".join(words).strip(_EDGE)


@functools.cache
def _forms_of(lemmas: frozenset[str], irregular: frozenset[str]) -> dict[str, str]:
    """The headline forms of verbs: the third person, the past and the bare form.

    "says", "vowed" or "said", and "say" (after a plural only).
    """
    out: dict[str, str] = {}
    for lemma in sorted(lemmas):
        out.setdefault(lemma, "base")
        out.setdefault(_past(lemma), "past")
    for lemma in sorted(lemmas):
        out[_third_person(lemma)] = "third"
    for form in sorted(irregular):
        out[form] = "past"
    return out


def _past(lemma: str) -> str:
    """The regular English past of a verb ("vow" -> "vowed", "praise" -> "praised")."""
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ied"
    return lemma + "ed"


def _third_person(lemma: str) -> str:
    """The English third person singular of a regular verb ("say" -> "says", "vow" -> "vows")."""
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        return lemma + "es"
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ies"
    return lemma + "s"


def _verb_forms(cues: Cues) -> dict[str, str]:
    lemmas = cues.speech | cues.stance | cues.of("topic_verbs") | cues.of("headline_verbs")
    excluded = cues.of("headline_excluded_verbs")
    return _forms_of(frozenset(lemmas - excluded), cues.of("headline_irregular_past"))
