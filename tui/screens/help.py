"""`?`: every key of the app, grouped by where it works, read from the bindings themselves."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

# (section title, bindings): built by the app from each screen's and widget's BINDINGS.
Section = tuple[str, Sequence[Binding]]


def key_label(keys: str) -> str:
    """'r,f2' -> 'r / f2'; Textual key names made readable."""
    names = {"question_mark": "?", "slash": "/", "delete": "del", "escape": "esc"}
    return " / ".join(names.get(key, key) for key in keys.split(","))


def bindings_of(classes: Iterable[type]) -> list[Binding]:
    found: list[Binding] = []
    for cls in classes:
        for binding in getattr(cls, "BINDINGS", ()):
            if isinstance(binding, Binding):
                found.append(binding)
    return found


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDING_GROUP_TITLE = "Help"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close", id="help.close", tooltip="Close help"),
        Binding("j,down", "scroll_down", "Down", show=False, id="help.down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="help.up"),
    ]

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
                    key = key_label(binding.key)
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
