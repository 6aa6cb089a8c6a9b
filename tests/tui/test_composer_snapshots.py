"""Snapshots of the composer (a draft being written) and of a reply mid-stream.

The reply is fed the deltas of a recorded Anthropic stream directly, stopped halfway, so
the picture does not depend on how fast a server answers; the real stream is covered by
tests/tui/test_composer.py.
"""

from __future__ import annotations

import json

from textual.pilot import Pilot

from tests.store.sending.server import STREAMS
from tests.tui.composer_helpers import (
    SIZE,
    claude_conversation,
    composer,
    open_first,
    sending,
    server,
    write,
)
from tests.tui.helpers import settle
from tests.tui.seed import NOW
from tui.app import ThreadkeepApp
from tui.widgets import drafts

__all__ = ["sending", "server"]  # fixtures


def app_for(store) -> ThreadkeepApp:
    return ThreadkeepApp(store=store, now=lambda: NOW, cursor_blink=False)


def recorded_deltas() -> tuple[str, str]:
    """(thinking, text) of the recorded Claude stream."""
    thinking, text = [], []
    for line in (STREAMS / "anthropic.thinking.claude-sonnet-4.sse").read_text().splitlines():
        if not line.startswith("data:"):
            continue
        delta = json.loads(line[5:]).get("delta", {})
        if delta.get("type") == "thinking_delta":
            thinking.append(delta["thinking"])
        elif delta.get("type") == "text_delta":
            text.append(delta["text"])
    return "".join(thinking), "".join(text)


def test_the_composer_with_a_draft(store, sending, snap_compare):
    cid = claude_conversation(store)

    async def run(pilot: Pilot) -> None:
        await open_first(pilot)
        await write(pilot, "What about crossing at night?")
        await pilot.press("ctrl+j")
        await pilot.press(*"Thanks")
        await settle(pilot)

    assert snap_compare(app_for(store), terminal_size=SIZE, run_before=run)
    drafts.remove(str(cid))


def test_a_reply_mid_stream(store, sending, snap_compare):
    cid = claude_conversation(store)
    thinking, text = recorded_deltas()

    async def run(pilot: Pilot) -> None:
        await open_first(pilot)
        await write(pilot, "How do I cross the street?")
        box = composer(pilot)
        box.show_streaming("anthropic · claude-sonnet-4-0 is answering…")
        reply = box.reply
        reply.stop()  # drawn by hand below: no timer in a snapshot
        reply.add_reasoning(thinking)
        reply.add_text(text[: len(text) // 2])
        reply.draw()
        await settle(pilot)

    assert snap_compare(app_for(store), terminal_size=SIZE, run_before=run)
    drafts.remove(str(cid))
