"""One codec between the model's records and JSON: every record is (de)serialised here.

``encode`` turns a record (a dataclass) into JSON values field by field: nested records
become objects, tuples and lists arrays, enums their values, mappings objects.
``decode`` rebuilds a record of a given class from such values, driven by the fields'
type hints: ``tuple[X, ...]`` and fixed tuples, ``list``, ``Mapping``/``dict``,
``X | None``, enums, nested records and ``Any`` (kept as it is). A field missing from the
data takes its default; a field whose JSON name differs from its attribute says so in
its metadata (``field(metadata=json_name("doc"))``). ``view`` picks and renames fields
for an output contract (``briefing classify`` prints ``doc``, not ``article_id``).

A value of the wrong type raises ``CodecError`` (a ``ValueError``) naming the field.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar, Union

T = TypeVar("T")

#: The metadata key of a field's JSON name.
JSON_NAME = "json"


class CodecError(ValueError):
    """JSON data does not fit the record it is decoded into."""


def json_name(name: str) -> dict[str, str]:
    """Return the field metadata that gives a field another name in JSON."""
    return {JSON_NAME: name}


def _key(f: dataclasses.Field[Any]) -> str:
    return str(f.metadata.get(JSON_NAME, f.name))


def encode(value: Any) -> Any:
    """Return the JSON values of a record (or of any value made of records)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {_key(f): encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [encode(v) for v in value]
    return value


def view(value: Any, names: Mapping[str, str]) -> dict[str, Any]:
    """Return some fields of a record, encoded, under other names (attribute -> JSON name)."""
    return {key: encode(getattr(value, attr)) for attr, key in names.items()}


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def decode(cls: type[T], data: Any) -> T:
    """Return the record of class ``cls`` that ``encode`` gave ``data`` for.

    Raises:
        CodecError: ``data`` is not an object, lacks a field without default, or a
            value is of the wrong type.
    """
    if not isinstance(data, Mapping):
        raise CodecError(f"{cls.__name__}: expected an object, got {type(data).__name__}")
    hints = _hints(cls)  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        key = _key(f)
        if key not in data:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise CodecError(f"{cls.__name__}: {key!r} is missing")
            continue
        try:
            values[f.name] = _value(hints[f.name], data[key])
        except CodecError as exc:
            raise CodecError(f"{cls.__name__}.{key}: {exc}") from None
    return cls(**values)


def _value(hint: Any, data: Any) -> Any:
    """Decode one value by its type hint."""
    if hint is Any:
        return data
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (Union, types.UnionType):
        if data is None and type(None) in args:
            return None
        options = [a for a in args if a is not type(None)]
        if len(options) != 1:
            raise CodecError(f"cannot decode the union {hint}")
        return _value(options[0], data)
    if origin is not None:
        return _generic(origin, args, data)
    if isinstance(hint, type):
        return _plain(hint, data)
    raise CodecError(f"cannot decode the type {hint}")


def _generic(origin: Any, args: tuple[Any, ...], data: Any) -> Any:
    """Decode a tuple, list, set or mapping by its type arguments."""
    if origin in (dict, Mapping):
        if not isinstance(data, Mapping):
            raise CodecError(f"expected an object, got {type(data).__name__}")
        key_hint, value_hint = args or (Any, Any)
        return {_value(key_hint, k): _value(value_hint, v) for k, v in data.items()}
    if not isinstance(data, list | tuple):
        raise CodecError(f"expected an array, got {type(data).__name__}")
    if origin is tuple:
        if not args:
            return tuple(data)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_value(args[0], v) for v in data)
        if len(args) != len(data):
            raise CodecError(f"expected {len(args)} values, got {len(data)}")
        return tuple(_value(a, v) for a, v in zip(args, data, strict=True))
    item = args[0] if args else Any
    if origin in (set, frozenset):
        return origin(_value(item, v) for v in data)
    return [_value(item, v) for v in data]


def _plain(cls: type, data: Any) -> Any:
    """Decode a record, an enum or a scalar."""
    if dataclasses.is_dataclass(cls):
        return decode(cls, data)
    if issubclass(cls, enum.Enum):
        try:
            return cls(data)
        except ValueError as exc:
            raise CodecError(str(exc)) from None
    if cls is float and isinstance(data, int | float) and not isinstance(data, bool):
        return float(data)
    if cls in (int, str) and (not isinstance(data, cls) or isinstance(data, bool)):
        raise CodecError(f"expected {cls.__name__}, got {type(data).__name__}")
    if cls is bool and not isinstance(data, bool):
        raise CodecError(f"expected true or false, got {type(data).__name__}")
    if cls in (dict, list, tuple):
        return _generic(cls, (), data)
    return data


__all__ = ["JSON_NAME", "CodecError", "decode", "encode", "json_name", "view"]
