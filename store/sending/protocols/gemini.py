"""Gemini `streamGenerateContent` (`?alt=sse`) through the `google-genai` SDK, with
`includeThoughts`. The reply is one generateContent response in the REST JSON form the
store keeps: the last chunk's envelope with the candidate's parts aggregated (adjacent
text of the same kind joined; a part carrying a thoughtSignature starts a new part, so
signatures stay on the part they came with)."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Generator
from typing import Any

from store.sending.errors import SendError
from store.sending.events import Delta, Finished, ReasoningDelta, TextDelta, ToolCall
from store.sending.protocols import Call, Cancel, setting

# Thinking models: 2.5 and later.
_THINKING = re.compile(r"gemini-(2\.5|[3-9])", re.IGNORECASE)
_BLOCKED = frozenset(
    ("SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "RECITATION", "IMAGE_SAFETY")
)
# SDK bookkeeping on a response object; not what the provider sent.
_SDK_ONLY = ("sdkHttpResponse", "automaticFunctionCallingHistory", "parsed")


def user_message(text: str) -> dict[str, Any]:
    return {"role": "user", "parts": [{"text": text}]}


def with_message(payload: dict[str, Any], message: dict[str, Any]) -> dict[str, Any]:
    return {**payload, "contents": [*payload.get("contents", []), message]}


def stream(call: Call, cancel: Cancel) -> Generator[Delta | Finished, None, None]:
    from google import genai
    from google.genai import types

    # The client notes which of GOOGLE_API_KEY/GEMINI_API_KEY it would read; the key is
    # passed explicitly, so that warning would only be noise on the terminal.
    logging.getLogger("google_genai._api_client").setLevel(logging.ERROR)
    client = genai.Client(
        api_key=call.key or "none",
        http_options=types.HttpOptions(
            base_url=call.provider.base_url,
            api_version=setting(call, "api_version", "v1beta"),
            timeout=int(call.timeout * 1000),
        ),
    )
    contents = call.payload.get("contents", [])
    config = types.GenerateContentConfig(
        # The contents as the SDK would write them go in as they are: its own conversion
        # validates and walks every part (see request_contents). It still wants contents
        # of its own, so it is given the new message, which these replace.
        http_options=types.HttpOptions(extra_body={"contents": request_contents(contents)})
    )
    system = call.payload.get("systemInstruction")
    if system is not None:
        config.system_instruction = _content(system)
    if call.reasoning and call.settings.get("thinking", True) and _THINKING.search(call.model):
        config.thinking_config = types.ThinkingConfig(include_thoughts=True)
    chunks: list[dict[str, Any]] = []
    last: Any = None
    for chunk in client.models.generate_content_stream(
        model=call.model, contents=[_content(c) for c in contents[-1:]], config=config
    ):
        last = chunk
        data = _as_json(chunk)
        chunks.append(data)
        for part in _parts(data):
            text = part.get("text")
            if isinstance(text, str) and text:
                yield ReasoningDelta(text) if part.get("thought") else TextDelta(text)
            call_part = part.get("functionCall")
            if isinstance(call_part, dict):
                yield ToolCall(
                    str(call_part.get("id", "")),
                    str(call_part.get("name", "")),
                    json.dumps(call_part.get("args", {}), ensure_ascii=False),
                )
        if cancel.requested:
            return
    if last is not None:
        # The envelope (usage, model version, ids) comes from the last chunk, in full.
        chunks[-1] = _dump(last)
    raw = aggregate(chunks)
    _check_blocked(call, raw)
    model = raw.get("modelVersion") or call.model
    yield Finished(raw, str(model), raw.get("usageMetadata"), _finish(raw))


def _content(content: dict[str, Any]) -> Any:
    from google.genai import types

    # The payload is REST JSON (camelCase, signatures in base64); validating it as JSON
    # keeps the bytes fields exact, where a dict would be taken as raw bytes.
    return types.Content.model_validate_json(json.dumps(content))


def request_contents(contents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The contents as the SDK writes them into the request from the same REST JSON.

    Most contents of a long conversation hold only text, thoughts and thought signatures:
    for those the SDK's conversion keeps every field and rewrites the signature in URL-safe
    base64, which is done here directly. Any other content (calls, files, a signature not in
    canonical base64...) goes through the SDK's own conversion, so its quirks stay."""
    return [_plain(c) or _converted(c) for c in contents]


_PLAIN_PART = {"text": str, "thought": bool, "thoughtSignature": str}
_TO_URLSAFE = str.maketrans("+/", "-_")


def _plain(content: dict[str, Any]) -> dict[str, Any] | None:
    parts = content.get("parts")
    role = content.get("role")
    if not (content.keys() <= {"parts", "role"} and isinstance(parts, list)):
        return None
    if not (role is None or isinstance(role, str)):
        return None
    out: list[dict[str, Any]] = []
    for part in parts:
        if not isinstance(part, dict) or not part:
            return None
        for key, value in part.items():
            if _PLAIN_PART.get(key) is not value.__class__:
                return None
        signature = part.get("thoughtSignature")
        if signature is None:
            out.append(part)
            continue
        if not _canonical_base64(signature):
            return None
        out.append({**part, "thoughtSignature": signature.translate(_TO_URLSAFE)})
    # The SDK writes parts before role, and leaves out a missing role.
    return {"parts": out} if role is None else {"parts": out, "role": role}


