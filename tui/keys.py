"""Every key of the app, in one table.

One entry per action: its binding id (what a user keymap names, through `App.set_keymap`),
its default keys, the action it runs, what the footer, the help screen and the command
palette call it. Screens and widgets take their `BINDINGS` from here, the help screen
reads its sections from here, and the palette offers what is here: a key described twice
cannot drift.

An entry's scope is the part of its id before the dot. Entries of the main screen may
name the pane that carries the action out (`pane`): the screen binds the key for the
whole screen, so it works wherever the focus is, and routes it to that pane.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

from textual.binding import Binding, BindingType

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


def _k(
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


_ALL: Final[tuple[KeyAction, ...]] = (
    # --- everywhere ---------------------------------------------------------------------
    _k("app.quit", "q", "quit", "Quit", "Quit threadkeep", palette=False),
    _k("app.help", "question_mark", "help", "Help", "List every key"),
    _k(
        "app.theme",
        "ctrl+t",
        "change_theme",
        "Theme",
        "Pick a colour theme",
        show=False,
        palette=False,
    ),
    _k(
        "app.palette",
        "ctrl+p",
        "command_palette",
        "Command palette",
        "Every action, searchable by name",
        palette=False,
        builtin=True,
    ),
    # --- the main screen ----------------------------------------------------------------
    _k("main.search", "slash", "open", "Search", "Search titles and full text", pane="search"),
    _k(
        "main.back",
        "escape",
        "back",
        "Back",
        "Clear the search, or go back to the list",
        show=False,
    ),
    _k(
        "main.next-view",
        "p",
        "next_view",
        "View",
        "Show the conversation as the next provider would receive it",
        pane="view",
    ),
    _k(
        "main.pick-view",
        "P",
        "pick_view",
        "Pick view",
        "Choose the provider view by name",
        show=False,
        pane="view",
    ),
    # Not in the footer: at 80 columns it holds only the keys a first-time user needs,
    # and the composer's `i Write` took the room. Help and the palette list it.
    _k(
        "main.rename",
        "r,f2",
        "rename",
        "Rename",
        "Rename the conversation",
        show=False,
        pane="focused",
    ),
    _k(
        "main.delete",
        "d,delete",
        "delete",
        "Delete",
        "Move the conversation to the trash (asks first; u undoes)",
        pane="focused",
    ),
    _k("main.undo", "u", "undo", "Undo", "Restore the conversation deleted last", show=False),
    _k(
        "main.reasoning",
        "t",
        "toggle_reasoning",
        "Reasoning",
        "Fold or unfold reasoning",
        pane="view",
    ),
    _k(
        "main.tools",
        "o",
        "toggle_tools",
        "Tools",
        "Fold or unfold tool calls, results and data",
        show=False,
        pane="view",
    ),
    _k(
        "main.hidden",
        "h",
        "toggle_hidden",
        "Hidden",
        "Show or hide hidden export nodes",
        show=False,
        pane="view",
    ),
    _k(
        "main.payload",
        "v",
        "payload",
        "Payload",
        "Show the exact request JSON for the current view",
        pane="view",
    ),
    _k(
        "main.copy",
        "y",
        "copy",
        "Copy",
        "Copy the request JSON for the current view",
        show=False,
        pane="view",
    ),
    _k(
        "main.export",
        "e",
        "export",
        "Export",
        "Write the conversation to a file",
        show=False,
        pane="view",
    ),
    _k(
        "main.next-hit",
        "n",
        "next_hit(1)",
        "Next hit",
        "Go to the next search hit in this conversation",
        show=False,
        pane="view",
    ),
    _k(
        "main.previous-hit",
        "N",
        "next_hit(-1)",
        "Previous hit",
        "Go to the previous search hit in this conversation",
        show=False,
        pane="view",
    ),
    _k(
        "main.trash",
        "T",
        "trash",
        "Trash",
        "Open the trash: restore or purge deleted conversations",
        show=False,
    ),
    _k("main.refresh", "f5", "refresh", "Refresh", "Read the archive again", show=False),
    _k(
        "main.attachments",
        "A",
        "attachments",
        "Attachments",
        "List the conversation's attachments: open or save them",
        show=False,
        pane="view",
    ),
    _k(
        "main.next-message",
        "right_square_bracket",
        "next_message",
        "Next message",
        "Move the message cursor to the next message",
        show=False,
        pane="view",
    ),
    _k(
        "main.previous-message",
        "left_square_bracket",
        "previous_message",
        "Previous message",
        "Move the message cursor to the previous message",
        show=False,
        pane="view",
    ),
    _k(
        "main.copy-message",
        "c",
        "copy_message",
        "Copy message",
        "Copy the text of the message under the cursor",
        show=False,
        pane="view",
    ),
    _k(
        "main.copy-code",
        "C",
        "copy_code",
        "Copy code",
        "Copy the code block under the cursor",
        show=False,
        pane="view",
    ),
    _k(
        "main.find",
        "ctrl+f",
        "find",
        "Find",
        "Find text in the open conversation",
        show=False,
        pane="view",
    ),
    _k(
        "main.next-branch",
        "b",
        "next_branch",
        "Next branch",
        "Show the next regenerated or edited branch of a ChatGPT conversation",
        show=False,
        pane="view",
    ),
    _k(
        "main.list-wider",
        "greater_than_sign",
        "list_width(4)",
        "Wider list",
        "Make the conversation list wider",
        show=False,
    ),
    _k(
        "main.list-narrower",
        "less_than_sign",
        "list_width(-4)",
        "Narrower list",
        "Make the conversation list narrower",
        show=False,
    ),
    _k(
        "main.list-hide",
        "backslash",
        "toggle_list",
        "Hide list",
        "Hide or show the conversation list",
        show=False,
    ),
    # --- the conversation list ----------------------------------------------------------
    _k("list.down", "j,down", "cursor_down", "Down", "Next", show=False),
    _k("list.up", "k,up", "cursor_up", "Up", "Previous", show=False),
    _k("list.first", "g,home", "first", "First", "Newest", show=False),
    _k("list.last", "G,end", "last", "Last", "Oldest", show=False),
    _k("list.page-down", "pagedown", "page_down", "Page down", show=False),
    _k("list.page-up", "pageup", "page_up", "Page up", show=False),
    _k("list.open", "enter", "open", "Open", "Show the highlighted conversation's messages"),
    # --- the messages -------------------------------------------------------------------
    _k("messages.down", "down", "line(1)", "Down", "Scroll down a line", show=False),
    _k("messages.up", "up", "line(-1)", "Up", "Scroll up a line", show=False),
    _k(
        "messages.next-stop",
        "j",
        "stop(1)",
        "Next block",
        "Move the cursor to the next block (header, text, code or fold)",
        show=False,
    ),
    _k(
        "messages.previous-stop",
        "k",
        "stop(-1)",
        "Previous block",
        "Move the cursor to the previous block",
        show=False,
    ),
    _k(
        "messages.fold",
        "enter,space",
        "fold",
        "Fold",
        "Fold or unfold the part under the cursor (on a header: all its parts)",
        show=False,
    ),
    _k(
        "messages.first",
        "g,home",
        "first",
        "First message",
        "Go to the start of the conversation",
        show=False,
    ),
    _k(
        "messages.last",
        "G,end",
        "last",
        "Last message",
        "Go to the end of the conversation",
        show=False,
    ),
    _k("messages.page-down", "pagedown", "page(1)", "Page down", show=False),
    _k("messages.page-up", "pageup", "page(-1)", "Page up", show=False),
    # --- search results -----------------------------------------------------------------
    _k("results.down", "j", "cursor_down", "Down", show=False),
    _k("results.up", "k", "cursor_up", "Up", show=False),
    _k("results.first", "g", "first", "First", show=False),
    _k("results.last", "G", "last", "Last", show=False),
    _k("results.open", "enter", "select", "Open the conversation at the hit", show=False),
    # --- dialogs and other screens ------------------------------------------------------
    _k("views.cancel", "escape", "cancel", "Cancel", "Keep the current view"),
    _k("views.down", "j", "down", "Down", show=False),
    _k("views.up", "k", "up", "Up", show=False),
    _k("payload.close", "escape,v", "close", "Close", "Back to the messages"),
    _k("payload.copy", "y", "copy", "Copy", "Copy the JSON to the clipboard"),
    _k("json.down", "j,down", "move(0, 1)", "Down", show=False),
    _k("json.up", "k,up", "move(0, -1)", "Up", show=False),
    _k("json.left", "h,left", "move(-4, 0)", "Left", show=False),
    _k("json.right", "l,right", "move(4, 0)", "Right", show=False),
    _k("json.top", "g,home", "top", "Top", show=False),
    _k("json.bottom", "G,end", "bottom", "Bottom", show=False),
    _k("json.page-down", "pagedown,space", "page(1)", "Page down", show=False),
    _k("json.page-up", "pageup", "page(-1)", "Page up", show=False),
    _k("trash.close", "escape", "close", "Back", "Back to the conversations"),
    _k("trash.restore", "r,u", "restore", "Restore", "Put the conversation back in the list"),
    _k(
        "trash.purge",
        "x,d,delete",
        "purge",
        "Purge",
        "Delete the conversation for good (asks first)",
    ),
    _k(
        "trash.empty",
        "X",
        "empty",
        "Empty trash",
        "Purge every conversation in the trash (asks first)",
    ),
    _k("attachments.close", "escape", "close", "Back", "Back to the messages"),
    _k("attachments.open", "o,enter", "open", "Open", "Open with the system viewer"),
    _k("attachments.save", "s", "save", "Save", "Save to the current folder"),
    _k("rename.cancel", "escape", "cancel", "Cancel", "Keep the old title"),
    _k("rename.save", "enter", "save", "Save", "Save the new title"),
    _k("confirm.yes", "y", "confirm", "Yes", "Go ahead"),
    _k("confirm.no", "n,escape", "cancel", "No", "Keep everything as it is"),
    _k("confirm.switch", "left,right,h,l", "switch", "Switch button", show=False),
    _k("export.cancel", "escape", "cancel", "Cancel", "Write nothing"),
    _k("export.save", "ctrl+s", "save", "Export", "Write the file"),
    _k("find.next", "enter,down", "next", "Next match", "Go to the next match"),
    _k("find.previous", "up", "previous", "Previous match", "Go to the previous match"),
    _k("find.close", "escape", "close", "Close", "Stop finding"),
    _k("help.close", "escape,question_mark,q", "close", "Close", "Close help"),
    _k("help.down", "j,down", "scroll_down", "Down", show=False),
    _k("help.up", "k,up", "scroll_up", "Up", show=False),
    _k("broken.retry", "r", "retry", "Retry", "Connect to the database again"),
    # --- writing and sending (issue 17) -------------------------------------------------
    _k(
        "main.compose",
        "i",
        "compose",
        "Write",
        "Write a message to continue the conversation",
        pane="view",
    ),
    _k(
        "main.model",
        "M",
        "pick_model",
        "Model",
        "Choose the model the composer sends to",
        show=False,
        pane="view",
    ),
    _k(
        "main.new",
        "ctrl+n",
        "new_conversation",
        "New",
        "Start a conversation on a provider you choose",
        show=False,
    ),
    _k("composer.send", "enter", "send", "Send", "Send the message (again, after an error)"),
    _k(
        "composer.newline",
        "ctrl+j,alt+enter",
        "newline",
        "New line",
        "Insert a line break (shift+enter is not told apart by most terminals)",
    ),
    _k(
        "composer.close",
        "escape",
        "close",
        "Stop / close",
        "Stop the reply coming in (nothing is stored), else close; the draft stays",
    ),
    _k("composer.model", "ctrl+o", "pick_model", "Model", "Choose the provider's model"),
    _k("models.cancel", "escape", "cancel", "Cancel", "Keep the model"),
    _k("providers.cancel", "escape", "cancel", "Cancel", "Start nothing"),
)

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
