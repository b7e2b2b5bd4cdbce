"""The inputs of a build, recognised without reading them: file stamps and the build key.

``OUT/.briefing/sources.json`` maps each article file (absolute path) to its stamp: size,
``mtime_ns``, inode and the SHA-256 of its bytes. A file whose size, mtime and inode
match its stamp is taken to be unchanged without being opened (its recorded SHA-256 is
reused); any other file is hashed, and if the hash did not change only its stamp is
refreshed. ``--rehash`` hashes every file.

The trade-off, as git and make accept it: a file rewritten with the same size within
the file system's mtime granularity, keeping its inode, looks unchanged. As git does
("racily clean" entries), a stamp taken less than ``RACY_NS`` after the file's mtime is
not trusted: the next build hashes that file again.

``ingested/<key>.bin`` keeps what ingest made of a file (its articles and the feed lines
it skipped), keyed by the file's SHA-256, its path as printed, the encoding option and
the code fingerprint, so an unchanged file is neither decoded nor segmented again.

``build_key`` hashes everything a build's output depends on: the article files (path
and SHA-256), what the walk skipped, the settings (files they name by stamp), the output
folder and stem, the SOURCES as given, the overrides file's bytes and the code and data
of briefing with the versions of the libraries that shape the output
(``code_fingerprint``). A build whose key equals the last build's (recorded in
``manifest.json``) has nothing to do (``briefing.app.unchanged``).

Stamps and ingested entries are caches: written atomically but not fsynced, checked
when read, made again when missing or bad.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import importlib.metadata
import json
import logging
import os
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import briefing
from briefing.app.entries import CorruptEntry, prune_files, seal, unseal
from briefing.app.state import WORKSPACE_DIR
from briefing.codec import decode, encode
from briefing.config import Settings
from briefing.fsio import atomic_write, file_digest
from briefing.ingest import FileReader, Skipped, article_files, display_path, read_file
from briefing.model import Article
from briefing.render import FORMATS as RENDER_FORMATS

if TYPE_CHECKING:
    from briefing.app.session import Session

logger = logging.getLogger(__name__)

#: The stamps of the article files, in the workspace.
STAMPS_FILE = "sources.json"
#: The folder of ingested files, in the workspace.
INGESTED_DIR = "ingested"
#: A stamp taken within this many nanoseconds of the file's mtime is verified next time.
RACY_NS = 2_000_000_000
#: Distributions whose version shapes a brief (parse, layout, fonts): part of the key.
LIBRARIES = ("spacy", "reportlab", "python-docx", "pypdf", "trafilatura", "lxml", "py3langid")
_INGESTED_MAGIC = b"BRIEFING-INGESTED\n"
_STAMPS_VERSION = 1


@dataclass(frozen=True, slots=True)
class Stamp:
    """What a file looked like when it was last hashed."""

    size: int
    mtime_ns: int
    inode: int
    sha256: str
    racy: bool = False

    def matches(self, st: os.stat_result) -> bool:
        """Whether the file still has this size, mtime and inode (and the stamp is trusted)."""
        return (
            not self.racy
            and st.st_size == self.size
            and st.st_mtime_ns == self.mtime_ns
            and st.st_ino == self.inode
        )


@dataclass(slots=True)
class Inputs:
    """The article files of a build, recognised by their stamps.

    Attributes:
        files: the article files found (``article_files``), in sorted order.
        skipped: what the walk skipped (links out of the folders, unlistable folders).
        digests: the SHA-256 of each readable file, by absolute path.
        stamps: each readable file's stamp, by absolute path.
        hashed: the files opened and hashed by this scan (the others matched a stamp).
        key: the build key (``build_key``), set by ``scan``.
    """

    files: list[Path]
    skipped: list[Skipped]
    digests: dict[str, str] = field(default_factory=dict)
    stamps: dict[str, Stamp] = field(default_factory=dict)
    hashed: list[str] = field(default_factory=list)
    key: str = ""


def _load_stamps(path: Path) -> dict[str, Stamp]:
    try:
        data = json.loads(path.read_bytes())
        if data.get("version") != _STAMPS_VERSION:
            return {}
        return {str(k): Stamp(*v) for k, v in data["files"].items()}
    except FileNotFoundError:
        return {}
    # Anything wrong with a cache file only means every file is hashed again.
    except Exception as exc:
        logger.info("%s is unusable (%s); hashing every file", path, exc)
        return {}


def _save_stamps(path: Path, stamps: Mapping[str, Stamp]) -> None:
    record = {k: list(dataclasses.astuple(s)) for k, s in sorted(stamps.items())}
    data = json.dumps({"version": _STAMPS_VERSION, "files": record}, ensure_ascii=False)
    try:
        atomic_write(path, data.encode("utf-8", "surrogatepass"), pause=False, durable=False)
    except OSError as exc:  # a cache: the next build hashes the files again
        logger.info("cannot write %s (%s)", path, exc)


def _stamp(path: Path, rehash: bool, known: Stamp | None) -> Stamp | None:
    """The stamp of a file now: the known one when it matches, else a fresh hash."""
    try:
        st = os.stat(path)
        if known is not None and not rehash and known.matches(st):
            return known
        digest = file_digest(path)
    except OSError:
        return None  # ingest says why it cannot be read
    racy = time.time_ns() - st.st_mtime_ns < RACY_NS
    return Stamp(st.st_size, st.st_mtime_ns, st.st_ino, digest, racy)


def scan_files(
    workspace_root: Path, paths: Sequence[Path], exclude: Sequence[Path], *, rehash: bool = False
) -> Inputs:
    """Find the article files and their SHA-256, hashing only those whose stamp changed.

    Refreshed stamps are saved in ``workspace_root`` (the workspace folder must exist).
    """
    files, skipped = article_files(paths, exclude)
    stamps_path = workspace_root / STAMPS_FILE
    known = _load_stamps(stamps_path)
    inputs = Inputs(files=files, skipped=skipped)
    stamps: dict[str, Stamp] = {}
    for path in files:
        name = os.path.abspath(path)
        before = known.get(name)
        stamp = _stamp(path, rehash, before)
        if stamp is None:
            continue
        if stamp is not before:
            inputs.hashed.append(name)
        stamps[name] = stamp
        inputs.digests[name] = stamp.sha256
    inputs.stamps = stamps
    if stamps != known:
        _save_stamps(stamps_path, stamps)
    return inputs


def _file_stamp(path: Path) -> list[Any]:
    """A file or folder named by an option, as the key sees it (missing: None)."""
    try:
        st = os.stat(path)
    except OSError:
        return [str(path), None]
    return [os.path.abspath(path), st.st_size, st.st_mtime_ns, st.st_ino]


def settings_record(settings: Settings) -> dict[str, Any]:
    """The settings as the build key sees them: ``jobs`` left out, named files stamped."""
    record: dict[str, Any] = {}
    for f in dataclasses.fields(settings):
        value = getattr(settings, f.name)
        if f.name == "jobs":
            continue  # the brief is the same byte for byte whatever the processes
        if f.name in ("actors", "cues"):
            value = [_file_stamp(Path(p)) for p in value]
        elif f.name == "template" and value and Path(value).exists():
            value = _file_stamp(Path(value))
        elif isinstance(value, tuple):
            value = list(value)
        record[f.name] = value
    return record


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return ""


@functools.cache
def code_fingerprint(model: str) -> str:
    """Hash briefing's code and data files (by stamp) and the libraries' versions.

    Every file of the installed ``briefing`` package counts (modules, data, templates,
    fonts), each by its path, size and mtime, plus the versions of Python, of
    ``LIBRARIES`` and of the spaCy model ``model`` (a package name, or a folder: its
    ``meta.json`` by stamp). Cached per process: code does not change under a run.
    """
    root = Path(briefing.__file__ or "").parent
    entries: list[Any] = []
    for path in sorted(root.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        st = path.stat()
        entries.append([path.relative_to(root).as_posix(), st.st_size, st.st_mtime_ns])
    model_path = Path(model)
    model_id: Any = (
        _file_stamp(model_path / "meta.json") if model_path.is_dir() else _version(model)
    )
    data = {
        "files": entries,
        "python": sys.version,
        "libraries": {name: _version(name) for name in LIBRARIES},
        "model": [model, model_id],
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def session_key(session: Session) -> str:
    """Hash what a session loaded (pipeline, registry, cues): part of a build's key.

    A session made by ``Session.open`` from the settings is already described by them;
    one a program assembled itself (another registry or cues) is told apart by this.
    """
    from briefing.app.cache import classification_context, environment_key

    env = environment_key(session.nlp, session.registry)
    return classification_context(env, session.registry, session.cues, ())


def file_sha(path: Path) -> str | None:
    """The SHA-256 of a file, or None when it does not exist (or cannot be read)."""
    try:
        return file_digest(path)
    except OSError:
        return None


def build_key(
    inputs: Inputs,
    settings: Settings,
    *,
    model: str,
    out: Path,
    stem: str,
    sources: Sequence[Path],
    overrides: Path,
) -> str:
    """Hash everything a build's output depends on (see the module's docstring)."""
    data = {
        "files": [[display_path(p), inputs.digests.get(os.path.abspath(p))] for p in inputs.files],
        "walk_skipped": [[s.path, s.reason] for s in inputs.skipped],
        "settings": settings_record(settings),
        "out": str(out),
        "stem": stem,
        "sources": [display_path(p) for p in sources],
        "overrides": file_sha(overrides),
        "code": code_fingerprint(model),
    }
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()


# --------------------------------------------------------------------------- ingested files


class IngestStore:
    """What ingest made of each unchanged file, reused instead of reading it again.

    ``reader`` is the ``FileReader`` a build passes to ``load_articles``; ``prune`` drops
    the entries this build did not use (beyond a budget of old ones).
    """

    def __init__(self, root: Path, inputs: Inputs, *, encoding: str | None, code: str) -> None:
        self.folder = root / INGESTED_DIR
        self.inputs = inputs
        self.encoding = encoding
        self.code = code
        self.used: set[str] = set()
        #: Files whose ingested entry was reused (tests read it).
        self.reused: list[str] = []

    def _name(self, path: Path, sha: str) -> str:
        blob = json.dumps([self.code, display_path(path), sha, self.encoding])
        return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest() + ".bin"

    def reader(self) -> FileReader:
        """A reader that reuses the stored result of an unchanged file."""

        def read(path: Path) -> tuple[list[tuple[str, Article]], list[Skipped]]:
            sha = self.inputs.digests.get(os.path.abspath(path))
            if sha is None:
                return read_file(path, encoding=self.encoding)
            name = self._name(path, sha)
            self.used.add(name)
            stored = self._load(self.folder / name)
            if stored is not None:
                self.reused.append(display_path(path))
                return stored
            found, bad = read_file(path, encoding=self.encoding)
            if self._still(path):  # not stored under a hash its bytes may no longer have
                self._store(self.folder / name, found, bad)
            return found, bad

        return read

    def _still(self, path: Path) -> bool:
        """Whether a file still has the stamp it was hashed with (not written since)."""
        stamp = self.inputs.stamps.get(os.path.abspath(path))
        try:
            st = os.stat(path)
        except OSError:
            return False
        return stamp is not None and (st.st_size, st.st_mtime_ns, st.st_ino) == (
            stamp.size,
            stamp.mtime_ns,
            stamp.inode,
        )

    def _load(self, path: Path) -> tuple[list[tuple[str, Article]], list[Skipped]] | None:
        try:
            record = json.loads(unseal(_INGESTED_MAGIC, path.read_bytes()))
            found = [(str(w), decode(Article, a)) for w, a in record["articles"]]
            bad = [Skipped(str(p), str(r), str(d)) for p, r, d in record["skipped"]]
        except FileNotFoundError:
            return None
        # A bad entry (half-written, older layout) is only read from the file again.
        except (OSError, CorruptEntry, ValueError, KeyError, TypeError) as exc:
            logger.info("ingested entry %s is unusable (%s); reading the file", path, exc)
            return None
        return found, bad

    def _store(
        self, path: Path, found: Sequence[tuple[str, Article]], bad: Sequence[Skipped]
    ) -> None:
        record = {
            "articles": [[w, encode(a)] for w, a in found],
            "skipped": [[s.path, s.reason, s.detail] for s in bad],
        }
        payload = json.dumps(record, ensure_ascii=False).encode("utf-8", "surrogatepass")
        with contextlib.suppress(OSError):  # a cache: the next build reads the file again
            atomic_write(path, seal(_INGESTED_MAGIC, payload), pause=False, durable=False)

    def prune(self) -> None:
        """Drop the entries this build did not use, beyond a budget of old ones."""
        prune_files(self.folder, self.used)


# --------------------------------------------------------------------------- the output folder

#: What a build writes into its output folder besides the reports.
OUTPUT_FILES = ("changes.md", "changes.json", "review.html")


def never_sources(out: Path, paths: Sequence[Path], *, stem: str = "brief") -> list[Path]:
    """Return what a build into ``out`` never reads as a source: the output folder.

    The whole folder when no source is inside it (the brief must not cite itself);
    when the sources are inside it, its workspace and the files builds write there.
    """
    root = out.resolve()

    def inside(p: Path) -> bool:
        try:
            return p.resolve().is_relative_to(root)
        except (RuntimeError, OSError):
            return False

    if not any(inside(Path(p)) for p in paths):
        return [root]
    written = [f"{stem}.{fmt}" for fmt in RENDER_FORMATS]
    return [root / WORKSPACE_DIR, *(root / n for n in [*written, *OUTPUT_FILES])]
