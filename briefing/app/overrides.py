"""The analyst's overrides: recording one (``set_override``), and which apply to a brief."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from briefing.app.review import Review, load_review
from briefing.app.state import WorkspaceError
from briefing.app.workspace import Workspace
from briefing.assemble import OVERRIDE_SECTIONS
from briefing.model import Override, ReviewItem


def overrides_for(
    overrides: Mapping[str, Override], pair: Sequence[str]
) -> tuple[list[Override], list[str]]:
    """Split the overrides into those that apply to a brief on ``pair`` and the problems.

    An override naming a government outside the pair would move its item to the
    background: it is reported instead, and not applied.
    """
    usable: list[Override] = []
    problems: list[str] = []
    for key in sorted(overrides):
        o = overrides[key]
        if o.government and o.government not in pair:
            problems.append(
                f'override {key}: "government" is "{o.government}", not a government of '
                f"this brief ({', '.join(pair)}); use one of them, or remove the override. "
                "It is not applied until it is fixed; the other overrides are."
            )
            continue
        usable.append(o)
    return usable, problems


def _resolve(item_id: str, review: Review) -> tuple[str, list[ReviewItem]]:
    """Return the full id an id or id prefix names, and its placements in the last build."""
    wanted = item_id.strip().lower()
    ids = sorted({i.id for i in review.items} | set(review.overrides))
    hits = [i for i in ids if i == wanted] or [i for i in ids if i.startswith(wanted)]
    if len(wanted) < 4 or not hits:
        raise WorkspaceError(
            f"No item {item_id!r} in the last build of {review.out}. "
            f"List the ids with: briefing review --out {review.out}"
        )
    if len(hits) > 1:
        raise WorkspaceError(
            f"{item_id!r} matches several items ({', '.join(hits[:5])}); give more of the id."
        )
    return hits[0], [i for i in review.items if i.id == hits[0]]


def set_override(
    out: Path,
    item_id: str,
    *,
    section: str | None = None,
    government: str | None = None,
    drop: bool = False,
    keep: bool = False,
    undo: bool = False,
    noted: str = "",
) -> tuple[Override, bool]:
    """Record (or undo) the analyst's override of one item of the last build of ``out``.

    The override is keyed by the item's fingerprint (its sentence and article), stored in
    ``OUT/.briefing/overrides.json`` and applied by every later build. An existing override
    of the same item is updated: ``drop`` clears ``section`` and ``keep`` and the other way
    round.

    Args:
        out: the output folder.
        item_id: the item's id, or a unique prefix of at least four characters.
        section: move the item to "background", "position", "risk" or "next_steps".
        government: the government of a position (``section="position"``, or alone).
        drop: leave the item out of the brief.
        keep: pin the item into the key points.
        undo: remove the item's override.
        noted: the date of the override (ISO), given by the CLI.

    Returns:
        The override written (or removed, with ``undo``) and whether it was removed.

    Raises:
        WorkspaceError: no such item, an ambiguous id, nothing to undo, or a bad combination
            of options.
    """
    review = load_review(out)
    brief = review.brief
    key, placements = _resolve(item_id, review)
    gov = government.strip().upper() if government else None
    if not (section or gov or drop or keep or undo):
        raise WorkspaceError(
            "Say what to change: --section, --government, --drop, --keep or --undo."
        )
    if undo and (section or gov or drop or keep):
        raise WorkspaceError("--undo removes the override; give it alone.")
    if drop and (section or gov or keep):
        raise WorkspaceError("--drop leaves the item out; it cannot be combined with others.")
    if section is not None and section not in OVERRIDE_SECTIONS:
        raise WorkspaceError(f"--section must be one of {', '.join(OVERRIDE_SECTIONS)}.")
    if gov and section not in (None, "position"):
        raise WorkspaceError("--government applies to --section position only.")
    if section == "position" and not gov:
        gov = next((p.government for p in placements if p.government), None)
        if gov is None:
            raise WorkspaceError(
                f"Say whose position it is: --government {' or '.join(brief.pair)}."
            )
    if gov and gov not in brief.pair:
        raise WorkspaceError(
            f"--government {gov} is not a government of this brief ({', '.join(brief.pair)})."
        )
    fingerprints = sorted({fp for p in placements for fp in p.fingerprints} | {key})
    result: dict[str, tuple[Override, bool]] = {}

    def change(current: dict[str, Override]) -> dict[str, Override]:
        existing = next(
            (o for o in current.values() if set(o.fingerprints) & set(fingerprints)), None
        )
        if existing is None and key in current:
            existing = current[key]
        if undo:
            if existing is None:
                raise WorkspaceError(f"{key} has no override to undo.")
            del current[existing.key]
            result["value"] = (existing, True)
            return current
        item = placements[0] if placements else None
        base = existing or Override(
            key=key,
            text=item.text if item else "",
            article=item.members[0].article_id if item and item.members else "",
        )
        updated = Override(
            key=base.key,
            text=base.text,
            article=base.article,
            section=None if drop else (section or ("position" if gov else base.section)),
            government=None if drop else (gov or (base.government if not section else None)),
            drop=drop,
            keep=False if drop else (keep or base.keep),
            members=tuple(sorted(set(base.members) | set(fingerprints))),
            noted=noted or base.noted,
        )
        current[updated.key] = updated
        result["value"] = (updated, False)
        return current

    Workspace(out).update_overrides(change)
    return result["value"]
