"""Rendering stored conversations as files: a Markdown transcript, or the raw JSON.

Pure functions over stored records; the command line decides where the text goes. The
transcript is built from the translator's canonical parts, so it reads the same for every
provider: reasoning folded in <details>, tool calls and results as fenced JSON.
"""

from __future__ import annotations

import contextlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from store.importers.common import plain_text
from store.records import ConversationSummary, StoredMessage

_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_BACKTICKS = re.compile(r"`{3,}")
_ROLE_NAMES = {"system": "System", "user": "User", "assistant": "Assistant", "tool": "Tool"}


def json_document(
    conversation: ConversationSummary, messages: Iterable[StoredMessage]
) -> Iterator[str]:
    """The conversation and its raw messages as one JSON document, in chunks."""
    head = {
        "id": str(conversation.id),
        "title": conversation.title,
        "created_at": conversation.created_at.isoformat(),
        "updated_at": conversation.updated_at.isoformat(),
        "metadata": conversation.metadata,
    }
    yield '{\n  "conversation": ' + _indented(head, 2) + ',\n  "messages": ['
    for index, message in enumerate(messages):
        record = {
            "position": message.position,
            "role": message.role,
            "provider": message.provider,
            "model": message.model,
            "format": message.format,
            "created_at": message.created_at.isoformat(),
            "metadata": message.metadata,
            "raw": message.raw,
        }
        yield ("\n    " if index == 0 else ",\n    ") + _indented(record, 4)
    yield "\n  ]\n}\n"


def markdown_transcript(
    conversation: ConversationSummary, messages: Iterable[StoredMessage]
) -> Iterator[str]:
    """A readable transcript: one section per message with its role, model and time."""
    yield f"# {_line(conversation.display_title)}\n\n"
    providers = ", ".join(conversation.providers) or "none"
    models = ", ".join(conversation.models) or "none"
    yield (
        f"- id: `{conversation.id}`\n"
        f"- created: {_time(conversation.created_at)}, updated: {_time(conversation.updated_at)}\n"
        f"- {conversation.message_count} messages; providers: {_line(providers)}; "
        f"models: {_line(models)}\n"
    )
    for message in messages:
        yield "\n" + _message_markdown(message)


def _message_markdown(message: StoredMessage) -> str:
    role = _ROLE_NAMES.get(message.role, message.role.title())
    heading = f"## {role} · {_line(message.model)} · {_time(message.created_at)}\n\n"
    body = "".join(_part_markdown(part) for part in _parts(message)).strip() or "*(no text)*"
    if message.hidden:
        return (
            f"{heading}<details><summary>Hidden {message.role} message</summary>\n\n"
            f"{body}\n\n</details>\n"
        )
    return f"{heading}{body}\n"


def _parts(message: StoredMessage) -> list[Any]:
    """The canonical parts of one stored message, or its raw JSON when it cannot be decoded."""
    try:
        from translate import decode  # type: ignore[attr-defined]
    except ImportError:
        return [_RawJSON(message.raw)]
    try:
        decoded = decode(
            message.raw, message.format, provider=message.provider, model=message.model
        )
    except Exception:  # noqa: BLE001 - any decode failure still exports the raw message
        return [_RawJSON(message.raw)]
    return [part for item in decoded for part in item.parts]


class _RawJSON:
    def __init__(self, raw: Any) -> None:
        self.raw = raw


def _part_markdown(part: Any) -> str:
    kind = type(part).__name__
    if kind == "Text":
        return _block(part.text) + "\n\n"
    if kind == "Reasoning":
        label = "Reasoning (redacted)" if part.redacted else "Reasoning"
        if part.summary:
            label += " summary"
        text = _block(part.text) or "*(not readable: only an encrypted form was kept)*"
        return f"<details><summary>{label}</summary>\n\n{text}\n\n</details>\n\n"
    if kind == "ToolCall":
        arguments = part.arguments
        if isinstance(arguments, str):
            with contextlib.suppress(ValueError):
                arguments = json.loads(arguments) if arguments.strip() else {}
        return f"**Tool call** `{_line(part.name)}` ({_line(part.id)})\n\n" + _fenced(arguments)
    if kind == "ToolResult":
        error = " (error)" if part.is_error else ""
        name = f" `{_line(part.name)}`" if part.name else ""
        return f"**Tool result**{name} ({_line(part.call_id)}){error}\n\n" + _fenced(
            _jsonable(part.content)
        )
    if kind == "File":
        name = part.filename or part.media_type or "file"
        where = part.url if part.url and not part.url.startswith("data:") else ""
        return f"*Attachment: {_line(name)}{' ' + _line(where) if where else ''}*\n\n"
    if kind == "Source":
        return f"*Source: [{_line(part.title or part.url)}]({_line(part.url)})*\n\n"
    if kind == "Data":
        return f"**Data** `{_line(part.name)}`\n\n" + _fenced(part.data)
    if isinstance(part, _RawJSON):
        # Without the translator's decoders, the visible text still makes a transcript.
        text = plain_text(part.raw)
        if text.strip():
            return _block(text) + "\n\n"
    raw = getattr(part, "raw", part)
    return "**Raw message**\n\n" + _fenced(raw)


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        text = getattr(value, "text", None)
        return text if isinstance(text, str) else repr(value)
    return value


def _fenced(value: Any) -> str:
    if isinstance(value, str):
        text, language = value, ""
    else:
        text, language = json.dumps(value, ensure_ascii=False, indent=2, default=str), "json"
    text = _block(text)
    longest = max((len(m.group(0)) for m in _BACKTICKS.finditer(text)), default=2)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text}\n{fence}\n\n"


def _indented(value: Any, level: int) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
    return text.replace("\n", "\n" + " " * level)


def _time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment.utcoffset() is not None else str(moment)


def _line(text: str) -> str:
    return " ".join(_block(text).split())


def _block(text: str) -> str:
    """Untrusted text without controls that would act on a terminal (line breaks stay)."""
    return "".join(
        ch
        for ch in str(text).replace("\r\n", "\n")
        if ch in "\n\t" or (unicodedata.category(ch) != "Cc" and ch not in _BIDI)
    ).strip("\n")
