"""Shared pieces of the terminal-app benchmarks: the archives, and headless timing helpers.

Two archives, built once through the store's bulk path (bench/generate.py) and reused:

* `tui-100k`: 100,000 conversations, ~370,000 messages, the last one 10,000 messages long;
* `tui-10`: 10 conversations.

Each archive has its own embedded server (its own data dir under bench/.out). The app is
run headless through `App.run_test`, with the store injected (as the tests do), so a
figure measures the app and its queries, not the server's start.
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text
from textual.pilot import Pilot

from bench.generate import ensure_archive
from store import Store

BIG = ("tui-100k", 100_000, 300_000, 10_000)
SMALL = ("tui-10", 10, 60, 0)
SIZE = (120, 40)


def archive(spec: tuple[str, int, int, int]) -> Store:
    name, conversations, messages, long_conversation = spec
    previous = os.environ.get("THREADKEEP_HOME")
    store = ensure_archive(name, conversations, messages, long_conversation=long_conversation)
    # ensure_archive points THREADKEEP_HOME at the archive; the store is open, so put it back.
    if previous is not None:
        os.environ["THREADKEEP_HOME"] = previous
    return store


def conversation_with(store: Store, messages: int) -> uuid.UUID:
    """The live conversation whose message count is nearest to `messages`."""
    with store._engine.connect() as conn:
        return conn.execute(
            text(
                "select m.conversation_id from messages m join conversations c "
                "on c.id = m.conversation_id and c.deleted_at is null "
                "group by m.conversation_id order by abs(count(*) - :n), m.conversation_id "
                "limit 1"
            ),
            {"n": messages},
        ).scalar_one()


async def until(pilot: Pilot, condition, timeout: float = 60.0) -> None:
    """Let the app run until `condition()` holds (checked after each idle)."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there in time")
        await pilot.pause()


def peak_rss_mb() -> float:
    import resource

    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")
