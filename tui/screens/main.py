"""The main screen: the conversation list (or search results) left, the open conversation right.

The screen arranges the panes and routes between them; each pane owns its state and its
actions. Keys that must work wherever the focus is are bound here, from the key registry,
and routed to the pane that carries them out (`action_pane`). What one pane changes and
others show (a rename, a delete, an undo) arrives here as a message and is handed to each.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static

from store.errors import ConversationNotFound, StoreError
from store.first_page import Remembered
from store.summary import ConversationSummary
from tui import keys
from tui.context import context, store_of
from tui.preferences import MAX_LIST_WIDTH, MIN_LIST_WIDTH, remember
from tui.preferences import of as preferences_of
from tui.widgets.archive import ArchiveSource
from tui.widgets.conversation_list import ConversationList
from tui.widgets.conversation_view import ConversationView
from tui.widgets.db import call_store
from tui.widgets.header import AppHeader
from tui.widgets.key_bar import KeyBar
from tui.widgets.lifecycle import ConversationDeleted, ConversationRenamed, with_title
from tui.widgets.message_pane import MessagePane
from tui.widgets.safe import clean_line, clip
from tui.widgets.search_panel import SearchPanel
from tui.widgets.search_results import SearchResults

if TYPE_CHECKING:
    from tui.screens.trash import TrashChanges
    from tui.widgets.composer import Composer

WELCOME = """\
Welcome to threadkeep

Your archive is empty. Bring your history in from a terminal:

  threadkeep import PATH    ChatGPT or Claude exports (zip or json), AI SDK UIMessages,
                            raw OpenAI, Anthropic or Gemini JSON / JSONL
  threadkeep demo           load the bundled sample conversations

