"""The canonical objects and report entries behave as frozen dataclasses.

They are built by fast constructors (``canonical.quick_init``: the class's own ``__init__``
and the plain-function ``constructor`` the hot paths use) rather than the dataclass one:
these tests pin down that nothing a caller can see changed.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from translate import (
    Data,
    Envelope,
    File,
    IndexEntry,
    Message,
    Opaque,
    Origin,
    Reasoning,
    ReportEntry,
    Source,
    Text,
    ToolCall,
    ToolResult,
    Unknown,
)
from translate.canonical import constructor

ORIGIN = Origin("anthropic", "anthropic-messages", "claude-opus-5")
BLOB = Opaque(ORIGIN, "sig", "anthropic-messages")
OBJECTS = [
    ORIGIN,
    BLOB,
    Text("hi"),
    Text("hi", BLOB, {"cache_control": {"type": "ephemeral"}}),
    Reasoning("think", summary=True, blob=BLOB),
    ToolCall("c1", "search", {"q": 1}),
    ToolResult("c1", "out", is_error=True, name="search"),
    File("image/png", data="AAAA", filename="a.png"),
    Source(url="https://example.com", title="Example"),
    Data("weather", {"t": 1}),
    Unknown({"type": "x"}, "x"),
    Envelope("body", {"model": "m"}),
    Message("assistant", (Text("hi"),), ORIGIN, layout="text"),
    ReportEntry(1, 2, 3, "reasoning", "dropped", "why", "text"),
    IndexEntry("assistant", "hello"),
]


@pytest.mark.parametrize("obj", OBJECTS, ids=lambda o: type(o).__name__)
def test_fields_are_set_in_order(obj: object) -> None:
    fields = dataclasses.fields(obj)  # type: ignore[arg-type]
    values = tuple(getattr(obj, f.name) for f in fields)
    assert type(obj)(*values) == obj
    assert type(obj)(**{f.name: getattr(obj, f.name) for f in fields}) == obj


@pytest.mark.parametrize("obj", OBJECTS, ids=lambda o: type(o).__name__)
def test_frozen(obj: object) -> None:
    name = dataclasses.fields(obj)[0].name  # type: ignore[arg-type]
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(obj, name, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        delattr(obj, name)


@pytest.mark.parametrize("obj", OBJECTS, ids=lambda o: type(o).__name__)
def test_dataclass_behaviour(obj: object) -> None:
    cls = type(obj)
    assert dataclasses.is_dataclass(obj)
    assert type(obj) is cls and isinstance(obj, cls)
    assert repr(obj).startswith(f"{cls.__name__}(")
    assert dataclasses.replace(obj) == obj  # type: ignore[type-var]
    if not any(isinstance(v, dict) for v in dataclasses.astuple(obj)):  # type: ignore[arg-type]
        assert hash(obj) == hash(dataclasses.replace(obj))  # type: ignore[type-var]
    assert copy.copy(obj) == obj
    assert copy.deepcopy(obj) == obj
    assert pickle.loads(pickle.dumps(obj)) == obj


def test_defaults_and_errors() -> None:
    assert Text("hi") == Text("hi", None, None)
    assert Message("user", (), ORIGIN) == Message("user", (), ORIGIN, False, None, "", None)
    assert ReportEntry(0, 0, 0, "k", "a", "r").detail == ""
    with pytest.raises(TypeError):
        Text()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Text("a", None, None, None)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Text("a", nope=1)  # type: ignore[call-arg]
    assert dataclasses.replace(Text("a"), text="b") == Text("b")


@pytest.mark.parametrize("obj", OBJECTS, ids=lambda o: type(o).__name__)
def test_plain_constructor_builds_the_same_object(obj: object) -> None:
    make = constructor(type(obj))
    fields = dataclasses.fields(obj)  # type: ignore[arg-type]
    built = make(*(getattr(obj, f.name) for f in fields))
    assert type(built) is type(obj)
    assert built == obj and repr(built) == repr(obj)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(built, fields[0].name, None)
    required = [f for f in fields if f.default is dataclasses.MISSING]
    args = [getattr(obj, f.name) for f in required]
    assert make(*args) == type(obj)(*args)


@pytest.mark.parametrize(
    "args",
    [
        '{"a": 1}',
        '{"a": 1} ',
        ' {"a": 1}',
        '{"a": 1}\n',
        '{"a": 1}x',
        '{"a": 1}{"b": 2}',
        '{"a": [1, 2, {"b": null}], "c": "\\u00e9"}',
        "{}",
        "{",
        '{"a": 1,}',
        '{"a": NaN}',
        '{"a": 1e400}',
        "[1]",
        '"text"',
        "",
        "  ",
        '\ufeff{"a": 1}',
        "{" * 50_000 + "}" * 50_000,
    ],
)
def test_arguments_object_reads_what_json_loads_reads(args):
    import json

    from translate import arguments_object

    if not args.strip():
        expected = {}
    else:
        try:
            value = json.loads(args)
        except (ValueError, RecursionError):
            value = None
        expected = value if isinstance(value, dict) else None
    assert repr(arguments_object(ToolCall("c", "f", args))) == repr(expected)
