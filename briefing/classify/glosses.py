"""Pronouns inside a sentence that stand for a government named before them in it.

Used by the brief's wording to put the government's name in brackets after the pronoun.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from briefing.classify import syntax
from briefing.classify.lexicon import Cues
from briefing.nlp.actors import gov_spans


def pronoun_glosses(sent: Span, cues: Cues) -> list[tuple[Token, str]]:
    """Pronouns inside a sentence that stand for a government named before them in it.

    "The ministry said it was working with the X government to help it tackle ...": the
    pronoun is the object of a verb of helping or pressing, in a clause under a verb whose
    object names a government ("working with the X government"); that government, when it
    is not the main subject's, is the antecedent. Only that pattern is read: a wrong
    bracket would misquote the article.
    """
    words, helping = cues.of("government_pronouns"), cues.of("helping_verbs")
    govs = [g for g in gov_spans(sent.doc) if g.start >= sent.start and g.end <= sent.end]
    subject = syntax.subject(sent.root)
    subject_ids = {t.i for t in subject.subtree} if subject is not None else set()
    out = []
    for tok in sent:
        if tok.i == sent.start or tok.lower_ not in words or tok.pos_ != "PRON":
            continue
        helped = tok.head if tok.dep_ == "dobj" else tok.head.head if tok.dep_ == "nsubj" else None
        if helped is None or helped.lemma_.lower() not in helping:
            continue  # only the object of a verb of helping or pressing
        code = _object_government(tok, govs, subject_ids)
        if code:
            out.append((tok, code))
    return out


def _object_government(tok: Token, govs: list[Span], excluded: set[int]) -> str | None:
    """The government in the object of the nearest verb above ``tok`` that has one."""
    for verb in tok.ancestors:
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        for child in verb.children:
            if child.dep_ not in ("dobj", "prep", "dative") or tok in child.subtree:
                continue
            ids = {t.i for t in child.subtree}
            hits = [
                g for g in govs if g.root.i in ids and g.end <= tok.i and g.root.i not in excluded
            ]
            if hits:
                codes = {g.kb_id_ for g in hits}
                return hits[-1].kb_id_ if len(codes) == 1 else None
        if verb.dep_ == "ROOT":
            return None
    return None
