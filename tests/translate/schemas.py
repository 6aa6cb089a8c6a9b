"""Strict oracles: translated payloads checked against the official SDK request types.

The SDK TypedDicts ignore unknown keys, and pydantic validates ``Iterable`` fields lazily (a
generator that is never consumed checks nothing). So the validators here are built from the
SDK types' core schema, rewritten so that every typed dict and model forbids extra keys and
every ``Iterable`` is validated eagerly as a list. ``test_strictness.py`` proves both.
"""

from __future__ import annotations

import functools
import typing
from typing import Any

import anthropic.types as anthropic_types
import openai.types.chat as chat_types
import openai.types.responses as responses_types
from anthropic.types import message_create_params
from google.genai import types as genai_types
from pydantic import TypeAdapter
from pydantic_core import SchemaValidator, ValidationError

from translate import Target


def _forbid_extras(node: Any) -> Any:
    if isinstance(node, dict):
        out = {k: _forbid_extras(v) for k, v in node.items()}
        kind = out.get("type")
        if kind in ("typed-dict", "model-fields"):
            out["extra_behavior"] = "forbid"
        elif kind == "model":
            out["config"] = {**(out.get("config") or {}), "extra_fields_behavior": "forbid"}
        elif kind == "generator":
            out = {"type": "list", "items_schema": out.get("items_schema", {"type": "any"})}
        return out
    if isinstance(node, list):
        return [_forbid_extras(v) for v in node]
    return node


def strict_validator(tp: Any) -> SchemaValidator:
    if isinstance(tp, type) and hasattr(tp, "model_rebuild"):
        # google-genai defers building its models; build them to get a real schema.
        tp.model_rebuild(force=True)
        schema = tp.__pydantic_core_schema__
    else:
        schema = TypeAdapter(tp).core_schema
    return SchemaValidator(_forbid_extras(schema))


@functools.cache
def validators() -> dict[str, SchemaValidator]:
    system_type = typing.get_type_hints(message_create_params.MessageCreateParamsBase)["system"]
    return {
        "anthropic-message": strict_validator(anthropic_types.MessageParam),
        "anthropic-system": strict_validator(system_type),
        "responses-item": strict_validator(responses_types.ResponseInputItemParam),
        "chat-message": strict_validator(chat_types.ChatCompletionMessageParam),
        "gemini-content": strict_validator(genai_types.Content),
    }


class PayloadInvalid(AssertionError):
    pass


def _check(name: str, value: Any, where: str) -> None:
    try:
        validators()[name].validate_python(value)
    except ValidationError as error:
        raise PayloadInvalid(f"{where} is not a valid {name}: {error}") from None


# Documented wire extensions, allowed only on the providers that define them.
_CHAT_EXTENSIONS = {
    "deepseek": {"reasoning_content": str},
    "openrouter": {"reasoning": str, "reasoning_details": list},
    # OpenAI-compatible dialects that return their reasoning and read it back.
    "groq": {"reasoning": str},
    "cerebras": {"reasoning": str},
    "ollama": {"reasoning": str},
    "zai": {"reasoning_content": str},
    "moonshot": {"reasoning_content": str},
    "xai": {"reasoning_content": str},
    "huggingface": {"reasoning_content": str},
    "mistral": {"prefix": bool},
}


_CACHE_CONTROL_PROVIDERS = frozenset(("openrouter",))


def validate_payload(payload: Any, target: Target) -> None:
    """Raise PayloadInvalid unless ``payload`` is a request the target's SDK accepts."""
    if not isinstance(payload, dict):
        raise PayloadInvalid("a payload is an object")
    fmt = target.format
    if fmt == "anthropic-messages":
        _keys(payload, {"messages"}, {"system"})
        if "system" in payload:
            _check("anthropic-system", payload["system"], "system")
        for i, message in enumerate(payload["messages"]):
            _check("anthropic-message", message, f"messages[{i}]")
    elif fmt == "openai-responses":
        _keys(payload, {"input"}, {"instructions"})
        if "instructions" in payload and not isinstance(payload["instructions"], str):
            raise PayloadInvalid("instructions must be a string")
        for i, item in enumerate(payload["input"]):
            _check("responses-item", item, f"input[{i}]")
    elif fmt == "openai-chat":
        _keys(payload, {"messages"}, set())
        allowed = _CHAT_EXTENSIONS.get(target.provider, {})
        for i, message in enumerate(payload["messages"]):
            message = dict(message)
            for key, kind in allowed.items():
                if key not in message or message.get("role") != "assistant":
                    continue
                if not isinstance(message.pop(key), kind):
                    raise PayloadInvalid(f"messages[{i}].{key} must be a {kind.__name__}")
            if target.provider in _CACHE_CONTROL_PROVIDERS and isinstance(
                message.get("content"), list
            ):
                # OpenRouter passes cache_control on content parts through to Anthropic.
                message["content"] = [
                    {k: v for k, v in p.items() if k != "cache_control"}
                    if isinstance(p, dict)
                    else p
                    for p in message["content"]
                ]
            _check("chat-message", message, f"messages[{i}]")
    elif fmt == "gemini":
        _keys(payload, {"contents"}, {"systemInstruction"})
        if "systemInstruction" in payload:
            _check("gemini-content", payload["systemInstruction"], "systemInstruction")
        for i, content in enumerate(payload["contents"]):
            _check("gemini-content", content, f"contents[{i}]")
            if content.get("role") not in ("user", "model"):
                raise PayloadInvalid(f"contents[{i}].role must be user or model")
    elif fmt == "ai-sdk-ui":
        _keys(payload, {"messages"}, set())
        for i, message in enumerate(payload["messages"]):
            validate_ui_message(message, f"messages[{i}]")
    else:
        raise PayloadInvalid(f"no oracle for {fmt}")