then press F5 here. Deleted conversations wait in the trash (T).
? lists every key · ctrl+p opens the command palette · q quits"""


# Below this width the footer drops the command palette's key to keep every other one.
NARROW = 100

_NEEDS_STORE = keys.actions(keys.REGISTRY[id] for id in ("main.trash", "main.refresh", "main.undo"))


class MainScreen(Screen[None]):
    BINDING_GROUP_TITLE = "Conversation"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("main")

    def __init__(
        self,
        *,
        waiting: str = "",
        remembered: Remembered | None = None,
        empty_archive: bool = False,
        remember: Callable[[int, list[ConversationSummary]], None] | None = None,
    ) -> None:
        super().__init__()
        # Shown in the list until the store is open (the app opens it behind this screen).
        self._waiting = waiting
        # What the first paint can show before the store answers (store.first_page).
        self._remembered = remembered
        self._empty_archive = empty_archive
        self._remember = remember
        self.undo_stack: list[tuple[uuid.UUID, str]] = []
        self._had_row = False
        self._welcome_pane: VerticalScroll | None = None

    # --- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Horizontal(id="browser"):
            listing = ConversationList(
                ArchiveSource(lambda: store_of(self), remember=self._remember),
                context(self).now,
                waiting_text=self._waiting,
                id="conversations",
            )
            yield SearchPanel(listing, id="left")
            yield ConversationView(id="right")
        if self._empty_archive:
            yield self._welcome()
        # At 80 columns every key shown fits, "? Help" included.
        yield KeyBar()

    def on_mount(self) -> None:
        self._lay_out_list()
        self.conversations.focus()
        self._update_header()
        if context(self).store is not None:
            self.conversations.reload()
        elif self._empty_archive:
            self._show_welcome(True)
        elif self._remembered is not None:
            self.conversations.show_remembered(self._remembered.total, self._remembered.rows)

    def store_ready(self) -> None:
        """The app opened the store behind this screen: read the archive, wake the keys."""
        self.conversations.reload()
        self.refresh_bindings()

    @property
    def conversations(self) -> ConversationList:
        return self.query_one("#conversations", ConversationList)

    @property
    def search(self) -> SearchPanel:
        return self.query_one(SearchPanel)

    @property
    def conversation(self) -> ConversationView:
        return self.query_one(ConversationView)

    @property
    def messages(self) -> MessagePane:
        return self.conversation.messages

    @property
    def results(self) -> SearchResults:
        return self.search.results

    @property
    def search_input(self) -> Input:
        return self.search.search_input

    @property
    def open_summary(self) -> ConversationSummary | None:
        return self.conversation.open_summary

    @property
    def view(self) -> str:
        return self.conversation.view

    @property
    def busy(self) -> bool:
        """A translation is waiting or running (tests and benchmarks wait on it)."""
        return self.conversation.busy

    def _update_header(self) -> None:
        summary = self.conversation.open_summary
        self.query_one(AppHeader).show(
            summary.display_title if summary else "", self.conversation.view_label
        )

    def _welcome(self) -> VerticalScroll:
        # Made when first shown: an archive with conversations never pays for it.
        text = Static(Content(WELCOME), id="welcome-text")
        self._welcome_pane = VerticalScroll(text, id="welcome")
        return self._welcome_pane

    def _show_welcome(self, shown: bool) -> None:
        if shown and self._welcome_pane is None:
            self.mount(self._welcome(), after="#browser")
        if self._welcome_pane is not None:
            self._welcome_pane.display = shown
        self.query_one("#browser").display = not shown

    # --- routing keys to panes --------------------------------------------------------

    def _pane(self, name: str) -> Widget | None:
        if name == "view":
            return self.conversation
        if name == "search":
            return self.search
        # "focused": what the user is looking at. The list or the results when they have
        # the focus (a hit that is open is the open conversation), else the open one.
        focused = self.focused
        view = self.conversation
        if isinstance(focused, SearchResults) and focused.current is not None:
            hit = focused.current
            if view.open_summary is not None and view.open_summary.id == hit.conversation_id:
                return view
            return focused
        if isinstance(focused, ConversationList):
            return focused
        return view if view.open_summary is not None else self.conversations

    async def action_pane(self, name: str, action: str) -> None:
        pane = self._pane(name)
        if pane is not None:
            await pane.run_action(action)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Painted before the store is open: nothing to search, list or restore yet.
        waiting = context(self).store is None
        if waiting and (action in _NEEDS_STORE or parameters[:1] == ("search",)):
            return None
        if action == keys.ROUTE and len(parameters) == 2:
            name, routed = parameters
            pane = self._pane(str(name))
            return pane.check_action(str(routed), ()) if pane is not None else None
        return True

    # --- messages from the panes ------------------------------------------------------

    def on_conversation_list_counted(self, event: ConversationList.Counted) -> None:
        self._show_welcome(event.total == 0 and not self.search.searching)

    def open_conversation(self, conversation_id: uuid.UUID, *, at: int = 0) -> None:
        """Show a conversation on the right, at record `at` (benchmarks call this too)."""
        self.conversation.open(conversation_id, at=at)
        self._follow_in_list(conversation_id)

    def _follow_in_list(self, conversation_id: uuid.UUID) -> None:
        # What is open is what the list points at: `d` and `r` from the list then act on
        # the conversation the user is reading, never on a row far off screen.
        self.conversations.go_to(conversation_id)

    def on_conversation_list_opened(self, event: ConversationList.Opened) -> None:
        self.open_conversation(event.summary.id)

    def on_conversation_list_highlighted(self, event: ConversationList.Highlighted) -> None:
        # The footer is rebuilt on every refresh_bindings: only when rename/delete come or go.
        has_row = event.summary is not None
        if has_row != self._had_row:
            self._had_row = has_row
            self.refresh_bindings()

    def on_search_panel_opened(self, _event: SearchPanel.Opened) -> None:
        self._show_welcome(False)

    def on_search_panel_hit_chosen(self, event: SearchPanel.HitChosen) -> None:
        hit = event.hit
        self.conversation.open_hit(hit, self.search.typed)
        self._follow_in_list(hit.conversation_id)

    def on_conversation_view_changed(self, _event: ConversationView.Changed) -> None:
        self._update_header()

    def on_conversation_renamed(self, event: ConversationRenamed) -> None:
        summary, title = event.summary, event.title
        # The listed row itself (a search hit's summary lacks its counts and times); a
        # rename is not activity, so the row keeps its time and its place.
        index = self.conversations.pages.index_of(summary.id)
        listed = self.conversations.pages.row(index) if index is not None else None
        if listed is not None:
            self.conversations.update_row(with_title(listed, title))
        self.conversation.renamed(summary.id, title)
        self.search.renamed(summary.id, title)
        if title:
            self.notify(f"Renamed to “{clip(clean_line(title), 60)}”", markup=False)
        else:
            # The automatic title (the first prompt) is read back from the store.
            self.refresh_list()
            self.notify("Title cleared: named after its first prompt again", markup=False)

    def on_conversation_deleted(self, event: ConversationDeleted) -> None:
        summary = event.summary
        index = self.conversations.cursor
        self.undo_stack.append((summary.id, summary.display_title))
        self.conversation.deleted(summary.id)
        self.search.deleted(summary.id)
        listed = self.conversations.pages.index_of(summary.id)
        self.conversations.reload(keep=min(index, listed if listed is not None else index))
        title = clip(clean_line(summary.display_title), 60)
        self.notify(f"Deleted “{title}”. Press u to undo.", markup=False, timeout=8)
        self.refresh_bindings()

    # --- the screen's own keys --------------------------------------------------------

    def action_back(self) -> None:
        if self.search.close():
            self.conversations.focus()
            if self.conversations.total == 0 and self.conversations.loaded:
                self._show_welcome(True)
        elif self.focused is not self.conversations:
            self.conversations.focus()

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo", markup=False)
            return
        cid, title = self.undo_stack.pop()
        name = clip(clean_line(title), 60)

        def done(_none: None) -> None:
            self.conversations.reload(follow=cid)
            self.notify(f"Restored “{name}”", markup=False)
            self.conversation.restored(cid)
            self.refresh_bindings()

        def failed(error: StoreError) -> bool:
            if not isinstance(error, ConversationNotFound):
                return False
            # Purged meanwhile (the trash emptied, `threadkeep` elsewhere): say so plainly.
            self.conversation.purged(cid)
            self.notify(
                f"Cannot undo: “{name}” was purged from the trash and is gone for good",
                markup=False,
                severity="warning",
                timeout=8,
            )
            return True

        call_store(
            self,
            lambda: store_of(self).restore(cid),
            done,
            group="undo",
            failed=failed,
            action="restore",
        )

    def action_trash(self) -> None:
        from tui.screens.trash import TrashScreen

        self.app.push_screen(TrashScreen(), self._trash_closed)

    def _trash_closed(self, changes: TrashChanges | None) -> None:
        """The trash and undo are one history: what the trash restored or purged leaves it."""
        self.refresh_list()
        if changes is None:
            return
        gone = {cid for cid, _title in self.undo_stack} if changes.emptied else changes.purged
        gone -= changes.restored
        self.undo_stack = [
            (cid, title)
            for cid, title in self.undo_stack
            if cid not in gone and cid not in changes.restored
        ]
        for cid in changes.restored:
            self.conversation.restored(cid)
        for cid in gone:
            self.conversation.purged(cid)
        self.refresh_bindings()

    def on_resize(self) -> None:
        narrow = self.size.width < NARROW
        # The palette's "^p" goes first when the footer is short of room (help lists it).
        self.query_one(KeyBar).show_command_palette = not narrow
        if preferences_of(self).list_width is None:
            # Two fifths of 80 columns leaves a title a dozen cells: half keeps it readable.
            self.query_one("#left").styles.width = "50%" if narrow else "2fr"

    # --- the list pane's width (remembered in config.toml) ----------------------------

    def _lay_out_list(self) -> None:
        prefs = preferences_of(self)
        left = self.query_one("#left")
        if prefs.list_width is not None:
            left.styles.width = prefs.list_width
            left.styles.min_width = MIN_LIST_WIDTH
            left.styles.max_width = MAX_LIST_WIDTH
        left.display = not prefs.list_hidden

    def action_list_width(self, delta: int) -> None:
        prefs = preferences_of(self)
        left = self.query_one("#left")
        current = prefs.list_width or left.size.width or MIN_LIST_WIDTH
        width = max(MIN_LIST_WIDTH, min(MAX_LIST_WIDTH, current + delta))
        # Never wider than leaves the messages 30 columns.
        width = min(width, max(MIN_LIST_WIDTH, self.size.width - 30))
        remember(self, list_width=width, list_hidden=False)
        self._lay_out_list()

    def action_toggle_list(self) -> None:
        hidden = not preferences_of(self).list_hidden
        remember(self, list_hidden=hidden)
        self._lay_out_list()
        if (
            hidden
            and self.focused is not None
            and self.query_one("#left") in (self.focused.ancestors_with_self)
        ):
            self.messages.focus()
        elif not hidden:
            self.conversations.focus()

    def action_new_conversation(self) -> None:
        if context(self).store is None:
            return
        from store.config import load_config
        from tui.screens.new_conversation import ProviderPicker

        async def chosen(provider: str | None) -> None:
            if provider:
                await self.conversation.start_new(provider)

        config = load_config(warn=lambda line: self.notify(clean_line(line), markup=False))
        self.app.push_screen(ProviderPicker(config), chosen)

    def on_composer_sent(self, event: Composer.Sent) -> None:
        self.conversations.reload(follow=event.conversation_id)

    def action_refresh(self) -> None:
        self.refresh_list()

    def refresh_list(self) -> None:
        highlighted = self.conversations.highlighted
        self.conversations.reload(follow=highlighted.id if highlighted else None)
