"""AI SDK UIMessages carry blobs issued by another API: same origin is judged by the issuer."""

from __future__ import annotations

from tests.translate.fixtures import BY_NAME
from tests.translate.oracles import check_payload
from tests.translate.schemas import strings_in
from translate import Reasoning, Record, Target, decode, translate
from translate.formats import module_for

CLAUDE = "claude-sonnet-4-5"
SIGNATURE = "EqQBCkYIBxgCKkA-anthropic-signature"


def _ui(parts, message_id="msg-1"):
    return {"id": message_id, "role": "assistant", "parts": parts}


CLAUDE_TURN = _ui(
    [
        {"type": "step-start"},
        {
            "type": "reasoning",
            "text": "The user wants the weather.",
            "state": "done",
            "providerMetadata": {"anthropic": {"signature": SIGNATURE}},
        },
        {
            "type": "tool-weather",
            "toolCallId": "toolu_01A",
            "state": "output-available",
            "input": {"city": "Paris"},
            "output": {"weather": "rain"},
        },
        {"type": "step-start"},
        {"type": "text", "text": "It is raining in Paris.", "state": "done"},
    ]
)
RECORD = Record(CLAUDE_TURN, "ai-sdk-ui", "anthropic", CLAUDE)


def _translate(records, target):
    payload, report = translate(records, target)
    check_payload(records, target, payload, report)
    return payload, report


def test_the_blob_is_issued_by_the_native_api_not_by_the_ai_sdk():
    messages = decode(CLAUDE_TURN, "ai-sdk-ui", provider="anthropic", model=CLAUDE)
    reasoning = messages[0].parts[0]
    assert isinstance(reasoning, Reasoning)
    assert messages[0].origin.format == "ai-sdk-ui"
    assert (reasoning.blob.issuer.provider, reasoning.blob.issuer.format) == (
        "anthropic",
        "anthropic-messages",
    )
    assert reasoning.blob.issuer.model == CLAUDE


def test_a_ui_message_replays_its_signature_to_anthropic_with_the_same_model():
    payload, report = _translate([RECORD], Target("anthropic-messages", "anthropic", CLAUDE))
    first = payload["messages"][0]["content"][0]
    assert first == {
        "type": "thinking",
        "thinking": "The user wants the weather.",
        "signature": SIGNATURE,
    }
    assert report.badge(0, 0, 0) == "replayed natively"
    # Steps became the turns Anthropic expects: call, result, then the answer.
    roles = [m["role"] for m in payload["messages"]]
    assert roles == ["assistant", "user", "assistant"]


def test_another_claude_model_gets_no_signature():
    payload, report = _translate(
        [RECORD], Target("anthropic-messages", "anthropic", "claude-opus-5")
    )
    assert SIGNATURE not in strings_in(payload)
    assert report.badge(0, 0, 0) == "converted to text"


def test_a_signature_under_another_providers_record_is_never_replayed():
    # The blob claims Anthropic, but the record says it came from OpenAI: no model to trust.
    record = Record(CLAUDE_TURN, "ai-sdk-ui", "openai", CLAUDE)
    payload, report = _translate([record], Target("anthropic-messages", "anthropic", CLAUDE))
    assert SIGNATURE not in strings_in(payload)
    assert "an unrecorded model" in report.entries_for(0, 0, 0)[0].reason


def test_a_native_anthropic_signature_goes_into_providerMetadata_for_the_same_model():
    response = BY_NAME["anthropic.thinking.response.claude-sonnet-4-5.json"].record()
    target = Target("ai-sdk-ui", "anthropic", response.model)
    payload, report = _translate([response], target)
    reasoning = payload["messages"][0]["parts"][1]
    assert reasoning["providerMetadata"] == {
        "anthropic": {"signature": response.raw["content"][0]["signature"]}
    }
    assert report.badge(0, 0, 0) == "replayed natively"


def test_the_same_ui_message_goes_back_unchanged_to_the_ai_sdk_with_the_same_model():
    payload, report = _translate([RECORD], Target("ai-sdk-ui", "anthropic", CLAUDE))
    assert payload == {"messages": [CLAUDE_TURN]}
    assert report.summary() == "1 reasoning block replayed natively"


def test_openai_reasoning_parts_merge_back_into_one_reasoning_item():
    parts = [
        {
            "type": "reasoning",
            "text": "First.",
            "providerMetadata": {"openai": {"itemId": "rs_9", "reasoningEncryptedContent": "enc"}},
        },
        {
            "type": "reasoning",
            "text": "Second.",
            "providerMetadata": {"openai": {"itemId": "rs_9", "reasoningEncryptedContent": "enc"}},
        },
        {"type": "text", "text": "Done.", "providerMetadata": {"openai": {"itemId": "msg_9"}}},
    ]
    record = Record(_ui(parts), "ai-sdk-ui", "openai", "gpt-5.5")
    payload, _ = _translate([record], Target("openai-responses", "openai", "gpt-5.5"))
    reasoning, message = payload["input"]
    assert reasoning == {
        "type": "reasoning",
        "id": "rs_9",
        "encrypted_content": "enc",
        "summary": [
            {"type": "summary_text", "text": "First."},
            {"type": "summary_text", "text": "Second."},
        ],
    }
    assert message["content"] == "Done."


def test_the_fixture_round_trips_and_its_test_provider_blob_stays_home():
    fixture = BY_NAME["ai-sdk-v6.uimessage.reasoning-tool-steps.vercel-ai-test.json"]
    raw = fixture.raw()
    messages = decode(raw, "ai-sdk-ui", provider=fixture.provider, model=fixture.model)
    assert module_for("ai-sdk-ui").encode(messages) == raw
    payload, _ = _translate(
        [fixture.record()], Target("ai-sdk-ui", fixture.provider, fixture.model)
    )
    assert payload == {"messages": raw}
    payload, _ = _translate([fixture.record()], Target("ai-sdk-ui", "openai", "gpt-5.5"))
    assert "1234567890" not in strings_in(payload)
