"""Reasoning continuity across provider switches, as a user of each provider would see it."""

from __future__ import annotations

import pytest

from tests.translate.fixtures import BY_NAME
from tests.translate.oracles import check_payload
from tests.translate.schemas import strings_in
from translate import Record, Target, translate

SONNET_45 = "claude-sonnet-4-5-20250929"
THINKING = BY_NAME["anthropic.thinking.response.claude-sonnet-4-5.json"]
TOOL_FOLLOWUP = BY_NAME["anthropic.thinking-tool_use.followup.request.json"]
REDACTED = BY_NAME["anthropic.redacted_thinking.response.json"]
ENCRYPTED = BY_NAME["openai-responses.reasoning-encrypted.store-false.response.json"]
GEMINI_25 = BY_NAME["gemini.thought-parts.response.gemini-2.5-pro.json"]
DEEPSEEK_TOOLS = BY_NAME["deepseek.reasoning_content-tool_calls.response.json"]
OPENROUTER = BY_NAME["openrouter.reasoning_details.anthropic-claude-v1.response.json"]

ANTHROPIC_SAME = Target("anthropic-messages", "anthropic", SONNET_45)
GEMINI = Target("gemini", "google", "gemini-3.5-flash")
DEEPSEEK = Target("openai-chat", "deepseek", "deepseek-v4-flash")
OPENAI_CHAT = Target("openai-chat", "openai", "gpt-5.5")
RESPONSES = Target("openai-responses", "openai", "gpt-5.5")
AI_SDK = Target("ai-sdk-ui", "openai", "gpt-5.5")

SIGNATURE = THINKING.raw()["content"][0]["signature"]


def _translate(records, target, **kw):
    payload, report = translate(records, target, **kw)
    check_payload(records, target, payload, report)
    return payload, report


def test_same_model_replays_thinking_byte_exact_in_place():
    record = TOOL_FOLLOWUP.record()
    payload, report = _translate(
        [record], Target("anthropic-messages", "anthropic", "claude-sonnet-4-0")
    )
    assert payload["messages"] == record.raw["messages"]
    assert report.badge(0, 1, 0) == "replayed natively"
    assert report.summary() == "1 reasoning block replayed natively"


def test_response_envelope_never_reaches_a_request():
    payload, _ = _translate([THINKING.record()], ANTHROPIC_SAME)
    (message,) = payload["messages"]
    assert message == {"role": "assistant", "content": THINKING.raw()["content"]}


def test_another_model_of_the_same_provider_gets_no_signature():
    payload, report = _translate(
        [THINKING.record()], Target("anthropic-messages", "anthropic", "claude-opus-5")
    )
    assert SIGNATURE not in strings_in(payload)
    (entry,) = report.entries_for(0, 0, 0)
    assert entry.action == "converted"
    assert f"issued by {SONNET_45} on Anthropic" in entry.reason
    assert payload["messages"][0]["content"][0]["text"].startswith("<prior_reasoning")


def test_thinking_goes_to_gemini_as_an_unsigned_thought():
    payload, report = _translate([THINKING.record()], GEMINI)
    parts = payload["contents"][0]["parts"]
    assert parts[0] == {"text": "925 divided by 5 = 185", "thought": True}
    assert report.entries_for(0, 0, 0)[0].reason == (
        f"signature was issued by {SONNET_45} on Anthropic; Gemini cannot verify it; "
        "its text goes as unsigned Gemini thoughts"
    )
    assert report.summary() == "1 sent as unsigned Gemini thoughts"


def test_thinking_goes_to_deepseek_as_reasoning_content():
    payload, _ = _translate([THINKING.record()], DEEPSEEK)
    (message,) = payload["messages"]
    assert message == {
        "role": "assistant",
        "reasoning_content": "925 divided by 5 = 185",
        "content": "925 ÷ 5 = 185",
    }


def test_thinking_goes_to_openai_as_text_marked_as_prior_reasoning():
    payload, report = _translate([THINKING.record()], OPENAI_CHAT)
    content = payload["messages"][0]["content"]
    assert content.startswith(f'<prior_reasoning source="{SONNET_45}">\n925 divided by 5 = 185\n')
    assert content.endswith("925 ÷ 5 = 185")
    assert report.badge(0, 0, 0) == "converted to text"
    assert report.summary() == "1 converted to text"


def test_reasoning_text_mode_forces_text_even_where_a_channel_exists():
    payload, report = _translate([THINKING.record()], GEMINI, reasoning="text")
    first = payload["contents"][0]["parts"][0]
    assert "thought" not in first and "<prior_reasoning" in first["text"]
    assert "reasoning='text' was requested" in report.entries_for(0, 0, 0)[0].reason