def _canonical_base64(value: str) -> bool:
    import base64
    import binascii

    try:
        return base64.b64encode(base64.b64decode(value, validate=True)).decode() == value
    except (binascii.Error, ValueError):
        return False


def _converted(content: dict[str, Any]) -> dict[str, Any]:
    # The SDK's conversion of one content, as generate_content applies it to each: there is
    # no public call for it, and the slower public path is what this replaces.
    from google.genai import _common
    from google.genai.models import _Content_to_mldev

    converted = _common.convert_to_dict(_Content_to_mldev(_content(content)))
    out: dict[str, Any] = _common.encode_unserializable_types(converted)
    return out


def _as_json(chunk: Any) -> dict[str, Any]:
    """The chunk's candidate parts as REST JSON. Most chunks carry only a piece of text:
    those are read off the objects, as dumping each of thousands of chunks whole would
    cost more than the SDK's own parsing of them."""
    candidates = chunk.candidates or []
    if len(candidates) != 1 or chunk.prompt_feedback is not None:
        return _dump(chunk)
    candidate = candidates[0]
    if candidate.model_fields_set - {"content", "index"} or candidate.content is None:
        return _dump(chunk)
    parts = []
    for part in candidate.content.parts or []:
        if part.model_fields_set <= {"text", "thought"}:
            plain: dict[str, Any] = {"text": part.text} if part.text is not None else {}
            if part.thought is not None:
                plain["thought"] = part.thought
            parts.append(plain)
        else:
            parts.append(_dump(part))
    return {"candidates": [{"content": {"parts": parts}}]}


def _dump(model: Any) -> dict[str, Any]:
    data: dict[str, Any] = _standard_base64(
        model.model_dump(mode="json", by_alias=True, exclude_none=True)
    )
    return data


# The bytes fields of a response (signatures, inline data).
_BYTES_KEYS = frozenset(("thoughtSignature", "data"))
_URLSAFE = str.maketrans("-_", "+/")


def _standard_base64(value: Any, key: str = "") -> Any:
    """The SDK writes bytes back as URL-safe base64; the API (and so the stored raw) uses
    the standard alphabet. Standard base64 has no '-' or '_', so this restores it exactly."""
    if isinstance(value, dict):
        return {k: _standard_base64(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_standard_base64(v, key) for v in value]
    if isinstance(value, str) and key in _BYTES_KEYS:
        return value.translate(_URLSAFE)
    return value


def aggregate(chunks: list[dict[str, Any]]) -> dict[str, Any]:
    """One response from the streamed chunks."""
    if not chunks:
        return {}
    raw = {k: v for k, v in chunks[-1].items() if k not in _SDK_ONLY}
    parts: list[dict[str, Any]] = []
    candidate: dict[str, Any] = {}
    for chunk in chunks:
        for key, value in chunk.items():
            if key == "promptFeedback":
                raw.setdefault(key, value)
        candidates = chunk.get("candidates") or []
        if not candidates:
            continue
        candidate = {**candidate, **{k: v for k, v in candidates[0].items() if k != "content"}}
        for part in _parts(chunk):
            _add_part(parts, part)
    if candidate or parts:
        content = {"role": "model", "parts": parts}
        raw["candidates"] = [{"content": content, **candidate}]
    return raw


def _add_part(parts: list[dict[str, Any]], part: dict[str, Any]) -> None:
    last = parts[-1] if parts else None
    if (
        last is not None
        and set(part) <= {"text", "thought"}
        and set(last) <= {"text", "thought", "thoughtSignature"}
        and isinstance(last.get("text"), str)
        and isinstance(part.get("text"), str)
        and bool(last.get("thought")) == bool(part.get("thought"))
    ):
        last["text"] += part["text"]
        return
    parts.append(dict(part))


def _parts(chunk: dict[str, Any]) -> list[dict[str, Any]]:
    candidates = chunk.get("candidates") or []
    if not candidates:
        return []
    parts = (candidates[0].get("content") or {}).get("parts") or []
    return [p for p in parts if isinstance(p, dict)]


def _finish(raw: dict[str, Any]) -> str | None:
    candidates = raw.get("candidates") or []
    reason = candidates[0].get("finishReason") if candidates else None
    return str(reason) if reason else None


def _check_blocked(call: Call, raw: dict[str, Any]) -> None:
    feedback = raw.get("promptFeedback") or {}
    label = call.provider.label
    if feedback.get("blockReason"):
        said = str(feedback.get("blockReasonMessage") or "")[:200]
        raise SendError(
            f"{label}: the prompt was blocked ({feedback['blockReason']})"
            + (f": {said}" if said else ""),
            provider=call.provider.name,
            kind="refused",
        )
    reason = _finish(raw)
    if reason in _BLOCKED:
        raise SendError(
            f"{label}: the reply was blocked ({reason})",
            provider=call.provider.name,
            kind="refused",
        )
