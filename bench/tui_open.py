"""First screen of a 10,000-message conversation ÷ of a 10-message one (budget ≤ 2).

    uv run python bench/tui_open.py [--runs 15]

In one app on the 100k archive: from the moment a conversation is asked to open until
its first messages are mounted and painted (the message pane's FirstScreen). The pane
loads a screenful, whatever the conversation's length; the figure is the median of the
paired runs' ratios (the runs alternate between the two conversations).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import machine
from bench.tui_common import BIG, SIZE, archive, conversation_with, until
from store import Store
from tui.app import ThreadkeepApp
from tui.screens.main import MainScreen
from tui.widgets.message_pane import MessagePane


async def measure(store: Store, ids: dict[str, uuid.UUID], runs: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in ids}
    shown: list[object] = []
    app = ThreadkeepApp(store=store, cursor_blink=False)

    def hook(message: object) -> None:
        if isinstance(message, MessagePane.FirstScreen):
            shown.append(message.conversation_id)

    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        screen = app.screen
        assert isinstance(screen, MainScreen)
        for run in range(runs + 1):
            order = list(ids.items()) if run % 2 == 0 else list(ids.items())[::-1]
            for name, cid in order:
                gc.collect()
                shown.clear()
                started = time.perf_counter()
                screen.open_conversation(cid)
                await until(pilot, lambda cid=cid: cid in shown)
                await pilot.pause()  # the frame with the messages in it
                if run:  # the first round warms the caches
                    times[name].append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    store = archive(BIG)
    ids = {"long": conversation_with(store, 10_000), "short": conversation_with(store, 10)}
    counts = {name: store.get_conversation(cid).message_count for name, cid in ids.items()}
    times = asyncio.run(measure(store, ids, args.runs))
    ratio = statistics.median(a / b for a, b in zip(times["long"], times["short"], strict=True))
    print(f"machine: {machine()}")
    for name in ("long", "short"):
        print(
            f"first screen, {counts[name]:,}-message conversation: "
            f"median {statistics.median(times[name]) * 1000:.0f} ms, best {min(times[name]) * 1000:.0f} ms"
        )
    print(f"ratio (budget ≤ 2): {ratio:.2f} (median of {args.runs} paired runs)")
    store.close()


if __name__ == "__main__":
    main()
