"""What each item of a brief says: units, printed text, extracts, tags, key points, timeline.

Pure helpers of ``assemble`` (same stage), over model objects and plain text:

- ``join_units``: a sentence that only continues the one before it (a quotation still
  open, or "He did not give details." with no speaker of its own) becomes one unit with
  it, so no bullet opens with an orphan quote or a bare pronoun.
- ``display_text``: the unit's printed text: the dateline prefix left out, a leading
  pronoun given the resolved name in brackets, relative days given their date when the
  article has one.
- ``extract``: the clause of a sentence that carries one of its other labels (the
  speaker's reported clause, the clause with the future or risk cue), printed in that
  section instead of a second copy of the sentence; ``tag`` is the short tag used when
  no clause stands alone.
- ``key_points``: the bottom line: each government's central stance, the gravest risk,
  the next step, each shortened to its main clause.
- ``timeline``: dated events across the articles, in order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from briefing import wording as w
from briefing.model import (
    Article,
    BriefItem,
    BriefSection,
    Section,
    Sentence,
    government_of,
    section_of,
)

#: Roles of speakers that are not people (their names are never shortened).
_INSTITUTION_ROLES = frozenset({"institution", "country", "state media", "government", "ministry"})
_SPEAKER_REASON = re.compile(r"^speaker: (?P<mention>.+?) \u2192 ")
_CUE_REASON = re.compile(r"^(?P<kind>future|risk cues|request): (?P<cues>.+)$")
_QUOTED = re.compile(r"'([^']+)'")


@dataclass(frozen=True, slots=True)
class Unit:
    """A sentence with the sentences that continue it (``join_units``).

    Attributes:
        sentence: the whole unit as one sentence: the head's labels (then the labels the
            continuations add), the span from the head's start to the last part's end.
        parts: the sentences it is made of, in order (the head first).
    """

    sentence: Sentence
    parts: tuple[Sentence, ...]

    @property
    def head(self) -> Sentence:
        """The unit's first sentence."""
        return self.parts[0]


# --------------------------------------------------------------------------- units


def _placed(sentence: Sentence) -> bool:
    return any(section_of(label) != Section.OTHER for label in sentence.labels)


def _is_person(sentence: Sentence | None) -> bool:
    speaker = sentence.speaker if sentence is not None else None
    return speaker is not None and speaker.role.lower() not in _INSTITUTION_ROLES


def continues(previous: Sentence, text_so_far: str, sentence: Sentence, wording: w.Wording) -> bool:
    """Whether ``sentence`` only continues ``previous`` (the unit's text so far).

    It does when it is the next sentence of the article and either a quotation opened
    before is still open (a quotation may run over paragraphs when each one reopens it),
    or ``sentence`` opens with a word pointing back ("He", "His", "It", "This" …) that is
    not its own resolved speaker ("It came after …", whoever speaks later in the sentence).
    A "He" after a sentence whose speaker is a person gets that person's name in brackets
    (``pronoun_name``).
    """
    if (
        previous.article_id != sentence.article_id
        or sentence.index != previous.index + 1
        or not _placed(previous)
    ):
        return False
    if w.open_quote(text_so_far):
        # A quotation runs on into the next paragraph only when that paragraph opens with
        # a quotation mark (the press convention); else the quote was left open by a slip.
        return sentence.paragraph == previous.paragraph or w.opens_with_quote(sentence.text)
    word = w.first_word(sentence.text)
    if word not in wording.anaphoric:
        return False
    # The classifier resolved the pronoun as the sentence's speaker: it gets the name in
    # brackets and stands alone.
    return sentence.speaker is None or w.first_word(speaker_mention(sentence)) != word


