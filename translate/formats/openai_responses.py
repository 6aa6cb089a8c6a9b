"""OpenAI Responses API: items, lists of items, a whole Response, or a request body.

Each item decodes to one canonical message, so a turn of ``[reasoning, function_call,
message]`` reads as three assistant messages in their original order. A reasoning item keeps
its whole raw item as the blob: its ``rs_`` id and ``encrypted_content`` only mean something to
the endpoint and model that minted them, and native replay must send the item unchanged.
"""

from __future__ import annotations

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
from translate.errors import TranslateError, expected, wrong
from translate.fields import decode_each, leftover, need_field_list, need_str, opt_str
from translate.formats.sniffing import (
    RequestPart,
    block_types,
    model_field,
    stored_role,
    time_field,
)
from translate.marking import prior_reasoning
from translate.records import Target

FORMAT = "openai-responses"

_ROLES = {"user": "user", "assistant": "assistant", "system": "system", "developer": "system"}
_MESSAGE_KEYS = frozenset(("role", "content"))
_TEXT_KEYS = frozenset(("text",))
_CALL_KEYS = frozenset(("type", "call_id", "name", "arguments"))
_OUTPUT_KEYS = frozenset(("type", "call_id", "output"))
_CUSTOM_CALL_KEYS = frozenset(("type", "call_id", "name", "input"))
_REQUEST_ITEM_EXTRAS = frozenset(("type", "id", "status", "phase", "role"))
_REQUEST_PART_EXTRAS = frozenset(
    (
        "type",
        "annotations",
        "logprobs",
        "detail",
        "file_id",
        "image_url",
        "file_data",
        "file_url",
        "filename",
    )
)
_REQUEST_CALL_EXTRAS = frozenset(("id", "status", "namespace", "caller"))
_REQUEST_OUTPUT_EXTRAS = frozenset(("id", "status", "name", "namespace", "caller"))


# --- decode -------------------------------------------------------------------------------


def decode(raw: Any, *, provider: str = "", model: str = "") -> list[Message]:
    if raw.__class__ is list:
        origin = ORIGINS.get((provider, FORMAT, model)) or origin_of(provider, FORMAT, model)
        return decode_each(raw, _decode_item, origin, _LIST)
    if raw.__class__ is not dict:
        raise expected("", "an object", raw)
    if not model:
        value = raw.get("model")
        model = value if value.__class__ is str else ""
    origin = ORIGINS.get((provider, FORMAT, model)) or origin_of(provider, FORMAT, model)
    # Envelopes keep the raw itself: encode puts the re-encoded items back into it.
    if "output" in raw and "type" not in raw:
        items = need_field_list(raw, "output")
        try:
            return decode_each(items, _decode_item, origin, new_envelope("response", raw))
        except TranslateError as error:
            raise error.within("output") from None
    if "input" in raw and "type" not in raw and "role" not in raw:
        return _decode_body(raw, origin)
    return [_decode_item(raw, origin, None)]


_LIST = new_envelope("list")


def _decode_body(obj: dict[str, Any], origin: Origin) -> list[Message]:
    instructions = obj.get("instructions")
    envelope = new_envelope("body", obj)
    out: list[Message] = []
    if instructions.__class__ is str:
        system = new_message(
            "system", (new_text(instructions),), origin, layout="instructions", envelope=envelope
        )
        out.append(system)
    items = obj["input"]
    if items.__class__ is str:
        out.append(
            new_message("user", (new_text(items),), origin, layout="input-text", envelope=envelope)
        )
        return out
    if items.__class__ is not list:
        raise expected("input", "a string or an array", items)
    try:
        out.extend(decode_each(items, _decode_item, origin, envelope))
    except TranslateError as error:
        raise error.within("input") from None
    return out


