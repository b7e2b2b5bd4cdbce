"""The review of the last build: its items, the table, the JSON records and the page."""

from __future__ import annotations

import html
import shutil
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.app.changes import DERIVED_SECTIONS, source_line, undo_hint
from briefing.app.state import State, WorkspaceError
from briefing.app.transaction import unwritable
from briefing.app.workspace import Workspace
from briefing.assemble import long_date
from briefing.fsio import atomic_write
from briefing.model import Brief, Override, ReviewItem, Source


@dataclass(slots=True)
class Review:
    """The last build of a folder, with the overrides file as it is now."""

    out: Path
    state: State
    overrides: dict[str, Override]
    problems: list[str] = field(default_factory=list)

    @property
    def brief(self) -> Brief:
        """The last brief."""
        return self.state.load_brief()

    @property
    def items(self) -> list[ReviewItem]:
        """The last build's review items."""
        return self.state.items

    @property
    def stale(self) -> list[Override]:
        """The stale overrides of the last build that are still in the overrides file."""
        return [o for o in self.state.stale if o.key in self.overrides]


def load_review(out: Path) -> Review:
    """Return the review of the last build in ``out``.

    Raises:
        WorkspaceError: ``out`` has not been built yet, or a workspace file is unusable.
    """
    workspace = Workspace(out)
    workspace.try_recover()
    state = workspace.load_state()
    if state is None:
        unusable = next((p for p in (workspace.state_db, workspace.state_path) if p.exists()), None)
        if unusable is not None:
            raise WorkspaceError(
                f"{unusable} is unusable (the log says why). Build again to "
                f"rebuild it: briefing build ARTICLES --out {out}"
            )
        raise WorkspaceError(
            f"{out} has no brief to review yet. Build it first: briefing build ARTICLES --out {out}"
        )
    overrides = workspace.load_overrides()
    return Review(
        out=out, state=state, overrides=overrides, problems=list(workspace.override_problems)
    )


def write_review_html(review: Review) -> Path:
    """Write ``review.html`` beside the reports, atomically, and return its path."""
    page = review_html(
        review.items, review.brief, review.overrides, review.stale, out=str(review.out)
    )
    try:
        return atomic_write(review.out / "review.html", page.encode("utf-8"), pause=False)
    except OSError as exc:
        raise unwritable(review.out, exc) from exc


def current_override(item: ReviewItem, overrides: Mapping[str, Override]) -> Override | None:
    """Return the override in the overrides file that names one of the item's copies."""
    by_fp = {fp: o for o in overrides.values() for fp in o.fingerprints}
    return next((by_fp[fp] for fp in [item.id, *sorted(item.fingerprints)] if fp in by_fp), None)


def _override_record(item: ReviewItem, overrides: Mapping[str, Override]) -> dict[str, Any] | None:
    override = current_override(item, overrides)
    if override is None:
        if item.override is None:
            return None
        return {
            "id": item.override.key,
            "section": item.override.section,
            "government": item.override.government,
            "drop": item.override.drop,
            "keep": item.override.keep,
            "applied": True,
            "pending": "undone; rebuild to apply",
        }
    applied = item.override == override
    return {
        "id": override.key,
        "section": override.section,
        "government": override.government,
        "drop": override.drop,
        "keep": override.keep,
        "applied": applied,
        "pending": "" if applied else "saved; rebuild to apply",
    }


def review_records(
    items: Sequence[ReviewItem], overrides: Mapping[str, Override]
) -> list[dict[str, Any]]:
    """Return the JSON records of ``briefing review --format json``, one per placement.

    Each is ``{"id", "section", "government", "text", "sources": [{"doc", "start",
    "end"}], "confidence", "reasons", "new", "override", "dropped"}``; ``override`` is
    null or ``{"id", "section", "government", "drop", "keep", "applied", "pending"}``.
    """
    return [
        {
            "id": item.id,
            "section": item.section,
            "government": item.government,
            "text": item.text,
            "sources": [
                {"doc": m.article_id, "start": m.start, "end": m.end} for m in item.members
            ],
            "confidence": item.confidence,
            "reasons": list(item.reasons),
            "new": item.new,
            "override": _override_record(item, overrides),
            "dropped": item.dropped,
        }
        for item in items
    ]


def _flags(item: ReviewItem, overrides: Mapping[str, Override]) -> list[str]:
    flags = []
    if item.new:
        flags.append("new")
    record = _override_record(item, overrides)
    if record is not None:
        flags.append("override" + (" (pending)" if record["pending"] else ""))
    if len(item.members) > 1:
        flags.append(f"merged x{len(item.members)}")
    return flags


