"""What screens and panes need from the app, without importing the app.

The app imports every screen; a screen importing the app back for its type made a cycle
(app -> main -> trash -> app). Screens and widgets ask this module instead: the app is
whatever object answers `AppContext`, which `ThreadkeepApp` does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from store import Store


class AppContext(Protocol):
    """The app's state that screens read: the store (once open), the clock, cursor blink."""

    store: Store | None
    now: Callable[[], datetime]
    cursor_blink: bool

    def after_first_paint(self, callback: Callable[[], object]) -> None:
        """Run `callback` once the app's first frame is on the terminal."""


def context(node: DOMNode) -> AppContext:
    # Every node of this app belongs to a ThreadkeepApp, which satisfies AppContext.
    return cast("AppContext", node.app)


def store_of(node: DOMNode) -> Store:
    """The open store; screens that use it are shown only once it is open."""
    store = context(node).store
    assert store is not None, "the store is used only once it is open"
    return store
