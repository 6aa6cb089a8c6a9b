"""Gemini generateContent (REST JSON, camelCase keys).

A raw is a response ``{"candidates": [...]}``, one candidate, one ``Content``, or a request body
``{"contents": [...], "systemInstruction": {...}}``. Only the first candidate is the
conversation; the others stay in the envelope.

``thoughtSignature`` may sit on any part (text, functionCall, inlineData, even an empty text
part) and is not itself a thought marker: ``thought: true`` is. A signature becomes the
part's blob, bound to the model that issued it.
"""

from __future__ import annotations

import base64
from collections.abc import Set
from typing import Any

from translate.canonical import (
    ORIGINS,
    Envelope,
    File,
    Message,
    Opaque,
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
)
from translate.encoding import EncodeContext, extras
from translate.errors import TranslateError, expected
from translate.fields import decode_each, leftover, need_field_list, need_str
from translate.formats.anthropic_messages import parse_data_url
from translate.formats.sniffing import RequestPart, model_field, stored_role, time_field
from translate.models import gemini_major
from translate.records import Target

FORMAT = "gemini"
SKIP_SIGNATURE = "skip_thought_signature_validator"

_ROLES = {"user": "user", "model": "assistant", "function": "tool", "system": "system"}
_RAW_ROLES = {"user": "user", "assistant": "model", "tool": "user", "system": "user"}
_CONTENT_KEYS = frozenset(("role", "parts"))
_TEXT_KEYS = frozenset(("text", "thoughtSignature"))
_THOUGHT_KEYS = frozenset(("text", "thought", "thoughtSignature"))
_CALL_KEYS = frozenset(("functionCall", "thoughtSignature"))
_RESULT_KEYS = frozenset(("functionResponse", "thoughtSignature"))
_INLINE_KEYS = frozenset(("inlineData", "thoughtSignature"))
_FILE_KEYS = frozenset(("fileData", "thoughtSignature"))
# What a functionCall / functionResponse holds when it has nothing beyond the canonical fields.
_PLAIN_CALL = frozenset(("name", "args"))
_PLAIN_RESULT = frozenset(("name", "response"))
# Inline bytes or a file URI: (part key, field holding the content, keys the part consumes).
_FILE_FIELDS = (("inlineData", "data", _INLINE_KEYS), ("fileData", "fileUri", _FILE_KEYS))
# Part keys a request accepts as extras. The nested originals (functionCall, inlineData...) are
# kept as extras when they hold more than the canonical fields, so they are allowed too.
_REQUEST_PART_EXTRAS = frozenset(
    (
        "thought",
        "videoMetadata",
        "partMetadata",
        "mediaResolution",
        "functionCall",
        "functionResponse",
        "inlineData",
        "fileData",
    )
)
_REQUEST_CONTENT_EXTRAS: frozenset[str] = frozenset()


# --- decode -------------------------------------------------------------------------------


def decode(raw: Any, *, provider: str = "", model: str = "") -> list[Message]:
    if raw.__class__ is not dict:
        raise expected("", "an object", raw)
    if not model:
        value = raw.get("modelVersion") or raw.get("model")
        model = value if value.__class__ is str else ""
    origin = ORIGINS.get((provider, FORMAT, model)) or origin_of(provider, FORMAT, model)
    if "candidates" in raw:
        return [_decode_response(raw, origin)]
    if "system_instruction" in raw and "systemInstruction" not in raw:
        raw = {("systemInstruction" if k == "system_instruction" else k): v for k, v in raw.items()}
    if "contents" in raw or "systemInstruction" in raw:
        return _decode_body(raw, origin)
    # Envelopes keep the raw itself: encode puts the re-encoded content back into it.
    if "content" in raw and "parts" not in raw:
        try:
            return [decode_content(raw["content"], origin, new_envelope("candidate", raw))]
        except TranslateError as error:
            raise error.within("content") from None
    return [decode_content(raw, origin, None)]


