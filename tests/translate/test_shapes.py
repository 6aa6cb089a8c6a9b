"""Every raw shape each format accepts round-trips exactly (not only the fixtures' shapes)."""

from __future__ import annotations

import pytest

from translate import VIEWS, Record, Target, decode, resolve_target, translate
from translate.formats import module_for

SHAPES = [
    ("anthropic-messages", {"role": "user", "content": "hi"}),
    (
        "anthropic-messages",
        {
            "model": "claude-opus-5",
            "max_tokens": 10,
            "system": [
                {"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral"}}
            ],
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": "hi"},
                        {
                            "type": "document",
                            "source": {"type": "text", "media_type": "text/plain", "data": "notes"},
                            "title": "n",
                        },
                    ],
                }
            ],
        },
    ),
    ("anthropic-messages", {"system": "Be brief.", "messages": [], "stream": False}),
    (
        "anthropic-messages",
        {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": "t", "content": "", "is_error": False}
            ],
        },
    ),
    ("openai-responses", {"instructions": "Be brief.", "input": "hi", "model": "gpt-5.5"}),
    (
        "openai-responses",
        {
            "input": [
                {"role": "developer", "content": "rules"},
                {
                    "type": "message",
                    "role": "user",
                    "content": [
                        {"type": "input_text", "text": "hi"},
                        {"type": "input_image", "detail": "low", "image_url": "https://x/y.png"},
                    ],
                },
            ]
        },
    ),
    (
        "openai-responses",
        {
            "type": "function_call_output",
            "call_id": "c",
            "output": [{"type": "input_text", "text": "ok"}],
        },
    ),
    (
        "openai-responses",
        [
            {"type": "web_search_call", "id": "ws_1", "status": "completed"},
            {"type": "reasoning", "summary": []},
        ],
    ),
    (
        "openai-chat",
        {
            "messages": [
                {"role": "developer", "content": "rules"},
                {
                    "role": "user",
                    "name": "ann",
                    "content": [
                        {"type": "text", "text": "hi"},
                        {
                            "type": "image_url",
                            "image_url": {"url": "https://x/y.png", "detail": "low"},
                        },
                    ],
                },
            ]
        },
    ),
    (
        "openai-chat",
        {
            "index": 0,
            "message": {
                "role": "assistant",
                "content": None,
                "refusal": None,
                "tool_calls": [
                    {"id": "c", "type": "function", "function": {"name": "f", "arguments": "{}"}}
                ],
            },
            "finish_reason": "tool_calls",
        },
    ),
    ("openai-chat", {"role": "function", "name": "f", "content": "old style"}),
    (
        "openai-chat",
        {
            "id": "x",
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": "a"}},
                {"index": 1, "message": {"role": "assistant", "content": "b"}},
            ],
        },
    ),
    (
        "gemini",
        {
            "systemInstruction": {"parts": [{"text": "Be brief."}]},
            "contents": [{"role": "user", "parts": [{"text": "hi"}]}],
            "generationConfig": {"temperature": 0},
        },
    ),
    (
        "gemini",
        {
            "content": {"role": "model", "parts": [{"text": "a", "thought": False}]},
            "finishReason": "STOP",
        },
    ),
    ("gemini", {"candidates": [{"finishReason": "SAFETY"}], "modelVersion": "gemini-3.5-flash"}),
    (
        "gemini",
        {
            "role": "model",
            "parts": [
                {"text": "t1", "thought": True},
                {"text": "t2", "thought": True, "thoughtSignature": "c2ln"},
                {"text": "t3", "thought": True, "thoughtSignature": ""},
                {"text": "t4", "thought": True, "thoughtSignature": "c2ln", "partMetadata": {}},
                {"text": "a1", "thoughtSignature": "c2ln"},
                {"text": "a2", "thoughtSignature": 7},
                {"text": "a3", "thoughtSignature": "c2ln", "partMetadata": {"k": 1}},
            ],
        },
    ),
    (
        "gemini",
        {
            "role": "model",
            "parts": [
                {"functionCall": {"id": "1", "name": "f", "args": {}}, "thoughtSignature": "c2ln"},
                {"executableCode": {"code": "print(1)"}},
            ],
        },
    ),
    (
        "ai-sdk-ui",
        {
            "messages": [
                {
                    "id": "u",
                    "role": "user",
                    "parts": [
                        {
                            "type": "file",
                            "mediaType": "image/png",
                            "url": "data:image/png;base64,AAAA",
                            "filename": "a.png",
                        }
                    ],
                }
            ],
            "trigger": "submit-message",
        },
    ),
    (
        "ai-sdk-ui",
        {
            "id": "a",
            "role": "assistant",
            "metadata": {"model": "x"},
            "parts": [
                {
                    "type": "tool-search",
                    "toolCallId": "t1",
                    "state": "output-error",
                    "input": {"q": 1},
                    "errorText": "boom",
                },
                {
                    "type": "dynamic-tool",
                    "toolName": "mcp",
                    "toolCallId": "t2",
                    "state": "output-denied",
                    "input": {},
                    "approval": {"id": "p", "approved": False},
                },
                {"type": "tool-stream", "toolCallId": "t3", "state": "input-streaming"},
                {
                    "type": "source-document",
                    "sourceId": "s",
                    "mediaType": "application/pdf",
                    "title": "Doc",
                },
                {"type": "data-progress", "id": "d", "data": {"pct": 3}},
                {"type": "step-start"},
                {"type": "step-start"},
                {
                    "type": "reasoning",
                    "text": "",
                    "providerMetadata": {"anthropic": {"redactedData": "xyz"}, "other": {"k": 1}},
                },
            ],
        },
    ),
]


