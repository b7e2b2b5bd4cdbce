"""Attribution, a pass of its own: who speaks in a sentence, and for which government.

For each body sentence, ``attribute`` finds the speech frame (a speech verb and who
speaks through it), government subjects of stance and policy verbs, stances reported
inside the speech, joint parties, quote continuations and colon introductions, and
returns one frozen ``Attribution`` with the reason for each finding. The labelling
stage never resolves speakers itself; the two adjustments that depend on other findings
(a declared next move, a request) are the small functions at the end.

The steps run in a fixed order because ``ArticleActors.resolve`` tracks the latest
speaker for pronouns: each step is a small function over a private draft.

A speaker phrase that names no actor ("critics said", "a new poll found", "farmers, who
say ...") is kept as the sentence's *bare* speaker: shown as its speaker, never evidence
for a government (``Attribution.actor`` is None), so the rules read it as no speaker.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from briefing.classify import syntax
from briefing.classify.adjustments import attributed_later, with_declared_move, without_requested
from briefing.classify.glosses import pronoun_glosses
from briefing.classify.lexicon import Cues
from briefing.classify.parties import (
    both_parties,
    elliptical_parties,
    government_subject,
    government_subjects,
    kinetic,
    main_subject_government,
)
from briefing.classify.speech import cue_lemma, source_in, speech_verbs
from briefing.nlp.actors import ActorRecord, ArticleActors, SpeakerRef, noun_phrase

__all__ = [
    "NOT_CONTINUED",
    "Attribution",
    "attribute",
    "attributed_later",
    "both_parties",
    "government_subject",
    "government_subjects",
    "kinetic",
    "pronoun_glosses",
    "with_declared_move",
    "without_requested",
]


#: How a speaker found in a subordinate clause is shown: never the sentence's own speaker.
SUBORDINATE_VIA = "subordinate clause"
#: How a first-person speaker outside any quotation of another is shown ("I think ...").
FIRST_PERSON_VIA = "first person"
#: How the unresolved subject of a main clause's topic or attitude verb is shown.
ATTITUDE_VIA = "topic or attitude verb"
#: How a poll or survey a sentence cites is shown ("in a new poll, ...").
SOURCE_VIA = "source cited"
#: Speakers no later quotation continues: they speak in this sentence only.
NOT_CONTINUED = frozenset({SUBORDINATE_VIA, FIRST_PERSON_VIA, ATTITUDE_VIA, SOURCE_VIA})


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who speaks in one sentence and which governments' stances it states.

    ``speaker`` is the resolved speaker; ``unresolved`` says a speaker phrase was found
    but could not be resolved (so no other phrase may take its place). ``stance_gov`` is a
    government subject of a stance or policy verb; ``complement_gov`` a government whose
    stance the speaker reports. ``joint`` lists further parties of a joint subject.
    """

    speaker: SpeakerRef | None = None
    speech: Token | None = None
    speech_verb: Token | None = None
    unresolved: bool = False
    subordinate_speech: bool = False
    speech_negated: bool = False
    stance_gov: str | None = None
    stance_reason: str = ""
    stance_token: Token | None = None
    complement_gov: str | None = None
    complement_reason: str = ""
    complement_token: Token | None = None
    complement_weak: bool = False
    joint: tuple[str, ...] = ()
    framed_by: str = ""
    subject_gov: str | None = None

    @property
    def actor(self) -> SpeakerRef | None:
        """The speaker when it names an actor; None for a bare phrase ("critics said")."""
        return None if self.speaker is None or self.speaker.bare else self.speaker

    @property
    def own_speaker(self) -> SpeakerRef | None:
        """The speaker of the sentence's own statement: not one of a subordinate clause."""
        return None if self.speaker is None or self.speaker.via == SUBORDINATE_VIA else self.speaker

    @property
    def speaker_government(self) -> str | None:
        """The speaker's government (direct evidence or context votes); none for a bare one."""
        return self.actor.record.final_government() if self.actor else None


