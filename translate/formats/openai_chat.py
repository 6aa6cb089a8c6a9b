"""OpenAI Chat Completions, with the DeepSeek and OpenRouter reasoning extensions.

A raw is a ``chat.completion`` response, one choice, one message, or a request body
``{"messages": [...]}``. Only the first choice of a response is the conversation; other choices
are alternatives and stay in the envelope.

Reasoning arrives in message fields, not in the content: DeepSeek's ``reasoning_content``
(plain text, no signature) and OpenRouter's ``reasoning`` text with ``reasoning_details``
(opaque, bound to the upstream model). Each becomes a reasoning part ahead of the content.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
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
    arguments_text,
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
from translate.fields import decode_each, leftover, need_field_list, need_object, need_str
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

FORMAT = "openai-chat"

_ROLES = {
    "system": "system",
    "developer": "system",
    "user": "user",
    "assistant": "assistant",
    "tool": "tool",
}
_TOOL_CALL_KEYS = frozenset(("id", "type", "function"))
_TEXT_PART_KEYS = frozenset(("type", "text"))
# Request extras by place; the rest (annotations, audio data, tool-call index...) is
# response-only. "role" is only ever an extra when it was "developer", "content" when it was
# null.
_REQUEST_MESSAGE_EXTRAS = frozenset(("name", "refusal", "role", "content", "function_call"))
_REQUEST_PART_EXTRAS = frozenset(("image_url", "file", "cache_control"))
# Message keys that exist only in responses: the request types reject them.
_RESPONSE_ONLY_KEYS = frozenset(("annotations", "audio", "index", "logprobs", "finish_reason"))
# Wire extensions, written only for the providers that define them.
REASONING_CONTENT_PROVIDERS = frozenset(("deepseek",))
REASONING_DETAILS_PROVIDERS = frozenset(("openrouter",))


# --- decode -------------------------------------------------------------------------------


def decode(raw: Any, *, provider: str = "", model: str = "") -> list[Message]:
    if raw.__class__ is not dict:
        raise expected("", "an object", raw)
    if not model:
        value = raw.get("model")
        model = value if value.__class__ is str else ""
    origin = ORIGINS.get((provider, FORMAT, model)) or origin_of(provider, FORMAT, model)
    if "role" in raw:
        return [decode_message(raw, origin, None)]
    if "choices" in raw:
        return [_decode_completion(raw, origin)]
    # The envelope keeps the raw itself: encode puts the re-encoded messages back into it.
    if "message" in raw:
        try:
            return [decode_message(raw["message"], origin, new_envelope("choice", raw))]
        except TranslateError as error:
            raise error.within("message") from None
    if "messages" in raw:
        items = need_field_list(raw, "messages")
        try:
            return decode_each(items, decode_message, origin, new_envelope("body", raw))
        except TranslateError as error:
            raise error.within("messages") from None
    raise missing("role", "a message, a choice, a chat.completion or a request body")


def _decode_completion(obj: dict[str, Any], origin: Origin) -> Message:
    choices = need_field_list(obj, "choices")
    if not choices:
        raise TranslateError("choices", "is empty (expected at least one choice)")
    choice = choices[0]
    if choice.__class__ is not dict:
        raise expected("choices[0]", "an object", choice)
    if "message" not in choice:
        raise missing("choices[0].message", "an object")
    try:
        return decode_message(choice["message"], origin, new_envelope("completion", obj))
    except TranslateError as error:
        raise error.within("choices[0].message") from None


def decode_message(obj: Any, origin: Origin, envelope: Envelope | None) -> Message:
    if obj.__class__ is not dict:
        raise expected("", "an object", obj)
    raw_role = obj.get("role")
    if raw_role.__class__ is not str:
        raise wrong(obj, "role", "a string")
    role = _ROLES.get(raw_role)
    if role is None:
        # Deprecated "function" messages and anything newer survive whole.
        return new_message(
            "tool", (new_unknown(obj, raw_role),), origin, layout="raw", envelope=envelope
        )
    if len(obj) == 2 and raw_role == role != "tool":
        content = obj.get("content")
        if content.__class__ is str:
            # {role, content: "..."}, most stored messages: what the general path below
            # makes of it, without its bookkeeping.
            return new_message(role, (new_text(content),), origin, False, None, "text", envelope)
    known = {"role"} if raw_role == role else set()
    if role == "tool":
        call_id = need_str(obj, "tool_call_id")
        content = obj.get("content")
        if content.__class__ is list:
            try:
                content = tuple(decode_each(content, _decode_content_part))
            except TranslateError as error:
                raise error.within("content") from None
        elif content.__class__ is not str:
            raise wrong(obj, "content", "a string or an array")
        known.update(("tool_call_id", "content"))
        extra = None if len(obj) == len(known) else leftover(obj, known)
        return new_message(
            role, (new_tool_result(call_id, content),), origin, False, extra, "", envelope
        )
    parts: list[Part] = []
    tokens: list[str] = []
    reasoning_content = obj.get("reasoning_content")
    if reasoning_content.__class__ is str:
        parts.append(new_reasoning(reasoning_content))
        known.add("reasoning_content")
        tokens.append("rc")
    details = obj.get("reasoning_details")
    reasoning = obj.get("reasoning")
    if details.__class__ is list:
        blob = new_opaque(origin, details, FORMAT)
        if reasoning.__class__ is str:
            parts.append(new_reasoning(reasoning, summary=_is_summary(details), blob=blob))
            known.add("reasoning")
        else:
            parts.append(new_reasoning(_details_text(details), _is_summary(details), blob=blob))
            tokens.append("details-only")
        known.add("reasoning_details")
    elif reasoning.__class__ is str:
        parts.append(new_reasoning(reasoning))
        known.add("reasoning")
        tokens.append("reasoning")
    content = obj.get("content")
    if content.__class__ is str:
        parts.append(new_text(content))
        tokens.append("text")
        known.add("content")
    elif content.__class__ is list:
        try:
            parts.extend(decode_each(content, _decode_content_part))
        except TranslateError as error:
            raise error.within("content") from None
        known.add("content")
    tool_calls = obj.get("tool_calls")
    if tool_calls.__class__ is list and tool_calls:
        try:
            parts.extend(decode_each(tool_calls, _decode_tool_call))
        except TranslateError as error:
            raise error.within("tool_calls") from None
        known.add("tool_calls")
    extra = None if len(obj) == len(known) else leftover(obj, known)
    layout = tokens[0] if len(tokens) == 1 else "+".join(tokens)
    return new_message(role, tuple(parts), origin, False, extra, layout, envelope)


def _is_summary(details: list[Any]) -> bool:
    return any(isinstance(d, dict) and d.get("type") == "reasoning.summary" for d in details)


def _details_text(details: list[Any]) -> str:
    texts = []
    for detail in details:
        if isinstance(detail, dict):
            text = detail.get("text") if detail.get("type") == "reasoning.text" else None
            text = detail.get("summary") if detail.get("type") == "reasoning.summary" else text
            if isinstance(text, str):
                texts.append(text)
    return "\n\n".join(texts)


def _decode_tool_call(raw: Any) -> Part:
    call = need_object(raw)
    if call.get("type", "function") != "function" or "function" not in call:
        return new_unknown(call, str(call.get("type", "tool_call")))
    function = call["function"]
    if not isinstance(function, dict):
        raise expected("function", "an object", function)
    try:
        name = need_str(function, "name")
        # Some providers (OpenRouter) answer a call that takes no arguments with no
        # "arguments" at all, or null: that is the empty object, which requests must spell.
        args = function.get("arguments")
        arguments = "{}" if args is None else need_str(function, "arguments")
    except TranslateError as error:
        raise error.within("function") from None
    extra = leftover(call, _TOOL_CALL_KEYS)
    if function.keys() != {"name", "arguments"}:
        extra = {**(extra or {}), "function": function}
    if "type" not in call:
        extra = {**(extra or {}), "type": None}
    return new_tool_call(need_str(call, "id"), name, arguments, extra=extra)


def _decode_content_part(raw: Any) -> Part:
    part = need_object(raw)
    kind = part.get("type")
    if kind == "text":
        return new_text(need_str(part, "text"), extra=leftover(part, _TEXT_PART_KEYS))
    if kind == "image_url":
        image = part.get("image_url")
        if isinstance(image, dict) and isinstance(image.get("url"), str):
            extra = leftover(part, {"type"})
            return new_file("image/*", url=image["url"], extra=extra)
    if kind == "file":
        spec = part.get("file")
        if isinstance(spec, dict):
            return _decode_file(spec, leftover(part, {"type"}))
    if kind == "input_audio":
        audio = part.get("input_audio")
        if isinstance(audio, dict) and isinstance(audio.get("data"), str):
            media_type = f"audio/{audio.get('format', 'wav')}"
            return new_file(media_type, data=audio["data"], extra=leftover(part, {"type"}))
    if not isinstance(kind, str):
        raise wrong(part, "type", "a string")
    return new_unknown(part, kind)


def _decode_file(spec: dict[str, Any], extra: dict[str, Any] | None) -> File:
    data_url = spec.get("file_data")
    media_type, data = "application/octet-stream", ""
    if isinstance(data_url, str):
        head, _, data = data_url.partition(",")
        if head.startswith("data:") and head.endswith(";base64"):
            media_type = head[5:-7]
        else:
            media_type, data = "", ""
    filename = spec.get("filename")
    file_id = spec.get("file_id")
    if not media_type and isinstance(filename, str):
        # A URL in file_data says nothing of its type: the file name does (a.pdf).
        media_type = mimetypes.guess_type(filename)[0] or ""
    return new_file(
        media_type,
        url=data_url if isinstance(data_url, str) and not data else "",
        data=data,
        filename=filename if isinstance(filename, str) else "",
        file_id=file_id if isinstance(file_id, str) else "",
        extra=extra,
    )


# --- encode -------------------------------------------------------------------------------


def encode(messages: list[Message], *, target: Target | None = None) -> Any:
    ctx = EncodeContext.make(FORMAT, target)
    encoded: list[dict[str, Any]] = []
    for message in messages:
        encoded.extend(encode_message(message, ctx))
    if target is not None:
        return {"messages": encoded}
    envelope = messages[0].envelope if messages else None
    if envelope is None:
        return encoded[0] if len(encoded) == 1 else encoded
    raw = envelope.rest or {}
    if envelope.shape == "body":
        return {**raw, "messages": encoded}
    if envelope.shape == "choice":
        return {**raw, "message": encoded[0]}
    first, *others = raw["choices"]
    return {**raw, "choices": [{**first, "message": encoded[0]}, *others]}


def encode_message(message: Message, ctx: EncodeContext) -> list[dict[str, Any]]:
    """One canonical message as chat messages: tool results each become a tool message."""
    native = ctx.is_native(message)
    role = message.role
    parts = message.parts
    # ToolResult in map(type, ...): an any(...) without a generator, as this runs per message.
    if role == "tool" or (role == "user" and ToolResult in map(type, parts)):
        if message.layout == "raw" and native:
            return [parts[0].raw]  # type: ignore[union-attr]
        # Loops, not comprehensions, in this module's per-message functions: one would make
        # native and ctx closure cells, paid on every call (CPython 3.11).
        out = []
        for part in parts:
            if type(part) is ToolResult:
                out.append(_encode_tool_message(part, native, ctx))
        if role == "tool":
            if len(out) == 1 and native:
                allowed = _REQUEST_MESSAGE_EXTRAS if ctx.request else None
                out[0].update(extras(message.extra, allowed))
            return out
        # An Anthropic-style user turn: its results go first, as tool messages.
        parts = tuple(p for p in parts if type(p) is not ToolResult)
        if parts:
            plain = _encode_plain_message(message, parts, native, ctx)
            if plain is not None:
                out.append(plain)
        return out
    if not native and len(parts) == 1 and parts[0].__class__ is Text:
        # One text from elsewhere, most messages: the string content _encode_plain_message
        # gives it, without the lists it builds for the general case.
        return [{"role": role, "content": parts[0].text}]
    plain = _encode_plain_message(message, parts, native, ctx)
    return [plain] if plain is not None else []


def _encode_tool_message(result: ToolResult, native: bool, ctx: EncodeContext) -> dict[str, Any]:
    content = result.content
    if content.__class__ is tuple and native and not ctx.request:
        parts: list[Any] = []
        for part in content:
            parts.append(_encode_content_part(part, native, ctx))
        content = parts
    elif content.__class__ is not str:
        content = result_text(result)
    return {"role": "tool", "tool_call_id": result.call_id, "content": content}


def _encode_plain_message(
    message: Message, parts: tuple[Part, ...], native: bool, ctx: EncodeContext
) -> dict[str, Any] | None:
    role = message.role
    request = ctx.request
    layout = message.layout  # tokens: rc, reasoning, details-only, text
    out: dict[str, Any] = {"role": role}
    provider = ctx.target.provider if ctx.target is not None else message.origin.provider
    reasoning_texts: list[str] | None = None
    texts: list[str] = []
    items: list[Part] = []  # content parts, in order
    media = False
    calls: list[dict[str, Any]] = []
    for part in parts:
        kind = type(part)
        if kind is Text:
            texts.append(part.text)  # type: ignore[union-attr]
            items.append(part)
        elif kind is ToolCall:
            calls.append(_encode_tool_call(part, native, ctx))  # type: ignore[arg-type]
        elif kind is Reasoning:
            assert isinstance(part, Reasoning)
            details = ctx.blob_value(part.blob, FORMAT)
            if details is not None and (not request or provider in REASONING_DETAILS_PROVIDERS):
                out["reasoning_details"] = details
                if "details-only" not in layout:
                    out["reasoning"] = part.text
            elif request and provider in REASONING_CONTENT_PROVIDERS:
                if reasoning_texts is None:
                    reasoning_texts = []
                reasoning_texts.append(part.text)
            elif native:
                # Stored unsigned reasoning goes back to the field it came from: the same
                # provider and model sent it (Groq, Cerebras, Z.ai, xAI... all read it back).
                field = "reasoning_content" if "rc" in layout else "reasoning"
                out["reasoning" if field in out else field] = part.text
            elif part.text and not part.redacted:
                marked = Text(prior_reasoning(part.text, message.origin))
                texts.append(marked.text)
                items.append(marked)
        elif (kind is File and role == "user") or (kind is Unknown and native):
            items.append(part)
            media = True
    if reasoning_texts is not None or (
        calls and request and provider in REASONING_CONTENT_PROVIDERS
    ):
        # DeepSeek wants reasoning_content on every tool-call turn, empty if need be.
        out["reasoning_content"] = "\n\n".join(reasoning_texts or ())
    if native and "text" in layout and len(items) == 1 and not media:
        out["content"] = texts[0]
    elif native or (role == "user" and (media or len(texts) > 1)):
        content = []
        for part in items:
            if (encoded := _encode_content_part(part, native, ctx)) is not None:
                content.append(encoded)
        if content or not native:
            out["content"] = content
    elif texts:
        # Assistant and system messages carry text only; one string reads best everywhere.
        out["content"] = texts[0] if len(texts) == 1 else "\n\n".join(texts)
    elif role != "assistant":
        out["content"] = ""
    if calls:
        out["tool_calls"] = calls
    if native and message.extra:
        out.update(_native_extras(message.extra) if request else message.extra)
    if request and role == "assistant" and "content" not in out and not calls:
        return None
    return out


def _native_extras(extra: Mapping[str, Any]) -> dict[str, Any]:
    """A message's own keys, replayed to its own provider and model: all of them (the
    provider's dialect keys included), minus what only a response holds and the nulls a
    response spells out for fields it did not use (a null content beside tool calls stays).
    """
    out = {}
    for key, value in extra.items():
        if (value is not None or key == "content") and key not in _RESPONSE_ONLY_KEYS:
            out[key] = value
    return out


def _encode_tool_call(part: ToolCall, native: bool, ctx: EncodeContext) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": part.id,
        "type": "function",
        "function": {"name": part.name, "arguments": arguments_text(part)},
    }
    if native and not ctx.request and part.extra:
        out.update(part.extra)
        if out.get("type", "function") is None:
            del out["type"]
    return out


def _encode_content_part(part: Part, native: bool, ctx: EncodeContext) -> dict[str, Any] | None:
    kind = type(part)
    if kind is Text:
        out: dict[str, Any] = {"type": "text", "text": part.text}  # type: ignore[union-attr]
    elif kind is File:
        out_or_none = _encode_file(part)  # type: ignore[arg-type]
        if out_or_none is None:
            return None
        out = out_or_none
    elif kind is Unknown and native:
        return part.raw  # type: ignore[union-attr]
    else:
        return None
    if native and part.extra:  # type: ignore[union-attr]
        # A request takes the part keys the API defines, and cache_control, which OpenRouter
        # passes on: a merged turn's parts may come from elsewhere, so not every stored key.
        allowed = _REQUEST_PART_EXTRAS if ctx.request else None
        out.update(extras(part.extra, allowed))  # type: ignore[union-attr]
    return out


def _encode_file(part: File) -> dict[str, Any] | None:
    media_type = part.media_type
    if media_type.startswith("audio/") and part.data:
        fmt = media_type[6:]
        if fmt in ("wav", "mp3"):
            return {
                "type": "input_audio",
                "input_audio": {"data": standard_base64(part.data), "format": fmt},
            }
        return None
    if media_type.startswith("image/"):
        if part.url and (part.url.startswith(("https://", "http://", "data:"))):
            return {"type": "image_url", "image_url": {"url": part.url}}
        if part.data and media_type != "image/*":
            return {
                "type": "image_url",
                "image_url": {"url": f"data:{media_type};base64,{standard_base64(part.data)}"},
            }
        return None
    spec: dict[str, Any] = {}
    if part.data:
        spec["file_data"] = f"data:{media_type};base64,{standard_base64(part.data)}"
    elif part.url.startswith("data:"):
        spec["file_data"] = part.url
    elif part.file_id:
        spec["file_id"] = part.file_id
    else:
        return None
    if part.filename:
        spec["filename"] = part.filename
    return {"type": "file", "file": spec}


def sendable_file(part: File, role: str) -> bool:
    """Chat Completions takes files in user messages only, and inline documents only as PDFs
    (OpenAI guide "File inputs": "Chat Completions accepts only PDF files").
    """
    if role != "user" or _encode_file(part) is None:
        return False
    media = part.media_type
    return not (part.data and media and not media.startswith(("image/", "audio/"))) or (
        media == "application/pdf"
    )


# --- What an importer asks of this format ---------------------------------------------------------

PROVIDER = "openai"
_OWN_PARTS = frozenset(("image_url", "input_audio", "file", "refusal"))
_OWN_KEYS = frozenset(
    ("tool_calls", "tool_call_id", "function_call", "reasoning_content", "reasoning_details")
)
_OWN_ROLES = frozenset(("system", "developer", "tool", "function"))
# Request body keys the Anthropic Messages API does not have.
REQUEST_KEYS = frozenset(
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
_REQUEST_FIELDS = ("messages", "system")


def is_response(obj: dict[str, Any]) -> bool:
    """A chat completion: it has `choices`."""
    return isinstance(obj.get("choices"), list)


def has_own_marks(obj: dict[str, Any]) -> bool:
    """A message with a part, key or role only Chat Completions has."""
    return (
        bool(block_types(obj.get("content")) & _OWN_PARTS)
        or bool(_OWN_KEYS & obj.keys())
        or (isinstance(obj.get("role"), str) and obj["role"] in _OWN_ROLES)
    )


def is_own_tool(tool: dict[str, Any]) -> bool:
    return "function" in tool


def provider_of(raw: dict[str, Any]) -> str | None:
    """Who served a Chat Completions message: the API is spoken by DeepSeek and OpenRouter
    too, which show in the model's name and their own reasoning fields."""
    named = raw.get("model")
    model = named if isinstance(named, str) else ""
    message = _first_choice_message(raw) or raw
    if model.startswith("deepseek") or "reasoning_content" in message:
        return "deepseek"
    if "/" in model or "provider" in raw or "reasoning_details" in message:
        return "openrouter"
    return PROVIDER if model else None


def _first_choice_message(raw: dict[str, Any]) -> dict[str, Any] | None:
    choices = raw.get("choices")
    if isinstance(choices, list) and choices and isinstance(choices[0], dict):
        message = choices[0].get("message")
        return message if isinstance(message, dict) else None
    return None


def model_of(raw: dict[str, Any]) -> str | None:
    return model_field(raw)


def time_of(raw: dict[str, Any]) -> Any:
    return time_field(raw)


def role_of(raw: dict[str, Any], shape: str) -> str:
    return stored_role(raw, shape, "assistant")


def request_parts(body: dict[str, Any]) -> tuple[list[RequestPart], tuple[str, ...]]:
    """A request body's messages, and the keys that held them."""
    return role_message_parts(body, "system"), _REQUEST_FIELDS
