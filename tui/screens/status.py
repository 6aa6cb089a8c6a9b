"""The full-screen state of a database that is unavailable: what failed and how to fix it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from tui import keys
from tui.widgets.header import AppHeader
from tui.widgets.key_bar import KeyBar
from tui.widgets.safe import clean_line

FIXES = (
    "• the embedded server: `threadkeep db status` shows its state; its log is "
    "postgres.log in the data directory (THREADKEEP_HOME).",
    "• another Postgres: check THREADKEEP_DATABASE_URL or --database-url, and that the "
    "server is up and accepts you.",
    "Press r to try again, or q to quit. Nothing was lost: every change is committed "
    "before it is shown.",
)


class BrokenScreen(Screen[None]):
    """The database is unavailable: its one-line error and how to fix it; never a traceback."""

    CSS_PATH = "status.tcss"
    BINDING_GROUP_TITLE = "Database unavailable"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("broken")

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(classes="status-box -broken"):
            yield Static(Content("The database is unavailable"), classes="status-title")
            yield Static(Content(clean_line(self.error)), id="broken-error", classes="status-error")
            for line in FIXES:
                yield Static(Content(line), classes="status-detail")
        yield KeyBar(show_command_palette=True)

    def show_error(self, error: str) -> None:
        self.error = error
        self.query_one("#broken-error", Static).update(Content(clean_line(error)))

    def action_retry(self) -> None:
        retry = getattr(self.app, "retry_store", None)
        if retry is not None:
            retry()
