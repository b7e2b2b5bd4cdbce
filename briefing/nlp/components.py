"""Every spaCy factory and custom extension of briefing, registered in one place.

``briefing.actor_matcher.v1`` finds the registry's surface forms (country names,
demonyms, capitals, seats of government, institutions, state media, known people)
and the generic role words (titles, institutions, non-government roles) and stores
them as span groups:

- ``doc.spans["brief_govs"]``: label_ = kind ("name", "demonym", "capital", ...),
  kb_id_ = government code;
- ``doc.spans["brief_roles"]``: label_ = "title", "institution" or "nongov".
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from briefing.nlp.registry import Registry

ACTOR_MATCHER = "briefing_actor_matcher_v1"
GOV_SPANS = "brief_govs"
ROLE_SPANS = "brief_roles"

#: Registry phrase kinds matched case-insensitively (multiword bodies are often lower-cased).
_CASELESS_KINDS = frozenset({"seat", "institution", "media"})

#: Registries by key, so the factory's config stays a plain string.
_REGISTRIES: dict[str, Registry] = {}


def pattern_docs(nlp: Language, texts: Iterable[str]) -> list[Doc]:
    """Docs of phrase patterns, tokenised as the pipeline tokenises an article.

    A text of plain words (letters only, none a tokenizer exception) is split on spaces
    without running the tokenizer: its tokens are those words. Registry names are mostly
    such texts, and tokenising thousands of them one by one cost most of the pipeline's
    start-up.
    """
    rules = nlp.tokenizer.rules or {}  # type: ignore[union-attr]
    docs = []
    for text in texts:
        words = text.split(" ")
        if all(w.isalpha() and w not in rules for w in words):
            docs.append(Doc(nlp.vocab, words=words))
        else:
            docs.append(nlp.make_doc(text))
    return docs


def use_registry(registry: Registry) -> str:
    """Make a registry available to the actor matcher factory; return its key."""
    _REGISTRIES[registry.key] = registry
    return registry.key


def register_extensions() -> None:
    """Register briefing's custom attributes once (``Span._.brief_*``)."""
    if not Span.has_extension("brief_labels"):
        Span.set_extension("brief_labels", default=None)


class ActorMatcher:
    """Find registry phrases and role words in a Doc (compute, then set_annotations)."""

    def __init__(self, nlp: Language, name: str, registry: Registry) -> None:
        self.name = name
        self.registry = registry
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.caseless = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.roles = PhraseMatcher(nlp.vocab, attr="LOWER")
        # One matcher key a (kind, government): thousands of people's names share a few
        # hundred keys, and PhraseMatcher.add costs per call.
        self._kinds: dict[str, tuple[str, str]] = {}
        patterns: dict[tuple[bool, str], list[str]] = {}
        for phrase in registry.phrases():
            key = f"{phrase.kind}|{phrase.code}"
            self._kinds[key] = (phrase.kind, phrase.code)
            variants = {phrase.text}
            if phrase.text[:1].islower():
                variants.add(
                    phrase.text[:1].upper() + phrase.text[1:]
                )  # "The bloc" opens a sentence
            if phrase.text.endswith("s"):
                variants.add(phrase.text + "'")
            caseless = (
                phrase.kind in _CASELESS_KINDS and " " in phrase.text and not phrase.text.isupper()
            )
            patterns.setdefault((caseless, key), []).extend(sorted(variants))
        for (caseless, key), texts in patterns.items():
            matcher = self.caseless if caseless else self.exact
            matcher.add(key, pattern_docs(nlp, texts))
        self.places = PhraseMatcher(nlp.vocab, attr="ORTH")
        if registry.places:
            self.places.add("PLACE", pattern_docs(nlp, registry.places))
        self._admin = frozenset(registry.admin_words)
        self._cities = frozenset(registry.cities)
        self._subdivisions = frozenset(registry.subdivisions)
        self._state_words = frozenset(registry.state_words)
        for kind, words in (
            ("title", registry.government_titles),
            ("institution", registry.generic_institutions),
            ("nongov", registry.non_government_roles),
        ):
            self.roles.add(kind, [nlp.make_doc(w) for w in words])

    def __call__(self, doc: Doc) -> Doc:
        """Find the phrases and store them as span groups."""
        govs, roles = self.find(doc)
        self.set_annotations(doc, govs, roles)
        return doc

    def find(self, doc: Doc) -> tuple[list[Span], list[Span]]:
        """Return the government spans and role spans in the Doc (longest match wins)."""
        gov_spans: list[Span] = []
        for matcher in (self.exact, self.caseless):
            for match_id, start, end in matcher(doc):
                kind, code = self._kinds[doc.vocab.strings[match_id]]
                gov_spans.append(Span(doc, start, end, label=kind, kb_id=code))
        role_spans = [
            Span(doc, start, end, label=match_id) for match_id, start, end in self.roles(doc)
        ]
        places = [doc[start:end] for _, start, end in self.places(doc)]
        govs = [g for g in filter_spans(gov_spans) if not self._inside_place(g, places)]
        return govs, filter_spans(role_spans)

    def _inside_place(self, gov: Span, places: list[Span]) -> bool:
        """True when a government form is part of a place that is no government.

        The longest name wins: "New Jersey" hides Jersey, unless the rest of the place's name
        only qualifies the form ("Hong Kong SAR"). A name a subdivision shares with a country
        is the subdivision after "<city>," or before a state word ("Atlanta, Georgia",
        "the state of Georgia", "Georgia governor").
        """
        for place in places:
            if place.start <= gov.start and gov.end <= place.end and len(place) > len(gov):
                rest = [t.text for t in place if not gov.start <= t.i < gov.end]
                if place.text in self._cities or not all(w in self._admin for w in rest):
                    return True
        if gov.text not in self._subdivisions:
            return False
        doc = gov.doc
        before = doc[max(0, gov.start - 4) : gov.start]
        if len(before) >= 2 and before[-1].text == ",":
            city = before[:-1].text
            if any(city.endswith(c) for c in self._cities):
                return True
        if len(before) >= 2 and before[-2].lower_ == "state" and before[-1].lower_ == "of":
            return True
        return gov.end < len(doc) and doc[gov.end].text in self._state_words

    def set_annotations(self, doc: Doc, govs: Iterable[Span], roles: Iterable[Span]) -> None:
        """Write the spans to ``doc.spans``."""
        doc.spans[GOV_SPANS] = list(govs)
        doc.spans[ROLE_SPANS] = list(roles)


@Language.factory(
    ACTOR_MATCHER,
    default_config={"registry_key": ""},
    requires=["token.text"],
    assigns=["doc.spans"],
)
def make_actor_matcher(nlp: Language, name: str, registry_key: str) -> ActorMatcher:
    """Create the actor matcher for a registry made available with ``use_registry``."""
    from briefing.nlp.registry import load_registry

    registry = _REGISTRIES.get(registry_key) or load_registry()
    return ActorMatcher(nlp, name, registry)
