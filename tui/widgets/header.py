"""The top line: the app's name, the current conversation's title and the provider view."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from tui.widgets.safe import clean_line


class AppHeader(Horizontal):
    DEFAULT_CSS = """
    AppHeader {
        height: 1;
        dock: top;
        background: $panel;
        color: $foreground;
        & > #header-app { width: auto; padding: 0 1; text-style: bold; color: $accent; }
        & > #header-title { width: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
        & > #header-view { width: auto; padding: 0 1; color: $text-secondary; }
    }
    """

    def __init__(self, app_name: str = "threadkeep") -> None:
        super().__init__()
        self._app_name = app_name

    def compose(self) -> ComposeResult:
        yield Static(Content(self._app_name), id="header-app")
        yield Static(Content(""), id="header-title")
        yield Static(Content(""), id="header-view")

    def show(self, title: str | None, view_label: str | None) -> None:
        """Titles are untrusted: Content never parses markup, clean_line drops escapes."""
        self.query_one("#header-title", Static).update(Content(clean_line(title or "")))
        self.query_one("#header-view", Static).update(
            Content(f"view: {view_label}" if view_label else "")
        )
