"""Which governments an article is about: salience counts, the pair, the dateline's city."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Mapping, Sequence

from briefing.classify.lexicon import load_cues
from briefing.classify.syntax import SUBJECTS
from briefing.errors import RegistryError
from briefing.model import BlockKind
from briefing.nlp.actors import gov_spans
from briefing.nlp.pipeline import ParsedArticle
from briefing.nlp.registry import Registry

_TITLE_WEIGHT = 4
_TITLE_KINDS = frozenset({"name", "alias", "demonym", "people"})
_TITLE_PATTERNS: dict[str, tuple[re.Pattern[str], dict[str, str]]] = {}


@functools.cache
def _place_prepositions() -> frozenset[str]:
    return load_cues().of("place_prepositions")


def _title_pattern(registry: Registry) -> tuple[re.Pattern[str], dict[str, str]]:
    """A regex of the registry's names and demonyms, for headlines (which are not parsed)."""
    cached = _TITLE_PATTERNS.get(registry.key)
    if cached is not None:
        return cached
    forms = {
        p.text: p.code for p in registry.phrases() if p.kind in _TITLE_KINDS and len(p.text) > 2
    }
    ordered = sorted(forms, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.])(" + "|".join(re.escape(f) for f in ordered) + r")(?![\w])")
    _TITLE_PATTERNS[registry.key] = (pattern, forms)
    return pattern, forms


def body_salience(pa: ParsedArticle) -> Counter[str]:
    """Count how prominently each government figures in one article's body text, raw.

    Mentions in the first paragraphs and as subjects weigh more; a capital or seat used
    as a place ("talks in Brussels") does not count. Raw counts add up across articles.
    """
    counts: Counter[str] = Counter()
    places = _place_prepositions()
    for pb in pa.blocks:
        if pb.doc is None or pb.block.kind != BlockKind.BODY:
            continue
        first = pb.block.paragraph <= 2
        for g in gov_spans(pb.doc):
            if g.label_ in ("capital", "seat") and g.root.head.lower_ in places:
                continue
            weight = 2 if first else 1
            if g.root.dep_ in SUBJECTS or g.root.head.dep_ in SUBJECTS:
                weight += 1
            counts[g.kb_id_] += weight
    return counts


def headline_salience(title: str, registry: Registry) -> Counter[str]:
    """Count the governments named in a headline (which is not parsed), weighted, raw."""
    counts: Counter[str] = Counter()
    if title:
        pattern, forms = _title_pattern(registry)
        for m in pattern.finditer(title):
            counts[forms[m.group(1)]] += _TITLE_WEIGHT
    return counts


def rank_governments(counts: Mapping[str, int], registry: Registry | None) -> tuple[str, str]:
    """Return the two governments with the highest raw counts.

    Organisations count half, so a mediator does not displace a party; ties go by code.
    """
    total: Counter[str] = Counter(counts)
    if registry is not None:
        for code in list(total):
            try:
                kind = registry.government(code).kind
            except RegistryError:
                continue
            if kind != "country":
                total[code] = total[code] // 2
    ranked = sorted(total, key=lambda c: (-total[c], c))
    if len(ranked) >= 2:
        return ranked[0], ranked[1]
    return (ranked[0], "") if ranked else ("", "")


def government_salience(
    parsed: Sequence[ParsedArticle], registry: Registry | None = None
) -> Counter[str]:
    """Raw salience of each government over the articles: bodies plus headlines."""
    counts: Counter[str] = Counter()
    for pa in parsed:
        counts.update(body_salience(pa))
        if registry is not None:
            counts.update(headline_salience(pa.article.title, registry))
    return counts


def detect_pair(parsed: Sequence[ParsedArticle], registry: Registry) -> tuple[str, str]:
    """Return the two most salient governments of the articles."""
    return rank_governments(government_salience(parsed, registry), registry)


def dateline_government(pa: ParsedArticle, registry: Registry) -> str | None:
    """The government of the capital a dateline names ("CITY, Jan. 4 (Agency) --").

    The dateline is the one ingest found (``Article.dateline``); of two places
    ("Tokyo/Beijing"), the first.
    """
    dateline = pa.article.dateline
    if dateline is None:
        return None
    city = dateline.place.split("/")[0].strip().lower()
    for phrase in registry.phrases():
        if phrase.kind == "capital" and phrase.text.lower() == city:
            return phrase.code
    return None
