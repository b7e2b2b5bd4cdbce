"""Speech verbs of a sentence: which verbs report speech, and in which clause they sit.

The attribution pass (``attribution``) asks these questions first: the speech verbs of
the main clause and of subordinate clauses, ordered by who speaks. A verb's lemma is
compared with the cue lists through ``cue_lemma``: the tagger's lemma, or a regular stem
of the verb's own form when the lemma slipped ("hopes" lemmatised as "hop").
"""

from __future__ import annotations

import functools
from collections.abc import Set as AbstractSet

from spacy.tokens import Span, Token

from briefing.classify import syntax
from briefing.classify.lexicon import Cues

__all__ = ["cue_lemma", "speech_verbs"]


@functools.lru_cache(maxsize=4096)
def _stems(word: str) -> tuple[str, ...]:
    """Regular stems of an inflected English verb form ("hopes" -> "hope", "hop")."""
    out: list[str] = []
    if word.endswith("ies") or word.endswith("ied"):
        out.append(word[:-3] + "y")
    if word.endswith(("es", "ed")):
        out += [word[:-1], word[:-2]]
    elif word.endswith("s") and not word.endswith("ss"):
        out.append(word[:-1])
    if word.endswith("ing") and len(word) > 5:
        out += [word[:-3], word[:-3] + "e"]
    base = word[:-3] if word.endswith("ing") else word[:-2] if word.endswith("ed") else ""
    if len(base) > 2 and base[-1] == base[-2]:
        out.append(base[:-1])  # "slamming" -> "slam"
    return tuple(s for s in out if len(s) > 1)


def cue_lemma(tok: Token, *lists: AbstractSet[str]) -> str:
    """A verb's lemma as the cue lists know it: the tagger's, or a regular stem of its form.

    The tagger's lemma of a verb can slip ("hopes" as "hop", a participle as a noun's
    lemma); when it is in none of ``lists`` but a regular stem of the lower-cased form is,
    the stem is the lemma. Other tokens keep the tagger's lemma.
    """
    lemma = tok.lemma_.lower()
    if tok.pos_ not in ("VERB", "AUX") or any(lemma in words for words in lists):
        return lemma
    for stem in _stems(tok.lower_):
        if any(stem in words for words in lists):
            return stem
    return lemma


def is_speech_verb(verb: Token, cues: Cues) -> bool:
    """A speech verb, or a verb and object that speak together ("as X put it")."""
    lemma = cue_lemma(verb, cues.speech)
    if lemma in cues.speech:
        return True
    frames = cues.of("speech_frames")
    return any(f"{lemma} {c.lower_}" in frames for c in verb.children if c.dep_ == "dobj")


def _own_subject(verb: Token, cues: Cues) -> bool:
    """A relative clause's speech verb with a subject of its own (not the pronoun).

    "the place officials say the talks will be held": the officials speak.
    """
    if verb.dep_ != "relcl":
        return False
    subj = syntax.subject(verb)
    return (
        subj is not None
        and subj.head.i == verb.i
        and subj.lower_ not in cues.of("relative_pronouns")
    )


def _generic_subject(verb: Token, cues: Cues) -> bool:
    """Whether a verb's subject is a generic "you" ("you know", "you think")."""
    subj = syntax.subject(verb)
    return subj is not None and subj.lower_ in cues.of("generic_subjects")


def speech_verbs(verbs: list[Token], sent: Span, cues: Cues) -> tuple[list[Token], list[Token]]:
    """Speech verbs of the main clause (or complement) and of subordinate clauses."""
    main, sub = [], []
    thought = cues.of("thought_verbs")
    for v in verbs:
        if not is_speech_verb(v, cues) or syntax.speaker_token(v) is None:
            continue
        lemma = cue_lemma(v, cues.speech)
        if lemma in thought and _generic_subject(v, cues):
            continue  # "..., you know": no one speaks
        if syntax.clause_level(v, sent) != "sub":
            if not syntax.first_person_inside(v, verbs, cues):
                main.append(v)
        elif lemma in cues.of("evidence_verbs"):
            continue  # "after determining that a video showed ...": no speaker
        elif not syntax.in_relative_clause(v) or syntax.noun_participle(v) or _own_subject(v, cues):
            sub.append(v)  # "X, who said ...": not; "a letter saying ...": the letter speaks
    main.sort(
        key=lambda v: (
            syntax.clause_level(v, sent) != "main",
            cue_lemma(v, cues.speech) in thought,  # "X thinks ..., Y said": Y speaks
            v.i,
        )
    )
    return main, sub


def source_in(sent: Span, cues: Cues) -> Token | None:
    """The poll or report a sentence's figures come from: "In a new poll, Roe leads ...".

    The object of a preposition such as "in" whose noun is a source of figures (a poll, a
    survey, an average of polls); None when the sentence cites none.
    """
    prepositions, nouns = cues.of("source_prepositions"), cues.of("source_nouns")
    for tok in sent:
        if tok.lower_ not in prepositions or tok.dep_ != "prep":
            continue
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if pobj is not None and pobj.pos_ == "NOUN" and pobj.lemma_.lower() in nouns:
            return pobj
    return None