@dataclass(slots=True)
class _Draft:
    """The attribution of a sentence while its steps run (frozen at the end)."""

    sent: Span
    actors: ArticleActors
    cues: Cues
    verbs: list[Token]
    speaker: SpeakerRef | None = None
    speech: Token | None = None
    speech_verb: Token | None = None
    unresolved: bool = False
    subordinate_speech: bool = False
    speech_negated: bool = False
    stance_gov: str | None = None
    stance_reason: str = ""
    stance_token: Token | None = None
    complement_gov: str | None = None
    complement_reason: str = ""
    complement_token: Token | None = None
    complement_weak: bool = False
    joint: list[str] = field(default_factory=list)
    framed_by: str = ""
    bare: SpeakerRef | None = None  # the first speaker phrase without evidence

    def freeze(self) -> Attribution:
        values = {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(Attribution)
            if f.name not in ("joint", "subject_gov", "speaker")
        }
        return Attribution(
            **values,
            speaker=self.speaker or self.bare,
            joint=tuple(self.joint),
            subject_gov=main_subject_government(self.sent, self.actors),
        )

    @property
    def open(self) -> bool:
        """No speaker yet, and none that failed to resolve: another phrase may speak."""
        return self.speaker is None and not self.unresolved

    def resolve(self, tok: Token) -> SpeakerRef | None:
        """The actor a speaker phrase names; a phrase without one is kept as the bare speaker.

        The bare speaker ("critics", "a new poll") is the sentence's speaker only when no
        step finds an actor; it never speaks for a government.
        """
        ref = self.actors.resolve(tok, self.sent)
        if ref is None and self.bare is None and tok.lower_ not in self.cues.of("first_person"):
            self.bare = self.actors.bare_speaker(tok, self.sent)  # "I", "we" name nobody
        return ref


# -- the steps -------------------------------------------------------------------------


def _speech_frame(d: _Draft) -> None:
    """Step 1: the speech verb and who speaks through it (state media quoting included)."""
    main, sub = speech_verbs(d.verbs, d.sent, d.cues)
    speech = main[0] if main else None
    if speech is None and sub:
        speech = sub[0]
        # "X opposed it, arguing ...": the main clause's own speaker, not a side remark
        d.subordinate_speech = not syntax.main_participle(speech)
    if speech is None:
        return
    who = syntax.speaker_token(speech)
    assert who is not None
    quoted_by: ActorRecord | None = None
    if speech.lemma_.lower() in d.cues.of("quoting_verbs"):  # "it quoted X as saying": X speaks
        quoted_person = next((c for c in speech.children if c.dep_ == "dobj"), None)
        if quoted_person is not None:
            quoted_by = d.actors.peek(who, d.sent)
            who = quoted_person
    if speech.lemma_.lower() in d.cues.of("evidence_verbs"):  # "a video showed ...": a fact
        d.bare = d.actors.bare_speaker(who, d.sent)
        d.speech = d.speech_verb = speech
        d.unresolved = True
        return
    d.speaker = d.resolve(who)
    if (
        quoted_by is not None
        and quoted_by.final_government()
        and (d.speaker is None or not d.speaker.record.final_government())
    ):
        # state media quoting an unnamed or unknown official: the media's government
        d.speaker = SpeakerRef(quoted_by, "quoted by", quoted_by.name)
    d.speech = d.speech_verb = speech
    d.speech_negated = syntax.negated(speech)
    d.unresolved = d.speaker is None
    joint = government_subjects(who, d.actors, d.cues, d.actors.pair)
    if len(joint) >= 2:
        d.joint = joint[1:]
        if (
            d.speaker is None
            or not d.speaker.record.final_government()
            or both_parties(who, d.cues)
        ):
            d.stance_gov, d.stance_reason = joint[0], "both parties speak"
            d.speaker = d.bare = None
            d.unresolved = False


def _according_to(d: _Draft) -> None:
    """Step 1b: "according to X" names the speaker when no speech verb did."""
    if not d.open:
        return
    words = d.cues.of("according")
    for tok in d.sent:
        if tok.lower_ in words and tok.i + 1 < d.sent.end and tok.nbor(1).lower_ == "to":
            pobj = next((c for c in tok.nbor(1).children if c.dep_ == "pobj"), None)
            if pobj is not None:
                d.speaker = d.resolve(pobj)
                return


