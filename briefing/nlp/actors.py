"""Who speaks for which government: resolve the speakers of an article's sentences.

Plain classes with no registration side effects. ``ArticleActors`` walks an
article's sentences in order and resolves each speaker phrase to an actor:

- a registry form inside the phrase ("the Kremlin", "China's foreign ministry",
  "Mexican President X") gives the government directly;
- a person named with a title and a nationality is learned ("US Attorney General
  William Barr"), so later bare mentions ("Barr") resolve to the same person;
- a title learned with a nationality ("the Chinese consul-general") resolves the
  same title used without one later in the article;
- pronouns and document nouns ("he", "the ministry", "the letter") resolve to the
  nearest compatible actor before them;
- a titled official with no nationality gets the government suggested by the
  evidence around them (where they speak, which party they talk about), decided
  once the whole article has been read.

The module is about 680 lines because ``ArticleActors`` is one resolver read top to
bottom; the phrase-level evidence it reads lives in ``briefing.nlp.phrases`` and its
records in ``briefing.nlp.records``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from briefing.model import Actor
from briefing.nlp.phrases import (
    BARE_SPEAKER_POS,
    BODY_KINDS,
    DOCUMENT_NOUNS,
    FORMER,
    GROUP_PRONOUNS,
    ISSUING_VERBS,
    OFFICE_WORDS,
    OFFICIAL_KINDS,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    WE,
    adjacent_title,
    context_votes,
    gov_spans,
    government_before_title,
    government_in,
    in_body_span,
    in_gov_span,
    in_role_span,
    is_speaker_noun,
    names_the_head,
    noun_phrase,
    person_antecedent,
    person_phrase,
    possessive_owner,
    propn_name,
    role_in,
    role_spans,
    sentence_person,
    speaker_head,
    speaks_for_other,
    title_in,
    titled_names,
)
from briefing.nlp.records import (
    ActorRecord,
    SpeakerRef,
    current_term,
    distinctive,
    registry_index,
    surname_index,
    text_beats_registry,
)
from briefing.nlp.registry import Person, Registry

__all__ = [
    "ActorRecord",
    "ArticleActors",
    "SpeakerRef",
    "gov_spans",
    "noun_phrase",
    "person_phrase",
    "role_spans",
]


class ArticleActors:
    """Resolve speaker phrases to actors across one article, in reading order."""

    def __init__(
        self, registry: Registry, pair: Sequence[str] | None = None, *, on: str | None = None
    ) -> None:
        self.registry = registry
        self.pair = tuple(pair) if pair else ()
        self.on = on
        self.records: list[ActorRecord] = []
        self._people: dict[str, ActorRecord] = {}
        self._titles: dict[str, str] = {}
        self._institutions: dict[str, ActorRecord] = {}
        self._recent: list[ActorRecord] = []
        self._documents: dict[str, ActorRecord] = {}
        self._bare: dict[str, ActorRecord] = {}
        self._titles_set, self._title_words, self._person_names = registry_index(registry)
        self._surnames = surname_index(registry)

    def registry_person(self, name: str) -> tuple[Person, bool] | None:
        """The registry's person of that name and whether they held office on ``self.on``."""
        terms = self._person_names.get(name.lower())
        return current_term(terms, self.on) if terms else None

    def registry_surname(self, word: str, doc: Doc) -> tuple[Person, bool] | None:
        """The registry person a bare surname names ("Mr Roe"), when the evidence agrees.

        Only a surname that one registry person alone holds, and only when the article
        names that person's government somewhere: "Roe" in an article that never
        mentions Roe's country is someone else.
        """
        terms = self._surnames.get(word.lower())
        if not terms or not any(g.kb_id_ == terms[0].government for g in gov_spans(doc)):
            return None
        return current_term(terms, self.on)

    # -- evidence in phrases (functions of briefing.nlp.phrases) -----------------------

    _in_role_span = staticmethod(in_role_span)
    _in_gov_span = staticmethod(in_gov_span)
    _in_body_span = staticmethod(in_body_span)
    _propn_name = staticmethod(propn_name)
    _government_in = staticmethod(government_in)
    _role_in = staticmethod(role_in)

    def _title_in(self, phrase: list[Token]) -> str | None:
        """The government title inside the phrase, lower-cased ("foreign minister")."""
        return title_in(phrase, self._titles_set)

    def _adjacent_title(self, name: Span) -> str | None:
        """The title written right before a name ("Consul-General Xue Jian")."""
        return adjacent_title(name, self._titles_set)

    # -- learning --------------------------------------------------------------------------

    # Complexity: each branch learns one way a text introduces a person (apposition, title,
    # possessive, demonym, former office); they share the sentence's spans.
    def learn(self, sent: Span) -> None:  # noqa: C901 - one branch a way of introducing
        """Learn the people and titles a sentence introduces with their nationality."""
        doc = sent.doc
        govs = [g for g in gov_spans(doc) if g.start >= sent.start and g.end <= sent.end]
        people = [e for e in sent.ents if e.label_ == "PERSON"]
        for ent in [*people, *titled_names(sent, self._titles_set)]:
            if self._in_body_span(ent.root, govs):
                continue  # a registry person's name is still a person: learned below
            record = self._person(ent)
            phrase = person_phrase(ent.root)
            former = any(t.lower_ in FORMER for t in phrase)
            guessed = record.resolved_by == "registry surname"  # "Roe, a local farmer,"
            if former or (
                (not record.government or guessed)
                and self.is_non_government(phrase)
                and (not record.role or guessed)
                and not self._title_in(phrase)
            ):
                if guessed:  # the surname named someone else: no registry evidence
                    record.government, record.resolved_by = None, ""
                record.role = "non-government"  # "a former US ambassador", "an analyst"
                words = doc[phrase[0].i : phrase[-1].i + 1].text if phrase else ent.text
                record.evidence = f"non-government role: '{words}'"
                continue
            gov = self._government_in(phrase, govs, exclude=ent)
            adjacent = self._adjacent_title(ent)
            if gov is None and adjacent:  # "Ruritania Prime Minister X", however parsed
                gov = government_before_title(ent, adjacent, govs)
            title = adjacent or self._title_in(phrase)
            if title and not record.role:
                record.role = title
            if (title or (gov and gov[1] == "title")) and (gov is None or gov[1] == "title"):
                record.bare_title = True  # named by title alone: the reporter's home side
            if gov and (not record.government or text_beats_registry(record, gov, title)):
                code, kind = gov
                if title or kind in {
                    "demonym",
                    "name",
                    "alias",
                    "institution",
                    "seat",
                    "people",
                    "title",
                }:
                    record.government = code
                    record.resolved_by = "title" if title else kind
                    record.role = title or record.role
                    words = doc[phrase[0].i : phrase[-1].i + 1].text if phrase else ent.text
                    record.evidence = f"{record.resolved_by} with {code}: '{words}'"
                    if title and distinctive(title):
                        self._titles.setdefault(title, code)
        for role in role_spans(doc):
            if role.label_ not in ("title", "institution") or not (
                sent.start <= role.start < sent.end
            ):
                continue
            phrase = noun_phrase(role.root)
            gov = self._government_in(phrase, govs)
            if gov and distinctive(role.text.lower()):
                self._titles.setdefault(role.text.lower(), gov[0])
        # a registry institution owned by another country here ("the Philippine defense
        # department") names that country's body in the rest of the article
        for g in govs:
            if g.label_ != "institution":
                continue
            owner = self._government_in(noun_phrase(g.root), govs)
            if owner and owner[0] != g.kb_id_:
                self._titles.setdefault(g.text.lower(), owner[0])
        # "X issued a statement": later "the statement said" speaks for X
        for tok in sent:
            if tok.pos_ != "VERB" or tok.lemma_.lower() not in ISSUING_VERBS:
                continue
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            if subj is None or obj is None or obj.lemma_.lower() not in DOCUMENT_NOUNS:
                continue
            gov = self._government_in(noun_phrase(subj, restrict_location=True), govs)
            if gov:
                self._documents[obj.lemma_.lower()] = ActorRecord(
                    name=doc[subj.left_edge.i : subj.right_edge.i + 1].text,
                    government=gov[0],
                    role="document",
                    resolved_by="issued the " + obj.lemma_.lower(),
                    evidence=f"issued by {gov[0]} ('{subj.text}')",
                )

    def _name_words(self, name: str) -> list[str]:
        """The words of a name that are not titles ("President Lee Jae Myung" -> Lee ...)."""
        return [
            w
            for w in name.split()
            if w[:1].isupper() and w.lower().strip(".") not in self._title_words
        ]

    def _person(self, ent: Span) -> ActorRecord:
        """Return the record of a person, matching earlier mentions by either name.

        "Zhao Lirong" is later "Zhao", "Steve Witkoff" is later "Witkoff": both the
        first and the last word of a full name are keys, unless two people share one.
        """
        name = ent.text.strip().removesuffix("'s").removesuffix("’s").strip()
        words = self._name_words(name)
        if not words:  # "President": a title the tagger took for a name
            lone = ActorRecord(name=name, is_person=True)
            self.records.append(lone)
            return lone
        record = self._people.get(words[-1].lower()) or (
            self._people.get(words[0].lower()) if len(words) == 1 else None
        )
        if record is not None and not self._same_person(words, record):
            record = None  # "Jane Roe" is not "John Roe": a spouse or a namesake
        if record is None:
            record = ActorRecord(name=name, is_person=True, named=True)
            known = self.registry_person(name)
            surname = known is None and len(words) == 1
            if surname:
                known = self.registry_surname(words[0], ent.doc)
                if known is not None and not known[1]:
                    known = None  # a namesake out of office is no evidence either way
            if known is not None:
                person, current = known
                if current:
                    record.government, record.role, record.resolved_by = (
                        person.government,
                        person.role,
                        "registry surname" if surname else "registry",
                    )
                    record.evidence = (
                        f"registry{f' (surname of {person.name})' if surname else ''}: "
                        f"{person.role} of {person.government}"
                        + (f" from {person.start}" if person.start else "")
                    )
                else:
                    record.role = "non-government"
                    record.evidence = (
                        f"registry: {person.role} of {person.government} only from "
                        f"{person.start or '?'} to {person.end or 'now'}, not on {self.on}"
                    )
            self.records.append(record)
            fresh = True
        else:
            fresh = False
            if len(name) > len(record.name):
                record.name = name
        for key in {words[0].lower(), words[-1].lower()}:
            other = self._people.get(key)
            if other is None or (other is record):
                self._people[key] = record
            elif fresh:
                continue  # the surname stays with the first person of that name
            elif key == words[-1].lower():
                self._people[key] = record
        return record

    def _same_person(self, words: Sequence[str], record: ActorRecord) -> bool:
        """False when both mentions give a first name and the first names differ."""
        known = self._name_words(record.name)
        if len(words) < 2 or len(known) < 2:
            return True
        return words[0].lower() == known[0].lower() or words[0].lower() in {
            w.lower() for w in known[:-1]
        }

    # -- resolving -------------------------------------------------------------------------

    # Complexity: the resolution order is the rule (person, pronoun, institution, learned
    # title, document noun, context), read top to bottom; each step returns early.
    def resolve(self, head: Token, sent: Span) -> SpeakerRef | None:  # noqa: C901 - the order
        """Resolve the speaker phrase headed by ``head`` in ``sent`` to an actor."""
        doc = sent.doc
        phrase = noun_phrase(head)
        text = doc[phrase[0].i : phrase[-1].i + 1].text if phrase else head.text
        govs = [g for g in gov_spans(doc) if g.start >= sent.start and g.end <= sent.end]
        names = [e for e in sent.ents if e.label_ == "PERSON" and e.root in phrase]
        person = (
            next((e for e in sent.ents if e.label_ == "PERSON" and e.start <= head.i < e.end), None)
            or next((e for e in names if names_the_head(e, head)), None)
            or next((e for e in names if self._speaks_for_owner(e, head)), None)
        )
        if person is not None and (
            self._in_body_span(person.root, govs)
            or self._in_body_span(head, govs)
            or not self._name_words(person.text)  # "the French President": a title, no name
        ):
            person = None  # "Russia, Lukashenko's main ally, ...": Russia speaks
        if (
            person is None
            and head.lower_ in self._people
            and head.text[:1].isupper()
            and not self._in_body_span(head, govs)
        ):
            person = head.doc[head.i : head.i + 1]
        if person is None and head.pos_ == "PROPN" and not self._in_body_span(head, govs):
            person = self._propn_name(head)
            if person is not None and not (
                person.text.split()[-1].lower() in self._people
                or self._title_in(phrase)
                or (
                    self.registry_surname(person.text.split()[-1], doc) is not None
                    and not self.is_non_government(phrase)
                )
            ):
                person = None
            if person is not None and not self._name_words(
                " ".join(t.text for t in person if not self._in_gov_span(t, govs))
            ):
                person = None  # "the Hungarian PM", "the UK PM": a title taken for a name
        if person is not None:
            record = self._person(person)
            if record.resolved_by == "registry surname" and self.is_non_government(phrase):
                record.government, record.resolved_by = None, ""  # "Roe, a local farmer,"
                record.role = "non-government"
                record.evidence = f"non-government role: '{text}'"
            if not record.government and record.role != "non-government":
                title = self._adjacent_title(person)
                if title and title in self._titles:
                    record.government, record.resolved_by = self._titles[title], "title in text"
                    record.evidence = f"'{title}' named with {self._titles[title]} in the article"
            return self._use(record, "name", text, sent, head)
        lower = head.lower_
        if lower == "one":  # "one of the lawmakers said": the group speaks
            of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
            if pobj is not None:
                return self.resolve(pobj, sent)
        if (lower in PERSON_PRONOUNS or lower in GROUP_PRONOUNS) and head.pos_ in ("PRON", "NUM"):
            local = self._sentence_antecedent(head, sent, govs)
            if local is not None:
                return self._use(local, "pronoun", text, sent)
            named_here = sentence_person(head, sent, govs)
            if named_here is not None:  # "Roe praised it, but she said ...": Roe
                return self._use(self._person(named_here), "pronoun", text, sent)
            if lower in PERSON_PRONOUNS:
                antecedent = self._antecedent(person=True)
            else:  # "it", "they": a body or a group, never one named person ("we" may be)
                antecedent = self._antecedent(person=False, not_person=lower not in WE)
            named = person_antecedent(head, gov_spans(doc)) if antecedent is None else None
            if named is not None:  # no speaker yet: "Roe is calm, she said" is Roe's
                antecedent = self._person(named)
            return self._use(antecedent, "pronoun", text, sent) if antecedent else None
        located = noun_phrase(head, restrict_location=True)
        gov = self._government_in(located, govs)
        role = self._role_in(phrase)
        speaks_for_gov = gov is not None and (
            gov[1] in BODY_KINDS or self._in_gov_span(head, govs) or self._speaker_head(head)
        )
        if gov is not None and not speaks_for_gov:
            role = "nongov"  # "Greek shipowners", "American chipmakers": people of, not the state
        elif (
            role == "nongov"
            and gov is not None
            and (gov[1] in OFFICIAL_KINDS or self._in_gov_span(head, govs))
        ):
            role = None  # a registry body beats a role word ("ruling party newspaper")
        if gov is not None and role != "nongov" and self._speaks_for_other(head, govs):
            role = "nongov"  # "a spokeswoman for one of the largest American chipmakers"
        if role is None and head.ent_type_ in ("ORG", "FAC") and not self._in_gov_span(head, govs):
            role = "nongov"
        if role in (None, "title") and any(
            (t.ent_type_ == "ORG" or (t.pos_ == "PROPN" and t.lower_ not in self._people))
            and not {x.lower_ for x in t.subtree} & OFFICE_WORDS
            and t.dep_ == "compound"
            and not self._in_gov_span(t, govs)
            and not self._in_role_span(t)
            for t in head.children
        ):
            role = "nongov"  # "a Samsung Electronics spokesman"
        if role == "nongov":
            record = ActorRecord(
                name=text,
                government=None,
                role="non-government",
                evidence=f"non-government speaker: '{text}'",
            )
            self.records.append(record)
            return self._use(record, "non-government role", text, sent)
        singular = head.tag_ in ("NN", "NNP") and self._speaker_head(head)
        if gov and gov[1] == "institution":
            span = next((g for g in govs if g.root.i in {t.i for t in located}), None)
            learned = self._titles.get(span.text.lower()) if span is not None else None
            if learned and learned != gov[0]:
                gov = (
                    learned,
                    "institution",
                )  # "the defense department" after "the Philippine ..."
        if gov:
            code, kind = gov
            key = f"{code}:{head.lower_}"
            institution = self._institutions.get(key)
            if institution is None:
                institution = ActorRecord(
                    name=text,
                    government=code,
                    role=kind if role is None else role,
                    resolved_by="registry " + kind,
                    is_person=singular and head.lemma_.lower() in PERSON_NOUNS,
                    evidence=f"registry {kind} of {code} in '{text}'",
                )
                self._institutions[key] = institution
                self.records.append(institution)
            return self._use(institution, kind, text, sent)
        if role in ("title", "institution") and not gov:
            known = self._learned_role(phrase)
            if known is not None:  # "the Foreign Ministry" after "China's Foreign Ministry"
                record = ActorRecord(
                    name=text,
                    government=known[1],
                    role=known[0],
                    resolved_by="title in text",
                    is_person=False,
                    evidence=f"'{known[0]}' named with {known[1]} in the article",
                )
                self.records.append(record)
                return self._use(record, "title", text, sent, head)
        owner = possessive_owner(head) if role == "institution" and not gov else None
        if owner is not None:  # "Ruritania ... Its foreign ministry said"
            record = ActorRecord(
                name=text,
                government=owner.kb_id_,
                role=text.lower(),
                resolved_by="possessive",
                evidence=f"'its' stands for {owner.kb_id_} ('{owner.text}')",
            )
            self.records.append(record)
            return self._use(record, "possessive", text, sent, head)
        issuer = self._documents.get(head.lemma_.lower())
        if any(c.lower_ == "joint" for c in head.children):
            issuer = None  # a joint statement speaks for both: see classify
        if issuer is not None and not gov:
            return self._use(issuer, "document", text, sent)
        if head.lemma_.lower() in DOCUMENT_NOUNS or (
            role is not None
            and any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in head.children)
        ):
            document = self._antecedent(person=False)
            if document is not None:
                return self._use(document, "anaphor", text, sent)
        title = self._title_in(phrase)
        if title or role in {"title", "institution"}:
            key = (title or text).lower()
            if key in self._titles:
                record = ActorRecord(
                    name=text,
                    government=self._titles[key],
                    role=key,
                    resolved_by="title in text",
                    is_person=singular,
                    evidence=f"'{key}' named with {self._titles[key]} in the article",
                )
            else:
                record = ActorRecord(name=text, role=key, is_person=singular)
            self.records.append(record)
            return self._use(record, "title", text, sent, head)
        return None

    def bare_speaker(
        self, head: Token, sent: Span, *, without: Token | None = None
    ) -> SpeakerRef | None:
        """A speaker phrase that ``resolve`` could not tie to an actor, named as written.

        "Critics say", "a count by the news agency", "I told him": the whole phrase speaks
        (its modifiers and clauses too, as written), but it gives no person, title, body
        or country, so it is no evidence for any government and never becomes a pronoun's
        antecedent. Words that are not nouns or pronouns ("here", "so") are no speakers.
        ``without`` is the clause that holds what the phrase says ("leaders who say ..."),
        left out of its name.
        """
        if head.pos_ not in BARE_SPEAKER_POS or not head.text[:1].isalnum():
            return None
        start, end = max(head.left_edge.i, sent.start), min(head.right_edge.i + 1, sent.end)
        for child in head.children:  # "letters saying ...": what they say is no part of them
            speaks = (child.dep_ == "acl" and child.tag_ == "VBG") or child == without
            if speaks and child.i > head.i:
                end = min(end, child.left_edge.i)
        text = sent.doc[start:end].text.strip(" ,;:—–-")  # the whole phrase, as written
        key = text.lower()
        record = self._bare.get(key)
        if record is None:
            record = ActorRecord(
                name=text,
                is_person=head.lemma_.lower() in PERSON_NOUNS,
                evidence=f"bare speaker '{text}': no person, title, body or country resolved",
            )
            self._bare[key] = record
            self.records.append(record)
        record.sentences += 1
        return SpeakerRef(record=record, via="phrase without evidence", phrase=text, bare=True)

    def _sentence_antecedent(
        self, pronoun: Token, sent: Span, govs: list[Span]
    ) -> ActorRecord | None:
        """A government named as a subject earlier in the same sentence ("Turkey ... and it")."""
        if pronoun.lower_ not in ("it", "its", "they", "their"):
            return None
        for tok in reversed(list(sent.doc[sent.start : pronoun.i])):
            if tok.dep_ not in ("nsubj", "nsubjpass"):
                continue
            if tok.pos_ == "PRON":
                continue  # an earlier "it" points back further itself
            mods = {tok.i} | {
                c.i for c in tok.children if c.dep_ in ("compound", "amod", "poss", "nmod")
            }
            hit = next((g for g in govs if g.root.i in mods), None)
            if hit is None:
                return None
            key = f"{hit.kb_id_}:{tok.lemma_.lower()}"
            record = self._institutions.get(key)
            if record is None:
                record = ActorRecord(
                    name=hit.text,
                    government=hit.kb_id_,
                    role=hit.label_,
                    resolved_by="registry " + hit.label_,
                    evidence=f"registry {hit.label_} of {hit.kb_id_} ('{hit.text}')",
                )
                self._institutions[key] = record
                self.records.append(record)
            return record
        return None

    _speaks_for_other = staticmethod(speaks_for_other)

    def peek(self, head: Token, sent: Span) -> ActorRecord | None:
        """Resolve a phrase without making it the latest speaker (pronouns stay as they were)."""
        recent = list(self._recent)
        ref = self.resolve(head, sent)
        self._recent = recent
        if ref is not None:
            ref.record.sentences -= 1
        return ref.record if ref is not None else None

    @staticmethod
    def _speaks_for_owner(name: Span, head: Token) -> bool:
        """A spokesman or an administration speaks for the person who owns it.

        "Roe's spokesman", "the Roe administration": that person's side, not a supporter's.
        """
        return (
            name.root.dep_ in ("poss", "compound")
            and name.root.head.i == head.i
            and speaker_head(head)
        )

    @staticmethod
    def _speaker_head(head: Token) -> bool:
        """True when a head noun speaks for a body: officials, a spokesman, a ministry."""
        return speaker_head(head)

    @staticmethod
    def is_speaker_noun(tok: Token) -> bool:
        """True for nouns that speak for a body: officials, sources, a delegation, a ministry."""
        return is_speaker_noun(tok)

    def is_non_government(self, phrase: list[Token]) -> bool:
        """True when the phrase names a non-government role (company, analyst, ...)."""
        return self._role_in(phrase) == "nongov"

    def _use(
        self, record: ActorRecord, via: str, phrase: str, sent: Span, head: Token | None = None
    ) -> SpeakerRef:
        """Record that ``record`` speaks in ``sent``, gather context votes, and return a ref."""
        record.sentences += 1
        titled = not record.is_person or (record.role and record.role != "non-government")
        if record.government is None and record.role != "non-government" and titled:
            verb = (
                next((a for a in head.ancestors if a.pos_ in ("VERB", "AUX")), None)
                if head
                else None
            )
            for code, strength in context_votes(sent, phrase, verb, self.pair):
                record.votes[code] += strength  # type: ignore[assignment]
        if record in self._recent:
            self._recent.remove(record)
        self._recent.append(record)
        return SpeakerRef(record=record, via=via, phrase=phrase)

    def _antecedent(self, *, person: bool, not_person: bool = False) -> ActorRecord | None:
        """The most recent actor compatible with a pronoun or a document noun."""
        for record in reversed(self._recent[-4:]):
            if (person and not record.is_person) or (not_person and record.is_person):
                continue
            return record
        return None

    def _learned_role(self, phrase: list[Token]) -> tuple[str, str] | None:
        """A title or institution in the phrase learned with a nationality in this article."""
        ids = {t.i for t in phrase}
        for r in role_spans(phrase[0].doc) if phrase else []:
            key = r.text.lower()
            if r.root.i in ids and key in self._titles:
                return key, self._titles[key]
        return None

    def finalize(self, dateline_government: str | None = None) -> None:
        """Place officials named by title alone, without any evidence of their own.

        Reporters name their own country's officials by title alone ("Prime Minister X")
        and foreign ones with a nationality ("China's deputy ambassador"). Such a named
        official whose sentences give no clue takes the side that the context gave the
        article's other officials named by title alone; failing that, the government of
        the dateline's capital when it is a party ("SEOUL (Yonhap) -": the evidence of
        where the reporter writes from). Both stay weaker than evidence tied to the
        speaker: ``government`` is left empty. Bodies and unnamed officials get neither.
        """
        unplaced = [
            r
            for r in self.records
            if r.named
            and r.role
            and r.role != "non-government"
            and r.government is None
            and r.home_government() is None
        ]
        placed = Counter(
            h
            for r in self.records
            if r.is_person
            and r.bare_title
            and r.role != "non-government"
            and r.resolved_by != "title in text"  # nationality given elsewhere in the article
            and (h := r.government or r.home_government())
        )
        if placed:
            (home, n), *rest = placed.most_common()
            if rest and rest[0][1] == n:
                return
            for r in unplaced:
                r.votes[home] += 0.5  # type: ignore[assignment]
                r.resolved_by = r.resolved_by or "home country of the article"
        elif dateline_government in self.pair:
            for r in unplaced:
                r.dateline = dateline_government
                r.resolved_by = r.resolved_by or "home country of the article"
                r.evidence = f"named by title alone; dateline capital of {dateline_government}"

    def actors(self) -> list[Actor]:
        """Return every actor resolved in the article, frozen."""
        return [r.freeze() for r in self.records]
