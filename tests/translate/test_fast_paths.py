"""The shortcuts taken for the most common shapes give what the general paths give."""

from __future__ import annotations

import pytest

from tests.translate.oracles import check_payload
from translate import Record, Target, Text, ToolCall, ToolResult, decode, translate
from translate.formats import module_for
from translate.report import RENAMED_ID
from translate.target_rules import TargetRules, rules_for

OPUS = Target("anthropic-messages", "anthropic", "claude-opus-5")
GEMINI = Target("gemini", "google", "gemini-3.5-flash")
CHAT = Target("openai-chat", "openai", "gpt-5.5")
RESPONSES = Target("openai-responses", "openai", "gpt-5.5")
AI_SDK = Target("ai-sdk-ui", "openai", "gpt-5.5")


@pytest.mark.parametrize(
    ("raw", "role", "extra"),
    [
        ({"role": "user", "content": "hi"}, "user", None),
        ({"role": "assistant", "content": "hi"}, "assistant", None),
        ({"role": "developer", "content": "hi"}, "system", {"role": "developer"}),
        ({"role": "user", "content": "hi", "name": "ann"}, "user", {"name": "ann"}),
    ],
)
def test_a_plain_chat_message_decodes_like_any_other(raw, role, extra):
    (message,) = decode(raw, "openai-chat")
    assert (message.role, message.parts, message.extra, message.layout) == (
        role,
        (Text("hi"),),
        extra,
        "text",
    )
    assert module_for("openai-chat").encode([message]) == raw


def test_a_chat_tool_message_with_only_two_keys_is_still_an_error():
    with pytest.raises(Exception, match="tool_call_id"):
        decode({"role": "tool", "content": "x"}, "openai-chat")


@pytest.mark.parametrize(
    "raw",
    [
        {"id": "m1", "role": "user", "parts": [{"type": "text", "text": "a", "state": "done"}]},
        {"role": "user", "parts": [{"type": "text", "text": "a"}]},
        {"id": "m1", "role": "user", "parts": [{"type": "text", "text": "a", "x": 1}]},
        {"metadata": {}, "role": "user", "parts": [{"type": "text", "text": "a", "state": "s"}]},
    ],
)
def test_ai_sdk_extras_of_the_usual_shapes_round_trip(raw):
    (message,) = decode(raw, "ai-sdk-ui")
    extra = {k: v for k, v in raw.items() if k not in ("role", "parts")}
    part_extra = {k: v for k, v in raw["parts"][0].items() if k not in ("type", "text")}
    assert message.extra == (extra or None)
    assert message.parts[0].extra == (part_extra or None)
    assert module_for("ai-sdk-ui").encode([message]) == raw


def _gemini_tool_turns(model: str = "gemini-2.5-pro") -> list[Record]:
    call = {"role": "model", "parts": [{"functionCall": {"name": "f", "args": {"q": 1}}}]}
    result = {"role": "user", "parts": [{"functionResponse": {"name": "f", "response": {}}}]}
    return [
        Record({"role": "user", "parts": [{"text": "go"}]}, "gemini", "google", model),
        Record(call, "gemini", "google", model),
        Record(result, "gemini", "google", model),
        Record({"role": "model", "parts": [{"text": "done"}]}, "gemini", "google", model),
    ]


@pytest.mark.parametrize("target", [OPUS, CHAT, RESPONSES, AI_SDK, GEMINI])
def test_gemini_calls_that_only_lack_ids_are_paired_in_place(target):
    records = _gemini_tool_turns()
    payload, report = translate(records, target)
    check_payload(records, target, payload, report)
    # No call or result synthesized, moved or dropped: only new ids, noted where ids matter.
    tools = {(e.kind, e.action) for e in report.entries if e.kind.startswith("tool")}
    if target is GEMINI:  # Gemini pairs by name: its ids are not worth a note
        assert not tools
    else:
        assert tools and all(action == RENAMED_ID for _, action in tools), tools


def test_results_of_id_less_calls_are_named_after_their_call():
    from translate.translator import _Translation

    work = _Translation(rules_for(CHAT), "auto")
    for ri, record in enumerate(_gemini_tool_turns()):
        for mi, message in enumerate(decode(record.raw, record.format, model=record.model)):
            work.add(ri, mi, message)
    messages = work.finish()
    calls = [p for m in messages for p in m.parts if isinstance(p, ToolCall)]
    results = [p for m in messages for p in m.parts if isinstance(p, ToolResult)]
    assert [(c.id, c.name) for c in calls] == [("call_1", "f")]
    assert [(r.call_id, r.name) for r in results] == [("call_1", "f")]


def test_target_rules_are_built_once_per_target():
    assert rules_for(Target("gemini", "google", "gemini-3-x")) is rules_for(
        Target("gemini", "google", "gemini-3-x")
    )
    assert rules_for(GEMINI) == TargetRules.of(GEMINI)


def test_encoding_alternating_origins_keeps_each_messages_own_extras():
    # is_native remembers the last origin: alternating ones must each get their own answer.
    mine = Record(
        {"role": "user", "content": "a", "name": "me"}, "openai-chat", "openai", "gpt-5.5"
    )
    other = Record({"role": "user", "content": "b", "name": "x"}, "openai-chat", "deepseek", "d")
    payload, _ = translate([mine, other, mine, other], CHAT)
    assert [m.get("name") for m in payload["messages"]] == ["me", None, "me", None]
