"""What the message pane shows: stored records decoded into plain, drawable parts.

A stored record decodes (`translate.decode`) into one or more canonical messages, each a
tuple of parts. The pane draws the `Shown` messages built here, keyed like the translation
report's entries, (record, message, part), so that a view's badges fall on the right part.
Building these runs in a worker, next to the store call that loaded the records.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from store import StoredMessage
from translate import (
    Data,
    File,
    Part,
    Reasoning,
    Report,
    Source,
    Text,
    ToolCall,
    ToolResult,
    TranslateError,
    Unknown,
    decode,
)

PartKind = Literal[
    "text", "reasoning", "tool-call", "tool-result", "file", "source", "data", "unknown"
]


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


@dataclass(frozen=True, slots=True)
class Badge:
    """What a translation did to one part under the current view."""

    action: str
    label: str
    reason: str = ""


@dataclass(slots=True)
class ViewReport:
    """The part of a translation report the pane needs, without the payload."""

    summary: str
    badges: dict[tuple[int, int, int], Badge] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def shown_messages(stored: StoredMessage) -> list[Shown]:
    """The messages of one stored record, decoded by the translator, ready to draw.

    A record the translator cannot read is shown as its raw JSON, with the reason.
    `record` is the stored position, which is the record's index in the conversation
    (positions are dense from 0), as the report's entries count them.
    """
    record = stored.position
    try:
        decoded = decode(stored.raw, stored.format, provider=stored.provider, model=stored.model)
    except TranslateError as exc:
        return [_raw(stored, f"shown raw: {' '.join(str(exc).split())[:200]}")]
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
    """One canonical part, as the pane draws it."""
    if isinstance(part, Text):
        return ShownPart("text", text=part.text, key=key)
    if isinstance(part, Reasoning):
        flags = [name for name in ("summary", "redacted") if getattr(part, name)]
        if not part.text and part.blob is not None and not part.redacted:
            flags.append("encrypted")
        return ShownPart("reasoning", text=part.text, label=", ".join(flags), key=key)
    if isinstance(part, ToolCall):
        return ShownPart(
            "tool-call",
            label=part.name,
            text=part.id,
            payload=_arguments(part.arguments),
            has_payload=True,
            key=key,
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
        )
    if isinstance(part, File):
        what = part.filename or part.media_type or "file"
        where = part.url if part.url and not part.url.startswith("data:") else ""
        size = f"{len(part.data) * 3 // 4:,} bytes inline" if part.data else ""
        detail = " · ".join(x for x in (part.media_type, where, part.file_id, size) if x)
        return ShownPart("file", label=what, text=detail, key=key)
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
    if isinstance(content, tuple):
        return [_result(item) for item in content]
    if isinstance(content, Text):
        return content.text
    if isinstance(content, File):
        return {"file": content.filename or content.media_type or content.url or "file"}
    return content


def view_report(report: Report | None) -> ViewReport:
    """Badges keyed by (record, message, part), from a translation report.

    A part can have several entries (a reasoning block and its signature); its badge is
    the reasoning entry's when there is one, as `Report.badge` chooses.
    """
    if report is None:
        return ViewReport(summary="")
    badges: dict[tuple[int, int, int], Badge] = {}
    for entry in report.entries:
        key = (entry.record, entry.message, entry.part)
        if key not in badges or entry.kind == "reasoning":
            badges[key] = Badge(entry.action, entry.badge, entry.reason)
    return ViewReport(summary=report.summary(), badges=badges, warnings=tuple(report.warnings))


def attachments_by_message(records: Iterable[Any]) -> Mapping[Any, list[Any]]:
    grouped: dict[Any, list[Any]] = {}
    for record in records:
        grouped.setdefault(record.message_id, []).append(record)
    return grouped
