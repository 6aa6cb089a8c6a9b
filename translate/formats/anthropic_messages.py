"""Anthropic Messages API: a response, one MessageParam, or a whole request body.

A response is a MessageParam with response-only keys (id, model, stop_reason, usage...), so
both decode the same way and those keys stay in ``extra``. A request body ``{"system",
"messages", ...}`` decodes to its system prompt and every message; the other request keys
(model, tools, thinking...) are kept in the envelope.
"""

from __future__ import annotations

import base64
from typing import Any

from translate.canonical import (
    ORIGINS,
    Envelope,
    File,
    Message,
    Origin,
    Part,
    Reasoning,
    Text,
    ToolCall,
    ToolResult,
    Unknown,
    arguments_object,
    new_envelope,
    new_file,
    new_message,
    new_opaque,
    new_reasoning,
    new_text,
    new_tool_call,
    new_tool_result,
    new_unknown,
    origin_of,
    result_text,
    standard_base64,
)
from translate.encoding import EncodeContext, extras
from translate.errors import TranslateError, expected, missing, wrong
from translate.fields import decode_each, leftover, need_field_list, need_str
from translate.formats.sniffing import (
    RequestPart,
    block_types,
    model_field,
    role_message_parts,
    stored_role,
    time_field,
)
from translate.marking import prior_reasoning
from translate.records import Target

FORMAT = "anthropic-messages"
_ROLES = frozenset(("user", "assistant", "system"))

_MESSAGE_KEYS = frozenset(("role", "content"))
_TEXT_KEYS = frozenset(("type", "text"))
_THINKING_KEYS = frozenset(("type", "thinking", "signature"))
_THINKING_UNSIGNED_KEYS = frozenset(("type", "thinking"))
_REDACTED_KEYS = frozenset(("type", "data"))
_TOOL_USE_KEYS = frozenset(("type", "id", "name", "input"))
# The block type stays in extra for images and documents: it is not derivable from a file_id.
_FILE_KEYS = frozenset(("source",))

# Extra keys a request accepts, per block type (everything else is response-only).
_REQUEST_EXTRAS: dict[str, frozenset[str]] = {
    "message": frozenset(),
    "text": frozenset(("cache_control", "citations")),
    "thinking": frozenset(),
    "tool_use": frozenset(("cache_control", "caller", "toolset_name")),
    "tool_result": frozenset(("cache_control", "is_error", "toolset_name")),
    "file": frozenset(("type", "cache_control", "citations", "context", "title")),
}
_IMAGE_TYPES = frozenset(("image/jpeg", "image/png", "image/gif", "image/webp"))


# --- decode -------------------------------------------------------------------------------


def decode(raw: Any, *, provider: str = "", model: str = "") -> list[Message]:
    if raw.__class__ is not dict:
        raise expected("", "an object", raw)
    if not model:
        value = raw.get("model")
        model = value if value.__class__ is str else ""
    origin = ORIGINS.get((provider, FORMAT, model)) or origin_of(provider, FORMAT, model)
    if "messages" in raw and "role" not in raw:
        return _decode_body(raw, origin)
    return [_decode_message(raw, origin, None)]


def _decode_body(body: dict[str, Any], origin: Origin) -> list[Message]:
    messages = need_field_list(body, "messages")
    system = body.get("system")
    envelope = new_envelope("body", body)  # encode puts the re-encoded messages back into it
    out: list[Message] = []
    if system is not None:
        try:
            out.append(_decode_system(system, origin, envelope))
        except TranslateError as error:
            raise error.within("system") from None
    try:
        out.extend(decode_each(messages, _decode_message, origin, envelope))
    except TranslateError as error:
        raise error.within("messages") from None
    return out


def _decode_system(system: Any, origin: Origin, envelope: Envelope) -> Message:
    if isinstance(system, str):
        return new_message(
            "system", (new_text(system),), origin, layout="system-text", envelope=envelope
        )
    if isinstance(system, list):
        parts = tuple(decode_each(system, _decode_block, origin))
        return new_message("system", parts, origin, layout="system", envelope=envelope)
    raise expected("", "a string or an array", system)


def _decode_message(obj: Any, origin: Origin, envelope: Envelope | None) -> Message:
    if obj.__class__ is not dict:
        raise expected("", "an object", obj)
    role = obj.get("role")
    if role.__class__ is not str:
        raise wrong(obj, "role", "a string")
    if role not in _ROLES:
        raise TranslateError("role", f"expected user, assistant or system, got {role!r}")
    content = obj.get("content")
    if content.__class__ is str:
        parts: tuple[Part, ...] = (new_text(content),)
        layout = "text"
    elif content.__class__ is list:
        try:
            parts = tuple(decode_each(content, _decode_block, origin))
        except TranslateError as error:
            raise error.within("content") from None
        layout = ""
    else:
        raise wrong(obj, "content", "a string or an array")
    extra = None if len(obj) == 2 else leftover(obj, _MESSAGE_KEYS)
    return new_message(role, parts, origin, False, extra, layout, envelope)