def join_units(sentences: Sequence[Sentence], articles: Mapping[str, Article]) -> list[Unit]:
    """Return the units of body sentences (in order): continuations joined to their head."""
    wording = w.load_wording()
    units: list[list[Sentence]] = []
    for sentence in sentences:
        if units:
            last = units[-1]
            text = " ".join(s.text for s in last)
            if continues(last[-1], text, sentence, wording):
                last.append(sentence)
                continue
        units.append([sentence])
    return [_unit(parts, articles[parts[0].article_id]) for parts in units]


def _unit(parts: list[Sentence], article: Article) -> Unit:
    head = parts[0]
    if len(parts) == 1:
        return Unit(sentence=head, parts=(head,))
    labels = list(head.labels)
    scores = dict(head.scores)
    for part in parts[1:]:
        for label in part.labels:
            if label not in labels and section_of(label) in (Section.RISK, Section.NEXT_STEPS):
                labels.append(label)
                scores[label] = part.scores.get(label, 0.0)
    end = parts[-1].end
    merged = dataclasses.replace(
        head, end=end, text=article.text[head.start : end], labels=tuple(labels), scores=scores
    )
    return Unit(sentence=merged, parts=tuple(parts))


# --------------------------------------------------------------------------- printed text


def strip_dateline(sentence: Sentence, article: Article) -> str:
    """Return the sentence without the dateline or agency prefix opening its paragraph.

    The dateline is the one ingest found (``Article.dateline``).
    """
    dateline = article.dateline
    if dateline is None or not dateline.prefix or dateline.span[0] != sentence.start:
        return sentence.text
    end = dateline.span[1] - sentence.start
    if not sentence.text[end:].strip():
        return sentence.text
    return sentence.text[end:]


def speaker_mention(sentence: Sentence) -> str:
    """Return how the sentence names its speaker, from the classifier's reasons ("He")."""
    for reason in sentence.reasons:
        match = _SPEAKER_REASON.match(reason)
        if match:
            return match.group("mention")
    return ""


def reference_name(sentence: Sentence, article: Article, wording: w.Wording) -> str:
    """Return the name to print for the sentence's speaker ("Lopez Obrador", "the Ministry")."""
    speaker = sentence.speaker
    if speaker is None:
        return ""
    if speaker.role.lower() in _INSTITUTION_ROLES:
        return w.bracket_name(speaker.name, wording)
    return w.bracket_name(w.short_name(speaker.name, article.text), wording)


def pronoun_name(
    part: Sentence, head: Sentence | None, article: Article, wording: w.Wording
) -> str:
    """Return the name a part's leading pronoun stands for, or "" when it has none.

    The part's own speaker when the classifier resolved it through that pronoun; for a
    continuation ("He did not …" after a sentence of a named person), the head's speaker.
    """
    if not w.opens_with_pronoun(part.text, wording):
        return ""
    word = w.first_word(part.text)
    mention = speaker_mention(part)
    if part.speaker is not None and w.first_word(mention) == word:
        return reference_name(part, article, wording)
    if head is not None and word in wording.person and _is_person(head):
        return reference_name(head, article, wording)
    return ""


def part_text(part: Sentence, head: Sentence | None, article: Article, wording: w.Wording) -> str:
    """Return one part of a unit as printed: no dateline, its leading pronoun resolved."""
    text = strip_dateline(part, article) if head is None else part.text
    start = part.start + len(part.text) - len(text)
    text = w.insert_glosses(text, start, part.glosses, wording)
    text = " ".join(text.split())
    name = pronoun_name(part, head, article, wording)
    return w.resolve_leading_pronoun(text, name, wording) if name else text


def display_text(unit: Unit, article: Article) -> str:
    """Return the printed text of a unit (see the module docstring)."""
    wording = w.load_wording()
    pieces = [
        part_text(part, None if n == 0 else unit.head, article, wording)
        for n, part in enumerate(unit.parts)
    ]
    return w.annotate_days(" ".join(pieces), w.parse_iso(article.date), wording)


# --------------------------------------------------------------------------- extracts, tags