def _sections(items: Sequence[ReviewItem], brief: Brief) -> list[tuple[str, str, list[ReviewItem]]]:
    """Group items by section in brief order (empty sections too); dropped items last."""
    groups: dict[str, tuple[str, list[ReviewItem]]] = {
        s.key: (s.heading, []) for s in brief.sections
    }
    dropped: list[ReviewItem] = []
    for item in items:
        if item.dropped:
            dropped.append(item)
            continue
        groups.setdefault(item.section, (item.heading, []))[1].append(item)
    out = [(key, heading, group) for key, (heading, group) in groups.items()]
    if dropped:
        out.append(("dropped", "Dropped by override", dropped))
    return out


def review_table(
    items: Sequence[ReviewItem],
    brief: Brief,
    overrides: Mapping[str, Override],
    stale: Sequence[Override] = (),
    *,
    width: int | None = None,
    out: str = "OUT",
) -> str:
    """Return the review as a table for a terminal: each section's items, then the sources.

    Args:
        items: the review items of the last build.
        brief: the last brief (title, date, sections, sources).
        overrides: the overrides file's records (to show pending ones).
        stale: overrides that matched no sentence.
        width: the line width (default: the terminal's, at least 60).
        out: the output folder, for the commands the review suggests.
    """
    width = max(60, width or shutil.get_terminal_size((100, 24)).columns)
    indent = " " * 14
    lines = [f"{brief.title} — {long_date(brief.date)}"]
    counts = _counts(items)
    lines.append(
        f"{counts['items']} item(s), {counts['new']} new, {counts['merged']} merged, "
        f"{counts['overrides']} override(s), {len(stale)} stale"
    )
    lines += list(brief.warnings)
    for key, heading, group in _sections(items, brief):
        lines += ["", f"{heading} [{key}]"]
        if not group:
            lines.append("  (no items)")
            continue
        lines.append(f"  {'ID':<10}  {'CONF':>4}  SOURCES  TEXT")
        for item in group:
            cites = "[" + ", ".join(str(n) for n in sorted({m.number for m in item.members})) + "]"
            head = f"  {item.id:<10}  {item.confidence:>4.2f}  {cites:<7}  "
            body = textwrap.wrap(
                item.text, width=max(20, width - len(head)), subsequent_indent=""
            ) or [""]
            lines.append(head + body[0])
            lines += [" " * len(head) + b for b in body[1:]]
            flags = _flags(item, overrides)
            if flags:
                lines.append(f"{indent}flags: {', '.join(flags)}")
            record = _override_record(item, overrides)
            if record is not None:
                override = current_override(item, overrides) or item.override
                what = override.describe() if override else ""
                pending = f" ({record['pending']})" if record["pending"] else ""
                lines.append(f"{indent}override: {what}{pending}")
            for reason in item.reasons:
                lines += textwrap.wrap(
                    f"reason: {reason}",
                    width=width,
                    initial_indent=indent,
                    subsequent_indent=indent + "  ",
                )
            for m in item.members:
                lines.append(
                    f"{indent}source: [{m.number}] {m.article_id} {m.start}-{m.end}"
                    + (
                        ""
                        if m.fingerprint == item.id
                        else f" (merged copy, similarity {m.similarity})"
                    )
                )
    if stale:
        lines += ["", "Stale overrides (their sentence is in none of the articles)"]
        for o in stale:
            lines.append(f"  {o.key:<10}  {o.describe()}: “{o.text}” ({o.article})")
            lines.append(f"{indent}remove it: {undo_hint(o.key, out)}")
    lines += ["", "Sources"]
    lines += [f"  {source_line(s)}" for s in brief.sources]
    return "\n".join(lines) + "\n"


def _counts(items: Sequence[ReviewItem]) -> dict[str, int]:
    placed = [i for i in items if not i.dropped and i.section not in DERIVED_SECTIONS]
    ids = {i.id for i in placed}
    return {
        "items": len(ids),
        "new": len({i.id for i in placed if i.new}),
        "merged": len({i.id for i in placed if len(i.members) > 1}),
        "overrides": len({i.id for i in items if i.override is not None}),
    }


