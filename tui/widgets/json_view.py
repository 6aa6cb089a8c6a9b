"""A read-only view of a large text (a payload's JSON), drawn a line at a time.

A 10,000-message conversation's request is tens of megabytes of JSON. A TextArea would
split it into a document of line objects and keep wrap and highlight caches; this keeps
the one string and an array of where each line starts, and draws only the lines on
screen (Line API), colouring keys, strings and numbers on the way.
"""

from __future__ import annotations

import re
from array import array
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from textual.binding import BindingType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui import keys

_TOKENS = re.compile(
    r'(?P<key>"(?:[^"\\]|\\.)*"(?=\s*:))|(?P<string>"(?:[^"\\]|\\.)*")'
    r"|(?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(?P<literal>true|false|null)"
)


class JsonView(ScrollView, can_focus=True):
    BINDING_GROUP_TITLE = "Payload"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("json")
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "json-view--key",
        "json-view--string",
        "json-view--number",
        "json-view--literal",
        "json-view--gutter",
    }
    DEFAULT_CSS = """
    JsonView {
        background: $surface;
        & > .json-view--key { color: $text-primary; }
        & > .json-view--string { color: $text-success; }
        & > .json-view--number { color: $text-warning; }
        & > .json-view--literal { color: $text-accent; }
        & > .json-view--gutter { color: $text-disabled; }
    }
    """

    def __init__(self, text: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # The caller has made `text` safe to show (no control or bidi characters).
        self.text = text
        starts = array("q", [0])
        widest = 0
        position = text.find("\n")
        previous = 0
        while position != -1:
            widest = max(widest, position - previous)
            starts.append(position + 1)
            previous = position + 1
            position = text.find("\n", previous)
        widest = max(widest, len(text) - previous)
        self._starts = starts
        self._gutter = len(str(len(starts))) + 1
        self.virtual_size = Size(widest + self._gutter + 1, len(starts))

    def action_move(self, columns: int, lines: int) -> None:
        self.scroll_relative(x=columns, y=lines, animate=False, immediate=True)

    def action_page(self, pages: int) -> None:
        step = max(1, self.scrollable_content_region.height - 1)
        self.scroll_relative(y=pages * step, animate=False, immediate=True)

    def action_top(self) -> None:
        self.scroll_to(x=0, y=0, animate=False, immediate=True)

    def action_bottom(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line(self, index: int) -> str:
        start = self._starts[index]
        end = self._starts[index + 1] - 1 if index + 1 < len(self._starts) else len(self.text)
        return self.text[start:end]

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.get_visual_style().rich_style
        if index >= len(self._starts):
            return Strip.blank(width, base)
        gutter = self.get_visual_style("json-view--gutter").rich_style
        segments = [Segment(f"{index + 1:>{self._gutter - 1}} ", gutter)]
        # Only the columns on screen are coloured: a megabyte line costs what a short one does.
        text = self.line(index)[scroll_x : scroll_x + width]
        cursor = 0
        for match in _TOKENS.finditer(text):
            if match.start() > cursor:
                segments.append(Segment(text[cursor : match.start()], base))
            kind = match.lastgroup or "string"
            style = self.get_visual_style(f"json-view--{kind}").rich_style
            segments.append(Segment(match.group(0), style))
            cursor = match.end()
        if cursor < len(text):
            segments.append(Segment(text[cursor:], base))
        strip = Strip(segments, cell_len(text) + self._gutter)
        return strip.extend_cell_length(width, base).crop(0, width)
