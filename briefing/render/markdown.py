"""Render a ``Brief`` as Markdown (CommonMark): the same structure as the DOCX and PDF."""

from __future__ import annotations

import re
from pathlib import Path

from briefing.model import Brief, BriefItem, BriefTemplate, Source
from briefing.render._common import (
    NO_ITEMS,
    atomic_write,
    citation_label,
    clean_text,
    dateline,
    format_date,
    marking,
    marking_line,
    source_text,
    sources_heading,
    tag_text,
)

__all__ = ["escape_markdown", "render_markdown", "write_markdown"]

# Inline characters that would start emphasis, code, links or HTML.
_INLINE = re.compile(r"([\\`*_\[\]<>|])")
# "&name;" and "&#123;" would be read as character references.
_ENTITY = re.compile(r"&(?=#?\w+;)")
# What at the start of a line would make a heading, quote, list item or rule.
_LINE_START = re.compile(r"^(\s*)([#>+\-=~]|\d+(?=[.)]))")


def escape_markdown(text: str) -> str:
    """Return ``text`` with Markdown syntax backslash-escaped, so it prints as itself.

    Args:
        text: plain text (an article sentence, a title).

    Returns:
        Text that a CommonMark renderer shows verbatim: ``<b>`` stays literal text.
    """
    text = _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", text))
    return _LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match[str]) -> str:
    r"""Escape a block marker: "#" -> "\#", and "1." -> "1\." (the dot is the marker)."""
    lead, mark = match.groups()
    return f"{lead}{mark}\\" if mark[0].isdigit() else f"{lead}\\{mark}"


def render_markdown(brief: Brief, template: BriefTemplate) -> str:
    """Return the brief as Markdown.

    The marking line opens and closes the document; the title is a level-1 heading, each
    section (then the sources) a level-2 heading over a bullet list. Items end with their
    citations ("[1]", "[1, 2]"), and an empty section says "No items.".

    Args:
        brief: the assembled brief.
        template: a template from ``load_template`` (for the sources heading).

    Returns:
        The Markdown text, ending with a newline.
    """
    line = f"**{escape_markdown(marking(brief, template))}**"
    out = [line, "", f"# {escape_markdown(clean_text(brief.title))}", ""]
    if brief.subtitle.strip():
        out += [f"*{escape_markdown(clean_text(brief.subtitle))}*", ""]
    out += [
        escape_markdown(dateline(brief)),
        "",
        f"**{escape_markdown(marking_line(brief, template))}**",
        "",
    ]
    for section in brief.sections:
        out += [f"## {escape_markdown(clean_text(section.heading))}", ""]
        lines = [f"- {_new_mark(item, template)}{_item(item)}" for item in section.items]
        out += [*(lines or [f"*{NO_ITEMS}*"]), ""]
    out += [f"## {escape_markdown(sources_heading(template))}", ""]
    lines = [f"- {_source(source)}" for source in brief.sources]
    out += [*(lines or [f"*{NO_ITEMS}*"]), "", line, ""]
    return "\n".join(out)


def _item(item: BriefItem) -> str:
    """Return an item's escaped text, its (unescaped) citation marker, then its tags."""
    text = escape_markdown(clean_text(item.text))
    if item.when:
        text = f"{escape_markdown(format_date(item.when))} \u2014 {text}"
    label = citation_label(item)
    text = f"{text} {label}" if label else text
    tags = tag_text(item)
    return f"{text} *{escape_markdown(tags)}*" if tags else text


def _new_mark(item: BriefItem, template: BriefTemplate) -> str:
    """Return the bold "New:" prefix of an item new since the previous build (mark mode)."""
    if not (item.new and template.new_items == "mark"):
        return ""
    return f"**{escape_markdown(clean_text(template.new_mark))}:** "


def _source(source: Source) -> str:
    """Return a source line; the "[1]" label stays plain so it matches the citations."""
    label = f"[{source.number}] "
    return label + escape_markdown(source_text(source).removeprefix(label))


def write_markdown(brief: Brief, template: BriefTemplate, path: str | Path) -> Path:
    """Write the brief as a Markdown file (UTF-8), atomically, and return its path."""
    return atomic_write(Path(path), render_markdown(brief, template).encode("utf-8"))
