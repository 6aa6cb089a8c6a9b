"""Typed access to raw JSON objects, failing with the path of the offending field.

Required fields must have the right type or the raw is rejected. Optional fields of an
unexpected type are not an error: the decoder leaves them in ``extra``, so they survive.
Errors carry a path relative to the object being read; callers prefix it with
``TranslateError.within`` on the way out, which costs nothing unless something is wrong.
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any

from translate.errors import TranslateError, expected, missing


def need_object(value: Any, path: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    raise expected(path, "an object", value)


def need_str(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key)
    if isinstance(value, str):
        return value
    if value is None and key not in obj:
        raise missing(key, "a string")
    raise expected(key, "a string", value)


def need_field_list(obj: dict[str, Any], key: str) -> list[Any]:
    value = obj.get(key)
    if isinstance(value, list):
        return value
    if value is None and key not in obj:
        raise missing(key, "an array")
    raise expected(key, "an array", value)


def need_field_object(obj: dict[str, Any], key: str) -> dict[str, Any]:
    value = obj.get(key)
    if isinstance(value, dict):
        return value
    if value is None and key not in obj:
        raise missing(key, "an object")
    raise expected(key, "an object", value)


def opt_str(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    return value if isinstance(value, str) else None


def leftover(obj: dict[str, Any], known: Set[str]) -> dict[str, Any] | None:
    """The keys of ``obj`` a decoder did not consume, or None when there are none."""
    if obj.keys() <= known:
        return None
    # A copy less the known keys: same order as a comprehension, at a third of its cost (the
    # known sets are small, the objects a little larger).
    extra = dict(obj)
    for key in known:
        extra.pop(key, None)
    return extra


def decode_each(items: list[Any], decode_one: Any, *args: Any) -> list[Any]:
    """``[decode_one(item, *args) for item in items]``, with ``[i]`` on the error's path.

    The index is only worked out when something is wrong: the happy path is a plain loop,
    which matters for archives of millions of parts.
    """
    # Plain loops, not comprehensions: in CPython 3.11 a comprehension is a nested function,
    # and one that reads decode_one and arg makes them closure cells, which cost more than
    # the loop for the one to three items a message usually holds.
    out: list[Any] = []
    append = out.append
    try:
        # Spelled out by arity: a call with *args inside the loop costs more per item.
        if not args:
            for item in items:
                append(decode_one(item))
        elif len(args) == 1:
            arg = args[0]
            for item in items:
                append(decode_one(item, arg))
        else:
            for item in items:
                append(decode_one(item, *args))
    except TranslateError:
        for i, item in enumerate(items):
            try:
                decode_one(item, *args)
            except TranslateError as error:
                raise error.within(f"[{i}]") from None
        raise
    return out
