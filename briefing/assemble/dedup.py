"""Wire copy: one sentence reprinted by several articles becomes one item.

``fingerprint`` gives a sentence its stable id; ``cluster_duplicates`` groups exact copies
and light edits (min-hashes of word bigrams pick the candidate pairs).
"""

from __future__ import annotations

import hashlib
import itertools
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterator, Mapping, Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from briefing.model import (
    Sentence,
)

_NORM = re.compile(r"[\W_]+")
_NUMBER = re.compile(r"\d+")
#: Words whose presence in one copy and not the other flips the meaning ("don't" -> "t").
_NEGATIONS = frozenset({"not", "no", "never", "nor", "neither", "none", "nothing", "cannot", "t"})
#: How many min-hash functions pick the candidate pairs of near-duplicates.
_MINHASHES = 6
#: A bigram found in more distinct texts than this (or 1 %) is too common to pair them.
_COMMON_BIGRAM = 50
_MERSENNE = (1 << 61) - 1
#: Bits of a text's index in a bucket signature (``_buckets``).
_TEXT_BITS = 40
_SALTS = tuple((2 * k + 1) * 0x9E3779B97F4A7C15 % _MERSENNE for k in range(1, _MINHASHES + 1))


def _norm(text: str) -> str:
    """Normalise a sentence for duplicate detection (case, punctuation, spacing)."""
    return _NORM.sub(" ", text.lower()).strip()


def fingerprint(article_id: str, text: str) -> str:
    """Return the stable short id of a sentence: a hash of its article and normalised text.

    Args:
        article_id: the ``Article.id`` of the sentence.
        text: the sentence text; case, punctuation and spacing do not change the result.

    Returns:
        Ten lower-case hex digits.
    """
    return _fingerprint(article_id, _norm(text))


def _fingerprint(article_id: str, norm: str) -> str:
    return hashlib.sha256(f"{article_id}\x1f{norm}".encode()).hexdigest()[:10]


def similarity(a: str, b: str) -> int:
    """Return how similar two sentences are, in order (0-100, after normalising).

    The normalised Indel similarity of the two texts as character sequences (rapidfuzz's
    ``fuzz.ratio``): unlike a token-set ratio it sees word order, so "A accused B" and
    "B accused A" are not the same sentence.
    """
    return _similarity(_norm(a), _norm(b))


def _similarity(na: str, nb: str) -> int:
    return 100 if na == nb else round(fuzz.ratio(na, nb))


