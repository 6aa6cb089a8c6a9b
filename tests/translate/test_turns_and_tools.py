"""Turn structure, tool pairing, ids, system prompts, files and unknown parts per target."""

from __future__ import annotations

import pytest

from tests.translate.oracles import check_payload
from tests.translate.schemas import strings_in
from translate import VIEWS, Record, Target, translate

OPUS = Target("anthropic-messages", "anthropic", "claude-opus-5")
GEMINI = Target("gemini", "google", "gemini-3.5-flash")
CHAT = Target("openai-chat", "openai", "gpt-5.5")
RESPONSES = Target("openai-responses", "openai", "gpt-5.5")
DEEPSEEK = Target("openai-chat", "deepseek", "deepseek-v4-flash")
AI_SDK = Target("ai-sdk-ui", "openai", "gpt-5.5")
ALL = [OPUS, GEMINI, CHAT, RESPONSES, DEEPSEEK, AI_SDK]


def chat(message, provider="openai", model="gpt-5.5"):
    return Record(message, "openai-chat", provider, model)


def _translate(records, target, **kw):
    payload, report = translate(records, target, **kw)
    check_payload(records, target, payload, report)
    return payload, report


CALL = {
    "role": "assistant",
    "content": None,
    "tool_calls": [
        {
            "id": "call_1",
            "type": "function",
            "function": {"name": "weather", "arguments": '{"city": "Oslo"}'},
        }
    ],
}


@pytest.mark.parametrize("target", ALL, ids=lambda t: t.format + "/" + t.provider)
def test_a_call_without_a_recorded_result_gets_a_synthesized_one(target):
    # The conversation goes on after the call: its result is missing, not awaited.
    later = chat({"role": "user", "content": "Never mind."})
    payload, report = _translate(
        [chat({"role": "user", "content": "Weather?"}), chat(CALL), later], target
    )
    (entry,) = [e for e in report.entries if e.kind == "tool-result"]
    assert (entry.record, entry.message, entry.part, entry.action) == (1, 0, 0, "synthesized")
    assert "No result was recorded" in "\n".join(strings_in(payload))


@pytest.mark.parametrize("target", ALL, ids=lambda t: t.format + "/" + t.provider)
def test_a_conversation_ending_in_a_call_awaits_its_result(target):
    """Issue 14 class 14: no invented error result telling the model its tool failed."""
    payload, report = _translate(
        [chat({"role": "user", "content": "Weather?"}), chat(CALL)], target
    )
    assert [e for e in report.entries if e.kind == "tool-result"] == []
    assert "No result was recorded" not in "\n".join(strings_in(payload))


@pytest.mark.parametrize("target", ALL, ids=lambda t: t.format + "/" + t.provider)
def test_a_result_without_its_call_gets_a_synthesized_call(target):
    result = {"role": "tool", "tool_call_id": "call_9", "content": "42"}
    payload, report = _translate([chat({"role": "user", "content": "Go"}), chat(result)], target)
    entries = [(e.record, e.kind, e.action) for e in report.entries if e.kind.startswith("tool")]
    assert entries == [(1, "tool-call", "synthesized")]
    assert any("42" in s for s in strings_in(payload))


def test_anthropic_renames_invalid_tool_ids_and_keeps_them_paired():
    long_id = "call|" + "x" * 80
    call = {"type": "function_call", "call_id": long_id, "name": "lookup", "arguments": "{}"}
    result = {"type": "function_call_output", "call_id": long_id, "output": "found"}
    records = [Record([call, result], "openai-responses", "openai", "gpt-5.5")]
    payload, report = _translate(records, OPUS)
    tool_use = payload["messages"][0]["content"][0]
    tool_result = payload["messages"][1]["content"][0]
    assert tool_use["id"] == tool_result["tool_use_id"] != long_id
    assert [(e.kind, e.action) for e in report.entries] == [
        ("tool-call", "renamed-id"),
        ("tool-result", "renamed-id"),
    ]
    assert report.summary() == "1 tool id renamed · 1 warning"  # it ends in an open tool loop
    again, _ = translate(records, OPUS)
    assert again == payload  # deterministic


