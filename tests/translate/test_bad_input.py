"""Bad input of any kind: a TranslateError naming the field, never a crash."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.translate.fixtures import FIXTURES
from translate import (
    FORMATS,
    VIEWS,
    Record,
    Target,
    TranslateError,
    Unknown,
    decode,
    index_entry,
    resolve_target,
    translate,
)

TARGETS = [resolve_target(view, []) for view in VIEWS]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("raw", [None, "text", 3, 2.5, True])
def test_a_raw_that_is_not_an_object_is_rejected(fmt, raw):
    with pytest.raises(TranslateError, match="expected an object"):
        decode(raw, fmt)


@pytest.mark.parametrize(
    ("fmt", "raw", "message"),
    [
        (
            "anthropic-messages",
            {"role": "user"},
            "content: is missing (expected a string or an array)",
        ),
        (
            "anthropic-messages",
            {
                "role": "user",
                "content": [{"type": "text", "text": "a"}, {"type": "text"}, {"type": 5}],
            },
            "content[1].text: is missing (expected a string)",
        ),
        (
            "anthropic-messages",
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "a"},
                    {"type": "text", "text": "b"},
                    {"type": 5},
                ],
            },
            "content[2].type: expected a string, got an integer",
        ),
        (
            "anthropic-messages",
            {"role": "robot", "content": "hi"},
            "role: expected user, assistant or system, got 'robot'",
        ),
        (
            "anthropic-messages",
            {"messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": 7}]},
            "messages[1].content: expected a string or an array, got an integer",
        ),
        (
            "openai-responses",
            {"output": [{"type": "function_call", "call_id": "c", "name": "f"}]},
            "output[0].arguments: is missing (expected a string)",
        ),
        (
            "openai-responses",
            [
                {
                    "type": "message",
                    "role": "user",
                    "content": [{"type": "input_text", "text": None}],
                }
            ],
            "[0].content[0].text: expected a string, got null",
        ),
        (
            "openai-chat",
            {
                "choices": [
                    {
                        "message": {
                            "role": "assistant",
                            "tool_calls": [
                                {
                                    "id": "a",
                                    "type": "function",
                                    "function": {"name": 1, "arguments": "{}"},
                                }
                            ],
                        }
                    }
                ]
            },
            "choices[0].message.tool_calls[0].function.name: expected a string, got an integer",
        ),
        ("openai-chat", {"choices": []}, "choices: is empty (expected at least one choice)"),
        (
            "openai-chat",
            {"role": "tool", "content": "x"},
            "tool_call_id: is missing (expected a string)",
        ),
        (
            "gemini",
            {
                "candidates": [
                    {
                        "content": {
                            "role": "model",
                            "parts": [{"text": "a"}, {"functionCall": {"args": {}}}],
                        }
                    }
                ]
            },
            "candidates[0].content.parts[1].functionCall.name: is missing (expected a string)",
        ),
        (
            "gemini",
            {"contents": [{"role": "model", "parts": "text"}]},
            "contents[0].parts: expected an array, got a string",
        ),
        (
            "ai-sdk-ui",
            [
                {
                    "id": "1",
                    "role": "assistant",
                    "parts": [{"type": "text", "text": "a"}, {"type": "reasoning"}],
                }
            ],
            "[0].parts[1].text: is missing (expected a string)",
        ),
        (
            "ai-sdk-ui",
            {"id": "1", "role": "assistant", "parts": [{"type": "tool-x", "input": {}}]},
            "parts[0].toolCallId: is missing (expected a string)",
        ),
        (
            "chatgpt-export",
            {"id": "n", "parent": None, "children": [], "message": {"author": {}, "content": {}}},
            "message.author.role: is missing (expected a string)",
        ),
        (
            "claude-export",
            {"sender": "robot", "text": "x"},
            'sender: expected "human" or "assistant", got \'robot\'',
        ),
    ],
)
def test_bad_fields_are_named_by_their_path(fmt, raw, message):
    with pytest.raises(TranslateError) as caught:
        decode(raw, fmt)
    assert str(caught.value) == message
    with pytest.raises(TranslateError):
        index_entry(raw, fmt)


def test_translate_prefixes_the_record():
    record = Record(
        {"role": "user", "content": [{"type": "text", "text": 1}]}, "anthropic-messages"
    )
    with pytest.raises(
        TranslateError, match=r"^records\[1\]\.content\[0\]\.text: expected a string"
    ):
        translate(
            [Record({"role": "user", "content": "ok"}, "anthropic-messages"), record], TARGETS[0]
        )


def test_unknown_formats_views_and_modes_are_errors():
    with pytest.raises(TranslateError, match="unknown format 'nope'"):
        decode({}, "nope")
    with pytest.raises(TranslateError, match="decoded but not encoded"):
        translate([], Target("chatgpt-export", "openai", "x"))
    with pytest.raises(TranslateError, match="unknown view"):
        resolve_target("mistral", [])
    with pytest.raises(TranslateError, match="reasoning"):
        translate([], TARGETS[0], reasoning="maybe")  # type: ignore[arg-type]


def test_unknown_part_types_are_kept_not_errors():
    raw = {
        "role": "assistant",
        "content": [{"type": "hologram", "beam": 3}, {"type": "text", "text": "hi"}],
    }
    (message,) = decode(raw, "anthropic-messages")
    assert message.parts[0] == Unknown({"type": "hologram", "beam": 3}, "hologram")
    _, report = translate([Record(raw, "anthropic-messages", "anthropic", "m")], TARGETS[1])
    assert report.entries_for(0, 0, 0)[0].action == "dropped"


def _deep(depth: int) -> object:
    value: object = "bottom"
    for _ in range(depth):
        value = {"a": [value]}
    return value


DEEP = _deep(10_000)


@pytest.mark.parametrize(
    ("fmt", "raw"),
    [
        (
            "anthropic-messages",
            {
                "role": "assistant",
                "content": [{"type": "tool_use", "id": "t", "name": "f", "input": DEEP}],
            },
        ),
        (
            "anthropic-messages",
            {"role": "user", "content": [{"type": "text", "text": "x", "cache_control": DEEP}]},
        ),
        ("openai-chat", {"role": "user", "content": "x", "metadata": DEEP}),
        ("gemini", {"role": "model", "parts": [{"functionCall": {"name": "f", "args": DEEP}}]}),
        (
            "openai-responses",
            [{"type": "function_call_output", "call_id": "c", "output": "x", "extra": DEEP}],
        ),
        (
            "ai-sdk-ui",
            {"id": "1", "role": "assistant", "parts": [{"type": "data-x", "data": DEEP}]},
        ),
        (
            "chatgpt-export",
            {
                "author": {"role": "user"},
                "content": {"content_type": "text", "parts": ["x"]},
                "metadata": DEEP,
            },
        ),
        (
            "claude-export",
            {
                "sender": "human",
                "text": "x",
                "content": [{"type": "tool_use", "id": "t", "name": "f", "input": DEEP}],
            },
        ),
    ],
)
def test_json_nested_10000_deep_is_handled(fmt, raw):
    for call in (lambda: decode(raw, fmt), lambda: index_entry(raw, fmt)):
        try:
            call()
        except TranslateError as error:
            assert "nested too deeply" in str(error)
    for target in TARGETS:
        try:
            translate([Record(raw, fmt, "p", "m")], target)
        except TranslateError as error:
            assert "nested too deeply" in str(error)


def test_a_deep_value_is_an_error_only_where_it_must_be_serialised():
    raw = {
        "role": "assistant",
        "content": [{"type": "tool_use", "id": "t", "name": "f", "input": DEEP}],
    }
    payload, _ = translate(
        [Record(raw, "anthropic-messages", "anthropic", "m")],
        Target("anthropic-messages", "anthropic", "m"),
    )
    assert payload["messages"][0]["content"][0]["input"] is DEEP
    with pytest.raises(TranslateError, match="nested too deeply"):
        translate(
            [Record(raw, "anthropic-messages", "anthropic", "m")],
            Target("openai-chat", "openai", "m"),
        )


def test_ten_megabyte_strings_go_through():
    big = "word " * 2_000_000
    raw = {"role": "user", "content": [{"type": "text", "text": big}]}
    assert index_entry(raw, "anthropic-messages").text == big
    for target in TARGETS:
        payload, _ = translate([Record(raw, "anthropic-messages", "anthropic", "m")], target)
        assert big in json.dumps(payload, ensure_ascii=False)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=25,
)
KEYS = st.sampled_from(
    [
        "role",
        "content",
        "parts",
        "type",
        "text",
        "messages",
        "choices",
        "message",
        "candidates",
        "output",
        "input",
        "tool_calls",
        "function",
        "id",
        "name",
        "arguments",
        "author",
        "content_type",
        "sender",
        "thought",
        "functionCall",
        "functionResponse",
        "toolCallId",
        "state",
        "signature",
        "summary",
    ]
)
SHAPED = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=6)
    | st.sampled_from(
        ["user", "assistant", "model", "text", "tool_use", "function_call", "reasoning", "tool-x"]
    ),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(KEYS, children, max_size=5),
    max_leaves=30,
)
GARBAGE = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _only_translate_errors(raw, fmt):
    try:
        decode(raw, fmt)
    except TranslateError:
        return
    with contextlib.suppress(TranslateError):
        index_entry(raw, fmt)
    for target in TARGETS:
        with contextlib.suppress(TranslateError):
            translate([Record(raw, fmt, "p", "m")], target)


@GARBAGE
@given(raw=JSON | SHAPED, fmt=st.sampled_from(FORMATS))
def test_arbitrary_json_is_a_result_or_a_translate_error(raw, fmt):
    _only_translate_errors(raw, fmt)


@GARBAGE
@given(data=st.data())
def test_corrupted_fixtures_are_a_result_or_a_translate_error(data):
    fixture = data.draw(st.sampled_from(FIXTURES))
    raw = fixture.raw()
    # Walk a few levels down, then replace or delete the value found there.
    holder, key = raw, None
    for _ in range(data.draw(st.integers(1, 6))):
        if isinstance(holder, dict):
            children = list(holder.items())
        else:
            children = list(enumerate(holder)) if isinstance(holder, list) else []
        if not children:
            break
        key, child = data.draw(st.sampled_from(children))
        if not isinstance(child, dict | list) or not child or data.draw(st.booleans()):
            break
        holder, key = child, None
    if key is not None:
        if isinstance(holder, dict) and data.draw(st.booleans()):
            del holder[key]
        else:
            holder[key] = data.draw(SHAPED)
    _only_translate_errors(raw, fixture.format)
