"""Find inside the open conversation (`ctrl+f`): an input under the messages, next/previous.

The conversation can hold 10,000 messages and the pane mounts only a window of them, so
matching reads every record in a worker (text and reasoning, case-insensitive) and keeps
only where the matches are; going to a match opens the pane's window there and puts the
message cursor on the block that holds it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Static

from tui import keys
from tui.context import store_of
from tui.widgets.db import call_store

if TYPE_CHECKING:
    import uuid
    from collections.abc import Iterable

    from store import Store
    from tui.widgets.parts import Shown

# Typing pauses this long before the conversation is read again.
FIND_DEBOUNCE = 0.2

Match = tuple[int, int]


def find_in(store: Store, cid: uuid.UUID, query: str) -> list[Match]:
    """(record, message) of every stored message whose text or reasoning holds `query`."""
    from tui.widgets.parts import shown_messages

    return matches(
        (shown for record in store.load_messages(cid) for shown in shown_messages(record)), query
    )


def matches(messages: Iterable[Shown], query: str) -> list[Match]:
    needle = query.casefold()
    return [
        (shown.record, shown.message)
        for shown in messages
        if any(
            needle in part.text.casefold()
            for part in shown.parts
            if part.kind in ("text", "reasoning")
        )
    ]


class FindBar(Horizontal):
    BINDING_GROUP_TITLE = "Find"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("find")
    DEFAULT_CSS = """
    FindBar {
        display: none;
        height: 1;
        dock: bottom;
        background: $panel;
        &.-shown { display: block; }
        & > Input, & > Input:focus { width: 1fr; height: 1; border: none; padding: 0 1; }
        & > #find-status { width: auto; padding: 0 1; color: $text-muted; }
    }
    """

    class Go(Message):
        """Show this match: record, message and the words looked for."""

        def __init__(self, match: Match, query: str) -> None:
            super().__init__()
            self.match = match
            self.query = query

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cid: uuid.UUID | None = None
        # The messages of a provider view or a branch, searched in memory; None: stored.
        self.shown: list[Shown] | None = None
        self.matches: list[Match] = []
        self.index = -1
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Find in this conversation", id="find-input")
        yield Static(Content(""), id="find-status")

    @property
    def input(self) -> Input:
        return self.query_one("#find-input", Input)

    def open(self, cid: uuid.UUID, shown: list[Shown] | None = None) -> None:
        """Find in a stored conversation, or in the messages a view or branch shows."""
        if cid != self.cid or shown is not self.shown:
            self.cid, self.shown = cid, shown
            self.matches, self.index = [], -1
            self.input.value = ""
            self._status("")
        self.add_class("-shown")
        self.input.focus()

    def action_close(self) -> None:
        self.remove_class("-shown")
        self.screen.query_one("#messages").focus()

    def _status(self, text: str) -> None:
        self.query_one("#find-status", Static).update(Content(text))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(FIND_DEBOUNCE, self._find)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_next()

    def _find(self) -> None:
        self._timer = None
        cid, query = self.cid, self.input.value
        if cid is None or not query.strip():
            self.matches, self.index = [], -1
            self._status("")
            return
        if self.shown is not None:
            self._found(query, matches(self.shown, query))
            return
        call_store(
            self,
            lambda: find_in(store_of(self), cid, query),
            lambda found: self._found(query, found),
            group="find",
            exclusive=True,
            action="find in the conversation",
        )

    def _found(self, query: str, found: list[Match]) -> None:
        if query != self.input.value:
            return
        self.matches, self.index = found, -1
        if found:
            self.action_next()
        else:
            self._status("no match")

    def action_next(self) -> None:
        self._step(1)

    def action_previous(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        if not self.matches:
            return
        self.index = (self.index + delta) % len(self.matches)
        self._status(f"{self.index + 1}/{len(self.matches)}")
        self.post_message(self.Go(self.matches[self.index], self.input.value))
