"""Snapshots of the app's screens (pytest-textual-snapshot).

Deterministic by construction: the seeded archive has fixed times and never ties, the
app's clock is frozen at NOW, cursors do not blink, and the terminal size is fixed.
Accept a changed look with `uv run pytest tests/tui/test_snapshots.py --snapshot-update`
after checking the report.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.tui.helpers import settle
from tests.tui.seed import NOW
from tui.app import ThreadkeepApp
from tui.widgets.views import view_keys

SIZE = (120, 36)
# The conversation with reasoning (signed thinking) and a tool call and its result.
WITH_TOOLS = 0


def app_for(store) -> ThreadkeepApp:
    return ThreadkeepApp(store=store, now=lambda: NOW, cursor_blink=False)


def opened(index: int, *keys: str):
    """run_before: open the conversation at `index` in the list, then press `keys`."""

    async def run(pilot: Pilot) -> None:
        await settle(pilot)
        listing = pilot.app.screen.query_one("#conversations")
        listing.cursor = index
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await pilot.pause(0.1)
        await settle(pilot)

    return run


def test_list_and_messages(seeded, store, snap_compare):
    assert snap_compare(app_for(store), terminal_size=SIZE, run_before=opened(1))


@pytest.mark.parametrize("view", view_keys())
def test_each_provider_view(view, seeded, store, snap_compare):
    presses = ["p"] * view_keys().index(view)
    assert snap_compare(
        app_for(store), terminal_size=SIZE, run_before=opened(WITH_TOOLS, *presses, "t", "o")
    )


def test_rename_dialog(seeded, store, snap_compare):
    assert snap_compare(app_for(store), terminal_size=SIZE, run_before=opened(3, "escape", "r"))


def test_delete_confirmation(seeded, store, snap_compare):
    assert snap_compare(app_for(store), terminal_size=SIZE, run_before=opened(3, "escape", "d"))


def test_help_screen(seeded, store, snap_compare):
    async def run(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(app_for(store), terminal_size=SIZE, run_before=run)


def test_empty_state(store, snap_compare):
    async def run(pilot: Pilot) -> None:
        await settle(pilot)

    assert snap_compare(app_for(store), terminal_size=SIZE, run_before=run)


def test_search_results(seeded, store, snap_compare):
    async def run(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("slash", *"weather")
        await pilot.pause(0.4)
        await settle(pilot)

    assert snap_compare(app_for(store), terminal_size=SIZE, run_before=run)


def test_trash(seeded, store, snap_compare):
    from datetime import timedelta

    from sqlalchemy import text

    store.delete(seeded["claude"])
    store.delete(seeded["gemini"])
    # Deletion times come from the database clock; pin them for the snapshot.
    with store._engine.begin() as conn:
        conn.execute(
            text("update conversations set deleted_at = :at where deleted_at is not null"),
            {"at": NOW - timedelta(hours=3)},
        )

    async def run(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)

    assert snap_compare(app_for(store), terminal_size=SIZE, run_before=run)


# The Claude export with artifacts (folded, titled) and antThinking (folded like reasoning).
WITH_ARTIFACTS = 8


def test_small_terminal(seeded, store, snap_compare):
    """80×24 stays usable: titles readable, every footer key shown."""
    assert snap_compare(app_for(store), terminal_size=(80, 24), run_before=opened(1))


def test_artifacts_and_the_message_cursor(seeded, store, snap_compare):
    assert snap_compare(
        app_for(store),
        terminal_size=SIZE,
        run_before=opened(WITH_ARTIFACTS, "right_square_bracket", "right_square_bracket"),
    )
