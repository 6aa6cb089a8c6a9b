"""What the message pane shows, decoupled from how it was decoded.

A stored record decodes (through `translate.decode`) into one or more canonical messages,
each a tuple of parts. The pane draws `Shown` messages built here, so it neither imports
the canonical classes nor cares which decoder produced them. Until the translator can
decode a record, the record is shown as its raw JSON, which is the truth anyway.

Building these runs in a worker, next to the store call that loaded the records.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from store import StoredMessage

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
    reason: str = ""

    @property
    def label(self) -> str:
        return _BADGE_LABELS.get(self.action, self.action)


_BADGE_LABELS = {
    "kept-native": "replayed natively",
    "converted": "converted to text",
    "dropped": "dropped",
    "synthesized": "synthesized",
    "renamed-id": "id renamed",
}


@dataclass(slots=True)
class ViewReport:
    """The part of a translation report the pane needs, without the payload."""

    summary: str
    badges: dict[tuple[int, int, int], Badge] = field(default_factory=dict)


def _decoder() -> Callable[..., Any] | None:
    try:
        module = importlib.import_module("translate")
    except ImportError:  # pragma: no cover - translate is part of this project
        return None
    return getattr(module, "decode", None)


def decoder_available() -> bool:
    return _decoder() is not None


def shown_messages(stored: StoredMessage) -> list[Shown]:
    """The messages of one stored record, ready to draw."""
    decode = _decoder()
    record = stored.position
    if decode is not None:
        try:
            decoded = decode(
                stored.raw, stored.format, provider=stored.provider, model=stored.model
            )
        except Exception as exc:  # noqa: BLE001 - any decoder failure shows the raw record
            return [_raw(stored, f"could not decode: {' '.join(str(exc).split())[:200]}")]
        return [
            Shown(
                record=record,
                message=m,
                role=str(getattr(message, "role", stored.role)),
                provider=stored.provider,
                model=stored.model,
                format=stored.format,
                created_at=stored.created_at,
                hidden=stored.hidden or bool(getattr(message, "hidden", False)),
                parts=tuple(
                    shown_part(part, (record, m, p))
                    for p, part in enumerate(getattr(message, "parts", ()))
                ),
            )
            for m, message in enumerate(decoded)
        ]
    return [_raw(stored, "")]


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


def shown_part(part: Any, key: tuple[int, int, int]) -> ShownPart:
    """One canonical part (matched by class name, so the pane does not import translate)."""
    kind = type(part).__name__
    if kind == "Text":
        return ShownPart("text", text=part.text, key=key)
    if kind == "Reasoning":
        flags = [name for name in ("summary", "redacted") if getattr(part, name, False)]
        if not part.text and getattr(part, "blob", None) is not None:
            flags.append("encrypted")
        return ShownPart("reasoning", text=part.text, label=", ".join(flags), key=key)
    if kind == "ToolCall":
        return ShownPart(
            "tool-call",
            label=part.name,
            text=part.id,
            payload=_arguments(part.arguments),
            has_payload=True,
            key=key,
        )
    if kind == "ToolResult":
        return ShownPart(
            "tool-result",
            label=part.name or part.call_id,
            text=part.call_id,
            payload=_result(part.content),
            has_payload=True,
            is_error=bool(part.is_error),
            key=key,
        )
    if kind == "File":
        what = part.filename or part.media_type or "file"
        where = part.url if part.url and not part.url.startswith("data:") else ""
        size = f"{len(part.data) * 3 // 4:,} bytes inline" if part.data else ""
        detail = " · ".join(x for x in (part.media_type, where, part.file_id, size) if x)
        return ShownPart("file", label=what, text=detail, key=key)
    if kind == "Source":
        return ShownPart(
            "source", label=part.title or part.url or part.filename, text=part.url, key=key
        )
    if kind == "Data":
        return ShownPart("data", label=part.name, payload=part.data, has_payload=True, key=key)
    raw = getattr(part, "raw", part)
    return ShownPart(
        "unknown",
        label=getattr(part, "label", "") or "unknown part",
        payload=raw,
        has_payload=True,
        key=key,
    )


def _arguments(arguments: Any) -> Any:
    if isinstance(arguments, str):
        import json

        try:
            return json.loads(arguments) if arguments.strip() else {}
        except (ValueError, RecursionError):
            return arguments
    return arguments


def _result(content: Any) -> Any:
    if isinstance(content, tuple):
        return [_result(item) for item in content]
    if type(content).__name__ == "Text":
        return content.text
    if hasattr(content, "__dataclass_fields__"):
        return {
            name: getattr(content, name)
            for name in content.__dataclass_fields__
            if name not in ("extra", "blob") and getattr(content, name)
        }
    return content


def view_report(report: Any) -> ViewReport:
    """Badges keyed by (record, message, part), from a translation report."""
    summary = report.summary() if callable(getattr(report, "summary", None)) else ""
    entries: Iterable[Any] = getattr(report, "entries", None) or ()
    badges: dict[tuple[int, int, int], Badge] = {}
    for entry in entries:
        key = (int(entry.record), int(entry.message), int(entry.part))
        # The first entry for a part is what happened to the part itself; later ones (an id
        # renamed as well, say) are details the reason already carries.
        badges.setdefault(key, Badge(str(entry.action), str(getattr(entry, "reason", ""))))
    return ViewReport(summary=str(summary), badges=badges)


def attachments_by_message(records: Iterable[Any]) -> Mapping[Any, list[Any]]:
    grouped: dict[Any, list[Any]] = {}
    for record in records:
        grouped.setdefault(record.message_id, []).append(record)
    return grouped
