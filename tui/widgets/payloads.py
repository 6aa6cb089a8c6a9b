"""What a provider view sends: its payload JSON and report, built in workers.

"Original" is the stored messages as they are, a JSON array of the raw records; any
other view goes through the translator (`store.load_conversation(id, view)`). Export is
`store.export.write`, the very code of `threadkeep export`. All of these run in thread
workers and may take a while on a long conversation; nothing here touches widgets. The
store and the translator are imported where used, so the app paints before they load.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.widgets.parts import Shown, ViewReport, shown_part, view_report
from tui.widgets.safe import json_text
from tui.widgets.views import ORIGINAL, label

if TYPE_CHECKING:
    import uuid
    from datetime import datetime

    from store import Store


def export_formats() -> tuple[tuple[str, str], ...]:
    """The formats of `threadkeep export --as`, and what the dialog calls them."""
    from store.export import JSON, MARKDOWN, provider_views

    return (
        (JSON, "JSON (the stored messages, as stored)"),
        (MARKDOWN, "Markdown transcript"),
        *((view, f"{label(view)} request") for view in provider_views()),
    )


def __getattr__(name: str) -> Any:
    # EXPORT_FORMATS is read when the dialog opens, not when the app starts: computing it
    # at import would load the translator before the first paint.
    if name == "EXPORT_FORMATS":
        return export_formats()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def export_format_for(view: str) -> str:
    """The export format matching a view: the original view exports the stored JSON."""
    return "json" if view == ORIGINAL else view


def report_for(store: Store, cid: uuid.UUID, view: str) -> ViewReport:
    """The badges and summary of a view; the payload itself is dropped (it can be large)."""
    from store import UntranslatableConversation

    try:
        loaded = store.load_conversation(cid, view)
    except UntranslatableConversation as exc:
        return ViewReport(summary=str(exc))
    return view_report(loaded.report)


def translated_for(store: Store, cid: uuid.UUID, view: str) -> tuple[ViewReport, list[Shown]]:
    """A view's report, and the messages its provider receives, read back from the payload.

    The payload is decoded by the translator in the target's own format, so the pane shows
    what was sent: merged turns merged, reasoning turned to text as text. Parts the view
    drops come first, one placeholder line each with the report's reason; the translated
    messages are numbered from 0 as the pane's records.
    """
    from store import UntranslatableConversation
    from translate import decode

    try:
        loaded = store.load_conversation(cid, view)
    except UntranslatableConversation as exc:
        return ViewReport(summary=str(exc)), []
    report = view_report(loaded.report)
    target = loaded.target
    if target is None or loaded.report is None or not loaded.messages:
        return report, []
    when = loaded.messages[-1].created_at
    dropped = [e for e in loaded.report.entries if e.action == "dropped"]
    shown: list[Shown] = [
        dropped_note(i, f"{e.kind} of message {e.record + 1} dropped: {e.reason}", when)
        for i, e in enumerate(dropped)
    ]
    decoded = decode(loaded.payload, target.format, provider=target.provider)
    model = target.model or ""
    for message in decoded:
        record = len(shown)
        shown.append(
            Shown(
                record=record,
                message=0,
                role=message.role,
                provider=target.provider,
                model=model,
                format=target.format,
                created_at=when,
                hidden=False,
                parts=tuple(
                    shown_part(part, (record, 0, p)) for p, part in enumerate(message.parts)
                ),
                translated=True,
            )
        )
    return report, shown


def dropped_note(record: int, note: str, when: datetime) -> Shown:
    return Shown(
        record=record,
        message=0,
        role="dropped",
        provider="",
        model="",
        format="",
        created_at=when,
        hidden=False,
        parts=(),
        note=note,
        translated=True,
    )


def payload_value(store: Store, cid: uuid.UUID, view: str) -> tuple[Any, str]:
    """The payload itself and a one-line summary of its report."""
    if view == ORIGINAL:
        records = store.load_messages(cid)
        return [record.raw for record in records], f"{len(records):,} stored messages, as stored"
    loaded = store.load_conversation(cid, view)
    return loaded.payload, view_report(loaded.report).summary


def payload_for(store: Store, cid: uuid.UUID, view: str) -> tuple[str, str]:
    """The payload as display-safe JSON text (the same JSON value), and the report summary."""
    from store import UntranslatableConversation

    try:
        value, summary = payload_value(store, cid, view)
    except UntranslatableConversation as exc:
        return json_text({"error": str(exc)}), str(exc)
    return json_text(value), f"{label(view)} · {summary}"


def write_export(store: Store, cid: uuid.UUID, export_format: str, path: str) -> str:
    """Write the conversation as `threadkeep export --as FORMAT -o PATH` does.

    Returns an error message for the dialog, or "" when written. An existing file is never
    overwritten from the app: a slip of the finger must not lose data.
    """
    from store import StoreError
    from store.export import write

    target = Path(path).expanduser()
    if target.exists():
        # The name, not the whole path: the path is in the field above, and a long one would
        # push the reason out of the dialog.
        return f"{target.name} already exists; choose another path"
    try:
        write(store, cid, export_format, target)
    except StoreError as exc:
        return str(exc)
    return ""
