"""Issue 14's failure classes, each on a real recorded payload."""

from __future__ import annotations

import copy

from tests.translate.oracles import check_payload
from tests.translate.recorded_corpus import cases
from tests.translate.schemas import strings_in
from translate import Record, Target, translate

BY_NAME = {c.name: c for c in cases()}
CEREBRAS = BY_NAME[
    "cerebras.openai-chat.test_cerebras_thinking_part_survives_multiturn.1.request.3115b74a74"
]
OPENROUTER_CACHE = BY_NAME[
    "openrouter.openai-chat.test_openrouter_cache_all_settings_real_api.0.response.a9af1030bc"
]


def test_a_tool_call_without_arguments_is_an_empty_object():
    """Class 1: OpenRouter may answer a call without "arguments"; it is {} everywhere."""
    raw = copy.deepcopy(OPENROUTER_CACHE.raw())
    (call,) = raw["choices"][0]["message"]["tool_calls"]
    del call["function"]["arguments"]
    record = Record(raw, "openai-chat", "openrouter")
    for target in (
        Target("anthropic-messages", "anthropic", "claude-opus-5"),
        Target("openai-chat", "openai", "gpt-5.5"),
    ):
        payload, report = translate([record], target)
        check_payload([record], target, payload, report)
        assert call["function"]["name"] in strings_in(payload)


def test_dialect_reasoning_goes_back_to_its_own_field_on_same_origin():
    """Class 10: Cerebras reads `reasoning` back; it must not become marked text."""
    raw = CEREBRAS.raw()
    target = Target("openai-chat", "cerebras", raw["model"])
    payload, report = translate([CEREBRAS.record()], target)
    check_payload([CEREBRAS.record()], target, payload, report)
    assert payload["messages"] == raw["messages"]
    assert "prior_reasoning" not in "".join(strings_in(payload))


ANTHROPIC = Target("anthropic-messages", "anthropic", "claude-opus-5")
GEMINI = Target("gemini", "google", "gemini-3.5-flash")
TEXT = "Dummy TXT file\n"
TEXT_B64 = "RHVtbXkgVFhUIGZpbGUK"  # base64 of TEXT


def _chat_text_file() -> Record:
    part = {"type": "file", "file": {"file_data": f"data:text/plain;base64,{TEXT_B64}"}}
    return Record({"role": "user", "content": [part]}, "openai-chat", "openai", "gpt-5.5")


def test_plain_text_data_goes_to_anthropic_as_a_text_source():
    """Class 2: Anthropic rejects a base64 text/plain document; its text source is valid."""
    record = _chat_text_file()
    payload, report = translate([record], ANTHROPIC)
    check_payload([record], ANTHROPIC, payload, report)
    (block,) = payload["messages"][0]["content"]
    assert block["source"] == {"type": "text", "media_type": "text/plain", "data": TEXT}


def test_a_text_document_goes_to_gemini():
    """Class 2: Gemini reads text/plain inline data; a text document is not dropped."""
    document = {
        "type": "document",
        "source": {"type": "text", "media_type": "text/plain", "data": TEXT},
    }
    record = Record({"role": "user", "content": [document]}, "anthropic-messages", "anthropic")
    payload, report = translate([record], GEMINI)
    check_payload([record], GEMINI, payload, report)
    assert report.entries == ()
    (part,) = payload["contents"][0]["parts"]
    assert part == {"inlineData": {"mimeType": "text/plain", "data": TEXT_B64}}


def test_url_safe_base64_becomes_standard():
    """Class 8: google-genai stores URL-safe base64; Anthropic and OpenAI need standard."""
    data = "_-8A"  # bytes ff ef bf 00 in URL-safe base64
    inline = {"inlineData": {"mimeType": "image/png", "data": data}}
    record = Record({"role": "user", "parts": [inline]}, "gemini", "google", "gemini-2.5-pro")
    payload, _ = translate([record], ANTHROPIC)
    (block,) = payload["messages"][0]["content"]
    assert block["source"]["data"] == "/+8A"
    payload, _ = translate([record], Target("openai-chat", "openai", "gpt-5.5"))
    assert payload["messages"][0]["content"][0]["image_url"]["url"].endswith(",/+8A")


def test_an_empty_response_is_not_an_empty_request_in_silence():
    """Class 14: a refusal-only response has nothing to send; the report says so."""
    refusal = {"role": "assistant", "content": None, "refusal": "I can't help with that."}
    record = Record(refusal, "openai-chat", "openai", "gpt-5.5")
    for target in (ANTHROPIC, GEMINI, Target("openai-responses", "openai", "gpt-5.5")):
        payload, report = translate([record], target)
        check_payload([record], target, payload, report)
        assert report.warnings, target
        assert "no messages" in report.warnings[-1]