def _decode_item(item: Any, origin: Origin, envelope: Envelope | None) -> Message:
    if item.__class__ is not dict:
        raise expected("", "an object", item)
    kind = item.get("type")
    if kind == "message" or (kind is None and "role" in item):
        return _decode_message_item(item, origin, envelope)
    if kind == "reasoning":
        return new_message(
            "assistant", (_decode_reasoning(item, origin),), origin, False, None, "", envelope
        )
    if kind == "function_call":
        arguments = need_str(item, "arguments")
        extra = None if len(item) == 4 else leftover(item, _CALL_KEYS)
        call = new_tool_call(
            need_str(item, "call_id"), need_str(item, "name"), arguments, None, extra
        )
        return new_message("assistant", (call,), origin, False, None, "", envelope)
    if kind == "function_call_output":
        call_id = opt_str(item, "call_id") or ""
        output = item.get("output")
        if output.__class__ is list:
            try:
                output = tuple(decode_each(output, _decode_content_part))
            except TranslateError as error:
                raise error.within("output") from None
        elif output.__class__ is not str:
            raise wrong(item, "output", "a string or an array")
        known = _OUTPUT_KEYS if "call_id" in item and call_id else _OUTPUT_KEYS - {"call_id"}
        result = new_tool_result(call_id, output, False, "", leftover(item, known))
        return new_message("tool", (result,), origin, False, None, "", envelope)
    if kind == "custom_tool_call":
        # A freeform-input tool call: a call like any other, its text input as {"input": ...}
        # for targets that take JSON arguments; "custom" re-encodes it as it came.
        call = new_tool_call(
            need_str(item, "call_id"),
            need_str(item, "name"),
            {"input": need_str(item, "input")},
            None,
            leftover(item, _CUSTOM_CALL_KEYS),
        )
        return new_message("assistant", (call,), origin, False, None, "custom", envelope)
    if kind == "custom_tool_call_output":
        output = item.get("output")
        if output.__class__ is list:
            try:
                output = tuple(decode_each(output, _decode_content_part))
            except TranslateError as error:
                raise error.within("output") from None
        elif output.__class__ is not str:
            raise wrong(item, "output", "a string or an array")
        result = new_tool_result(
            need_str(item, "call_id"), output, False, "", leftover(item, _OUTPUT_KEYS)
        )
        return new_message("tool", (result,), origin, False, None, "custom", envelope)
    if kind.__class__ is not str:
        raise wrong(item, "type", "a string")
    role = "tool" if kind.endswith("_output") else "assistant"
    return new_message(role, (new_unknown(item, kind),), origin, layout="raw", envelope=envelope)


def _decode_message_item(
    item: dict[str, Any], origin: Origin, envelope: Envelope | None
) -> Message:
    raw_role = need_str(item, "role")
    role = _ROLES.get(raw_role)
    if role is None:
        raise TranslateError(
            "role", f"expected user, assistant, system or developer, got {raw_role!r}"
        )
    known = _MESSAGE_KEYS if raw_role == role else frozenset(("content",))
    content = item.get("content")
    if isinstance(content, str):
        parts: tuple[Part, ...] = (new_text(content),)
        layout = "text"
    elif isinstance(content, list):
        try:
            parts = tuple(decode_each(content, _decode_content_part))
        except TranslateError as error:
            raise error.within("content") from None
        layout = ""
    else:
        raise wrong(item, "content", "a string or an array")
    return new_message(role, parts, origin, False, leftover(item, known), layout, envelope)


def _decode_content_part(part: Any) -> Part:
    if part.__class__ is not dict:
        raise expected("", "an object", part)
    kind = part.get("type")
    if kind == "output_text" or kind == "input_text":
        text = part.get("text")
        if text.__class__ is not str:
            raise wrong(part, "text", "a string")
        return new_text(text, None, leftover(part, _TEXT_KEYS))
    if kind == "input_image":
        url, file_id = part.get("image_url"), part.get("file_id")
        return new_file(
            "image/*",
            url=url if isinstance(url, str) else "",
            file_id=file_id if isinstance(file_id, str) else "",
            extra=part,
        )
    if kind == "input_file":
        # map, not a generator, which would make ``part`` a closure cell for every call.
        data, url, file_id, name = map(part.get, ("file_data", "file_url", "file_id", "filename"))
        media_type = "application/octet-stream"
        if isinstance(data, str) and data.startswith("data:"):
            media_type = data[5:].partition(";")[0] or media_type
        return new_file(
            media_type,
            url=data if isinstance(data, str) else url if isinstance(url, str) else "",
            file_id=file_id if isinstance(file_id, str) else "",
            filename=name if isinstance(name, str) else "",
            extra=part,
        )
    if not isinstance(kind, str):
        raise wrong(part, "type", "a string")
    return new_unknown(part, kind)


