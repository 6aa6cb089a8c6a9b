"""Search hits inside the open conversation: the matched words, highlighted where they show.

A message's text is drawn by whatever renders it (Markdown, code, plain text); the
highlight is laid over the lines that rendering produced, so it never changes how the
text is parsed and never goes through markup: the words a search matched get a style on
their segments, nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from rich.console import (
    Console,
    ConsoleOptions,
    ConsoleRenderable,
    RenderableType,
    RenderResult,
)
from rich.segment import Segment
from rich.style import Style
from textual.widget import Widget

HIT_STYLE = Style(reverse=True, bold=True)


class Highlighted:
    """A renderable drawn as `inner`, with the words matching `stems` highlighted."""

    def __init__(self, inner: RenderableType, stems: tuple[str, ...]) -> None:
        self.inner = inner
        self.stems = stems

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from store.snippets import match_spans

        lines = console.render_lines(self.inner, options, pad=False, new_lines=False)
        for line in lines:
            text = "".join(segment.text for segment in line if not segment.control)
            spans = match_spans(text, self.stems)
            yield from mark(line, spans) if spans else line
            yield Segment.line()


def mark(line: Iterable[Segment], spans: list[tuple[int, int]]) -> list[Segment]:
    """The segments of one line, cut where a span starts or ends, spans highlighted."""
    out: list[Segment] = []
    position = 0
    for segment in line:
        text, style, control = segment
        if control or not text:
            out.append(segment)
            continue
        end = position + len(text)
        cuts = sorted(
            {position, end} | {edge for span in spans for edge in span if position < edge < end}
        )
        for start, stop in pairwise(cuts):
            piece = text[start - position : stop - position]
            inside = any(a <= start and stop <= b for a, b in spans)
            if inside:
                out.append(Segment(piece, (style + HIT_STYLE) if style else HIT_STYLE))
            else:
                out.append(Segment(piece, style))
        position = end
    return out


def highlight(view: Widget, stems: tuple[str, ...]) -> None:
    """Light the matched words in a mounted message's text parts (once per message)."""
    from textual.widgets import Static

    if not stems:
        return
    for part in view.query(".part-text").results(Static):
        content = part.content
        if isinstance(content, Highlighted):
            content = content.inner
        if isinstance(content, str):
            from rich.text import Text

            content = Text(content)
        # Textual's own visuals (Content) are left as they are: the message draws Rich ones.
        if isinstance(content, ConsoleRenderable):
            part.update(Highlighted(content, stems))


def land(pane: Widget, position: int, stems: tuple[str, ...]) -> Widget | None:
    """Mark the mounted message at record `position` as the hit and light its words;
    return it (for the pane to scroll to), or None when it is not mounted."""
    from tui.widgets.message import MessageView

    mounted = list(pane.query_children(MessageView))
    for view in mounted:
        view.remove_class("-hit")
    found = [view for view in mounted if view.shown.record == position]
    if not found:
        return None
    if any(view.shown.hidden for view in found) and not pane.has_class("-show-hidden"):
        # A hit inside a hidden node must not open at a message nobody can see.
        pane.add_class("-show-hidden")
        pane.notify(
            "The hit is in a hidden message: hidden messages are shown now (h hides them)",
            markup=False,
        )
    for view in found:
        view.add_class("-hit")
        highlight(view, stems)
    return found[0]
