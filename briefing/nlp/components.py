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
        self._kinds: dict[str, tuple[str, str]] = {}
        for n, phrase in enumerate(registry.phrases()):
            key = f"G{n}"
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
            matcher = self.caseless if caseless else self.exact
            matcher.add(key, [nlp.make_doc(v) for v in sorted(variants)])
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
        return filter_spans(gov_spans), filter_spans(role_spans)

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