def _decode_reasoning(item: dict[str, Any], origin: Origin) -> Reasoning:
    texts: list[str] = []
    summary = True
    content = item.get("content")
    if isinstance(content, list) and content:
        texts = [
            c["text"] for c in content if isinstance(c, dict) and isinstance(c.get("text"), str)
        ]
        summary = False
    if not texts:
        summary_list = item.get("summary")
        if isinstance(summary_list, list):
            texts = [
                s["text"]
                for s in summary_list
                if isinstance(s, dict) and isinstance(s.get("text"), str)
            ]
        summary = True
    text = "\n\n".join(texts)
    if isinstance(item.get("id"), str) or isinstance(item.get("encrypted_content"), str):
        return new_reasoning(text, summary, False, new_opaque(origin, item, FORMAT), None)
    return new_reasoning(text, summary, False, None, item)


# --- encode -------------------------------------------------------------------------------


def encode(messages: list[Message], *, target: Target | None = None) -> Any:
    ctx = EncodeContext.make(FORMAT, target)
    items: list[dict[str, Any]] = []
    instructions: list[str] = []
    envelope = messages[0].envelope if messages else None
    input_text: str | None = None
    for message in messages:
        if message.layout == "instructions" and message.origin.format == FORMAT:
            instructions.append(message.parts[0].text)  # type: ignore[union-attr]
        elif message.layout == "input-text" and ctx.is_native(message) and target is None:
            input_text = message.parts[0].text  # type: ignore[union-attr]
        elif (
            message.role == "system"
            and target is not None
            and not items  # a later system message stays in place: Responses takes it there
            and not _is_item(message, ctx)
        ):
            instructions.extend(p.text for p in message.parts if type(p) is Text)
        else:
            _encode_message(message, ctx, items)
    if target is not None:
        payload: dict[str, Any] = {}
        if instructions:
            payload["instructions"] = "\n\n".join(instructions)
        payload["input"] = items
        return payload
    if envelope is None:
        return items[0] if len(items) == 1 else items
    if envelope.shape == "list":
        return items
    if envelope.shape == "response":
        return {**(envelope.rest or {}), "output": items}
    body = dict(envelope.rest or {})  # the raw body
    if instructions:
        body["instructions"] = "\n\n".join(instructions)
    body["input"] = input_text if input_text is not None else items
    return body


def _is_item(message: Message, ctx: EncodeContext) -> bool:
    """A system message that was an input item stays one when replayed natively."""
    return ctx.is_native(message) and message.layout != "instructions"


def _encode_message(message: Message, ctx: EncodeContext, items: list[dict[str, Any]]) -> None:
    native = ctx.is_native(message)
    if message.layout == "raw":
        if native:
            items.append(message.parts[0].raw)  # type: ignore[union-attr]
        return
    parts = message.parts
    if len(parts) == 1 and parts[0].__class__ is Text:  # most messages: one item, no grouping
        if native:
            _flush(parts, message, native, ctx, items)
            return
        # What _flush makes of one text from elsewhere, without the call: an easy input
        # message, left out when empty.
        text = parts[0].text
        if text:
            role = message.role if message.role != "tool" else "user"
            items.append({"type": "message", "role": role, "content": text})
        return
    group: list[Part] = []
    for part in parts:
        kind = type(part)
        if kind is Text or kind is File or (kind is Unknown and message.role != "tool"):
            group.append(part)
            continue
        if group:
            _flush(group, message, native, ctx, items)
            group = []
        if kind is Reasoning:
            _encode_reasoning(part, message, native, ctx, items)  # type: ignore[arg-type]
        elif kind is ToolCall:
            assert isinstance(part, ToolCall)
            item: dict[str, Any]
            if native and message.layout == "custom" and isinstance(part.arguments, dict):
                item = {
                    "type": "custom_tool_call",
                    "call_id": part.id,
                    "name": part.name,
                    "input": part.arguments.get("input", ""),
                }
            else:
                item = {
                    "type": "function_call",
                    "call_id": part.id,
                    "name": part.name,
                    "arguments": arguments_text(part),
                }
            if native and part.extra:
                item.update(extras(part.extra, _REQUEST_CALL_EXTRAS if ctx.request else None))
            items.append(item)
        elif kind is ToolResult:
            assert isinstance(part, ToolResult)
            result = _encode_result(part, native, ctx)
            if native and message.layout == "custom":
                result["type"] = "custom_tool_call_output"
            items.append(result)
    if group:
        _flush(group, message, native, ctx, items)


