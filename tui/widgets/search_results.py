"""Search results: at most a page of ranked hits, each a title and a highlighted snippet."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from store.records import SearchHit
from tui import keys
from tui.widgets.lifecycle import ask_delete, ask_rename, summary_from_hit
from tui.widgets.safe import clean_line


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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.hits: list[SearchHit] = []

    def show_hits(self, hits: list[SearchHit]) -> None:
        self.hits = hits
        self.clear_options()
        self.add_options(Option(hit_prompt(hit), id=str(i)) for i, hit in enumerate(hits))
        if hits:
            self.highlighted = 0

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