def _stated_view(d: _Draft) -> None:
    """Step 1c: "in X's view, ...", "X's assessment is that ...", "To X, ...": X speaks."""
    if not d.open:
        return
    nouns = d.cues.of("view_nouns")
    for tok in d.sent:
        if tok.lemma_.lower() not in nouns or tok.pos_ != "NOUN":
            continue
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        framing = (tok.dep_ == "pobj" and tok.head.lower_ == "in") or (
            tok.dep_ == "nsubj" and tok.head.i == d.sent.root.i
        )
        if owner is not None and framing:
            d.speaker = d.resolve(owner)
            if d.speaker is not None:
                d.stance_reason = f"the view of {owner.text}"
                return
    whose = syntax.opening_view_of(d.sent, d.cues.of("view_prepositions"))
    if (
        whose is not None
        and d.open
        and (whose.ent_type_ == "PERSON" or _named_government(whose, d))
    ):
        d.speaker = d.actors.resolve(whose, d.sent)
        if d.speaker is not None:
            d.stance_reason = f"the view of {whose.text}"


def _named_government(tok: Token, d: _Draft) -> bool:
    """Whether a token names a government ("Norway", "the Kremlin")."""
    return government_subject(tok, d.actors) is not None


def _sign_off(d: _Draft) -> None:
    """Step 1d: a quotation signed off with a dash and a name at its end ("... — Name")."""
    if not d.open:
        return
    dashes = d.cues.of("sign_off_dashes")
    last = [
        e
        for e in d.sent.ents
        if e.label_ == "PERSON"
        and not any(t.pos_ in ("VERB", "AUX") for t in d.sent.doc[e.end : d.sent.end])
    ]  # "... — Name", "... — Name (@handle) July 5": nothing said after the name
    if not last:
        return
    person = last[-1]
    before = d.sent.doc[person.start - 1] if person.start > d.sent.start else None
    if before is not None and before.text in dashes:
        d.speaker = d.resolve(person.root)
        if d.speaker is not None:
            d.stance_reason = "signs off the quotation"


def _stance_candidates(d: _Draft) -> list[tuple[Token, Token]]:
    """(cue token, verb) for every stance adjective, stance, policy or inner speech verb."""
    out = []
    speech = d.speech
    for tok in d.sent:
        lemma = cue_lemma(tok, d.cues.stance, d.cues.policy, d.cues.speech)
        if tok.pos_ == "ADJ":
            if lemma in d.cues.stance_adjectives and tok.dep_ == "acomp":
                out.append((tok, tok.head))
        elif tok.pos_ in ("VERB", "AUX") and (
            lemma in d.cues.stance
            or lemma in d.cues.policy
            or (
                lemma in d.cues.speech
                and speech is not None
                and tok.i != speech.i
                and tok in speech.subtree
            )
        ):
            out.append((tok, tok))
    return out


def _person_like(subj: Token, d: _Draft) -> bool:
    """A pronoun, a person or a proper name that is not itself a government form."""
    return (
        subj.lower_ in d.cues.of("pronoun_subjects")
        or subj.ent_type_ == "PERSON"
        or (subj.pos_ == "PROPN" and government_subject(subj, d.actors) is None)
    )


def _obliged(verb: Token, d: _Draft) -> bool:
    """The verb carries an obligation modal ("Y must withdraw", "Y should consider")."""
    return any(
        c.dep_ == "aux" and c.lower_ in d.cues.of("obligation_modals") for c in verb.children
    )


def _stance_of_person(d: _Draft, tok: Token, subj: Token, kind: str, inside: bool) -> None:
    """A person or pronoun subject of a stance verb: the speaker, or a reported stance."""
    if d.open and not inside:
        ref = d.resolve(subj)
        if ref is not None:
            d.speaker, d.speech_verb = ref, tok
            d.stance_reason = f"{kind} '{tok.text}'"
    elif inside and subj.lower_ not in d.cues.of("pronoun_subjects") and d.complement_gov is None:
        ref = d.actors.resolve(subj, d.sent)  # "the statement said X outlined ..."
        code = ref.record.final_government() if ref is not None else None
        if code and ref is not None and ref.record.is_person:
            d.complement_gov = code
            d.complement_token = tok
            d.complement_reason = f"reported {kind} of {ref.phrase!r} ({code})"


