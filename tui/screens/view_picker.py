"""Pick a provider view by name (`P`); `p` on the main screen cycles through them instead."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui import keys
from tui.widgets.views import views


class ViewPicker(ModalScreen[str | None]):
    CSS_PATH = "view_picker.tcss"
    BINDING_GROUP_TITLE = "Provider view"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("views")

    def __init__(self, current: str) -> None:
        super().__init__()
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="views-box"):
            yield Static(Content("Show the conversation as…"), id="views-heading")
            yield OptionList(
                *(
                    Option(Content(label + ("  (current)" if key == self._current else "")), id=key)
                    for key, label in views()
                ),
                id="views-list",
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        known = [key for key, _ in views()]
        options.highlighted = known.index(self._current) if self._current in known else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()
