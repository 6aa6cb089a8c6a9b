"""ChatGPT data export (decode only): one ``mapping`` node, or the ``message`` object it holds.

Tool traffic is recovered from the tree: an assistant message addressed to a tool
(``recipient`` other than "all") is a call whose id is the message id, and a tool message
answers the call it hangs under, so its result's call id is its parent node id. A tool message
under another tool message (the browser quoting twice) has no call of its own; the translator
pairs or synthesises as the target needs.

Citation markers are resolved from ``metadata.citations`` (2023, ``【5†source】``) and
``metadata.content_references`` (2024+, ``\\ue200cite\\ue202turn0search3\\ue201``), and any
marker left over is stripped, so neither search nor the screen shows private-use garbage.
Messages the ChatGPT UI hides (exports.md §1.6) are flagged ``hidden``.
"""

from __future__ import annotations

import re
from typing import Any

from translate.canonical import (
    Message,
    Part,
    new_file,
    new_message,
    new_reasoning,
    new_text,
    new_tool_call,
    new_tool_result,
    new_unknown,
    origin_of,
)
from translate.errors import TranslateError, expected
from translate.fields import need_field_object, need_object, need_str, opt_str
from translate.records import Target

FORMAT = "chatgpt-export"

_ROLES = {"system": "system", "user": "user", "assistant": "assistant", "tool": "tool"}
_VISIBLE_TOOL_CONTENT = frozenset(("execution_output", "tether_quote", "multimodal_text"))
_HIDDEN_CONTENT = frozenset(("tether_browsing_display", "thoughts", "reasoning_recap"))
_OLD_CITATION = re.compile(r"【\d+(?::\d+)?†[^】]*】")
_NEW_CITATION = re.compile("\ue200[^\ue201]*\ue201")
_SPAN_MARKS = str.maketrans("", "", "\ue203\ue204")


def decode(raw: Any, *, provider: str = "", model: str = "") -> list[Message]:
    obj = need_object(raw)
    parent = None
    if "message" in obj and "author" not in obj:
        parent = opt_str(obj, "parent")
        message = obj["message"]
        if message is None:
            return []  # the root of the tree holds no message
        try:
            return [_decode_message(need_object(message), parent, provider, model)]
        except TranslateError as error:
            raise error.within("message") from None
    return [_decode_message(obj, parent, provider, model)]


def encode(messages: list[Message], *, target: Target | None = None) -> Any:
    raise TranslateError("", "chatgpt-export is an import format: it can be decoded, not encoded")


def _decode_message(msg: dict[str, Any], parent: str | None, provider: str, model: str) -> Message:
    author = need_field_object(msg, "author")
    try:
        raw_role = need_str(author, "role")
    except TranslateError as error:
        raise error.within("author") from None
    content = need_field_object(msg, "content")
    try:
        content_type = need_str(content, "content_type")
    except TranslateError as error:
        raise error.within("content") from None
    metadata = msg.get("metadata") if isinstance(msg.get("metadata"), dict) else {}
    assert isinstance(metadata, dict)
    model = model or opt_str(metadata, "model_slug") or ""
    origin = origin_of(provider or "openai", FORMAT, model)
    role = _ROLES.get(raw_role, "tool")
    recipient = msg.get("recipient")
    to_tool = role == "assistant" and isinstance(recipient, str) and recipient != "all"
    if parent is None:
        parent = opt_str(metadata, "parent_id")
    message_id = opt_str(msg, "id") or ""
    author_name = opt_str(author, "name") or ""
    try:
        role, parts = _decode_content(
            content,
            content_type,
            role,
            to_tool,
            recipient,
            message_id,
            parent or "",
            author_name,
            metadata,
        )
    except TranslateError as error:
        raise error.within("content") from None
    hidden = _is_hidden(msg, raw_role, content_type, parts, metadata, recipient)
    return new_message(role, tuple(parts), origin, hidden=hidden)