def _decode_response(obj: dict[str, Any], origin: Origin) -> Message:
    candidates = need_field_list(obj, "candidates")
    if not candidates:
        raise TranslateError("candidates", "is empty (expected at least one candidate)")
    candidate = candidates[0]
    if candidate.__class__ is not dict:
        raise expected("candidates[0]", "an object", candidate)
    envelope = new_envelope("response", obj)
    if "content" not in candidate:
        # A blocked candidate has no content: an empty model turn keeps its place.
        return new_message("assistant", (), origin, layout="no-content", envelope=envelope)
    try:
        return decode_content(candidate["content"], origin, envelope)
    except TranslateError as error:
        raise error.within("candidates[0].content") from None


def _decode_body(obj: dict[str, Any], origin: Origin) -> list[Message]:
    envelope = new_envelope("body", obj)
    out: list[Message] = []
    if "systemInstruction" in obj:
        try:
            system = decode_content(obj["systemInstruction"], origin, envelope)
        except TranslateError as error:
            raise error.within("systemInstruction") from None
        out.append(
            new_message(
                "system",
                system.parts,
                origin,
                extra=system.extra,
                layout="system+" + system.layout,
                envelope=envelope,
            )
        )
    if "contents" in obj:
        contents = need_field_list(obj, "contents")
        try:
            out.extend(decode_each(contents, decode_content, origin, envelope))
        except TranslateError as error:
            raise error.within("contents") from None
    return out


def decode_content(obj: Any, origin: Origin, envelope: Envelope | None) -> Message:
    if obj.__class__ is not dict:
        raise expected("", "an object", obj)
    raw_role = obj.get("role")
    layout = ""
    known = _CONTENT_KEYS
    if raw_role == "model":
        role = "assistant"
    elif raw_role == "user":
        role = "user"
    elif raw_role is None and "role" not in obj:
        role = "user"
        layout = "no-role"
    elif raw_role.__class__ is str and raw_role in _ROLES:
        role = _ROLES[raw_role]
        known = frozenset(("parts",))
    else:
        raise expected("role", '"user" or "model"', raw_role)
    parts_raw = obj.get("parts")
    if parts_raw.__class__ is list:
        try:
            parts = tuple(decode_each(parts_raw, _decode_part, origin))
        except TranslateError as error:
            raise error.within("parts") from None
        if _snake_spelled(parts_raw):
            layout = f"{layout}+snake"
    elif parts_raw is None and "parts" not in obj:
        parts = ()
        layout = f"{layout}+no-parts"
    else:
        raise expected("parts", "an array", parts_raw)
    extra = None if len(obj) == len(known) else leftover(obj, known)
    return new_message(role, parts, origin, False, extra, layout, envelope)


def _snake_spelled(parts: list[Any]) -> bool:
    for part in parts:
        if part.__class__ is dict and not part.keys().isdisjoint(_SNAKE_PART_KEYS):
            return True
    return False


def _snake_part(part: dict[str, Any]) -> dict[str, Any]:
    """A part in the snake_case spelling it was stored in (same origin is value-exact)."""
    out: dict[str, Any] = {}
    for key, value in part.items():
        key = _CAMEL_PART_KEYS.get(key, key)
        if value.__class__ is dict and key in ("inline_data", "file_data"):
            value = {_CAMEL_INNER_KEYS.get(k, k): v for k, v in value.items()}
        out[key] = value
    return out


# google-genai's model_dump() and Vertex SDK logs spell fields in snake_case, which the API
# also accepts (Protobuf JSON takes both): read them as the camelCase fields they are.
_SNAKE_PART_KEYS = {
    "function_call": "functionCall",
    "function_response": "functionResponse",
    "inline_data": "inlineData",
    "file_data": "fileData",
    "thought_signature": "thoughtSignature",
    "executable_code": "executableCode",
    "code_execution_result": "codeExecutionResult",
    "video_metadata": "videoMetadata",
}
_SNAKE_INNER_KEYS = {"mime_type": "mimeType", "file_uri": "fileUri", "display_name": "displayName"}
_CAMEL_PART_KEYS = {camel: snake for snake, camel in _SNAKE_PART_KEYS.items()}
_CAMEL_INNER_KEYS = {camel: snake for snake, camel in _SNAKE_INNER_KEYS.items()}


