"""The state files of a workspace: ``state.json``, ``overrides.json``, their schemas.

``State`` is the last build (its brief, review items, article hashes, reports); the
schemas check ``state.json``, ``overrides.json`` and ``manifest.json`` when read;
``override_problem`` says what is wrong with one override entry, with the fix.
``ParseStats`` says what the caches did in a build.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from briefing.assemble import OVERRIDE_SECTIONS
from briefing.codec import decode, encode
from briefing.errors import BriefingError, describe_exception
from briefing.fsio import atomic_write, write_json
from briefing.model import Brief, Override, ReviewItem
from briefing.schema import (
    Anything,
    ListOf,
    MapOf,
    OneOf,
    Optional,
    Pattern,
    Record,
    check,
    first_problem,
)

#: The folder of the workspace inside an output folder.
WORKSPACE_DIR = ".briefing"
#: The version of state.json and overrides.json.
STATE_VERSION = 1


class WorkspaceError(BriefingError):
    """A workspace file is unusable; the message names it and says the fix."""


@dataclass(slots=True)
class ParseStats:
    """What ``Workspace.parse`` did, per article id (tests and progress read it).

    Attributes:
        parsed: articles parsed by the pipeline in this build.
        cached: articles loaded from the cache.
        corrupt: articles whose cache entry was corrupt (they were parsed again).
        classified: articles classified in this build.
        reused: articles whose classification came from the cache (nothing it depends on
            changed).
    """

    parsed: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    corrupt: list[str] = field(default_factory=list)
    classified: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """Return a one-line summary ("parsed 1 article(s), 2 from the cache")."""
        text = f"parsed {len(self.parsed)} article(s), {len(self.cached)} from the cache"
        if self.corrupt:
            text += f" ({len(self.corrupt)} corrupt cache entry(ies) parsed again)"
        return text


@dataclass(slots=True)
class State:
    """The last build of a workspace (``state.json``).

    Attributes:
        brief: the brief as built (``Brief.to_dict()``).
        items: its review items, then the dropped ones.
        articles: the content hash of each article, by id.
        since: the reference of "New since": ``{"date", "articles"}`` of the last build
            with another set of articles, or None.
        stale: overrides that matched no sentence.
        reports: the SHA-256 of each file written into the output folder, by name, so a
            later build may replace them without ``--force`` (but not files edited since).
        sources: the SOURCES of the build, as given.
    """

    brief: dict[str, Any]
    items: list[ReviewItem]
    articles: dict[str, str]
    since: dict[str, Any] | None = None
    stale: list[Override] = field(default_factory=list)
    reports: dict[str, str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)

    @property
    def date(self) -> str:
        """The date of the brief."""
        return str(self.brief.get("date", ""))

    def load_brief(self) -> Brief:
        """Return the brief as a model object."""
        return Brief.from_dict(self.brief)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON record of ``state.json`` (``briefing.codec``, maps sorted)."""
        ordered = replace(
            self,
            articles=dict(sorted(self.articles.items())),
            reports=dict(sorted(self.reports.items())),
        )
        return {"version": STATE_VERSION, **encode(ordered)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, checked: bool = True) -> State:
        """Rebuild the state from ``to_dict`` output, checked against ``STATE_SCHEMA``.

        ``checked=False`` skips the check, for the bytes the last commit wrote itself.

        Raises:
            SchemaError: a field is missing or of the wrong type.
        """
        if checked:
            check(data, STATE_SCHEMA)
        return decode(cls, {k: v for k, v in data.items() if k != "version"})


def override_entry(override: Override) -> dict[str, Any]:
    """Return an override's entry in ``overrides.json``, which is keyed by its id."""
    record: dict[str, Any] = encode(override)
    del record["key"]
    return record


def override_from_entry(key: str, entry: Mapping[str, Any]) -> Override:
    """Rebuild an override from its entry in ``overrides.json`` and its id."""
    return decode(Override, {**entry, "key": key})


#: A government code as overrides and the brief carry it.
_CODE = Pattern(r"[A-Z]{3}", 'a three-letter government code such as "MEX"')
#: One entry of ``overrides.json`` (its key is the item id).
OVERRIDE_SCHEMA = Record(
    optional={
        "text": str,
        "article": str,
        "section": Optional(OneOf(OVERRIDE_SECTIONS)),
        "government": Optional(_CODE),
        "drop": bool,
        "keep": bool,
        "members": ListOf(str),
        "noted": str,
    }
)
_CITATION = Record(required={"number": int, "article_id": str, "start": int, "end": int})
_BRIEF_ITEM = Record(
    required={"text": str, "section": str, "citations": ListOf(_CITATION)},
    optional={
        "government": Optional(str),
        "confidence": float,
        "labels": ListOf(str),
        "reasons": ListOf(str),
        "id": str,
        "new": bool,
    },
    extra=True,
)
_SOURCE = Record(
    required={"number": int, "article_id": str, "title": str},
    optional={
        "outlet": str,
        "date": Optional(str),
        "path": str,
        "url": str,
        "publisher": str,
    },
)
_BRIEF = Record(
    required={
        "title": str,
        "date": str,
        "pair": ListOf(str),
        "governments": MapOf(str),
        "sections": ListOf(
            Record(
                required={"key": str, "heading": str, "items": ListOf(_BRIEF_ITEM)},
                optional={"government": Optional(str)},
                extra=True,
            )
        ),
        "sources": ListOf(_SOURCE),
    },
    extra=True,
)
_STORED_OVERRIDE = Record(required={"key": str}, optional=OVERRIDE_SCHEMA.optional)
_MEMBER = Record(
    required={
        "doc": str,
        "number": int,
        "start": int,
        "end": int,
        "text": str,
        "similarity": int,
        "fingerprint": str,
    }
)
_REVIEW_ITEM = Record(
    required={"id": str, "section": str, "text": str, "members": ListOf(_MEMBER)},
    optional={
        "heading": str,
        "government": Optional(str),
        "confidence": float,
        "reasons": ListOf(str),
        "new": bool,
        "dropped": bool,
        "override": Optional(_STORED_OVERRIDE),
        "context": str,
        "highlight": ListOf(int),
    },
)
#: ``state.json``: the last build.
STATE_SCHEMA = Record(
    required={
        "version": OneOf((STATE_VERSION,)),
        "brief": _BRIEF,
        "items": ListOf(_REVIEW_ITEM),
        "articles": MapOf(str),
    },
    optional={
        "since": Optional(Record(required={"date": str, "articles": MapOf(str)})),
        "stale": ListOf(_STORED_OVERRIDE),
        "reports": MapOf(str),
        "sources": ListOf(str),
    },
)
#: ``manifest.json``, the journal of the last commit: the files of one build (name relative
#: to the output folder -> SHA-256), where each was staged, and the build record
#: (``briefing.app.unchanged``: its key and what a rebuild with nothing to do reports).
MANIFEST_SCHEMA = Record(
    required={
        "version": OneOf((STATE_VERSION,)),
        "files": MapOf(Pattern(r"[0-9a-f]{64}", "a SHA-256 digest")),
    },
    optional={"staged": MapOf(str), "build": Optional(Anything()), "state": Optional(Anything())},
)


