"""Stored records as readable parts, and those parts as Markdown: one renderer for all.

A stored record decodes (`translate.decode`) into one or more canonical messages, each a
tuple of parts. `shown_messages` turns them into plain `Shown`/`ShownPart` values, keyed
like the translation report's entries, (record, message, part), so that a view's badges
fall on the right part. The app draws these as widgets; `part_markdown` writes them as the
Markdown of an exported transcript. The translator is imported where it is used, so that
importing this module costs nothing at start-up.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from store.sanitise import strip, strip_line

if TYPE_CHECKING:
    from store.records import StoredMessage
    from translate import Message, Part

PartKind = Literal[
    "text", "reasoning", "tool-call", "tool-result", "file", "source", "data", "unknown"
]

_BACKTICKS = re.compile(r"`{3,}")


@dataclass(frozen=True, slots=True)
class ShownPart:
    kind: PartKind
    # Markdown (text, reasoning) or a one-line description (file, source).
    text: str = ""
    # The part's qualifier: the tool name, "summary", "redacted", a file name, a label.
    label: str = ""
    # JSON shown folded under the part: tool arguments and results, unknown raw data.
    payload: Any = None
    has_payload: bool = False
    is_error: bool = False
    # Where the part sits: (record, message, part), the key of a translation report entry.
    key: tuple[int, int, int] = (0, 0, 0)
    # Reasoning: which of "summary", "redacted", "encrypted" apply (`label` joins them).
    flags: tuple[str, ...] = ()
    # Tool parts: the tool's name and the call id, each "" when the source has none.
    name: str = ""
    call_id: str = ""
    # Files: where the file is, when it is not inline data.
    url: str = ""


@dataclass(frozen=True, slots=True)
class Shown:
    record: int
    message: int
    role: str
    provider: str
    model: str
    format: str
    created_at: datetime
    hidden: bool
    parts: tuple[ShownPart, ...]
    # Why the record shows as raw JSON, when it could not be decoded.
    note: str = ""
    # Decoded from a provider view's payload (what that provider receives), not stored.
    translated: bool = False


def decode_record(stored: StoredMessage) -> tuple[list[Message] | None, str]:
    """The canonical messages of one record, or None and the reason it cannot be read."""
    from translate import decode

    try:
        return decode(stored.raw, stored.format, provider=stored.provider, model=stored.model), ""
    except Exception as exc:  # noqa: BLE001 - an unreadable record is shown raw, never fatal
        return None, " ".join(str(exc).split())[:200]


def shown_messages(stored: StoredMessage) -> list[Shown]:
    """The messages of one stored record, decoded by the translator, ready to draw.

    A record the translator cannot read is shown as its raw JSON, with the reason.
    `record` is the stored position, which is the record's index in the conversation
    (positions are dense from 0), as the report's entries count them.
    """
    record = stored.position
    decoded, reason = decode_record(stored)
    if decoded is None:
        return [_raw(stored, f"shown raw: {reason}")]
    if not decoded:
        return [_raw(stored, "")]
    return [
        Shown(
            record=record,
            message=m,
            role=message.role,
            provider=stored.provider,
            model=stored.model,
            format=stored.format,
            created_at=stored.created_at,
            hidden=stored.hidden or message.hidden,
            parts=tuple(shown_part(part, (record, m, p)) for p, part in enumerate(message.parts)),
        )
        for m, message in enumerate(decoded)
    ]


def _raw(stored: StoredMessage, note: str) -> Shown:
    return Shown(
        record=stored.position,
        message=0,
        role=stored.role,
        provider=stored.provider,
        model=stored.model,
        format=stored.format,
        created_at=stored.created_at,
        hidden=stored.hidden,
        parts=(
            ShownPart(
                "unknown",
                label=f"raw {stored.format}",
                payload=stored.raw,
                has_payload=True,
                key=(stored.position, 0, 0),
            ),
        ),
        note=note,
    )


def shown_part(part: Part, key: tuple[int, int, int]) -> ShownPart:
    """One canonical part, as the app draws it and the transcript writes it."""
    from translate import Data, File, Reasoning, Source, Text, ToolCall, ToolResult, Unknown

    if isinstance(part, Text):
        return ShownPart("text", text=part.text, key=key)
    if isinstance(part, Reasoning):
        flags = [name for name in ("summary", "redacted") if getattr(part, name)]
        if not part.text and part.blob is not None and not part.redacted:
            flags.append("encrypted")
        return ShownPart(
            "reasoning", text=part.text, label=", ".join(flags), key=key, flags=tuple(flags)
        )
    if isinstance(part, ToolCall):
        return ShownPart(
            "tool-call",
            label=part.name,
            text=part.id,
            payload=_arguments(part.arguments),
            has_payload=True,
            key=key,
            name=part.name,
            call_id=part.id,
        )
    if isinstance(part, ToolResult):
        return ShownPart(
            "tool-result",
            label=part.name or part.call_id,
            text=part.call_id if part.name else "",
            payload=_result(part.content),
            has_payload=True,
            is_error=part.is_error,
            key=key,
            name=part.name or "",
            call_id=part.call_id,
        )
    if isinstance(part, File):
        what = part.filename or part.media_type or "file"
        where = part.url if part.url and not part.url.startswith("data:") else ""
        size = f"{len(part.data) * 3 // 4:,} bytes inline" if part.data else ""
        detail = " · ".join(x for x in (part.media_type, where, part.file_id, size) if x)
        return ShownPart("file", label=what, text=detail, key=key, url=where or "")
    if isinstance(part, Source):
        return ShownPart(
            "source", label=part.title or part.url or part.filename, text=part.url, key=key
        )
    if isinstance(part, Data):
        return ShownPart("data", label=part.name, payload=part.data, has_payload=True, key=key)
    raw = part.raw if isinstance(part, Unknown) else part
    label = part.label if isinstance(part, Unknown) and part.label else "unknown part"
    return ShownPart("unknown", label=label, payload=raw, has_payload=True, key=key)


def _arguments(arguments: Any) -> Any:
    """Tool arguments as JSON data: OpenAI formats keep them as a JSON string."""
    if isinstance(arguments, str):
        try:
            return json.loads(arguments) if arguments.strip() else {}
        except (ValueError, RecursionError):
            return arguments
    return arguments


def _result(content: Any) -> Any:
    """A tool result's content as JSON data: strings stay strings, parts become plain values."""
    from translate import File, Text

    if isinstance(content, tuple):
        return [_result(item) for item in content]
    if isinstance(content, Text):
        return content.text
    if isinstance(content, File):
        return {"file": content.filename or content.media_type or content.url or "file"}
    return content


