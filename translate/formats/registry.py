"""What importers ask of the formats: which format a JSON value is, and who made it.

A file to import holds JSON values of any format, recognised by their content. Each format
module knows its own marks (`is_request`, `is_response`, ...) and reads its own provider,
model, time and role; this module asks them in an order that settles overlaps (a body
with `messages` is Chat Completions or Anthropic; a plain {role, content} fits both).
Nothing outside `translate.formats` needs to know which format says what.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from translate.formats import (
    ai_sdk_ui,
    anthropic_messages,
    chatgpt_export,
    claude_export,
    gemini,
    openai_chat,
    openai_responses,
)
from translate.formats.sniffing import RequestPart, Sniffed

_MESSAGE_FORMATS = {
    m.FORMAT: m for m in (ai_sdk_ui, anthropic_messages, gemini, openai_chat, openai_responses)
}
# The two formats a body with `messages`, or a plain {role, content}, may be.
_ROLE_CONTENT = (openai_chat.FORMAT, anthropic_messages.FORMAT)
# Bodies and responses, by marks no other format has, in the order they are tried.
_MARKED = (
    (gemini.is_request, Sniffed(gemini.FORMAT, "request")),
    (openai_responses.is_request, Sniffed(openai_responses.FORMAT, "request")),
    (openai_chat.is_response, Sniffed(openai_chat.FORMAT, "response")),
    (gemini.is_response, Sniffed(gemini.FORMAT, "response")),
    (openai_responses.is_response, Sniffed(openai_responses.FORMAT, "response")),
)


def sniff(obj: Any, forced: str | None = None) -> Sniffed | None:
    """What `obj` is, or None if it is no format threadkeep reads.

    `forced` is the format the caller says `obj` is: an export conversation is taken as
    one whatever it holds; anything else must still have that format's shape.
    """
    if not isinstance(obj, dict):
        return None
    if forced == chatgpt_export.FORMAT or (forced is None and chatgpt_export.is_conversation(obj)):
        return Sniffed(chatgpt_export.FORMAT, "export")
    if forced == claude_export.FORMAT or (forced is None and claude_export.is_conversation(obj)):
        return Sniffed(claude_export.FORMAT, "export")
    if forced in (None, ai_sdk_ui.FORMAT) and ai_sdk_ui.is_chat(obj):
        return Sniffed(ai_sdk_ui.FORMAT, "chat")
    found = _message(obj, forced)
    if found is None or (forced is not None and found.format != forced):
        return None
    return found


def _message(obj: dict[str, Any], forced: str | None) -> Sniffed | None:
    if isinstance(obj.get("messages"), list) and "role" not in obj:
        if forced in _ROLE_CONTENT:
            return Sniffed(forced, "request")
        return _role_content_body(obj)
    for marked, sniffed in _MARKED:
        if marked(obj):
            return sniffed
    if forced == ai_sdk_ui.FORMAT or ai_sdk_ui.is_message(obj):
        return Sniffed(ai_sdk_ui.FORMAT, "message")
    if openai_responses.is_message_item(obj):
        return Sniffed(openai_responses.FORMAT, "message")
    if anthropic_messages.is_response(obj):
        return Sniffed(anthropic_messages.FORMAT, "response")
    if openai_responses.is_item(obj):
        return Sniffed(openai_responses.FORMAT, "message")
    if gemini.is_content(obj):
        return Sniffed(gemini.FORMAT, "message")
    if "role" in obj and ("content" in obj or "tool_calls" in obj):
        if forced in (*_ROLE_CONTENT, openai_responses.FORMAT):
            return Sniffed(forced, "message")
        # `type: "message"` beside role and content is Responses' input message: Chat and
        # Anthropic message params carry no `type` (an Anthropic response was taken above).
        if obj.get("type") == "message" or openai_responses.has_own_parts(obj):
            return Sniffed(openai_responses.FORMAT, "message")
        anthropic = anthropic_messages.has_own_marks(obj)
        if anthropic != openai_chat.has_own_marks(obj):
            fmt = anthropic_messages.FORMAT if anthropic else openai_chat.FORMAT
            return Sniffed(fmt, "message")
        return Sniffed(openai_chat.FORMAT, "message", certain=False)
    return None


def _role_content_body(body: dict[str, Any]) -> Sniffed:
    """A request body with `messages`: Chat Completions or Anthropic, by a vote of its
    messages, its keys, its tools and (on a tie) its model."""
    anthropic = openai = 0
    for message in body["messages"]:
        if isinstance(message, dict):
            found = _message(message, None)
            if found is not None and found.certain:
                anthropic += found.format == anthropic_messages.FORMAT
                openai += found.format == openai_chat.FORMAT
    anthropic += len(anthropic_messages.REQUEST_KEYS & body.keys())
    openai += len(openai_chat.REQUEST_KEYS & body.keys())
    tools = body.get("tools")
    if isinstance(tools, list) and tools and isinstance(tools[0], dict):
        anthropic += anthropic_messages.is_own_tool(tools[0])
        openai += openai_chat.is_own_tool(tools[0])
    model = body.get("model")
    if isinstance(model, str) and anthropic == openai:
        anthropic += anthropic_messages.is_own_model(model)
    if anthropic > openai:
        return Sniffed(anthropic_messages.FORMAT, "request")
    return Sniffed(openai_chat.FORMAT, "request", certain=openai > anthropic)


def settle(found: Sniffed, neighbours: Iterable[Sniffed]) -> Sniffed:
    """An uncertain plain {role, content} takes the format most of the certain messages
    around it have (Chat Completions if none says)."""
    if found.certain:
        return found
    votes = Counter(n.format for n in neighbours if n.certain and n.format in _ROLE_CONTENT)
    # On a tie, the format met first.
    chosen = votes.most_common(1)[0][0] if votes else openai_chat.FORMAT
    return Sniffed(chosen, found.shape)


def message_shape(request: Sniffed) -> Sniffed:
    """How the messages of a request body are sniffed: its format, as messages."""
    return Sniffed(request.format, "message", request.certain)


def provider_of(fmt: str, raw: dict[str, Any]) -> str | None:
    """The provider a message, response or request body names or shows, if any."""
    return _MESSAGE_FORMATS[fmt].provider_of(raw)


def default_provider(fmt: str) -> str | None:
    """The provider that speaks a format when nothing else says (None: many do)."""
    return getattr(_MESSAGE_FORMATS[fmt], "PROVIDER", None)


def model_of(fmt: str, raw: dict[str, Any]) -> str | None:
    return _MESSAGE_FORMATS[fmt].model_of(raw)


def time_of(fmt: str, raw: dict[str, Any]) -> Any:
    """The time a message or response carries, unparsed (epoch seconds or ms, ISO text)."""
    return _MESSAGE_FORMATS[fmt].time_of(raw)


def role_of(found: Sniffed, raw: dict[str, Any]) -> str:
    """The stored role: system, user, assistant or tool."""
    return _MESSAGE_FORMATS[found.format].role_of(raw, found.shape)


def request_parts(fmt: str, body: dict[str, Any]) -> tuple[list[RequestPart], tuple[str, ...]]:
    """A request body's messages in order, and the body keys that held them.

    Raises TranslateError when the body's messages are not a list.
    """
    return _MESSAGE_FORMATS[fmt].request_parts(body)