def _keys(payload: dict[str, Any], required: set[str], optional: set[str]) -> None:
    keys = set(payload)
    if not required <= keys or not keys <= required | optional:
        raise PayloadInvalid(
            f"payload keys {sorted(keys)}: expected {sorted(required)} + {sorted(optional)}"
        )
    for key in required:
        if key in ("messages", "input", "contents") and not isinstance(payload[key], list):
            raise PayloadInvalid(f"{key} must be a list")


# The AI SDK has no Python types: this is ui-messages.ts (reference/formats.md §1.2) as data.
_UI_PART_KEYS: dict[str, tuple[set[str], set[str]]] = {
    "text": ({"type", "text"}, {"state", "providerMetadata"}),
    "reasoning": ({"type", "text"}, {"state", "providerMetadata", "id"}),
    "file": ({"type", "mediaType", "url"}, {"filename", "providerMetadata"}),
    "source-url": ({"type", "sourceId", "url"}, {"title", "providerMetadata"}),
    "source-document": (
        {"type", "sourceId", "mediaType", "title"},
        {"filename", "providerMetadata"},
    ),
    "step-start": ({"type"}, set()),
}
_UI_TOOL_OPTIONAL = {
    "input",
    "output",
    "errorText",
    "providerExecuted",
    "callProviderMetadata",
    "resultProviderMetadata",
    "title",
    "toolMetadata",
    "approval",
    "preliminary",
    "rawInput",
}
_UI_TOOL_STATES = {
    "input-streaming",
    "input-available",
    "approval-requested",
    "approval-responded",
    "output-available",
    "output-error",
    "output-denied",
}


def validate_ui_message(message: Any, where: str) -> None:
    if not isinstance(message, dict):
        raise PayloadInvalid(f"{where} must be an object")
    extra = set(message) - {"id", "role", "parts", "metadata"}
    if (
        extra
        or not isinstance(message.get("id"), str)
        or not isinstance(message.get("parts"), list)
    ):
        raise PayloadInvalid(f"{where}: a UIMessage has id, role, parts and metadata only")
    if message["role"] not in ("system", "user", "assistant"):
        raise PayloadInvalid(f"{where}.role is {message['role']!r}")
    for i, part in enumerate(message["parts"]):
        _validate_ui_part(part, f"{where}.parts[{i}]")


def _validate_ui_part(part: Any, where: str) -> None:
    if not isinstance(part, dict) or not isinstance(part.get("type"), str):
        raise PayloadInvalid(f"{where} must be an object with a type")
    kind = part["type"]
    keys = set(part)
    if kind in _UI_PART_KEYS:
        required, optional = _UI_PART_KEYS[kind]
    elif kind.startswith("tool-") or kind == "dynamic-tool":
        required = {"type", "toolCallId", "state"} | (
            {"toolName"} if kind == "dynamic-tool" else set()
        )
        optional = _UI_TOOL_OPTIONAL
        if part.get("state") not in _UI_TOOL_STATES:
            raise PayloadInvalid(f"{where}.state is {part.get('state')!r}")
        if part["state"] == "output-available" and "output" not in part:
            raise PayloadInvalid(f"{where}: output-available needs output")
        if part["state"] == "output-error" and not isinstance(part.get("errorText"), str):
            raise PayloadInvalid(f"{where}: output-error needs errorText")
    elif kind.startswith("data-"):
        required, optional = {"type", "data"}, {"id"}
    else:
        raise PayloadInvalid(f"{where}: unknown UIMessage part type {kind!r}")
    if not required <= keys or not keys <= required | optional:
        raise PayloadInvalid(f"{where}: keys {sorted(keys)} do not fit a {kind} part")
    for key in ("text", "url", "mediaType", "toolCallId", "errorText", "sourceId"):
        if key in part and not isinstance(part[key], str):
            raise PayloadInvalid(f"{where}.{key} must be a string")


def strings_in(value: Any) -> list[str]:
    """Every string inside a JSON value (keys included), without recursion."""
    out: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            out.extend(k for k in item if isinstance(k, str))
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return out
