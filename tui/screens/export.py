"""The export dialog: a format (as `threadkeep export --as` takes it) and a path.

The format has the focus (Enter opens its choices, it never writes at once); the file is
named after the conversation's title, made safe for any filesystem; the extension follows
the format even after the path was edited; an existing file is never overwritten.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from tui import keys
from tui.widgets.db import call_store
from tui.widgets.safe import clean_line, clip

# Writes the conversation in a format to a path; returns an error message, or "" when done.
Exporter = Callable[[str, str], str]

# Separators, whitespace and dots become dashes (no hidden files, no "..", no directories).
_TO_DASH = re.compile(r"[\s/\\:.]+")
_UNSAFE = re.compile(r"[^\w-]+")
_DASHES = re.compile(r"-{2,}")
# Names Windows reserves whatever the extension.
_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)$", re.IGNORECASE)
STEM_MAX = 60


def file_stem(title: str, short_id: str) -> str:
    """A file name (without extension) from a title, safe on every filesystem."""
    stem = _UNSAFE.sub("", _TO_DASH.sub("-", title))
    stem = _DASHES.sub("-", stem).strip("-_")[:STEM_MAX].rstrip("-_")
    if not stem:
        return f"threadkeep-{short_id}"
    return f"{stem}-{short_id}" if _RESERVED.match(stem) else stem


def suffix_for(export_format: str) -> str:
    return "md" if export_format == "markdown" else "json"


class ExportDialog(ModalScreen[str | None]):
    """Dismisses with the path written, or None when cancelled."""

    CSS_PATH = "export.tcss"
    BINDING_GROUP_TITLE = "Export"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("export")

    def __init__(
        self,
        formats: tuple[tuple[str, str], ...],
        chosen: str,
        title: str,
        stem: str,
        export: Exporter,
        *,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self._formats = formats
        self._view = chosen
        self._title = title
        self._stem = stem
        self._export = export
        self._cursor_blink = cursor_blink
        self._busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Static(
                Content.assemble("Export “", (clip(clean_line(self._title), 60), "bold"), "”"),
                id="export-heading",
            )
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

    def _default_path(self, export_format: str) -> str:
        return str(Path.cwd() / f"{self._stem}.{suffix_for(export_format)}")

    def on_mount(self) -> None:
        self.query_one("#export-format", Select).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if not isinstance(event.value, str):
            return
        path = self.query_one("#export-path", Input)
        old, new = suffix_for(self._view), suffix_for(event.value)
        # The extension follows the format, in the suggested name or one the user typed.
        if path.value.endswith("." + old) and old != new:
            path.value = path.value[: -len(old)] + new
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
