"""Search results: at most a page of ranked hits, each a title and a highlighted snippet."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui import keys
from tui.widgets.lifecycle import ask_delete, ask_rename, summary_from_hit
from tui.widgets.safe import clean_line

if TYPE_CHECKING:
    from store.records import SearchHit


def hit_prompt(hit: SearchHit) -> Content:
    """Two lines: the conversation's title, then the snippet with matches highlighted.

    Both come from the archive, so they are assembled as Content (never markup) from text
    cleaned of escapes; the highlight comes only from the store's snippet markers.
    """
    # Imported here: the snippet module is not needed until the first search.
    from store.snippets import snippet_segments

    title = clean_line(hit.title or "(untitled)")
    where = "title" if hit.message_id is None else f"{hit.role or 'message'} #{hit.position}"
    parts: list[tuple[str, str] | str] = [(title, "bold"), ("  " + where, "dim"), "\n  "]
    for text, highlighted in snippet_segments(hit.snippet):
        parts.append((clean_line(text), "reverse") if highlighted else clean_line(text))
    return Content.assemble(*parts)


class SearchResults(OptionList):
    BINDING_GROUP_TITLE = "Search results"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("results")

    class NearEnd(Message):
        """The user is close to the last hit shown: time to load the next ones."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.hits: list[SearchHit] = []

    def show_hits(self, hits: list[SearchHit], *, note: str = "") -> None:
        self.hits = hits
        self.clear_options()
        self.add_options(Option(hit_prompt(hit), id=str(i)) for i, hit in enumerate(hits))
        if hits:
            self.highlighted = 0
        elif note:
            # Why nothing was found, where the hits would be (plain text, never markup).
            self.add_option(Option(Content(clean_line(note)), disabled=True))

    def add_hits(self, more: list[SearchHit]) -> None:
        """Append the next page of hits; those already shown (and where the cursor is) stay."""
        seen = {(hit.conversation_id, hit.message_id) for hit in self.hits}
        fresh = [hit for hit in more if (hit.conversation_id, hit.message_id) not in seen]
        start = len(self.hits)
        self.hits = self.hits + fresh
        self.add_options(Option(hit_prompt(hit), id=str(start + i)) for i, hit in enumerate(fresh))

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is not None and highlighted >= len(self.hits) - _NEAR:
            self.post_message(self.NearEnd())

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if self.hits and self.max_scroll_y - new < self.size.height:
            self.post_message(self.NearEnd())

    @property
    def current(self) -> SearchHit | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self.hits):
            return None
        return self.hits[index]

    # --- acting on the hit's conversation (keys routed here by the main screen) -------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _ACTS_ON_HIT:
            return True if self.current is not None else None
        return super().check_action(action, parameters)

    def action_rename(self) -> None:
        if self.current is not None:
            ask_rename(self, summary_from_hit(self.current))

    def action_delete(self) -> None:
        if self.current is not None:
            ask_delete(self, summary_from_hit(self.current))


_ACTS_ON_HIT = keys.pane_actions("focused")
# Hits from the end of those shown at which the next page loads.
_NEAR = 5
