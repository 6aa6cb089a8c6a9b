"""The message cursor: a highlighted block of the open conversation, for keys to act on.

Every message header, text block, code block and fold is a stop (class `stop`). `j`/`k`
move over every stop, `[`/`]` over message headers; `enter` folds what is under the cursor,
`c` copies its message's text and `C` its code block. The cursor is a widget, not an index:
the pane mounts and unmounts records as it scrolls, and a cursor that scrolled away simply
starts again from the first block on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widget import Widget

if TYPE_CHECKING:
    from tui.widgets.message import MessageView
    from tui.widgets.message_pane import MessagePane

CURSOR = "-cursor"


def stops(pane: MessagePane, *, headers: bool = False) -> list[Widget]:
    """The stops the user can see, in order (hidden messages only when shown)."""
    from tui.widgets.message import MessageView

    showing_hidden = pane.has_class("-show-hidden")
    out: list[Widget] = []
    for view in pane.query_children(MessageView):
        if view.has_class("-hidden") and not showing_hidden:
            continue
        out.extend(view.query_children(".message--header" if headers else ".stop"))
    return out


def current(pane: MessagePane) -> Widget | None:
    """The cursor's block, if it is still mounted."""
    cursor = pane.cursor
    if cursor is not None and cursor.is_attached and cursor.parent is not None:
        return cursor
    return None


def _first_on_screen(candidates: list[Widget], pane: MessagePane) -> int:
    top = pane.scroll_y
    for index, widget in enumerate(candidates):
        if widget.virtual_region.bottom > top:
            return index
    return 0


def place(pane: MessagePane, widget: Widget | None) -> None:
    """Put the cursor on a block and bring it into view."""
    old = current(pane)
    if old is not None:
        old.remove_class(CURSOR)
    pane.cursor = widget
    if widget is not None:
        widget.add_class(CURSOR)
        pane.scroll_to_widget(widget, animate=False, immediate=True, top=False)


def move(pane: MessagePane, delta: int, *, headers: bool = False) -> None:
    candidates = stops(pane, headers=headers)
    if not candidates:
        return
    cursor = current(pane)
    if cursor is not None and headers and cursor not in candidates:
        cursor = message_of(cursor).query_children(".message--header").first()
        # From inside a message, "previous" first goes to its own header.
        if delta < 0:
            delta += 1
    if cursor is None or cursor not in candidates:
        index = _first_on_screen(candidates, pane)
    else:
        index = max(0, min(len(candidates) - 1, candidates.index(cursor) + delta))
    place(pane, candidates[index])


def message_of(widget: Widget) -> MessageView:
    from tui.widgets.message import MessageView

    for node in widget.ancestors_with_self:
        if isinstance(node, MessageView):
            return node
    raise LookupError("a stop outside any message")


def under_cursor(pane: MessagePane) -> Widget | None:
    """The cursor's block, or the first one on screen when there is no cursor."""
    cursor = current(pane)
    if cursor is not None:
        return cursor
    candidates = stops(pane)
    return candidates[_first_on_screen(candidates, pane)] if candidates else None


def fold(pane: MessagePane) -> bool:
    """Fold or unfold the part under the cursor; on a header, every fold of its message."""
    from tui.widgets.message import Fold

    widget = under_cursor(pane)
    if isinstance(widget, Fold):
        widget.toggle()
        return True
    if widget is not None and widget.has_class("message--header"):
        folds = list(message_of(widget).query_children(Fold))
        opening = not all(f.open for f in folds)
        for f in folds:
            f.open = opening
        return bool(folds)
    return False


def message_text(pane: MessagePane) -> str | None:
    widget = under_cursor(pane)
    return message_of(widget).plain_text() if widget is not None else None


def code_text(pane: MessagePane) -> str | None:
    """The code block under the cursor, or the next one in the same message."""
    widget = under_cursor(pane)
    if widget is None:
        return None
    code = getattr(widget, "code", None)
    if isinstance(code, str):
        return code
    siblings = list(message_of(widget).query_children(".stop"))
    at = siblings.index(widget) if widget in siblings else 0
    for sibling in siblings[at:]:
        code = getattr(sibling, "code", None)
        if isinstance(code, str):
            return code
    return None


def stop_with(view: MessageView, query: str) -> Widget:
    """The block of a message that holds `query`, else its header."""
    needle = query.casefold()
    blocks = list(view.query_children(".stop"))
    for block in blocks:
        text = getattr(block, "source", None) or getattr(block, "plain", None)
        if isinstance(text, str) and needle in text.casefold():
            return block
    return blocks[0]


def goto(pane: MessagePane, record: int, message: int, query: str) -> bool:
    """Put the cursor on a mounted message's block holding `query`; False if not mounted."""
    from tui.widgets.message import MessageView

    for view in pane.query_children(MessageView):
        if view.shown.record == record and view.shown.message == message:
            if view.has_class("-hidden"):
                pane.add_class("-show-hidden")  # a match in a hidden node is shown
            place(pane, stop_with(view, query))
            return True
    return False