def test_gemini_calls_without_ids_get_ids_their_results_share():
    call = {
        "role": "model",
        "parts": [
            {"functionCall": {"name": "f", "args": {}}},
            {"functionCall": {"name": "g", "args": {}}},
        ],
    }
    results = {
        "role": "user",
        "parts": [
            {"functionResponse": {"name": "g", "response": {"output": "G"}}},
            {"functionResponse": {"name": "f", "response": {"output": "F"}}},
        ],
    }
    records = [
        Record(call, "gemini", "google", "gemini-2.5-pro"),
        Record(results, "gemini", "google", "gemini-2.5-pro"),
    ]
    payload, _ = _translate(records, CHAT)
    calls = {c["function"]["name"]: c["id"] for c in payload["messages"][0]["tool_calls"]}
    answers = {m["tool_call_id"]: m["content"] for m in payload["messages"][1:]}
    assert answers == {calls["g"]: "G", calls["f"]: "F"}


def test_anthropic_turns_alternate_and_tool_results_sit_in_user_turns():
    records = [
        chat({"role": "user", "content": "one"}),
        chat({"role": "user", "content": "two"}),
        chat(CALL),
        chat({"role": "tool", "tool_call_id": "call_1", "content": "cold"}),
        chat({"role": "user", "content": "thanks"}),
    ]
    payload, _ = _translate(records, OPUS)
    assert [m["role"] for m in payload["messages"]] == ["user", "assistant", "user"]
    assert [b["type"] for b in payload["messages"][2]["content"]] == ["tool_result", "text"]


def test_system_prompts_go_where_each_target_wants_them():
    records = [
        chat({"role": "system", "content": "Be brief."}),
        chat({"role": "user", "content": "Hi"}),
    ]
    assert _translate(records, OPUS)[0]["system"] == "Be brief."
    assert _translate(records, RESPONSES)[0]["instructions"] == "Be brief."
    assert _translate(records, CHAT)[0]["messages"][0] == {"role": "system", "content": "Be brief."}
    assert _translate(records, GEMINI)[0]["systemInstruction"] == {"parts": [{"text": "Be brief."}]}
    assert "system" not in _translate(records[1:], OPUS)[0]


def test_a_system_instruction_stored_as_its_own_row_stays_the_system_prompt():
    # AI Studio and Gemini request bodies keep the system instruction apart; stored as a row,
    # its Content has no role, and only the row's role says it is not the user's turn.
    instruction = {"parts": [{"text": "Be brief."}]}
    records = [
        Record(instruction, "gemini", "google", GEMINI.model, role="system"),
        Record({"role": "user", "parts": [{"text": "Hi"}]}, "gemini", "google", GEMINI.model),
    ]
    assert _translate(records, OPUS)[0]["system"] == "Be brief."
    assert _translate(records, RESPONSES)[0]["instructions"] == "Be brief."
    assert _translate(records, CHAT)[0]["messages"][0] == {"role": "system", "content": "Be brief."}
    gemini, _ = _translate(records, GEMINI)
    assert gemini["systemInstruction"] == instruction  # value-exact: no role added
    assert gemini["contents"] == [records[1].raw]
    # Without the row's role the same Content is a user turn, as the API itself reads it.
    plain, _ = _translate([Record(instruction, "gemini", "google", GEMINI.model)], OPUS)
    assert "system" not in plain and plain["messages"][0]["role"] == "user"


def test_anthropic_flags_an_open_tool_loop_without_valid_thinking():
    records = [
        chat({"role": "user", "content": "Weather?"}),
        chat(CALL),
        chat({"role": "tool", "tool_call_id": "call_1", "content": "cold"}),
    ]
    _, report = _translate(records, OPUS)
    assert report.open_tool_loop
    assert "tool loop" in report.warnings[0]
    assert report.summary().endswith("1 warning")
    _, report = _translate([*records, chat({"role": "assistant", "content": "It is cold."})], OPUS)
    assert not report.open_tool_loop


def test_a_loop_that_starts_with_the_models_own_signed_thinking_is_fine():
    turn = {
        "role": "assistant",
        "content": [
            {"type": "thinking", "thinking": "Need the weather.", "signature": "sig"},
            {"type": "tool_use", "id": "toolu_1", "name": "weather", "input": {}},
        ],
    }
    result = {
        "role": "user",
        "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "cold"}],
    }
    records = [
        Record(m, "anthropic-messages", "anthropic", "claude-opus-5")
        for m in ({"role": "user", "content": "Weather?"}, turn, result)
    ]
    payload, report = _translate(records, OPUS)
    assert not report.open_tool_loop
    assert payload["messages"] == [r.raw for r in records]


