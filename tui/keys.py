"""Every key of the app, in one registry.

One entry per action: its binding id (what a user keymap names, through `App.set_keymap`),
its default keys, the action it runs, what the footer, the help screen and the command
palette call it. Screens and widgets take their `BINDINGS` from here, the help screen
reads its sections from here, and the palette offers what is here: a key described twice
cannot drift. The entries are written in `keys_panes` and `keys_main_screen`, in the
order the footer, help and palette list them.

An entry's scope is the part of its id before the dot. Entries of the main screen may
name the pane that carries the action out (`pane`): the screen binds the key for the
whole screen, so it works wherever the focus is, and routes it to that pane.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from textual.binding import Binding, BindingType

from tui.key_action import ROUTE, KeyAction, Pane
from tui.keys_main_screen import MAIN_SCREEN
from tui.keys_panes import EVERYWHERE, PANES_AND_DIALOGS, WRITING

__all__ = ["ROUTE", "KeyAction", "Pane"]

_ALL: Final[tuple[KeyAction, ...]] = (*EVERYWHERE, *MAIN_SCREEN, *PANES_AND_DIALOGS, *WRITING)

REGISTRY: Final[dict[str, KeyAction]] = {entry.id: entry for entry in _ALL}

# The help screen's sections, in order: (title, scopes).
HELP_SECTIONS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("Everywhere", ("app",)),
    ("Conversation", ("main",)),
    ("Conversation list", ("list",)),
    ("Messages", ("messages",)),
    ("Find in the conversation", ("find",)),
    ("Search results", ("results",)),
    ("Provider view picker", ("views",)),
    ("Payload", ("payload",)),
    ("Trash", ("trash",)),
    ("Attachments", ("attachments",)),
    ("Rename dialog", ("rename",)),
    ("Delete and purge dialogs", ("confirm",)),
    ("Export dialog", ("export",)),
    ("Composer", ("composer",)),
    ("Model and provider pickers", ("models", "providers")),
)


def entries(*scopes: str) -> list[KeyAction]:
    return [entry for entry in _ALL if entry.scope in scopes]


def bindings(*scopes: str) -> list[BindingType]:
    """The `BINDINGS` of the screen or widget that owns these scopes."""
    return [entry.binding() for entry in entries(*scopes) if not entry.builtin]


def actions(entries_: Iterable[KeyAction]) -> frozenset[str]:
    """The action names of some entries (for `check_action`)."""
    return frozenset(entry.action for entry in entries_)


def pane_actions(pane: Pane) -> frozenset[str]:
    """What the main screen routes to one pane."""
    return actions(entry for entry in _ALL if entry.pane == pane)


def help_sections() -> list[tuple[str, list[Binding]]]:
    return [
        (title, [entry.binding() for entry in entries(*scopes)]) for title, scopes in HELP_SECTIONS
    ]


def key_label(keys: str) -> str:
    """'r,f2' -> 'r / f2'; Textual key names made readable."""
    names = {
        "question_mark": "?",
        "slash": "/",
        "delete": "del",
        "escape": "esc",
        "left_square_bracket": "[",
        "right_square_bracket": "]",
        "less_than_sign": "<",
        "greater_than_sign": ">",
        "backslash": "\\",
    }
    return " / ".join(names.get(key, key) for key in keys.split(","))
