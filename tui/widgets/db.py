"""Running store calls off the UI thread.

Every store call blocks (a round trip to Postgres, or a server start), so each one runs in
a thread worker and hands its result back to the UI thread. A store error never reaches
the user as a traceback: it is posted as `StoreProblem`, which the app turns into the
broken-database screen or a one-line notification.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from typing import TypeVar

from textual.message import Message
from textual.widget import Widget
from textual.worker import Worker, get_current_worker

from store.errors import StoreError

T = TypeVar("T")


class StoreProblem(Message):
    """A store call failed; bubbles up to the app."""

    def __init__(self, error: StoreError, action: str = "") -> None:
        super().__init__()
        self.error = error
        self.action = action


def call_store(
    node: Widget,
    call: Callable[[], T],
    done: Callable[[T], Awaitable[None] | None],
    *,
    group: str,
    exclusive: bool = False,
    failed: Callable[[StoreError], bool] | None = None,
    action: str = "",
) -> Worker[None]:
    """Run `call` in a thread worker, then `done(result)` on the UI thread.

    With `exclusive`, a newer call in the same group cancels an older one, whose result is
    then dropped: a search superseded by more typing never paints over the newer one.
    `failed` may handle an error itself (return True), e.g. a dialog showing it inline.
    """

    def deliver(result: T) -> Awaitable[None] | None:
        # `done` may be a coroutine (one that waits for a refresh); call_from_thread awaits it.
        if node.is_attached and not worker.is_cancelled:
            return done(result)
        return None

    def report(error: StoreError) -> None:
        if failed is not None and failed(error):
            return
        node.post_message(StoreProblem(error, action))

    def work() -> None:
        current = get_current_worker()
        try:
            result = call()
        except StoreError as exc:
            if not current.is_cancelled:
                _to_ui(node, report, exc)
            return
        if not current.is_cancelled:
            _to_ui(node, deliver, result)

    worker: Worker[None] = node.run_worker(
        work, thread=True, group=group, exclusive=exclusive, description=action or group
    )
    return worker


def _to_ui(node: Widget, callback: Callable[[T], object], value: T) -> None:
    # The app may have closed while the call ran: then there is no screen left to update.
    with contextlib.suppress(RuntimeError):
        node.app.call_from_thread(callback, value)