def test_reasoning_drop_mode_drops_foreign_reasoning_but_keeps_native():
    payload, report = _translate([THINKING.record()], GEMINI, reasoning="drop")
    assert payload["contents"][0]["parts"] == [{"text": "925 ÷ 5 = 185"}]
    assert report.summary() == "1 reasoning block dropped"
    payload, report = _translate([THINKING.record()], ANTHROPIC_SAME, reasoning="drop")
    assert payload["messages"][0]["content"][0]["signature"] == SIGNATURE


@pytest.mark.parametrize("target", [GEMINI, DEEPSEEK, OPENAI_CHAT, RESPONSES, AI_SDK])
def test_redacted_thinking_is_dropped_and_reported_elsewhere(target):
    _, report = _translate([REDACTED.record()], target)
    (entry,) = report.entries_for(0, 0, 0)
    assert (entry.kind, entry.action) == ("reasoning", "dropped")
    assert "redacted thinking" in entry.reason


def test_redacted_thinking_goes_back_to_its_own_model():
    payload, _ = _translate(
        [REDACTED.record()], Target("anthropic-messages", "anthropic", SONNET_45)
    )
    assert payload["messages"][0]["content"][0]["type"] == "redacted_thinking"


def test_encrypted_reasoning_with_only_an_id_is_dropped_elsewhere():
    item = {"id": "rs_1", "type": "reasoning", "summary": [], "encrypted_content": "gAAA-secret"}
    message = {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "status": "completed",
        "content": [{"type": "output_text", "text": "Hi", "annotations": []}],
    }
    record = Record([item, message], "openai-responses", "openai", "gpt-5-mini")
    payload, report = _translate(
        [record], Target("anthropic-messages", "anthropic", "claude-opus-5")
    )
    (entry,) = report.entries_for(0, 0, 0)
    assert entry.action == "dropped" and "only encrypted" in entry.reason
    assert payload["messages"] == [
        {"role": "assistant", "content": [{"type": "text", "text": "Hi"}]}
    ]


def test_openai_reasoning_replays_natively_to_the_same_model():
    record = ENCRYPTED.record()
    payload, report = _translate([record], Target("openai-responses", "openai", ENCRYPTED.model))
    assert payload["input"] == record.raw["output"]
    assert report.badge(0, 0, 0) == "replayed natively"


def test_an_openai_reasoning_item_without_its_following_item_is_dropped():
    item = ENCRYPTED.raw()["output"][0]
    record = Record([item], "openai-responses", "openai", ENCRYPTED.model)
    user = Record(
        {"role": "user", "content": "and then?"}, "openai-responses", "openai", ENCRYPTED.model
    )
    payload, report = _translate(
        [record, user], Target("openai-responses", "openai", ENCRYPTED.model)
    )
    assert payload["input"] == [{"role": "user", "content": "and then?"}]
    (entry,) = report.entries_for(0, 0, 0)
    assert entry.action == "dropped" and "must be followed" in entry.reason


def test_gemini_thought_signature_on_text_is_kept_only_for_its_model():
    record = GEMINI_25.record()
    signature = record.raw["candidates"][0]["content"]["parts"][1]["thoughtSignature"]
    payload, report = _translate([record], Target("gemini", "google", "gemini-2.5-pro"))
    assert payload["contents"] == [record.raw["candidates"][0]["content"]]
    assert report.summary() == "1 reasoning block replayed natively · 1 signature replayed"
    payload, report = _translate([record], GEMINI)
    assert signature not in strings_in(payload)
    assert report.entries_for(0, 0, 1)[0].action == "dropped"


def test_openrouter_reasoning_details_only_go_back_to_openrouter():
    record = OPENROUTER.record()
    same = Target("openai-chat", "openrouter", OPENROUTER.model)
    payload, _ = _translate([record], same)
    message = payload["messages"][0]
    assert message["reasoning_details"] == record.raw["choices"][0]["message"]["reasoning_details"]
    payload, report = _translate([record], DEEPSEEK)
    assert "reasoning_details" not in payload["messages"][0]
    assert "reasoning_details was issued by" in report.entries_for(0, 0, 0)[0].reason


