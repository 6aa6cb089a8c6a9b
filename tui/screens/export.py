"""The export dialog: a format (as `threadkeep export --as` takes it) and a path."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from tui import keys
from tui.widgets.db import call_store

# Writes the conversation in a format to a path; returns an error message, or "" when done.
Exporter = Callable[[str, str], str]


class ExportDialog(ModalScreen[str | None]):
    """Dismisses with the path written, or None when cancelled."""

    CSS_PATH = "export.tcss"
    BINDING_GROUP_TITLE = "Export"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("export")

    def __init__(
        self,
        formats: tuple[tuple[str, str], ...],
        chosen: str,
        default_path: Callable[[str], str],
        export: Exporter,
        *,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self._formats = formats
        self._view = chosen
        self._default_path = default_path
        self._export = export
        self._cursor_blink = cursor_blink
        self._busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Static(Content("Export conversation"), id="export-heading")
            yield Static(Content("Format"), classes="export-label")
            yield Select(
                [(name, key) for key, name in self._formats],
                value=self._view,
                allow_blank=False,
                id="export-format",
            )
            yield Static(Content("Path"), classes="export-label")
            field = Input(self._default_path(self._view), id="export-path", select_on_focus=False)
            field.cursor_blink = self._cursor_blink
            yield field
            yield Static(Content(""), id="export-error")
            with Horizontal(id="export-buttons"):
                yield Button("Export", variant="primary", id="export-save")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        path = self.query_one("#export-path", Input)
        # Follow the format in the suggested name, unless the user typed their own.
        if path.value == self._default_path(self._view) and isinstance(event.value, str):
            path.value = self._default_path(event.value)
        if isinstance(event.value, str):
            self._view = event.value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export-save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        if self._busy:
            return
        path = self.query_one("#export-path", Input).value.strip()
        if not path:
            self._error("give a path to write to")
            return
        self._busy = True
        view = self._view

        def done(error: str) -> None:
            self._busy = False
            if error:
                self._error(error)
            else:
                self.dismiss(path)

        def failed(_error: object) -> bool:
            self._busy = False
            return False

        call_store(
            self,
            lambda: self._export(view, path),
            done,
            group="export",
            failed=failed,
            action="export",
        )

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _error(self, message: str) -> None:
        error = self.query_one("#export-error", Static)
        error.update(Content(message))
        error.set_class(bool(message), "-shown")