@pytest.mark.parametrize(
    ("fmt", "raw"), SHAPES, ids=[f"{f}-{i}" for i, (f, _) in enumerate(SHAPES)]
)
def test_shape_round_trips(fmt, raw):
    messages = decode(raw, fmt, provider="p", model="m")
    assert module_for(fmt).encode(messages) == raw


@pytest.mark.parametrize(
    ("fmt", "raw"), SHAPES, ids=[f"{f}-{i}" for i, (f, _) in enumerate(SHAPES)]
)
def test_shape_translates_everywhere(fmt, raw):
    from tests.translate.oracles import check_payload

    records = [Record(raw, fmt, "p", "m")]
    for view in VIEWS:
        target = resolve_target(view, records)
        payload, report = translate(records, target)
        check_payload(records, target, payload, report)


def test_resolve_target_continues_with_the_latest_model_of_the_same_api():
    records = [
        Record(
            {"role": "assistant", "content": "a"},
            "anthropic-messages",
            "anthropic",
            "claude-opus-4-5",
        ),
        Record(
            {"id": "1", "role": "assistant", "parts": []},
            "ai-sdk-ui",
            "anthropic",
            "claude-sonnet-4-5",
        ),
        Record({"role": "assistant", "content": "b"}, "openai-chat", "openai", "gpt-5.5"),
    ]
    assert resolve_target("anthropic", records) == Target(
        "anthropic-messages", "anthropic", "claude-sonnet-4-5"
    )
    assert resolve_target("openai-chat", records) == Target("openai-chat", "openai", "gpt-5.5")
    assert resolve_target("openai-responses", records).model == "gpt-5.5"  # the default
    assert resolve_target("gemini", records) == Target("gemini", "google", "gemini-3.5-flash")
    assert resolve_target("ai-sdk", records) == Target("ai-sdk-ui", "openai", "gpt-5.5")
    assert resolve_target("ai-sdk", records[:2]) == Target(
        "ai-sdk-ui", "anthropic", "claude-sonnet-4-5"
    )


def test_translate_without_a_model_resolves_one():
    record = Record(
        {"role": "assistant", "content": [{"type": "thinking", "thinking": "t", "signature": "s"}]},
        "anthropic-messages",
        "anthropic",
        "claude-opus-4-5",
    )
    payload, report = translate([record], Target("anthropic-messages", "anthropic"))
    assert report.target.model == "claude-opus-4-5"
    assert payload["messages"][0]["content"][0]["signature"] == "s"
