"""First paint of the conversation list: 100,000 conversations ÷ 10 (budget ≤ 1.2).

    uv run python bench/tui_first_paint.py [--runs 7]

From the moment the app starts (headless, store injected) until the list shows its first
page of rows on screen. Runs alternate between the two archives so that both see the
same machine state; the figure is the median of the paired runs' ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import machine
from bench.tui_common import BIG, SIZE, SMALL, archive, until
from store import Store
from tui.app import ThreadkeepApp
from tui.widgets.conversation_list import ConversationList


async def first_paint(store: Store) -> tuple[float, int]:
    app = ThreadkeepApp(store=store, cursor_blink=False)
    started = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:

        def painted() -> bool:
            lists = app.screen.query(ConversationList)
            return bool(lists) and lists.first().loaded and lists.first().pages.row(0) is not None

        await until(pilot, painted)
        await pilot.pause()  # the frame with the rows in it
        elapsed = time.perf_counter() - started
        shown = lists_total(app)
    return elapsed, shown


def lists_total(app: ThreadkeepApp) -> int:
    return app.screen.query_one(ConversationList).total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    big, small = archive(BIG), archive(SMALL)
    times: dict[str, list[float]] = {"big": [], "small": []}
    totals = {}
    # One warm-up each: imports, CSS parsing and the database caches are not the figure.
    asyncio.run(first_paint(big))
    asyncio.run(first_paint(small))
    for run in range(args.runs):
        # Alternate which goes first, and start each from a collected heap, so that neither
        # archive always pays for the other's garbage.
        pair = (("big", big), ("small", small))
        for name, store in pair if run % 2 == 0 else pair[::-1]:
            gc.collect()
            seconds, total = asyncio.run(first_paint(store))
            times[name].append(seconds)
            totals[name] = total
    b, s = statistics.median(times["big"]), statistics.median(times["small"])
    # Runs alternate, so each pair saw the same load on the machine: the figure is the
    # median of the pairs' ratios, which other processes' bursts disturb least.
    ratio = statistics.median(x / y for x, y in zip(times["big"], times["small"], strict=True))
    print(f"machine: {machine()}")
    print(
        f"first paint, {totals['big']:,} conversations: median {b * 1000:.0f} ms, best {min(times['big']) * 1000:.0f} ms"
    )
    print(
        f"first paint, {totals['small']:,} conversations: median {s * 1000:.0f} ms, best {min(times['small']) * 1000:.0f} ms"
    )
    print(f"ratio (budget ≤ 1.2): {ratio:.2f} (median of {args.runs} paired runs)")
    big.close()
    small.close()


if __name__ == "__main__":
    main()