def cue_words(sentence: Sentence, kind: str) -> list[str]:
    """Return the words of the first cue of ``kind`` in the reasons ("future: 'will meet'")."""
    for reason in sentence.reasons:
        match = _CUE_REASON.match(reason)
        if match and match.group("kind") == kind:
            cues: list[str] = _QUOTED.findall(match.group("cues"))
            if cues:
                return cues[0].split()
    return []


def extract(unit: Unit, key: str, article: Article) -> str | None:
    """Return the clause of the unit's head that carries the label of section ``key``.

    For a government's position, the clause from where the speaker (of that government)
    is named, when that is not the sentence's start; for next steps and risks, the
    coordinated clause holding the classifier's cue. The clause is printed verbatim, with
    an ellipsis for what is left out before it, or "[According to X,]" when it no longer
    names its speaker. None when no clause stands alone: the item gets a tag instead.
    """
    wording = w.load_wording()
    head = unit.head
    text = part_text(head, None, article, wording)
    span: tuple[int, int] | None = None
    if key.startswith(Section.POSITION.value):
        speaker = head.speaker
        if speaker is None or speaker.government != government_of(key):
            return None
        found = w.mention_span(text, speaker.name)
        if found is None or found[0] == 0:
            return None
        end = next((b for a, b in w.clause_spans(text, wording) if a <= found[0] < b), len(text))
        span = w.span_if_extract(text, found[0], end, wording)
    elif key in (Section.NEXT_STEPS.value, Section.RISK.value):
        kind = "future" if key == Section.NEXT_STEPS.value else "risk cues"
        words = cue_words(head, kind) or (cue_words(head, "request") if kind == "future" else [])
        span = w.clause_with(text, words, wording)
    if span is None:
        return None
    piece = w.sentence_end(text[span[0] : span[1]].strip().rstrip(",;:"))
    if span[0] > 0:
        name = reference_name(head, article, wording)
        if name and w.mention_span(piece, head.speaker.name if head.speaker else "") is None:
            return f"[{wording.attribution.format(name=name)}] {piece}"
        return f"{w.ELLIPSIS} {piece}"
    return piece


def tag(label_key: str, governments: Mapping[str, str]) -> str:
    """Return the short tag of another section an item belongs to ("also a risk")."""
    tags = w.load_wording().tags
    if label_key.startswith(Section.POSITION.value):
        code = government_of(label_key) or ""
        return tags["position"].format(government=governments.get(code, code))
    return tags.get(label_key, label_key)


def low_confidence_tag() -> str:
    """Return the tag of an item below the template's confidence mark."""
    return w.load_wording().tags["low_confidence"]


# --------------------------------------------------------------------------- key points


def shorten(text: str) -> str:
    """Return a key point's text: no leading connective, its main clause only."""
    wording = w.load_wording()
    text = text.removeprefix(f"{w.ELLIPSIS} ")
    text = w.drop_connective(text, wording)
    if text[:1].islower():
        text = f"[{text[0].upper()}]{text[1:]}"
    short, cut = w.main_clause(text, wording)
    return f"{short} {w.ELLIPSIS}" if cut else w.sentence_end(short)


def _risk_weight(item: BriefItem) -> tuple[int, float]:
    cues = 0
    for reason in item.reasons:
        match = _CUE_REASON.match(reason)
        if match and match.group("kind") == "risk cues":
            cues = len(_QUOTED.findall(match.group("cues")))
    return cues, item.confidence


def _central(items: Sequence[BriefItem]) -> list[BriefItem]:
    """A section's items by centrality: cited by most articles first, then in order."""
    return sorted(items, key=lambda i: -len({c.article_id for c in i.citations}))