def _is_hidden(
    msg: dict[str, Any],
    role: str,
    content_type: str,
    parts: list[Part],
    metadata: dict[str, Any],
    recipient: Any,
) -> bool:
    if not parts or metadata.get("is_visually_hidden_from_conversation") is True:
        return True
    if role == "system" and metadata.get("is_user_system_message") is not True:
        return True
    if role == "tool" and content_type not in _VISIBLE_TOOL_CONTENT:
        return True
    if role == "assistant" and recipient not in (None, "all"):
        return True
    return content_type in _HIDDEN_CONTENT


def _decode_content(
    content: dict[str, Any],
    content_type: str,
    role: str,
    to_tool: bool,
    recipient: Any,
    message_id: str,
    parent: str,
    author_name: str,
    metadata: dict[str, Any],
) -> tuple[str, list[Part]]:
    if content_type == "text":
        texts = _string_parts(content)
        if role == "assistant":
            texts = [_resolve_citations(t, metadata) for t in texts]
        if to_tool:
            return role, [new_tool_call(message_id, str(recipient), "\n".join(texts))]
        if role == "tool":
            return role, [new_tool_result(parent, "\n".join(texts), name=author_name)]
        return role, [new_text(t) for t in texts if t]
    if content_type == "multimodal_text":
        parts = _multimodal_parts(content)
        if role == "tool":
            return role, [new_tool_result(parent, tuple(parts), name=author_name)]
        return role, parts
    if content_type == "code":
        text = _field_text(content, "text")
        language = content.get("language")
        if to_tool:
            arguments = {"code": text}
            if isinstance(language, str) and language != "unknown":
                arguments["language"] = language
            return role, [new_tool_call(message_id, str(recipient), arguments)]
        fence = language if isinstance(language, str) and language != "unknown" else ""
        return role, [new_text(f"```{fence}\n{text}\n```")]
    if content_type in ("execution_output", "citable_code_output"):
        text = _field_text(content, "text" if content_type == "execution_output" else "output_str")
        return "tool", [new_tool_result(parent, text, name=author_name or "python")]
    if content_type == "tether_browsing_display":
        text = _joined(content.get("result"), content.get("summary"))
        return "tool", [new_tool_result(parent, text, name=author_name or "browser")]
    if content_type in ("tether_quote", "sonic_webpage"):
        body = content.get("text") or content.get("snippet")
        text = _joined(content.get("title"), content.get("url"), body)
        return "tool", [new_tool_result(parent, text, name=author_name or "browser")]
    if content_type == "computer_output":
        state = content.get("state")
        text = _joined(state.get("title"), state.get("url")) if isinstance(state, dict) else ""
        return "tool", [new_tool_result(parent, text, name=author_name or "computer")]
    if content_type == "system_error":
        text = _joined(content.get("name"), content.get("text"))
        return "tool", [new_tool_result(parent, text, is_error=True, name=author_name)]
    if content_type == "thoughts":
        return role, _thoughts(content)
    if content_type == "reasoning_recap":
        recap = content.get("content")
        return role, [new_reasoning(recap, summary=True)] if isinstance(
            recap, str
        ) and recap else []
    if content_type == "user_editable_context":
        # Custom instructions: the model read them as a system prompt.
        text = _joined(content.get("user_profile"), content.get("user_instructions"))
        return "system", [new_text(text)] if text else []
    if content_type == "model_editable_context":
        text = _joined(content.get("model_set_context"))
        return "system", [new_text(text)] if text else []
    return role, [new_unknown(content, content_type)]


def _string_parts(content: dict[str, Any]) -> list[str]:
    parts = content.get("parts")
    if parts is None:
        return []
    if not isinstance(parts, list):
        raise expected("parts", "an array", parts)
    return [p for p in parts if isinstance(p, str)]


