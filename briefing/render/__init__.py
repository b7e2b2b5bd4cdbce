"""Render a ``Brief`` to files: DOCX, PDF, Markdown and JSON, from one ``BriefTemplate``.

``render()`` writes every requested format atomically and returns the paths; the
per-format functions are re-exported for callers that want one format or the bytes. The
renderers (python-docx, reportlab) are imported when first used: a caller that only needs
``FORMATS`` or the Markdown escaping does not load them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.lazy import handed_on
from briefing.model import Brief, BriefTemplate

if TYPE_CHECKING:
    from briefing.render.docx import docx_bytes, render_docx
    from briefing.render.jsonout import render_json, write_json
    from briefing.render.markdown import escape_markdown, render_markdown, write_markdown
    from briefing.render.pdf import pdf_bytes, render_pdf
    from briefing.render.templates import available_templates, load_template, templates_dir

__all__ = [
    "FORMATS",
    "available_templates",
    "docx_bytes",
    "escape_markdown",
    "load_template",
    "pdf_bytes",
    "render",
    "render_docx",
    "render_json",
    "render_markdown",
    "render_pdf",
    "templates_dir",
    "write_json",
    "write_markdown",
]

#: Where each re-exported name lives (imported on first use, PEP 562).
_EXPORTS = {
    "docx_bytes": f"{__name__}.docx",
    "render_docx": f"{__name__}.docx",
    "render_json": f"{__name__}.jsonout",
    "write_json": f"{__name__}.jsonout",
    "escape_markdown": f"{__name__}.markdown",
    "render_markdown": f"{__name__}.markdown",
    "write_markdown": f"{__name__}.markdown",
    "pdf_bytes": f"{__name__}.pdf",
    "render_pdf": f"{__name__}.pdf",
    "available_templates": f"{__name__}.templates",
    "load_template": f"{__name__}.templates",
    "templates_dir": f"{__name__}.templates",
}
_export = handed_on(_EXPORTS, __name__)
#: The function that writes each format but JSON (whose writer takes no template).
_WRITERS = {"docx": "render_docx", "pdf": "render_pdf", "md": "write_markdown"}

_Writer = Callable[[Brief, BriefTemplate, Path], Path]

#: The formats ``render()`` knows, each written as ``<stem>.<format>``, in this order.
FORMATS: tuple[str, ...] = ("docx", "pdf", "md", "json")


if not TYPE_CHECKING:  # for mypy, the names are the imports above: a typo is an error
    __getattr__ = _export


def _writer(fmt: str) -> _Writer:
    """The function that writes format ``fmt`` to a path."""
    if fmt == "json":
        write_json = _export("write_json")
        return lambda brief, _template, path: write_json(brief, path)
    writer: _Writer = _export(_WRITERS[fmt])
    return writer


def render(
    brief: Brief,
    template: BriefTemplate,
    out_dir: str | Path,
    *,
    formats: Sequence[str] = ("docx", "pdf"),
    stem: str = "brief",
) -> list[Path]:
    """Write the brief in each requested format to ``out_dir/<stem>.<format>``.

    Each file is written atomically (a temporary file in the same directory, fsynced, then
    moved into place), so an existing file is replaced whole or not at all. Refusing to
    overwrite is the caller's decision (the CLI's ``--force``).

    Args:
        brief: the assembled brief.
        template: a template from ``load_template``.
        out_dir: the output directory; created if missing.
        formats: any of ``FORMATS`` ("docx", "pdf", "md", "json"), written in this order.
        stem: the file name without its extension.

    Returns:
        The paths written, in the order of ``formats``.

    Raises:
        ValueError: a format is unknown, or ``stem`` is not a plain file name.
        TemplateError: the template's reference document or fonts cannot be used.

    Example:
        ``render(brief, load_template(), "reports", formats=("docx", "pdf", "json"))``
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format(s) {', '.join(unknown)}; use {', '.join(FORMATS)}")
    if not stem or Path(stem).name != stem or stem in {".", ".."}:
        raise ValueError(f"stem {stem!r} must be a plain file name without directories")
    directory = Path(out_dir)
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for fmt in dict.fromkeys(formats):
        written.append(_writer(fmt)(brief, template, directory / f"{stem}.{fmt}"))
    return written