def _decode_block(block: Any, origin: Origin) -> Part:
    if block.__class__ is not dict:
        raise expected("", "an object", block)
    kind = block.get("type")
    if kind == "text":
        text = block.get("text")
        if text.__class__ is not str:
            raise wrong(block, "text", "a string")
        return new_text(text, None, None if len(block) == 2 else leftover(block, _TEXT_KEYS))
    if kind == "thinking":
        thinking = block.get("thinking")
        if thinking.__class__ is not str:
            raise wrong(block, "thinking", "a string")
        signature = block.get("signature")
        if signature.__class__ is str and signature:
            extra = None if len(block) == 3 else leftover(block, _THINKING_KEYS)
            return new_reasoning(
                thinking, False, False, new_opaque(origin, signature, FORMAT), extra
            )
        return new_reasoning(thinking, extra=leftover(block, _THINKING_UNSIGNED_KEYS))
    if kind == "tool_use":
        if "input" not in block:
            raise missing("input", "an object")
        extra = None if len(block) == 4 else leftover(block, _TOOL_USE_KEYS)
        return new_tool_call(
            need_str(block, "id"), need_str(block, "name"), block["input"], None, extra
        )
    if kind == "tool_result":
        return _decode_tool_result(block, origin)
    if kind == "redacted_thinking":
        blob = new_opaque(origin, need_str(block, "data"), FORMAT)
        return new_reasoning("", redacted=True, blob=blob, extra=leftover(block, _REDACTED_KEYS))
    if kind in ("image", "document"):
        return _decode_file(block)
    if kind.__class__ is not str:
        raise wrong(block, "type", "a string")
    return new_unknown(block, kind)


def _decode_tool_result(block: dict[str, Any], origin: Origin) -> ToolResult:
    call_id = need_str(block, "tool_use_id")
    known = {"type", "tool_use_id"}
    content = block.get("content")
    if isinstance(content, str) and content:
        known.add("content")
    elif isinstance(content, list) and content:
        try:
            content = tuple(decode_each(content, _decode_block, origin))
        except TranslateError as error:
            raise error.within("content") from None
        known.add("content")
    else:
        content = ""
    is_error = block.get("is_error") is True
    if is_error:
        known.add("is_error")
    return new_tool_result(call_id, content, is_error, extra=leftover(block, known))


def _decode_file(block: dict[str, Any]) -> Part:
    source = block.get("source")
    if not isinstance(source, dict):
        return new_unknown(block, str(block["type"]))
    kind = source.get("type")
    keys = source.keys()
    media_type = source.get("media_type")
    if kind == "base64" and keys == {"type", "media_type", "data"}:
        if isinstance(media_type, str) and isinstance(source["data"], str):
            return new_file(media_type, data=source["data"], extra=leftover(block, _FILE_KEYS))
    elif kind == "url" and keys == {"type", "url"} and isinstance(source["url"], str):
        guess = "image/*" if block["type"] == "image" else "application/pdf"
        return new_file(guess, url=source["url"], extra=leftover(block, _FILE_KEYS))
    elif kind == "file" and keys == {"type", "file_id"} and isinstance(source["file_id"], str):
        guess = "image/*" if block["type"] == "image" else "application/pdf"
        return new_file(guess, file_id=source["file_id"], extra=leftover(block, _FILE_KEYS))
    elif (
        kind == "text"
        and keys == {"type", "media_type", "data"}
        and media_type == "text/plain"
        and isinstance(source["data"], str)
    ):
        return new_file("text/plain", text=source["data"], extra=leftover(block, _FILE_KEYS))
    return new_unknown(block, str(block["type"]))


# --- encode -------------------------------------------------------------------------------


def encode(messages: list[Message], *, target: Target | None = None) -> Any:
    """Storage mode rebuilds the raw; with a target, the request's ``{system, messages}``."""
    ctx = EncodeContext.make(FORMAT, target)
    if target is not None:
        return _encode_request(messages, ctx)
    envelope = messages[0].envelope if messages else None
    if envelope is not None and envelope.shape == "body":
        body = dict(envelope.rest or {})
        body["messages"] = [_encode_message(m, ctx) for m in messages if not _is_body_system(m)]
        for message in messages:
            if _is_body_system(message):
                body["system"] = _encode_system(message, ctx)
        return body
    encoded = [_encode_message(m, ctx) for m in messages]
    return encoded[0] if len(encoded) == 1 else encoded


