"""The trash: deleted conversations, to restore or to purge for good (asked first).

The highlighted conversation is previewed beside the list, read-only. What was restored
or purged here is handed back to the main screen when the trash closes: undo and the
trash are one history, so `u` never restores what the trash already put back, and says
plainly when what it would restore is gone for good.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from store.summary import ConversationSummary
from tui import keys
from tui.context import context, store_of
from tui.screens.confirm import ConfirmDialog
from tui.widgets.archive import ArchiveSource
from tui.widgets.conversation_list import ConversationList
from tui.widgets.db import call_store
from tui.widgets.header import AppHeader
from tui.widgets.key_bar import KeyBar
from tui.widgets.message_pane import MessagePane
from tui.widgets.safe import clean_line, clip

# The preview waits for the cursor to rest this long: holding j does not load each row.
PREVIEW_DEBOUNCE = 0.15


@dataclass
class TrashChanges:
    """What the trash did while it was open."""

    restored: set[uuid.UUID] = field(default_factory=set)
    purged: set[uuid.UUID] = field(default_factory=set)
    # Emptied: everything that was in the trash is gone for good.
    emptied: bool = False


class TrashScreen(Screen[TrashChanges]):
    _had_row = False

    CSS_PATH = "trash.tcss"
    BINDING_GROUP_TITLE = "Trash"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("trash")

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static(
            Content("Deleted conversations. r restores, x purges for good, esc goes back."),
            id="trash-hint",
        )
        with Horizontal(id="trash-body"):
            yield ConversationList(
                ArchiveSource(lambda: store_of(self), trash=True),
                context(self).now,
                label="Trash",
                show_deleted_time=True,
                openable=False,
                empty_text="The trash is empty.",
                id="trash-list",
            )
            yield MessagePane(lambda: store_of(self), context(self).now, id="trash-preview")
        yield KeyBar(show_command_palette=True)

    def __init__(self) -> None:
        super().__init__()
        self.changes = TrashChanges()
        self._preview_timer: Timer | None = None

    @property
    def preview(self) -> MessagePane:
        return self.query_one("#trash-preview", MessagePane)

    def on_mount(self) -> None:
        self.preview.border_title = "Preview (read-only)"
        self.query_one(AppHeader).show("Trash", None)
        self.trash.focus()
        self.trash.reload()

    @property
    def trash(self) -> ConversationList:
        return self.query_one("#trash-list", ConversationList)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _ON_ROW:
            return True if self.trash.highlighted is not None else None
        if action == _EMPTY:
            return True if self.trash.total else None
        return True

    def on_conversation_list_highlighted(self, event: ConversationList.Highlighted) -> None:
        has_row = event.summary is not None
        if has_row != self._had_row:
            self._had_row = has_row
            self.refresh_bindings()
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._preview_timer = self.set_timer(PREVIEW_DEBOUNCE, self._show_preview)

    def _show_preview(self) -> None:
        self._preview_timer = None
        summary = self.trash.highlighted
        shown = self.preview.summary
        if summary is None:
            self.preview.clear("Nothing to preview.")
        elif shown is None or shown.id != summary.id:
            self.preview.show(summary)

    @property
    def busy(self) -> bool:
        """A preview is waiting to load (tests wait on it)."""
        return self._preview_timer is not None

    def on_conversation_list_opened(self, event: ConversationList.Opened) -> None:
        event.stop()

    def action_close(self) -> None:
        self.dismiss(self.changes)

    def action_restore(self) -> None:
        summary = self.trash.highlighted
        if summary is None:
            return
        index = self.trash.cursor

        def done(_none: None) -> None:
            self.changes.restored.add(summary.id)
            self.trash.reload(keep=index)
            self.notify(f"Restored “{_name(summary)}”", markup=False)

        call_store(
            self,
            lambda: store_of(self).restore(summary.id),
            done,
            group="restore",
            action="restore",
        )

    def action_purge(self) -> None:
        summary = self.trash.highlighted
        if summary is None:
            return
        message = Content.assemble(
            "Delete “",
            (_name(summary), "bold"),
            "” for good?\n\n",
            (
                f"Its {summary.message_count:,} messages and their attachments go too. "
                "This cannot be undone.",
                "dim",
            ),
        )
        index = self.trash.cursor

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return

            def done(_none: None) -> None:
                self.changes.purged.add(summary.id)
                self.trash.reload(keep=index)
                self.notify(f"Purged “{_name(summary)}”", markup=False)

            call_store(
                self, lambda: store_of(self).purge(summary.id), done, group="purge", action="purge"
            )

        self.app.push_screen(
            ConfirmDialog(
                "Purge conversation", message, confirm_label="Purge", default_confirm=False
            ),
            confirmed,
        )

    def action_empty(self) -> None:
        total = self.trash.total
        message = Content.assemble(
            f"Delete all {total:,} conversations in the trash for good?\n\n",
            ("This cannot be undone.", "dim"),
        )

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return

            def done(count: int) -> None:
                self.changes.emptied = True
                self.trash.reload()
                self.notify(f"Purged {count:,} conversations", markup=False)

            call_store(
                self, store_of(self).purge_trash, done, group="purge", action="empty the trash"
            )

        self.app.push_screen(
            ConfirmDialog(
                "Empty the trash", message, confirm_label="Purge all", default_confirm=False
            ),
            confirmed,
        )


# Actions on the highlighted row, and the one on the whole trash.
_ON_ROW = keys.actions(keys.REGISTRY[id] for id in ("trash.restore", "trash.purge"))
_EMPTY = keys.REGISTRY["trash.empty"].action


def _name(summary: ConversationSummary) -> str:
    return clip(clean_line(summary.display_title), 60)
