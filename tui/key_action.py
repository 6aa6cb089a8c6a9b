"""One entry of the key table (`tui.keys`): a binding id, its keys and where it goes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from textual.binding import Binding

# Which pane of the main screen answers a screen-wide key: the conversation view, the
# search panel, or whichever pane holds the focus ("the thing the user is looking at").
Pane = Literal["view", "search", "focused"]
# The main screen's action that hands a key to a pane: `action_pane(pane, action)`.
ROUTE: Final = "pane"


@dataclass(frozen=True, slots=True)
class KeyAction:
    id: str
    keys: str
    action: str
    description: str
    tooltip: str = ""
    # Shown in the footer.
    show: bool = True
    # Offered by the command palette (Textual already offers quit and theme itself).
    palette: bool = True
    # Bound by Textual itself: listed in help, never bound again here.
    builtin: bool = False
    pane: Pane | None = None

    @property
    def scope(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def routed_action(self) -> str:
        """The action the main screen binds: a route to the pane, or its own action."""
        if self.pane is None:
            return self.action
        return f"{ROUTE}({self.pane!r}, {self.action!r})"

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.routed_action,
            self.description,
            show=self.show,
            id=self.id,
            tooltip=self.tooltip,
        )


def key_action(
    id: str,
    keys: str,
    action: str,
    description: str,
    tooltip: str = "",
    *,
    show: bool = True,
    palette: bool = True,
    builtin: bool = False,
    pane: Pane | None = None,
) -> KeyAction:
    return KeyAction(id, keys, action, description, tooltip, show, palette, builtin, pane)
