"""The governments a phrase names: subjects, joint parties, elliptical conjuncts.

Read by attribution (who speaks, whose stance) and by the detectors: a subject phrase's
government through registry forms, both parties of a joint subject, and whether a verb is
a military action rather than a policy act.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from briefing.classify import syntax
from briefing.classify.lexicon import Cues
from briefing.nlp.actors import ArticleActors, gov_spans, noun_phrase


def government_subject(tok: Token, actors: ArticleActors) -> str | None:
    """Return the government a subject phrase names through registry forms, if any.

    People, non-government roles (companies, analysts) and organisations that the
    registry does not know are not governments.
    """
    phrase = noun_phrase(tok, restrict_location=True)
    if any(t.ent_type_ == "PERSON" for t in phrase):
        return None
    if actors.is_non_government(phrase):
        return None
    ids = {t.i for t in phrase}
    hits = [g for g in gov_spans(tok.doc) if g.root.i in ids]
    if not hits:
        return None
    head_is_gov = any(g.start <= tok.i < g.end for g in hits)
    if not head_is_gov and not actors.is_speaker_noun(tok):
        return None
    return min(hits, key=lambda g: abs(g.root.i - tok.i)).kb_id_


def both_parties(tok: Token, cues: Cues) -> bool:
    """Whether a phrase names both parties: "the two countries", "both sides", a joint statement."""
    if any(c.lower_ in cues.of("joint_modifiers") for c in tok.children):
        return True
    nouns, both = cues.of("party_nouns"), cues.of("both_words")
    return any(
        t.lower_ in nouns and any(c.lower_ in both for c in t.children) for t in noun_phrase(tok)
    )


def government_subjects(
    tok: Token, actors: ArticleActors, cues: Cues, pair: Sequence[str] = ()
) -> list[str]:
    """Every government of a subject, conjuncts included ("Mexican and US officials")."""
    codes: list[str] = []
    if len(pair) == 2 and all(pair) and both_parties(tok, cues):
        return list(pair)
    for part in (tok, *tok.conjuncts):
        code = government_subject(part, actors)
        if code is None and (part.ent_type_ == "PERSON" or part.pos_ == "PROPN"):
            record = actors.peek(part, part.sent)  # "A's minister and B's minister"
            code = record.final_government() if record is not None else None
        if code and code not in codes:
            codes.append(code)
    if actors.is_speaker_noun(tok):
        modifiers = [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod", "poss")]
        heads = {t.i for m in modifiers for t in (m, *m.conjuncts)}
        for g in gov_spans(tok.doc):
            if g.root.i in heads and g.kb_id_ not in codes:
                codes.append(g.kb_id_)
    return codes


def elliptical_parties(verb: Token, sent: Span, actors: ArticleActors) -> list[str]:
    """Parties of elliptical conjuncts: "X accepted it, but Y 'unfortunately not'"."""
    codes: list[str] = []
    for conj in verb.children:
        if conj.dep_ != "conj" or conj.pos_ in ("VERB", "AUX"):
            continue
        for n in conj.children:
            if n.dep_ in ("nsubj", "npadvmod", "dep", "nmod") and n.pos_ in ("PROPN", "NOUN"):
                code = government_subject(n, actors)
                if code is None:
                    record = actors.peek(n, sent)
                    code = record.final_government() if record is not None else None
                if code and code not in codes:
                    codes.append(code)
    return codes


def kinetic(verb: Token, subj: Token | None, cues: Cues) -> bool:
    """A military action (airstrikes, shelling) rather than a policy act (guidelines rule C)."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
    if any(o.lemma_.lower() in cues.kinetic_objects for o in objects):
        return True
    return subj is not None and subj.lemma_.lower() in cues.military_subjects


def main_subject_government(sent: Span, actors: ArticleActors) -> str | None:
    """The government of the main clause's subject, whatever its verb ("Britain named ...").

    Registry forms first, then a known person's government (looked up without making
    them the latest speaker). Evidence for the learned scorer, not a speaker.
    """
    subj = syntax.subject(sent.root)
    if subj is None:
        return None
    code = government_subject(subj, actors)
    if code is None and (subj.ent_type_ == "PERSON" or subj.pos_ == "PROPN"):
        record = actors.peek(subj, sent)
        code = record.government if record is not None else None
    return code