def write_overrides(path: Path, overrides: Mapping[str, Override], bad: Mapping[str, Any]) -> None:
    """Write ``overrides.json`` whole, after copying the current file to ``.bak``.

    ``bad``: entries that failed their check, written back exactly as they were.
    """
    if path.exists():
        atomic_write(path.with_name(path.name + ".bak"), path.read_bytes(), pause=False)
    records: dict[str, Any] = {k: override_entry(overrides[k]) for k in overrides}
    records.update(bad)
    write_json(path, {"version": STATE_VERSION, "overrides": dict(sorted(records.items()))})


def read_overrides(path: Path) -> tuple[dict[str, Override], dict[str, Any], list[str]]:
    """Read ``overrides.json``: its valid overrides, every entry as it is, the problems.

    Each entry is checked against ``OVERRIDE_SCHEMA``; a bad entry is left out of the
    valid ones and described (by id, with the fix) in the problems.

    Raises:
        WorkspaceError: the file exists but cannot be read, is not UTF-8, is not JSON
            or not an overrides file at all.
    """
    problems: list[str] = []
    restore = f"Fix it by hand, or restore the previous version from {path.name}.bak."
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}, {}, problems
    except OSError as exc:
        raise WorkspaceError(
            f"{path}: cannot read the overrides ({exc.strerror or describe_exception(exc)})"
            "; make the file readable."
        ) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise WorkspaceError(
            f"{path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            f"save it as UTF-8. {restore}"
        ) from exc
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise WorkspaceError(f"{path}: not a valid overrides file ({exc}). {restore}") from exc
    problem = first_problem(
        data,
        Record(
            required={"overrides": MapOf(Anything())},
            optional={"version": OneOf((STATE_VERSION,))},
        ),
    )
    if problem is not None:
        raise WorkspaceError(
            f"{path}: not a valid overrides file ({problem}). {restore}"
        ) from problem
    entries: dict[str, Any] = data["overrides"]
    valid: dict[str, Override] = {}
    for key, entry in entries.items():
        message = override_problem(str(key), entry)
        if message is None:
            valid[str(key)] = override_from_entry(str(key), entry)
        else:
            problems.append(f"{path}: {message}")
    return valid, entries, problems


def override_problem(key: str, entry: Any) -> str | None:
    """Return what is wrong with one entry of ``overrides.json``, with the fix, or None.

    The message names the entry by its id: "override 3fa9c1d2e4: "drop" is "false" (a
    string); use true or false, without quotes. ..."
    """
    tail = "It is not applied until it is fixed; the other overrides are."
    problem = first_problem(entry, OVERRIDE_SCHEMA)
    if problem is not None:
        field_name = problem.where or "the entry"
        if problem.got.startswith("an unknown field"):
            return (
                f"override {key}: {problem.got}; the fields are "
                + ", ".join(f'"{k}"' for k in OVERRIDE_SCHEMA.optional)
                + f" (check the spelling). {tail}"
            )
        quoted = f'"{field_name}"' if problem.where else field_name
        return f"override {key}: {quoted} is {problem.got}; use {problem.expected}. {tail}"
    if entry.get("section") == "position" and not entry.get("government"):
        return (
            f'override {key}: "section" is "position" but no "government" says whose; add '
            f'"government": "ABC" (the code of a government of the brief). {tail}'
        )
    if entry.get("drop") is True and (entry.get("section") or entry.get("keep") is True):
        return (
            f'override {key}: "drop" is true together with "section" or "keep"; keep only '
            f"one of them. {tail}"
        )
    return None


def state_json(state: State) -> bytes:
    """Return the bytes of ``state.json`` (compact JSON: a machine file).

    The same bytes as ``json.dumps(state.to_dict())``, made one review item at a time:
    a brief of tens of thousands of sentences never holds all its items as JSON values
    at once.
    """
    dump = functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":"))
    parts = []
    for key, value in replace(state, items=[]).to_dict().items():
        if key == "items":
            text = "[" + ",".join(dump(encode(i)) for i in state.items) + "]"
        else:
            text = dump(value)
        parts.append(f"{dump(key)}:{text}")
    return ("{" + ",".join(parts) + "}").encode("utf-8", "surrogatepass")