def _moved_words(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two word sequences hold a word that moved: the same words in another order.

    Aligning them deletes the word in one place and inserts it in another ("A accused B"
    and "B accused A").
    """
    removed: Counter[str] = Counter()
    added: Counter[str] = Counter()
    for op in Indel.opcodes(a, b):
        if op.tag in ("delete", "replace"):
            removed.update(a[op.src_start : op.src_end])
        if op.tag in ("insert", "replace"):
            added.update(b[op.dest_start : op.dest_end])
    return bool(removed & added)


def _bigrams(words: Sequence[str]) -> set[int]:
    """Return the word bigrams of a text, hashed (deterministic across runs)."""
    return {zlib.crc32(f"{a} {b}".encode()) for a, b in itertools.pairwise(words)}


def _minhashes(grams: set[int]) -> list[int]:
    """Return ``_MINHASHES`` min-hashes of a set of hashed bigrams."""
    return [min((salt * g + 1) % _MERSENNE for g in grams) for salt in _SALTS]


def _mergeable(a: list[str], b: list[str], threshold: float) -> bool:
    """Whether two different normalised sentences (as words) are light edits of each other.

    Never when they differ in a number or a negation, or hold the same words in another
    order (a role swap); else when their in-order similarity reaches ``threshold``.
    """
    if min(len(a), len(b)) / max(len(a), len(b)) < 0.75:
        return False
    # The similarity first: it is the cheapest test and the one most candidate pairs fail.
    if not fuzz.ratio(" ".join(a), " ".join(b), score_cutoff=threshold):
        return False
    counts_a, counts_b = Counter(a), Counter(b)
    diff = set((counts_a - counts_b) + (counts_b - counts_a))
    if diff & _NEGATIONS or any(_NUMBER.search(w) for w in diff):
        return False
    return not _moved_words(a, b)


def _buckets(norms: Mapping[int, str], min_words: int) -> Iterator[list[int]]:
    """Yield the min-hash buckets of the texts (index -> normalised text) of two texts or more.

    Each text of at least ``min_words`` words falls into ``_MINHASHES`` buckets, one per
    min-hash of its rare bigrams; a bucket lists its texts in increasing index. The
    bigrams are made twice (to count them, then to hash the rare ones) rather than held
    for every text: a folder of 40,000 sentences held hundreds of megabytes of them.
    """
    least = max(min_words, 2)
    frequency: Counter[int] = Counter()
    counted = 0
    for norm in norms.values():
        words = norm.split()
        if len(words) >= least:
            frequency.update(_bigrams(words))
            counted += 1
    # Bigrams that many texts share ("of the") say nothing about copies and would put
    # unrelated texts in one bucket: leave them out of the min-hashes.
    common = max(_COMMON_BIGRAM, counted // 100)
    # One int per (min-hash, function, text), so they sort by bucket, then by text.
    signatures: list[int] = []
    for i in sorted(norms):
        words = norms[i].split()
        if len(words) < least:
            continue
        rare = {g for g in _bigrams(words) if frequency[g] <= common}
        if rare:
            signatures.extend(
                (h << 3 | k) << _TEXT_BITS | i for k, h in enumerate(_minhashes(rare))
            )
    del frequency
    signatures.sort()
    mask = (1 << _TEXT_BITS) - 1
    for _key, run in itertools.groupby(signatures, key=lambda s: s >> _TEXT_BITS):
        bucket = [s & mask for s in run]
        if len(bucket) > 1:
            yield bucket


def _guard_key(words: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return what two texts must share to pass ``_mergeable``'s number and negation guard.

    ``_mergeable`` refuses two texts whose counts of any number or negation word differ,
    so texts with different keys (their sorted number words, their sorted negations) are
    never light edits of each other and need no comparison.
    """
    numbers = sorted(w for w in words if _NUMBER.search(w))
    negations = sorted(w for w in words if w in _NEGATIONS)
    return tuple(numbers), tuple(negations)


def _split(bucket: Sequence[int], guards: Mapping[int, Hashable]) -> list[list[int]]:
    """Split a min-hash bucket into the texts that share a guard key (``_guard_key``).

    Near-identical texts that differ only in their numbers (generated wire copy, tables
    read as sentences) share bigrams and fill one bucket; split by key they never meet,
    so the pairs compared stay about linear in the number of texts.
    """
    parts: dict[Hashable, list[int]] = defaultdict(list)
    for i in bucket:
        parts[guards[i]].append(i)
    return [p for p in parts.values() if len(p) > 1]


# Complexity: the merge guards (keys, lengths, numbers, negations, moved words) sit side by
# side in one pass over the candidate pairs, where they read as one rule.
def cluster_duplicates(  # noqa: C901 - the merge guards read as one rule
    texts: Sequence[str],
    *,
    threshold: float = 90.0,
    min_words: int = 6,
    keys: Sequence[Hashable] | None = None,
) -> list[list[int]]:
    """Group the indices of texts that are copies of each other.

    Texts group only within the same key (``keys``: the speaker's government and the
    primary label of each sentence, so two governments' statements, or a position and a
    risk, never become one item). Identical texts (ignoring case, punctuation and
    spacing) always group. With ``threshold`` below 100, texts of at least ``min_words``
    words also group when their in-order similarity (``similarity``) reaches
    ``threshold``, their lengths are within 25 %, they differ in no number and no negation
    and hold no word moved elsewhere (a role swap). Candidate pairs come from min-hashes
    of word bigrams, and only texts of one bucket with the same numbers and negations
    (``_guard_key``) are compared, so the cost grows with the number of texts, not its
    square; grouping is transitive.

    Args:
        texts: the sentences, in document order.
        threshold: the least similarity (0-100) for a light edit to merge.
        min_words: texts shorter than this merge only when identical.
        keys: one key per text; texts with different keys never group (default: one key).

    Returns:
        The groups, each a list of indices in increasing order, ordered by their first index.
    """
    if keys is not None:
        if len(keys) != len(texts):
            raise ValueError(f"{len(keys)} keys for {len(texts)} texts")
        by_key: dict[Hashable, list[int]] = defaultdict(list)
        for i, key in enumerate(keys):
            by_key[key].append(i)
        grouped: list[list[int]] = []
        for indices in by_key.values():
            sub = cluster_duplicates(
                [texts[i] for i in indices], threshold=threshold, min_words=min_words
            )
            grouped.extend([indices[j] for j in group] for group in sub)
        return sorted(grouped, key=lambda g: g[0])
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    firsts: dict[str, int] = {}
    for i, text in enumerate(texts):
        norm = _norm(text)
        if norm in firsts:
            union(firsts[norm], i)
        else:
            firsts[norm] = i
    if threshold < 100:
        norms = {i: norm for norm, i in firsts.items()}
        guards: dict[int, Hashable] = {}
        for bucket in _buckets(norms, min_words):
            for i in bucket:
                if i not in guards:
                    guards[i] = _guard_key(norms[i].split())
            for part in _split(bucket, guards):
                words = [norms[i].split() for i in part]
                for n, i in enumerate(part):
                    for m in range(n + 1, len(part)):
                        j = part[m]
                        if find(i) != find(j) and _mergeable(words[n], words[m], threshold):
                            union(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(texts)):
        groups[find(i)].append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def dedup_key(sentence: Sentence) -> tuple[str | None, str | None]:
    """Return what two copies of a sentence must share to merge: speaker government, label.

    Copies whose speakers belong to different governments, or whose primary labels differ
    (one government's position and the other's, a position and a risk), are separate
    statements, whatever their words.
    """
    government = sentence.speaker.government if sentence.speaker is not None else None
    return government, sentence.labels[0] if sentence.labels else None
