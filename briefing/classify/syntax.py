"""The syntax questions the classifier asks of a spaCy parse, in one place.

"What is this verb's subject?", "is it passive?", "which clause does it report?",
"is this a main or a subordinate clause?", "does it carry a future marker?" — each a small
pure function over spaCy tokens. They read the English dependency scheme of spaCy's
pipelines (``nsubj``, ``ccomp`` ...); the English words they need come from ``Cues``, so
another language's pipeline plugs in by replacing this module and the lexicons.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc, Span, Token

from briefing.classify.lexicon import Cues

#: Dependency labels of subjects.
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
#: Dependency labels of subordinate clauses.
SUBORDINATE_DEPS = frozenset({"advcl", "relcl", "acl", "pcomp", "csubj"})
#: Opening quotation marks.
QUOTE_OPEN = "\"“‘'«"
#: Sentence ends inside a closing quotation mark.
QUOTE_ENDS = (".'", ".’", ".”", "?'", "?’", "?”", "!'", "!’", "!”", '."', '?"', '!"')
_OPENING_QUOTE = re.compile(r"(?:^|[\s:,(])[\"“‘']\s*\S")
_FOUR_DIGIT_YEAR = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b")


#: Penn tags of a finite verb: a tensed verb or a modal.
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def is_verb(tok: Token) -> bool:
    """Whether a token is a verb or an auxiliary."""
    return tok.pos_ in ("VERB", "AUX")


def is_past_tense(tok: Token) -> bool:
    """Whether a token is a verb in the simple past ("said", "met")."""
    return tok.tag_ == "VBD"


def is_present_tense(tok: Token) -> bool:
    """Whether a token is a verb in the simple present ("meet", "meets")."""
    return tok.tag_ in ("VBP", "VBZ")


def is_participle(tok: Token) -> bool:
    """Whether a token is a past participle ("set", "scheduled")."""
    return tok.tag_ == "VBN"


def is_modal(tok: Token) -> bool:
    """Whether a token is a modal auxiliary ("will", "could")."""
    return tok.tag_ == "MD"


def is_finite(tok: Token) -> bool:
    """Whether a token is a finite verb: tensed, or a modal."""
    return tok.tag_ in FINITE_TAGS


def is_negation(tok: Token) -> bool:
    """Whether a token is a negation ("not", "n't", "never" as ``neg``)."""
    return tok.dep_ == "neg"


def modal_of(verb: Token) -> Token | None:
    """Return the modal auxiliary of a verb ("will" in "will respond"), or None."""
    return next((c for c in verb.children if is_modal(c)), None)


class _View:
    """What one walk of a sentence found, for the detectors that read it one after another."""

    __slots__ = ("doc", "end", "ents", "start", "verbs")

    def __init__(self, sent: Span) -> None:
        self.doc, self.start, self.end = sent.doc, sent.start, sent.end
        self.verbs = tuple(_walk_verbs(sent))
        self.ents: tuple[Span, ...] | None = None  # the Doc's entities, once asked for


#: The sentence ``sentence_view`` is open for.
_VIEW: contextvars.ContextVar[_View | None] = contextvars.ContextVar("sentence_view", default=None)


@contextlib.contextmanager
def sentence_view(sent: Span) -> Iterator[None]:
    """While the detectors read one sentence, walk it once, not in each of them.

    The attribution pass and the detectors each ask for the sentence's verbs (about five
    times a sentence) and its entities (``historical`` three times); inside this block
    ``verbs_of(sent)`` gives the list the first walk found, and the entity questions of
    this module read the Doc's entities once. The parse must not change inside the block.
    """
    token = _VIEW.set(_View(sent))
    try:
        yield
    finally:
        _VIEW.reset(token)


def _walk_verbs(sent: Span) -> Iterator[Token]:
    return (t for t in sent if is_verb(t))


def verbs_of(sent: Span) -> list[Token]:
    """The verbs and auxiliaries of a sentence, in order."""
    view = _VIEW.get()
    if (
        view is not None
        and view.doc is sent.doc
        and (view.start, view.end) == (sent.start, sent.end)
    ):
        return list(view.verbs)
    return list(_walk_verbs(sent))


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, made once per sentence inside ``sentence_view`` (each call makes Spans)."""
    view = _VIEW.get()
    if view is None or view.doc is not doc:
        return tuple(doc.ents)
    if view.ents is None:
        view.ents = tuple(doc.ents)
    return view.ents


def ents_in(span: Span) -> list[Span]:
    """``span.ents``: the entities that fall completely within the span (spaCy's test)."""
    out = []
    for ent in doc_ents(span.doc):
        if ent.start >= span.start:
            if ent.end > span.end:
                break
            out.append(ent)
    return out


