"""Writing a build's outputs without holding them whole: staged pieces, one format at a time.

A build's JSON reports are written into its transaction a piece at a time
(``stage_pieces``, ``json_pieces``), the reports are rendered one format at a time
(``render_each``), and the heap a stage freed is handed back to the system
(``release_memory``) so that the next stage's peak does not sit on top of it (issue 12).
"""

from __future__ import annotations

import ctypes
import functools
import gc
import json
import multiprocessing
import multiprocessing.process
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from briefing.app.transaction import Transaction, unwritable
from briefing.fsio import atomic_write
from briefing.model import Brief, BriefTemplate
from briefing.render import render


def release_memory() -> None:
    """Collect garbage and hand the freed heap back to the system (glibc's ``malloc_trim``).

    A build's peak comes after classification: the parser's freed buffers would otherwise
    stay in the process's resident memory until it ends. Without glibc, only collects.
    """
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        trim: Callable[[int], int] = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc: nothing to hand back
        return None
    return trim


def render_each(
    brief: Brief,
    template: BriefTemplate,
    folder: Path,
    formats: Sequence[str],
    stem: str,
    *,
    jobs: int = 1,
) -> list[Path]:
    """Render the reports one format at a time (``render``), handing back what each freed.

    The DOCX's document tree is garbage once its file is written: the PDF is laid out
    without it in resident memory. With ``jobs`` > 1 (and a platform that forks), the PDF,
    the slowest to lay out, is rendered in a forked process while this one writes the
    other formats: the same bytes, in about the time of the PDF alone. Should that process
    fail, the PDF is rendered here (and its error, if any, raised here).
    """
    order = list(dict.fromkeys(formats))
    aside = None
    if jobs > 1 and len(order) > 1 and ASIDE in order and _can_fork():
        aside = _start_aside(brief, template, folder, stem)
    done: dict[str, Path] = {}
    try:
        for fmt in order:
            if fmt == ASIDE and aside is not None:
                continue
            done[fmt] = render(brief, template, folder, formats=(fmt,), stem=stem)[0]
            release_memory()
        if aside is not None:
            aside.join()
            target = folder / f"{stem}.{ASIDE}"
            if aside.exitcode == 0 and target.is_file():
                done[ASIDE] = target
            else:
                done[ASIDE] = render(brief, template, folder, formats=(ASIDE,), stem=stem)[0]
    finally:
        if aside is not None and aside.is_alive():  # Ctrl-C or an error here
            aside.terminate()
            aside.join()
    return [done[fmt] for fmt in order]


#: The format rendered aside, in a forked process, when a build has more than one core.
ASIDE = "pdf"


def _can_fork() -> bool:
    """Forking is safe here: the platform forks, and no other thread runs in this process."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _start_aside(
    brief: Brief, template: BriefTemplate, folder: Path, stem: str
) -> multiprocessing.process.BaseProcess:
    context = multiprocessing.get_context("fork")
    process = context.Process(
        target=_render_aside, args=(brief, template, folder, stem), name="briefing-render"
    )
    process.start()
    return process


def _render_aside(brief: Brief, template: BriefTemplate, folder: Path, stem: str) -> None:
    """The forked process: write the PDF (exit code 1, and nothing said, on any error)."""
    try:
        render(brief, template, folder, formats=(ASIDE,), stem=stem)
    except BaseException:  # reported by this build's own attempt in the parent
        os._exit(1)


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
