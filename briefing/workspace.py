"""The workspace of an output folder: ``OUT/.briefing/``, the state of the analyst's loop.

``briefing build SOURCES --out OUT`` keeps here what makes the next build fast and
comparable:

- ``cache/<environment>/<content>.bin``: each article's parsed spaCy Docs (a ``DocBin``
  with user data and span groups, so the actor matcher's ``brief_govs``/``brief_roles``
  survive) plus its block structure. ``<environment>`` hashes everything the parse depends
  on besides the text: the model's name and version, the spaCy version, the registry
  fingerprint (``Registry.key``), ``PIPELINE_VERSION`` and the source of the nlp modules;
  ``<content>`` hashes the body blocks' text. Each entry carries a SHA-256 checksum: a
  corrupt or half-written entry is detected, deleted and parsed again, never trusted. The
  entry also holds the article's raw government salience, so the pair of the brief is
  found without decoding the Docs.
- ``classified/<key>.bin``: each article's classified sentences (checksummed JSON), keyed
  by everything classification depends on: the article, the parse environment, the
  registry, the cue lexicons' content, the pair and the classifier's source
  (``classification_key``). A cue or registry change reclassifies; only the Docs of
  articles that must be classified again are decoded.
- ``state.json``: the last build: the brief, its review items (ids, sections, copies),
  the articles' content hashes and the reference for "New since".
- ``overrides.json``: the analyst's overrides, keyed by item id (the fingerprint of the
  sentence and its article). Human-readable; the previous version is kept as
  ``overrides.json.bak``.
- ``lock``: builds and override writes hold an exclusive ``flock`` on it, so two builds of
  one folder run one after the other, never interleaved; it names its holder (pid, host,
  command) for the message of a build that waited too long (``--wait``).
- ``txn/`` and ``manifest.json``: a build's reports, change files and state are staged in
  ``txn/``, committed by a journal of their digests, then renamed into place, the journal
  last, as ``manifest.json`` (``Transaction``); the next run completes or undoes a commit
  that was interrupted (``Workspace.recover``).

``state.json`` and ``overrides.json`` are checked against schemas (``briefing.schema``)
when read. Every file is written atomically (a temporary file in the same folder, fsynced,
then ``os.replace``). This module sits with ``build`` at the top of the stage order: it touches
files, and it (de)serialises the nlp stage's Docs without passing them on.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import hashlib
import json
import logging
import os
import shutil
import signal
import socket
import struct
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

import spacy
import srsly
from spacy.language import Language
from spacy.tokens import DocBin

from briefing import classify as classify_module
from briefing import model as model_module
from briefing.assemble import OVERRIDE_SECTIONS, Override, ReviewItem
from briefing.classify import (
    Cues,
    body_salience,
    classify_articles,
    headline_salience,
    rank_governments,
)
from briefing.errors import BriefingError, OutputError, describe_exception
from briefing.model import Actor, Article, BlockKind, Brief, Sentence
from briefing.nlp import actors as nlp_actors
from briefing.nlp import components as nlp_components
from briefing.nlp import phrases as nlp_phrases
from briefing.nlp import pipeline as nlp_pipeline
from briefing.nlp import records as nlp_records
from briefing.nlp import registry as nlp_registry
from briefing.nlp.pipeline import (
    PARSED_KINDS,
    ParsedArticle,
    ParsedBlock,
    model_info,
    normalise_for_parsing,
    parse_articles,
    split_sentences,
)
from briefing.nlp.registry import Registry
from briefing.render._common import _fsync_dir
from briefing.render._common import atomic_write as _atomic_write
from briefing.schema import (
    Anything,
    ListOf,
    MapOf,
    OneOf,
    Optional,
    Pattern,
    Record,
    SchemaError,
    check,
    first_problem,
)

logger = logging.getLogger(__name__)

#: Bump when the parse of the same text changes for a reason the environment key cannot
#: see (the nlp modules' source is already part of it).
PIPELINE_VERSION = "2"
#: The layout of a cache entry; bump when it changes.
CACHE_FORMAT = 2
#: The folder of the workspace inside an output folder.
WORKSPACE_DIR = ".briefing"
#: The version of state.json and overrides.json.
STATE_VERSION = 1
#: Seconds a build (or an override) waits for another process holding the lock.
DEFAULT_WAIT = 120.0
#: Environments (model, registry, code) whose cache is kept besides the current one.
KEEP_ENVIRONMENTS = 2

_MAGIC = b"BRIEFING-PARSE\n"
_CLASSIFIED_MAGIC = b"BRIEFING-CLASSIFIED\n"
_HEADER = struct.Struct(">32sQ")  # sha256 of the payload, payload length
_META_LEN = struct.Struct(">I")


class WorkspaceError(BriefingError):
    """A workspace file is unusable; the message names it and says the fix."""


class CorruptEntry(Exception):
    """A cache entry failed its checks (internal: the entry is parsed again)."""


@dataclass(slots=True)
class ParseStats:
    """What ``Workspace.parse`` did, per article id (tests and progress read it).

    Attributes:
        parsed: articles parsed by the pipeline in this build.
        cached: articles loaded from the cache.
        corrupt: articles whose cache entry was corrupt (they were parsed again).
        classified: articles classified in this build.
        reused: articles whose classification came from the cache (nothing it depends on
            changed).
    """

    parsed: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    corrupt: list[str] = field(default_factory=list)
    classified: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """Return a one-line summary ("parsed 1 article(s), 2 from the cache")."""
        text = f"parsed {len(self.parsed)} article(s), {len(self.cached)} from the cache"
        if self.corrupt:
            text += f" ({len(self.corrupt)} corrupt cache entry(ies) parsed again)"
        return text


@dataclass(slots=True)
class State:
    """The last build of a workspace (``state.json``).

    Attributes:
        brief: the brief as built (``Brief.to_dict()``).
        items: its review items, then the dropped ones.
        articles: the content hash of each article, by id.
        since: the reference of "New since": ``{"date", "articles"}`` of the last build
            with another set of articles, or None.
        stale: overrides that matched no sentence.
        reports: the SHA-256 of each file written into the output folder, by name, so a
            later build may replace them without ``--force`` (but not files edited since).
        sources: the SOURCES of the build, as given.
    """

    brief: dict[str, Any]
    items: list[ReviewItem]
    articles: dict[str, str]
    since: dict[str, Any] | None = None
    stale: list[Override] = field(default_factory=list)
    reports: dict[str, str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)

    @property
    def date(self) -> str:
        """The date of the brief."""
        return str(self.brief.get("date", ""))

    def load_brief(self) -> Brief:
        """Return the brief as a model object."""
        return Brief.from_dict(self.brief)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON record of ``state.json``."""
        return {
            "version": STATE_VERSION,
            "brief": self.brief,
            "items": [i.to_dict() for i in self.items],
            "articles": dict(sorted(self.articles.items())),
            "since": self.since,
            "stale": [{"key": o.key, **o.to_dict()} for o in self.stale],
            "reports": dict(sorted(self.reports.items())),
            "sources": list(self.sources),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> State:
        """Rebuild the state from ``to_dict`` output, checked against ``STATE_SCHEMA``.

        Raises:
            SchemaError: a field is missing or of the wrong type.
        """
        check(data, STATE_SCHEMA)
        return cls(
            brief=dict(data["brief"]),
            items=[ReviewItem.from_dict(i) for i in data["items"]],
            articles={str(k): str(v) for k, v in data["articles"].items()},
            since=data.get("since"),
            stale=[Override.from_dict(o["key"], o) for o in data.get("stale", [])],
            reports={str(k): str(v) for k, v in data.get("reports", {}).items()},
            sources=[str(s) for s in data.get("sources", [])],
        )


#: A government code as overrides and the brief carry it.
_CODE = Pattern(r"[A-Z]{3}", 'a three-letter government code such as "MEX"')
#: One entry of ``overrides.json`` (its key is the item id).
OVERRIDE_SCHEMA = Record(
    optional={
        "text": str,
        "article": str,
        "section": Optional(OneOf(OVERRIDE_SECTIONS)),
        "government": Optional(_CODE),
        "drop": bool,
        "keep": bool,
        "members": ListOf(str),
        "noted": str,
    }
)
_CITATION = Record(required={"number": int, "article_id": str, "start": int, "end": int})
_BRIEF_ITEM = Record(
    required={"text": str, "section": str, "citations": ListOf(_CITATION)},
    optional={
        "government": Optional(str),
        "confidence": float,
        "labels": ListOf(str),
        "reasons": ListOf(str),
        "id": str,
        "new": bool,
    },
    extra=True,
)
_SOURCE = Record(
    required={"number": int, "article_id": str, "title": str},
    optional={
        "outlet": str,
        "date": Optional(str),
        "path": str,
        "url": str,
        "publisher": str,
    },
)
_BRIEF = Record(
    required={
        "title": str,
        "date": str,
        "pair": ListOf(str),
        "governments": MapOf(str),
        "sections": ListOf(
            Record(
                required={"key": str, "heading": str, "items": ListOf(_BRIEF_ITEM)},
                optional={"government": Optional(str)},
                extra=True,
            )
        ),
        "sources": ListOf(_SOURCE),
    },
    extra=True,
)
_STORED_OVERRIDE = Record(required={"key": str}, optional=OVERRIDE_SCHEMA.optional)
_MEMBER = Record(
    required={
        "doc": str,
        "number": int,
        "start": int,
        "end": int,
        "text": str,
        "similarity": int,
        "fingerprint": str,
    }
)
_REVIEW_ITEM = Record(
    required={"id": str, "section": str, "text": str, "members": ListOf(_MEMBER)},
    optional={
        "heading": str,
        "government": Optional(str),
        "confidence": float,
        "reasons": ListOf(str),
        "new": bool,
        "dropped": bool,
        "override": Optional(_STORED_OVERRIDE),
        "context": str,
        "highlight": ListOf(int),
    },
)
#: ``state.json``: the last build.
STATE_SCHEMA = Record(
    required={
        "version": OneOf((STATE_VERSION,)),
        "brief": _BRIEF,
        "items": ListOf(_REVIEW_ITEM),
        "articles": MapOf(str),
    },
    optional={
        "since": Optional(Record(required={"date": str, "articles": MapOf(str)})),
        "stale": ListOf(_STORED_OVERRIDE),
        "reports": MapOf(str),
        "sources": ListOf(str),
    },
)
#: ``manifest.json``, the journal of the last commit: the files of one build (name relative
#: to the output folder -> SHA-256) and where each was staged.
MANIFEST_SCHEMA = Record(
    required={
        "version": OneOf((STATE_VERSION,)),
        "files": MapOf(Pattern(r"[0-9a-f]{64}", "a SHA-256 digest")),
    },
    optional={"staged": MapOf(str)},
)


def json_bytes(data: Any) -> bytes:
    """Return ``data`` as indented, key-sorted UTF-8 JSON (the workspace's readable files)."""
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def write_json(path: Path, data: Any) -> Path:
    """Write ``data`` as indented, key-sorted UTF-8 JSON, atomically."""
    return atomic_write(path, json_bytes(data))


def file_digest(path: Path) -> str:
    """Return the SHA-256 of a file's bytes (hex)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


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
    """Hash the source of the modules that shape a parse (pipeline, components, registry)."""
    digest = hashlib.sha256()
    for module in (nlp_pipeline, nlp_components, nlp_registry):
        source = getattr(module, "__file__", None)
        if source:
            with contextlib.suppress(OSError):
                digest.update(Path(source).read_bytes())
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
def _msgpack_decoders_snapshot() -> Iterator[None]:
    """Let srsly look up its msgpack (de)coders once instead of on every call.

    srsly scans the installed packages' entry points on every ``msgpack_loads`` and
    ``msgpack_dumps`` (about 2 ms each), and a ``DocBin`` calls them three or four times
    per Doc, which made loading a cached article cost a third of parsing it. Within this
    block the registries return a snapshot taken on entry: the same (de)coders, looked up
    once. The snapshot is removed on exit.
    """
    registries = [srsly.msgpack_encoders, srsly.msgpack_decoders]
    patched = []
    try:
        for registry in registries:
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


def _seal(magic: bytes, payload: bytes) -> bytes:
    """Frame a payload: magic, SHA-256 of the payload, its length, the payload."""
    return magic + _HEADER.pack(hashlib.sha256(payload).digest(), len(payload)) + payload


def _unseal(magic: bytes, data: bytes) -> bytes:
    """Return the payload of a framed entry, or raise CorruptEntry."""
    head = len(magic) + _HEADER.size
    if len(data) < head or not data.startswith(magic):
        raise CorruptEntry("bad header")
    checksum, length = _HEADER.unpack_from(data, len(magic))
    payload = data[head:]
    if len(payload) != length:
        raise CorruptEntry(f"{len(payload)} bytes of payload instead of {length}")
    if hashlib.sha256(payload).digest() != checksum:
        raise CorruptEntry("checksum mismatch")
    return payload


def atomic_write(path: Path, data: bytes) -> Path:
    """Write a workspace file atomically (the reports' writer, without the test pause hook)."""
    return _atomic_write(path, data, pause=False)


def title_salience(article: Article, registry: Registry) -> Counter[str]:
    """Return the raw headline counts of one article (``classify.headline_salience``)."""
    return headline_salience(article.title, registry)


def pair_from_salience(counts: Mapping[str, int], registry: Registry) -> tuple[str, str]:
    """Rank governments from raw counts summed over the articles (``rank_governments``)."""
    return rank_governments(counts, registry)


def encode_entry(
    parsed: ParsedArticle, *, key: str, salience: Mapping[str, int] | None = None
) -> bytes:
    """Return the bytes of a parse cache entry: checksum, block structure, salience, DocBin.

    Args:
        parsed: a parsed article from ``parse_articles``.
        key: the entry's content hash, checked again on load.
        salience: its raw body salience (computed here when not given).
    """
    docbin = DocBin(store_user_data=True)
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
    return _seal(_MAGIC, _META_LEN.pack(len(meta)) + meta + docbin.to_bytes())


def _read_meta(data: bytes, article: Article, *, key: str) -> tuple[dict[str, Any], bytes]:
    """Check an entry and return its metadata and its DocBin bytes (not decoded)."""
    payload = _unseal(_MAGIC, data)
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


def _decode_docs(docbin: bytes, article: Article, nlp: Language) -> ParsedArticle:
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
    _meta, docbin = _read_meta(data, article, key=key)
    with _msgpack_decoders_snapshot():
        return _decode_docs(docbin, article, nlp)


# --------------------------------------------------------------------------- classification


def _canonical(value: Any) -> Any:
    """Return a JSON-able, order-independent form of a (dataclass) value, for hashing."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _canonical(getattr(value, f.name)) for f in fields(value)}
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
    """Hash the source of everything classification runs (classifier, speaker resolution, model)."""
    digest = hashlib.sha256(_code_fingerprint().encode())
    classifier = Path(classify_module.__file__ or "").parent
    sources = [*sorted(classifier.glob("*.py")), *sorted(classifier.glob("*.json"))]
    for module in (nlp_actors, nlp_phrases, nlp_records, model_module):
        if getattr(module, "__file__", None):
            sources.append(Path(str(module.__file__)))
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
    the pair of the brief and the source of the classifier.
    """
    data = {
        "env": env,
        "registry": registry.key,
        "cues": _canonical(cues),
        "pair": list(pair),
        "code": _classify_code_fingerprint(),
    }
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()


def classification_key(article: Article, context: str) -> str:
    """Return the key of an article's classification in a ``classification_context``."""
    return hashlib.sha256(f"{context}:{article_digest(article)}".encode()).hexdigest()


def _sentence_record(s: Sentence) -> dict[str, Any]:
    return {
        "article_id": s.article_id,
        "start": s.start,
        "end": s.end,
        "text": s.text,
        "block_kind": s.block_kind.value,
        "paragraph": s.paragraph,
        "index": s.index,
        "speaker": None
        if s.speaker is None
        else [
            s.speaker.name,
            s.speaker.government,
            s.speaker.role,
            s.speaker.resolved_by,
            s.speaker.evidence,
        ],
        "labels": list(s.labels),
        "scores": dict(s.scores),
        "reasons": list(s.reasons),
        "glosses": [list(g) for g in s.glosses],
    }


def _sentence(record: Mapping[str, Any]) -> Sentence:
    speaker = record["speaker"]
    return Sentence(
        article_id=record["article_id"],
        start=record["start"],
        end=record["end"],
        text=record["text"],
        block_kind=BlockKind(record["block_kind"]),
        paragraph=record["paragraph"],
        index=record["index"],
        speaker=None
        if speaker is None
        else Actor(
            name=speaker[0],
            government=speaker[1],
            role=speaker[2],
            resolved_by=speaker[3],
            evidence=speaker[4] if len(speaker) > 4 else "",
        ),
        labels=tuple(record["labels"]),
        scores=dict(record["scores"]),
        reasons=tuple(record["reasons"]),
        glosses=tuple((int(a), int(b), str(c)) for a, b, c in record.get("glosses", ())),
    )


def encode_sentences(sentences: Sequence[Sentence], *, key: str) -> bytes:
    """Return the bytes of a classification cache entry (checksummed JSON)."""
    payload = json.dumps(
        {"key": key, "sentences": [_sentence_record(s) for s in sentences]}, ensure_ascii=False
    ).encode("utf-8", "surrogatepass")
    return _seal(_CLASSIFIED_MAGIC, payload)


def decode_sentences(data: bytes, *, key: str) -> list[Sentence]:
    """Return the sentences of a classification cache entry.

    Raises:
        CorruptEntry: the entry is truncated, fails its checksum or is for another key.
    """
    payload = _unseal(_CLASSIFIED_MAGIC, data)
    try:
        record = json.loads(payload.decode("utf-8", "surrogatepass"))
        if record["key"] != key:
            raise CorruptEntry("entry is for other content")
        return [_sentence(r) for r in record["sentences"]]
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        raise CorruptEntry(f"unreadable sentences ({exc})") from exc


@dataclass(slots=True)
class CachedArticle:
    """An article of this build with its parse-cache entry, decoded only when needed.

    Attributes:
        article: the article from ingest.
        key: its content hash (the entry's name).
        salience: raw body salience, from the entry or the fresh parse.
        parsed: the parsed article, once decoded or parsed.
        docbin: the entry's DocBin bytes, checked but not yet decoded.
        failed: a stage failed on it unexpectedly (reported through ``on_error``); it is
            left out of the build.
    """

    article: Article
    key: str
    salience: Counter[str] = field(default_factory=Counter)
    parsed: ParsedArticle | None = None
    docbin: bytes | None = None
    failed: bool = False


#: The journal of a transaction: written once every file is staged (the commit point).
JOURNAL = "COMMIT"


def unwritable(folder: Path, exc: OSError, *, committed: bool = False) -> OutputError:
    """Return the error for a folder briefing cannot write into, naming it and the fix.

    Args:
        folder: the output folder.
        exc: the error of the write.
        committed: the build's journal was written (its reports are complete), but moving
            them into place failed; the next run of briefing finishes it.
    """
    why = exc.strerror or describe_exception(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        fix = "Free some space there, or choose another --out folder."
    else:
        fix = "Make it writable, or choose another --out folder."
    outcome = (
        "The new reports are complete in its .briefing folder: the next build moves them "
        "into place."
        if committed
        else "The previous reports are unchanged."
    )
    return OutputError(f"Cannot write into {folder} ({why}). {fix} {outcome}")


@contextlib.contextmanager
def _deferred_interrupts() -> Iterator[None]:
    """Hold Ctrl-C back while a commit moves files into place (a few milliseconds).

    A commit stopped half-way would be completed by the next build anyway; holding the
    interrupt keeps "Interrupted; reports unchanged" true: an interrupted build changed
    nothing, and a build past its commit point finishes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: pending.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if pending:
            logger.warning("Ctrl-C came while the reports were being moved into place; done")


def _write_holder(handle: Any) -> None:
    """Record who holds the lock (process id, host, command) in the lock file."""
    command = " ".join(["briefing", *sys.argv[1:2]]) if sys.argv else "briefing"
    text = f"pid {os.getpid()} on {socket.gethostname()} ({command})\n"
    with contextlib.suppress(OSError):
        handle.seek(0)
        handle.truncate()
        handle.write(text.encode("utf-8", "replace"))
        handle.flush()


def _read_holder(handle: Any) -> str:
    """Return who holds the lock, as its holder recorded it."""
    try:
        handle.seek(0)
        text = handle.read(300).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return text or "an unknown process"


def _relative(path: Path, out: Path) -> str:
    """Return a path inside ``out`` as a name relative to it ("brief.pdf", ".briefing/...")."""
    return path.resolve().relative_to(out.resolve()).as_posix()


def _inside(out: Path, name: str) -> Path:
    """Return the path a journal's relative name stands for, refusing names out of ``out``."""
    relative = Path(name)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise ValueError(f"{name!r} is not a name inside the output folder")
    return out / relative


def _read_journal(path: Path) -> dict[str, Any] | None:
    """Return a transaction's journal, or None when there is none (or only half of one)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        check(data, Record(required={**MANIFEST_SCHEMA.required, **MANIFEST_SCHEMA.optional}))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        logger.warning("ignoring the unusable journal %s (%s)", path, exc)
        return None
    result: dict[str, Any] = data
    return result


def _apply_journal(workspace: Workspace, journal: Mapping[str, Any]) -> None:
    """Move every staged file of a journal into place, then make the journal the manifest.

    Only renames: nothing is written after the commit point, so a full disk cannot stop
    a commit half-way.
    """
    out = workspace.out
    folder = workspace.journal_dir
    for name, staged in sorted(journal["staged"].items()):
        source = _inside(folder, staged)
        target = _inside(out, name)
        if source.exists():
            os.replace(source, target)
    for directory in sorted({_inside(out, n).parent for n in journal["staged"]}):
        _fsync_dir(directory)
    os.replace(folder / JOURNAL, workspace.manifest_path)
    _fsync_dir(workspace.root)


class Transaction:
    """The files of one build, staged in ``.briefing/txn`` and then committed together.

    ``stage`` writes a file's new bytes (or ``adopt`` takes a file already written into
    ``folder``, such as the reports ``render`` wrote there); ``commit`` writes the journal
    (``txn/COMMIT``: each file's name and SHA-256) and only then moves every file into
    place and the journal to ``manifest.json`` (renames only). A process killed before
    the journal is complete leaves the previous files untouched (``Workspace.recover``
    deletes the staged ones); killed after, the next run of briefing moves the rest into
    place. Either way the folder ends
    with the whole old set or the whole new set, and a full disk stops the build before
    anything is replaced.
    """

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.folder = workspace.journal_dir
        shutil.rmtree(self.folder, ignore_errors=True)
        try:
            self.folder.mkdir(parents=True)
            (self.folder / "files").mkdir()
        except OSError as exc:
            raise unwritable(workspace.out, exc) from exc
        self.files: dict[str, str] = {}
        self.staged: dict[str, str] = {}

    @property
    def reports_dir(self) -> Path:
        """The folder the renderers write this build's reports into."""
        return self.folder / "files"

    def _name(self, target: Path) -> str:
        return _relative(target, self.workspace.out)

    def stage(self, target: Path, data: bytes) -> Path:
        """Stage ``data`` as the new content of ``target`` (a path inside the output folder)."""
        name = self._name(target)
        staged = f"files/{len(self.staged)}-{target.name}"
        try:
            atomic_write(self.folder / staged, data)
        except OSError as exc:
            self.abort()
            raise unwritable(self.workspace.out, exc) from exc
        self.staged[name] = staged
        self.files[name] = hashlib.sha256(data).hexdigest()
        return target

    def adopt(self, target: Path, staged: Path) -> Path:
        """Stage a file already written in ``reports_dir`` as the new content of ``target``."""
        name = self._name(target)
        self.staged[name] = staged.resolve().relative_to(self.folder.resolve()).as_posix()
        self.files[name] = file_digest(staged)
        return target

    def keep(self, target: Path, digest: str) -> Path:
        """Record a file already in place, unchanged, as part of the new set (no move)."""
        self.files[self._name(target)] = digest
        return target

    def digest(self, target: Path) -> str:
        """Return the SHA-256 of a staged (or kept) file."""
        return self.files[self._name(target)]

    def commit(self) -> None:
        """Write the journal, move every staged file into place, record the manifest.

        Raises:
            OutputError: the journal cannot be written (nothing was replaced), or a file
                cannot be moved into place (the next build completes the commit).
        """
        journal = {"version": STATE_VERSION, "files": self.files, "staged": self.staged}
        with _deferred_interrupts():
            try:
                atomic_write(self.folder / JOURNAL, json_bytes(journal))
            except OSError as exc:
                self.abort()
                raise unwritable(self.workspace.out, exc) from exc
            try:
                _apply_journal(self.workspace, journal)
            except OSError as exc:
                raise unwritable(self.workspace.out, exc, committed=True) from exc
        shutil.rmtree(self.folder, ignore_errors=True)

    def abort(self) -> None:
        """Delete the staged files: the previous set stays as it was."""
        shutil.rmtree(self.folder, ignore_errors=True)


ArticleError = Callable[[Article, str, Exception], None]
"""Called with an article a stage failed on unexpectedly, the stage's name and the error."""


class Workspace:
    """The ``.briefing`` folder of an output folder: cache, state, overrides and lock.

    Args:
        out: the output folder (the workspace is ``out/.briefing``).
        on_error: when given, an article that parsing or classification fails on
            unexpectedly is passed to it (with the stage and the error) and left out;
            when None, the error propagates.
    """

    def __init__(self, out: Path, *, on_error: ArticleError | None = None) -> None:
        self.out = Path(out)
        self.root = self.out / WORKSPACE_DIR
        self.stats = ParseStats()
        self.on_error = on_error
        #: The bad entries the last ``load_overrides`` left out, each with its id and fix.
        self.override_problems: list[str] = []

    @property
    def cache_dir(self) -> Path:
        """The folder of the parse cache."""
        return self.root / "cache"

    @property
    def classified_dir(self) -> Path:
        """The folder of the classification cache."""
        return self.root / "classified"

    @property
    def state_path(self) -> Path:
        """The state of the last build."""
        return self.root / "state.json"

    @property
    def overrides_path(self) -> Path:
        """The analyst's overrides."""
        return self.root / "overrides.json"

    @property
    def manifest_path(self) -> Path:
        """The files of the last build, with their SHA-256 (written last, by ``commit``)."""
        return self.root / "manifest.json"

    @property
    def journal_dir(self) -> Path:
        """Where a build stages its files before committing them together."""
        return self.root / "txn"

    def _make_root(self) -> None:
        """Create the workspace folder, or say clearly why it cannot be."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise unwritable(self.out, exc) from exc

    @contextlib.contextmanager
    def lock(self, *, wait: float | None = None) -> Iterator[None]:
        """Hold the workspace's exclusive lock, then finish any interrupted commit.

        While another process holds the lock, wait for it (saying so) up to ``wait``
        seconds (None: as long as it takes); the lock file names the holder (process id,
        host and command), and the message after the wait names it too. On entry, an
        interrupted build's commit is completed or undone (``recover``).

        Raises:
            WorkspaceError: the lock was still held after ``wait`` seconds.
            OutputError: the workspace folder cannot be created or written.
        """
        self._make_root()
        path = self.root / "lock"
        try:
            handle = path.open("a+b")
        except OSError as exc:
            raise unwritable(self.out, exc) from exc
        with handle:
            self._acquire(handle, wait)
            try:
                _write_holder(handle)
                self.recover()
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def _acquire(self, handle: Any, wait: float | None) -> None:
        """Take the lock, waiting up to ``wait`` seconds for its holder."""
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        holder = _read_holder(handle)
        logger.warning(
            "%s is in use by another briefing process (%s); waiting%s",
            self.root,
            holder,
            "" if wait is None else f" up to {wait:g} s",
        )
        if wait is None:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            return
        deadline = time.monotonic() + max(0.0, wait)
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WorkspaceError(
                        f"{self.out} is still in use by another briefing process "
                        f"({_read_holder(handle)}) after {wait:g} s. Wait for it to finish "
                        "(or stop it), then build again; pass --wait SECONDS to wait longer."
                    ) from None
                time.sleep(min(0.1, max(0.0, deadline - time.monotonic())))

    def try_recover(self) -> None:
        """Finish an interrupted commit if no other process holds the lock (else leave it).

        ``review``, ``override`` and the CLI's ``--force`` check call it before reading
        the reports or the state, so they never see the half of an interrupted commit.
        """
        if not self.journal_dir.exists():
            return
        try:
            handle = (self.root / "lock").open("a+b")
        except OSError:
            return
        with handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return  # a live build holds it; it recovers on entry itself
            try:
                self.recover()
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    # ------------------------------------------------------------------ transaction

    def begin(self) -> Transaction:
        """Start staging this build's files (call it while holding ``lock()``)."""
        return Transaction(self)

    def recover(self) -> None:
        """Complete or undo the commit of a build that was killed (call it under the lock).

        A journal (``txn/COMMIT``) means the build had staged and checked every file:
        the files still staged are moved into place, so the folder holds the new set
        whole. Without a journal the build died while staging: the staged files are
        deleted and the previous set stays as it was.

        Raises:
            OutputError: a staged file cannot be moved into place.
        """
        folder = self.journal_dir
        if not folder.exists():
            return
        journal = _read_journal(folder / JOURNAL)
        if journal is None:
            logger.info("undoing the commit of an interrupted build (%s)", folder)
        else:
            logger.info("completing the commit of an interrupted build (%s)", folder)
            try:
                _apply_journal(self, journal)
            except OSError as exc:
                raise unwritable(self.out, exc, committed=True) from exc
        shutil.rmtree(folder, ignore_errors=True)

    def manifest(self) -> dict[str, str]:
        """Return the files of the last committed build (name relative to OUT -> digest)."""
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
            check(data, MANIFEST_SCHEMA)
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            logger.warning("%s is unusable (%s); ignoring it", self.manifest_path, exc)
            return {}
        return {str(k): str(v) for k, v in data["files"].items()}

    # ------------------------------------------------------------------ parse cache

    def prepare(
        self, articles: Sequence[Article], nlp: Language, registry: Registry, *, jobs: int = 1
    ) -> list[CachedArticle]:
        """Parse the articles the cache lacks; check (but do not decode) the others' entries.

        Call it while holding ``lock()``. Each entry is read and its checksum and block
        structure checked; its Docs are decoded later, by ``load``, only if needed.
        ``self.stats`` says which articles were parsed, found in the cache, or corrupt.

        Args:
            articles: the articles from ingest.
            nlp: the pipeline from ``build_nlp``.
            registry: the registry the pipeline's actor matcher uses.
            jobs: processes to parse the missing articles in.

        Returns:
            One CachedArticle per article, in the same order.
        """
        self.stats = ParseStats()
        self._jobs = jobs
        self._cache_warned = False
        self._env = env = environment_key(nlp, registry)
        self._nlp = nlp
        self._folder = folder = self.cache_dir / env[:24]
        out = [CachedArticle(article=a, key=content_hash(a)) for a in articles]
        missing: list[CachedArticle] = []
        for item in out:
            path = folder / f"{item.key}.bin"
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                missing.append(item)
                continue
            except OSError as exc:
                logger.warning("cannot read cache entry %s (%s); parsing again", path, exc)
                missing.append(item)
                continue
            try:
                meta, item.docbin = _read_meta(data, item.article, key=item.key)
                item.salience = Counter({str(k): int(v) for k, v in meta["salience"].items()})
            except (CorruptEntry, ValueError, TypeError) as exc:
                self._corrupt(item, path, exc)
                missing.append(item)
        self._parse(missing)
        self.stats.cached = [i.article.id for i in out if i.docbin is not None]
        out = [i for i in out if not i.failed]
        logger.info("%s", self.stats.summary())
        self._prune(folder, {f"{i.key}.bin" for i in out})
        return out

    def _corrupt(self, item: CachedArticle, path: Path, exc: BaseException) -> None:
        logger.warning("cache entry of %s is corrupt (%s); parsing it again", item.article.id, exc)
        self.stats.corrupt.append(item.article.id)
        item.docbin = None
        with contextlib.suppress(OSError):
            path.unlink()

    def _failed(self, item: CachedArticle, stage: str, exc: Exception) -> None:
        """Leave an article out of this build after an unexpected error, and report it."""
        item.failed = True
        item.parsed = None
        item.docbin = None
        if self.on_error is None:
            raise exc
        self.on_error(item.article, stage, exc)

    def _parse(self, items: Sequence[CachedArticle]) -> None:
        """Parse articles with the pipeline and store their entries.

        With ``on_error``, an article the pipeline fails on is reported and left out
        (``CachedArticle.failed``); the others are parsed.
        """
        items = [i for i in items if not i.failed]
        if not items:
            return
        by_article = {id(i.article): i for i in items}

        def failed(article: Article, exc: Exception) -> None:
            self._failed(by_article[id(article)], "parsing", exc)

        with _msgpack_decoders_snapshot():
            parsed = parse_articles(
                [i.article for i in items],
                self._nlp,
                on_error=None if self.on_error is None else failed,
                jobs=getattr(self, "_jobs", 1),
            )
            for pa in parsed:
                item = by_article[id(pa.article)]
                item.parsed = pa
                item.docbin = None
                item.salience = body_salience(pa)
                entry = encode_entry(pa, key=item.key, salience=item.salience)
                self._store(self._folder / f"{item.key}.bin", entry)
                self.stats.parsed.append(item.article.id)

    def _store(self, path: Path, data: bytes) -> None:
        """Write a cache entry; a cache that cannot be written only makes builds slower.

        A full disk or a read-only cache folder is logged once per build and the build
        goes on without storing the entry (the reports are checked when written).
        """
        try:
            atomic_write(path, data)
        except OSError as exc:
            if not self._cache_warned:
                self._cache_warned = True
                logger.warning(
                    "cannot write the cache in %s (%s); the build goes on without it, "
                    "and the next build parses these articles again.",
                    path.parent,
                    exc.strerror or describe_exception(exc),
                )

    def load(self, items: Sequence[CachedArticle]) -> list[ParsedArticle]:
        """Return the parsed articles, decoding their Docs (an entry found bad is re-parsed)."""
        with _msgpack_decoders_snapshot():
            for item in items:
                if item.parsed is None and item.docbin is not None:
                    try:
                        item.parsed = _decode_docs(item.docbin, item.article, self._nlp)
                    except CorruptEntry as exc:
                        self.stats.cached.remove(item.article.id)
                        self._corrupt(item, self._folder / f"{item.key}.bin", exc)
        self._parse([i for i in items if i.parsed is None and not i.failed])
        return [i.parsed for i in items if i.parsed is not None]

    def parse(
        self, articles: Sequence[Article], nlp: Language, registry: Registry
    ) -> list[ParsedArticle]:
        """Parse the articles through the cache and decode every one (``prepare`` + ``load``)."""
        return self.load(self.prepare(articles, nlp, registry))

    def detect_pair(self, items: Sequence[CachedArticle], registry: Registry) -> tuple[str, str]:
        """Return the two most salient governments from the entries, without decoding Docs."""
        total: Counter[str] = Counter()
        for item in items:
            total.update(item.salience)
            total.update(title_salience(item.article, registry))
        return pair_from_salience(total, registry)

    def classify(
        self,
        items: Sequence[CachedArticle],
        registry: Registry,
        cues: Cues,
        *,
        pair: Sequence[str],
    ) -> list[Sentence]:
        """Classify the articles, reusing the classification of unchanged articles.

        An article's classification is reused when nothing it depends on changed
        (``classification_key``); the others are decoded (or parsed) and classified one
        article at a time, exactly as ``classify_articles`` does.

        Returns:
            Every sentence of the articles, in article order.
        """
        folder = self.classified_dir
        out: list[Sentence] = []
        used: set[str] = set()
        todo: list[tuple[int, CachedArticle, str]] = []
        results: dict[int, list[Sentence]] = {}
        context = classification_context(self._env, registry, cues, pair)
        for n, item in enumerate(items):
            key = classification_key(item.article, context)
            used.add(f"{key}.bin")
            path = folder / f"{key}.bin"
            try:
                results[n] = decode_sentences(path.read_bytes(), key=key)
                self.stats.reused.append(item.article.id)
            except FileNotFoundError:
                todo.append((n, item, key))
            except (OSError, CorruptEntry) as exc:
                logger.warning(
                    "classification cache of %s is unusable (%s); classifying again",
                    item.article.id,
                    exc,
                )
                todo.append((n, item, key))
        self.load([item for _n, item, _k in todo])
        for n, item, key in todo:
            if item.parsed is None:  # its parse failed and was reported
                continue
            try:
                sentences = classify_articles([item.parsed], registry, cues, pair=pair)
            # The article boundary: a defect one article trips leaves only it out.
            except Exception as exc:
                logger.debug("%s: classification failed", item.article.id, exc_info=True)
                self._failed(item, "classification", exc)
                continue
            self._store(folder / f"{key}.bin", encode_sentences(sentences, key=key))
            results[n] = sentences
            self.stats.classified.append(item.article.id)
        for n in range(len(items)):
            out.extend(results.get(n, ()))
        self._prune_files(folder, used)
        return out

    def _prune_files(self, folder: Path, used: set[str]) -> None:
        """Drop entries of a folder not used by this build, beyond a budget of old ones."""
        try:
            with os.scandir(folder) as it:
                entries = [e for e in it if e.is_file()]
        except OSError:
            return
        for e in entries:
            if e.name.endswith(".tmp"):  # a write that died half-way
                with contextlib.suppress(OSError):
                    os.unlink(e.path)
        unused = [e for e in entries if e.name.endswith(".bin") and e.name not in used]
        budget = max(100, len(used))
        with contextlib.suppress(OSError):
            unused.sort(key=lambda e: e.stat().st_mtime_ns, reverse=True)
        for e in unused[budget:]:
            with contextlib.suppress(OSError):
                os.unlink(e.path)

    def _prune(self, current: Path, used: set[str]) -> None:
        """Drop other environments' caches beyond the newest few, and old unused entries."""
        with contextlib.suppress(OSError):
            with os.scandir(self.cache_dir) as it:
                others = [Path(e.path) for e in it if e.is_dir() and e.path != str(current)]
            others.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
            for old in others[KEEP_ENVIRONMENTS:]:
                shutil.rmtree(old, ignore_errors=True)
        self._prune_files(current, used)

    # ------------------------------------------------------------------ state

    def load_state(self, *, set_aside: bool = False) -> State | None:
        """Return the state of the last build, or None (no build yet, or an unusable file).

        The file is checked against ``STATE_SCHEMA``. An unusable state only loses the
        comparison with the previous build, so it is never an error: it is logged, and
        with ``set_aside`` (a build, under the lock) moved to ``state.json.corrupt`` so
        the build writes a fresh one and the next builds no longer trip on it.
        """
        path = self.state_path
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return State.from_dict(data)
        except FileNotFoundError:
            return None
        # Any failure to rebuild the state from the file means the file is unusable.
        except Exception as exc:
            problem = describe_exception(exc) if not isinstance(exc, SchemaError) else str(exc)
            if not set_aside:
                logger.warning(
                    "%s is unusable (%s); not compared with the previous build", path, problem
                )
                return None
            corrupt = path.with_name(path.name + ".corrupt")
            try:
                os.replace(path, corrupt)
            except OSError as move:
                raise unwritable(self.out, move) from move
            logger.warning(
                "%s was unusable (%s); set aside as %s, and this build writes a new one "
                "(it is not compared with the previous build).",
                path,
                problem,
                corrupt.name,
            )
            return None

    def state_bytes(self, state: State) -> bytes:
        """Return the bytes of ``state.json`` for a state (compact JSON: a machine file)."""
        text = json.dumps(state.to_dict(), ensure_ascii=False, separators=(",", ":"))
        return text.encode("utf-8", "surrogatepass")

    def save_state(self, state: State) -> Path:
        """Write the state of this build, atomically (outside a build's transaction)."""
        return atomic_write(self.state_path, self.state_bytes(state))

    def foreign_reports(self, paths: Sequence[Path]) -> list[Path]:
        """Return the existing files among ``paths`` that this workspace did not write.

        A file written by the last build, unchanged since, may be replaced without
        ``--force``; any other existing file (written by hand, edited since) may not.
        The last build's files are those of its manifest (and of its state). An
        interrupted commit is finished first, when no build is running.
        """
        self.try_recover()
        existing = [p for p in paths if p.exists()]
        if not existing:
            return []
        state = self.load_state()
        known = {**(state.reports if state else {})}
        for name, digest in self.manifest().items():
            if "/" not in name:
                known[name] = digest
        foreign = []
        for path in existing:
            try:
                ours = known.get(path.name) == file_digest(path)
            except OSError:
                ours = False
            if not ours:
                foreign.append(path)
        return foreign

    # ------------------------------------------------------------------ overrides

    def load_overrides(self) -> dict[str, Override]:
        """Return the analyst's valid overrides by key.

        Each entry is checked against ``OVERRIDE_SCHEMA``; a bad entry is left out and
        described in ``override_problems`` (by id, with the fix), and the others apply.
        The file is never rewritten here.

        Raises:
            WorkspaceError: the file exists but cannot be read, is not UTF-8, is not JSON
                or not an overrides file at all (it is never replaced silently: fix it,
                or restore ``overrides.json.bak``).
        """
        valid, _raw = self._read_overrides()
        return valid

    def _read_overrides(self) -> tuple[dict[str, Override], dict[str, Any]]:
        """Return the valid overrides, and every entry of the file as it is (raw JSON)."""
        path = self.overrides_path
        self.override_problems = []
        restore = f"Fix it by hand, or restore the previous version from {path.name}.bak."
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return {}, {}
        except OSError as exc:
            raise WorkspaceError(
                f"{path}: cannot read the overrides ({exc.strerror or describe_exception(exc)})"
                "; make the file readable."
            ) from exc
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise WorkspaceError(
                f"{path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                f"save it as UTF-8. {restore}"
            ) from exc
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise WorkspaceError(f"{path}: not a valid overrides file ({exc}). {restore}") from exc
        problem = first_problem(
            data,
            Record(
                required={"overrides": MapOf(Anything())},
                optional={"version": OneOf((STATE_VERSION,))},
            ),
        )
        if problem is not None:
            raise WorkspaceError(
                f"{path}: not a valid overrides file ({problem}). {restore}"
            ) from problem
        entries: dict[str, Any] = data["overrides"]
        valid: dict[str, Override] = {}
        for key, entry in entries.items():
            message = override_problem(str(key), entry)
            if message is None:
                valid[str(key)] = Override.from_dict(str(key), entry)
            else:
                self.override_problems.append(f"{path}: {message}")
        return valid, entries

    def update_overrides(
        self, change: Callable[[dict[str, Override]], dict[str, Override]]
    ) -> dict[str, Override]:
        """Read, change and write the overrides under the lock, atomically.

        The current file is read under the lock (so a concurrent writer's overrides are
        kept), copied to ``overrides.json.bak``, and replaced whole. Entries that fail
        their check are written back exactly as they were (the analyst fixes them), unless
        the change sets an override of the same id.

        Args:
            change: takes the current valid overrides by key and returns the new ones.

        Returns:
            The overrides written.
        """
        with self.lock(wait=DEFAULT_WAIT):
            current, raw = self._read_overrides()
            updated = change(dict(current))
            bad = {k: v for k, v in raw.items() if k not in current and k not in updated}
            if self.overrides_path.exists():
                atomic_write(
                    self.overrides_path.with_name(self.overrides_path.name + ".bak"),
                    self.overrides_path.read_bytes(),
                )
            records: dict[str, Any] = {k: updated[k].to_dict() for k in updated}
            records.update(bad)
            write_json(
                self.overrides_path,
                {"version": STATE_VERSION, "overrides": dict(sorted(records.items()))},
            )
            return updated


def override_problem(key: str, entry: Any) -> str | None:
    """Return what is wrong with one entry of ``overrides.json``, with the fix, or None.

    The message names the entry by its id: "override 3fa9c1d2e4: "drop" is "false" (a
    string); use true or false, without quotes. ..."
    """
    tail = "It is not applied until it is fixed; the other overrides are."
    problem = first_problem(entry, OVERRIDE_SCHEMA)
    if problem is not None:
        field_name = problem.where or "the entry"
        if problem.got.startswith("an unknown field"):
            return (
                f"override {key}: {problem.got}; the fields are "
                + ", ".join(f'"{k}"' for k in OVERRIDE_SCHEMA.optional)
                + f" (check the spelling). {tail}"
            )
        quoted = f'"{field_name}"' if problem.where else field_name
        return f"override {key}: {quoted} is {problem.got}; use {problem.expected}. {tail}"
    if entry.get("section") == "position" and not entry.get("government"):
        return (
            f'override {key}: "section" is "position" but no "government" says whose; add '
            f'"government": "ABC" (the code of a government of the brief). {tail}'
        )
    if entry.get("drop") is True and (entry.get("section") or entry.get("keep") is True):
        return (
            f'override {key}: "drop" is true together with "section" or "keep"; keep only '
            f"one of them. {tail}"
        )
    return None


__all__ = [
    "CACHE_FORMAT",
    "DEFAULT_WAIT",
    "PIPELINE_VERSION",
    "WORKSPACE_DIR",
    "CachedArticle",
    "ParseStats",
    "State",
    "Transaction",
    "Workspace",
    "WorkspaceError",
    "atomic_write",
    "classification_context",
    "classification_key",
    "content_hash",
    "decode_entry",
    "decode_sentences",
    "encode_entry",
    "encode_sentences",
    "environment_key",
    "file_digest",
    "json_bytes",
    "override_problem",
    "pair_from_salience",
    "unwritable",
    "write_json",
]