def subject(verb: Token) -> Token | None:
    """Return the active subject of a verb, inherited from the head verb for conjoined verbs."""
    for _ in range(3):
        for child in verb.children:
            if child.dep_ == "nsubj":
                return child
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            return None
        if verb.dep_ in ("conj", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
            verb = verb.head
        else:
            break
    return None


def passive_subject(verb: Token) -> Token | None:
    """The subject of a passive verb ("talks are scheduled": talks)."""
    return next((c for c in verb.children if c.dep_ == "nsubjpass"), None)


def is_passive(verb: Token) -> bool:
    """Whether a verb is passive."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def agent(verb: Token) -> Token | None:
    """Return the object of a passive verb's "by" agent ("stated by X")."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def speaker_token(verb: Token) -> Token | None:
    """The phrase that speaks through a speech verb: its subject, or its passive agent.

    A participle without a subject of its own speaks for the phrase it hangs from: the
    subject of the verb it follows ("X left early, saying ...") or the noun it describes
    ("a letter saying ...").
    """
    if is_passive(verb):
        return agent(verb)
    subj = nearest_subject(verb) or subject(verb)
    if subj is None and verb.tag_ in FINITE_TAGS:
        return orphan_speaker(verb)
    if subj is not None or verb.tag_ != "VBG":
        return subj
    while verb.dep_ == "conj" and verb.head.tag_ == "VBG":
        verb = verb.head  # "..., trashing X and accusing him of ...": the first participle
    if verb.dep_ == "advcl" and verb.head.pos_ in ("VERB", "AUX"):
        return subject(verb.head)  # the main clause's subject, if the head has one
    if noun_participle(verb):
        return verb.head
    return None


def _after_quote_or_comma(verb: Token) -> bool:
    """Whether a verb comes right after a closing quotation mark or a comma ("...,' said")."""
    return verb.i > verb.sent.start and verb.doc[verb.i - 1].tag_ in ("''", ",", "``")


def nearest_subject(verb: Token) -> Token | None:
    """The verb's own subject nearest to it, when the parser gave it several.

    "Nothing X said will help, the senator said" can come out with two subjects of the
    last "said" (the quotation's first word and "senator"), as can "'...,' said Jane Roe":
    the one after a verb that follows a quotation or a comma speaks (the inverted "said
    Jane Roe"), else the last one before the verb that is no quoted title nor a floating
    determiner ("the leaders ... both suggested").
    """
    own = [c for c in verb.children if c.dep_ == "nsubj"]
    if len(own) < 2:
        return own[0] if own else None
    after = [c for c in own if c.i > verb.i]
    if after and _after_quote_or_comma(verb):  # "'...,' said Jane Roe"
        return after[0]
    before = [c for c in own if c.i < verb.i and not _quoted_title(c) and c.pos_ != "DET"]
    return before[-1] if before else own[0]


def _quoted_title(tok: Token) -> bool:
    """Whether a token is a title in quotation marks ("star of 'Scandal,'")."""
    start = tok.left_edge.i
    return tok.doc[start].tag_ == "``" or (
        start > tok.sent.start and tok.doc[start - 1].tag_ == "``"
    )


def orphan_speaker(verb: Token) -> Token | None:
    """The speaker of a finite verb the parser left without a subject, if one is plain.

    "Majorities of voters going to the polls say ..." parsed with "say" hanging from
    "going" (``dep``): the head's subject speaks. "..., Jane Roe, the minister, wrote"
    parsed with the name as an apposition of the words before: the name whose phrase
    ends right before the verb (nothing but punctuation between) speaks. "'...,' said
    Jane Roe, who ..." parsed with the name as the subject of a later verb: the name right
    after the verb speaks.
    """
    if verb.dep_ == "dep" and verb.head.i != verb.i:
        found = subject(verb.head)
        if found is not None and found.i < verb.i:
            return found
    doc = verb.doc
    after = next(
        (e for e in ents_in(verb.sent) if e.label_ == "PERSON" and e.start == verb.i + 1), None
    )
    if after is not None and _after_quote_or_comma(verb):
        return after.root  # "'...,' said Jane Roe, who ...": the name after the verb
    for ent in reversed([e for e in doc_ents(doc) if e.label_ == "PERSON" and e.end <= verb.i]):
        gap = doc[ent.root.right_edge.i + 1 : verb.i]
        if ent.root.right_edge.i < verb.i and all(t.is_punct for t in gap):
            return ent.root if ent.sent.start == verb.sent.start else None
        break
    return None


def complement(verb: Token) -> Token | None:
    """Return the head of the clause reported by a speech verb."""
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp"):
            return child
    for child in verb.children:
        if child.dep_ == "parataxis":
            return child
    if verb.dep_ in ("parataxis", "advcl", "ccomp") and verb.head.pos_ in ("VERB", "AUX"):
        return verb.head  # "..., he said." parsed with the quote as head
    return None


def reported_clause(verb: Token | None) -> Token | None:
    """The reported clause of a speech verb, unless the verb is its own head."""
    if verb is None:
        return None
    clause = complement(verb)
    return None if clause is None or clause.i == verb.i else clause


def main_participle(verb: Token) -> bool:
    """A participle without a subject after a main clause ("X left, saying ...")."""
    return (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBG"
        and subject(verb) is None
        and verb.head.dep_ == "ROOT"
    )


def noun_participle(verb: Token) -> bool:
    """A participle describing the noun before it, with no subject ("a letter saying ...")."""
    return (
        verb.dep_ == "acl"
        and verb.tag_ == "VBG"
        and verb.head.pos_ in ("NOUN", "PROPN")
        and subject(verb) is None
    )


def clause_level(tok: Token, sent: Span) -> str:
    """Return "main" for verbs of the main clause, "complement" or "sub" otherwise."""
    cur = tok
    while cur.dep_ == "conj" and cur.head is not cur:
        cur = cur.head
    if cur.dep_ in ("ROOT", "parataxis") or cur.i == sent.root.i:
        return "main"
    if cur.dep_ in ("ccomp", "xcomp") and cur.head.dep_ in ("ROOT", "conj"):
        return "complement"
    if cur.dep_ == "acl" and any(c.dep_ == "mark" and c.lower_ == "that" for c in cur.children):
        return "complement"  # "the fact that X will be invited"
    return "sub"


def has_marker(verb: Token, words: frozenset[str]) -> bool:
    """Whether a verb has a subordinating ``mark`` child among ``words`` ("as")."""
    return any(c.dep_ == "mark" and c.lower_ in words for c in verb.children)


def negated(verb: Token) -> bool:
    """Whether a verb has a negation child."""
    return any(is_negation(c) for c in verb.children)


def in_relative_clause(verb: Token) -> bool:
    """Whether a verb sits inside a relative or adnominal clause ("who they said")."""
    return any(a.dep_ in ("relcl", "acl") for a in (verb, *verb.ancestors))


def first_person_inside(verb: Token, verbs: list[Token], cues: Cues) -> bool:
    """Whether a first-person speech verb sits inside a quotation ("I say to X ...")."""
    subj = subject(verb)
    if subj is None or subj.lower_ not in cues.of("first_person"):
        return False
    before = subj.doc.text[subj.sent.start_char : subj.idx]
    quoted = _OPENING_QUOTE.search(before) is not None
    return quoted or any(v.i != verb.i and verb in v.subtree for v in verbs)


def is_past(verb: Token, cues: Cues) -> bool:
    """A verb of a past event: past tense or participle, or a past auxiliary."""
    return verb.tag_ in ("VBD", "VBN") or any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in cues.of("past_auxiliaries")
        for c in verb.children
    )