def test_deepseek_reasoning_content_round_trips_and_tool_turns_carry_it():
    record = DEEPSEEK_TOOLS.record()
    payload, _ = _translate([record], Target("openai-chat", "deepseek", "deepseek-reasoner"))
    message = payload["messages"][0]
    assert message["reasoning_content"] == record.raw["choices"][0]["message"]["reasoning_content"]
    assert (
        message["tool_calls"][0]["function"]
        == record.raw["choices"][0]["message"]["tool_calls"][0]["function"]
    )
    assert "index" not in message["tool_calls"][0]  # a response-only field


def test_deepseek_gets_an_empty_reasoning_content_on_foreign_tool_turns():
    call = {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "weather", "arguments": "{}"}}
        ],
    }
    result = {"role": "tool", "tool_call_id": "call_1", "content": "sunny"}
    records = [
        Record(call, "openai-chat", "openai", "gpt-5.5"),
        Record(result, "openai-chat", "openai", "gpt-5.5"),
    ]
    payload, report = _translate(records, DEEPSEEK)
    assert payload["messages"][0]["reasoning_content"] == ""
    (entry,) = report.entries_for(0, 0, 0)
    assert (entry.kind, entry.action) == ("reasoning", "synthesized")


def test_unsigned_gemini_calls_to_gemini_3_carry_the_skip_signature_on_the_first_only():
    message = {
        "role": "assistant",
        "content": [
            {"type": "tool_use", "id": "toolu_1", "name": "a", "input": {}},
            {"type": "tool_use", "id": "toolu_2", "name": "b", "input": {}},
        ],
    }
    results = {
        "role": "user",
        "content": [
            {"type": "tool_result", "tool_use_id": "toolu_1", "content": "1"},
            {"type": "tool_result", "tool_use_id": "toolu_2", "content": "2"},
        ],
    }
    records = [
        Record(message, "anthropic-messages", "anthropic", "claude-opus-5"),
        Record(results, "anthropic-messages", "anthropic", "claude-opus-5"),
    ]
    payload, report = _translate(records, GEMINI)
    first, second = payload["contents"][0]["parts"]
    assert first["thoughtSignature"] == "skip_thought_signature_validator"
    assert "thoughtSignature" not in second
    assert report.entries_for(0, 0, 0)[0].action == "synthesized"
    payload, _ = _translate(records, Target("gemini", "google", "gemini-2.5-pro"))
    assert "thoughtSignature" not in payload["contents"][0]["parts"][0]
    assert payload["contents"][1]["parts"][0] == {
        "functionResponse": {"name": "a", "response": {"output": "1"}}
    }


def _responses_item(kind: str, n: int) -> dict:
    if kind == "R":
        return {
            "id": f"rs_{n}",
            "type": "reasoning",
            "summary": [{"type": "summary_text", "text": f"thought {n}"}],
            "encrypted_content": f"enc{n}",
        }
    if kind == "M":
        content = [{"type": "output_text", "text": f"answer {n}", "annotations": []}]
        item = {"id": f"msg_{n}", "type": "message", "role": "assistant", "status": "completed"}
        return {**item, "content": content}
    if kind == "F":
        return {"type": "function_call", "call_id": "call_1", "name": "f", "arguments": "{}"}
    if kind == "O":
        return {"type": "function_call_output", "call_id": "call_1", "output": "ok"}
    return {"role": "user", "content": f"question {n}"}


@pytest.mark.parametrize(
    "layout",
    ["R", "RM", "RRM", "RU", "RRU", "RFO", "R|M", "RM|R", "R|U|RM", "MRR", "RR|RF|O", "U|RRM|RU"],
)
def test_openai_reasoning_items_are_kept_only_when_followed_by_what_they_produced(layout):
    model = ENCRYPTED.model
    records, flat, n = [], [], 0
    for chunk in layout.split("|"):
        items = []
        for kind in chunk:
            n += 1
            items.append(_responses_item(kind, n))
            flat.append((kind, len(records), len(items) - 1, f"rs_{n}"))
        records.append(Record(items, "openai-responses", "openai", model))
    payload, report = _translate(records, Target("openai-responses", "openai", model))
    sent = {item["id"] for item in payload["input"] if item.get("type") == "reasoning"}
    for k, (kind, ri, mi, item_id) in enumerate(flat):
        if kind != "R":
            continue
        # A run of reasoning items stands or falls with the item after the run.
        following = next((f[0] for f in flat[k + 1 :] if f[0] != "R"), None)
        kept = following in ("M", "F")
        assert (item_id in sent) is kept, (layout, item_id)
        (entry,) = report.entries_for(ri, mi, 0)
        if kept:
            assert entry.action == "kept-native"
        else:
            assert entry.action == "dropped" and "must be followed" in entry.reason