_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:60rem;
padding:1rem 1.5rem;color:#1b1b1b;background:#fff}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;border-bottom:2px solid #1f3864;
padding-bottom:.2rem;margin-top:2rem;color:#1f3864}
.summary{color:#555}.item{border:1px solid #d0d7e2;border-radius:6px;padding:.6rem .8rem;
margin:.7rem 0}.head{display:flex;gap:.6rem;flex-wrap:wrap;align-items:baseline}
.id{font:600 .95rem ui-monospace,monospace;background:#eef2f8;padding:0 .3rem;border-radius:3px}
.conf{color:#555}.badge{font-size:.8rem;padding:0 .4rem;border-radius:3px;background:#e8e8e8}
.badge.new{background:#ffe9a8}.badge.override{background:#d8ecff}.badge.drop{background:#f8d0d0}
.context{margin:.4rem 0;color:#444}mark{background:#fff1a6;color:#000;padding:0 .1rem}
ul{margin:.2rem 0 .2rem 1.2rem;padding:0}.small{font-size:.85rem;color:#555}
.stale{border-color:#e0a0a0;background:#fff6f6}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def review_html(
    items: Sequence[ReviewItem],
    brief: Brief,
    overrides: Mapping[str, Override],
    stale: Sequence[Override] = (),
    *,
    out: str = "OUT",
) -> str:
    """Return ``review.html``: a self-contained page of the review, grouped by section.

    Each item shows its id, confidence, flags, the sentence highlighted in its paragraph,
    the reasons, its sources and the copies merged into it; then come the dropped items,
    the stale overrides and the sources. Every text is HTML-escaped; the page loads
    nothing from anywhere.
    """
    counts = _counts(items)
    sources = {s.number: s for s in brief.sources}
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Review: {_e(brief.title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        "<header>",
        f'<p class="small">{_e(brief.marking)}</p><h1>Review: {_e(brief.title)}</h1>',
        f'<p class="summary">Brief of {_e(long_date(brief.date))}: {counts["items"]} item(s), '
        f"{counts['new']} new, {counts['merged']} merged from several articles, "
        f"{counts['overrides']} override(s), {len(stale)} stale override(s).</p>",
        *(f'<p class="summary warning">{_e(w)}</p>' for w in brief.warnings),
        "</header>",
    ]
    for n, (key, heading, group) in enumerate(_sections(items, brief)):
        parts.append(
            f'<section class="section" id="section-{_e(key)}" data-section="{_e(key)}">'
            f"<h2>{_e(heading)}</h2>"
        )
        if not group:
            parts.append('<p class="small">No items.</p>')
        for m, item in enumerate(group):
            parts.append(_html_item(item, overrides, sources, f"i{n}-{m}"))
        parts.append("</section>")
    if stale:
        parts.append(
            '<section class="section" id="section-stale" data-section="stale">'
            "<h2>Stale overrides</h2>"
        )
        for o in stale:
            parts.append(
                f'<div class="item stale" data-id="{_e(o.key)}"><div class="head">'
                f'<span class="id">{_e(o.key)}</span><span class="badge override">'
                f"{_e(o.describe())}</span></div><p>{_e(o.text)}</p>"
                f'<p class="small">From {_e(o.article)}; the sentence is in none of the '
                f"articles any more. Remove the override with "
                f"<code>{_e(undo_hint(o.key, out))}</code>.</p></div>"
            )
        parts.append("</section>")
    parts.append('<section class="section" id="section-sources"><h2>Sources</h2><ul>')
    parts += [f"<li>{_e(source_line(s))}</li>" for s in brief.sources]
    parts.append("</ul></section></body></html>\n")
    return "\n".join(parts)


def _html_item(
    item: ReviewItem, overrides: Mapping[str, Override], sources: Mapping[int, Source], anchor: str
) -> str:
    start, end = item.highlight
    context = item.context or item.text
    if not 0 <= start <= end <= len(context):
        start, end = 0, len(context)
    paragraph = f"{_e(context[:start])}<mark>{_e(context[start:end])}</mark>{_e(context[end:])}"
    badges = []
    if item.new:
        badges.append('<span class="badge new">new</span>')
    if item.dropped:
        badges.append('<span class="badge drop">dropped</span>')
    record = _override_record(item, overrides)
    if record is not None:
        override = current_override(item, overrides) or item.override
        label = override.describe() if override else "override"
        pending = f" ({record['pending']})" if record["pending"] else ""
        badges.append(f'<span class="badge override">override: {_e(label + pending)}</span>')
    if len(item.members) > 1:
        badges.append(f'<span class="badge">merged from {len(item.members)} copies</span>')
    reasons = "".join(f"<li>{_e(r)}</li>" for r in item.reasons) or "<li>none</li>"
    cites = []
    for m in item.members:
        source = sources.get(m.number)
        where = source_line(source) if source else f"[{m.number}] {m.article_id}"
        extra = (
            ""
            if m.fingerprint == item.id
            else f" — merged copy (similarity {m.similarity}): “{_e(m.text)}”"
        )
        cites.append(
            f'<li>{_e(where)} <span class="small">{_e(m.article_id)}, characters '
            f"{m.start}–{m.end}</span>{extra}</li>"
        )
    return (
        f'<div class="item" id="{anchor}" data-id="{_e(item.id)}">'
        f'<div class="head"><span class="id">{_e(item.id)}</span>'
        f'<span class="conf">confidence {item.confidence:.2f}</span>{"".join(badges)}</div>'
        f'<p class="context">{paragraph}</p>'
        f'<div class="small">Reasons:<ul>{reasons}</ul>Sources:<ul>{"".join(cites)}</ul></div>'
        "</div>"
    )
