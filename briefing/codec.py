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
from collections.abc import Callable, Hashable, Mapping
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


_SCALARS = (str, int, float, bool, type(None))


#: Types ``encode`` returns as they are, tested first (an enum member's type is its class).
_SCALAR_TYPES = frozenset(_SCALARS)


def encode(value: Any) -> Any:
    """Return the JSON values of a record (or of any value made of records)."""
    kind = type(value)
    if kind in _SCALAR_TYPES:  # the usual cases first, by exact type
        return value
    if kind is list or kind is tuple:
        return [encode(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, list | tuple):
        return [encode(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): encode(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {key: encode(getattr(value, name)) for name, key in _names(type(value))}
    return value


@functools.cache
def _names(cls: type) -> tuple[tuple[str, str], ...]:
    """A record class's fields as (attribute, JSON name), in order."""
    return tuple((f.name, _key(f)) for f in dataclasses.fields(cls))


@functools.lru_cache(maxsize=1 << 14)
def _first(value: Hashable) -> Any:
    return value


def shared(value: Any) -> Any:
    """Return the first-seen instance of a value equal to ``value`` (immutable values only).

    The records' repeated values (a sentence's labels, reasons, speaker) share one instance
    this way; at most the 16,384 most recent distinct values are remembered, so a long
    ``watch`` does not grow. An unhashable value is returned as it is.
    """
    try:
        return _first(value)
    except TypeError:
        return value


def sharing(*names: str) -> Callable[[type[T]], type[T]]:
    """Make a record class keep ``shared`` instances of the values of fields ``names``.

    Put it under ``@dataclass`` (it gives the class the ``__post_init__`` the dataclass
    then calls); the fields' values must be immutable.
    """

    def decorate(cls: type[T]) -> type[T]:
        def __post_init__(self: Any) -> None:
            for name in names:
                object.__setattr__(self, name, shared(getattr(self, name)))

        cls.__post_init__ = __post_init__  # type: ignore[attr-defined]
        return cls

    return decorate


def view(value: Any, names: Mapping[str, str]) -> dict[str, Any]:
    """Return some fields of a record, encoded, under other names (attribute -> JSON name)."""
    return {key: encode(getattr(value, attr)) for attr, key in names.items()}


Decoder = typing.Callable[[Any], Any]
"""Turns JSON values into the value of one type hint (built once per hint)."""


@functools.cache
def _plan(cls: type) -> tuple[tuple[str, str, Decoder, bool], ...]:
    """A record class's fields as (attribute, JSON name, decoder, required), in order."""
    hints = typing.get_type_hints(cls)
    return tuple(
        (
            f.name,
            _key(f),
            _decoder(hints[f.name]),
            f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
        )
        for f in dataclasses.fields(cls)
    )


def decode(cls: type[T], data: Any) -> T:
    """Return the record of class ``cls`` that ``encode`` gave ``data`` for.

    Raises:
        CodecError: ``data`` is not an object, lacks a field without default, or a
            value is of the wrong type.
    """
    if not isinstance(data, Mapping):
        raise CodecError(f"{cls.__name__}: expected an object, got {type(data).__name__}")
    plan = _plan(cls)  # type: ignore[arg-type]
    try:  # the usual case, every field present and valid: one pass, no test per field
        return cls(**{name: decoder(data[key]) for name, key, decoder, _r in plan})
    except (KeyError, CodecError):  # a field missing (its default) or invalid (say which)
        pass
    values: dict[str, Any] = {}
    for name, key, decoder, required in plan:
        if key not in data:
            if required:
                raise CodecError(f"{cls.__name__}: {key!r} is missing")
            continue
        try:
            values[name] = decoder(data[key])
        except CodecError as exc:
            raise CodecError(f"{cls.__name__}.{key}: {exc}") from None
    return cls(**values)


@functools.cache
def _decoder(hint: Any) -> Decoder:
    """Build the decoder of one type hint (cached: each hint is read once)."""
    if hint is Any:
        return _same
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        if len(options) != 1:
            raise CodecError(f"cannot decode the union {hint}")
        inner = _decoder(options[0])
        optional = type(None) in args
        return lambda data: None if data is None and optional else inner(data)
    if origin is not None:
        return _generic(origin, args)
    if isinstance(hint, type):
        return _plain(hint)
    raise CodecError(f"cannot decode the type {hint}")


def _same(data: Any) -> Any:
    return data


def _generic(origin: Any, args: tuple[Any, ...]) -> Decoder:
    """The decoder of a tuple, list, set or mapping, by its type arguments."""
    if origin in (dict, Mapping):
        key_of, value_of = (_decoder(a) for a in (args or (Any, Any)))
        if args == (str, float):  # scores: checked without two calls per entry
            return _scores

        def mapping(data: Any) -> Any:
            if not isinstance(data, Mapping):
                raise CodecError(f"expected an object, got {type(data).__name__}")
            return {key_of(k): value_of(v) for k, v in data.items()}

        return mapping
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _decoder(args[0])
        if args[0] is str:  # labels, reasons: checked without a call per item
            return _strings
        return lambda data: tuple(item(v) for v in _array(data))
    if origin is tuple and args:
        items = [_decoder(a) for a in args]

        def fixed(data: Any) -> Any:
            values = _array(data)
            if len(items) != len(values):
                raise CodecError(f"expected {len(items)} values, got {len(values)}")
            return tuple(f(v) for f, v in zip(items, values, strict=True))

        return fixed
    if origin is tuple:
        return lambda data: tuple(_array(data))
    each = _decoder(args[0] if args else Any)
    if origin in (set, frozenset):
        return lambda data: origin(each(v) for v in _array(data))
    return lambda data: [each(v) for v in _array(data)]


def _strings(data: Any) -> tuple[str, ...]:
    """The decoder of ``tuple[str, ...]``."""
    values = _array(data)
    if all(type(v) is str for v in values):
        return tuple(values)
    return tuple(_TEXT(v) for v in values)


def _scores(data: Any) -> dict[str, float]:
    """The decoder of ``Mapping[str, float]``: numbers become floats, as ``_plain`` does."""
    if not isinstance(data, Mapping):
        raise CodecError(f"expected an object, got {type(data).__name__}")
    return {k if type(k) is str else _TEXT(k): _number(v) for k, v in data.items()}


def _number(data: Any) -> Any:
    """The decoder of ``float``: an int becomes a float; anything else is kept."""
    if type(data) is float:
        return data
    if isinstance(data, int | float) and not isinstance(data, bool):
        return float(data)
    return data


def _array(data: Any) -> list[Any] | tuple[Any, ...]:
    if not isinstance(data, list | tuple):
        raise CodecError(f"expected an array, got {type(data).__name__}")
    return data


def _plain(cls: type) -> Decoder:
    """The decoder of a record, an enum or a scalar."""
    if dataclasses.is_dataclass(cls):
        return lambda data: decode(cls, data)
    if issubclass(cls, enum.Enum):

        def member(data: Any) -> Any:
            try:
                return cls(data)
            except ValueError as exc:
                raise CodecError(str(exc)) from None

        return member
    if cls is float:
        return _number
    if cls in (int, str):

        def scalar(data: Any) -> Any:
            if type(data) is cls:  # the usual case, one test
                return data
            if not isinstance(data, cls) or isinstance(data, bool):
                raise CodecError(f"expected {cls.__name__}, got {type(data).__name__}")
            return data

        return scalar
    if cls is bool:

        def flag(data: Any) -> Any:
            if not isinstance(data, bool):
                raise CodecError(f"expected true or false, got {type(data).__name__}")
            return data

        return flag
    if cls in (dict, list, tuple):
        return _generic(cls, ())
    return _same


#: The decoder of ``str``.
_TEXT: Decoder = _plain(str)

__all__ = ["JSON_NAME", "CodecError", "decode", "encode", "json_name", "view"]
