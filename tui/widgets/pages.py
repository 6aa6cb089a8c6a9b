"""The conversation list's memory: a bounded cache of keyset pages over the whole archive.

The list never holds the archive. It knows the total count, a few pages of rows around
where the user is, and the keyset cursor at the end of every page it has seen, so that
the next page down is one indexed query however deep the user has scrolled. A jump to a
page no cursor leads to (the end, a scrollbar drag) asks the store to skip rows from the
nearest known cursor instead.

Everything here runs on the UI thread; only the store call in `PageRequest.fetch` runs in
a worker, and its answer is dropped if the cache was reset in the meantime.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from store.summary import ConversationSummary, Cursor

PAGE_SIZE = 100
# Pages kept in memory: a few screens above and below wherever the user has been lately.
MAX_PAGES = 24


@dataclass(frozen=True, slots=True)
class PageRequest:
    """How to fetch one page: after a cursor (or from the top), skipping `offset` rows."""

    page: int
    after: Cursor | None
    offset: int
    generation: int

    def fetch(
        self, list_page: Callable[..., list[ConversationSummary]]
    ) -> list[ConversationSummary]:
        return list_page(PAGE_SIZE, after=self.after, offset=self.offset)


class PageCache:
    def __init__(self, page_size: int = PAGE_SIZE, max_pages: int = MAX_PAGES) -> None:
        self.page_size = page_size
        self.max_pages = max_pages
        self.total = 0
        # Bumped on every reset: a page fetched before it belongs to another listing.
        self.generation = 0
        self._pages: OrderedDict[int, list[ConversationSummary]] = OrderedDict()
        # Cursor of the last row of page p, kept after the page itself is evicted: a few
        # bytes per page, and it keeps every later fetch a cheap keyset query.
        self._ends: dict[int, Cursor] = {}
        self._pending: set[int] = set()

    # --- reading ------------------------------------------------------------------------

    def row(self, index: int) -> ConversationSummary | None:
        page, offset = divmod(index, self.page_size)
        rows = self._pages.get(page)
        if rows is None or offset >= len(rows):
            return None
        return rows[offset]

    def index_of(self, conversation_id: object) -> int | None:
        """Where a cached conversation sits in the list, if it is in a cached page."""
        for page, rows in self._pages.items():
            for offset, row in enumerate(rows):
                if row.id == conversation_id:
                    return page * self.page_size + offset
        return None

    @property
    def cached_pages(self) -> int:
        return len(self._pages)

    def page_of(self, index: int) -> int:
        return index // self.page_size

    # --- fetching -----------------------------------------------------------------------

    def wanted(self, first_row: int, last_row: int) -> list[PageRequest]:
        """Requests for the pages over rows first..last that are neither cached nor asked for."""
        if self.total <= 0:
            return []
        last_row = min(last_row, self.total - 1)
        first_row = max(0, min(first_row, last_row))
        requests = []
        for page in range(self.page_of(first_row), self.page_of(last_row) + 1):
            if page in self._pages:
                self._pages.move_to_end(page)
            elif page not in self._pending:
                self._pending.add(page)
                requests.append(self._request(page))
        return requests

    def _request(self, page: int) -> PageRequest:
        if page == 0:
            return PageRequest(0, None, 0, self.generation)
        # The nearest page above this one whose end cursor is known.
        known = [p for p in self._ends if p < page]
        if known:
            anchor = max(known)
            skip = (page - anchor - 1) * self.page_size
            return PageRequest(page, self._ends[anchor], skip, self.generation)
        return PageRequest(page, None, page * self.page_size, self.generation)

    def store(self, request: PageRequest, rows: list[ConversationSummary]) -> bool:
        """Keep a fetched page; False if it is stale (the cache was reset since)."""
        if request.generation != self.generation:
            return False
        self._pending.discard(request.page)
        self._pages[request.page] = rows
        self._pages.move_to_end(request.page)
        if len(rows) == self.page_size:
            self._ends[request.page] = rows[-1].cursor
        while len(self._pages) > self.max_pages:
            self._pages.popitem(last=False)
        return True

    def failed(self, request: PageRequest) -> None:
        if request.generation == self.generation:
            self._pending.discard(request.page)

    # --- changes ------------------------------------------------------------------------

    def reset(self, total: int, *, keep_before: int | None = None) -> None:
        """Forget the rows (the archive changed). Pages wholly before row `keep_before` keep
        their end cursors, which stay valid when only later rows changed."""
        self.generation += 1
        self.total = max(0, total)
        self._pages.clear()
        self._pending.clear()
        if keep_before is None:
            self._ends.clear()
        else:
            last_whole = keep_before // self.page_size - 1
            self._ends = {p: c for p, c in self._ends.items() if p <= last_whole}

    def replace(self, updated: ConversationSummary) -> int | None:
        """Swap a cached row for a newer copy of itself (after a rename); its index or None."""
        for page, rows in self._pages.items():
            for offset, row in enumerate(rows):
                if row.id == updated.id:
                    rows[offset] = updated
                    return page * self.page_size + offset
        return None
