"""Starting, empty and broken states: never a traceback, always what to do next."""

from __future__ import annotations

import threading

import pytest

from store import StoreUnavailable, open_store
from store.server import EmbeddedServer
from tests.tui.helpers import screen_text, settle
from tests.tui.seed import NOW
from tui.app import ThreadkeepApp
from tui.screens.main import MainScreen
from tui.screens.status import BrokenScreen

pytestmark = pytest.mark.anyio
SIZE = (120, 36)


async def test_the_app_paints_its_screen_then_opens_the_store_itself(seeded, store):
    release = threading.Event()
    asked: list[str | None] = []

    def opener(url: str | None):
        asked.append(url)
        release.wait(10)
        return store

    app = ThreadkeepApp(
        now=lambda: NOW,
        cursor_blink=False,
        opener=opener,
        database_url="postgresql://me@db.example/threadkeep",
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # The frame and the list are up while the store is still opening.
        assert isinstance(app.screen, MainScreen)
        assert "starting…" in screen_text(pilot)
        assert "Conversations" in screen_text(pilot)
        await pilot.press("slash", "T")  # nothing to search or list yet: ignored
        assert isinstance(app.screen, MainScreen) and not app.screen.search.searching
        release.set()
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.conversations.total == 10
    assert asked == ["postgresql://me@db.example/threadkeep"]
    # An opened-by-the-app store is the app's to close; an injected one is not.
    assert app.store is store


async def test_a_database_that_cannot_be_reached_at_start(store):
    url = "postgresql://nobody@/threadkeep?host=/nonexistent-threadkeep-socket-dir"
    attempts: list[int] = []

    def opener(given: str | None):
        attempts.append(1)
        if len(attempts) < 3:
            return open_store(given)  # the real failure, from the real store code
        return store

    app = ThreadkeepApp(database_url=url, now=lambda: NOW, cursor_blink=False, opener=opener)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BrokenScreen)
        text = screen_text(pilot)
        assert "The database is unavailable" in text
        assert "cannot reach the database" in text
        assert "THREADKEEP_DATABASE_URL" in text and "Press r to try again" in text
        assert "Traceback" not in text
        await pilot.press("r")  # still down: the same screen, the error again
        await settle(pilot)
        assert isinstance(app.screen, BrokenScreen)
        await pilot.press("r")  # back
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert len(attempts) == 3


async def test_the_database_going_away_shows_the_broken_screen(
    store, tmp_path, monkeypatch, seeded
):
    """A real embedded server of the test's own, stopped while the app uses it."""
    home = tmp_path / "home"
    monkeypatch.setenv("THREADKEEP_HOME", str(home))
    own = open_store()
    monkeypatch.setenv("THREADKEEP_HOME", str(tmp_path / "elsewhere"))
    own.create_conversation("Only here")
    server = EmbeddedServer(home)
    app = ThreadkeepApp(store=own, now=lambda: NOW, cursor_blink=False)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert app.screen.conversations.total == 1
            server.stop()
            await pilot.press("f5")
            await settle(pilot)
            assert isinstance(app.screen, BrokenScreen)
            assert "Traceback" not in screen_text(pilot)
            assert app.screen.error
            # Retry starts the embedded server again (as after `threadkeep db stop`).
            await pilot.press("r")
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)
            assert server.status().running
            assert app.screen.conversations.total == 1
            assert "Only here" in screen_text(pilot)
    finally:
        own.close()
        server.stop()


async def test_an_error_in_a_dialog_falls_back_to_the_broken_screen(seeded, store, make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)

        def down(*_args: object) -> str:
            raise StoreUnavailable("cannot reach the database at /tmp/x: the server is gone")

        app.screen._save = down
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BrokenScreen)
        assert "the server is gone" in screen_text(pilot)
        # The dialog over the dead store was dropped; the main screen waits underneath.
        assert isinstance(app.screen_stack[-2], MainScreen)


async def test_empty_store_shows_the_welcome(store, make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
        assert "Welcome to threadkeep" in text
        assert "threadkeep import PATH" in text and "threadkeep demo" in text
        # Search still works from the welcome (and finds nothing).
        await pilot.press("slash", "x")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert "Welcome to threadkeep" in screen_text(pilot)