def test_an_unknown_block_goes_back_to_its_own_model_and_nowhere_else():
    server = {
        "type": "server_tool_use",
        "id": "srvtoolu_1",
        "name": "web_search",
        "input": {"query": "x"},
    }
    message = {"role": "assistant", "content": [server, {"type": "text", "text": "Searching."}]}
    record = Record(message, "anthropic-messages", "anthropic", "claude-opus-5")
    payload, report = _translate([record], OPUS)
    assert payload["messages"][0]["content"][0] == server
    assert report.entries_for(0, 0, 0)[0].action == "kept-native"
    payload, report = _translate([record], GEMINI)
    entry = report.entries_for(0, 0, 0)[0]
    assert entry.action == "dropped" and "server_tool_use" in entry.reason
    assert report.summary() == "1 unsupported part dropped"


def test_app_only_ai_sdk_parts_stay_in_the_ai_sdk():
    ui = {
        "id": "m1",
        "role": "assistant",
        "parts": [
            {"type": "text", "text": "See the docs."},
            {"type": "source-url", "sourceId": "s1", "url": "https://example.com", "title": "Docs"},
            {"type": "data-weather", "data": {"temp": 3}},
        ],
    }
    record = Record(ui, "ai-sdk-ui", "openai", "gpt-5.5")
    payload, report = _translate([record], OPUS)
    assert report.summary() == "2 app-only parts left out"
    payload, _ = _translate([record], Target("ai-sdk-ui", "anthropic", "claude-opus-5"))
    parts = payload["messages"][0]["parts"]
    assert [p["type"] for p in parts] == ["step-start", "text", "source-url", "data-weather"]


IMAGE = {
    "type": "image",
    "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="},
}


@pytest.mark.parametrize("target", ALL, ids=lambda t: t.format + "/" + t.provider)
def test_an_image_reaches_every_target(target):
    message = {"role": "user", "content": [IMAGE, {"type": "text", "text": "What is this?"}]}
    payload, report = _translate(
        [Record(message, "anthropic-messages", "anthropic", "claude-opus-5")], target
    )
    assert report.entries == ()
    assert any("iVBORw0KGgo=" in s for s in strings_in(payload))


def test_a_file_known_only_by_name_is_left_out_and_said_so():
    message = {
        "uuid": "u1",
        "sender": "human",
        "text": "Look at this",
        "attachments": [],
        "files": [{"file_name": "shot.png"}],
        "created_at": "",
        "updated_at": "",
    }
    payload, report = _translate([Record(message, "claude-export", "anthropic", "")], OPUS)
    (entry,) = report.entries
    assert (entry.kind, entry.action) == ("file", "dropped")
    assert "only the name of shot.png" in entry.reason
    assert payload["messages"] == [
        {"role": "user", "content": [{"type": "text", "text": "Look at this"}]}
    ]


def test_views_cover_the_app_switcher():
    assert set(VIEWS) == {
        "openai-responses",
        "openai-chat",
        "anthropic",
        "gemini",
        "deepseek",
        "ai-sdk",
    }
    assert VIEWS["deepseek"] == Target("openai-chat", "deepseek")


def test_a_turn_finds_one_part_source_as_its_source_list_would():
    from translate.canonical import Message, Origin, Text
    from translate.turns import merge_adjacent, new_turn, synthetic_turn

    origin = Origin("p", "anthropic-messages", "m")

    def turn(role, n, ri, srcs=None):
        parts = tuple(Text(f"{ri}.{i}") for i in range(n))
        message = Message(role, parts, origin)
        kept = list(parts) if srcs else parts
        # Not native: untouched turns of the target's own origin are never merged.
        return new_turn(role, kept, message, False, bool(srcs), False, ri, 0, srcs)

    def conversation():
        return merge_adjacent(
            [
                turn("user", 2, 0),
                turn("tool", 1, 1),
                turn("user", 3, 2, [(2, 0, 0), (2, 0, 2), (2, 0, 5)]),
                synthetic_turn("user", [Text("s")], [(9, 9, 9)]),
                turn("assistant", 2, 3),
                turn("assistant", 1, 4),
                turn("user", 1, 5),
            ],
            None,
            {"tool": "user"},
        )

    one_by_one = [[t.src(i) for i in range(len(t.parts))] for t in conversation()]
    assert one_by_one == [t.srcs for t in conversation()]
    assert one_by_one[0] == [
        (0, 0, 0),
        (0, 0, 1),
        (1, 0, 0),
        (2, 0, 0),
        (2, 0, 2),
        (2, 0, 5),
        (9, 9, 9),
    ]
    assert one_by_one[1:] == [[(3, 0, 0), (3, 0, 1), (4, 0, 0)], [(5, 0, 0)]]
