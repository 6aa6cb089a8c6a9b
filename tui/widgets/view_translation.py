"""The open conversation translated for the chosen provider view, in a worker: what the
pane shows for that view (decoded from the payload) and the report's summary line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.timer import Timer

from tui.context import store_of
from tui.widgets.db import call_store
from tui.widgets.views import ORIGINAL, label

if TYPE_CHECKING:
    from tui.widgets.conversation_view import ConversationView
    from tui.widgets.parts import Shown, ViewReport

# Switching views quickly translates once, for the view the switching stops at.
VIEW_DEBOUNCE = 0.25


class ViewTranslation:
    def __init__(self, pane: ConversationView) -> None:
        self._pane = pane
        self._timer: Timer | None = None
        self._running = False
        self._wanted = False

    @property
    def busy(self) -> bool:
        """A translation is waiting or running (tests and benchmarks wait on it)."""
        return self._timer is not None or self._running

    def load(self) -> None:
        """Translate for the current view's badges and summary, one translation at a time.

        A translation holds the whole conversation while it runs and a thread cannot be
        stopped, so quick presses of `p` must not start one each: the request waits for a
        pause in the switching, and for the translation in flight to finish.
        """
        pane = self._pane
        summary, view = pane.open_summary, pane.view
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if summary is None or view == ORIGINAL:
            if summary is not None and pane.messages.translated is not None:
                pane.messages.show(summary)  # back to the messages as stored
            pane.messages.set_report(None)
            pane.set_summary_line("")
            return
        pane.set_summary_line(f"{label(view)}: translating…")
        self._timer = pane.set_timer(VIEW_DEBOUNCE, self._start)

    def _start(self) -> None:
        self._timer = None
        pane = self._pane
        if self._running:
            self._wanted = True
            return
        summary, view = pane.open_summary, pane.view
        if summary is None or view == ORIGINAL:
            return
        self._running = True

        def finished() -> None:
            self._running = False
            if self._wanted:
                self._wanted = False
                self._start()

        def done(result: tuple[ViewReport, list[Shown]]) -> None:
            finished()
            report, translated = result
            if pane.open_summary is summary and pane.view == view:
                # The pane shows what the provider receives, decoded from the payload.
                pane.messages.show(summary, translated=translated, report=report)
                pane.set_summary_line(f"{label(view)}: {report.summary}")

        def failed(_error: object) -> bool:
            finished()
            return False

        def translate() -> tuple[ViewReport, list[Shown]]:
            from tui.widgets.payloads import translated_for

            return translated_for(store_of(pane), summary.id, view)

        call_store(
            pane,
            translate,
            done,
            group="report",
            failed=failed,
            action="translate the conversation",
        )