def _encode_result(part: ToolResult, native: bool, ctx: EncodeContext) -> dict[str, Any]:
    content = part.content
    output: Any
    if isinstance(content, tuple):
        # Loops, not comprehensions, in the per-message functions here: one would make
        # native and ctx closure cells, paid on every call (CPython 3.11).
        encoded = []
        for inner in content:
            if block := _encode_content_part(inner, "user", native, ctx):
                encoded.append(block)
        output = (
            encoded
            if native or any(c["type"] != "input_text" for c in encoded)
            else result_text(part)
        )
    elif isinstance(content, str):
        output = content
    else:
        output = result_text(part)
    item: dict[str, Any] = {
        "type": "function_call_output",
        "call_id": part.call_id,
        "output": output,
    }
    if native:
        item.update(extras(part.extra, _REQUEST_OUTPUT_EXTRAS if ctx.request else None))
    return item


_TEXT_ONLY = {Text}


def _flush(
    group: list[Part] | tuple[Part, ...],
    message: Message,
    native: bool,
    ctx: EncodeContext,
    items: list[dict[str, Any]],
) -> None:
    if not group:
        return
    role = message.role if message.role != "tool" else "user"
    if native and message.layout == "text" and len(group) == 1 and type(group[0]) is Text:
        content: Any = group[0].text
    elif not native and len(group) == 1 and group[0].__class__ is Text:
        content = group[0].text  # the join below, for one text
    elif native or (role == "user" and set(map(type, group)) != _TEXT_ONLY):
        content = []
        for part in group:
            if block := _encode_content_part(part, role, native, ctx):
                content.append(block)
    else:
        # Text from elsewhere: an easy input message, which any role accepts.
        # A loop, not a comprehension (a nested function call in CPython 3.11): this runs for
        # most assistant messages from elsewhere.
        texts: list[str] = []
        for part in group:
            if part.__class__ is Text:
                texts.append(part.text)
        if not texts:
            return
        content = "\n\n".join(texts)
    if not native and not content:
        return
    item: dict[str, Any] = {"type": "message", "role": role, "content": content}
    if native:
        item.update(extras(message.extra, _REQUEST_ITEM_EXTRAS if ctx.request else None))
        if "type" not in (message.extra or {}):
            del item["type"]  # an easy input message may leave it out
    items.append(item)


def _encode_content_part(
    part: Part, role: str, native: bool, ctx: EncodeContext
) -> dict[str, Any] | None:
    kind = type(part)
    if kind is Text:
        out: dict[str, Any] = {
            "type": "output_text" if role == "assistant" else "input_text",
            "text": part.text,  # type: ignore[union-attr]
        }
        if role == "assistant":
            out["annotations"] = []
    elif kind is File:
        encoded = _encode_file(part) if role != "assistant" else None  # type: ignore[arg-type]
        if encoded is None:
            return None
        out = encoded
    elif kind is Unknown:
        return part.raw if native and isinstance(part.raw, dict) else None  # type: ignore[union-attr]
    else:
        return None
    if native:
        out.update(extras(part.extra, _REQUEST_PART_EXTRAS if ctx.request else None))  # type: ignore[union-attr]
    return out


def _encode_file(part: File) -> dict[str, Any] | None:
    if part.media_type.startswith("image/"):
        if part.url.startswith(("https://", "http://", "data:")):
            return {"type": "input_image", "detail": "auto", "image_url": part.url}
        if part.data and "*" not in part.media_type:
            url = f"data:{part.media_type};base64,{standard_base64(part.data)}"
            return {"type": "input_image", "detail": "auto", "image_url": url}
        if part.file_id:
            return {"type": "input_image", "detail": "auto", "file_id": part.file_id}
        return None
    out: dict[str, Any] = {"type": "input_file"}
    if part.data:
        out["file_data"] = f"data:{part.media_type};base64,{standard_base64(part.data)}"
    elif part.url.startswith("data:"):
        out["file_data"] = part.url
    elif part.url.startswith(("https://", "http://")):
        out["file_url"] = part.url
    elif part.file_id:
        out["file_id"] = part.file_id
    else:
        return None
    if part.filename:
        out["filename"] = part.filename
    return out