def _stance_of_government(
    d: _Draft, tok: Token, verb: Token, subj: Token, kind: str, inside: bool
) -> None:
    """A government subject of a stance verb: its stance, or a stance the speaker reports."""
    code = government_subject(subj, d.actors)
    both = (
        government_subjects(subj, d.actors, d.cues, d.actors.pair)
        if code is None and not inside
        else []
    )
    if code is None and len(both) == 2:
        code = both[0]
    if code is None:
        if d.open and not inside:
            ref = d.resolve(subj)
            if ref is not None:
                d.speaker, d.speech_verb = ref, tok
                d.stance_reason = f"{kind} '{tok.text}'"
        return
    if inside:
        if d.complement_gov is None:
            d.complement_gov = code
            d.complement_token = tok
            d.complement_reason = f"reported {kind} of {subj.text!r}: '{tok.text}'"
            # a reported joint decision ("X said X and Y agreed to ...") is both parties'
            partners = government_subjects(subj, d.actors, d.cues, d.actors.pair)
            if not d.joint and len(partners) >= 2:
                d.joint = [c for c in partners if c != code]
    elif d.stance_gov is None:
        d.stance_gov = code
        d.stance_token = tok
        d.joint = [
            c for c in government_subjects(subj, d.actors, d.cues, d.actors.pair) if c != code
        ]
        d.joint += [c for c in elliptical_parties(verb, d.sent, d.actors) if c != code]
        d.stance_reason = f"{' '.join(t.text for t in noun_phrase(subj))!r} + {kind} '{tok.text}'"


def _stances(d: _Draft) -> None:
    """Step 2: stance or policy verbs with a subject, in the main or the reported clause."""
    clause = syntax.reported_clause(d.speech)
    for tok, verb in _stance_candidates(d):
        level = syntax.clause_level(verb, d.sent)
        reported = clause is not None and verb in clause.subtree
        aim = verb.dep_ == "advcl" and syntax.has_marker(verb, d.cues.of("as_markers"))
        if level == "sub" and not reported and not aim:
            continue
        if verb.dep_ in ("xcomp", "ccomp") and verb.head.lemma_.lower() in d.cues.request:
            continue  # "I expect X to suspend ...": a request, not X's stance
        subj = syntax.subject(verb)
        if subj is None or kinetic(verb, subj, d.cues):
            continue
        kind = "policy act" if cue_lemma(tok, d.cues.policy) in d.cues.policy else "stance"
        inside = d.speech is not None and tok.i != d.speech.i and reported
        if inside and _obliged(verb, d):
            continue  # "X said Y must ...": X's demand of Y, not Y's stance
        if _person_like(subj, d):
            _stance_of_person(d, tok, subj, kind, inside)
        else:
            _stance_of_government(d, tok, verb, subj, kind, inside)


def _as_announced(d: _Draft) -> None:
    """Step 2a: "if X begins, as it has announced, to ...": the announcement is a stance."""
    if d.stance_gov is not None or d.complement_gov is not None:
        return
    for tok in d.verbs:
        if tok.dep_ != "advcl" or not syntax.has_marker(tok, d.cues.of("as_markers")):
            continue
        if tok.lemma_.lower() not in d.cues.speech and tok.lemma_.lower() not in d.cues.policy:
            continue
        subj = syntax.subject(tok)
        record = d.actors.peek(subj, d.sent) if subj is not None else None
        code = record.final_government() if record is not None else None
        if code and code in d.actors.pair and subj is not None:
            if d.speech is not None and d.speaker is not None and tok.i != d.speech.i:
                # inside a speaker's statement ("..., he adds, if X begins, as it has
                # announced, ..."): a stance the speaker reports
                d.complement_gov, d.complement_token = code, tok
                d.complement_reason = f"as {subj.text} {tok.text}"
            else:
                d.stance_gov = code
                d.stance_reason = f"as {subj.text} {tok.text}"
            return


