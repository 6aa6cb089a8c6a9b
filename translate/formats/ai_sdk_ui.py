"""Vercel AI SDK UIMessage (v5 and v6): one message, a list, or ``{"messages": [...]}``.

A UIMessage holds a whole assistant turn: steps separated by ``step-start``, each with its
reasoning, text and tool parts, and each tool part holds both the call and its result. The
canonical model splits it the way ``convertToModelMessages`` does: one assistant message per
step, followed by a tool message with that step's results. ``layout`` records where the
UIMessage and its steps began, so encode folds everything back exactly.

Provider blobs live in ``providerMetadata.<key>`` (``callProviderMetadata`` on tool parts).
Their issuer is the provider's native API (anthropic -> anthropic-messages, openai ->
openai-responses, google/vertex -> gemini, openrouter -> openai-chat), with the record's model
when the record's provider is that provider, otherwise no model at all (never replayable).
"""

from __future__ import annotations

from typing import Any

from translate.canonical import (
    ORIGINS,
    Data,
    Envelope,
    File,
    Message,
    Opaque,
    Origin,
    Part,
    Reasoning,
    Source,
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
from translate.encoding import EncodeContext, blob_for_ai_sdk, extras
from translate.errors import TranslateError, expected, wrong
from translate.fields import leftover, need_field_list, need_object, need_str
from translate.formats.sniffing import stored_role
from translate.issuers import AI_SDK_KEYS, GEMINI, RESPONSES, native_api
from translate.records import Target

FORMAT = "ai-sdk-ui"

_ROLES = frozenset(("system", "user", "assistant"))
_MESSAGE_KEYS = frozenset(("role", "parts"))
_TEXT_KEYS = frozenset(("type", "text", "providerMetadata"))
_FILE_KEYS = frozenset(("type", "mediaType", "url", "filename", "providerMetadata"))
_TOOL_KEYS = frozenset(("toolCallId", "input", "callProviderMetadata"))
_TOOL_RESULT_KEYS = {"output": _TOOL_KEYS | {"output"}, "errorText": _TOOL_KEYS | {"errorText"}}
_DATA_KEYS = frozenset(("type", "data"))
# Metadata extras are never written to a request: blobs travel only as blobs, to their issuer.
_METADATA_KEYS = frozenset(("providerMetadata", "callProviderMetadata", "resultProviderMetadata"))
_DONE_STATES = {"output-available": False, "output-error": True}
# providerMetadata key -> the provider and API that issued what is stored under it.
_KEY_ISSUERS = {key: (name, native_api(name)) for key, name in AI_SDK_KEYS.items()}


# --- decode -------------------------------------------------------------------------------


def decode(raw: Any, *, provider: str = "", model: str = "") -> list[Message]:
    origin = ORIGINS.get((provider, FORMAT, model)) or origin_of(provider, FORMAT, model)
    if raw.__class__ is dict and "parts" in raw:
        return decode_ui_message(raw, origin, None)  # one UIMessage: what the store holds
    if isinstance(raw, list):
        return _decode_list(raw, origin, new_envelope("list"), "")
    obj = need_object(raw)
    if "messages" in obj and "parts" not in obj:
        envelope = new_envelope("body", {k: v for k, v in obj.items() if k != "messages"})
        return _decode_list(need_field_list(obj, "messages"), origin, envelope, "messages")
    return decode_ui_message(obj, origin, None)


def _decode_list(items: list[Any], origin: Origin, envelope: Envelope, path: str) -> list[Message]:
    out: list[Message] = []
    for i, item in enumerate(items):
        try:
            out.extend(decode_ui_message(item, origin, envelope))
        except TranslateError as error:
            raise error.within(f"{path}[{i}]") from None
    return out


def decode_ui_message(obj: Any, origin: Origin, envelope: Envelope | None) -> list[Message]:
    if obj.__class__ is not dict:
        raise expected("", "an object", obj)
    role = obj.get("role")
    if role.__class__ is not str:
        raise wrong(obj, "role", "a string")
    if role not in _ROLES:
        raise TranslateError("role", f"expected system, user or assistant, got {role!r}")
    raw_parts = obj.get("parts")
    if raw_parts.__class__ is not list:
        raise wrong(obj, "parts", "an array")
    if len(obj) == 2:
        extra = None
    elif len(obj) == 3 and "id" in obj:
        extra = {"id": obj["id"]}  # what leftover gives for the usual shape, without its copy
    else:
        extra = leftover(obj, _MESSAGE_KEYS)
    # One canonical message per step (split at step-start), each followed by a tool message
    # with that step's results; layout says where the UIMessage and its steps began.
    out: list[Message] = []
    parts: list[Part] = []
    results: list[ToolResult] = []
    step = False
    for i, part in enumerate(raw_parts):
        try:
            if part.__class__ is not dict:
                raise expected("", "an object", part)
            kind = part.get("type")
            if kind == "step-start" and len(part) == 1:
                if step or parts or results:  # this step has begun: start the next one
                    _close(out, role, parts, results, step, origin, extra, envelope)
                    parts, results = [], []
                step = True
            elif kind == "text":
                parts.append(_text_part(part, origin))
            elif kind.__class__ is str:
                _decode_part(part, kind, origin, parts, results)
            else:
                raise wrong(part, "type", "a string")
        except TranslateError as error:
            raise error.within(f"parts[{i}]") from None
    _close(out, role, parts, results, step, origin, extra, envelope)
    return out


def _close(
    out: list[Message],
    role: str,
    parts: list[Part],
    results: list[ToolResult],
    step: bool,
    origin: Origin,
    extra: Any,
    envelope: Envelope | None,
) -> None:
    if out:
        layout = "step" if step else ""
        extra = None
    else:
        layout = "ui+step" if step else "ui"
    out.append(new_message(role, tuple(parts), origin, False, extra, layout, envelope))
    if results:
        out.append(new_message("tool", tuple(results), origin, False, None, "ui-tool", envelope))


def _text_part(part: dict[str, Any], origin: Origin) -> Text:
    text = part.get("text")
    if text.__class__ is not str:
        raise wrong(part, "text", "a string")
    if "providerMetadata" not in part:
        if len(part) == 2:
            return new_text(text)
        if len(part) == 3 and "state" in part:
            # The usual shape {type, text, state}: leftover's answer without its copy.
            return new_text(text, None, {"state": part["state"]})
        return new_text(text, None, leftover(part, _TEXT_KEYS))
    blob, meta = _metadata(part, "providerMetadata", origin)
    return new_text(text, blob, _extra(part, _TEXT_KEYS, meta))


def _decode_part(
    part: dict[str, Any], kind: str, origin: Origin, parts: list[Part], results: list[ToolResult]
) -> None:
    if kind == "reasoning":
        text = part.get("text")
        if text.__class__ is not str:
            raise wrong(part, "text", "a string")
        blob, meta = _metadata(part, "providerMetadata", origin)
        redacted = summary = False
        if blob is not None:
            redacted = "redactedData" in blob.value
            summary = blob.issuer.format in (RESPONSES, GEMINI)
        parts.append(new_reasoning(text, summary, redacted, blob, _extra(part, _TEXT_KEYS, meta)))
    elif kind.startswith("tool-") or kind == "dynamic-tool":
        _decode_tool(part, kind, origin, parts, results)
    elif kind == "file":
        blob, meta = _metadata(part, "providerMetadata", origin)
        filename = part.get("filename")
        known = _FILE_KEYS if isinstance(filename, str) else _FILE_KEYS - {"filename"}
        parts.append(
            new_file(
                need_str(part, "mediaType"),
                url=need_str(part, "url"),
                filename=filename if isinstance(filename, str) else "",
                blob=blob,
                extra=_extra(part, known, meta),
            )
        )
    elif kind in ("source-url", "source-document"):
        # map, not a comprehension, which would make ``part`` a closure cell for every call.
        fields = map(part.get, ("url", "title", "mediaType", "filename", "sourceId"))
        text = [v if isinstance(v, str) else "" for v in fields]
        # Sources are never sent, so their raw object is simply kept whole.
        url, title, media_type, filename, source_id = text
        parts.append(Source(url, title, media_type, filename, source_id, extra=part))
    elif kind.startswith("data-") and "data" in part:
        parts.append(Data(kind[5:], part["data"], extra=leftover(part, _DATA_KEYS)))
    else:
        parts.append(new_unknown(part, kind))


def _decode_tool(
    part: dict[str, Any], kind: str, origin: Origin, parts: list[Part], results: list[ToolResult]
) -> None:
    name = need_str(part, "toolName") if kind == "dynamic-tool" else kind[5:]
    call_id = need_str(part, "toolCallId")
    state = part.get("state")
    if "input" not in part:
        # A call still streaming its input: the AI SDK itself never sends it on.
        parts.append(new_unknown(part, kind))
        return
    blob, meta = _metadata(part, "callProviderMetadata", origin)
    known = _TOOL_KEYS
    result = None
    if isinstance(state, str) and state in _DONE_STATES:
        is_error = _DONE_STATES[state]
        key = "errorText" if is_error else "output"
        if key in part:
            known = _TOOL_RESULT_KEYS[key]
            result = new_tool_result(call_id, part[key], is_error, name)
    extra = leftover(part, known)
    if meta is not None:
        extra = {**(extra or {}), "callProviderMetadata": meta}
    parts.append(new_tool_call(call_id, name, part["input"], blob, extra))
    if result is not None:
        results.append(result)


def _metadata(part: dict[str, Any], key: str, origin: Origin) -> tuple[Opaque | None, Any]:
    """The blob in a metadata field, and the field itself when it holds more than the blob."""
    meta = part.get(key)
    if not isinstance(meta, dict) or not meta:
        return None, meta if key in part else None
    if len(meta) == 1:
        ((name, value),) = meta.items()
    else:
        entries = list(meta.items())
        known = [(k, v) for k, v in entries if k in AI_SDK_KEYS and isinstance(v, dict)]
        name, value = known[0] if known else entries[0]
    if not isinstance(value, dict):
        return None, meta
    provider, api = _KEY_ISSUERS.get(name) or (name, native_api(name))
    model = origin.model if provider == origin.provider else ""
    issuer = ORIGINS.get((provider, api, model)) or origin_of(provider, api, model)
    return new_opaque(issuer, value, FORMAT, name), meta if len(meta) > 1 else None


def _extra(part: dict[str, Any], known: frozenset[str], meta: Any) -> dict[str, Any] | None:
    extra = leftover(part, known)
    if meta is not None:
        extra = {**(extra or {}), "providerMetadata": meta}
    return extra


# --- encode -------------------------------------------------------------------------------


def encode(messages: list[Message], *, target: Target | None = None) -> Any:
    ctx = EncodeContext.make(FORMAT, target)
    ui_messages = _Encoder(ctx, messages).run()
    if target is not None:
        return {"messages": ui_messages}
    envelope = messages[0].envelope if messages else None
    if envelope is None:
        return ui_messages[0] if len(ui_messages) == 1 else ui_messages
    if envelope.shape == "body":
        return {**(envelope.rest or {}), "messages": ui_messages}
    return ui_messages


class _Encoder:
    """Folds canonical messages back into UIMessages: steps joined, results into tool parts."""

    def __init__(self, ctx: EncodeContext, messages: list[Message]) -> None:
        self.ctx = ctx
        self.messages = messages
        self.results: dict[str, ToolResult] = {}
        for message in messages:
            if ToolResult not in map(type, message.parts):
                continue  # no generator per message: most hold no result
            for part in message.parts:
                if type(part) is ToolResult and part.call_id not in self.results:
                    self.results[part.call_id] = part
        self.used: set[str] = set()
        self.out: list[dict[str, Any]] = []
        self.current: dict[str, Any] | None = None
        self.counter = 0

    def run(self) -> list[dict[str, Any]]:
        for message in self.messages:
            self._message(message)
        return self.out

    def _message(self, message: Message) -> None:
        native = self.ctx.is_native(message)
        tokens = message.layout.split("+") if native else ()
        parts = message.parts
        role = message.role
        if role == "tool" or (
            parts and type(parts[0]) is ToolResult and all(type(p) is ToolResult for p in parts)
        ):
            # Results sit inside their call's tool part; orphans get a part of their own.
            for part in parts:
                if type(part) is ToolResult and part.call_id not in self.used:
                    self._ensure_assistant(message)
                    self._orphan(part)
            return
        current = self.current
        continues = current is not None and (
            "ui" not in tokens if native else role == "assistant" == current["role"]
        )
        if current is None or not continues:
            current = self.current = self._start(message, native)
        out = current["parts"]  # where this message's parts go, until an orphan moves it
        if "step" in tokens or (not native and role == "assistant"):
            out.append({"type": "step-start"})
        for part in parts:
            kind = part.__class__
            if kind is ToolResult:
                if part.call_id not in self.used:  # type: ignore[union-attr]
                    self._ensure_assistant(message)
                    self._orphan(part)  # type: ignore[arg-type]
                    out = self.current["parts"]  # type: ignore[index]
                continue
            if kind is Text and part.blob is None and not (native and part.extra):  # type: ignore[union-attr]
                # Plain text, the most common part, without the call: what _part makes of a
                # text with no blob and no extras to write.
                out.append({"type": "text", "text": part.text})  # type: ignore[union-attr]
                continue
            encoded = self._part(part, message, native)
            if encoded is not None:
                out.append(encoded)

    def _start(self, message: Message, native: bool) -> dict[str, Any]:
        role = "assistant" if message.role == "tool" else message.role
        ui: dict[str, Any] = {}
        if not native or "id" not in (message.extra or {}):
            self.counter += 1
            ui["id"] = f"msg-{self.counter}"
        ui["role"] = role
        ui["parts"] = []
        if native:
            ui.update(extras(message.extra, None))
            if not self.ctx.request and "id" not in (message.extra or {}):
                del ui["id"]
        self.out.append(ui)
        return ui

    def _ensure_assistant(self, message: Message) -> None:
        if self.current is None or self.current["role"] != "assistant":
            self.current = self._start(Message("assistant", (), message.origin), False)

    def _orphan(self, result: ToolResult) -> None:
        assert self.current is not None
        self.used.add(result.call_id)
        part: dict[str, Any] = {
            "type": "dynamic-tool",
            "toolName": result.name or "tool",
            "toolCallId": result.call_id,
            "input": {},
        }
        self._attach(part, result)
        self.current["parts"].append(part)

    def _attach(self, part: dict[str, Any], result: ToolResult | None) -> None:
        if result is None:
            part.setdefault("state", "input-available")
        elif result.is_error:
            part.setdefault("state", "output-error")
            part["errorText"] = (
                result.content if isinstance(result.content, str) else result_text(result)
            )
        else:
            part.setdefault("state", "output-available")
            content = result.content
            part["output"] = result_text(result) if isinstance(content, tuple) else content

    def _part(self, part: Part, message: Message, native: bool) -> dict[str, Any] | None:
        ctx = self.ctx
        kind = type(part)
        keep_extras = native
        if kind is Text:
            out: dict[str, Any] = {"type": "text", "text": part.text}  # type: ignore[union-attr]
        elif kind is Reasoning:
            assert isinstance(part, Reasoning)
            if part.redacted and self._meta(part) is None:
                return None
            out = {"type": "reasoning", "text": part.text}
        elif kind is ToolCall:
            return self._tool(part, native)  # type: ignore[arg-type]
        elif kind is File:
            assert isinstance(part, File)
            url = part.url or (
                f"data:{part.media_type};base64,{standard_base64(part.data)}" if part.data else ""
            )
            if not url and not native:
                return None
            out = {"type": "file", "mediaType": part.media_type, "url": url}
            if part.filename:
                out["filename"] = part.filename
        elif kind is Source:
            assert isinstance(part, Source)
            if native and part.extra:
                return dict(part.extra) if ctx.request else part.extra  # type: ignore[return-value]
            if part.url:
                out = {"type": "source-url", "sourceId": part.source_id, "url": part.url}
            else:
                out = {
                    "type": "source-document",
                    "sourceId": part.source_id,
                    "mediaType": part.media_type,
                }
            if part.title:
                out["title"] = part.title
            keep_extras = False
        elif kind is Data:
            out = {"type": f"data-{part.name}", "data": part.data}  # type: ignore[union-attr]
        elif kind is Unknown:
            return part.raw if native and isinstance(part.raw, dict) else None  # type: ignore[union-attr]
        else:
            return None
        if getattr(part, "blob", None) is not None:
            meta = self._meta(part)
            if meta is not None:
                out["providerMetadata"] = {meta[0]: meta[1]}
        if keep_extras and part.extra:  # type: ignore[union-attr]
            out.update(self._extras(part.extra))  # type: ignore[union-attr]
        return out

    def _tool(self, part: ToolCall, native: bool) -> dict[str, Any]:
        args = part.arguments if native else arguments_object(part)
        out: dict[str, Any] = {
            "type": f"tool-{part.name}",
            "toolCallId": part.id,
            "input": args if args is not None else {"arguments": part.arguments},
        }
        if part.blob is not None:
            meta = self._meta(part)
            if meta is not None:
                out["callProviderMetadata"] = {meta[0]: meta[1]}
        if native and part.extra:
            out.update(self._extras(part.extra))
        result = self.results.get(part.id)
        if result is not None:
            self.used.add(part.id)
        state = out.get("state")
        if native and isinstance(state, str) and state not in _DONE_STATES:
            return out  # pending, denied or awaiting approval: no result to attach
        self._attach(out, result)
        return out

    def _meta(self, part: Part) -> tuple[str, Any] | None:
        blob = getattr(part, "blob", None)
        if blob is None:
            return None
        issuer = self.ctx.issuer
        if issuer is not None and blob.issuer is not issuer and blob.issuer != issuer:
            return None
        return blob_for_ai_sdk(blob, part)

    def _extras(self, extra: Any) -> Any:
        if not extra:
            return {}
        if self.ctx.request:
            return {k: v for k, v in extra.items() if k not in _METADATA_KEYS}
        return extra


def sendable_file(part: File, role: str) -> bool:
    """A UIMessage file part needs a URL (a data: URL will do)."""
    return bool(part.url or part.data)


# --- What an importer asks of this format ---------------------------------------------------------

_SNIFF_ROLES = frozenset(("user", "assistant", "system"))
# providerMetadata keys, and the provider each names.
_METADATA_PROVIDERS = {
    "anthropic": "anthropic",
    "openai": "openai",
    "google": "google",
    "vertex": "google",
    "deepseek": "deepseek",
    "openrouter": "openrouter",
    "xai": "xai",
    "mistral": "mistral",
    "groq": "groq",
    "bedrock": "amazon-bedrock",
}


def is_message(obj: Any) -> bool:
    """A UIMessage: a role, and typed `parts` instead of `content`."""
    role = obj.get("role") if isinstance(obj, dict) else None
    if not isinstance(role, str) or role not in _SNIFF_ROLES:
        return False
    parts = obj.get("parts")
    return (
        isinstance(parts, list)
        and "content" not in obj
        and all(isinstance(p, dict) and isinstance(p.get("type"), str) for p in parts)
    )


def is_chat(obj: dict[str, Any]) -> bool:
    """A chat object (`{id, messages: [UIMessage...]}`), judged by its first messages."""
    messages = obj.get("messages")
    if not isinstance(messages, list) or "role" in obj or not messages:
        return False
    return all(is_message(m) for m in messages[:20])


def provider_of(raw: dict[str, Any]) -> str | None:
    """The provider a UIMessage names: its metadata, else a part's provider metadata."""
    meta = raw.get("metadata")
    if isinstance(meta, dict) and isinstance(meta.get("provider"), str) and meta["provider"]:
        return meta["provider"]
    parts = raw.get("parts")
    for part in parts if isinstance(parts, list) else ():
        if isinstance(part, dict):
            for key in ("providerMetadata", "callProviderMetadata"):
                found = part.get(key)
                if isinstance(found, dict):
                    for name in found:
                        if name in _METADATA_PROVIDERS:
                            return _METADATA_PROVIDERS[name]
    return None


def model_of(raw: dict[str, Any]) -> str | None:
    meta = raw.get("metadata")
    if isinstance(meta, dict):
        for key in ("model", "modelId"):
            if isinstance(meta.get(key), str) and meta[key]:
                return meta[key]
    return None


def time_of(raw: dict[str, Any]) -> Any:
    meta = raw.get("metadata")
    value = meta.get("createdAt") if isinstance(meta, dict) else None
    return value or raw.get("createdAt")


def role_of(raw: dict[str, Any], shape: str) -> str:
    return stored_role(raw, shape, "assistant")