# Markdown, for plain output: untrusted text has its controls stripped (Policy.STRIP).


def part_markdown(part: ShownPart) -> str:
    """One part as Markdown: reasoning folded in <details>, tool calls and results fenced."""
    kind = part.kind
    if kind == "text":
        return md_block(part.text) + "\n\n"
    if kind == "reasoning":
        label = "Reasoning (redacted)" if "redacted" in part.flags else "Reasoning"
        if "summary" in part.flags:
            label += " summary"
        text = md_block(part.text) or "*(not readable: only an encrypted form was kept)*"
        return f"<details><summary>{label}</summary>\n\n{text}\n\n</details>\n\n"
    if kind == "tool-call":
        head = f"**Tool call** `{md_line(part.name)}` ({md_line(part.call_id)})\n\n"
        return head + fenced(part.payload)
    if kind == "tool-result":
        error = " (error)" if part.is_error else ""
        name = f" `{md_line(part.name)}`" if part.name else ""
        head = f"**Tool result**{name} ({md_line(part.call_id)}){error}\n\n"
        return head + fenced(part.payload)
    if kind == "file":
        where = f" {md_line(part.url)}" if part.url else ""
        return f"*Attachment: {md_line(part.label)}{where}*\n\n"
    if kind == "source":
        return f"*Source: [{md_line(part.label)}]({md_line(part.text)})*\n\n"
    if kind == "data":
        return f"**Data** `{md_line(part.label)}`\n\n" + fenced(part.payload)
    return "**Raw message**\n\n" + fenced(part.payload)


def fenced(value: Any) -> str:
    """A fenced block longer than any run of backticks inside it: text, or JSON."""
    if isinstance(value, str):
        text, language = value, ""
    else:
        text, language = json.dumps(value, ensure_ascii=False, indent=2, default=str), "json"
    text = md_block(text)
    longest = max((len(m.group(0)) for m in _BACKTICKS.finditer(text)), default=2)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text}\n{fence}\n\n"


def md_line(text: str) -> str:
    return " ".join(strip_line(str(text)).split())


def md_block(text: str) -> str:
    return strip(str(text)).strip("\n")
