"""The change list between two builds of a folder: what was added, removed, moved."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from briefing.app.state import override_entry
from briefing.assemble import long_date
from briefing.codec import encode
from briefing.model import Brief, Change, Changes, Override, ReviewItem, Source
from briefing.render.markdown import escape_markdown

#: The kinds of change entries, in the order the change files list them.
CHANGE_KINDS = ("added", "removed", "moved", "cited")
#: Sections that repeat items of other sections; they are left out of the comparison.
DERIVED_SECTIONS = frozenset({"key_points", "new"})


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


def _cited(numbers: Iterable[int], lines: Mapping[int, str]) -> tuple[str, ...]:
    return tuple(lines[n] for n in sorted(numbers) if n in lines)


def _source_lines(brief: Brief) -> dict[int, str]:
    """Each source's line by number, made once: every change of its items shares it."""
    return {s.number: source_line(s) for s in brief.sources}


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
    sources = _source_lines(brief)
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
    old_sources = _source_lines(previous_brief)
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


def changes_record(changes: Changes) -> dict[str, Any]:
    """Return the record written as ``changes.json`` (entries grouped by kind)."""
    return {
        "date": changes.date,
        "previous": changes.previous,
        "articles_added": list(changes.articles_added),
        "articles_removed": list(changes.articles_removed),
        **{kind: [encode(c) for c in changes.of(kind)] for kind in CHANGE_KINDS},
        "stale_overrides": [{"id": o.key, **override_entry(o)} for o in changes.stale],
        "key_points_added": list(changes.key_points_added),
        "key_points_removed": list(changes.key_points_removed),
        "citation_numbers": list(changes.numbers),
    }


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