def _multimodal_parts(content: dict[str, Any]) -> list[Part]:
    raw_parts = content.get("parts")
    if not isinstance(raw_parts, list):
        raise expected("parts", "an array", raw_parts)
    parts: list[Part] = []
    for item in raw_parts:
        if isinstance(item, str):
            if item:
                parts.append(new_text(item))
            continue
        kind = item.get("content_type") if isinstance(item, dict) else None
        if kind == "audio_transcription" and isinstance(item.get("text"), str):
            parts.append(new_text(item["text"]))
        elif kind in ("image_asset_pointer", "audio_asset_pointer") and isinstance(
            item.get("asset_pointer"),
            str,
        ):
            media = "image/*" if kind == "image_asset_pointer" else "audio/*"
            # The pointer names a file inside the export archive, not something a model can read.
            parts.append(new_file(media, url=item["asset_pointer"], extra=item))
        else:
            parts.append(new_unknown(item, str(kind or "part")))
    return parts


def _thoughts(content: dict[str, Any]) -> list[Part]:
    thoughts = content.get("thoughts")
    if not isinstance(thoughts, list):
        return []
    parts: list[Part] = []
    for thought in thoughts:
        if isinstance(thought, dict):
            text = _joined(thought.get("summary"), thought.get("content"))
            if text:
                parts.append(new_reasoning(text, summary=True))
    return parts


def _field_text(content: dict[str, Any], key: str) -> str:
    value = content.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise expected(key, "a string", value)
    return value


def _joined(*values: Any) -> str:
    return "\n\n".join(v for v in values if isinstance(v, str) and v)


def _resolve_citations(text: str, metadata: dict[str, Any]) -> str:
    if "【" in text:
        text = _resolve_old_citations(text, metadata.get("citations"))
    if "\ue200" in text or "\ue203" in text:
        references = metadata.get("content_references")
        if isinstance(references, list):
            for ref in references:
                if not isinstance(ref, dict):
                    continue
                matched = ref.get("matched_text")
                if isinstance(matched, str) and matched and matched in text:
                    alt = ref.get("alt")
                    text = text.replace(matched, alt if isinstance(alt, str) else "")
        text = _NEW_CITATION.sub("", text).translate(_SPAN_MARKS)
    return text


def _resolve_old_citations(text: str, citations: Any) -> str:
    if isinstance(citations, list):
        spans = []
        for citation in citations:
            if not isinstance(citation, dict):
                continue
            start, end = citation.get("start_ix"), citation.get("end_ix")
            if not (
                isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
            ):
                continue
            if not _OLD_CITATION.fullmatch(text, start, end):
                continue
            meta = citation.get("metadata")
            url = meta.get("url") if isinstance(meta, dict) else None
            title = meta.get("title") if isinstance(meta, dict) else None
            link = f" ([{title or url}]({url}))" if isinstance(url, str) and url else ""
            spans.append((start, end, link))
        for start, end, link in sorted(spans, reverse=True):
            text = text[:start] + link + text[end:]
    return _OLD_CITATION.sub("", text)


# --- What an importer asks of this format ---------------------------------------------------------

PROVIDER = "openai"
# Context the model sees but the user did not write in the chat.
_CONTEXT_TYPES = frozenset(("user_editable_context", "model_editable_context"))


def is_conversation(obj: dict[str, Any]) -> bool:
    """One conversation of the export: its messages are a `mapping` of nodes."""
    return isinstance(obj.get("mapping"), dict)


def model_of(message: dict[str, Any]) -> str | None:
    """The model a message names (`metadata.model_slug`); prompts name none."""
    meta = message.get("metadata")
    slug = meta.get("model_slug") if isinstance(meta, dict) else None
    return slug if isinstance(slug, str) and slug.strip() else None


def role_of(message: dict[str, Any]) -> str:
    content = message.get("content")
    kind = content.get("content_type") if isinstance(content, dict) else None
    if isinstance(kind, str) and kind in _CONTEXT_TYPES:
        return "system"  # instructions to the model, whatever author ChatGPT records
    author = message.get("author")
    role = author.get("role") if isinstance(author, dict) else None
    if isinstance(role, str) and role in _ROLES:
        return _ROLES[role]
    return "tool" if role else "assistant"
