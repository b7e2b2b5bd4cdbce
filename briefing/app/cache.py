"""The caches of a workspace: parse entries, classified sentences, and their keys.

- ``cache/<environment>/<content>.bin``: each article's parsed spaCy Docs (a ``DocBin``
  with user data and span groups, so the actor matcher's ``brief_govs``/``brief_roles``
  survive) plus its block structure and raw government salience. ``<environment>``
  (``environment_key``) hashes everything the parse depends on besides the text: the
  model's name and version, the spaCy version, the registry fingerprint, ``PIPELINE_VERSION``
  and the source of the nlp modules; ``<content>`` (``content_hash``) hashes the body
  blocks' text.
- ``classified/<key>.bin``: each article's classified sentences (checksummed JSON through
  ``briefing.codec``), keyed by everything classification depends on
  (``classification_key``).

Every entry is sealed with a SHA-256 checksum (``CorruptEntry`` when it fails). This
module (de)serialises the nlp stage's Docs without passing them on.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import struct
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

import spacy
import srsly
from spacy.language import Language
from spacy.tokens import DocBin

from briefing import classify as classify_module
from briefing import lexicons as lexicons_module
from briefing import model as model_module
from briefing.app.docbin import BriefingDocBin
from briefing.app.entries import CorruptEntry, seal, unseal
from briefing.classify import Cues, body_salience
from briefing.codec import decode, encode
from briefing.model import Article, Sentence, position_label
from briefing.nlp import components as nlp_components
from briefing.nlp import pipeline as nlp_pipeline
from briefing.nlp.pipeline import (
    PARSED_KINDS,
    ParsedArticle,
    ParsedBlock,
    model_info,
    normalise_for_parsing,
    split_sentences,
)
from briefing.nlp.registry import Registry

#: Bump when the parse of the same text changes for a reason the environment key cannot
#: see (the nlp modules' source is already part of it).
PIPELINE_VERSION = "2"
#: The layout of a cache entry (parse or classification); bump when it changes.
CACHE_FORMAT = 3

_MAGIC = b"BRIEFING-PARSE\n"
_CLASSIFIED_MAGIC = b"BRIEFING-CLASSIFIED\n"
_META_LEN = struct.Struct(">I")


def content_hash(article: Article) -> str:
    """Return the hash of what parsing an article depends on: its body blocks' text.

    Two articles with the same body text share a cache entry whatever their file name;
    a change to the text or to the blocks ingest finds changes the hash.
    """
    digest = hashlib.sha256()
    for block in article.blocks:
        if block.kind in PARSED_KINDS:
            text = article.text[block.start : block.end]
            digest.update(f"{len(text)}:".encode())
            digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@functools.cache
def _code_fingerprint() -> str:
    """Hash the source of what shapes a parse.

    Every module of ``nlp`` (the pipeline, its components, the registry and its parts)
    and the language data module (``lexicons``).
    """
    digest = hashlib.sha256()
    folder = Path(nlp_pipeline.__file__ or "").parent
    sources = [*sorted(folder.glob("*.py")), Path(lexicons_module.__file__ or "")]
    for source in sources:
        with contextlib.suppress(OSError):
            digest.update(source.read_bytes())
    return digest.hexdigest()


def _matcher_registry_key(nlp: Language, registry: Registry) -> str:
    """Return the key of the registry the pipeline's actor matcher really uses."""
    if nlp_components.ACTOR_MATCHER in nlp.pipe_names:
        used = getattr(nlp.get_pipe(nlp_components.ACTOR_MATCHER), "registry", None)
        if isinstance(used, Registry):
            return used.key
    return registry.key