def _reported_intention(d: _Draft) -> None:
    """Step 2b: a reported intention of a government: "X said B will decide ..."."""
    if d.speech is None or d.complement_gov is not None:
        return
    clause = syntax.reported_clause(d.speech)
    if clause is None or not any(
        c.dep_ == "aux" and (c.tag_ == "MD" or c.lower_ in d.cues.future_aux)
        for c in clause.children
    ):
        return
    csubj = syntax.subject(clause)
    code = government_subject(csubj, d.actors) if csubj is not None else None
    if code and csubj is not None and not _obliged(clause, d):
        d.complement_gov = code
        d.complement_token = clause
        d.complement_reason = f"reported intention of {csubj.text!r}: '{clause.text}'"
        d.complement_weak = True


def _framed_report(d: _Draft) -> None:
    """Step 2c: "A said B had dropped its objection, a move it welcomed": B's stance, A's frame."""
    if d.speech is None or d.speaker is None or not d.speaker.record.government:
        return
    clause = syntax.reported_clause(d.speech)
    csubj = syntax.subject(clause) if clause is not None else None
    other = government_subject(csubj, d.actors) if csubj is not None else None
    own = d.speaker.record.government
    if clause is None or csubj is None or not other or other == own or _obliged(clause, d):
        return
    inside = {t.i for t in clause.subtree}
    framing = next(
        (
            t
            for t in d.sent
            if (t.i not in inside or t.dep_ == "relcl")
            and t.i not in (d.speech.i, clause.i)
            and t.pos_ == "VERB"
            and t.lemma_.lower() in d.cues.stance
            and any(c.dep_ == "nsubj" and c.pos_ == "PRON" for c in t.children)
        ),
        None,
    )
    if framing is not None:
        d.complement_gov, d.complement_token = other, clause
        d.complement_reason = f"reported stance of {csubj.text!r}: '{clause.text}'"
        d.joint = [own]
        d.framed_by = f"framed by the speaker: '{framing.text}'"


def _quote_continuation(d: _Draft, quoted: bool, last_speaker: SpeakerRef | None) -> None:
    """Step 3: a quoted sentence with no speech frame of its own continues the last speaker."""
    if d.speech is not None or d.unresolved or not quoted or last_speaker is None:
        return
    subj = _named_subject_before_quotation(d)
    if subj is not None:  # "Roe welcomed “the recognition ...”": Roe's words, not the last
        if d.speaker is None:
            d.speaker = d.resolve(subj)
            d.stance_reason = d.stance_reason or "quotes in its own sentence"
        return
    if d.stance_gov is not None:
        d.complement_gov, d.complement_reason = d.stance_gov, "quoted " + d.stance_reason
        d.stance_gov = None
    d.speaker = SpeakerRef(
        last_speaker.record, "quote continues", last_speaker.phrase, bare=last_speaker.bare
    )


def _named_subject_before_quotation(d: _Draft) -> Token | None:
    """The main clause's subject, when it is a person named before the first quotation mark.

    The sentence quotes that person ("Roe welcomed “...”"): it continues no earlier quotation.
    """
    subj = syntax.subject(d.sent.root)
    if subj is None or subj.ent_type_ != "PERSON":
        return None
    first_quote = next((t.i for t in d.sent if t.tag_ in ("``", "''")), None)
    return subj if first_quote is not None and subj.i < first_quote else None


def _colon_introduction(d: _Draft) -> None:
    """Step 3b: "X struck a cordial tone: '...'": a subject introducing a quotation.

    A sentence opening with a person's name and a colon ("Jane Roe: We will ...", the
    speaker labels of transcripts and quoted round-ups) is that person's.
    """
    if d.speaker is not None or d.speech is not None:
        return
    colon = syntax.opens_quotation_after_colon(d.sent)
    subj = syntax.subject(d.sent.root)
    if colon is not None and subj is not None and subj.i < colon.i:
        d.speaker = d.resolve(subj)
        d.stance_reason = "introduces a quotation"
        return
    label = syntax.name_label(d.sent)
    if label is not None and d.bare is None:
        d.speaker = d.resolve(label.root)
        if d.speaker is not None:
            d.stance_reason = f"speaker label '{label.text}:'"