def _is_body_system(message: Message) -> bool:
    return message.layout in ("system", "system-text") and message.origin.format == FORMAT


def _encode_system(message: Message, ctx: EncodeContext) -> Any:
    native = ctx.is_native(message)
    if native and message.layout == "system-text" and len(message.parts) == 1:
        return message.parts[0].text  # type: ignore[union-attr]
    blocks = [b for p in message.parts if (b := _encode_part(p, message, native, ctx))]
    # A system prompt holds text blocks only.
    return [b for b in blocks if b.get("type") == "text"] if ctx.request else blocks


def _encode_request(messages: list[Message], ctx: EncodeContext) -> dict[str, Any]:
    systems = [m for m in messages if m.role == "system"]
    payload: dict[str, Any] = {}
    if len(systems) == 1 and ctx.is_native(systems[0]):
        # One system prompt of the target's own origin goes back exactly as it came.
        system = _encode_system(systems[0], ctx)
        if system:
            payload["system"] = system
    elif systems:
        blocks = [
            block
            for message in systems
            for part in message.parts
            if (block := _encode_part(part, message, ctx.is_native(message), ctx))
            and block.get("type") == "text"
        ]
        if blocks and all(block.keys() == {"type", "text"} for block in blocks):
            payload["system"] = "\n\n".join(block["text"] for block in blocks)
        elif blocks:
            payload["system"] = blocks
    payload["messages"] = [_encode_message(m, ctx) for m in messages if m.role != "system"]
    return payload


def _encode_message(message: Message, ctx: EncodeContext) -> dict[str, Any]:
    native = ctx.is_native(message)
    role = "user" if message.role == "tool" else message.role
    if native and message.layout == "text" and len(message.parts) == 1:
        content: Any = message.parts[0].text  # type: ignore[union-attr]
    else:
        content = []
        for part in message.parts:
            # A text block from elsewhere, the most common part, without the call: what
            # _encode_part makes of it when no extras go with it.
            if not native and part.__class__ is Text:
                content.append({"type": "text", "text": part.text})
            elif block := _encode_part(part, message, native, ctx):
                content.append(block)
    out: dict[str, Any] = {"role": role, "content": content}
    if native:
        out.update(extras(message.extra, _REQUEST_EXTRAS["message"] if ctx.request else None))
    return out


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _encode_part(
    part: Part, message: Message, native: bool, ctx: EncodeContext
) -> dict[str, Any] | None:
    allowed = ctx.request
    kind = type(part)
    if kind is Text:
        out: dict[str, Any] = {"type": "text", "text": part.text}  # type: ignore[union-attr]
        extra_key = "text"
    elif kind is Reasoning:
        return _encode_reasoning(part, message, native, ctx)  # type: ignore[arg-type]
    elif kind is ToolCall:
        args = arguments_object(part)  # type: ignore[arg-type]
        if args is None:
            args = part.arguments if native else {"arguments": part.arguments}  # type: ignore[union-attr]
        out = {"type": "tool_use", "id": part.id, "name": part.name, "input": args}  # type: ignore[union-attr]
        extra_key = "tool_use"
    elif kind is ToolResult:
        out = {"type": "tool_result", "tool_use_id": part.call_id}  # type: ignore[union-attr]
        content = part.content  # type: ignore[union-attr]
        if isinstance(content, tuple):
            # A loop: a comprehension would make message, native and ctx closure cells, paid
            # on every call of this function (CPython 3.11), which runs for every part.
            blocks = []
            for inner in content:
                if block := _encode_part(inner, message, native, ctx):
                    blocks.append(block)
            if blocks:
                out["content"] = blocks
        elif isinstance(content, str):
            if content:
                out["content"] = content
        else:
            out["content"] = result_text(part)  # type: ignore[arg-type]
        if part.is_error:  # type: ignore[union-attr]
            out["is_error"] = True
        extra_key = "tool_result"
    elif kind is File:
        encoded = _encode_file(part)  # type: ignore[arg-type]
        if encoded is None:
            return None
        out = encoded
        extra_key = "file"
    elif kind is Unknown:
        raw = part.raw  # type: ignore[union-attr]
        if not (native or ctx.same_api(message)) or not isinstance(raw, dict):
            return None
        # A response spells out fields it did not use as null (abort_reason: null in a code
        # execution result), which the request types reject; a null says nothing anyway.
        return _without_nulls(raw) if ctx.request else raw
    else:
        return None
    if native:
        out.update(extras(part.extra, _REQUEST_EXTRAS[extra_key] if allowed else None))  # type: ignore[union-attr]
    return out