def root_is_past(sent: Span) -> bool:
    """Whether the sentence's root is in the past tense."""
    return sent.root.tag_ in ("VBD", "VBN") or any(
        c.dep_ == "aux" and c.tag_ == "VBD" for c in sent.root.children
    )


def future_of(verb: Token, cues: Cues) -> tuple[str, Token]:
    """Describe the future marker on a verb ("will", "is due to") and the action verb.

    Returns ("", verb) when the verb carries no future marker.
    """
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass") and child.lower_ in cues.future_aux:
            return f"'{child.text} {verb.text}'", verb
    head = verb.head
    if verb.dep_ == "xcomp" and head.lower_ in cues.future_frames:
        return f"'{head.text} to {verb.text}'", verb
    if verb.dep_ == "xcomp" and head.lemma_ in cues.of("intention_verbs") and head.tag_ != "VBD":
        return f"'{head.text} to {verb.text}'", verb
    if (
        verb.dep_ == "xcomp"
        and head.lower_ in cues.of("present_be")
        and _to_infinitive(verb)
        and not _aim_subject(head, cues)
    ):
        return f"'{head.text} to {verb.text}'", verb
    for child in verb.children:
        if child.dep_ == "acomp" and child.lower_ in cues.future_frames:
            action = next(
                (g for g in child.children if g.dep_ == "xcomp" and g.pos_ in ("VERB", "AUX")), None
            )
            if action is not None:
                return f"'{child.text} to {action.text}'", action
    return "", verb


