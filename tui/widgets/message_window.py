"""The message pane's window of mounted records: mounting a chunk at one edge, unmounting
at the other, and letting records off screen forget what they rendered.

Functions of the pane (`MessagePane`), apart so that the pane itself reads as what it does:
open, load, land on a hit, fold, move.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from textual.widget import Widget

if TYPE_CHECKING:
    from tui.widgets.message import MessageView
    from tui.widgets.message_pane import MessagePane
    from tui.widgets.parts import Shown

# Records in the first load: a screenful (a message takes three lines or more).
FIRST_CHUNK = 16
CHUNK = 32
# Mounted records beyond this are unmounted at the far end from the viewport.
MAX_MOUNTED = 4 * CHUNK

Edge = Literal["start", "end"]


async def mount_records(
    pane: MessagePane, edge: Edge, shown: list[Shown], ids: dict[int, Any], start: int
) -> None:
    """Mount decoded records at one edge of the window, then trim the other edge.

    Runs in its own task (it is the worker's callback), so it can wait for the layout
    to settle before measuring: what is on screen must not jump when records are
    added or removed above it.
    """
    from tui.widgets.message import MessageView

    dark = pane.app.current_theme.dark if pane.app.current_theme else True
    badges = pane.report.badges if pane.report and pane.translated is None else {}
    views = [
        MessageView(
            message,
            now=pane.now,
            dark=dark,
            reasoning_open=pane.reasoning_open,
            tools_open=pane.tools_open,
            badges=badges,
            attachments=pane.attachments.get(ids.get(message.record), [])
            if message.message == 0
            else [],
        )
        for message in shown
    ]
    records = sorted({message.record for message in shown})
    if edge == "end":
        if views:
            await pane.mount(*views)
        pane.hi = max(start, records[-1] + 1) if records else max(start, pane.total)
        await _prune(pane, "start")
        return
    anchor = first_view(pane)
    offset = anchor.virtual_region.y - pane.scroll_y if anchor else 0
    if views:
        await pane.mount(*views, before=0)
    pane.lo = records[0] if records else start
    await _prune(pane, "end")
    if anchor is not None:
        await pane.wait_for_refresh()
        pane.scroll_to(y=round(anchor.virtual_region.y - offset), animate=False, immediate=True)


def first_view(pane: MessagePane) -> MessageView | None:
    from tui.widgets.message import MessageView

    children = pane.query_children(MessageView)
    return children.first() if children else None


async def _prune(pane: MessagePane, far_end: Edge) -> None:
    """Unmount whole records at `far_end` while more than MAX_MOUNTED are mounted."""
    from tui.widgets.message import MessageView

    views = list(pane.query_children(MessageView))
    excess = len(views) - MAX_MOUNTED
    if excess <= 0:
        return
    if far_end == "end":
        first = views[-excess].shown.record
        pane.hi = first
        await pane.remove_children([v for v in views if v.shown.record >= first])
        return
    # Never split a record: the rest of the last doomed record goes too.
    last = views[excess - 1].shown.record
    doomed = [v for v in views if v.shown.record <= last]
    keep = next((v for v in views if v.shown.record > last), None)
    offset = keep.virtual_region.y - pane.scroll_y if keep else 0
    pane.lo = last + 1
    await pane.remove_children(doomed)
    if keep is not None:
        await pane.wait_for_refresh()
        pane.scroll_to(y=round(keep.virtual_region.y - offset), animate=False, immediate=True)


def trim_caches(pane: MessagePane) -> None:
    """Let records off screen forget what they rendered.

    Textual caches every line a widget rendered, and every crop and cut of it made
    while it scrolled past, for as long as the widget lives. Over a window of a hundred
    records that grows without bound as the user scrolls; a refresh drops it, and a
    record off screen costs nothing to refresh (it is only drawn again when seen).
    """
    from tui.widgets.message import MessageView

    pane.trim_timer = None
    top = pane.scroll_y - pane.size.height
    bottom = pane.scroll_y + 2 * pane.size.height
    for view in pane.query_children(MessageView):
        region = view.virtual_region
        if region.bottom < top or region.y > bottom:
            view.refresh()
            for child in view.walk_children(Widget):
                child.refresh()
