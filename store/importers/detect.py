"""Recognising what an item is by its content, never by the file's name.

The formats say what they look like themselves (`translate.formats.registry`): ChatGPT and
Claude export conversations (`mapping` versus `chat_messages`), AI SDK chats, and
message-level items (an AI SDK UIMessage, or a provider's message, response or request
body). What is added here is what threadkeep does not import, and how to say so.
"""

from __future__ import annotations

from typing import Any

from store.importers.common import describe_keys
from translate.formats.registry import sniff
from translate.formats.sniffing import Sniffed

# What --format accepts, and the stored format each means.
FORCEABLE = {
    "chatgpt": "chatgpt-export",
    "claude": "claude-export",
    "ai-sdk": "ai-sdk-ui",
    "anthropic": "anthropic-messages",
    "openai-chat": "openai-chat",
    "openai-responses": "openai-responses",
    "gemini": "gemini",
}

__all__ = ["FORCEABLE", "Sniffed", "Unsupported", "classify"]


class Unsupported(ValueError):
    """The item is not something threadkeep imports; the message says what it looks like."""


def classify(item: Any, forced: str | None = None) -> Sniffed:
    """What `item` is; raises Unsupported with a description of what it looks like instead.

    `forced` is a stored format (a value of FORCEABLE) the user named instead of detection.
    """
    if not isinstance(item, dict):
        raise Unsupported(f"holds {describe_keys(item)} where a conversation was expected")
    found = sniff(item, forced)
    if forced is None and (found is None or found.shape != "export") and _is_llm_log(item):
        raise Unsupported(
            "looks like `llm logs --json` output (Simon Willison's llm), which threadkeep does "
            "not import; it imports ChatGPT and Claude exports, AI SDK UIMessages and raw "
            "provider JSON"
        )
    if found is None:
        if forced is not None:
            raise Unsupported(f"holds {describe_keys(item)}, which is not {forced} JSON")
        raise Unsupported(f"holds {describe_keys(item)}, which is not a format threadkeep imports")
    return found


def _is_llm_log(item: dict[str, Any]) -> bool:
    return "prompt" in item and "response" in item and ("datetime_utc" in item or "model" in item)