def _encode_reasoning(
    part: Reasoning, message: Message, native: bool, ctx: EncodeContext, items: list[dict[str, Any]]
) -> None:
    value = ctx.blob_value(part.blob, FORMAT)
    if isinstance(value, dict) and value.get("type") == "reasoning":
        items.append(value)
        return
    if isinstance(value, dict):
        # From an AI SDK part: one UI part per summary entry, all with the same item id.
        previous = items[-1] if items else None
        if (
            previous is not None
            and previous.get("type") == "reasoning"
            and previous.get("id") == value["id"]
        ):
            if part.text:
                previous["summary"].append({"type": "summary_text", "text": part.text})
            return
        summary = [{"type": "summary_text", "text": part.text}] if part.text else []
        items.append({"type": "reasoning", **value, "summary": summary})
        return
    if native and not ctx.request and part.blob is None:
        summary = [{"type": "summary_text", "text": part.text}] if part.text else []
        item: dict[str, Any] = {"type": "reasoning", "summary": summary}
        item.update(extras(part.extra, None))
        items.append(item)
        return
    if part.text and not part.redacted:
        # Responses only takes reasoning items it minted: foreign reasoning travels as text.
        text = prior_reasoning(part.text, message.origin)
        items.append({"type": "message", "role": "assistant", "content": text})


def sendable_file(part: File, role: str) -> bool:
    """Responses takes files in user input only (instructions are text)."""
    return role in ("user", "tool") and _encode_file(part) is not None


# --- What an importer asks of this format ---------------------------------------------------------

PROVIDER = "openai"
_OWN_PARTS = frozenset(("input_text", "output_text", "input_image", "input_file", "refusal"))
# Item types of their own (anything but a message), and those answering a call.
_OWN_ITEMS = frozenset(
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
_TOOL_OUTPUTS = frozenset(
    ("function_call_output", "custom_tool_call_output", "computer_call_output")
)


def is_request(obj: dict[str, Any]) -> bool:
    """A request body: `input`, and neither a role nor a type of its own."""
    return "input" in obj and "role" not in obj and "type" not in obj


def is_response(obj: dict[str, Any]) -> bool:
    return obj.get("object") == "response" or (
        isinstance(obj.get("output"), list) and str(obj.get("id", "")).startswith("resp")
    )


def is_message_item(obj: dict[str, Any]) -> bool:
    """A `type: "message"` item whose content has a part only Responses has."""
    return (
        obj.get("type") == "message"
        and isinstance(obj.get("content"), list)
        and bool(block_types(obj["content"]) & _OWN_PARTS)
    )


def is_item(obj: dict[str, Any]) -> bool:
    """An item of a type only Responses has (reasoning, calls and their outputs...)."""
    kind = obj.get("type")
    return isinstance(kind, str) and kind in _OWN_ITEMS


def has_own_parts(obj: dict[str, Any]) -> bool:
    """A message with an input or output part (a refusal part is Chat Completions' too)."""
    return bool(block_types(obj.get("content")) & (_OWN_PARTS - {"refusal"}))


def provider_of(raw: dict[str, Any]) -> str | None:
    return PROVIDER


def model_of(raw: dict[str, Any]) -> str | None:
    return model_field(raw)


def time_of(raw: dict[str, Any]) -> Any:
    return time_field(raw)


def role_of(raw: dict[str, Any], shape: str) -> str:
    kind = raw.get("type")
    if shape != "response" and isinstance(kind, str) and kind in _TOOL_OUTPUTS:
        return "tool"
    return stored_role(raw, shape, "assistant")


def request_parts(body: dict[str, Any]) -> tuple[list[RequestPart], tuple[str, ...]]:
    """A request body's items (`instructions` first, as a system message), and the keys
    that held them. A text `input` is one user message."""
    parts = []
    instructions = body.get("instructions")
    if isinstance(instructions, str) and instructions:
        system = {"role": "system", "content": instructions}
        parts.append(RequestPart(system, "system", "instructions"))
    given = body.get("input")
    items = [{"role": "user", "content": given}] if isinstance(given, str) else given
    if not isinstance(items, list):
        raise TranslateError("", "the request's input is neither text nor a list of items")
    return parts + [RequestPart(item) for item in items], ("input", "instructions")
