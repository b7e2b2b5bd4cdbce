"""Render a ``Brief`` as JSON: the stable, renderer-independent dump (``--dump-json``)."""

from __future__ import annotations

import json
from pathlib import Path

from briefing.model import Brief
from briefing.render._common import atomic_write

__all__ = ["render_json", "write_json"]


def render_json(brief: Brief) -> str:
    """Return the brief as JSON: ``Brief.to_dict()``, indented, keys sorted, UTF-8 as is.

    Args:
        brief: the assembled brief.

    Returns:
        The JSON text (no trailing newline); ``Brief.from_dict(json.loads(...))`` rebuilds it.
    """
    return json.dumps(brief.to_dict(), indent=2, ensure_ascii=False, sort_keys=True)


def write_json(brief: Brief, path: str | Path) -> Path:
    """Write the brief as a JSON file (UTF-8, newline-terminated), atomically."""
    return atomic_write(Path(path), (render_json(brief) + "\n").encode("utf-8"))
