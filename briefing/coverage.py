"""Is the brief about what the articles are about? Coverage warnings, pure.

A brief built for a pair of governments the articles do not cover is confident about
nothing: ``coverage_warnings`` says so when a government of the pair never speaks (no
sentence is attributed to it), when the two are never named in the same article, and
when the articles span several pairs (each article's own two most salient governments),
listing the top pairs with their article counts. The build prints the warnings on stderr
and keeps them in the brief (and so in the review).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from briefing.model import Sentence, government_of

#: How many pairs a several-pairs warning lists.
TOP_PAIRS = 5


def pair_text(pair: Sequence[str]) -> str:
    """Return a pair as printed in warnings ("MEX–USA")."""
    return "\u2013".join(pair)


def _articles(n: int) -> str:
    return f"{n} article{'s' if n != 1 else ''}"


def speaks(code: str, sentences: Sequence[Sentence]) -> bool:
    """Whether any sentence is attributed to ``code``: its speaker or a position label."""
    for s in sentences:
        if s.speaker is not None and s.speaker.government == code:
            return True
        if any(government_of(label) == code for label in s.labels):
            return True
    return False


def co_occur(pair: Sequence[str], mentions: Mapping[str, Mapping[str, int]]) -> bool:
    """Whether one article names both governments of ``pair``."""
    return any(all(counts.get(code, 0) > 0 for code in pair) for counts in mentions.values())


def pair_counts(article_pairs: Mapping[str, tuple[str, str]]) -> list[tuple[tuple[str, str], int]]:
    """Return each pair (codes sorted) with how many articles are about it, most first."""
    counts: Counter[tuple[str, str]] = Counter()
    for a, b in article_pairs.values():
        if a and b:
            first, second = sorted((a, b))
            counts[(first, second)] += 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def off_topic(pair: Sequence[str], mentions: Mapping[str, Mapping[str, int]]) -> list[str]:
    """The articles about other governments only: they name some, but neither of the pair.

    They are left out of a brief. An article that names no government at all stays (it
    cannot be told apart). When no article names either government (a ``--pair`` the
    articles are not about), none is left out: the brief is built from them all, and
    ``coverage_warnings`` says so.
    """
    names_pair = {a for a, counts in mentions.items() if any(counts.get(c, 0) > 0 for c in pair)}
    if not names_pair:
        return []
    return [a for a, counts in mentions.items() if any(counts.values()) and a not in names_pair]


def off_topic_warning(pair: Sequence[str], names: Mapping[str, str], left: Sequence[str]) -> str:
    """The warning that lists the articles ``off_topic`` left out of the brief."""
    a, b = (names.get(c, c) for c in pair)
    more = f" and {len(left) - TOP_PAIRS} more" if len(left) > TOP_PAIRS else ""
    return (
        f"warning: {_articles(len(left))} left out of the brief, naming neither {a} nor {b}: "
        f"{', '.join(left[:TOP_PAIRS])}{more}. Build a brief of their own pair from them."
    )


def coverage_warnings(
    pair: tuple[str, str],
    names: Mapping[str, str],
    sentences: Sequence[Sentence],
    mentions: Mapping[str, Mapping[str, int]],
    article_pairs: Mapping[str, tuple[str, str]],
) -> list[str]:
    """Return the coverage warnings of a brief on ``pair``.

    Args:
        pair: the brief's two governments.
        names: display names by code ("MEX" -> "Mexico").
        sentences: the classified sentences of the brief's articles.
        mentions: per article, how often each government is named (raw salience).
        article_pairs: per article, its own two most salient governments.

    Returns:
        The warnings, each one line starting with "warning: ", in a fixed order.
    """
    ranked = pair_counts(article_pairs)
    own = f" The articles are mostly about {pair_text(ranked[0][0])}." if ranked else ""
    out: list[str] = []
    flag = f"--pair {','.join(pair)}"
    for code in pair:
        if not speaks(code, sentences):
            out.append(
                f"warning: {names.get(code, code)} ({code}) never speaks in these articles: "
                f"no sentence is attributed to its government. Check {flag}.{own}"
            )
    if mentions and not co_occur(pair, mentions):
        a, b = (names.get(c, c) for c in pair)
        out.append(
            f"warning: {a} and {b} are never named in the same article, so the brief rests "
            f"on no article about both. Check {flag}.{own}"
        )
    if len(ranked) > 1:
        top = ", ".join(f"{pair_text(p)} ({_articles(n)})" for p, n in ranked[:TOP_PAIRS])
        more = f" and {len(ranked) - TOP_PAIRS} more" if len(ranked) > TOP_PAIRS else ""
        out.append(
            f"warning: the articles cover {len(ranked)} pairs of governments; this brief is "
            f"on {pair_text(pair)}. Top pairs: {top}{more}. Build one brief per pair "
            "(a folder per pair, or --pair)."
        )
    return out
