"""Search results: at most a page of ranked hits, each a title and a highlighted snippet."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from store import SearchHit
from store.snippets import snippet_segments
from tui.widgets.safe import clean_line


def hit_prompt(hit: SearchHit) -> Content:
    """Two lines: the conversation's title, then the snippet with matches highlighted.

    Both come from the archive, so they are assembled as Content (never markup) from text
    cleaned of escapes; the highlight comes only from the store's snippet markers.
    """
    title = clean_line(hit.title or "(untitled)")
    where = "title" if hit.message_id is None else f"{hit.role or 'message'} #{hit.position}"
    parts: list[tuple[str, str] | str] = [(title, "bold"), ("  " + where, "dim"), "\n  "]
    for text, highlighted in snippet_segments(hit.snippet):
        parts.append((clean_line(text), "reverse") if highlighted else clean_line(text))
    return Content.assemble(*parts)


class SearchResults(OptionList):
    BINDING_GROUP_TITLE = "Search results"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="results.down"),
        Binding("k", "cursor_up", "Up", show=False, id="results.up"),
        Binding("g", "first", "First", show=False, id="results.first"),
        Binding("G", "last", "Last", show=False, id="results.last"),
    ]

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
