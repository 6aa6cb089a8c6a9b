"""What the open conversation's keys do besides showing it: its payload (shown, copied or
exported), its attachments, and ChatGPT's other branches.

Each reads the store in a worker and acts on the `ConversationView` (`pane`) it is given.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from store.summary import ConversationSummary
from tui.context import context, store_of
from tui.widgets.db import call_store
from tui.widgets.safe import clean_line, copied_note
from tui.widgets.views import ORIGINAL, label

if TYPE_CHECKING:
    from tui.widgets.conversation_view import ConversationView
    from tui.widgets.parts import Shown


def show_payload(pane: ConversationView) -> None:
    def show(summary: ConversationSummary, view: str, text: str, report: str) -> None:
        from tui.screens.payload import PayloadScreen

        screen = PayloadScreen(
            summary.display_title,
            label(view),
            text,
            report,
            cursor_blink=context(pane).cursor_blink,
        )
        pane.app.push_screen(screen)

    _with_payload(pane, show)


def copy_payload(pane: ConversationView) -> None:
    def copy(_summary: ConversationSummary, view: str, text: str, _report: str) -> None:
        pane.app.copy_to_clipboard(text)
        pane.notify(copied_note(f"the {label(view)} payload", text), markup=False)

    _with_payload(pane, copy)


def _with_payload(
    pane: ConversationView, then: Callable[[ConversationSummary, str, str, str], None]
) -> None:
    """Build the open conversation's payload in the current view, in a worker, then act."""
    summary, view = pane.open_summary, pane.view
    if summary is None:
        return

    def build() -> tuple[str, str]:
        from tui.widgets.payloads import payload_for

        return payload_for(store_of(pane), summary.id, view)

    call_store(
        pane,
        build,
        lambda result: then(summary, view, *result),
        group="payload",
        exclusive=True,
        action="build the payload",
    )


def export_open(pane: ConversationView) -> None:
    summary = pane.open_summary
    if summary is None:
        return
    # The dialog is opened on a key press: the formats' module is loaded by then anyway.
    from tui.screens.export import ExportDialog, file_stem
    from tui.widgets.payloads import EXPORT_FORMATS, export_format_for, write_export

    title = summary.display_title
    stem = file_stem(title, str(summary.id)[:8])

    def export(export_format: str, path: str) -> str:
        return write_export(store_of(pane), summary.id, export_format, path)

    def done(path: str | None) -> None:
        if path:
            pane.notify(f"Exported to {clean_line(path)}", markup=False)

    pane.app.push_screen(
        ExportDialog(
            EXPORT_FORMATS,
            export_format_for(pane.view),
            title,
            stem,
            export,
            cursor_blink=context(pane).cursor_blink,
        ),
        done,
    )


def show_attachments(pane: ConversationView) -> None:
    summary = pane.open_summary
    if summary is None:
        return
    from tui.screens.attachments import AttachmentsScreen

    pane.app.push_screen(AttachmentsScreen(summary.id, summary.display_title))


def show_next_branch(pane: ConversationView) -> None:
    summary = pane.open_summary
    if summary is None:
        return
    if pane.view != ORIGINAL:
        pane.notify("Branches are shown in the Original view (p)", markup=False)
        return
    current = pane.branch

    def read() -> tuple[int, int, bool, list[Shown]] | None:
        from tui.widgets.branches import branch_messages, read_branches

        branches, records = read_branches(store_of(pane), summary.id)
        if branches is None:
            return None
        start = branches.active if current is None else current
        index = (start + 1) % len(branches.paths)
        shown = branch_messages(branches, index, records)
        return index, len(branches.paths), index == branches.active, shown

    def done(result: tuple[int, int, bool, list[Shown]] | None) -> None:
        if pane.open_summary is not summary or pane.view != ORIGINAL:
            return
        if result is None:
            pane.notify("This conversation has no other branch", markup=False)
            return
        index, count, active, shown = result
        pane.branch = index
        pane.messages.show(summary, translated=shown)
        note = " (the one ChatGPT showed last)" if active else ""
        pane.set_summary_line(f"Branch {index + 1}/{count}{note} · b shows the next")

    call_store(pane, read, done, group="branch", exclusive=True, action="read the branches")