def test_snake_case_gemini_parts_keep_their_calls_and_images():
    """Class 5: google-genai / Vertex snake_case bodies decode like camelCase ones."""
    from translate import File, ToolCall, ToolResult, decode

    body = {
        "system_instruction": {"parts": [{"text": "Be brief."}]},
        "contents": [
            {
                "role": "user",
                "parts": [
                    {"text": "What is in this image?"},
                    {"inline_data": {"mime_type": "image/png", "data": "iVBORw0KGgo="}},
                    {"file_data": {"mime_type": "image/jpeg", "file_uri": "gs://b/k.jpg"}},
                ],
            },
            {
                "role": "model",
                "parts": [
                    {
                        "function_call": {"name": "describe", "args": {"q": "x"}},
                        "thought_signature": "c2lnbmF0dXJl",
                    }
                ],
            },
            {
                "role": "user",
                "parts": [{"function_response": {"name": "describe", "response": {"ok": 1}}}],
            },
        ],
    }
    messages = decode(body, "gemini", provider="vertex", model="gemini-2.5-pro")
    assert messages[0].role == "system"
    kinds = [type(p) for m in messages for p in m.parts]
    assert kinds.count(File) == 2 and ToolCall in kinds and ToolResult in kinds
    record = Record(body, "gemini", "vertex", "gemini-2.5-pro")
    payload, report = translate([record], ANTHROPIC)
    check_payload([record], ANTHROPIC, payload, report)
    assert "describe" in strings_in(payload)
    assert payload["system"]


def test_a_mid_conversation_system_message_stays_in_place_or_is_reported():
    """Class 11: Chat and Responses take it in place; Anthropic and Gemini say it moved."""
    rows = [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": "hello"},
        {"role": "system", "content": "Now answer in French."},
        {"role": "user", "content": "again"},
    ]
    records = [Record(r, "openai-chat", "groq", "llama-3.3-70b-versatile") for r in rows]
    responses = Target("openai-responses", "openai", "gpt-5.5")
    payload, report = translate(records, responses)
    check_payload(records, responses, payload, report)
    assert payload["instructions"] == "Be brief."
    assert payload["input"][2] == {
        "type": "message",
        "role": "system",
        "content": "Now answer in French.",
    }
    for target in (ANTHROPIC, GEMINI):
        payload, report = translate(records, target)
        check_payload(records, target, payload, report)
        (entry,) = report.entries
        assert (entry.record, entry.kind, entry.action) == (3, "system", "converted")


def test_a_custom_tool_call_is_a_tool_call_everywhere():
    """Class 14: Responses custom_tool_call items become tool calls for other providers,
    and go back as custom_tool_call to their own model."""
    items = [
        {"type": "message", "role": "user", "content": "Patch the file."},
        {
            "type": "custom_tool_call",
            "call_id": "call_1",
            "name": "apply_patch",
            "input": "*** Begin Patch\n*** End Patch",
        },
        {"type": "custom_tool_call_output", "call_id": "call_1", "output": "done"},
    ]
    record = Record(items, "openai-responses", "openai", "gpt-5.5")
    same = Target("openai-responses", "openai", "gpt-5.5")
    payload, report = translate([record], same)
    check_payload([record], same, payload, report)
    assert payload["input"] == items
    payload, report = translate([record], ANTHROPIC)
    check_payload([record], ANTHROPIC, payload, report)
    use = payload["messages"][1]["content"][0]
    assert (use["type"], use["name"]) == ("tool_use", "apply_patch")
    assert use["input"] == {"input": "*** Begin Patch\n*** End Patch"}
    assert payload["messages"][2]["content"][0]["tool_use_id"] == "call_1"


def _image_result() -> list[Record]:
    image = {
        "type": "image",
        "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgoAAAANSUhEUg=="},
    }
    messages = [
        {"role": "user", "content": "Show me the image."},
        {
            "role": "assistant",
            "content": [{"type": "tool_use", "id": "toolu_1", "name": "get_image", "input": {}}],
        },
        {
            "role": "user",
            "content": [
                {
                    "type": "tool_result",
                    "tool_use_id": "toolu_1",
                    "content": [{"type": "text", "text": "here"}, image],
                }
            ],
        },
    ]
    return [Record({"messages": messages}, "anthropic-messages", "anthropic", "claude-sonnet-4-5")]


