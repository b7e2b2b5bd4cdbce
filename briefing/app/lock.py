"""The lock of a workspace: one build (or override write) of a folder at a time.

An exclusive ``flock`` on ``OUT/.briefing/lock``; the file names its holder (pid, host,
command) for the message of a build that waited too long (``--wait``).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import socket
import sys
import time
from pathlib import Path
from typing import Any

from briefing.app.state import WorkspaceError

logger = logging.getLogger(__name__)


def write_holder(handle: Any) -> None:
    """Record who holds the lock (process id, host, command) in the lock file."""
    command = " ".join(["briefing", *sys.argv[1:2]]) if sys.argv else "briefing"
    text = f"pid {os.getpid()} on {socket.gethostname()} ({command})\n"
    with contextlib.suppress(OSError):
        handle.seek(0)
        handle.truncate()
        handle.write(text.encode("utf-8", "replace"))
        handle.flush()


def read_holder(handle: Any) -> str:
    """Return who holds the lock, as its holder recorded it."""
    try:
        handle.seek(0)
        text = handle.read(300).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return text or "an unknown process"


def acquire(handle: Any, wait: float | None, *, root: Path, out: Path) -> None:
    """Take the lock of the workspace ``root`` of ``out``, waiting up to ``wait`` seconds.

    Raises:
        WorkspaceError: the lock was still held after ``wait`` seconds.
    """
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        pass
    holder = read_holder(handle)
    logger.warning(
        "%s is in use by another briefing process (%s); waiting%s",
        root,
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
                    f"{out} is still in use by another briefing process "
                    f"({read_holder(handle)}) after {wait:g} s. Wait for it to finish "
                    "(or stop it), then build again; pass --wait SECONDS to wait longer."
                ) from None
            time.sleep(min(0.1, max(0.0, deadline - time.monotonic())))
