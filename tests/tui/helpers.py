"""Driving the app in tests: waiting for workers, reading the screen, catching notices."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from html import unescape
from typing import Any

from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot

from store import NewMessage, Store


async def settle(pilot: Pilot, rounds: int = 60) -> None:
    """Pause until no worker runs and none was started meanwhile.

    Store calls run in thread workers whose results start more work (a page, a report),
    so one wait is not enough; the loop is bounded so that a bug cannot hang the suite.
    """
    app = pilot.app

    def idle() -> bool:
        return all(worker.is_finished for worker in app.workers) and not any(
            getattr(screen, "busy", False) for screen in app.screen_stack
        )

    for _ in range(rounds):
        await pilot.pause()
        if idle():
            await pilot.pause()
            if idle():
                return
        await app.workers.wait_for_complete()
        await pilot.pause(0.05)
    await pilot.pause()


def screen_text(pilot: Pilot) -> str:
    """The terminal's text as it is now (from the screenshot's text runs)."""
    svg = pilot.app.export_screenshot()
    runs = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return unescape("".join(runs)).replace("\xa0", " ")


class Notices:
    """Collects every notification the app raises (a message hook for run_test)."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify):
            self.messages.append(message.notification.message)

    def __contains__(self, fragment: str) -> bool:
        return any(fragment in message for message in self.messages)

    @property
    def last(self) -> str:
        return self.messages[-1] if self.messages else ""


def long_conversation(store: Store, count: int, *, title: str = "A very long conversation") -> Any:
    """A conversation of `count` short chat messages, numbered so tests can find each."""
    start = datetime(2025, 6, 10, 11, 0, tzinfo=UTC) - timedelta(minutes=count)
    rows = [
        NewMessage(
            {
                "role": "user" if i % 2 == 0 else "assistant",
                "content": f"message number {i}",
            },
            "openai",
            "gpt-4o",
            "openai-chat",
            created_at=start + timedelta(minutes=i),
        )
        for i in range(count)
    ]
    return store.import_conversation(rows, title=title, created_at=start)


def wait_until(condition: Callable[[], bool]) -> Callable[[Pilot], Any]:
    async def wait(pilot: Pilot) -> None:
        for _ in range(100):
            if condition():
                return
            await settle(pilot)
            await pilot.pause(0.02)

    return wait
