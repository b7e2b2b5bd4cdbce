"""Classifying an article the moment it is parsed, for the pair the build is likely to pick.

A build decides its pair from every article's salience (``briefing.app.pair``), so it
can classify only once all articles are parsed. Until then it keeps the Docs of a few
hundred thousand characters (``RETAINED_CHARS``); the other articles' Docs are decoded
again from the parse cache to be classified, which cost a build of 1,000 articles
about as much CPU as rendering its brief.

``EarlyClassifier`` classifies each article parsed in this process while its Docs are
in hand, for the pair the salience of the articles parsed so far names (``--pair`` when
given). An article's classification is a function of the article and the pair alone,
so when the build's pair is the one guessed (in a folder about one pair, it is, once
a few articles are parsed) the sentences are the ones classifying later would give, and
the build takes them (``take``) instead of decoding and classifying the article again.
A guess the build's pair does not confirm is dropped and the article classified as
before, from its parse cache entry: classifying changes an article's Docs (the pair's
contextual aliases), so its retained Docs are dropped once it is classified early.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence

from briefing.app.cache import CachedArticle, serves_pair
from briefing.app.pair import Pair, given_pair, ranked_pair, salience
from briefing.classify import Cues, classify_articles
from briefing.errors import BriefingError
from briefing.model import Sentence
from briefing.nlp.pipeline import ParsedArticle
from briefing.nlp.registry import Registry

logger = logging.getLogger(__name__)


class EarlyClassifier:
    """Classifies parsed articles for a guessed pair; hands over what the real pair confirms.

    Args:
        given: the codes of ``--pair``, or None (the pair is guessed from the salience).
        registry: the actor registry.
        cues: the cue lexicons.
    """

    def __init__(self, given: Sequence[str] | None, registry: Registry, cues: Cues) -> None:
        self.registry = registry
        self.cues = cues
        try:
            self.given = given_pair(given, registry)
            self.usable = True
        except BriefingError:  # reported when the build decides its pair, as before
            self.given, self.usable = None, False
        self.total: Counter[str] = Counter()
        self._results: dict[int, tuple[CachedArticle, Pair, list[Sentence]]] = {}

    def guess(self, item: CachedArticle) -> Pair:
        """Add an article's salience to the totals; return the pair they name so far."""
        self.total.update(salience(item.article, item.salience, self.registry))
        return self.given or ranked_pair(self.total, self.registry)

    def classify(self, item: CachedArticle, parsed: ParsedArticle | None) -> bool:
        """Classify a just-parsed article for the guessed pair (its salience is set).

        Returns:
            Whether the article's Docs went through classification (they are then no
            longer as parsed: a later classification decodes them again).
        """
        pair = self.guess(item)
        if parsed is None or not self.usable or not (pair[0] and pair[1]):
            return False
        try:
            sentences = classify_articles([parsed], self.registry, self.cues, pair=pair)
        # A failure is the build's to report: the article is classified again, later.
        except Exception:
            logger.debug("%s: early classification failed", item.article.id, exc_info=True)
            return True
        self._results[id(item)] = (item, pair, sentences)
        return True

    def take(self, item: CachedArticle, pair: Sequence[str]) -> Callable[[], list[Sentence]] | None:
        """The article's early sentences when they are those of ``pair``, else None."""
        got = self._results.pop(id(item), None)
        if got is None or got[0] is not item or sorted(got[1]) != sorted(pair):
            return None
        sentences = got[2]
        # the pair in the other order gives the same sentences unless one holds both
        return (lambda: sentences) if serves_pair(sentences, got[1], pair) else None
