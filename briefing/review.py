"""What changed between two builds, and the review of a build: table, JSON and HTML.

Pure: takes the workspace's ``State`` records and returns text; the caller writes files.

- ``compare`` lines up the items of the previous build and this one by the fingerprints
  of their copies (the same sentence in the same article), and lists what was added,
  removed, moved between sections, or newly cited by another article (``Changes``), which
  ``changes_markdown`` and ``Changes.to_dict`` write as ``changes.md`` and ``changes.json``.
- ``review_records``, ``review_table`` and ``review_html`` show every section's items with
  their id, confidence, reasons, sources, merged copies and overrides.
"""

from __future__ import annotations

import html
import shutil
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from briefing.assemble import Override, ReviewItem, long_date
from briefing.model import Brief, Source
from briefing.render.markdown import escape_markdown

#: Sections that repeat items of other sections; they are left out of the comparison.
DERIVED_SECTIONS = frozenset({"key_points", "new"})


@dataclass(frozen=True, slots=True)
class Change:
    """One line of the change list.

    Attributes:
        kind: "added", "removed", "moved" or "cited" (now also cited by another article).
        id: the item's id (in the build it is in: this one, or the previous for removed).
        text: the sentence.
        before: headings of the sections it was in (empty for added items).
        after: headings of the sections it is in (empty for removed items).
        sources: the cited sources, as printed in the brief it is in.
        new: the item comes only from articles added since the previous build.
        note: why, when known ("its article was removed", "dropped by override").
    """

    kind: str
    id: str
    text: str
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    new: bool = False
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable dict."""
        return {
            "kind": self.kind,
            "id": self.id,
            "text": self.text,
            "before": list(self.before),
            "after": list(self.after),
            "sources": list(self.sources),
            "new": self.new,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class Changes:
    """The change list between the previous build and this one.

    Attributes:
        date: this brief's date.
        previous: the previous brief's date; None on the first build of a folder.
        articles_added: sources added (or whose text changed) since the previous build.
        articles_removed: sources of the previous build that are gone.
        entries: the changed items: added, removed, moved, cited.
        stale: overrides whose sentence no longer exists.
        key_points_added: key points of this brief that the previous one did not have.
        key_points_removed: key points of the previous brief that this one does not have.
        numbers: what happened to citation numbers ("[3] assigned to …", "[2] retired:
            …", "[1] renumbered from [4]: …").
    """

    date: str
    previous: str | None
    articles_added: tuple[str, ...] = ()
    articles_removed: tuple[str, ...] = ()
    entries: tuple[Change, ...] = ()
    stale: tuple[Override, ...] = ()
    key_points_added: tuple[str, ...] = ()
    key_points_removed: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()

    def of(self, kind: str) -> list[Change]:
        """Return the entries of one kind."""
        return [c for c in self.entries if c.kind == kind]

    def summary(self) -> str:
        """Return a one-line summary ("2 added, 0 removed, 1 moved, 1 newly cited")."""
        counts = {k: len(self.of(k)) for k in ("added", "removed", "moved", "cited")}
        text = (
            f"{counts['added']} added, {counts['removed']} removed, {counts['moved']} moved, "
            f"{counts['cited']} newly cited"
        )
        if self.previous is None:
            text = f"first build: {counts['added']} item(s)"
        if self.stale:
            text += f"; {len(self.stale)} stale override(s)"
        return text

    def to_dict(self) -> dict[str, Any]:
        """Return the record written as ``changes.json``."""
        return {
            "date": self.date,
            "previous": self.previous,
            "articles_added": list(self.articles_added),
            "articles_removed": list(self.articles_removed),
            **{
                kind: [c.to_dict() for c in self.of(kind)]
                for kind in ("added", "removed", "moved", "cited")
            },
            "stale_overrides": [{"id": o.key, **o.to_dict()} for o in self.stale],
            "key_points_added": list(self.key_points_added),
            "key_points_removed": list(self.key_points_removed),
            "citation_numbers": list(self.numbers),
        }


@dataclass(slots=True)
class _Group:
    """The placements of one item (an item may sit in several sections)."""

    id: str
    text: str
    sections: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    fingerprints: set[str] = field(default_factory=set)
    numbers: set[int] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    new: bool = False


def _groups(items: Iterable[ReviewItem]) -> dict[str, _Group]:
    groups: dict[str, _Group] = {}
    for item in items:
        if item.dropped or item.section in DERIVED_SECTIONS:
            continue
        group = groups.setdefault(item.id, _Group(id=item.id, text=item.text, new=item.new))
        if item.section not in group.sections:
            group.sections.append(item.section)
            group.headings.append(item.heading)
        group.fingerprints |= item.fingerprints
        group.numbers |= {m.number for m in item.members}
        group.articles |= {m.article_id for m in item.members}
    return groups


def source_line(source: Source) -> str:
    """Return a source as "[1] Title (Outlet, 5 December 2019)"."""
    details = ", ".join(p for p in (source.outlet, long_date(source.date)) if p)
    title = " ".join((source.title or source.article_id).split())
    return f"[{source.number}] {title}" + (f" ({details})" if details else "")


def _cited(numbers: Iterable[int], sources: Mapping[int, Source]) -> tuple[str, ...]:
    return tuple(source_line(sources[n]) for n in sorted(numbers) if n in sources)


def compare(
    previous_items: Sequence[ReviewItem] | None,
    previous_brief: Brief | None,
    items: Sequence[ReviewItem],
    brief: Brief,
    *,
    new_articles: Iterable[str] = (),
    stale: Sequence[Override] = (),
) -> Changes:
    """Compare this build's items with the previous build's.

    Items are the same when they share a copy (the same sentence, by fingerprint, in the
    same article), so an item keeps its identity when another copy is added or its text is
    lightly edited in one of its articles.

    Args:
        previous_items: the review items of the previous build; None on the first build.
        previous_brief: the previous brief (for its sources and date).
        items: this build's review items.
        brief: this build's brief.
        new_articles: ids of the articles added or changed since the previous build.
        stale: overrides that matched no sentence in this build.

    Returns:
        The change list; on the first build every item is "added".
    """
    sources = {s.number: s for s in brief.sources}
    current = _groups(items)
    if previous_items is None or previous_brief is None:
        first = tuple(
            Change(
                kind="added",
                id=g.id,
                text=g.text,
                after=tuple(g.headings),
                sources=_cited(g.numbers, sources),
            )
            for g in current.values()
        )
        return Changes(date=brief.date, previous=None, entries=first, stale=tuple(stale))
    old_sources = {s.number: s for s in previous_brief.sources}
    before = _groups(previous_items)
    by_fp = {fp: g.id for g in before.values() for fp in g.fingerprints}
    dropped = {fp for i in items if i.dropped for fp in i.fingerprints}
    fresh = set(new_articles)
    current_ids = {s.article_id for s in brief.sources}
    old_ids = {s.article_id: s for s in previous_brief.sources}
    entries: list[Change] = []
    matched: set[str] = set()
    for g in current.values():
        olds = sorted({by_fp[fp] for fp in g.fingerprints if fp in by_fp})
        cited = _cited(g.numbers, sources)
        if not olds:
            entries.append(
                Change(
                    kind="added",
                    id=g.id,
                    text=g.text,
                    after=tuple(g.headings),
                    sources=cited,
                    new=g.new,
                    note="" if g.new else "newly selected from an earlier article",
                )
            )
            continue
        matched.update(olds)
        was_sections = [s for o in olds for s in before[o].sections]
        was_headings = [h for o in olds for h in before[o].headings]
        was_articles = {a for o in olds for a in before[o].articles}
        gained = sorted(g.articles - was_articles)
        if sorted(set(was_sections)) != sorted(set(g.sections)):
            entries.append(
                Change(
                    kind="moved",
                    id=g.id,
                    text=g.text,
                    before=tuple(dict.fromkeys(was_headings)),
                    after=tuple(g.headings),
                    sources=cited,
                )
            )
        elif gained and set(gained) & fresh:
            entries.append(
                Change(
                    kind="cited",
                    id=g.id,
                    text=g.text,
                    after=tuple(g.headings),
                    sources=cited,
                    note="now also cited by " + ", ".join(gained),
                )
            )
    for g in before.values():
        if g.id in matched:
            continue
        if g.fingerprints & dropped:
            note = "dropped by override"
        elif not g.articles & current_ids:
            note = "its article was removed"
        else:
            note = "no longer selected"
        entries.append(
            Change(
                kind="removed",
                id=g.id,
                text=g.text,
                before=tuple(g.headings),
                sources=_cited(g.numbers, old_sources),
                note=note,
            )
        )
    added = tuple(source_line(s) for s in brief.sources if s.article_id in fresh)
    removed = tuple(source_line(s) for a, s in old_ids.items() if a not in current_ids)
    kp_added, kp_removed = key_point_changes(previous_brief, brief)
    return Changes(
        date=brief.date,
        previous=previous_brief.date,
        articles_added=added,
        articles_removed=removed,
        entries=tuple(entries),
        stale=tuple(stale),
        key_points_added=kp_added,
        key_points_removed=kp_removed,
        numbers=number_changes(previous_brief, brief),
    )


def _key_point_texts(brief: Brief) -> list[str]:
    section = brief.section("key_points")
    return [i.text for i in section.items] if section is not None else []


def key_point_changes(previous: Brief, brief: Brief) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the key points added and removed between two briefs (by their text)."""
    old, new = _key_point_texts(previous), _key_point_texts(brief)
    return tuple(t for t in new if t not in old), tuple(t for t in old if t not in new)


def number_changes(previous: Brief, brief: Brief) -> tuple[str, ...]:
    """Return what happened to citation numbers: assigned, retired or (never) renumbered."""
    old = {s.article_id: s for s in previous.sources}
    new = {s.article_id: s for s in brief.sources}
    lines: list[str] = []
    for article, source in new.items():
        before = old.get(article)
        if before is None:
            lines.append(
                f"[{source.number}] assigned to {source_line(source)[len(f'[{source.number}] ') :]}"
            )
        elif before.number != source.number:
            lines.append(
                f"[{source.number}] renumbered from [{before.number}]: "
                f"{source_line(source)[len(f'[{source.number}] ') :]}"
            )
    for article, source in old.items():
        if article not in new:
            lines.append(
                f"[{source.number}] retired (its article was removed; the number is not reused): "
                f"{source_line(source)[len(f'[{source.number}] ') :]}"
            )
    return tuple(sorted(lines, key=lambda line: int(line[1 : line.index("]")])))


def undo_hint(key: str, out: str) -> str:
    """Return the command that removes an override."""
    return f"briefing override {key} --out {out} --undo"


def changes_markdown(changes: Changes, *, out: str = "OUT") -> str:
    """Return the change list as Markdown (``changes.md``).

    Args:
        changes: from ``compare``.
        out: the output folder, for the commands the list suggests.
    """
    lines = ["# Changes to the brief", ""]
    if changes.previous is None:
        lines += [
            f"First build of this folder (brief of {escape_markdown(long_date(changes.date))}): "
            "every item is listed as added.",
            "",
        ]
    else:
        lines += [
            f"Brief of {escape_markdown(long_date(changes.date))} compared with the previous "
            f"build (brief of {escape_markdown(long_date(changes.previous))}): "
            f"{escape_markdown(changes.summary())}.",
            "",
        ]
        for title, sources in (
            ("Articles added", changes.articles_added),
            ("Articles removed", changes.articles_removed),
            ("Key points added", changes.key_points_added),
            ("Key points removed", changes.key_points_removed),
            ("Citation numbers", changes.numbers),
        ):
            lines += [f"## {title} ({len(sources)})", ""]
            lines += [f"- {escape_markdown(s)}" for s in sources] or ["*None.*"]
            lines.append("")
    titles = {
        "added": "Added",
        "removed": "Removed",
        "moved": "Moved between sections",
        "cited": "Also cited by new articles",
    }
    for kind, title in titles.items():
        entries = changes.of(kind)
        if changes.previous is None and kind != "added":
            continue
        lines += [f"## {title} ({len(entries)})", ""]
        if not entries:
            lines += ["*None.*", ""]
        for c in entries:
            where = {
                "added": " / ".join(c.after),
                "removed": " / ".join(c.before),
                "moved": f"{' / '.join(c.before)} → {' / '.join(c.after)}",
                "cited": " / ".join(c.after),
            }[kind]
            flag = " (new)" if c.new else ""
            note = f" — {c.note}" if c.note else ""
            lines.append(
                f"- `{c.id}` **{escape_markdown(where)}**{flag}: {escape_markdown(c.text)}"
                f"{escape_markdown(note)}"
            )
            lines += [f"  - {escape_markdown(s)}" for s in c.sources]
        if entries:
            lines.append("")
    if changes.stale:
        lines += [f"## Stale overrides ({len(changes.stale)})", ""]
        for o in changes.stale:
            lines.append(
                f"- `{o.key}` ({escape_markdown(o.describe())}) on "
                f"“{escape_markdown(o.text)}” from {escape_markdown(o.article)}: the sentence "
                f"is in none of the articles any more. Remove it with "
                f"`{undo_hint(o.key, out)}`."
            )
        lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------- review


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


__all__ = [
    "Change",
    "Changes",
    "changes_markdown",
    "compare",
    "current_override",
    "review_html",
    "review_records",
    "review_table",
    "source_line",
]
