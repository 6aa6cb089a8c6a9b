"""The shared format fixtures, each mapped explicitly to its format, provider and model."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from tests.conftest import FORMAT_FIXTURES
from translate import Record


@dataclass(frozen=True)
class Fixture:
    name: str
    format: str
    provider: str
    model: str
    shape: str  # what the raw is, in the format's own terms

    def raw(self) -> Any:
        return json.loads((FORMAT_FIXTURES / self.name).read_text())

    def record(self) -> Record:
        return Record(self.raw(), self.format, self.provider, self.model)


FIXTURES = [
    Fixture(
        "ai-sdk-v6.uimessage.reasoning-tool-steps.vercel-ai-test.json",
        "ai-sdk-ui",
        # The fixture's synthetic providerMetadata key: the blob belongs to this "provider".
        "testProvider",
        "test-model",
        "a list of one UIMessage",
    ),
    Fixture(
        "anthropic.redacted_thinking.response.json",
        "anthropic-messages",
        "anthropic",
        "claude-sonnet-4-5-20250929",
        "a response",
    ),
    Fixture(
        "anthropic.thinking-tool_use.followup.request.json",
        "anthropic-messages",
        "anthropic",
        "claude-sonnet-4-0",
        "a request body",
    ),
    Fixture(
        "anthropic.thinking-tool_use.response.json",
        "anthropic-messages",
        "anthropic",
        "claude-sonnet-4-20250514",
        "a response",
    ),
    Fixture(
        "anthropic.thinking.response.claude-sonnet-4-5.json",
        "anthropic-messages",
        "anthropic",
        "claude-sonnet-4-5-20250929",
        "a response",
    ),
    Fixture(
        "deepseek.reasoning_content-tool_calls.response.json",
        "openai-chat",
        "deepseek",
        "deepseek-reasoner",
        "a chat.completion",
    ),
    Fixture(
        "deepseek.reasoning_content.response.json",
        "openai-chat",
        "deepseek",
        "deepseek-reasoner",
        "a chat.completion",
    ),
    Fixture(
        "gemini.thought-parts.response.gemini-2.5-pro.json",
        "gemini",
        "google",
        "gemini-2.5-pro",
        "a generateContent response",
    ),
    Fixture(
        "gemini3.text-thoughtSignature.response.json",
        "gemini",
        "google",
        "gemini-3-pro-preview",
        "a generateContent response",
    ),
    Fixture(
        "openai-responses.reasoning-encrypted.store-false.response.json",
        "openai-responses",
        "openai",
        "gpt-5-mini-2025-08-07",
        "a Response",
    ),
    Fixture(
        "openai-responses.reasoning-summary.store-true.response.json",
        "openai-responses",
        "openai",
        "gpt-5-2025-08-07",
        "a Response",
    ),
    Fixture(
        "openrouter.reasoning_details.anthropic-claude-v1.response.json",
        "openai-chat",
        "openrouter",
        "anthropic/claude-3.7-sonnet:thinking",
        "a chat.completion",
    ),
]

BY_NAME = {f.name: f for f in FIXTURES}
