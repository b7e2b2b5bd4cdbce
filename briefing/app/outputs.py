"""Writing a build's outputs without holding them whole: staged pieces, one format at a time.

A build's JSON reports are written into its transaction a piece at a time
(``stage_pieces``, ``json_pieces``), the reports are rendered one format at a time
(``render_each``), and the heap a stage freed is handed back to the system
(``release_memory``) so that the next stage's peak does not sit on top of it (issue 12);
within a build, collections leave alone the heap it started with (``build_heap``).
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import json
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from briefing.app.transaction import Transaction, unwritable
from briefing.fsio import atomic_write
from briefing.model import Brief, BriefTemplate
from briefing.render import render

_FROZEN = threading.Lock()
_builds = 0  # builds running in this process inside ``build_heap``
_ours = False  # the frozen heap is ``build_heap``'s (not frozen by the program before)


@contextlib.contextmanager
def build_heap() -> Iterator[None]:
    """Within a build, a collection looks only at the objects the build made.

    The loaded session (pipeline, registry, cues: well over 100,000 objects) sits in the
    heap a build starts with; every full collection walked it, about 0.1 s each, and a
    build collects five times (``release_memory``), which was a quarter of a rebuild
    after one more article. On entry the heap so far is frozen (``gc.freeze``), so a
    collection walks only what the build made; on exit, after the last build running
    in this process, it is unfrozen, so nothing stays exempt (a session dropped later is
    collected as before). Garbage made before the build is collected after it.

    Within the only build running, what survives a ``release_memory`` collection is
    frozen too (``_settle``): the cached classifications a rebuild holds (tens of
    thousands of records at 1,000 articles) are walked by the first of its five
    collections, not by each. The build's garbage is collected before anything is
    frozen, so what is frozen is what the build still holds; it is unfrozen with the
    rest when the build ends.

    Builds that overlap in one process (threads of a server) share the frozen heap: a
    build that ends while others run unfreezes it and collects, and the others run on
    unfrozen while they overlap (once one build is left alone it settles again at its next
    ``release_memory``), so what was frozen is collected even if builds never stop
    overlapping. A heap the
    program froze itself before the first build is left as it is, frozen.
    """
    _enter_build()
    try:
        yield
    finally:
        _leave_build()


def _enter_build() -> None:
    global _builds, _ours
    with _FROZEN:
        if _builds == 0:
            _ours = gc.get_freeze_count() == 0
            if _ours:
                gc.freeze()
        _builds += 1


def _leave_build() -> None:
    global _builds, _ours
    with _FROZEN:
        _builds -= 1
        if not _ours:
            return
        gc.unfreeze()
        if _builds == 0:
            _ours = False
        else:  # the others run on unfrozen: their own garbage stays collectable
            gc.collect()


def release_memory() -> None:
    """Collect garbage and hand the freed heap back to the system (glibc's ``malloc_trim``).

    A build's peak comes after classification: the parser's freed buffers would otherwise
    stay in the process's resident memory until it ends. Without glibc, only collects.
    """
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
    _settle()


def _settle() -> None:
    """Freeze what survived a collection, when the only build running froze the heap.

    The next collection of the build then walks only what it made since. Never while
    builds overlap (a frozen heap would exempt another build's later garbage) nor when
    the program froze the heap itself (nothing would unfreeze it).
    """
    with _FROZEN:
        if _builds == 1 and _ours:
            gc.freeze()


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        trim: Callable[[int], int] = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc: nothing to hand back
        return None
    return trim


def render_each(
    brief: Brief, template: BriefTemplate, folder: Path, formats: Sequence[str], stem: str
) -> list[Path]:
    """Render the reports one format at a time (``render``), handing back what each freed.

    The DOCX's document tree is garbage once its file is written: the PDF is laid out
    without it in resident memory.
    """
    written: list[Path] = []
    for fmt in dict.fromkeys(formats):
        written += render(brief, template, folder, formats=(fmt,), stem=stem)
        release_memory()
    return written


def stage_pieces(txn: Transaction, out: Path, target: Path, pieces: Iterable[str]) -> Path:
    """Stage ``target`` in the build's transaction: its UTF-8 text, written piece by piece.

    The staged file is ``<name>.staged`` in the transaction's reports folder (never a
    report's name: a report's suffix is its format).

    Raises:
        OutputError: the file cannot be written (a full disk, a read-only folder).
    """
    path = txn.reports_dir / f"{target.name}.staged"
    try:
        atomic_write(path, (piece.encode("utf-8") for piece in pieces), pause=False)
    except OSError as exc:
        raise unwritable(out, exc) from exc
    return txn.adopt(target, path)


def json_pieces(data: Any) -> Iterator[str]:
    """Yield the text of ``fsio.json_bytes(data)`` in pieces (indented, keys sorted)."""
    encoder = json.JSONEncoder(ensure_ascii=False, indent=2, sort_keys=True)
    yield from encoder.iterencode(data)
    yield "\n"
