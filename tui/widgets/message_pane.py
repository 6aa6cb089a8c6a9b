"""The message pane: a conversation's messages, mounted a window at a time.

A conversation can hold 10,000 messages; the pane never mounts (or even loads) them all.
It keeps a window of stored records `[lo, hi)` mounted, loads the first screenful when a
conversation opens, fetches the next chunk when the viewport nears either edge, and
unmounts records far from the viewport so that the widget count stays bounded however far
the user scrolls. Records are loaded with `load_messages(start, limit)` and decoded in the
same worker, so neither the raw JSON nor the decoded parts of the rest are held.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from store.summary import ConversationSummary
from tui import keys
from tui.widgets import message_cursor
from tui.widgets.db import call_store
from tui.widgets.message_window import (
    CHUNK,
    FIRST_CHUNK,
    Edge,
    mount_records,
    trim_caches,
)

# The message widgets bring Rich's Markdown and Pygments: imported by the methods that
# need them, once a conversation opens, so that the first screen paints without them.
if TYPE_CHECKING:
    from store import Store
    from tui.widgets.parts import Shown, ViewReport

# Seconds of scrolling stillness before off-screen records drop their render caches.
TRIM_AFTER = 0.3


class MessagePane(VerticalScroll, can_focus=True):
    """The open conversation, a window of records at a time."""

    BINDING_GROUP_TITLE = "Messages"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("messages")
    DEFAULT_CSS = """
    MessagePane {
        background: $background;
        scrollbar-gutter: stable;
        &.-show-hidden MessageView.-hidden { display: block; }
        & MessageView.-hit { background: $accent 12%; }
        & > .messages-empty { color: $text-muted; padding: 1 2; }
    }
    """

    class FirstScreen(Message):
        """The first records of a newly opened conversation are on screen."""

        def __init__(self, conversation_id: object) -> None:
            super().__init__()
            self.conversation_id = conversation_id

    def __init__(
        self,
        store: Callable[[], Store],
        now: Callable[[], datetime],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._store = store
        self.now = now
        self.summary: ConversationSummary | None = None
        self.report: ViewReport | None = None
        # In a provider view: the messages that provider receives (decoded from the
        # payload), shown instead of the stored records; None shows what is stored.
        self.translated: list[Shown] | None = None
        self.reasoning_open = False
        self.tools_open = False
        self.lo = 0
        self.hi = 0
        self._generation = 0
        self._loading: Edge | None = None
        self.attachments: dict[Any, list[Any]] = {}
        self.trim_timer: Timer | None = None
        # The search hit the pane was asked to land on, and the words that search found.
        self.hit_position: int | None = None
        self.hit_stems: tuple[str, ...] = ()
        self._landing: int | None = None
        # The message cursor's block (see message_cursor); None until a key moves it.
        self.cursor: Widget | None = None
        # A find match to put the cursor on once its window is loaded.
        self._pending: tuple[int, int, str] | None = None

    # --- opening ----------------------------------------------------------------------

    @property
    def total(self) -> int:
        if self.translated is not None:
            return len(self.translated)
        return self.summary.message_count if self.summary else 0

    @property
    def mounted(self) -> int:
        from tui.widgets.message import MessageView

        return len(self.query_children(MessageView))

    def show(
        self,
        summary: ConversationSummary,
        *,
        start: int = 0,
        translated: list[Shown] | None = None,
        report: ViewReport | None = None,
    ) -> None:
        """Open a conversation at record `start` (the first, or a search hit).

        With `translated`, the messages shown are those (a provider view's), not the
        stored records.
        """
        self._generation += 1
        self.summary = summary
        self.report = report
        self.translated = translated
        self.cursor = None
        self._pending = None
        start = max(0, min(start, max(0, self.total - FIRST_CHUNK)))
        self.lo = self.hi = start
        # Held while scrolling home: the scroll must not start a chunk load of its own,
        # which would take the place of the first screen (and its landing on a hit).
        self._loading = "end"
        self.remove_children()
        self.scroll_to(y=0, animate=False, immediate=True)
        self._loading = None
        self._load("end", start, FIRST_CHUNK, first=True)

    def clear(self, note: str = "") -> None:
        self._generation += 1
        self.summary = None
        self.report = None
        self.translated = None
        self.cursor = None
        self.lo = self.hi = 0
        self._loading = None
        self.remove_children()
        if note:
            self.mount(Static(note, classes="messages-empty", markup=False))

    def update_summary(self, summary: ConversationSummary) -> None:
        if self.summary is not None and self.summary.id == summary.id:
            self.summary = summary

    def set_report(self, report: ViewReport | None) -> None:
        """Badges for the current view; applied to what is mounted and what comes next."""
        from tui.widgets.message import Fold

        self.report = report
        if self.translated is not None:
            return  # badges are keyed by stored parts; a translation shows its own
        badges = report.badges if report else {}
        for fold in self.query(Fold):
            fold.set_badge(badges.get(fold.key))

    # --- loading ----------------------------------------------------------------------

    def _load(
        self, edge: Edge, start: int, limit: int, *, first: bool = False, to_end: bool = False
    ) -> None:
        summary = self.summary
        if summary is None or self._loading is not None or limit <= 0:
            return
        self._loading = edge
        generation = self._generation
        cid = summary.id
        translated = self.translated

        def fetch() -> tuple[list[Shown], dict[int, Any], dict[Any, list[Any]] | None]:
            if translated is not None:
                return translated[start : start + limit], {}, None
            # The decoder (and the translator under it) loads here, in the worker, on first use.
            from tui.widgets.parts import attachments_by_message, shown_messages

            store = self._store()
            records = store.load_messages(cid, start=start, limit=limit)
            # Attachments are few and small (metadata only): read once per opening.
            attachments = (
                dict(attachments_by_message(store.list_attachments(conversation_id=cid)))
                if first
                else None
            )
            ids = {record.position: record.id for record in records}
            return [m for record in records for m in shown_messages(record)], ids, attachments

        async def done(
            result: tuple[list[Shown], dict[int, Any], dict[Any, list[Any]] | None],
        ) -> None:
            if generation != self._generation:
                return
            shown, ids, attachments = result
            if attachments is not None:
                self.attachments = attachments
            await mount_records(self, edge, shown, ids, start)
            if generation != self._generation:
                return
            # Only now may the next chunk load: the layout it measures is settled.
            self._loading = None
            if to_end:
                self.scroll_end(animate=False, immediate=True)
            if first:
                self.call_after_refresh(self._first_screen, generation)
            else:
                self.call_after_refresh(self._maybe_load_more)

        def failed(_error: object) -> bool:
            if generation == self._generation:
                self._loading = None
            return False

        call_store(self, fetch, done, group="messages", failed=failed, action="load messages")

    def _first_screen(self, generation: int) -> None:
        if generation == self._generation and self.summary is not None:
            if not self.total:
                self.mount(Static("(no messages)", classes="messages-empty"))
            if self._landing is not None:
                self._land(self._landing)
            self.post_message(self.FirstScreen(self.summary.id))
            pending, self._pending = self._pending, None
            if pending is not None:
                self.goto(*pending)
            self._maybe_load_more()

    def _maybe_load_more(self) -> None:
        if self.summary is None or self._loading is not None:
            return
        margin = max(self.size.height, 10)
        if self.hi < self.total and self.max_scroll_y - self.scroll_y < margin:
            self._load("end", self.hi, CHUNK)
        elif self.lo > 0 and self.scroll_y < margin:
            start = max(0, self.lo - CHUNK)
            self._load("start", start, self.lo - start)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._maybe_load_more()
        if self.trim_timer is not None:
            self.trim_timer.stop()
        self.trim_timer = self.set_timer(TRIM_AFTER, lambda: trim_caches(self))

    def on_resize(self) -> None:
        self._maybe_load_more()

    # --- search hits: open at a message, highlight it, go to the next ------------------

    def show_hit(self, summary: ConversationSummary, position: int, stems: tuple[str, ...]) -> None:
        """Open a conversation at the message a search found, its matched words lit."""
        self.hit_stems = stems
        self.hit_position = position
        self._landing = position
        self.show(summary, start=max(0, position - 1))

    def clear_hits(self) -> None:
        self.hit_stems = ()
        self.hit_position = self._landing = None

    def land_on(self, position: int) -> None:
        """Go to the hit at record `position`: in place when it is mounted, else load there."""
        if self.summary is None:
            return
        self.hit_position = position
        if self.lo <= position < self.hi and self._loading is None:
            self._land(position)
        else:
            self._landing = position
            self.show(self.summary, start=max(0, position - 1))

    def _land(self, position: int) -> None:
        from tui.widgets.hits import land

        self._landing = None
        target = land(self, position, self.hit_stems)
        if target is None:
            return
        # No chunk may load until the hit is in view: one mounted above it meanwhile
        # would move it out of the place it is scrolled to.
        generation = self._generation
        self._loading = "start"

        def scrolled() -> None:
            if generation != self._generation:
                return
            self.scroll_to_widget(target, top=True, animate=False, immediate=True)
            self._loading = None
            # Only what the screen still lacks below the hit loads now; the messages above
            # it load when the user scrolls up to them, as at any other edge of the window.
            if self.hi < self.total and self.max_scroll_y - self.scroll_y < self.size.height:
                self._load("end", self.hi, CHUNK)

        self.call_after_refresh(scrolled)

    # --- folding ----------------------------------------------------------------------

    def toggle_reasoning(self) -> bool:
        from tui.widgets.message import Fold

        self.reasoning_open = not self.reasoning_open
        for fold in self.query(Fold):
            if fold.kind == "reasoning":
                fold.open = self.reasoning_open
        return self.reasoning_open

    def toggle_tools(self) -> bool:
        from tui.widgets.message import Fold

        self.tools_open = not self.tools_open
        for fold in self.query(Fold):
            if fold.kind in ("tool", "artifact"):
                fold.open = self.tools_open
        return self.tools_open

    def toggle_hidden(self) -> bool:
        self.toggle_class("-show-hidden")
        return self.has_class("-show-hidden")

    # --- the message cursor (tui/widgets/message_cursor.py) ---------------------------

    def action_stop(self, delta: int) -> None:
        message_cursor.move(self, delta)

    def move_message(self, delta: int) -> None:
        message_cursor.move(self, delta, headers=True)

    def action_fold(self) -> None:
        message_cursor.fold(self)

    def goto(self, record: int, message: int, query: str) -> None:
        """Put the cursor on the block of a message that holds `query`, loading it first."""
        if not message_cursor.goto(self, record, message, query) and self.summary:
            self.show(self.summary, start=record)
            self._pending = (record, message, query)

    # --- moving -----------------------------------------------------------------------

    # Keys scroll at once: an animation only delays what the user asked to see.
    def action_line(self, lines: int) -> None:
        self.scroll_relative(y=lines, animate=False, immediate=True)

    def action_page(self, pages: int) -> None:
        self.scroll_relative(
            y=pages * max(1, self.scrollable_content_region.height - 1),
            animate=False,
            immediate=True,
        )

    def action_first(self) -> None:
        if self.summary is None:
            return
        if self.lo == 0:
            self.scroll_home(animate=False, immediate=True)
        else:
            self.show(self.summary, start=0)

    def action_last(self) -> None:
        if self.summary is None:
            return
        if self.hi >= self.total:
            self.scroll_end(animate=False, immediate=True)
            return
        self._generation += 1
        start = max(0, self.total - CHUNK)
        self.lo = self.hi = start
        self._loading = None
        self.remove_children()
        self._load("end", start, self.total - start, first=True, to_end=True)