def environment_key(nlp: Language, registry: Registry) -> str:
    """Return the hash of everything a parse depends on besides the article's text.

    Args:
        nlp: the pipeline (its model name and version, spaCy's version, its components).
        registry: the actor registry the matcher uses (its ``key``).

    Returns:
        A hex digest; a cache entry is valid only for the environment it was made in.
    """
    data = {
        "format": CACHE_FORMAT,
        "pipeline_version": PIPELINE_VERSION,
        "code": _code_fingerprint(),
        **model_info(nlp),
        "spacy": spacy.about.__version__,
        "pipes": list(nlp.pipe_names),
        "registry": _matcher_registry_key(nlp, registry),
    }
    blob = json.dumps(data, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()


@contextlib.contextmanager
def msgpack_decoders_snapshot() -> Iterator[None]:
    """Let srsly look up its msgpack (de)coders once instead of on every call.

    srsly scans the installed packages' entry points on every ``msgpack_loads`` and
    ``msgpack_dumps`` (about 2 ms each), and a ``DocBin`` calls them three or four times
    per Doc, which made loading a cached article cost a third of parsing it. Within this
    block the registries return a snapshot taken on entry: the same (de)coders, looked up
    once. The snapshot is removed on exit. Inside another such block it is the outer
    block's snapshot (taking one costs about 3 ms: a build decoding one article at a
    time takes it once).
    """
    registries = [srsly.msgpack_encoders, srsly.msgpack_decoders]
    patched = []
    try:
        for registry in registries:
            if "get_all" in vars(registry):  # an enclosing block's snapshot: keep it
                continue
            snapshot = dict(registry.get_all())
            try:
                registry.get_all = lambda snapshot=snapshot: dict(snapshot)
            except AttributeError:  # pragma: no cover - a catalogue with slots: stay slow
                continue
            patched.append(registry)
        yield
    finally:
        for registry in patched:
            with contextlib.suppress(AttributeError):
                del registry.get_all


def _body_lengths(article: Article) -> list[int]:
    """The length of each body block: the block structure an entry must match.

    Lengths, not offsets: two articles whose bodies are the same text at other offsets
    (another headline) share an entry.
    """
    return [b.end - b.start for b in article.blocks if b.kind in PARSED_KINDS]


def encode_entry(
    parsed: ParsedArticle, *, key: str, salience: Mapping[str, int] | None = None
) -> bytes:
    """Return the bytes of a parse cache entry: checksum, block structure, salience, DocBin.

    Args:
        parsed: a parsed article from ``parse_articles``.
        key: the entry's content hash, checked again on load.
        salience: its raw body salience (computed here when not given).
    """
    docbin = BriefingDocBin(store_user_data=True)  # DocBin's bytes, its strings found faster
    for pb in parsed.blocks:
        if pb.block.kind in PARSED_KINDS:
            if pb.doc is None:  # pragma: no cover - parse_articles parses every body block
                raise ValueError(f"{parsed.article.id}: a body block was not parsed")
            docbin.add(pb.doc)
    counts = dict(salience if salience is not None else body_salience(parsed))
    meta = json.dumps(
        {"key": key, "blocks": _body_lengths(parsed.article), "salience": counts},
        sort_keys=True,
    ).encode()
    return seal(_MAGIC, _META_LEN.pack(len(meta)) + meta + docbin.to_bytes())


def read_meta(data: bytes, article: Article, *, key: str) -> tuple[dict[str, Any], bytes]:
    """Check an entry and return its metadata and its DocBin bytes (not decoded)."""
    payload = unseal(_MAGIC, data)
    try:
        (meta_len,) = _META_LEN.unpack_from(payload)
        meta = json.loads(payload[_META_LEN.size : _META_LEN.size + meta_len])
    except (ValueError, struct.error) as exc:
        raise CorruptEntry(f"unreadable metadata ({exc})") from exc
    if (
        not isinstance(meta, dict)
        or meta.get("key") != key
        or meta.get("blocks") != _body_lengths(article)
    ):
        raise CorruptEntry("entry is for other content")
    if not isinstance(meta.get("salience"), dict):
        raise CorruptEntry("entry has no salience")
    return meta, payload[_META_LEN.size + meta_len :]


def decode_docs(docbin: bytes, article: Article, nlp: Language) -> ParsedArticle:
    """Rebuild the parsed article from an entry's DocBin bytes, checking every Doc."""
    try:
        docs = list(DocBin(store_user_data=True).from_bytes(docbin).get_docs(nlp.vocab))
    except Exception as exc:  # any failure to decode means the entry cannot be trusted
        raise CorruptEntry(f"unreadable Docs ({exc})") from exc
    blocks: list[ParsedBlock] = []
    it = iter(docs)
    for block in article.blocks:
        if block.kind not in PARSED_KINDS:
            blocks.append(ParsedBlock(block=block))
            continue
        doc = next(it, None)
        text = normalise_for_parsing(article.text[block.start : block.end])
        if doc is None or doc.text != text:
            raise CorruptEntry("a Doc does not match its block")
        blocks.append(ParsedBlock(block=block, doc=doc, sentences=split_sentences(doc)))
    if next(it, None) is not None:
        raise CorruptEntry("more Docs than body blocks")
    return ParsedArticle(article=article, blocks=blocks)


def decode_entry(data: bytes, article: Article, *, key: str, nlp: Language) -> ParsedArticle:
    """Return the parsed article stored in a cache entry, after checking everything.

    Raises:
        CorruptEntry: the entry is truncated, fails its checksum, is for other content
            or does not match the article's blocks.
    """
    _meta, docbin = read_meta(data, article, key=key)
    with msgpack_decoders_snapshot():
        return decode_docs(docbin, article, nlp)


# --------------------------------------------------------------------------- classification


_SCALARS = frozenset({str, int, float, bool, type(None)})


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    """A dataclass's field names (``fields`` builds them anew on every call)."""
    return tuple(f.name for f in fields(cls))


def _canonical(value: Any) -> Any:
    """Return a JSON-able, order-independent form of a (dataclass) value, for hashing."""
    if type(value) in _SCALARS:  # most values: the checks below would give it back
        return value
    if is_dataclass(value) and not isinstance(value, type):
        return {name: _canonical(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, set | frozenset):
        return sorted((_canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


@functools.cache
def _classify_code_fingerprint() -> str:
    """Hash the source of everything classification runs (classifier, nlp, model)."""
    digest = hashlib.sha256(_code_fingerprint().encode())
    classifier = Path(classify_module.__file__ or "").parent
    sources = [*sorted(classifier.glob("*.py")), *sorted(classifier.glob("*.json"))]
    if getattr(model_module, "__file__", None):
        sources.append(Path(str(model_module.__file__)))
    for source in sources:
        with contextlib.suppress(OSError):
            digest.update(source.read_bytes())
    return digest.hexdigest()


def article_digest(article: Article) -> str:
    """Return the hash of an article record (id, title, text, blocks, metadata).

    Its path is left out: classification never reads it, so the same folder built from
    another place (moved, or given by another relative path) reuses its classifications.
    """
    record = _canonical(article)
    if isinstance(record, dict):
        record.pop("path", None)
    blob = json.dumps(record, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()


def classification_context(env: str, registry: Registry, cues: Cues, pair: Sequence[str]) -> str:
    """Return the hash of what every article's classification depends on besides itself.

    The parse environment, the registry, the cue lexicons (their content, canonically),
    the pair of the brief in either order and the source of the classifier. The order
    matters only to a sentence holding both parties' positions (which comes first):
    the entry records the order it was made for (``encode_sentences``), and the caller
    reuses it for the other order only when no sentence holds both (``serves_pair``).
    """
    data = {
        "format": CACHE_FORMAT,
        "env": env,
        "registry": registry.key,
        "cues": _canonical(cues),
        "pair": sorted(pair),
        "code": _classify_code_fingerprint(),
    }
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()


def classification_key(article: Article, context: str) -> str:
    """Return the key of an article's classification in a ``classification_context``."""
    return hashlib.sha256(f"{context}:{article_digest(article)}".encode()).hexdigest()


def encode_sentences(sentences: Sequence[Sentence], *, key: str, pair: Sequence[str] = ()) -> bytes:
    """Return the bytes of a classification cache entry (checksummed JSON).

    ``pair``: the pair, in the order the sentences were classified for.
    """
    record = {"key": key, "pair": list(pair), "sentences": [encode(s) for s in sentences]}
    payload = json.dumps(record, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return seal(_CLASSIFIED_MAGIC, payload)


def decode_sentences(
    data: bytes, *, key: str, pair: Sequence[str] | None = None
) -> list[Sentence] | None:
    """Return the sentences of a classification cache entry.

    With ``pair``, the entry must serve it (``serves_pair``); None when it does not.

    Raises:
        CorruptEntry: the entry is truncated, fails its checksum or is for another key.
    """
    payload = unseal(_CLASSIFIED_MAGIC, data)
    try:
        record = json.loads(payload.decode("utf-8", "surrogatepass"))
        if record["key"] != key:
            raise CorruptEntry("entry is for other content")
        sentences = [decode(Sentence, r) for r in record["sentences"]]
        made_for = tuple(str(c) for c in record.get("pair", ()))
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        raise CorruptEntry(f"unreadable sentences ({exc})") from exc
    if pair is not None and not serves_pair(sentences, made_for, pair):
        return None
    return sentences


def serves_pair(
    sentences: Sequence[Sentence], made_for: Sequence[str], pair: Sequence[str]
) -> bool:
    """Whether sentences classified for ``made_for`` are what ``pair`` would give.

    The pair's order decides only which of the two positions comes first in a sentence
    that holds both; without such a sentence either order gives the same sentences.
    """
    if tuple(made_for) == tuple(pair):
        return True
    both = {position_label(c) for c in pair}
    return not any(both <= set(s.labels) for s in sentences)


@dataclass(slots=True)
class CachedArticle:
    """An article of this build with its parse-cache entry, decoded only when needed.

    Attributes:
        article: the article from ingest.
        key: its content hash (the entry's name).
        salience: raw body salience, from the entry or the fresh parse.
        parsed: the parsed article, once decoded or parsed.
        docbin: DocBin bytes to decode from when the entry could not be stored.
        stored: its entry is in the cache (checked or just written): ``load`` decodes
            it from there.
        parsed_now: parsed in this build (not found in the cache).
        failed: a stage failed on it unexpectedly (reported through ``on_error``); it is
            left out of the build.
    """

    article: Article
    key: str
    salience: Counter[str] = field(default_factory=Counter)
    parsed: ParsedArticle | None = None
    docbin: bytes | None = None
    stored: bool = False
    parsed_now: bool = False
    failed: bool = False
