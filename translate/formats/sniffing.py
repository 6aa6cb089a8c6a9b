"""Pieces the format modules share to answer an importer: what a value is, and by whom.

Importing a file means recognising each JSON value by its content and storing it with its
provider, model, role and time. Each format module answers for itself (`is_request`,
`provider_of`, `model_of`, ...); `translate.formats.registry` asks them in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

# Stored roles, and the other spellings providers use for them.
_STORED_ROLES = frozenset(("system", "user", "assistant", "tool"))
_ROLE_SPELLINGS = {"developer": "system", "function": "tool", "model": "assistant", "human": "user"}


@dataclass(frozen=True, slots=True)
class Sniffed:
    """What a JSON value is.

    `shape` is "export" (one conversation of a ChatGPT or Claude export), "chat" (an AI SDK
    chat object), "request" (a request body: a whole conversation), "response" or
    "message". `certain` is False when a plain {role, content} fits two formats.
    """

    format: str
    shape: str
    certain: bool = True


class RequestPart(NamedTuple):
    """One message of a request body, with the role and body field it came from if it was
    not a message of its own (a system prompt given as `system` or `instructions`)."""

    raw: Any
    role: str | None = None
    field: str | None = None


def block_types(content: Any) -> set[str]:
    """The `type` of each block of a content list."""
    if not isinstance(content, list):
        return set()
    return {b["type"] for b in content if isinstance(b, dict) and isinstance(b.get("type"), str)}


def model_field(raw: dict[str, Any]) -> str | None:
    """The model a provider's message or response names (`model`, Gemini's `modelVersion`)."""
    for key in ("model", "modelVersion"):
        value = raw.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return None


def time_field(raw: dict[str, Any]) -> Any:
    """The raw time a provider's message or response carries, if any (not yet parsed)."""
    for key in ("created", "created_at", "createTime"):
        if key in raw:
            return raw[key]
    return None


def stored_role(raw: dict[str, Any], shape: str, default: str) -> str:
    """The stored role of a message: a response is the assistant's; `default` when the
    message names none; other spellings mapped, and anything unknown is the user's."""
    if shape == "response":
        return "assistant"
    role = raw.get("role")
    if not isinstance(role, str):
        return default
    return _ROLE_SPELLINGS.get(role, role if role in _STORED_ROLES else "user")


def role_message_parts(body: dict[str, Any], system_key: str) -> list[RequestPart]:
    """The messages of a Chat Completions or Anthropic body: `system` (if any), then
    `messages`."""
    parts = []
    system = body.get(system_key)
    if system is not None:
        parts.append(RequestPart({"role": "system", "content": system}, "system", system_key))
    return parts + [RequestPart(m) for m in body["messages"]]
