"""The bottom line of keys: what the focused pane offers, redrawn as the focus moves, and a
click on a key does what pressing it does."""

from __future__ import annotations

import gc

import pytest

from store.collection import paused
from tests.tui.conftest import SIZE
from tests.tui.helpers import screen_text, settle
from tui.screens.help import HelpScreen
from tui.widgets.key_bar import KeyBar

pytestmark = pytest.mark.anyio


def bottom_line(pilot) -> str:
    return screen_text(pilot).rsplit("\n", 1)[-1]


async def test_the_bar_follows_the_focus_and_a_click_presses_the_key(seeded, make_app):
    async with make_app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "⏎ Open" in bottom_line(pilot) and "^p palette" in bottom_line(pilot)
        await pilot.press("enter")  # the conversation opens; the pane's keys come up
        await settle(pilot)
        assert "⏎ Open" not in bottom_line(pilot) and "t Reasoning" in bottom_line(pilot)
        bar = pilot.app.screen.query_one(KeyBar)
        x = bar.render().plain.index("? Help") + 1
        assert bar.key_at(x) == "question_mark"
        await pilot.click(KeyBar, offset=(x, 0))
        await settle(pilot)
        assert isinstance(pilot.app.screen, HelpScreen)


async def test_the_gap_between_keys_is_not_a_key(seeded, make_app):
    async with make_app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = pilot.app.screen.query_one(KeyBar)
        gap = bar.render().plain.index("? Help") - 1
        assert bar.key_at(gap) is None
        screen = pilot.app.screen
        await pilot.click(KeyBar, offset=(gap, 0))
        await settle(pilot)
        assert pilot.app.screen is screen


def test_collection_is_paused_and_restored_after():
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled(), "a state the caller chose is left as it was"
    finally:
        gc.enable()
