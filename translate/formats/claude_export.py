"""Claude.ai data export (decode only): one ``chat_messages[]`` entry.

Newer exports carry a ``content[]`` block array (text, thinking, tool_use, tool_result,
token_budget...); older ones only ``text``, which is also the fallback when ``content`` is
missing or empty. Tool calls and their results sit in the same assistant entry, so the entry
is split the way a provider would have seen it: assistant, then tool results, then the rest.
Uploaded files are not in the export, only their names and any extracted text.
"""

from __future__ import annotations

from typing import Any

from translate.canonical import (
    Message,
    Origin,
    Part,
    ToolResult,
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
from translate.fields import need_object, need_str
from translate.records import Target

FORMAT = "claude-export"

_SENDERS = {"human": "user", "assistant": "assistant"}
_SILENT_BLOCKS = frozenset(("token_budget",))  # timestamps only: nothing to show or send
_IMAGE_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}


def decode(raw: Any, *, provider: str = "", model: str = "") -> list[Message]:
    msg = need_object(raw)
    sender = need_str(msg, "sender")
    role = _SENDERS.get(sender)
    if role is None:
        raise TranslateError("sender", f'expected "human" or "assistant", got {sender!r}')
    origin = origin_of(provider or "anthropic", FORMAT, model)
    leading = _attachments(msg)
    content = msg.get("content")
    if isinstance(content, list) and content:
        try:
            return _split(role, leading, _blocks(content), origin)
        except TranslateError as error:
            raise error.within("content") from None
    text = msg.get("text")
    if text is not None and not isinstance(text, str):
        raise expected("text", "a string", text)
    parts = [*leading, new_text(text)] if text else leading
    return [new_message(role, tuple(parts), origin)]


def encode(messages: list[Message], *, target: Target | None = None) -> Any:
    raise TranslateError("", "claude-export is an import format: it can be decoded, not encoded")


def _split(role: str, leading: list[Part], parts: list[Part], origin: Origin) -> list[Message]:
    out: list[Message] = []
    current: list[Part] = list(leading)
    results: list[Part] = []
    for part in parts:
        if type(part) is ToolResult:
            results.append(part)
            continue
        if results:
            out.append(new_message(role, tuple(current), origin))
            out.append(new_message("tool", tuple(results), origin))
            current, results = [], []
        current.append(part)
    if current or not out:
        out.append(new_message(role, tuple(current), origin))
    if results:
        out.append(new_message("tool", tuple(results), origin))
    return out


def _blocks(content: list[Any]) -> list[Part]:
    parts: list[Part] = []
    for i, raw in enumerate(content):
        try:
            block = need_object(raw)
            part = _block(block)
        except TranslateError as error:
            raise error.within(f"[{i}]") from None
        if part is not None:
            parts.append(part)
    return parts


def _block(block: dict[str, Any]) -> Part | None:
    kind = block.get("type")
    if kind == "text":
        text = block.get("text")
        return new_text(text) if isinstance(text, str) and text else None
    if kind == "thinking":
        thinking = block.get("thinking")
        if isinstance(thinking, str) and thinking:
            return new_reasoning(thinking)
        summaries = block.get("summaries")
        texts = [
            s["summary"]
            for s in (summaries if isinstance(summaries, list) else [])
            if isinstance(s, dict) and isinstance(s.get("summary"), str)
        ]
        return new_reasoning("\n\n".join(texts), summary=True) if texts else None
    if kind == "tool_use":
        return new_tool_call(need_str(block, "id"), need_str(block, "name"), block.get("input", {}))
    if kind == "tool_result":
        name = block.get("name")
        return new_tool_result(
            need_str(block, "tool_use_id"),
            _result_text(block.get("content")),
            block.get("is_error") is True,
            name if isinstance(name, str) else "",
        )
    if kind in _SILENT_BLOCKS:
        return None
    return new_unknown(block, str(kind or "block"))


def _result_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if not isinstance(content, list):
        return ""
    texts = []
    for item in content:
        if not isinstance(item, dict):
            continue
        if item.get("type") == "knowledge":
            fields = (item.get("title"), item.get("url"), item.get("text"))
            texts.append("\n".join(f for f in fields if isinstance(f, str) and f))
        elif isinstance(item.get("text"), str):
            texts.append(item["text"])
    return "\n\n".join(t for t in texts if t)


def _attachments(msg: dict[str, Any]) -> list[Part]:
    parts: list[Part] = []
    attachments = msg.get("attachments")
    for item in attachments if isinstance(attachments, list) else []:
        if not isinstance(item, dict):
            continue
        name = item.get("file_name") if isinstance(item.get("file_name"), str) else ""
        kind = item.get("file_type") if isinstance(item.get("file_type"), str) else ""
        text = (
            item.get("extracted_content") if isinstance(item.get("extracted_content"), str) else ""
        )
        # Extracted text is what the model read; anything else about the upload is gone.
        parts.append(
            new_file(
                "text/plain" if text else kind or "application/octet-stream",
                text=text,
                filename=name,
            )
        )
    files = msg.get("files")
    for item in files if isinstance(files, list) else []:
        if isinstance(item, dict) and isinstance(item.get("file_name"), str):
            name = item["file_name"]
            ext = name.rpartition(".")[2].lower()
            parts.append(new_file(_IMAGE_TYPES.get(ext, "application/octet-stream"), filename=name))
    return parts


# --- What an importer asks of this format ---------------------------------------------------------

PROVIDER = "anthropic"
# Senders an importer stores, and the role each is (`_SENDERS` are those decoding shows).
_IMPORTED_SENDERS = {**_SENDERS, "user": "user", "system": "system"}


def is_conversation(obj: dict[str, Any]) -> bool:
    """One conversation of the export: it has `chat_messages`."""
    return "chat_messages" in obj


def role_of(entry: dict[str, Any]) -> str | None:
    """The role of a `chat_messages[]` entry; None for a sender the export never uses."""
    sender = entry.get("sender")
    return _IMPORTED_SENDERS.get(sender) if isinstance(sender, str) else None
