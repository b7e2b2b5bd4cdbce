"""Noun phrases and the registry evidence inside them, for resolving speakers.

Pure functions over parsed tokens: the noun phrase of a speaker's head word, the name
around a proper noun, the registry forms (``gov_spans``) and role words (``role_spans``)
a phrase holds, and the government title in it or right before a name. The word lists
here are the grammar of speaker phrases (dependency labels, pronouns, document nouns);
``ArticleActors`` (``briefing.nlp.actors``) uses them to resolve speakers.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from spacy.tokens import Doc, Span, Token

from briefing.nlp.components import GOV_SPANS, ROLE_SPANS

#: Dependency labels that keep a token inside the noun phrase of its head.
NP_DEPS = frozenset(
    {
        "compound",
        "amod",
        "poss",
        "appos",
        "flat",
        "nmod",
        "det",
        "case",
        "punct",
        "nummod",
        "npadvmod",
        "prep",
        "pobj",
        "cc",
        "conj",
        "quantmod",
        "advmod",
    }
)
#: Prepositions whose object still describes the speaker ("spokesman for the Kremlin").
NP_PREPS = frozenset({"of", "for", "from", "in", "at", "to"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
GROUP_PRONOUNS = frozenset({"they", "them", "their", "we", "us", "our", "it", "its", "one"})
#: Group pronouns a person may speak with, for their side ("we will not accept it").
WE = frozenset({"we", "us", "our"})
#: Possessives by which a body belongs to a country named before ("its foreign ministry").
BODY_POSSESSIVES = frozenset({"its"})
#: Registry kinds that name a country (or a body) that can own a ministry or an embassy.
OWNER_KINDS = frozenset({"name", "alias", "capital", "seat"})
DOCUMENT_NOUNS = frozenset(
    {
        "letter",
        "statement",
        "document",
        "communique",
        "communiqué",
        "note",
        "message",
        "notice",
        "release",
        "readout",
        "memo",
        "announcement",
    }
)
ISSUING_VERBS = frozenset(
    {"issue", "release", "publish", "send", "write", "draft", "deliver", "hand", "sign", "post"}
)
#: Singular nouns for one person who speaks ("an official from the South ... he added").
PERSON_NOUNS = frozenset(
    {
        "official",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "minister",
        "source",
        "diplomat",
        "envoy",
        "ambassador",
        "negotiator",
        "adviser",
        "advisor",
        "secretary",
        "president",
        "leader",
        "officer",
        "representative",
        "aide",
        "premier",
        "chancellor",
        "commander",
    }
)
#: Parts of speech of a phrase that can speak without naming an actor ("critics", "I").
BARE_SPEAKER_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
#: Nouns naming the other side's people ("his Chinese counterpart", "South Koreans").
COUNTERPARTS = frozenset(
    {
        "counterpart",
        "counterparts",
        "leader",
        "leaders",
        "people",
        "peoples",
        "citizen",
        "citizens",
        "side",
        "authorities",
        "delegation",
        "government",
        "team",
    }
)
#: Words that take a title away: "a former US ambassador" no longer speaks for the state.
FORMER = frozenset({"former", "formerly", "retired", "ex", "onetime", "erstwhile", "ex-"})
#: Words of ministries and offices ("Foreign Affairs secretary"), not company names.
OFFICE_WORDS = frozenset(
    {
        "foreign",
        "affairs",
        "defence",
        "defense",
        "interior",
        "state",
        "home",
        "external",
        "trade",
        "finance",
        "justice",
        "security",
        "cabinet",
        "presidential",
        "prime",
        "national",
        "general",
        "chief",
        "deputy",
        "vice",
        "senior",
        "military",
        "armed",
        "army",
        "navy",
    }
)
#: Registry kinds that name an official body, stronger than a role word around them.
OFFICIAL_KINDS = frozenset({"institution", "seat", "media", "person", "title"})
#: Registry kinds that name a body speaking for a government, not just a nationality.
BODY_KINDS = frozenset(
    {"institution", "seat", "media", "person", "title", "capital", "name", "alias"}
)
#: Registry kinds that, as the head of a speaker's phrase, name the speaker itself.
HEAD_KINDS = frozenset({"name", "alias", "capital", "seat"})
#: Kinds of registry forms, strongest evidence first.
KIND_RANK = {
    "person": 0,
    "institution": 1,
    "seat": 1,
    "media": 2,
    "demonym": 3,
    "people": 3,
    "name": 3,
    "alias": 3,
    "capital": 4,
}


def gov_spans(doc: Doc) -> list[Span]:
    """Return the registry matches of a Doc (empty when the matcher did not run)."""
    return list(doc.spans[GOV_SPANS]) if GOV_SPANS in doc.spans else []


def role_spans(doc: Doc) -> list[Span]:
    """Return the role-word matches of a Doc."""
    return list(doc.spans[ROLE_SPANS]) if ROLE_SPANS in doc.spans else []


SPEAKER_NOUNS = frozenset(
    {
        "official",
        "officials",
        "source",
        "sources",
        "diplomat",
        "diplomats",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "minister",
        "ministers",
        "ambassador",
        "envoy",
        "representative",
        "delegation",
        "head",
        "chief",
        "team",
        "authorities",
        "government",
    }
)


OBJECT_DEPS = frozenset({"dobj", "pobj", "iobj", "dative"})
#: Prepositions whose object is the party addressed ("offered talks to India", "met with").
#: Where a speaker speaks ("said in Canberra"), by registry kind: how much it votes for that
#: government (a capital more than a country's name, where foreign visitors speak too).
LOCATION_VOTES = {"capital": 2.0, "name": 1.0}
ADDRESSING_PREPS = frozenset({"to", "with", "against", "toward", "towards", "on", "at", "from"})


def vote_weight(obj: Token, verb: Token | None) -> float:
    """How much a party named as an object says about the speaker's counterpart.

    The object of the speaker's own verb counts most; one in an adverbial or relative
    clause ("killed while trying to defect to the North") counts least.
    """
    if verb is not None and governing_verb(obj) == verb:
        return 2.0
    for anc in obj.ancestors:
        if verb is not None and anc == verb:
            break
        if anc.dep_ in ("advcl", "relcl", "acl"):
            return 0.5
    return 1.0


def governing_verb(tok: Token) -> Token | None:
    """The nearest verb above a token."""
    for anc in tok.ancestors:
        if anc.pos_ in ("VERB", "AUX"):
            return anc
    return None


def noun_phrase(head: Token, *, restrict_location: bool = False) -> list[Token]:
    """Return the tokens of the noun phrase headed by ``head``, without clauses.

    Relative and adverbial clauses are left out ("X, who met Russian officials,"
    must not make X Russian); an agent of a participle is kept ("the letter sent by
    the ruling party"). With ``restrict_location``, "in"/"at" phrases are kept only
    after speaker nouns ("officials in Islamabad", not "talks in Brussels").
    """
    out: list[Token] = []
    stack = [head]
    while stack:
        tok = stack.pop()
        out.append(tok)
        for child in tok.children:
            if child.dep_ in NP_DEPS:
                if child.dep_ == "prep" and child.lower_ not in NP_PREPS:
                    continue
                if (
                    restrict_location
                    and child.dep_ == "prep"
                    and child.lower_ in ("in", "at")
                    and tok.lower_ not in SPEAKER_NOUNS
                ):
                    continue
                stack.append(child)
            elif child.dep_ == "acl":
                stack.extend(c for c in child.children if c.dep_ == "agent")
            elif child.dep_ == "pobj" or (tok.dep_ == "agent" and child.dep_ == "pobj"):
                stack.append(child)
    return sorted(out, key=lambda t: t.i)


def person_phrase(root: Token) -> list[Token]:
    """The noun phrase around a name, climbing to the title it is apposed to.

    "Russia's envoy, Kirill Dmitriev" and "the EU High Representative Josep Borrell"
    describe the person through the head noun the name hangs from.
    """
    head = root
    while (
        head.dep_ in ("appos", "compound", "flat")
        and head.head.pos_ in ("NOUN", "PROPN")
        and head.head.i != head.i
    ):
        head = head.head
    return noun_phrase(head)


def names_the_head(name: Span, head: Token) -> bool:
    """Whether a person's name in a speaker phrase names the phrase's head.

    The name holds the head, or is apposed to it ("the press secretary, Jane Roe"),
    possibly as part of a longer name ("Senator Jane Roe"). A name inside a
    prepositional phrase ("supporters of Jane Roe", "attorneys for Roe"), a possessive
    ("Roe's spokesman") or a modifier of a common noun ("a Roe supporter", "Roe
    spokesman John Doe") is someone else: the phrase speaks for its own head.
    """
    if name.start <= head.i < name.end:
        return True
    tok = name.root
    while tok.i != head.i:
        parent = tok.head
        if parent.i == tok.i:
            return False
        if tok.dep_ in ("appos", "flat") or (tok.dep_ == "compound" and parent.pos_ == "PROPN"):
            tok = parent
            continue
        return False
    return True


def in_role_span(tok: Token) -> bool:
    """Inside a role-word match (a title, an institution, a non-government role)."""
    return any(r.start <= tok.i < r.end for r in role_spans(tok.doc))


def in_gov_span(tok: Token, govs: list[Span]) -> bool:
    """Inside one of the registry forms ``govs``."""
    return any(g.start <= tok.i < g.end for g in govs)


def in_body_span(tok: Token, govs: list[Span]) -> bool:
    """Inside a registry form that is not a person's name (a country, a ministry)."""
    return any(g.start <= tok.i < g.end and g.label_ != "person" for g in govs)


def person_antecedent(pronoun: Token, govs: list[Span]) -> Span | None:
    """The person a personal pronoun stands for when its paragraph names one first.

    "Jane Roe is not worried, she said": the nearest person entity before the pronoun in
    its document (a paragraph) that is the subject of its clause and not part of a
    country's name. Other pronouns, and no such person before the pronoun, give None.
    """
    if pronoun.lower_ not in PERSON_PRONOUNS:
        return None
    before = [e for e in pronoun.doc.ents if e.label_ == "PERSON" and e.end <= pronoun.i]
    for ent in reversed(before):
        if ent.root.dep_ in ("nsubj", "nsubjpass") and not in_body_span(ent.root, govs):
            return ent
    return None


def sentence_person(pronoun: Token, sent: Span, govs: list[Span]) -> Span | None:
    """The person a personal pronoun stands for when its own sentence names one first.

    "Roe praised the plan, but she said it came late": the nearest person entity before
    the pronoun in the sentence that is the subject of its clause, outside quotations
    (the "he" of "'He will lose,' she said" is someone else). It beats the last speaker.
    """
    if pronoun.lower_ not in PERSON_PRONOUNS:
        return None
    quotes = 0
    found: Span | None = None
    for tok in sent.doc[sent.start : pronoun.i]:
        if tok.tag_ in ("``", "''") or tok.text in ('"', "“", "”"):
            quotes += 1
            if quotes == 1 and (tok.tag_ == "''" or tok.text == "”"):
                found, quotes = None, 0  # the sentence opened inside a quotation
        elif quotes % 2 == 0 and tok.ent_type_ == "PERSON" and tok.dep_ in ("nsubj", "nsubjpass"):
            ent = next((e for e in sent.ents if e.start <= tok.i < e.end), None)
            if ent is not None and not in_body_span(ent.root, govs):
                found = ent
    return found


def propn_name(head: Token) -> Span | None:
    """The proper name around a PROPN head the NER missed ("Witkoff", "Le Drian")."""
    ids = [head.i] + [
        c.i for c in head.children if c.dep_ in ("compound", "flat") and c.pos_ == "PROPN"
    ]
    start, end = min(ids), max(ids) + 1
    span = head.doc[start:end]
    return span if span.text[:1].isupper() else None


def government_in(
    phrase: list[Token], govs: list[Span], exclude: Span | None = None
) -> tuple[str, str] | None:
    """Return (code, kind) of the strongest registry form inside the phrase.

    A country named as the owner of a body ("Pakistan's Foreign Office") wins over
    the body's registry entry when the two disagree.
    """
    ids = {t.i for t in phrase}
    hits = [
        g
        for g in govs
        if g.root.i in ids and (exclude is None or not (exclude.start <= g.start < exclude.end))
    ]
    if not hits:
        return None
    heads = [t for t in phrase if t.head.i not in ids or t.head.i == t.i]
    own = [g for g in hits if heads and g.label_ in HEAD_KINDS and g.start <= heads[0].i < g.end]
    if own:  # "Wellington, Ruritania's main ally,": the head names the speaker
        return own[0].kb_id_, own[0].label_
    best = min(hits, key=lambda g: (KIND_RANK.get(g.label_, 9), abs(g.root.i - phrase[0].i)))
    if best.label_ in ("institution", "seat"):
        owner = next(
            (
                g
                for g in hits
                if g.kb_id_ != best.kb_id_
                and g.label_ in ("name", "alias", "demonym")
                and g.root.dep_ in ("poss", "amod", "compound", "nmod")
                and g.root.head.i in range(best.start, best.end)
            ),
            None,
        )
        if owner is not None:
            return owner.kb_id_, owner.label_
    return best.kb_id_, best.label_


def title_in(phrase: list[Token], titles: AbstractSet[str]) -> str | None:
    """Return the government title inside the phrase, lower-cased ("foreign minister")."""
    words = [t.lower_ for t in phrase]
    best: str | None = None
    for size in (4, 3, 2, 1):
        for i in range(len(words) - size + 1):
            cand = " ".join(words[i : i + size]).replace(" - ", "-")
            if cand in titles and (best is None or len(cand) > len(best)):
                best = cand
        if best:
            return best
    return None


def titled_names(sent: Span, titles: AbstractSet[str]) -> list[Span]:
    """Names the tagger did not take for people, given a government title.

    A run of two or more capitalised proper nouns whose head has an appositive holding a
    government title ("Jan Novak, the Ruritanian trade minister,"), or the proper nouns
    after a title that opens the run ("King Jan IV"), are a person whatever entity label
    the tagger gave them (a place, or none).
    """
    out: list[Span] = []
    for tok in sent:
        if tok.pos_ != "PROPN" or tok.dep_ == "compound" or tok.ent_type_ == "PERSON":
            continue
        start = tok.i
        while start > sent.start and sent.doc[start - 1].dep_ == "compound":
            start -= 1
        lead = _leading_title(sent.doc[start : tok.i + 1], titles)
        apposed = any(c.dep_ == "appos" and title_in(list(c.subtree), titles) for c in tok.children)
        if not lead and not apposed:
            continue
        name = sent.doc[start + lead : tok.i + 1]
        if len(name) >= (1 if lead else 2) and all(
            t.pos_ == "PROPN" and t.text[:1].isupper() for t in name
        ):
            out.append(name)
    return out


def _leading_title(run: Span, titles: AbstractSet[str]) -> int:
    """How many of a run's first words are a title ("King" of "King Jan Novak"), or 0."""
    words = [t.lower_ for t in run]
    for size in range(min(4, len(words) - 1), 0, -1):
        if " ".join(words[:size]) in titles:
            return size
    return 0


def adjacent_title(name: Span, titles: AbstractSet[str]) -> str | None:
    """Return the title written right before a name ("Consul-General Xue Jian")."""
    doc = name.doc
    words = [t.lower_ for t in doc[max(0, name.start - 5) : name.start]]
    for size in range(min(5, len(words)), 0, -1):
        cand = " ".join(words[-size:]).replace(" - ", "-")
        if cand in titles:
            return cand
    return None


def government_before_title(name: Span, title: str, govs: list[Span]) -> tuple[str, str] | None:
    """The country written right before a name's title ("Ruritania Prime Minister X").

    The words before the name are the title, and before those a registry name, alias or
    demonym: the title is that country's, however the parser attached the words.
    """
    start = name.start - len(title.replace("-", " - ").split())
    for g in govs:
        if g.end == start and g.label_ in ("name", "alias", "demonym"):
            return g.kb_id_, g.label_
    return None


def role_in(phrase: list[Token]) -> str | None:
    """Return the kind of role word inside the phrase ("title", "institution", "nongov")."""
    if not phrase:
        return None
    ids = {t.i for t in phrase}
    kinds = {r.label_ for r in role_spans(phrase[0].doc) if r.root.i in ids}
    for kind in ("nongov", "institution", "title"):
        if kind in kinds:
            return kind
    return None


def is_speaker_noun(tok: Token) -> bool:
    """True for nouns that speak for a body: officials, sources, a delegation, a ministry."""
    if tok.lower_ in SPEAKER_NOUNS or tok.lemma_.lower() in SPEAKER_NOUNS:
        return True
    return any(
        r.start <= tok.i < r.end and r.label_ in ("title", "institution")
        for r in role_spans(tok.doc)
    )


def speaker_head(head: Token) -> bool:
    """True when a head noun speaks for a body: officials, a spokesman, a ministry."""
    return is_speaker_noun(head) or head.lemma_.lower() in SPEAKER_NOUNS


def context_votes(
    sent: Span, phrase: str, verb: Token | None, pair: tuple[str, ...]
) -> Iterable[tuple[str, float]]:
    """Suggest a government for a speaker without nationality from the sentence around.

    Where the speaker speaks ("told reporters in Canberra") names its country; the
    party the speaker's own verb addresses ("offered talks to India", "hosted the
    US secretary") is the other side of the pair.
    """
    doc = sent.doc
    weight: dict[str, float] = {}
    for g in gov_spans(doc):
        if not (g.start >= sent.start and g.end <= sent.end) or g.text in phrase:
            continue
        head = g.root.head
        if (
            g.label_ in LOCATION_VOTES
            and head.lower_ in {"in", "from"}
            and head.head.pos_ == "VERB"
        ):
            yield g.kb_id_, LOCATION_VOTES[g.label_]  # "told reporters in Canberra"
            return
        obj = g.root if g.root.dep_ in OBJECT_DEPS else g.root.head
        if obj.dep_ == "pobj" and obj.head.lower_ not in ADDRESSING_PREPS:
            continue
        if describes_a_place(obj):
            continue  # "in his office overlooking Asmara": a place, not a party addressed
        party = (
            obj.i in range(g.start, g.end)
            or speaker_head(obj)
            or obj.lemma_.lower() in COUNTERPARTS
            or obj.ent_type_ == "PERSON"
        )
        if obj.dep_ in OBJECT_DEPS and party:  # not "reaffirmed Philippine adherence"
            weight[g.kb_id_] = weight.get(g.kb_id_, 0.0) + vote_weight(obj, verb)
    if len(pair) == 2:
        a, b = (weight.get(c, 0.0) for c in pair)
        if a != b:
            addressed = pair[0] if a > b else pair[1]
            other = next(c for c in pair if c != addressed)
            yield other, abs(a - b)


def describes_a_place(obj: Token) -> bool:
    """An object of a participle that describes a thing ("an office overlooking X")."""
    verb = obj.head
    return (
        verb.dep_ == "acl"
        and verb.tag_ == "VBG"
        and verb.head.pos_ == "NOUN"
        and not speaker_head(verb.head)
    )


def speaks_for_other(head: Token, govs: list[Span]) -> bool:
    """A speaker noun "for"/"of" something that is not a government body or country."""
    if not speaker_head(head):
        return False
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("for", "at"):
            continue
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        while obj is not None and obj.lower_ == "one":  # "one of the largest ..."
            inner = next((c for c in obj.children if c.dep_ == "prep"), None)
            obj = next((c for c in inner.children if c.dep_ == "pobj"), None) if inner else None
        if obj is None:
            continue
        if in_gov_span(obj, govs) or speaker_head(obj) or in_role_span(obj):
            return False
        return obj.pos_ == "NOUN" and not any(
            g.start >= obj.left_edge.i
            and g.end <= obj.right_edge.i + 1
            and g.label_ in OFFICIAL_KINDS
            for g in govs
        )
    return False


def possessive_owner(head: Token) -> Span | None:
    """The country an "its" before a body stands for: the nearest one named before it.

    "Ruritania will not give them up. Its foreign ministry said ...": Ruritania's. The
    country must be named in the same sentence or the one before, ahead of the pronoun;
    a country that is a subject wins, the first of the pronoun's own sentence or else
    the last of the sentence before ("Ruritania remains open to talks, and Freedonia
    should know it, its ministry said": Ruritania's).
    """
    if not any(c.dep_ == "poss" and c.lower_ in BODY_POSSESSIVES for c in head.children):
        return None
    doc = head.doc
    sent = head.sent
    start = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    pronoun = min(c.i for c in head.children if c.dep_ == "poss")
    before = [
        g
        for g in gov_spans(doc)
        if start <= g.start and g.end <= pronoun and g.label_ in OWNER_KINDS
    ]
    subjects = [g for g in before if g.root.dep_ in ("nsubj", "nsubjpass")]
    own = [g for g in subjects if g.start >= sent.start]
    if own:
        return own[0]
    return (subjects or before)[-1] if before else None
