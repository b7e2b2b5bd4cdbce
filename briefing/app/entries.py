"""Cache entries on disk: the frame every entry is sealed in, and the pruning of old ones.

An entry is its magic (which kind of entry), the SHA-256 of its payload, the payload's
length and the payload; ``unseal`` raises ``CorruptEntry`` when any of them fails. These
pieces need nothing of the pipeline: a rebuild with nothing to do reads the ingest store
and the build record without importing spaCy.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import struct
from pathlib import Path

_HEADER = struct.Struct(">32sQ")  # sha256 of the payload, payload length


class CorruptEntry(Exception):
    """A cache entry failed its checks (internal: the entry is parsed again)."""


def seal(magic: bytes, payload: bytes) -> bytes:
    """Frame a payload: magic, SHA-256 of the payload, its length, the payload."""
    return magic + _HEADER.pack(hashlib.sha256(payload).digest(), len(payload)) + payload


def unseal(magic: bytes, data: bytes) -> bytes:
    """Return the payload of a framed entry (``seal``), or raise CorruptEntry."""
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


def prune_files(folder: Path, used: set[str]) -> None:
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
