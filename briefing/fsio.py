"""Safe file writes and file names: the one place every layer writes files through.

``atomic_write`` (temporary file, fsync, ``os.replace``), ``safe_stem`` (a file name stem
safe on every common file system), the readable JSON of the workspace (``json_bytes``,
``write_json``) and ``file_digest``. Layer 0: it imports nothing of briefing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import tempfile
import time
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

# C0/C1 controls and the XML non-characters, dropped from file names.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")

#: Names Windows reserves for devices, with or without an extension ("CON", "nul.txt").
_RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$"}
    | {f"{port}{n}" for port in ("com", "lpt") for n in [*"123456789", "¹", "²", "³"]}
)
#: The longest stem, in UTF-8 bytes: room for ".docx" and the temporary file's affixes
#: within the 255-byte name limit of common file systems.
STEM_MAX_BYTES = 120
_STEM_DROP = re.compile(r"[^\w\s.\-\u2010-\u2015]")
_STEM_DASHES = re.compile(r"[\u2010-\u2015]+")
_STEM_SPACES = re.compile(r"[\s_]+")


def safe_stem(name: str, *, default: str = "brief") -> str:
    r"""Return a file name stem safe on every common file system, from any text.

    Path separators, ``..``, control characters and characters Windows forbids
    (``<>:"/\|?*``) are dropped; spaces become underscores and typographic dashes
    hyphens; leading and trailing dots, hyphens and underscores go; a reserved device
    name ("CON", "NUL", "COM1", "LPT1" ... in any case, with or without an
    extension) gets an underscore after it ("CON_", "con_.txt"); the stem is cut to
    ``STEM_MAX_BYTES`` bytes of UTF-8 (never inside a character). Letters of any script
    are kept (NFC).

    Args:
        name: the wanted name, such as a brief's title or ``--name``.
        default: the stem to use when nothing usable is left.

    Returns:
        A non-empty stem without directories.

    Example:
        ``safe_stem("../../etc/passwd")`` is ``"etcpasswd"``; ``safe_stem("CON")`` is
        ``"CON_"``; ``safe_stem("Mexico–US talks")`` is ``"Mexico-US_talks"``.
    """
    text = unicodedata.normalize("NFC", _CONTROL.sub("", name))
    text = _STEM_DROP.sub("", text.replace("/", "").replace("\\", ""))
    text = _STEM_SPACES.sub("_", _STEM_DASHES.sub("-", text))
    text = re.sub(r"\.{2,}", ".", text).strip("._- ")
    encoded = text.encode("utf-8")[:STEM_MAX_BYTES]
    text = encoded.decode("utf-8", "ignore").rstrip("._- ")
    head, dot, tail = text.partition(".")
    if head.lower() in _RESERVED_NAMES:
        text = f"{head}_{dot}{tail}"
    return text or default


#: Test hook: seconds ``atomic_write`` sleeps between writing the temporary file and
#: renaming it into place, so a test can kill a build at that moment deterministically.
PAUSE_ENV = "BRIEFING_TEST_PAUSE_BEFORE_RENAME"


def _pause_before_rename() -> None:
    """Sleep for ``$BRIEFING_TEST_PAUSE_BEFORE_RENAME`` seconds, when a test sets it."""
    value = os.environ.get(PAUSE_ENV)
    if not value:
        return
    try:
        seconds = float(value)
    except ValueError:
        logger.warning("ignoring %s=%r: not a number of seconds", PAUSE_ENV, value)
        return
    time.sleep(max(0.0, seconds))


def atomic_write(
    path: Path, data: bytes | Iterable[bytes], *, pause: bool = True, durable: bool = True
) -> Path:
    """Write ``data`` to ``path`` atomically and durably, and return ``path``.

    ``data`` is the file's bytes, or an iterable of its pieces, written as they come (a
    large file is never held whole).

    The bytes go to a temporary file in the same directory, which is flushed, fsynced and
    then moved over ``path`` with ``os.replace``: a reader sees the old file or the new
    one, never half of one, even if the process dies mid-write. A process killed before
    the rename leaves a hidden ``.<name>.<random>.tmp`` file beside ``path``, and
    ``path`` untouched.

    ``durable=False`` skips both fsyncs (the file's and its folder's): for files that can
    be made again (cache entries, which are checksummed and re-made when found bad). The
    write is still atomic for other processes; only a power cut may lose it.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in (data,) if isinstance(data, bytes) else data:
                handle.write(piece)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp, _file_mode(path))
        if pause:
            _pause_before_rename()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if durable:
        fsync_dir(path.parent)
    return path


def _file_mode(path: Path) -> int:
    """Return the mode for ``path``: the old file's, else what ``open()`` would give."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def fsync_dir(directory: Path) -> None:
    """Persist a rename by fsyncing its directory (POSIX only; a no-op elsewhere)."""
    flags = getattr(os, "O_DIRECTORY", None)
    if flags is None:
        return
    try:
        fd = os.open(directory, os.O_RDONLY | flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def json_bytes(data: Any) -> bytes:
    """Return ``data`` as indented, key-sorted UTF-8 JSON (the workspace's readable files)."""
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def write_json(path: Path, data: Any) -> Path:
    """Write ``data`` as indented, key-sorted UTF-8 JSON, atomically (no test pause)."""
    return atomic_write(path, json_bytes(data), pause=False)


def file_digest(path: Path) -> str:
    """Return the SHA-256 of a file's bytes (hex)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


__all__ = [
    "PAUSE_ENV",
    "STEM_MAX_BYTES",
    "atomic_write",
    "file_digest",
    "fsync_dir",
    "json_bytes",
    "safe_stem",
    "write_json",
]
