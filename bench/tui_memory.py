"""Peak RSS of the app with 100,000 conversations and a 10,000-message one open (≤ 150 MB).

    uv run python bench/tui_memory.py

One headless app on the 100k archive does what a user would: scrolls the list from the
newest to the oldest conversation and back, searches, opens the 10,000-message
conversation and pages through every message of it to the end and back to the start.
The figure is this process's peak resident set (ru_maxrss) at that point, as a ratio to
the budget; the RSS before the app starts (the interpreter, Textual, SQLAlchemy, psycopg
and the translator imported) is printed alongside.

Then, reported apart because the budget does not cover it: the same conversation switched
through every provider view and its payload shown. Each switch translates all 10,000
messages through `store.load_conversation`, which holds them all while it works.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import machine
from bench.tui_common import (
    BIG,
    SIZE,
    archive,
    conversation_with,
    current_rss_mb,
    peak_rss_mb,
    until,
)
from tui.app import ThreadkeepApp
from tui.screens.main import MainScreen
from tui.widgets.message_pane import MessagePane
from tui.widgets.views import view_keys

BUDGET_MB = 150


async def session(store, long_id) -> dict[str, float]:
    marks: dict[str, float] = {}
    app = ThreadkeepApp(store=store, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        screen = app.screen
        assert isinstance(screen, MainScreen)
        listing = screen.conversations
        await until(pilot, lambda: listing.loaded and listing.pages.row(0) is not None)
        marks["list shown"] = current_rss_mb()
        # The whole list, top to bottom by pages, then the far end and back.
        for _ in range(300):
            await pilot.press("pagedown")
        await pilot.press("G")
        await until(pilot, lambda: listing.highlighted is not None)
        for _ in range(300):
            await pilot.press("pageup")
        await pilot.press("g")
        await until(pilot, lambda: listing.highlighted is not None)
        marks["list scrolled"] = current_rss_mb()
        await pilot.press("slash", *"the")
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        await pilot.press("escape")
        # The long conversation, every message of it.
        opened: list[object] = []
        screen.open_conversation(long_id)
        pane = screen.messages
        await until(pilot, lambda: pane.summary is not None and pane.summary.id == long_id)
        await until(pilot, lambda: pane.mounted > 0)
        total = pane.total
        steps = 0
        while pane.hi < total:
            pane.action_page(3)
            await pilot.pause()
            await app.workers.wait_for_complete()
            steps += 1
            if steps % 100 == 0:
                print(f"  down: records {pane.lo}-{pane.hi} of {total}", file=sys.stderr)
        marks["10k messages scrolled to the end"] = current_rss_mb()
        while pane.lo > 0:
            pane.action_page(-3)
            await pilot.pause()
            await app.workers.wait_for_complete()
            steps += 1
            if steps % 100 == 0:
                print(f"  up: records {pane.lo}-{pane.hi} of {total}", file=sys.stderr)
        marks["and back to the start"] = current_rss_mb()
        marks["peak so far (the figure)"] = peak_rss_mb()
        for _ in view_keys():
            await pilot.press("p")
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.press("v")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        marks["views and payload"] = current_rss_mb()
        del opened
        assert isinstance(pane, MessagePane)
    return marks


def main() -> None:
    store = archive(BIG)
    long_id = conversation_with(store, 10_000)
    before = current_rss_mb()
    marks = asyncio.run(session(store, long_id))
    figure = marks.pop("peak so far (the figure)")
    print(f"machine: {machine()}")
    print(f"RSS before the app starts: {before:.0f} MB")
    for label, value in marks.items():
        print(f"RSS after {label}: {value:.0f} MB")
    print(f"peak RSS, list scrolled and the 10k-message conversation read through: {figure:.0f} MB")
    print(f"ratio to the budget (peak ÷ {BUDGET_MB} MB, ≤ 1): {figure / BUDGET_MB:.2f}")
    print(
        f"not budgeted: peak RSS after every provider view and the payload of that "
        f"conversation: {peak_rss_mb():.0f} MB"
    )
    store.close()


if __name__ == "__main__":
    main()