def test_an_image_in_a_tool_result_is_kept_or_reported():
    """Class 7: Gemini 3 carries it in functionResponse.parts; Chat and the AI SDK, whose
    results are text, report it dropped."""
    records = _image_result()
    payload, report = translate(records, GEMINI)
    check_payload(records, GEMINI, payload, report)
    response = payload["contents"][2]["parts"][0]["functionResponse"]
    assert response["parts"] == [
        {"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgoAAAANSUhEUg=="}}
    ]
    for target in (
        Target("openai-chat", "openai", "gpt-5.5"),
        Target("ai-sdk-ui", "openai", "gpt-5.5"),
        Target("gemini", "google", "gemini-2.5-flash"),
    ):
        payload, report = translate(records, target)
        check_payload(records, target, payload, report)
        (entry,) = [e for e in report.entries if e.kind == "file"]
        assert (entry.record, entry.message, entry.part, entry.action) == (0, 2, 0, "dropped")


def test_a_chat_file_given_by_url_keeps_its_type_from_its_name():
    """Class 7: a Chat file part whose data is a URL reaches Anthropic and Gemini."""
    part = {"type": "file", "file": {"file_data": "https://example.com/a.pdf", "filename": "a.pdf"}}
    record = Record({"role": "user", "content": [part]}, "openai-chat", "openai", "gpt-5")
    for target in (ANTHROPIC, GEMINI):
        payload, report = translate([record], target)
        check_payload([record], target, payload, report)
        assert "https://example.com/a.pdf" in strings_in(payload)
        assert report.entries == ()


def test_a_file_id_elsewhere_is_reported_in_words():
    part = {"type": "input_file", "file_id": "file-abc123"}
    record = Record({"role": "user", "content": [part]}, "openai-responses", "openai", "gpt-5")
    _, report = translate([record], ANTHROPIC)
    (entry,) = report.entries
    assert entry.action == "dropped"
    assert entry.reason == "this file is an id in OpenAI's file storage, which Anthropic can't read"


CODE_EXECUTION = BY_NAME[
    "anthropic.anthropic-messages.test_anthropic_code_execution_files.1.response.c49cdac632"
]


def test_server_tool_blocks_go_to_another_model_of_their_provider():
    """Class 13: Anthropic server tool blocks are Anthropic's, not one model's."""
    raw = CODE_EXECUTION.raw()
    record = CODE_EXECUTION.record()
    server = [b for b in raw["content"] if b["type"] == "server_tool_use"]
    assert server
    payload, report = translate([record], ANTHROPIC)  # claude-opus-5, another model
    check_payload([record], ANTHROPIC, payload, report)
    sent = [b for m in payload["messages"] for b in m["content"] if isinstance(b, dict)]
    for block in server:
        assert block in sent
    assert all(e.action != "dropped" for e in report.entries if e.kind == "unknown")
    # Elsewhere they are dropped, each with a report entry.
    payload, report = translate([record], GEMINI)
    assert any(e.kind == "unknown" and e.action == "dropped" for e in report.entries)


def test_response_only_nulls_do_not_reach_a_request():
    """Class 4: `abort_reason: null` in a code execution result fails the request type."""
    raw = copy.deepcopy(CODE_EXECUTION.raw())
    results = [b for b in raw["content"] if b["type"].endswith("code_execution_tool_result")]
    assert results
    for block in results:
        block["content"]["abort_reason"] = None
    record = Record(raw, "anthropic-messages", "anthropic")
    payload, report = translate([record], ANTHROPIC)
    check_payload([record], ANTHROPIC, payload, report)
    assert "abort_reason" not in strings_in(payload)


def test_an_answer_to_an_unrecognised_call_invents_no_call():
    """Class 3: same origin replays the item and its answer as they came; elsewhere both go,
    reported, and no function_call named unknown_tool is made up."""
    items = [
        {"type": "message", "role": "user", "content": "Find the weather tool."},
        {"type": "tool_search_call", "call_id": "ts_1", "arguments": {"queries": ["weather"]}},
        {"type": "function_call_output", "call_id": "ts_1", "output": "found: get_weather"},
        {"type": "message", "role": "user", "content": "Thanks."},
    ]
    record = Record(items, "openai-responses", "openai", "gpt-5.5")
    same = Target("openai-responses", "openai", "gpt-5.5")
    payload, report = translate([record], same)
    assert payload["input"] == items
    assert "unknown_tool" not in strings_in(payload)
    for target in (ANTHROPIC, Target("openai-chat", "openai", "gpt-5.5")):
        payload, report = translate([record], target)
        check_payload([record], target, payload, report)
        assert "unknown_tool" not in strings_in(payload)
        dropped = {(e.record, e.message, e.kind) for e in report.entries if e.action == "dropped"}
        assert dropped == {(0, 1, "unknown"), (0, 2, "tool-result")}
