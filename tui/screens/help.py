"""`?`: every key of the app, grouped by where it works, read from the key registry."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui import keys

# (section title, bindings): built from the key registry, `tui.keys.help_sections()`.
Section = tuple[str, Sequence[Binding]]


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDING_GROUP_TITLE = "Help"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("help")

    def __init__(self, sections: Sequence[Section]) -> None:
        super().__init__()
        self._sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(Content("threadkeep keys"), id="help-heading")
            for title, bindings in self._sections:
                table = Table.grid(padding=(0, 2))
                table.add_column(style="bold", min_width=16)
                table.add_column()
                seen: set[tuple[str, str]] = set()
                for binding in bindings:
                    key = keys.key_label(binding.key)
                    if (key, binding.action) in seen:
                        continue
                    seen.add((key, binding.action))
                    text = Text(binding.description or binding.action)
                    if binding.tooltip:
                        text.append(f" — {binding.tooltip}", style="dim")
                    table.add_row(Text(key), text)
                yield Static(Content(title), classes="help-section")
                yield Static(table, classes="help-table")
            yield Static(
                Content("ctrl+p opens the command palette: every action above is there too."),
                id="help-footer",
            )

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll_down(self) -> None:
        self.query_one("#help-box", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#help-box", VerticalScroll).scroll_up()