def key_point_candidates(sections: Sequence[BriefSection]) -> list[list[BriefItem]]:
    """Return the key point slots in order, each its candidates best first.

    The slots: each government's central stance, the gravest risk (most risk cues, then
    confidence), the next step (the first of its section).
    """
    order = w.load_wording().key_order
    slots: list[list[BriefItem]] = []
    for part in order:
        if part == "positions":
            slots += [
                _central(s.items)
                for s in sections
                if s.key.startswith(Section.POSITION.value) and s.items
            ]
            continue
        items = next((s.items for s in sections if s.key == part), ())
        if part == Section.RISK.value:
            slots.append(sorted(items, key=_risk_weight, reverse=True))
        elif part == Section.NEXT_STEPS.value:
            slots.append(list(items))
    return [slot for slot in slots if slot]


def key_points(
    sections: Sequence[BriefSection], limit: int, pinned: Sequence[BriefItem] = ()
) -> tuple[BriefItem, ...]:
    """Return the key points: pins first, then one item per slot, shortened, up to ``limit``.

    An item already used (a pin, or the same sentence in an earlier slot) gives way to
    the slot's next candidate.
    """
    out = list(pinned)
    taken = {p.id for p in pinned}
    for slot in key_point_candidates(sections):
        if len(out) >= limit:
            break
        item = next((i for i in slot if i.id not in taken), None)
        if item is None:
            continue
        taken.add(item.id)
        out.append(
            dataclasses.replace(item, section="key_points", text=shorten(item.text), tags=())
        )
    return tuple(out)


# --------------------------------------------------------------------------- timeline


def event_days(unit: Unit, article: Article) -> list[dt.date]:
    """Return the calendar days a unit's sentences date events to (none without a date)."""
    wording = w.load_wording()
    base = w.parse_iso(article.date)
    days: list[dt.date] = []
    for part in unit.parts:
        if base is not None:
            days += [d for _, _, d in w.relative_days(part.text, base, wording)]
        days += w.absolute_days(part.text, base)
    return sorted(set(days))


def timeline_item(item: BriefItem, day: dt.date) -> BriefItem:
    """Return a timeline entry: the item's main clause, dated."""
    return dataclasses.replace(
        item, section="timeline", text=shorten(item.text), tags=(), when=day.isoformat()
    )


# --------------------------------------------------------------------------- one page


def item_words(item: BriefItem) -> int:
    """Return how many words an item prints (its text, citations and tags)."""
    return len(item.text.split()) + len(item.citations) + sum(len(t.split()) for t in item.tags)


#: How much more readily background gives way than the other sections.
_BACKGROUND_WEIGHT = 1.5


def fit_words(
    sections: Sequence[BriefSection], budget: int, keep: set[str]
) -> tuple[list[BriefSection], int]:
    """Trim the sections to ``budget`` words, dropping the least important items first.

    The section with the most words (background counting half again) loses its last item
    (news puts the least important last) that is not in ``keep`` (the sources of the key
    points); every section keeps its first item. Deterministic.

    Returns:
        The sections, trimmed, and how many items were dropped.
    """
    words = [sum(item_words(i) for i in s.items) for s in sections]
    weights = [_BACKGROUND_WEIGHT if s.key == Section.BACKGROUND.value else 1.0 for s in sections]
    # Each section's droppable items, last on top: dropping the last one never moves the
    # others, so the stacks stay valid and each step costs one pass over the sections.
    droppable = [[k for k in range(1, len(s.items)) if s.items[k].id not in keep] for s in sections]
    gone: set[tuple[int, int]] = set()
    total = sum(words)
    while total > budget:
        best: tuple[float, int] | None = None
        for n, stack in enumerate(droppable):
            if stack and (best is None or weights[n] * words[n] > best[0]):
                best = (weights[n] * words[n], n)
        if best is None:
            break
        n = best[1]
        k = droppable[n].pop()
        gone.add((n, k))
        lost = item_words(sections[n].items[k])
        words[n] -= lost
        total -= lost
    dropped = len(gone)
    trimmed = [
        dataclasses.replace(s, items=tuple(i for k, i in enumerate(s.items) if (n, k) not in gone))
        for n, s in enumerate(sections)
    ]
    return trimmed, dropped
