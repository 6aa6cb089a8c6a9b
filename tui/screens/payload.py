"""The exact request JSON for the current view, read-only; `y` copies it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from tui import keys
from tui.widgets.header import AppHeader
from tui.widgets.json_view import JsonView
from tui.widgets.key_bar import KeyBar
from tui.widgets.safe import copied_note


class PayloadScreen(Screen[None]):
    CSS_PATH = "payload.tcss"
    BINDING_GROUP_TITLE = "Payload"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("payload")

    def __init__(
        self, title: str, view_label: str, text: str, summary: str, *, cursor_blink: bool = True
    ) -> None:
        super().__init__()
        self._title = title
        self._view_label = view_label
        # Already made safe by safe.json_text: valid JSON, no character a terminal obeys.
        self.text = text
        self._summary = summary
        self._cursor_blink = cursor_blink

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static(Content(self._summary), id="payload-summary")
        yield JsonView(self.text, id="payload-text")
        yield KeyBar(show_command_palette=True)

    def on_mount(self) -> None:
        self.query_one(AppHeader).show(self._title, f"{self._view_label} payload")
        self.query_one(JsonView).focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.text)
        self.notify(copied_note("the JSON", self.text), markup=False)
