"""The threadkeep terminal app.

`ThreadkeepApp()` paints the main screen at once, the list saying "starting…", and opens
the store itself in a worker meanwhile (SQLAlchemy and psycopg load there, not before the
first paint); the list fills in when the store is open. Tests and benchmarks hand it an
open store and a fixed clock instead. A store that becomes unavailable at any point turns
into the broken-database screen (one line and how to fix it), from which `r` retries.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import Screen
from textual.theme import Theme

from store import first_page
from store.errors import StoreError, StoreUnavailable
from store.paths import data_home
from tui import keys
from tui.preferences import Preferences, remember
from tui.preferences import load as load_preferences
from tui.screens.main import MainScreen
from tui.screens.status import BrokenScreen
from tui.widgets.db import StoreProblem
from tui.widgets.safe import clean_line
from tui.widgets.views import views

if TYPE_CHECKING:
    from store import Store

Clock = Callable[[], datetime]
DATABASE_URL_ENV = "THREADKEEP_DATABASE_URL"


def system_clock() -> datetime:
    return datetime.now(UTC)


class ThreadkeepApp(App[None]):
    TITLE = "threadkeep"
    # The first screen's styles: see main.tcss for why the app reads them.
    CSS_PATH = "screens/main.tcss"
    BINDING_GROUP_TITLE = "Everywhere"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("app")

    def __init__(
        self,
        store: Store | None = None,
        *,
        now: Clock | None = None,
        database_url: str | None = None,
        cursor_blink: bool = True,
        opener: Callable[[str | None], Store] | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self._owns_store = store is None
        self.now: Clock = now or system_clock
        self.database_url = database_url
        # Off in tests and snapshots, where a blinking cursor makes screenshots random.
        self.cursor_blink = cursor_blink
        self._opener = opener
        self.preferences = Preferences(writable=False)
        # Work that must not delay the first frame, run once it is on the terminal.
        self._after_paint: list[Callable[[], object]] | None = []
        self._preferences_warning = ""

    # --- preferences --------------------------------------------------------------------

    def _apply_preferences(self) -> None:
        """Read config.toml: theme and keymap here, the panes read the rest."""
        prefs = self.preferences = load_preferences()
        unknown = sorted(set(prefs.keymap) - set(keys.REGISTRY))
        warning = prefs.warning
        if unknown:
            names = ", ".join(clean_line(name) for name in unknown[:5])
            warning = (warning + "; " if warning else "") + f"unknown binding ids: {names}"
        self._preferences_warning = clean_line(warning) if warning else ""
        if prefs.theme and prefs.theme in self.available_themes:
            self.theme = prefs.theme
        known = {k: v for k, v in prefs.keymap.items() if k in keys.REGISTRY}
        if known:
            self.set_keymap(known)

    def _theme_changed(self, theme: Theme) -> None:
        if theme.name != self.preferences.theme:
            remember(self, theme=theme.name)

    # --- start-up and the store ---------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        # The main screen is the app's first screen rather than one pushed from on_mount:
        # a screen pushed there is laid out inside Textual's start-up batch, its first frame
        # rendered and thrown away, and the frame that is kept comes one render later.
        self._apply_preferences()
        if self.store is not None:
            return MainScreen()
        where = (
            "starting… connecting to the database given by --database-url"
            if self.database_url
            else "starting… the embedded database (its first start takes a few seconds)"
        )
        return MainScreen(waiting=where, **self._first_paint())

    def on_mount(self) -> None:
        if self._preferences_warning:
            self.notify(self._preferences_warning, severity="warning", markup=False, timeout=10)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.store is None:
            # Only once the screen is drawn: importing SQLAlchemy and psycopg in the worker
            # holds the GIL for a second or more, and would hold back the first paint.
            self.after_first_paint(self._start_opening)

    def after_first_paint(self, callback: Callable[[], object]) -> None:
        """Run `callback` once the first frame has been written (at once if it has)."""
        if self._after_paint is None:
            self.call_later(callback)
        else:
            self._after_paint.append(callback)

    def on_ready(self) -> None:
        # Ready comes when the first frame is laid out; at start-up Textual batches updates,
        # so the frame is written by the refresh after it, not before.
        self.call_after_refresh(self._painted)

    def _painted(self) -> None:
        callbacks, self._after_paint = self._after_paint or [], None
        for callback in callbacks:
            self.call_later(callback)

    def _start_opening(self) -> None:
        self.run_worker(self._open_store, thread=True, group="open-store", exit_on_error=False)

    def _first_paint(self) -> dict[str, Any]:
        """What the embedded archive lets the first paint show before the store is open."""
        if self.database_url or os.environ.get(DATABASE_URL_ENV):
            return {}  # another database: nothing of it is kept on this machine
        home = data_home()
        if first_page.is_new(home):
            return {"empty_archive": True}
        return {
            "remembered": first_page.recall(home),
            "remember": partial(first_page.remember, home),
        }

    def _open_store(self) -> None:
        try:
            store = self._open(self.database_url)
        except StoreError as exc:
            with contextlib.suppress(RuntimeError):  # the app may have quit meanwhile
                self.call_from_thread(self.show_broken, str(exc))
            return
        try:
            self.call_from_thread(self._store_opened, store)
        except RuntimeError:
            # Quit while the server was starting: nobody will use this store.
            store.close()

    def _open(self, database_url: str | None) -> Store:
        if self._opener is not None:
            return self._opener(database_url)
        # The store (SQLAlchemy, psycopg) loads here, in the worker, while the screen is up.
        from store import open_store

        return open_store(database_url)

    def _store_opened(self, store: Store) -> None:
        self.store = store
        if isinstance(self.screen, BrokenScreen):
            self.pop_screen()
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.store_ready()

    def close_store(self) -> None:
        """Close the store if this app opened it (an injected one belongs to the caller)."""
        if self._owns_store and self.store is not None:
            self.store.close()
            self.store = None

    def on_store_problem(self, event: StoreProblem) -> None:
        error = event.error
        if isinstance(error, StoreUnavailable):
            self.show_broken(str(error))
            return
        action = f"could not {event.action}: " if event.action else ""
        self.notify(clean_line(action + str(error)), severity="error", markup=False, timeout=8)
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.refresh_list()

    def show_broken(self, error: str) -> None:
        if isinstance(self.screen, BrokenScreen):
            self.screen.show_error(error)
            return
        # Dialogs over a dead store cannot finish: drop them, keep the main screen below.
        while len(self.screen_stack) > 1 and not isinstance(self.screen, MainScreen):
            self.pop_screen()
        self.push_screen(BrokenScreen(error))

    def retry_store(self) -> None:
        self.run_worker(
            self._retry, thread=True, group="open-store", exclusive=True, exit_on_error=False
        )

    def _retry(self) -> None:
        if self.store is None:
            self._open_store()
            return
        try:
            self._reach(self.store)
        except StoreError as exc:
            with contextlib.suppress(RuntimeError):
                self.call_from_thread(self.show_broken, str(exc))
            return
        with contextlib.suppress(RuntimeError):
            self.call_from_thread(self._recovered)

    @staticmethod
    def _reach(store: Store) -> None:
        """Check the store answers; an embedded server that was stopped (`threadkeep db
        stop`) is started again first, as the app's own start would."""
        try:
            store.count_conversations()
        except StoreUnavailable:
            server = store.connection.server
            if server is None:  # a database named by URL: not ours to start
                raise
            server.ensure_running()
            store.count_conversations()

    def _recovered(self) -> None:
        if isinstance(self.screen, BrokenScreen):
            self.pop_screen()
        if isinstance(self.screen, MainScreen):
            self.screen.refresh_list()
        self.notify("The database is back", markup=False)

    # --- help and the command palette ---------------------------------------------------

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(help_sections()))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands, then every action of the key registry usable right now.

        Read from the screen's active bindings (the focused widget's, the screen's and the
        app's), so the palette and the keys never disagree; bindings the registry does not
        know (Textual's scrolling internals) are left out. With a conversation open, each
        provider view is offered by name.
        """
        yield from super().get_system_commands(screen)
        keys_of: dict[tuple[int, str], list[str]] = {}
        found: dict[tuple[int, str], tuple[DOMNode, keys.KeyAction]] = {}
        for key, active in screen.active_bindings.items():
            entry = keys.REGISTRY.get(active.binding.id or "")
            if entry is None or not entry.palette or not active.enabled:
                continue
            where = (id(active.node), entry.id)
            found.setdefault(where, (active.node, entry))
            keys_of.setdefault(where, []).append(key)
        for where, (node, entry) in found.items():
            shown = keys.key_label(",".join(keys_of[where]))
            group = getattr(node, "BINDING_GROUP_TITLE", None)
            title = entry.description
            if group and node is not screen and node is not self:
                title = f"{group}: {title}"
            yield SystemCommand(
                title,
                f"{entry.tooltip} ({shown})" if entry.tooltip else shown,
                partial(self.run_action, entry.routed_action, node),
            )
        if isinstance(screen, MainScreen) and screen.open_summary is not None:
            current = screen.view
            for view, name in views():
                if view != current:
                    yield SystemCommand(
                        f"View as {name}",
                        f"Show the conversation as {name} would receive it",
                        partial(screen.conversation.set_view, view),
                    )


def help_sections() -> list[tuple[str, list[Binding]]]:
    return keys.help_sections()


def run(database_url: str | None = None) -> int:
    """Run the app for real (the `threadkeep` command with no subcommand)."""
    app = ThreadkeepApp(database_url=database_url)
    app.after_first_paint(_collect_from_now_on)
    try:
        app.run()
    finally:
        app.close_store()
    return app.return_code or 0


def _collect_from_now_on() -> None:
    """Once the first frame is up: what start-up built lives as long as the app, so it is
    frozen out of every later collection (each would scan it again), and collection, which
    the command line paused for start-up, resumes."""
    gc.freeze()
    gc.enable()
