"""Rename and delete, whichever pane asks: the dialog, the store call, then a message.

The list, the search results and the open conversation can each rename or delete the
conversation they show. The dialogs and the store calls are the same for all three; what
changes afterwards concerns every pane, so it is posted as a message that the screen
hands to each of them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.content import Content
from textual.message import Message
from textual.widget import Widget

from store.summary import ConversationSummary
from tui.context import context, store_of
from tui.widgets.db import call_store
from tui.widgets.safe import clean_line, clip

if TYPE_CHECKING:
    from store.records import SearchHit


class ConversationRenamed(Message):
    def __init__(self, summary: ConversationSummary, title: str) -> None:
        super().__init__()
        self.summary = summary
        self.title = title


class ConversationDeleted(Message):
    """Moved to the trash (committed)."""

    def __init__(self, summary: ConversationSummary) -> None:
        super().__init__()
        self.summary = summary


def ask_rename(node: Widget, summary: ConversationSummary) -> None:
    def save(title: str) -> str:
        return store_of(node).rename(summary.id, title)

    def done(title: str | None) -> None:
        if title is not None:
            node.post_message(ConversationRenamed(summary, title))

    from tui.screens.rename import RenameDialog

    dialog = RenameDialog(summary.display_title, save, cursor_blink=context(node).cursor_blink)
    node.app.push_screen(dialog, done)


def ask_delete(node: Widget, summary: ConversationSummary) -> None:
    name = clip(clean_line(summary.display_title), 80)
    count = f"{summary.message_count:,} messages. " if summary.message_count else ""
    message = Content.assemble(
        "Move “",
        (name, "bold"),
        "” to the trash?\n\n",
        (f"{count}You can undo with u, or restore it from the trash (T) later.", "dim"),
    )

    def deleted(_none: None) -> None:
        node.post_message(ConversationDeleted(summary))

    def confirmed(yes: bool | None) -> None:
        if not yes:
            return
        call_store(
            node,
            lambda: store_of(node).delete(summary.id),
            deleted,
            group="delete",
            action="delete the conversation",
        )

    from tui.screens.confirm import ConfirmDialog

    node.app.push_screen(ConfirmDialog("Delete conversation", message), confirmed)


def with_title(summary: ConversationSummary, title: str) -> ConversationSummary:
    # "" is a cleared title: the summary falls back to its preview, as the store does.
    return replace(summary, title=title or None)


def summary_from_hit(hit: SearchHit) -> ConversationSummary:
    """Enough of a summary to rename or delete a search hit without another round trip."""
    return ConversationSummary(
        id=hit.conversation_id,
        title=hit.title,
        created_at=hit.created_at,
        updated_at=hit.created_at,
        deleted_at=None,
        message_count=0,
        providers=(),
        models=(),
    )
