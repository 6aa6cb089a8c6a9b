"""The first paint shows what the user will see before the store is open.

The last session's first page is drawn at once (and replaced by the live one), and a data
directory without a database shows the welcome at once, while the server is still made.
"""

from __future__ import annotations

import os
import stat
import threading
import uuid
from datetime import timedelta

import pytest

from store import first_page
from store.records import ConversationSummary
from tests.tui.helpers import screen_text, settle
from tests.tui.seed import NOW
from tui.app import ThreadkeepApp
from tui.screens.main import MainScreen

pytestmark = pytest.mark.anyio
SIZE = (120, 36)


def _row(title: str, minutes: int) -> ConversationSummary:
    when = NOW - timedelta(minutes=minutes)
    return ConversationSummary(
        id=uuid.uuid4(),
        title=title,
        created_at=when,
        updated_at=when,
        deleted_at=None,
        message_count=3,
        providers=("anthropic",),
        models=("claude-opus-5",),
    )


@pytest.fixture
def home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / "pgdata").mkdir(parents=True)
    (home / "pgdata" / "PG_VERSION").write_text("18\n")
    monkeypatch.setenv("THREADKEEP_HOME", str(home))
    return home


def _blocking_opener(store):
    release = threading.Event()

    def opener(_url: str | None):
        release.wait(10)
        return store

    return opener, release


def test_the_first_page_round_trips_and_is_private(tmp_path):
    rows = [_row("Trip planning \x1b[31m", 1), _row("", 2)]
    first_page.remember(tmp_path, 57, rows)
    back = first_page.recall(tmp_path)
    assert back is not None and back.total == 57
    assert back.rows == rows
    if os.name == "posix":
        mode = stat.S_IMODE((tmp_path / first_page.FILE_NAME).stat().st_mode)
        assert mode == 0o600


@pytest.mark.parametrize("content", ["", "{", "[]", '{"version": 1}', '{"version": 99}'])
def test_a_damaged_first_page_is_no_first_page(tmp_path, content):
    (tmp_path / first_page.FILE_NAME).write_text(content)
    assert first_page.recall(tmp_path) is None


async def test_the_remembered_rows_show_before_the_store_opens(home, seeded, store):
    first_page.remember(home, 2, [_row("Remembered first row", 1), _row("Remembered two", 2)])
    opener, release = _blocking_opener(store)
    app = ThreadkeepApp(now=lambda: NOW, cursor_blink=False, opener=opener)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Remembered first row" in screen_text(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        # Stale until the store answers: not opened, renamed or deleted.
        await pilot.press("enter", "r", "d")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and screen.open_summary is None
        release.set()
        await settle(pilot)
        text = screen_text(pilot)
        assert "Remembered first row" not in text  # the live page replaced it
        assert screen.conversations.total == 10
    # The live first page is kept for the next start.
    again = first_page.recall(home)
    assert again is not None and again.total == 10
    assert [r.id for r in again.rows] == [r.id for r in store.list_conversations(10)]


async def test_a_new_data_directory_shows_the_welcome_at_once(tmp_path, monkeypatch, store):
    monkeypatch.setenv("THREADKEEP_HOME", str(tmp_path / "new-home"))
    opener, release = _blocking_opener(store)
    app = ThreadkeepApp(now=lambda: NOW, cursor_blink=False, opener=opener)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Welcome to threadkeep" in screen_text(pilot)
        release.set()
        await settle(pilot)
        assert "Welcome to threadkeep" in screen_text(pilot)  # the store is empty indeed


async def test_another_database_shows_nothing_remembered(home, seeded, store):
    first_page.remember(home, 1, [_row("Remembered first row", 1)])
    opener, release = _blocking_opener(store)
    app = ThreadkeepApp(
        now=lambda: NOW, cursor_blink=False, opener=opener, database_url="postgresql://x@/y"
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Remembered first row" not in screen_text(pilot)
        release.set()
        await settle(pilot)