def _encode_reasoning(
    part: Reasoning, message: Message, native: bool, ctx: EncodeContext
) -> dict[str, Any] | None:
    value = ctx.blob_value(part.blob, FORMAT)
    if isinstance(value, str):
        if part.redacted:
            out: dict[str, Any] = {"type": "redacted_thinking", "data": value}
        else:
            out = {"type": "thinking", "thinking": part.text, "signature": value}
    elif native and not ctx.request:
        out = {"type": "thinking", "thinking": part.text}
    elif part.text and not part.redacted:
        # Anthropic accepts no unsigned thinking: foreign reasoning can only travel as text.
        return {"type": "text", "text": prior_reasoning(part.text, message.origin)}
    else:
        return None
    if native and not ctx.request:
        out.update(extras(part.extra, None))
    return out


def _base64_text(data: str) -> str | None:
    """Base64 (standard or URL-safe) UTF-8 text, or None when it is not that."""
    try:
        return base64.b64decode(standard_base64(data), validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None


def _encode_file(part: File) -> dict[str, Any] | None:
    media_type = part.media_type
    if media_type.startswith("image/"):
        kind = "image"
    elif media_type in ("application/pdf", "text/plain"):
        kind = "document"
    else:
        return None
    if media_type == "text/plain" and (part.text or part.data):
        # Anthropic takes plain text as a text source only: a base64 text/plain is rejected.
        text = part.text or _base64_text(part.data)
        if text is None:
            return None
        source: dict[str, Any] = {"type": "text", "media_type": "text/plain", "data": text}
    elif part.data:
        if kind == "image" and media_type not in _IMAGE_TYPES:
            return None
        source = {
            "type": "base64",
            "media_type": media_type,
            "data": standard_base64(part.data),
        }
    elif part.url and part.url.startswith(("https://", "http://")):
        source = {"type": "url", "url": part.url}
    elif part.url.startswith("data:"):
        parsed = parse_data_url(part.url)
        if parsed is None or (kind == "image" and parsed[0] not in _IMAGE_TYPES):
            return None
        source = {"type": "base64", "media_type": parsed[0], "data": parsed[1]}
    elif part.file_id:
        source = {"type": "file", "file_id": part.file_id}
    else:
        return None
    return {"type": kind, "source": source}


def parse_data_url(url: str) -> tuple[str, str] | None:
    """("image/png", base64 data) from a ``data:`` URL, or None when it is not base64."""
    head, sep, data = url.partition(",")
    if not sep or not head.startswith("data:") or not head.endswith(";base64"):
        return None
    return head[5:-7], data


def sendable_file(part: File, role: str) -> bool:
    """Anthropic takes images and PDFs in user turns only."""
    return role in ("user", "tool") and _encode_file(part) is not None


# --- What an importer asks of this format ---------------------------------------------------------

PROVIDER = "anthropic"
# Content blocks no other format has.
_OWN_BLOCKS = frozenset(
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
# Request body keys Chat Completions does not have.
REQUEST_KEYS = frozenset(
    ("system", "anthropic_version", "thinking", "stop_sequences", "top_k", "anthropic_beta")
)
_REQUEST_FIELDS = ("messages", "system")


def is_response(obj: dict[str, Any]) -> bool:
    """A Messages API response: `type: "message"` and a list of content blocks."""
    return obj.get("type") == "message" and isinstance(obj.get("content"), list)


def has_own_marks(obj: dict[str, Any]) -> bool:
    """A message with a block only Anthropic has, or an image given by its `source`."""
    content = obj.get("content")
    if block_types(content) & _OWN_BLOCKS:
        return True
    return isinstance(content, list) and any(
        isinstance(b, dict) and b.get("type") == "image" and "source" in b for b in content
    )


def is_own_tool(tool: dict[str, Any]) -> bool:
    return "input_schema" in tool


def is_own_model(model: str) -> bool:
    return model.startswith("claude")


def provider_of(raw: dict[str, Any]) -> str | None:
    return PROVIDER


def model_of(raw: dict[str, Any]) -> str | None:
    return model_field(raw)


def time_of(raw: dict[str, Any]) -> Any:
    return time_field(raw)


def role_of(raw: dict[str, Any], shape: str) -> str:
    return stored_role(raw, shape, "assistant")


def request_parts(body: dict[str, Any]) -> tuple[list[RequestPart], tuple[str, ...]]:
    """A request body's messages, and the keys that held them."""
    return role_message_parts(body, "system"), _REQUEST_FIELDS