def _subordinate_speaker(d: _Draft) -> None:
    """Step 4: with no other speaker, who speaks or takes a stance in a subordinate clause.

    "Farmers, who say ...", "..., although Roe disputes this", "by questioning ...", or who
    talks about a topic or states an attitude ("Roe spoke about jobs", "voters see ...
    as ..."): shown as a bare speaker, never evidence
    for a government (not the sentence's own statement); a pronoun as the person it names.
    """
    if d.speaker is not None or d.bare is not None or d.speech is not None:
        return
    relative, evidence = d.cues.of("relative_pronouns"), d.cues.of("evidence_verbs")
    speaking = (
        d.cues.speech | d.cues.stance | d.cues.of("topic_verbs") | d.cues.of("attitude_verbs")
    )
    for v in d.verbs:
        lemma = cue_lemma(v, speaking)
        if lemma in evidence or lemma not in speaking:
            continue
        who = syntax.speaker_token(v)
        if who is not None and who.lower_ in relative and v.dep_ == "relcl":
            who = v.head  # "farmers, who say ...": the phrase the clause describes
        if who is None or who.lower_ in d.cues.of("first_person"):
            continue
        record = d.actors.peek(who, d.sent)
        if record is not None:
            d.bare = SpeakerRef(record, SUBORDINATE_VIA, record.name, bare=True)
        elif who.i == v.head.i and v.dep_ == "relcl":
            d.bare = d.actors.bare_speaker(who, d.sent, without=v)
        elif syntax.clause_level(v, d.sent) == "main":  # "voters see X as ...": the voters
            ref = d.actors.bare_speaker(who, d.sent)
            d.bare = SpeakerRef(ref.record, ATTITUDE_VIA, ref.phrase, bare=True) if ref else None
        return  # only the first: "many voters" of a later clause is no speaker


def _cited_or_first_person(d: _Draft, quoted: bool) -> None:
    """Step 5: with no other speaker, a poll the sentence cites, else the first person.

    "In a new poll, Roe leads ...": the poll. "I think ...", "we want ..." outside
    quotation marks (an interview's answer, a writer's own view; a quotation's "I" is its
    speaker's, named before or after it): the first person. Both are bare speakers: no
    evidence for a government, and no later quotation continues them.
    """
    if d.speaker is not None or d.bare is not None:
        return
    source = source_in(d.sent, d.cues)  # "in a new poll, ...": the poll, a bare speaker
    ref = d.actors.bare_speaker(source, d.sent) if source is not None else None
    if ref is not None:
        d.bare = SpeakerRef(ref.record, SOURCE_VIA, ref.phrase, bare=True)
    if quoted or d.bare is not None:
        return
    first = d.cues.of("first_person")
    for v in d.verbs:
        lemma = cue_lemma(v, d.cues.speech, d.cues.stance)
        if lemma not in d.cues.speech and lemma not in d.cues.stance:
            continue
        subj = syntax.subject(v)
        if subj is None or subj.lower_ not in first or subj.head.i != v.i:
            continue
        ref = d.actors.bare_speaker(subj, d.sent)
        if ref is not None:
            d.bare = SpeakerRef(ref.record, FIRST_PERSON_VIA, ref.phrase, bare=True)
        return


def attribute(
    sent: Span,
    actors: ArticleActors,
    cues: Cues,
    *,
    quoted: bool,
    last_speaker: SpeakerRef | None,
) -> Attribution:
    """Attribute one body sentence: its speaker and the governments whose stance it states."""
    d = _Draft(sent=sent, actors=actors, cues=cues, verbs=syntax.verbs_of(sent))
    _speech_frame(d)
    _according_to(d)
    _stated_view(d)
    _sign_off(d)
    _stances(d)
    _as_announced(d)
    _reported_intention(d)
    _framed_report(d)
    _quote_continuation(d, quoted, last_speaker)
    _colon_introduction(d)
    _subordinate_speaker(d)
    _cited_or_first_person(d, quoted)
    return d.freeze()
