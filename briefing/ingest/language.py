"""Tell English articles from the rest, so a foreign article is skipped, not mis-classified.

briefing's pipeline reads English; run on Spanish or Russian text it would still
place sentences in the brief, wrongly. ``ingest`` asks ``detect_language`` about each
article's body text and skips the ones written in another language.

Two steps keep this fast and dependable:

1. the share of English function words ("the", "of", "said", ...; the list is data in
   ``briefing/data/en/ingest.toml``): English news prose scores 0.25-0.4, other languages
   under 0.15, so a share at or over ``english_share`` settles it at once, without
   loading anything;
2. only for text under that share, py3langid (a Naive Bayes identifier over byte
   n-grams for 97 languages, shipped with its model, offline and deterministic)
   names the language. Its model takes about 2.5 s to load, so it is loaded on first
   need and kept for the process.

A text too short to judge (fewer than ``min_letters`` letters, a CJK character or
Hangul syllable counting as three) is never skipped,
and neither is one the identifier is unsure about (below ``min_confidence``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

logger = logging.getLogger(__name__)

UNDETERMINED = "und"
"""The code of a text whose language was not determined."""

NO_LANGUAGE = "zxx"
"""The ISO 639 code py3langid gives text in no language (random letters, encoded data)."""

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_DENSE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True, slots=True)
class LanguageRules:
    """The ``[language]`` tables of ``briefing/data/ingest.toml`` and ``data/en/ingest.toml``.

    Attributes:
        accept: the language codes (ISO 639-1) an article may be written in.
        english_words: English function words, lower case.
        english_share: the share of English function words that marks English text.
        min_letters: the fewest letters a text needs to be judged.
        min_confidence: the least identifier confidence that skips an article.
        sample_chars: how many characters of the text are looked at.
    """

    accept: frozenset[str]
    english_words: frozenset[str]
    english_share: float
    min_letters: int
    min_confidence: float
    sample_chars: int

    @classmethod
    def from_table(cls, table: Mapping[str, Any]) -> LanguageRules:
        """Build the rules from the parsed ``[language]`` table.

        Raises:
            KeyError: a key is missing.
            ValueError: a value is out of range.
        """
        rules = cls(
            accept=frozenset(str(c).lower() for c in table["accept"]),
            english_words=frozenset(str(w).lower() for w in table["english_words"]),
            english_share=float(table["english_share"]),
            min_letters=int(table["min_letters"]),
            min_confidence=float(table["min_confidence"]),
            sample_chars=int(table["sample_chars"]),
        )
        if not 0 < rules.english_share < 1 or not 0 < rules.min_confidence <= 1:
            raise ValueError("[language] english_share and min_confidence must be in (0, 1]")
        return rules


@dataclass(frozen=True, slots=True)
class Detection:
    """The language of a text.

    Attributes:
        code: ISO 639-1 code ("en", "es"), or "und" when not determined.
        confidence: how sure the detector is, in [0, 1].
        method: "function words", "py3langid" or "too short".
        english_share: the share of English function words among the words.
    """

    code: str
    confidence: float
    method: str
    english_share: float = 0.0

    @property
    def name(self) -> str:
        """The language's English name ("Spanish"), or its code when unknown."""
        return language_name(self.code)


def language_name(code: str) -> str:
    """Return the English name of an ISO 639-1 (or 639-3) code, else the code itself."""
    if code == UNDETERMINED:
        return "undetermined"
    import pycountry

    found = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
    found = found or pycountry.languages.get(alpha_3=code)
    return str(found.name) if found is not None else code


@cache
def _identifier() -> Any:
    """Load py3langid's model once per process (about 2.5 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    logger.debug("loading the py3langid language model")
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, rules: LanguageRules) -> Detection:
    """Return the language of ``text`` (see the module docstring for how).

    Args:
        text: the text to judge (an article's body).
        rules: the ``[language]`` rules.

    Returns:
        The detection; ``code`` is "und" for a text too short to judge.
    """
    sample = text[: rules.sample_chars]
    words = _WORD.findall(sample.casefold())
    # A Chinese or Japanese character, or a Hangul syllable, carries about a word.
    dense = len(_DENSE.findall(sample))
    if sum(map(len, words)) + 2 * dense < rules.min_letters:
        return Detection(UNDETERMINED, 0.0, "too short")
    share = sum(w in rules.english_words for w in words) / len(words)
    if share >= rules.english_share:
        return Detection("en", 1.0, "function words", share)
    code, confidence = _identifier().classify(sample)
    return Detection(str(code), float(confidence), "py3langid", share)


def is_accepted(detection: Detection, rules: LanguageRules) -> bool:
    """Whether an article in this language is read: accepted, undetermined or unsure."""
    return (
        detection.code in rules.accept
        or detection.code == UNDETERMINED
        or detection.confidence < rules.min_confidence
    )
