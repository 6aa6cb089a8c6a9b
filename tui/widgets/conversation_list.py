"""The conversation list: a virtual list over the whole archive.

A `ScrollView` with the Line API: its virtual height is `total × ROW_HEIGHT`, and
`render_line` draws only the rows on screen, from a `PageCache` of keyset pages that
workers fill as the viewport moves. No widget is created per row, so 100,000
conversations cost what 10 do: one count and one page.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any, ClassVar, Protocol

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.binding import BindingType
from textual.events import Click
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from store.summary import ConversationSummary, Cursor
from tui import keys
from tui.widgets.db import call_store
from tui.widgets.lifecycle import ask_delete, ask_rename
from tui.widgets.pages import PageCache, PageRequest
from tui.widgets.safe import clean_line
from tui.widgets.timefmt import relative

ROW_HEIGHT = 2
# A count, its first page (unless kept), and the row of the conversation to follow.
_Counted = tuple[int, int | None, list[ConversationSummary] | None, int | None]
_ACTS_ON_ROW = keys.pane_actions("focused")
_OPEN = keys.REGISTRY["list.open"].action
_BOLD = RichStyle(bold=True)


class ListSource(Protocol):
    """The two store calls the list needs (bound to the trash or not by the screen)."""

    def count(self) -> int: ...

    def page(
        self, limit: int, *, after: Cursor | None, offset: int
    ) -> list[ConversationSummary]: ...

    def position(self, conversation_id: uuid.UUID) -> int | None: ...


class ConversationList(ScrollView, can_focus=True):
    """Every conversation, newest update first; only visible rows are ever drawn."""

    BINDING_GROUP_TITLE = "Conversation list"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("list")
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "conversation-list--cursor",
        "conversation-list--meta",
        "conversation-list--time",
        "conversation-list--placeholder",
    }
    DEFAULT_CSS = """
    ConversationList {
        background: $surface;
        /* Always a scrollbar: the list looks (and costs) the same at 10 rows as at 100,000. */
        overflow-y: scroll;
        & > .conversation-list--cursor { background: $block-cursor-blurred-background; }
        &:focus > .conversation-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
        & > .conversation-list--meta { color: $text-muted; }
        & > .conversation-list--time { color: $text-secondary; }
        & > .conversation-list--placeholder { color: $text-disabled; }
    }
    """

    cursor: reactive[int] = reactive(0, init=False)

    class Highlighted(Message):
        def __init__(self, summary: ConversationSummary | None) -> None:
            super().__init__()
            self.summary = summary

    class Opened(Message):
        def __init__(self, summary: ConversationSummary) -> None:
            super().__init__()
            self.summary = summary

    class Counted(Message):
        """The total is known (and the first page, if any, is in)."""

        def __init__(self, total: int) -> None:
            super().__init__()
            self.total = total

    def __init__(
        self,
        source: ListSource,
        now: Callable[[], datetime],
        *,
        label: str = "Conversations",
        show_deleted_time: bool = False,
        openable: bool = True,
        empty_text: str = "No conversations.",
        waiting_text: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._source = source
        self._now = now
        self._label = label
        self._show_deleted_time = show_deleted_time
        self._openable = openable
        self._empty_text = empty_text
        self._waiting_text = waiting_text
        self.pages = PageCache()
        self.loaded = False

    # --- data -------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return self.pages.total

    @property
    def highlighted(self) -> ConversationSummary | None:
        # Remembered rows (drawn before the store is open) are not acted on: they may be stale.
        return self.pages.row(self.cursor) if self.total and self.loaded else None

    def reload(self, *, keep: int | None = None, follow: uuid.UUID | None = None) -> None:
        """Count again and refetch what is on screen (the archive changed).

        `keep` is the first row that may have changed; cursors of pages before it stay.
        `follow` is a conversation id to put the cursor back on, wherever it now sits
        (its row is looked up with the count: the cursor follows the conversation, not
        the index it had).
        """
        call_store(
            self,
            lambda: self._count_and_first(keep, follow),
            self._counted,
            group="list-count",
            exclusive=True,
            action="count conversations",
        )

    def _count_and_first(self, keep: int | None, follow: uuid.UUID | None) -> _Counted:
        total = self._source.count()
        # The first page comes with the count: one round trip to the first paint.
        first = None if keep else self._source.page(self.pages.page_size, after=None, offset=0)
        where = self._source.position(follow) if follow is not None else None
        return total, keep, first, where

    def _counted(self, result: _Counted) -> None:
        total, keep, first, where = result
        self.pages.reset(total, keep_before=keep)
        if first is not None and total:
            self.pages.store(PageRequest(0, None, 0, self.pages.generation), first)
        self.virtual_size = Size(self.scrollable_content_region.width, total * ROW_HEIGHT)
        self.loaded = True
        self._update_titles()
        if where is not None:
            self.cursor = where
        if self.cursor >= total:
            self.cursor = max(0, total - 1)
        self.refresh()
        self._fetch_visible()
        self.post_message(self.Counted(total))
        self.post_message(self.Highlighted(self.highlighted))

    def go_to(self, conversation_id: uuid.UUID) -> None:
        """Put the cursor on a conversation (one opened from search, say), loading the
        page that holds it if it is not cached."""
        index = self.pages.index_of(conversation_id)
        if index is not None:
            self.cursor = index
            return

        def landed(where: int | None) -> None:
            if where is not None and self.loaded:
                self.cursor = where

        call_store(
            self,
            lambda: self._source.position(conversation_id),
            landed,
            group="list-go-to",
            exclusive=True,
            action="find the conversation in the list",
        )

    def show_remembered(self, total: int, first: list[ConversationSummary]) -> None:
        """Rows the last session left, drawn while the store opens; `reload` replaces them."""
        if self.loaded:
            return
        self.pages.reset(total)
        if first and total:
            self.pages.store(PageRequest(0, None, 0, self.pages.generation), first)
        self.virtual_size = Size(self.scrollable_content_region.width, total * ROW_HEIGHT)
        self._update_titles()
        self.refresh()

    def _fetch_visible(self) -> None:
        if not self.total or not self.loaded:
            return  # before the store answers, only remembered rows are drawn
        top = int(self.scroll_offset.y) // ROW_HEIGHT
        rows = max(1, self.scrollable_content_region.height // ROW_HEIGHT + 1)
        # One screen of margin either way so that j/k and page keys rarely meet a blank.
        wanted = self.pages.wanted(top - rows, min(top + 2 * rows, self.total - 1))
        wanted += self.pages.wanted(self.cursor, self.cursor)
        for request in wanted:
            self._fetch(request)

    def _fetch(self, request: PageRequest) -> None:
        def done(rows: list[ConversationSummary]) -> None:
            if self.pages.store(request, rows):
                self._page_arrived(request.page)

        def failed(_error: object) -> bool:
            self.pages.failed(request)
            return False

        call_store(
            self,
            lambda: request.fetch(self._source.page),
            done,
            group=f"list-page-{request.page}",
            failed=failed,
            action="list conversations",
        )

    def _page_arrived(self, page: int) -> None:
        self.refresh()
        if self.pages.page_of(self.cursor) == page:
            self.post_message(self.Highlighted(self.highlighted))

    def update_row(self, updated: ConversationSummary) -> None:
        index = self.pages.replace(updated)
        if index is not None:
            self.refresh_lines(index * ROW_HEIGHT - int(self.scroll_offset.y), ROW_HEIGHT)
            self.refresh()
            if index == self.cursor:
                self.post_message(self.Highlighted(updated))

    def on_mount(self) -> None:
        self.border_title = self._label

    def _update_titles(self) -> None:
        self.border_title = f"{self._label} ({self.total:,})"
        self.border_subtitle = f"{self.cursor + 1:,} / {self.total:,}" if self.total else ""

    # --- cursor -----------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self.total - 1)) if self.total else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._update_titles()
        self._refresh_row(old)
        self._refresh_row(new)
        self._scroll_to_cursor()
        self._fetch_visible()
        self.post_message(self.Highlighted(self.highlighted))

    def on_show(self) -> None:
        # The cursor may have moved while the list was hidden behind search results.
        self._scroll_to_cursor()

    def _scroll_to_cursor(self) -> None:
        self.scroll_to_region(
            Region(0, self.cursor * ROW_HEIGHT, self.scrollable_content_region.width, ROW_HEIGHT),
            animate=False,
            force=True,
            immediate=True,
        )

    def _refresh_row(self, index: int) -> None:
        self.refresh(Region(0, index * ROW_HEIGHT - int(self.scroll_offset.y), self.size.width, 2))

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._fetch_visible()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self.total * ROW_HEIGHT)
        self._fetch_visible()

    @property
    def _rows_per_page(self) -> int:
        return max(1, self.scrollable_content_region.height // ROW_HEIGHT)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self.total - 1

    def action_page_down(self) -> None:
        self.cursor += self._rows_per_page

    def action_page_up(self) -> None:
        self.cursor -= self._rows_per_page

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == _OPEN:
            return self._openable
        if action in _ACTS_ON_ROW:
            return True if self.highlighted is not None else None
        return True

    def action_open(self) -> None:
        summary = self.highlighted
        if summary is not None:
            self.post_message(self.Opened(summary))

    # Routed here by the main screen while the list has the focus (never bound here: the
    # trash binds the same keys to its own actions).
    def action_rename(self) -> None:
        if self.highlighted is not None:
            ask_rename(self, self.highlighted)

    def action_delete(self) -> None:
        if self.highlighted is not None:
            ask_delete(self, self.highlighted)

    def on_click(self, event: Click) -> None:
        index = (event.y + int(self.scroll_offset.y)) // ROW_HEIGHT
        if 0 <= index < self.total:
            self.cursor = index
            if self._openable:
                self.action_open()

    # --- drawing ----------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = int(self.scroll_offset.y) + y
        index, sub = divmod(line, ROW_HEIGHT)
        base = self.get_visual_style()
        if index >= self.total:
            placeholder = self._empty_text if self.loaded else self._waiting_text
            if placeholder and not self.total and line == 0:
                muted = self.get_visual_style("conversation-list--placeholder")
                return (
                    Strip([Segment(" " + placeholder, muted.rich_style)])
                    .extend_cell_length(width, base.rich_style)
                    .crop(0, width)
                )
            return Strip.blank(width, base.rich_style)
        selected = index == self.cursor
        row_classes: tuple[str, ...] = ("conversation-list--cursor",) if selected else ()
        style = self.get_visual_style(*row_classes)
        summary = self.pages.row(index)
        if summary is None:
            muted = self.get_visual_style(*row_classes, "conversation-list--placeholder")
            text = " …" if sub == 0 else ""
            segments = [Segment(text, muted.rich_style)]
        elif sub == 0:
            segments = self._title_line(summary, width, style, row_classes)
        else:
            segments = self._meta_line(summary, width, row_classes)
        return Strip(segments).extend_cell_length(width, style.rich_style).crop(0, width)

    def _title_line(
        self, summary: ConversationSummary, width: int, style: Any, row_classes: tuple[str, ...]
    ) -> list[Segment]:
        moment = summary.deleted_at if self._show_deleted_time else summary.updated_at
        when = relative(moment, self._now()) if moment is not None else ""
        if self._show_deleted_time and when:
            when = f"deleted {when}"
        time_style = self.get_visual_style(*row_classes, "conversation-list--time")
        room = max(0, width - cell_len(when) - 3)
        title = clean_line(summary.display_title)
        if cell_len(title) > room:
            title = set_cell_size(title, max(0, room - 1)) + "…"
        gap = max(1, width - 1 - cell_len(title) - cell_len(when) - 1)
        return [
            Segment(" " + title, style.rich_style + _BOLD),
            Segment(" " * gap, style.rich_style),
            Segment(when, time_style.rich_style),
        ]

    def _meta_line(
        self, summary: ConversationSummary, width: int, row_classes: tuple[str, ...]
    ) -> list[Segment]:
        meta_style = self.get_visual_style(*row_classes, "conversation-list--meta")
        count = summary.message_count
        messages = f"{count:,} message" + ("" if count == 1 else "s")
        # "unknown" (an import that could not tell) says nothing: it is left out.
        known = [
            ", ".join(name for name in names if name and name != "unknown")
            for names in (summary.providers, summary.models)
        ]
        origin = " · ".join(part for part in known if part)
        origin = clean_line(origin)
        room = max(0, width - cell_len(messages) - 5)
        if cell_len(origin) > room:
            origin = set_cell_size(origin, max(0, room - 1)) + "…"
        gap = max(1, width - 3 - cell_len(origin) - cell_len(messages) - 1)
        return [
            Segment("   " + origin + " " * gap + messages, meta_style.rich_style),
        ]