def _camel_part(part: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in part.items():
        key = _SNAKE_PART_KEYS.get(key, key)
        if value.__class__ is dict and key in ("inlineData", "fileData"):
            value = {_SNAKE_INNER_KEYS.get(k, k): v for k, v in value.items()}
        out[key] = value
    return out


def _decode_part(part: Any, origin: Origin) -> Part:
    if part.__class__ is not dict:
        raise expected("", "an object", part)
    if not part.keys().isdisjoint(_SNAKE_PART_KEYS):
        part = _camel_part(part)
    signature = part.get("thoughtSignature")
    if signature.__class__ is str and signature:
        blob: Opaque | None = new_opaque(origin, signature, FORMAT)
        drop_sig = True
    else:
        blob = None
        # A signature of an unexpected type is not ours to interpret: it stays an extra.
        drop_sig = "thoughtSignature" not in part
    text = part.get("text")
    if text.__class__ is str:
        # Common shapes need no leftover: text, text with its signature, thought text.
        if part.get("thought") is True:
            if len(part) == (2 if blob is None else 3):
                return new_reasoning(text, True, False, blob, None)
            extra = leftover(
                part, _THOUGHT_KEYS if drop_sig else _THOUGHT_KEYS - {"thoughtSignature"}
            )
            return new_reasoning(text, True, False, blob, extra)
        if len(part) == 1:
            return new_text(text)
        if len(part) == 2 and blob is not None:
            return new_text(text, blob, None)
        return new_text(text, blob, leftover(part, _TEXT_KEYS if drop_sig else {"text"}))
    if "text" in part:
        raise expected("text", "a string", text)
    if "functionCall" in part:
        call = part["functionCall"]
        if not isinstance(call, dict):
            raise expected("functionCall", "an object", call)
        try:
            name = need_str(call, "name")
        except TranslateError as error:
            raise error.within("functionCall") from None
        call_id = call.get("id")
        extra = _with_original(part, _CALL_KEYS, drop_sig, "functionCall", _PLAIN_CALL)
        return new_tool_call(
            call_id if isinstance(call_id, str) else "",
            name,
            call.get("args", {}),
            blob=blob,
            extra=extra,
        )
    if "functionResponse" in part:
        response = part["functionResponse"]
        if not isinstance(response, dict):
            raise expected("functionResponse", "an object", response)
        try:
            name = need_str(response, "name")
        except TranslateError as error:
            raise error.within("functionResponse") from None
        call_id = response.get("id")
        extra = _with_original(part, _RESULT_KEYS, drop_sig, "functionResponse", _PLAIN_RESULT)
        content = response.get("response", {})
        is_error = isinstance(content, dict) and content.keys() == {"error"}
        return new_tool_result(
            call_id if isinstance(call_id, str) else "", content, is_error, name, extra
        )
    for key, field, known in _FILE_FIELDS:
        data = part.get(key)
        if data.__class__ is dict and isinstance(data.get(field), str):
            media_type = data.get("mimeType")
            extra = _with_original(part, known, drop_sig, key, {"mimeType", field})
            location = {"data": data[field]} if field == "data" else {"url": data[field]}
            return new_file(
                media_type if isinstance(media_type, str) else "",
                blob=blob,
                extra=extra,
                **location,
            )
    label = next(iter(part), "part")
    return new_unknown(part, label)


def _with_original(
    part: dict[str, Any], known: frozenset[str], drop_sig: bool, key: str, plain: Set[str]
) -> dict[str, Any] | None:
    """Extras of a part, plus the nested object itself when it holds more than ``plain``."""
    extra = leftover(part, known if drop_sig else known - {"thoughtSignature"})
    if part[key].keys() != plain:
        extra = {**(extra or {}), key: part[key]}
    return extra


# --- encode -------------------------------------------------------------------------------


def encode(messages: list[Message], *, target: Target | None = None) -> Any:
    ctx = EncodeContext.make(FORMAT, target)
    if target is not None:
        return _encode_request(messages, ctx)
    envelope = messages[0].envelope if messages else None
    if envelope is None:
        encoded = [encode_content(m, ctx) for m in messages]
        return encoded[0] if len(encoded) == 1 else encoded
    raw = envelope.rest or {}
    if envelope.shape == "candidate":
        return {**raw, "content": encode_content(messages[0], ctx)}
    if envelope.shape == "response":
        first, *others = raw["candidates"]
        candidate = dict(first)
        if messages[0].layout != "no-content":
            candidate["content"] = encode_content(messages[0], ctx)
        return {**raw, "candidates": [candidate, *others]}
    body = dict(raw)
    contents = []
    for message in messages:
        if message.layout.startswith("system+"):
            body["systemInstruction"] = encode_content(message, ctx)
        else:
            contents.append(encode_content(message, ctx))
    if contents or any(not m.layout.startswith("system+") for m in messages):
        body["contents"] = contents
    return body


def _encode_request(messages: list[Message], ctx: EncodeContext) -> dict[str, Any]:
    system_parts: list[dict[str, Any]] = []
    system_role = ""
    contents = []
    for message in messages:
        if message.role == "system":
            native = ctx.is_native(message)
            system_parts.extend(
                p for part in message.parts if (p := _encode_part(part, message, native, ctx))
            )
            if native and _had_user_role(message):
                system_role = "user"
        else:
            contents.append(encode_content(message, ctx))
    payload: dict[str, Any] = {}
    if system_parts:
        # Same origin is value-exact: a systemInstruction stored with its role keeps it.
        system: dict[str, Any] = {"role": system_role} if system_role else {}
        system["parts"] = system_parts
        payload["systemInstruction"] = system
    payload["contents"] = contents
    return payload


def _had_user_role(message: Message) -> bool:
    """A systemInstruction decoded from a body that spelled its role as "user"."""
    layout = message.layout
    return (
        message.role == "system"
        and layout.startswith("system+")
        and "no-role" not in layout
        and not (message.extra and "role" in message.extra)  # "system" or another spelling
    )


def encode_content(message: Message, ctx: EncodeContext) -> dict[str, Any]:
    native = ctx.is_native(message)
    layout = message.layout
    out: dict[str, Any] = {}
    if not (native and "no-role" in layout) and message.role != "system":
        out["role"] = _RAW_ROLES[message.role]
    elif native and _had_user_role(message):
        out["role"] = "user"
    if not (native and "no-parts" in layout):
        parts: list[dict[str, Any]] = []
        for part in message.parts:
            # Plain text, the most common part, without a call: what _encode_part makes of a
            # Text with no signature and no extras to write.
            if part.__class__ is Text and part.blob is None and not (native and part.extra):
                parts.append({"text": part.text})
            elif p := _encode_part(part, message, native, ctx):
                parts.append(p)
        if native and "snake" in layout:
            parts = [_snake_part(p) for p in parts]
        out["parts"] = parts
    if native:
        out.update(extras(message.extra, _REQUEST_CONTENT_EXTRAS if ctx.request else None))
    return out


def _encode_part(
    part: Part, message: Message, native: bool, ctx: EncodeContext
) -> dict[str, Any] | None:
    kind = type(part)
    if kind is Text:
        out: dict[str, Any] = {"text": part.text}  # type: ignore[union-attr]
    elif kind is Reasoning:
        assert isinstance(part, Reasoning)
        if part.redacted or (not part.text and ctx.blob_value(part.blob, FORMAT) is None):
            return None
        # Gemini takes unsigned thought text (reference/formats.md §2.4): reasoning of any
        # origin keeps its place as a thought; only the issuer's signature travels with it.
        out = {"text": part.text, "thought": True}
    elif kind is ToolCall:
        assert isinstance(part, ToolCall)
        args = arguments_object(part)
        out = {
            "functionCall": {
                "name": part.name,
                "args": args if args is not None else {"arguments": part.arguments},
            }
        }
    elif kind is ToolResult:
        assert isinstance(part, ToolResult)
        response: dict[str, Any] = {"name": part.name or "tool", "response": _response(part)}
        if part.content.__class__ is tuple and _result_parts(ctx):
            # Gemini 3 takes a result's images and documents in functionResponse.parts.
            files = [f for p in part.content if type(p) is File and (f := _encode_file(p))]
            if files:
                response["parts"] = files
        out = {"functionResponse": response}
    elif kind is File:
        encoded = _encode_file(part)  # type: ignore[arg-type]
        if encoded is None:
            return None
        out = encoded
    elif kind is Unknown:
        raw = part.raw  # type: ignore[union-attr]
        if not isinstance(raw, dict):
            return None
        if native:
            return raw
        if ctx.same_api(message):
            # Another Gemini model's code execution: the part, without the signature only
            # its own model can verify.
            return {k: v for k, v in raw.items() if k != "thoughtSignature"}
        return None
    else:
        return None
    # A ToolResult has no blob: getattr's default would cost it a raised AttributeError.
    blob = part.blob if kind is not ToolResult else None  # type: ignore[union-attr]
    if blob is not None:
        signature = ctx.blob_value(blob, FORMAT)
        if isinstance(signature, str):
            out["thoughtSignature"] = signature
    if native and part.extra:  # type: ignore[union-attr]
        out.update(extras(part.extra, _REQUEST_PART_EXTRAS if ctx.request else None))  # type: ignore[union-attr]
    return out


def _result_parts(ctx: EncodeContext) -> bool:
    target = ctx.target
    return target is not None and gemini_major(target.model or "") >= 3


def _response(part: ToolResult) -> dict[str, Any]:
    content = part.content
    if isinstance(content, dict):
        return content
    if isinstance(content, str | tuple):
        content = result_text(part)
    return {"error" if part.is_error else "output": content}


def _encode_file(part: File) -> dict[str, Any] | None:
    media_type = part.media_type
    if part.data and media_type and "*" not in media_type:
        return {"inlineData": {"mimeType": media_type, "data": part.data}}
    if part.text and not part.url:
        # A text document (an Anthropic text source): Gemini reads text/plain inline data.
        data = base64.b64encode(part.text.encode("utf-8")).decode("ascii")
        return {"inlineData": {"mimeType": "text/plain", "data": data}}
    if part.url.startswith("data:"):
        parsed = parse_data_url(part.url)
        if parsed is None:
            return None
        return {"inlineData": {"mimeType": parsed[0], "data": parsed[1]}}
    if (
        part.url.startswith(("https://", "http://", "gs://"))
        and media_type
        and "*" not in media_type
    ):
        return {"fileData": {"mimeType": media_type, "fileUri": part.url}}
    return None


def sendable_file(part: File, role: str) -> bool:
    """Any turn takes inline data or a file URI with a known type; instructions are text."""
    return role != "system" and _encode_file(part) is not None


# --- What an importer asks of this format ---------------------------------------------------------

PROVIDER = "google"
_REQUEST_FIELDS = ("contents", "systemInstruction", "system_instruction")


def is_request(obj: dict[str, Any]) -> bool:
    return isinstance(obj.get("contents"), list)


def is_response(obj: dict[str, Any]) -> bool:
    return isinstance(obj.get("candidates"), list)


def is_content(obj: dict[str, Any]) -> bool:
    """A Content (`parts`), or a candidate holding one."""
    content = obj.get("content")
    return isinstance(obj.get("parts"), list) or (
        isinstance(content, dict) and isinstance(content.get("parts"), list)
    )


def provider_of(raw: dict[str, Any]) -> str | None:
    return PROVIDER


def model_of(raw: dict[str, Any]) -> str | None:
    return model_field(raw)


def time_of(raw: dict[str, Any]) -> Any:
    return time_field(raw)


def role_of(raw: dict[str, Any], shape: str) -> str:
    # A Content without a role is the user's: that is how the API reads it.
    return stored_role(raw, shape, "user")


def request_parts(body: dict[str, Any]) -> tuple[list[RequestPart], tuple[str, ...]]:
    """A request body's contents (the system instruction first), and the keys that held
    them."""
    parts = []
    system = body.get("systemInstruction", body.get("system_instruction"))
    if system is not None:
        parts.append(RequestPart(system, "system", "systemInstruction"))
    return parts + [RequestPart(c) for c in body["contents"]], _REQUEST_FIELDS
