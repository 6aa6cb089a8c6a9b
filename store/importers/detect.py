"""Recognising what an item is by its content, never by the file's name.

ChatGPT and Claude exports are both arrays of conversations named `conversations.json`;
they differ by keys (`mapping` versus `chat_messages`). Everything else is a message-level
item: an AI SDK UIMessage, or a provider's message, response or request body.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from store.importers.common import describe_keys

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

_ANTHROPIC_BLOCKS = frozenset(
    (
        "thinking",
        "redacted_thinking",
        "tool_use",
        "tool_result",
        "server_tool_use",
        "web_search_tool_result",
        "document",
        "search_result",
        "mcp_tool_use",
        "mcp_tool_result",
        "container_upload",
    )
)
_OPENAI_CHAT_PARTS = frozenset(("image_url", "input_audio", "file", "refusal"))
_OPENAI_CHAT_KEYS = frozenset(
    ("tool_calls", "tool_call_id", "function_call", "reasoning_content", "reasoning_details")
)
_OPENAI_CHAT_ROLES = frozenset(("system", "developer", "tool", "function"))
_OPENAI_BODY_KEYS = frozenset(
    (
        "max_completion_tokens",
        "response_format",
        "n",
        "logprobs",
        "frequency_penalty",
        "presence_penalty",
        "reasoning_effort",
        "stream_options",
        "seed",
        "modalities",
    )
)
_ANTHROPIC_BODY_KEYS = frozenset(
    ("system", "anthropic_version", "thinking", "stop_sequences", "top_k", "anthropic_beta")
)
_RESPONSES_PARTS = frozenset(("input_text", "output_text", "input_image", "input_file", "refusal"))
_RESPONSES_ITEMS = frozenset(
    (
        "reasoning",
        "function_call",
        "function_call_output",
        "custom_tool_call",
        "custom_tool_call_output",
        "web_search_call",
        "file_search_call",
        "computer_call",
        "computer_call_output",
        "code_interpreter_call",
        "image_generation_call",
        "local_shell_call",
        "local_shell_call_output",
        "mcp_call",
        "mcp_list_tools",
        "item_reference",
    )
)
_UI_ROLES = frozenset(("user", "assistant", "system"))


class Unsupported(ValueError):
    """The item is not something threadkeep imports; the message says what it looks like."""


@dataclass(frozen=True, slots=True)
class Kind:
    # "chatgpt", "claude", "ai-sdk-chat" (a whole conversation) or "message".
    name: str
    # For messages: the stored format, and "message", "response" or "request".
    format: str = ""
    shape: str = ""
    # False when a plain {role, content} could be either Chat Completions or Anthropic.
    certain: bool = True


CHATGPT = Kind("chatgpt", "chatgpt-export")
CLAUDE = Kind("claude", "claude-export")
AI_SDK_CHAT = Kind("ai-sdk-chat", "ai-sdk-ui")


def classify(item: Any, forced: str | None = None) -> Kind:
    """What `item` is; raises Unsupported with a description of what it looks like instead."""
    if not isinstance(item, dict):
        raise Unsupported(f"holds {describe_keys(item)} where a conversation was expected")
    if forced == "chatgpt-export" or (forced is None and isinstance(item.get("mapping"), dict)):
        return CHATGPT
    if forced == "claude-export" or (forced is None and "chat_messages" in item):
        return CLAUDE
    if forced is None and _is_llm_log(item):
        raise Unsupported(
            "looks like `llm logs --json` output (Simon Willison's llm), which threadkeep does "
            "not import; it imports ChatGPT and Claude exports, AI SDK UIMessages and raw "
            "provider JSON"
        )
    if _is_ui_chat(item) and forced in (None, "ai-sdk-ui"):
        return AI_SDK_CHAT
    kind = _message_kind(item, forced)
    if kind is None or (forced is not None and kind.format != forced):
        if forced is not None:
            raise Unsupported(f"holds {describe_keys(item)}, which is not {forced} JSON")
        raise Unsupported(f"holds {describe_keys(item)}, which is not a format threadkeep imports")
    return kind


def _is_llm_log(item: dict[str, Any]) -> bool:
    return "prompt" in item and "response" in item and ("datetime_utc" in item or "model" in item)


def _is_ui_chat(item: dict[str, Any]) -> bool:
    messages = item.get("messages")
    if not isinstance(messages, list) or "role" in item or not messages:
        return False
    return all(_is_ui_message(m) for m in messages[:20])


def _is_ui_message(item: Any) -> bool:
    if not isinstance(item, dict) or item.get("role") not in _UI_ROLES:
        return False
    parts = item.get("parts")
    return (
        isinstance(parts, list)
        and "content" not in item
        and all(isinstance(p, dict) and isinstance(p.get("type"), str) for p in parts)
    )


def _message_kind(item: dict[str, Any], forced: str | None) -> Kind | None:
    if isinstance(item.get("messages"), list) and "role" not in item:
        if forced in ("anthropic-messages", "openai-chat"):
            return Kind("message", forced, "request")
        return _chat_body(item)
    if isinstance(item.get("contents"), list):
        return Kind("message", "gemini", "request")
    if "input" in item and "role" not in item and "type" not in item:
        return Kind("message", "openai-responses", "request")
    if isinstance(item.get("choices"), list):
        return Kind("message", "openai-chat", "response")
    if isinstance(item.get("candidates"), list):
        return Kind("message", "gemini", "response")
    if item.get("object") == "response" or (
        isinstance(item.get("output"), list) and str(item.get("id", "")).startswith("resp")
    ):
        return Kind("message", "openai-responses", "response")
    if forced == "ai-sdk-ui" or _is_ui_message(item):
        return Kind("message", "ai-sdk-ui", "message")
    content = item.get("content")
    block_types = _block_types(content)
    if item.get("type") == "message" and isinstance(content, list):
        if block_types & _RESPONSES_PARTS:
            return Kind("message", "openai-responses", "message")
        return Kind("message", "anthropic-messages", "response")
    if item.get("type") in _RESPONSES_ITEMS:
        return Kind("message", "openai-responses", "message")
    if isinstance(item.get("parts"), list) or (
        isinstance(content, dict) and isinstance(content.get("parts"), list)
    ):
        return Kind("message", "gemini", "message")
    if "role" in item and ("content" in item or "tool_calls" in item):
        if forced in ("anthropic-messages", "openai-chat", "openai-responses"):
            return Kind("message", forced, "message")
        if block_types & _RESPONSES_PARTS - {"refusal"}:
            return Kind("message", "openai-responses", "message")
        anthropic = bool(block_types & _ANTHROPIC_BLOCKS) or _has_image_source(content)
        openai = (
            bool(block_types & _OPENAI_CHAT_PARTS)
            or bool(_OPENAI_CHAT_KEYS & item.keys())
            or item.get("role") in _OPENAI_CHAT_ROLES
        )
        if anthropic != openai:
            return Kind("message", "anthropic-messages" if anthropic else "openai-chat", "message")
        return Kind("message", "openai-chat", "message", certain=False)
    return None


def _chat_body(body: dict[str, Any]) -> Kind:
    """A request body with `messages`: Chat Completions or Anthropic Messages."""
    anthropic = openai = 0
    for message in body["messages"]:
        if isinstance(message, dict):
            kind = _message_kind(message, None)
            if kind is not None and kind.certain:
                anthropic += kind.format == "anthropic-messages"
                openai += kind.format == "openai-chat"
    anthropic += len(_ANTHROPIC_BODY_KEYS & body.keys())
    openai += len(_OPENAI_BODY_KEYS & body.keys())
    tools = body.get("tools")
    if isinstance(tools, list) and tools and isinstance(tools[0], dict):
        anthropic += "input_schema" in tools[0]
        openai += "function" in tools[0]
    model = body.get("model")
    if isinstance(model, str) and anthropic == openai:
        anthropic += model.startswith("claude")
    if anthropic > openai:
        return Kind("message", "anthropic-messages", "request")
    return Kind("message", "openai-chat", "request", certain=openai > anthropic)


def _block_types(content: Any) -> set[str]:
    if not isinstance(content, list):
        return set()
    return {b["type"] for b in content if isinstance(b, dict) and isinstance(b.get("type"), str)}


def _has_image_source(content: Any) -> bool:
    return isinstance(content, list) and any(
        isinstance(b, dict) and b.get("type") == "image" and "source" in b for b in content
    )
