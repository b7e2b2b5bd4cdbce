"""The registry of sections (label families), read from ``data/sections.toml``.

Every list of sections the code needs (the ones evaluation scores, the ones an override
may move an item to, the learned scorer's outputs) derives from this registry, so adding
a section is one entry in the data file and one member of ``model.Section``.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from briefing.errors import RegistryError
from briefing.model import Section

DATA = Path(__file__).parent / "data" / "sections.toml"


@dataclass(frozen=True, slots=True)
class SectionEntry:
    """One section of the registry."""

    key: str
    template: str
    overridable: bool
    content: bool


@functools.cache
def registry(path: Path = DATA) -> tuple[SectionEntry, ...]:
    """The sections, in order.

    Raises:
        RegistryError: naming the file when an entry is malformed or does not match
            ``model.Section``.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        entries = tuple(
            SectionEntry(
                key=str(e["key"]),
                template=str(e.get("template", "")),
                overridable=bool(e.get("overridable", False)),
                content=bool(e.get("content", True)),
            )
            for e in data["section"]
        )
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise RegistryError(
            f"{path}: not a section registry ({exc!r}). Each [[section]] needs a key."
        ) from exc
    keys = {e.key for e in entries}
    members = {s.value for s in Section}
    if keys != members:
        raise RegistryError(
            f"{path}: the sections ({', '.join(sorted(keys))}) differ from "
            f"briefing.model.Section ({', '.join(sorted(members))}); add the missing one to both."
        )
    return entries


def keys() -> tuple[str, ...]:
    """Every section key, in registry order ("background", ..., "other")."""
    return tuple(e.key for e in registry())


def overridable() -> tuple[str, ...]:
    """The sections an override may move an item to."""
    return tuple(e.key for e in registry() if e.overridable)
