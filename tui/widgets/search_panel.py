"""The left side of the main screen: the conversation list, or search results over it.

`/` shows the search field; typing searches titles and full text as you type (one query
per pause), and the results take the list's place until the search is cleared. Choosing
a hit is posted as `SearchPanel.HitChosen`; the screen opens it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import Key
from textual.message import Message
from textual.timer import Timer
from textual.widget import AwaitMount
from textual.widgets import Input, OptionList

from tui.context import context, store_of
from tui.widgets.conversation_list import ConversationList
from tui.widgets.db import call_store
from tui.widgets.search_results import SearchResults

if TYPE_CHECKING:
    from store.records import SearchHit

# Typing pauses this long before a search runs: one query per pause, not per key.
SEARCH_DEBOUNCE = 0.2
SEARCH_LIMIT = 50
# The store ranks at most this many hits for one query: the results stop there.
SEARCH_MAX = 500


class SearchPanel(Vertical):
    class HitChosen(Message):
        def __init__(self, hit: SearchHit) -> None:
            super().__init__()
            self.hit = hit

    class Opened(Message):
        """The search field was shown (the screen leaves the welcome for it)."""

    def __init__(self, conversations: ConversationList, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._conversations = conversations
        self.searching = False
        self._search_timer: Timer | None = None
        # Bumped by every change of the query: an answer to an older one is dropped.
        self._search_token = 0
        # The query shown, whether more hits may follow, and whether they are on their way.
        self._query = ""
        self._more = False
        self._loading_more = False
        self._mounted: tuple[AwaitMount, AwaitMount] | None = None

    def compose(self) -> ComposeResult:
        yield self._conversations

    def on_mount(self) -> None:
        context(self).after_first_paint(self._mount_search)

    async def _mount_search(self) -> None:
        """The search field and the results, once: both are hidden until `/`, so the first
        paint pays neither for their widgets nor for their styles."""
        if self._mounted is None:
            search = Input(placeholder="search titles and messages", id="search")
            search.cursor_blink = context(self).cursor_blink
            search.display = False
            results = SearchResults(id="results")
            results.display = False
            self._mounted = (
                self.mount(search, before=self._conversations),
                self.mount(results, after=self._conversations),
            )
        for mounting in self._mounted:
            await mounting

    @property
    def typed(self) -> str:
        """The query typed (what the open hit's conversation is searched for by n/N)."""
        return self.search_input.value if self.searching else ""

    @property
    def results(self) -> SearchResults:
        return self.query_one("#results", SearchResults)

    @property
    def search_input(self) -> Input:
        return self.query_one("#search", Input)

    def _show(self, which: str) -> None:
        self._conversations.display = which == "conversations"
        self.results.display = which == "results"

    def _hits(self) -> list[SearchHit]:
        """The hits shown; none before the search field was first mounted."""
        return self.results.hits if self._mounted is not None and self.results.is_attached else []

    # --- keys (routed here by the screen) ---------------------------------------------

    async def action_open(self) -> None:
        await self._mount_search()
        self.searching = True
        self.search_input.display = True
        self.post_message(self.Opened())
        self.search_input.focus()

    def close(self) -> bool:
        """Clear and hide the search; False if there was none."""
        if not self.searching:
            return False
        self.searching = False
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_token += 1
        self.search_input.value = ""
        self.search_input.display = False
        self.results.show_hits([])
        self._show("conversations")
        return True

    # --- searching --------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "search":
            return
        event.stop()
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_token += 1
        if not event.value.strip():
            self._show("conversations")
            return
        token = self._search_token
        self._search_timer = self.set_timer(
            SEARCH_DEBOUNCE, lambda: self.run_search(event.value, token)
        )

    def run_search(self, query: str, token: int) -> None:
        def find() -> tuple[list[SearchHit], str]:
            store = store_of(self)
            hits = store.search(query, SEARCH_LIMIT, as_you_type=True)
            # Only an empty answer asks why: a query of common words alone finds nothing.
            note = "" if hits else store.search_note(query, as_you_type=True)
            return hits, note

        def done(result: tuple[list[SearchHit], str]) -> None:
            # A result for an older query (typing went on) is never shown.
            if token != self._search_token:
                return
            hits, note = result
            self._query, self._more = query, len(hits) == SEARCH_LIMIT
            self.results.show_hits(hits, note=note)
            self._title()
            self._show("results")

        call_store(self, find, done, group="search", exclusive=True, action="search")

    def _title(self) -> None:
        count = len(self.results.hits)
        self.results.border_title = f"Search: {count}{'+' if self._more else ''} results"

    def on_search_results_near_end(self, event: SearchResults.NearEnd) -> None:
        event.stop()
        if not self._more or self._loading_more:
            return
        token, query = self._search_token, self._query
        limit = min(SEARCH_MAX, len(self.results.hits) + SEARCH_LIMIT)
        self._loading_more = True

        def done(hits: list[SearchHit]) -> None:
            self._loading_more = False
            if token != self._search_token:
                return
            before = len(self.results.hits)
            self.results.add_hits(hits)
            grew = len(self.results.hits) > before
            self._more = grew and len(hits) == limit and limit < SEARCH_MAX
            self._title()

        def failed(_error: object) -> bool:
            self._loading_more = False
            return False

        call_store(
            self,
            lambda: store_of(self).search(query, limit, as_you_type=True),
            done,
            group="search-more",
            exclusive=True,
            failed=failed,
            action="search",
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            event.stop()
            if self.results.hits:
                self.results.focus()

    def on_key(self, event: Key) -> None:
        # From the search field, down moves into the results, as in any search box.
        if event.key == "down" and self.searching and self.search_input.has_focus and self._hits():
            event.stop()
            self.results.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list is not self.results:
            return
        event.stop()
        hit = self.results.current
        if hit is not None:
            self.post_message(self.HitChosen(hit))

    # --- changes made elsewhere -------------------------------------------------------

    def renamed(self, conversation_id: object, title: str) -> None:
        if self._hits():
            self.results.show_hits(
                [
                    replace(hit, title=title) if hit.conversation_id == conversation_id else hit
                    for hit in self.results.hits
                ]
            )

    def deleted(self, conversation_id: object) -> None:
        if self._hits():
            self.results.show_hits(
                [hit for hit in self.results.hits if hit.conversation_id != conversation_id]
            )
