"""Opening a search hit deep in a 10,000-message conversation ÷ opening its first message
(budget ≤ 1.5).

    uv run python bench/tui_open_hit.py [--runs 15] [--big]

In one app: from the moment a hit is asked to open (`ConversationView.open_hit`, what
choosing a search result does) until the pane has landed on it, mounted, highlighted and
scrolled into view, and painted (the pane's FirstScreen, then a frame); against the same
conversation opened at its first message (`MainScreen.open_conversation`). The hit sits
three quarters of the way in; its word is the rarest of that message's words inside the
conversation, so that n/N have a few hits to walk. The figure is the median of the paired
runs' ratios (the runs alternate between the two).

The archive is a small one holding the 10,000-message conversation (`tui-hit`); `--big`
uses the 100,000-conversation archive of the other terminal benches instead.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import re
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import machine
from bench.tui_common import BIG, SIZE, archive, conversation_with, until
from store import SearchHit, Store
from tui.app import ThreadkeepApp
from tui.screens.main import MainScreen
from tui.widgets.message_pane import MessagePane

HIT_ARCHIVE = ("tui-hit", 50, 1_000, 10_000)


def deep_hit(store: Store, cid: uuid.UUID) -> tuple[SearchHit, str]:
    """A hit three quarters into the conversation, and the query that finds it."""
    summary = store.get_conversation(cid)
    position = summary.message_count * 3 // 4
    with store._engine.connect() as conn:
        from sqlalchemy import text

        row = conn.execute(
            text(
                "select id, position, role, content_text from messages"
                " where conversation_id = :cid and position >= :p and length(content_text) > 40"
                " order by position limit 1"
            ),
            {"cid": cid, "p": position},
        ).one()
    position = row.position
    words = set(re.findall(r"[a-z]{5,}", row.content_text.lower()))
    counted = []
    for word in sorted(words):
        found = store.hits_in_conversation(cid, word).positions
        if position in found:
            counted.append((len(found), word))
    _count, query = min(counted)
    hit = SearchHit(
        conversation_id=cid,
        title=summary.title,
        message_id=row.id,
        position=position,
        role=row.role,
        snippet="",
        rank=0.0,
        created_at=summary.created_at,
    )
    return hit, query


async def measure(store: Store, cid: uuid.UUID, hit: SearchHit, query: str, runs: int):
    times: dict[str, list[float]] = {"hit": [], "first": []}
    shown: list[object] = []
    app = ThreadkeepApp(store=store, cursor_blink=False)

    def hook(message: object) -> None:
        if isinstance(message, MessagePane.FirstScreen):
            shown.append(message.conversation_id)

    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        screen = app.screen
        assert isinstance(screen, MainScreen)
        pane = screen.messages
        for run in range(runs + 1):
            order = ["hit", "first"] if run % 2 == 0 else ["first", "hit"]
            for name in order:
                # Each opening starts from a quiet app: what the last one loads after its
                # paint (the messages above a hit) must not be timed as this one's.
                await pilot.pause(0.3)
                gc.collect()
                shown.clear()
                started = time.perf_counter()
                if name == "hit":
                    screen.conversation.open_hit(hit, query)
                else:
                    screen.open_conversation(cid)
                await until(pilot, lambda: cid in shown)
                await pilot.pause()  # the frame with the messages (and the scroll) in it
                if name == "hit":
                    assert pane.hit_position == hit.position and pane.lo <= hit.position < pane.hi
                if run:  # the first round warms the caches
                    times[name].append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--big", action="store_true", help="the 100,000-conversation archive")
    args = parser.parse_args()
    store = archive(BIG if args.big else HIT_ARCHIVE)
    cid = conversation_with(store, 10_000)
    count = store.get_conversation(cid).message_count
    hit, query = deep_hit(store, cid)
    hits = len(store.hits_in_conversation(cid, query).positions)
    times = asyncio.run(measure(store, cid, hit, query, args.runs))
    ratio = statistics.median(a / b for a, b in zip(times["hit"], times["first"], strict=True))
    print(f"machine: {machine()}")
    print(f"conversation: {count:,} messages; hit at #{hit.position} for {query!r} ({hits} hits)")
    for name, label in (("hit", "search hit"), ("first", "first message")):
        print(
            f"open at the {label}: median {statistics.median(times[name]) * 1000:.0f} ms, "
            f"best {min(times[name]) * 1000:.0f} ms"
        )
    print(f"ratio (budget ≤ 1.5): {ratio:.2f} (median of {args.runs} paired runs)")
    store.close()


if __name__ == "__main__":
    main()
