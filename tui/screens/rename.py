"""The rename dialog: names the conversation, prefilled with its title; errors show inside.

An empty title clears it: the conversation is named after its first prompt again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from store.errors import InvalidTitle, StoreError
from tui import keys
from tui.widgets.db import call_store
from tui.widgets.safe import clean_line, clip


class RenameDialog(ModalScreen[str | None]):
    """Dismisses with the title as stored, or None when cancelled."""

    CSS_PATH = "rename.tcss"
    BINDING_GROUP_TITLE = "Rename"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("rename")

    def __init__(
        self, title: str, save: Callable[[str], str], *, cursor_blink: bool = True
    ) -> None:
        super().__init__()
        self._title = title
        self._save = save
        self._cursor_blink = cursor_blink
        self._saving = False

    def compose(self) -> ComposeResult:
        with Vertical(id="rename-box"):
            yield Static(
                Content.assemble("Rename “", (clip(clean_line(self._title), 60), "bold"), "”"),
                id="rename-heading",
            )
            field = Input(clean_line(self._title), id="rename-input", select_on_focus=False)
            field.cursor_blink = self._cursor_blink
            yield field
            yield Static(Content(""), id="rename-error")
            yield Static(
                Content("enter save · esc cancel · empty: back to the automatic title"),
                id="rename-hint",
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._error("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        if self._saving:
            return
        value = self.query_one(Input).value
        # The store's own rule, checked here first so that the error shows at once.
        from store.titles import clean_title

        try:
            # Blank (nothing visible, as the store judges it) is allowed: it clears the title.
            if any(ch.isprintable() and not ch.isspace() for ch in value):
                clean_title(value)
        except InvalidTitle as exc:
            self._error(str(exc))
            return
        self._saving = True

        def failed(error: StoreError) -> bool:
            self._saving = False
            if isinstance(error, InvalidTitle):
                self._error(str(error))
                return True
            return False

        call_store(
            self,
            lambda: self._save(value),
            self.dismiss,
            group="rename",
            failed=failed,
            action="rename",
        )

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _error(self, message: str) -> None:
        error = self.query_one("#rename-error", Static)
        error.update(Content(message))
        error.set_class(bool(message), "-shown")
