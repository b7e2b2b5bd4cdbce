"""The one place that decides the pair of governments of a brief.

``--pair`` wins (``given_pair`` checks it against the registry); else the two most
salient governments of all the articles (``rank_governments`` over each article's raw
body salience, from the parse cache or a fresh parse, plus its headline: ``salience``).
A build decides its pair once (``decide_pair``) and keeps it on ``Classified.pair``;
``parties`` turns it into the brief's two ``Party`` records.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from briefing.classify import body_salience, headline_salience, rank_governments
from briefing.errors import BriefingError
from briefing.model import Article, Party
from briefing.nlp.pipeline import ParsedArticle
from briefing.nlp.registry import Registry

Pair = tuple[str, str]


def given_pair(pair: Sequence[str] | None, registry: Registry) -> Pair | None:
    """Validate a user-given pair of codes ("MEX,USA"); None when none was given.

    Raises:
        BriefingError: when a code is unknown or the pair is not two codes.
    """
    if not pair:
        return None
    codes = tuple(c.strip().upper() for c in pair if c.strip())
    if len(codes) != 2 or codes[0] == codes[1]:
        raise BriefingError(
            f"--pair needs two different government codes, such as MEX,USA (got {','.join(pair)})."
        )
    for code in codes:
        registry.government(code)
    return codes[0], codes[1]


def salience(article: Article, body: Mapping[str, int], registry: Registry) -> Counter[str]:
    """Return an article's raw salience: its body counts plus its headline's."""
    return Counter(body) + headline_salience(article.title, registry)


def parsed_mentions(parsed: Iterable[ParsedArticle], registry: Registry) -> list[Counter[str]]:
    """Return the raw salience of each freshly parsed article (``salience``)."""
    return [salience(pa.article, body_salience(pa), registry) for pa in parsed]


def ranked_pair(counts: Mapping[str, int], registry: Registry) -> Pair:
    """Return the two governments with the highest raw counts (("", "") for none)."""
    return rank_governments(counts, registry)


def decide_pair(
    given: Sequence[str] | None, mentions: Iterable[Mapping[str, int]], registry: Registry
) -> Pair:
    """Return the pair of a brief: ``given`` (``--pair``), else the most salient two.

    Args:
        given: the codes of ``--pair``, or None.
        mentions: each article's raw salience (``salience``).
        registry: the actor registry.

    Raises:
        BriefingError: ``given`` is not a valid pair.
    """
    chosen = given_pair(given, registry)
    if chosen is not None:
        return chosen
    total: Counter[str] = Counter()
    for counts in mentions:
        total.update(counts)
    return ranked_pair(total, registry)


def parties(pair: Pair, registry: Registry) -> tuple[Party, Party]:
    """Return the brief's two governments as ``Party`` records.

    Raises:
        BriefingError: the pair lacks a government (none found in the articles).
    """
    if not pair[0] or not pair[1]:
        raise BriefingError(
            "Could not find two governments in the articles. Pass them with --pair, "
            "for example --pair MEX,USA."
        )
    found = [
        Party(
            code=c,
            name=registry.government(c).name,
            display=registry.government(c).display,
        )
        for c in pair
    ]
    return found[0], found[1]


__all__ = [
    "Pair",
    "decide_pair",
    "given_pair",
    "parsed_mentions",
    "parties",
    "ranked_pair",
    "salience",
]
