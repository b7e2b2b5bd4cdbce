"""Check hand-editable and machine JSON files against small declarative schemas.

The workspace's files (``overrides.json``, which analysts edit by hand, and
``state.json``) are read back on every build. A value of the wrong type ("drop": "false",
a number as a section) must be reported where it is, with what was expected, before any
code trusts it; Python's truthiness would otherwise turn "false" into a drop.

A schema is built from a few pieces: a Python type (``str``, ``int``, ``float``,
``bool``), ``Anything()``, ``Optional(s)``, ``ListOf(s)``, ``MapOf(s)`` (string keys),
``OneOf(values)``, ``Pattern(regex, what)`` and ``Record(required, optional)``.
``check(value, schema)`` raises ``SchemaError`` naming the path of the first bad value
("items[3].members[0].start") and what it should be.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Schema = Any
"""A type, or one of the schema classes of this module."""


class SchemaError(ValueError):
    """A value does not match its schema.

    Attributes:
        where: the path of the bad value ("overrides.3fa9c1d2e4.drop"), "" for the top.
        expected: what the value should be ("true or false").
        got: a short rendering of the value found.
    """

    def __init__(self, where: str, expected: str, got: str) -> None:
        super().__init__(f"{where or 'the file'}: expected {expected}, found {got}")
        self.where = where
        self.expected = expected
        self.got = got


@dataclass(frozen=True, slots=True)
class Optional:
    """``None``, or a value of ``schema``."""

    schema: Schema


@dataclass(frozen=True, slots=True)
class ListOf:
    """A JSON array whose every element matches ``schema``."""

    schema: Schema


@dataclass(frozen=True, slots=True)
class MapOf:
    """A JSON object with any string keys, whose every value matches ``schema``."""

    schema: Schema


@dataclass(frozen=True, slots=True)
class Anything:
    """Any JSON value (checked elsewhere, or not at all)."""


@dataclass(frozen=True, slots=True)
class OneOf:
    """One of a few literal values."""

    values: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Pattern:
    """A string matching a regular expression, described in words for messages."""

    regex: str
    what: str


@dataclass(frozen=True, slots=True)
class Record:
    """A JSON object with these required and optional fields (no others)."""

    required: Mapping[str, Schema] = field(default_factory=dict)
    optional: Mapping[str, Schema] = field(default_factory=dict)
    extra: bool = False


_TYPE_WORDS = {
    str: "a string",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
}


def describe(schema: Schema) -> str:
    """Return what a schema accepts, in words ("a string or null")."""
    if isinstance(schema, type):
        return _TYPE_WORDS.get(schema, schema.__name__)
    if isinstance(schema, Optional):
        return f"{describe(schema.schema)} or null"
    if isinstance(schema, ListOf):
        return f"a list of {describe(schema.schema).removeprefix('a ').removeprefix('an ')}s"
    if isinstance(schema, MapOf | Record):
        return "an object"
    if isinstance(schema, Anything):
        return "any value"
    if isinstance(schema, OneOf):
        return "one of " + ", ".join(json.dumps(v) for v in schema.values)
    if isinstance(schema, Pattern):
        return schema.what
    raise TypeError(f"not a schema: {schema!r}")


def shown(value: Any) -> str:
    """Return a short rendering of a JSON value for messages ('"false" (a string)')."""
    kind = {
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "an object",
        type(None): "null",
    }.get(type(value), type(value).__name__)
    if isinstance(value, list | dict):
        return kind
    text = json.dumps(value, ensure_ascii=False)
    text = text if len(text) <= 40 else text[:37] + "..."
    return text if value is None else f"{text} ({kind})"


def _join(where: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else key


def check(value: Any, schema: Schema, where: str = "") -> None:  # noqa: C901 - one branch a kind
    """Raise ``SchemaError`` at the first part of ``value`` that does not match ``schema``."""
    if isinstance(schema, type):
        _check_type(value, schema, where)
    elif isinstance(schema, Anything):
        return
    elif isinstance(schema, Optional):
        if value is not None:
            check(value, schema.schema, where)
    elif isinstance(schema, ListOf):
        if not isinstance(value, list):
            raise SchemaError(where, describe(schema), shown(value))
        for i, v in enumerate(value):
            check(v, schema.schema, _join(where, i))
    elif isinstance(schema, MapOf):
        if not isinstance(value, dict):
            raise SchemaError(where, describe(schema), shown(value))
        for k, v in value.items():
            check(v, schema.schema, _join(where, k))
    elif isinstance(schema, OneOf):
        if isinstance(value, bool) or value not in schema.values:
            raise SchemaError(where, describe(schema), shown(value))
    elif isinstance(schema, Pattern):
        if not isinstance(value, str) or not re.fullmatch(schema.regex, value):
            raise SchemaError(where, describe(schema), shown(value))
    elif isinstance(schema, Record):
        _check_record(value, schema, where)
    else:
        raise TypeError(f"not a schema: {schema!r}")


def _check_type(value: Any, kind: type, where: str) -> None:
    # JSON has no separate booleans and numbers in Python: True is an int, so check it.
    if kind is bool:
        ok = isinstance(value, bool)
    elif kind is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    elif kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    else:
        ok = isinstance(value, kind)
    if not ok:
        raise SchemaError(where, describe(kind), shown(value))


def _check_record(value: Any, schema: Record, where: str) -> None:
    if not isinstance(value, dict):
        raise SchemaError(where, describe(schema), shown(value))
    for key, sub in schema.required.items():
        if key not in value:
            raise SchemaError(_join(where, key), describe(sub), "nothing (the field is missing)")
        check(value[key], sub, _join(where, key))
    for key, sub in schema.optional.items():
        if key in value:
            check(value[key], sub, _join(where, key))
    if not schema.extra:
        known = [*schema.required, *schema.optional]
        unknown = sorted(str(k) for k in value if k not in known)
        if unknown:
            raise SchemaError(
                _join(where, unknown[0]),
                "one of the fields " + ", ".join(json.dumps(k) for k in known),
                f"an unknown field {json.dumps(unknown[0], ensure_ascii=False)}",
            )


def first_problem(value: Any, schema: Schema, where: str = "") -> SchemaError | None:
    """Return the first mismatch of ``value`` against ``schema``, or None."""
    try:
        check(value, schema, where)
    except SchemaError as exc:
        return exc
    return None


__all__ = [
    "Anything",
    "ListOf",
    "MapOf",
    "OneOf",
    "Optional",
    "Pattern",
    "Record",
    "SchemaError",
    "check",
    "describe",
    "first_problem",
    "shown",
]