def _aim_subject(be: Token, cues: Cues) -> bool:
    """The subject of "be to" names an aim ("the plan is to"), or there is none."""
    if any(c.dep_ in ("acomp", "attr") for c in be.children):
        return True  # "is necessary to", "is a way to"
    subj = next((c for c in be.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    return subj is None or subj.lemma_.lower() in cues.of("purpose_nouns")


def _to_infinitive(verb: Token) -> bool:
    """A bare verb after "to": "(are) to reopen"."""
    return verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def time_words(span: Iterable[Token], cues: Cues) -> list[str]:
    """Words placing an action in the future: "soon", "next week", "in the coming days".

    Adjectives count only before a noun ("coming days"), so "is coming to London" does not;
    a time word before a preposition of place ("next to") places something in space.
    """
    found = []
    for t in span:
        if t.lower_ not in cues.time_words:
            continue
        if t.pos_ in ("VERB", "AUX"):
            continue
        if t.pos_ == "ADJ" and not (t.dep_ == "amod" and t.head.pos_ == "NOUN"):
            continue
        after = t.nbor(1) if t.i + 1 < len(t.doc) else None
        if after is not None and after.lower_ in cues.of("spatial_prepositions"):
            continue  # "sits next to the shipping lane"
        found.append(t.text)
    return found


def dated(tokens: Span | list[Token], cues: Cues) -> list[str]:
    """Day or month expressions ("on Thursday", "in September") among the tokens."""
    seen = {t.i for t in tokens}
    doc = next(iter(tokens)).doc if seen else None
    if doc is None:
        return []
    past = cues.of("past_markers")
    return [
        e.text
        for e in doc_ents(doc)
        if e.label_ in ("DATE", "TIME")
        and e.root.i in seen
        and cues.day_or_month.search(e.text)
        and not any(w.lower() in past for w in re.findall(r"\w+", e.text))
    ]


def historical(span: Span, cues: Cues) -> bool:
    """Whether a sentence is dated to history: a four-digit year, "decades", "century"."""
    words = cues.of("historical_words")
    for e in ents_in(span):
        if e.label_ != "DATE":
            continue
        if _FOUR_DIGIT_YEAR.search(e.text):
            return True
        if any(w.lower() in words for w in re.findall(r"\w+", e.text)):
            return True
    return False


def duration(text: str, cues: Cues) -> bool:
    """Whether a date expression is a duration ("three years")."""
    units = cues.of("duration_units")
    return any(w.lower() in units for w in re.findall(r"\w+", text))


def opens_quotation_after_colon(sent: Span) -> Token | None:
    """The colon token of "X said: '...'" when a quotation opens right after it."""
    colon = next((t for t in sent if t.text == ":"), None)  # not "6:00" or a URL's colon
    if colon is None:
        return None
    after = sent.doc[colon.i + 1 : sent.end].text.lstrip()
    return colon if after[:1] in QUOTE_OPEN else None


def quote_open_after(text: str, open_quote: bool) -> bool:
    """Track whether a double quotation is still open after this sentence."""
    for ch in text:
        if ch == "“":
            open_quote = True
        elif ch == "”":
            open_quote = False
        elif ch == '"':
            open_quote = not open_quote
    return open_quote


def name_label(sent: Span) -> Span | None:
    """The person named as a speaker label before a colon opening the sentence.

    "Jane Roe: We will ..." names Jane Roe: the words before the colon are one person
    entity (a title before it allowed, as in "Sen. Jane Roe:"), and text follows the colon.
    """
    colon = next((t for t in sent if t.text == ":"), None)
    if colon is None or colon.i + 1 >= sent.end:
        return None
    person = next((e for e in ents_in(sent) if e.label_ == "PERSON" and e.end == colon.i), None)
    if person is None or person.start < sent.start:
        return None
    before = sent.doc[sent.start : person.start]
    if any(t.pos_ not in ("PROPN", "PUNCT") for t in before) or len(before) > 2:
        return None
    return person


def opening_view_of(sent: Span, prepositions: frozenset[str]) -> Token | None:
    """Whose view a sentence states when it opens "To X, ..." ("To Roe, the deal failed").

    The preposition opens the sentence, hangs from its root, and its object is followed
    by a comma; the object is returned (the caller decides whether it names someone).
    """
    first = sent[0]
    if first.lower_ not in prepositions or first.dep_ != "prep" or first.head.i != sent.root.i:
        return None
    pobj = next((c for c in first.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.right_edge.i + 1 >= sent.end:
        return None
    return pobj if sent.doc[pobj.right_edge.i + 1].text == "," else None
