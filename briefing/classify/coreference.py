"""What a subject "it" stands for, when the sentence before says it plainly.

A bullet printed alone loses the sentence before it: "Although it would not ..." leaves
the reader asking what "it" is. The classic subject-preference reading of English
discourse resolves a referential subject "it" to the subject of the sentence before when
that subject is a thing (not a person, not a plural, not a government, which attribution
resolves) or an action ("Doing X aims to ..."). Only the narrowest case is read: the
pronoun opens the sentence or its first clause (nothing but conjunctions, adverbs and
punctuation before it, so no nearer antecedent sits in the sentence itself); it is not the
subject of "be" ("it was the first ..." points at an event); the sentence before is not a
report of someone's words (its subject is a source, a person); and the antecedent is short
enough to print. A wrong bracket would misquote the article, so any doubt leaves the
pronoun as it is.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from briefing.classify.lexicon import Cues

#: The longest antecedent printed in brackets, in words.
MAX_WORDS = 8
#: Tags of a singular noun that can be "it".
_SINGULAR = frozenset({"NN", "VBG"})


def subject_it(
    sent: Span, previous: Span | None, cues: Cues, people: frozenset[str] = frozenset()
) -> tuple[Token, str] | None:
    """The first referential subject "it" of ``sent`` and the words it stands for.

    Args:
        sent: a body sentence.
        previous: the body sentence before it in the article (None for the first).
        cues: the lexicons (``pleonastic_verbs``: verbs whose "it" is a dummy subject;
            ``person_nouns``: nouns of people, never "it").
        people: more nouns of people (the registry's titles and roles: "envoy").

    Returns:
        The pronoun and the antecedent's words as the article writes them (a leading
        article or capital lowered: "the agreement"), or None.
    """
    if previous is None:
        return None
    pronoun = _opening_it(sent, cues)
    if pronoun is None or _reports_words(previous, cues):
        return None
    words = antecedent(previous, people | cues.of("person_nouns"))
    return (pronoun, words) if words else None


def _reports_words(sent: Span, cues: Cues) -> bool:
    """Whether a sentence quotes or reports someone: its subjects are sources, not things.

    A verb of thought reports only as a finite verb: "fears of", "suspected members" do not.
    """
    thought = cues.of("thought_verbs")

    def reports(t: Token) -> bool:
        lemma = t.lemma_.lower()
        if lemma in thought:
            return t.pos_ == "VERB" and t.dep_ != "amod"
        return lemma in cues.speech

    return any(t.text in _QUOTES or reports(t) for t in sent)


#: Parts of speech that may come before an opening pronoun: "Although it ...", "But, it ...".
_BEFORE = frozenset({"SCONJ", "CCONJ", "ADV", "PUNCT", "PART"})


def _opening_it(sent: Span, cues: Cues) -> Token | None:
    """The subject "it" that opens the sentence or its first clause, when it refers."""
    for tok in sent:
        if tok.lower_ == "it":
            return tok if _referential_it(tok, cues) else None
        if tok.pos_ not in _BEFORE or tok.text in _QUOTES:
            return None  # a nearer antecedent may come first, or a quotation opens
    return None


def _referential_it(tok: Token, cues: Cues) -> bool:
    """A subject "it" that refers: not "it is likely that", "it seems", "it was said that"."""
    if tok.lower_ != "it" or tok.pos_ != "PRON" or tok.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = tok.head
    if verb.pos_ == "AUX" or verb.lemma_.lower() in ("be", *cues.of("pleonastic_verbs")):
        return False
    # Extraposition: the real subject is a clause after the verb ("it is clear that ...",
    # "it was agreed to ...").
    return not any(
        c.dep_ in ("ccomp", "xcomp", "csubj", "csubjpass") and c.i > verb.i for c in verb.children
    )


def antecedent(previous: Span, people: frozenset[str] = frozenset()) -> str | None:
    """The main subject of ``previous`` when it can be "it": a thing or an action.

    ``people``: lemmas of nouns of people ("envoy"), which are never "it".
    """
    root = previous.root
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")), None)
    if subj is None or subj.pos_ == "PRON" or subj.lemma_.lower() in people:
        return None
    words = list(subj.subtree)
    if words[0].i != previous.start or len(words) > MAX_WORDS:
        return None  # the subject does not open the sentence: an inversion, or a misparse
    if any(t.ent_type_ in _NAMED or t.is_punct for t in words):
        return None
    if subj.dep_ != "csubj" and (subj.tag_ not in _SINGULAR or subj.pos_ != "NOUN"):
        return None
    text = previous.doc[words[0].i : words[-1].i + 1].text
    first = words[0]
    if first.i == previous.start and first.pos_ != "PROPN":
        text = text[:1].lower() + text[1:]
    return text


#: Quotation marks: a sentence with one reports someone's words.
_QUOTES = frozenset("\"“”‘’'«»") | {"''", "``"}
#: Entity types of an antecedent left to attribution (people, governments, places) or
#: that reads badly in brackets.
_NAMED = frozenset({"PERSON", "GPE", "NORP", "ORG", "LOC", "FAC"})
