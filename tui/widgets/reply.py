"""A reply as it streams in: reasoning folded, text rendered incrementally.

Deltas only append to buffers; a timer redraws the two widgets that changed, and nothing
else of the conversation. Markdown is re-parsed at most a few times a second, and less
often as the text grows (a parse costs time in proportion to the text), so a fast stream
costs the app a bounded amount of work. Every string goes through `safe.clean`: no markup,
no terminal control sequences.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Collapsible, Static

from tui.widgets.safe import clean, clean_line

# Redraw at most this often; a long text waits longer between Markdown parses.
FRAME = 0.1
SLOW_FRAME = 0.5
LONG_TEXT = 20_000


class StreamingReply(Vertical):
    DEFAULT_CSS = """
    StreamingReply { height: auto; padding: 0 1; }
    StreamingReply > #reply-head { color: $text-muted; }
    StreamingReply > Collapsible { display: none; border: none; padding: 0; }
    StreamingReply > Collapsible.-shown { display: block; }
    StreamingReply #reply-reasoning { color: $text-muted; }
    StreamingReply > #reply-tools { color: $text-muted; display: none; }
    StreamingReply > #reply-tools.-shown { display: block; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text: list[str] = []
        self._reasoning: list[str] = []
        self._tools: list[str] = []
        self._dirty = False
        self._timer: Timer | None = None
        self._last_draw = 0.0
        self.head = ""

    def compose(self) -> ComposeResult:
        yield Static(Text(""), id="reply-head")
        with Collapsible(title="Reasoning", collapsed=True, id="reply-fold"):
            yield Static(Text(""), id="reply-reasoning")
        yield Static(Text(""), id="reply-tools")
        yield Static(Text(""), id="reply-text")

    def start(self, head: str) -> None:
        """Empty the reply for a new send; `head` names who answers."""
        self._text.clear()
        self._reasoning.clear()
        self._tools.clear()
        self.head = clean_line(head)
        self._dirty = True
        self.draw()
        if self._timer is None:
            self._timer = self.set_interval(FRAME, self._tick)

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    @property
    def text(self) -> str:
        return "".join(self._text)

    @property
    def reasoning(self) -> str:
        return "".join(self._reasoning)

    def add_text(self, text: str) -> None:
        self._text.append(text)
        self._dirty = True

    def add_reasoning(self, text: str) -> None:
        self._reasoning.append(text)
        self._dirty = True

    def add_tool(self, name: str, arguments: str) -> None:
        self._tools.append(f"tool call {clean_line(name)}({clean_line(arguments)[:200]})")
        self._dirty = True

    def _tick(self) -> None:
        if not self._dirty:
            return
        frame = SLOW_FRAME if sum(map(len, self._text)) > LONG_TEXT else FRAME
        if time.monotonic() - self._last_draw < frame:
            return
        self.draw()

    def draw(self) -> None:
        """Show what has arrived (also called once at the end, so nothing is left out)."""
        from tui.widgets.message import markdown

        self._dirty = False
        self._last_draw = time.monotonic()
        self.query_one("#reply-head", Static).update(Text(self.head))
        reasoning = self.reasoning
        fold = self.query_one("#reply-fold", Collapsible)
        fold.set_class(bool(reasoning), "-shown")
        if reasoning:
            fold.title = f"Reasoning ({len(reasoning):,} characters)"
            self.query_one("#reply-reasoning", Static).update(Text(clean(reasoning)))
        tools = self.query_one("#reply-tools", Static)
        tools.set_class(bool(self._tools), "-shown")
        tools.update(Text("\n".join(self._tools)))
        dark = self.app.current_theme.dark
        self.query_one("#reply-text", Static).update(markdown(self.text, dark))
        # Follow the reply as it grows (the area scrolls once it is full).
        self.call_after_refresh(self.scroll_end, animate=False)
