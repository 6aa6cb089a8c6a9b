"""What each protocol asks for besides the conversation: reasoning only where the model
offers it and the settings allow it."""

from __future__ import annotations

import pytest

from store.config import Config
from store.sending.protocols import Call, anthropic, openai_chat, openai_responses
from store.sending.providers import find_provider


def call(name: str, model: str, settings=None, reasoning=True) -> Call:
    provider = find_provider(name, _empty())
    return Call(provider, None, model, {"messages": []}, 10.0, reasoning, settings or {})


def _empty() -> Config:
    from pathlib import Path

    return Config(Path("none.toml"))


@pytest.mark.parametrize(
    ("model", "settings", "reasoning", "thinking", "max_tokens"),
    [
        ("claude-sonnet-4-5", {}, True, {"type": "enabled", "budget_tokens": 8000}, 16000),
        ("claude-3-5-sonnet-20241022", {}, True, None, 8192),
        ("claude-opus-5", {"thinking": "adaptive"}, True, {"type": "adaptive"}, 16000),
        ("claude-opus-5", {"thinking": False}, True, None, 8192),
        # The conversation ends in a tool loop Anthropic cannot verify: no thinking.
        ("claude-opus-5", {}, False, None, 8192),
        # No room for the minimum budget beside an answer.
        ("claude-opus-5", {"max_tokens": 2000}, True, None, 2000),
        (
            "claude-opus-5",
            {"max_tokens": 4096},
            True,
            {"type": "enabled", "budget_tokens": 3072},
            4096,
        ),
    ],
)
def test_anthropic_thinking(model, settings, reasoning, thinking, max_tokens):
    body = anthropic.request(call("anthropic", model, settings, reasoning))
    assert body.get("thinking") == thinking
    assert body["max_tokens"] == max_tokens


@pytest.mark.parametrize(
    ("model", "asks"), [("gpt-5", True), ("o3", True), ("gpt-4.1", False), ("gpt-4o", False)]
)
def test_responses_reasoning_only_for_reasoning_models(model, asks):
    body = openai_responses.request(call("openai", model))
    assert body["store"] is False
    assert ("reasoning" in body) is asks
    assert (body.get("include") == ["reasoning.encrypted_content"]) is asks


def test_openrouter_asks_for_reasoning_other_chat_servers_do_not():
    assert openai_chat.request(call("openrouter", "anthropic/claude-sonnet-4"))["reasoning"] == {
        "enabled": True
    }
    assert "reasoning" not in openai_chat.request(call("deepseek", "deepseek-chat"))
    assert "reasoning" not in openai_chat.request(call("ollama", "qwen3"))
