"""The oracles themselves: prove they reject what the plain SDK types let through."""

from __future__ import annotations

import typing

import pytest
from anthropic.types import MessageParam, message_create_params
from pydantic import TypeAdapter

from tests.translate.schemas import PayloadInvalid, validate_payload
from translate import Target

ANTHROPIC = Target("anthropic-messages", "anthropic", "claude-opus-5")


def test_plain_sdk_types_accept_a_stray_key_but_the_oracle_does_not():
    message = {"role": "user", "content": [{"type": "text", "text": "hi", "stray": 1}]}
    TypeAdapter(MessageParam).validate_python(message)  # the SDK type alone: no complaint
    with pytest.raises(PayloadInvalid, match="messages\\[0\\]"):
        validate_payload({"messages": [message]}, ANTHROPIC)


@pytest.mark.parametrize(
    ("target", "payload"),
    [
        (
            Target("openai-responses", "openai", "m"),
            {
                "input": [
                    {
                        "type": "function_call",
                        "call_id": "a",
                        "name": "f",
                        "arguments": "{}",
                        "stray": 1,
                    }
                ]
            },
        ),
        (
            Target("openai-chat", "openai", "m"),
            {"messages": [{"role": "assistant", "content": "x", "stray": 1}]},
        ),
        (
            Target("gemini", "google", "m"),
            {"contents": [{"role": "model", "parts": [{"text": "x", "stray": 1}]}]},
        ),
        (
            Target("ai-sdk-ui", "openai", "m"),
            {
                "messages": [
                    {
                        "id": "1",
                        "role": "user",
                        "parts": [{"type": "text", "text": "x", "stray": 1}],
                    }
                ]
            },
        ),
    ],
)
def test_a_stray_key_deep_inside_is_rejected_for_every_target(target, payload):
    with pytest.raises(PayloadInvalid):
        validate_payload(payload, target)


def test_a_bad_item_inside_an_iterable_field_fails():
    # The system prompt is Iterable[TextBlockParam]: pydantic alone validates it lazily.
    system = [{"type": "text", "text": "ok"}, {"type": "text", "text": 5}]
    system_type = typing.get_type_hints(message_create_params.MessageCreateParamsBase)["system"]
    assert "Iterable" in str(system_type)
    TypeAdapter(system_type).validate_python(system)  # passes: nothing consumed the iterator
    with pytest.raises(PayloadInvalid, match="system"):
        validate_payload({"system": system, "messages": []}, ANTHROPIC)


def test_deepseek_reasoning_content_is_allowed_only_for_deepseek():
    message = {"role": "assistant", "content": "x", "reasoning_content": "why"}
    validate_payload(
        {"messages": [message]}, Target("openai-chat", "deepseek", "deepseek-v4-flash")
    )
    with pytest.raises(PayloadInvalid):
        validate_payload({"messages": [message]}, Target("openai-chat", "openai", "gpt-5.5"))


def test_openrouter_reasoning_details_are_allowed_only_for_openrouter():
    message = {"role": "assistant", "content": "x", "reasoning": "r", "reasoning_details": []}
    validate_payload({"messages": [message]}, Target("openai-chat", "openrouter", "m"))
    with pytest.raises(PayloadInvalid):
        validate_payload({"messages": [message]}, Target("openai-chat", "deepseek", "m"))


def test_response_only_fields_are_rejected():
    response_like = {
        "role": "assistant",
        "content": [{"type": "text", "text": "x"}],
        "stop_reason": "end_turn",
    }
    with pytest.raises(PayloadInvalid):
        validate_payload({"messages": [response_like]}, ANTHROPIC)
