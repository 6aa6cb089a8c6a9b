"""The main screen: the conversation list on the left, the open conversation on the right.

Every action is a binding here (or on the pane it belongs to), shown in the footer and
the help screen, and offered in the command palette by the app. Actions that remove
something go through a confirmation dialog and can be undone.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Key
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Footer, Input, OptionList, Static

from store import ConversationSummary, Cursor, SearchHit, Store
from tui.screens.confirm import ConfirmDialog
from tui.screens.export import ExportDialog
from tui.screens.payload import PayloadScreen
from tui.screens.rename import RenameDialog
from tui.screens.view_picker import ViewPicker
from tui.widgets.conversation_list import ConversationList
from tui.widgets.db import call_store
from tui.widgets.header import AppHeader
from tui.widgets.message_pane import MessagePane
from tui.widgets.parts import ViewReport
from tui.widgets.payloads import (
    EXPORT_FORMATS,
    export_format_for,
    payload_for,
    report_for,
    write_export,
)
from tui.widgets.safe import clean_line, clip, copied_note
from tui.widgets.search_results import SearchResults
from tui.widgets.views import ORIGINAL, label, next_view, valid

if TYPE_CHECKING:
    from tui.app import ThreadkeepApp

# Typing pauses this long before a search runs: one query per pause, not per key.
SEARCH_DEBOUNCE = 0.2
SEARCH_LIMIT = 50
# Switching views pauses this long before translating: `p p p` translates once.
VIEW_DEBOUNCE = 0.25

WELCOME = """\
Welcome to threadkeep

Your archive is empty. Bring your history in from a terminal:

  threadkeep import PATH    ChatGPT or Claude exports (zip or json), AI SDK UIMessages,
                            raw OpenAI, Anthropic or Gemini JSON / JSONL
  threadkeep demo           load the bundled sample conversations

then press F5 here. Deleted conversations wait in the trash (T).
? lists every key · ctrl+p opens the command palette · q quits"""


class ArchiveSource:
    """The list's view of the store: live conversations, or the trash."""

    def __init__(self, store: Callable[[], Store], *, trash: bool = False) -> None:
        # A getter, not the store: after the database comes back, the app may hold a new one.
        self._store = store
        self._trash = trash

    def count(self) -> int:
        return self._store().count_conversations(trash=self._trash)

    def page(self, limit: int, *, after: Cursor | None, offset: int) -> list[ConversationSummary]:
        return self._store().list_conversations(
            limit, after=after, offset=offset, trash=self._trash
        )


class MainScreen(Screen[None]):
    CSS_PATH = "main.tcss"
    BINDING_GROUP_TITLE = "Conversation"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash", "search", "Search", id="main.search", tooltip="Search titles and full text"
        ),
        Binding(
            "escape",
            "back",
            "Back",
            show=False,
            id="main.back",
            tooltip="Clear the search, or go back to the list",
        ),
        Binding(
            "p",
            "next_view",
            "View",
            id="main.next-view",
            tooltip="Show the conversation as the next provider would receive it",
        ),
        Binding(
            "P",
            "pick_view",
            "Pick view",
            show=False,
            id="main.pick-view",
            tooltip="Choose the provider view by name",
        ),
        Binding("r,f2", "rename", "Rename", id="main.rename", tooltip="Rename the conversation"),
        Binding(
            "d,delete",
            "delete",
            "Delete",
            id="main.delete",
            tooltip="Move the conversation to the trash (asks first; u undoes)",
        ),
        Binding(
            "u",
            "undo",
            "Undo",
            show=False,
            id="main.undo",
            tooltip="Restore the conversation deleted last",
        ),
        Binding(
            "t",
            "toggle_reasoning",
            "Reasoning",
            id="main.reasoning",
            tooltip="Fold or unfold reasoning",
        ),
        Binding(
            "o",
            "toggle_tools",
            "Tools",
            show=False,
            id="main.tools",
            tooltip="Fold or unfold tool calls, results and data",
        ),
        Binding(
            "h",
            "toggle_hidden",
            "Hidden",
            show=False,
            id="main.hidden",
            tooltip="Show or hide hidden export nodes",
        ),
        Binding(
            "v",
            "payload",
            "Payload",
            id="main.payload",
            tooltip="Show the exact request JSON for the current view",
        ),
        Binding(
            "y",
            "copy",
            "Copy",
            show=False,
            id="main.copy",
            tooltip="Copy the request JSON for the current view",
        ),
        Binding(
            "e",
            "export",
            "Export",
            show=False,
            id="main.export",
            tooltip="Write the conversation to a file",
        ),
        Binding(
            "T",
            "trash",
            "Trash",
            show=False,
            id="main.trash",
            tooltip="Open the trash: restore or purge deleted conversations",
        ),
        Binding(
            "f5",
            "refresh",
            "Refresh",
            show=False,
            id="main.refresh",
            tooltip="Read the archive again",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.open_summary: ConversationSummary | None = None
        self.view = ORIGINAL
        self.undo_stack: list[tuple[uuid.UUID, str]] = []
        # The conversation a delete closed, so that undoing the delete opens it again.
        self._closed_by_delete: uuid.UUID | None = None
        self._search_timer: Timer | None = None
        self._search_token = 0
        self.searching = False
        self._had_row = False
        self._report_timer: Timer | None = None
        self._report_running = False
        self._report_wanted = False

    @property
    def tk(self) -> ThreadkeepApp:
        return self.app  # type: ignore[return-value]

    @property
    def store(self) -> Store:
        store = self.tk.store
        assert store is not None, "the main screen is shown only once the store is open"
        return store

    # --- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with ContentSwitcher(initial="browser", id="switcher"):
            with Horizontal(id="browser"):
                with Vertical(id="left"):
                    search = Input(placeholder="search titles and messages", id="search")
                    search.cursor_blink = self.tk.cursor_blink
                    yield search
                    with ContentSwitcher(initial="conversations", id="left-switcher"):
                        yield ConversationList(
                            ArchiveSource(lambda: self.store), self.tk.now, id="conversations"
                        )
                        yield SearchResults(id="results")
                with Vertical(id="right"):
                    yield Static(Content(""), id="view-summary")
                    yield MessagePane(lambda: self.store, self.tk.now, id="messages")
            with VerticalScroll(id="welcome"):
                yield Static(Content(WELCOME), id="welcome-text")
        yield Footer()

    def on_mount(self) -> None:
        self.conversations.focus()
        self.messages.clear("Press enter to open the highlighted conversation.")
        self._update_header()
        self.conversations.reload()

    @property
    def conversations(self) -> ConversationList:
        return self.query_one("#conversations", ConversationList)

    @property
    def messages(self) -> MessagePane:
        return self.query_one("#messages", MessagePane)

    @property
    def results(self) -> SearchResults:
        return self.query_one("#results", SearchResults)

    @property
    def search_input(self) -> Input:
        return self.query_one("#search", Input)

    def _update_header(self) -> None:
        summary = self.open_summary
        self.query_one(AppHeader).show(
            summary.display_title if summary else "", label(self.view) if summary else None
        )

    def _set_view_summary(self, text: str) -> None:
        line = self.query_one("#view-summary", Static)
        line.update(Content(text))
        line.set_class(bool(text), "-shown")

    # --- list and opening ---------------------------------------------------------------

    def on_conversation_list_counted(self, event: ConversationList.Counted) -> None:
        empty = event.total == 0 and not self.searching
        self.query_one("#switcher", ContentSwitcher).current = "welcome" if empty else "browser"

    def on_conversation_list_opened(self, event: ConversationList.Opened) -> None:
        self.open_conversation(event.summary.id)

    def on_conversation_list_highlighted(self, event: ConversationList.Highlighted) -> None:
        # The footer is rebuilt on every refresh_bindings: only when rename/delete come or go.
        has_row = event.summary is not None
        if has_row != self._had_row:
            self._had_row = has_row
            self.refresh_bindings()

    def open_conversation(self, conversation_id: uuid.UUID, *, at: int = 0) -> None:
        """Read the conversation (for its remembered view), then show its messages."""

        def done(summary: ConversationSummary) -> None:
            self.open_summary = summary
            self.view = valid(summary.metadata.get("view"))
            self._update_header()
            self.messages.show(summary, start=max(0, at - 1))
            self.messages.focus()
            self._load_report()
            self.refresh_bindings()

        call_store(
            self,
            lambda: self.store.get_conversation(conversation_id),
            done,
            group="open",
            exclusive=True,
            action="open the conversation",
        )

    def target(self) -> ConversationSummary | None:
        """What rename/delete act on: the highlighted row while in the list, else the open one."""
        focused = self.focused
        if isinstance(focused, ConversationList):
            return focused.highlighted
        if isinstance(focused, SearchResults) and focused.current is not None:
            hit = focused.current
            if self.open_summary is not None and self.open_summary.id == hit.conversation_id:
                return self.open_summary
            return _summary_from_hit(hit)
        return self.open_summary or self.conversations.highlighted

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("rename", "delete"):
            return True if self.target() is not None else None
        if action in (
            "next_view",
            "pick_view",
            "payload",
            "copy",
            "export",
            "toggle_reasoning",
            "toggle_tools",
            "toggle_hidden",
        ):
            return True if self.open_summary is not None else None
        return True

    # --- search -----------------------------------------------------------------------

    def action_search(self) -> None:
        self.query_one("#switcher", ContentSwitcher).current = "browser"
        self.searching = True
        self.search_input.add_class("-shown")
        self.search_input.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "search":
            return
        event.stop()
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_token += 1
        if not event.value.strip():
            self._show_list_side("conversations")
            return
        token = self._search_token
        self._search_timer = self.set_timer(
            SEARCH_DEBOUNCE, lambda: self._run_search(event.value, token)
        )

    def _run_search(self, query: str, token: int) -> None:
        def done(hits: list[SearchHit]) -> None:
            # A result for an older query (typing went on) is never shown.
            if token != self._search_token:
                return
            self.results.show_hits(hits)
            self.results.border_title = (
                f"Search: {len(hits)}{'+' if len(hits) == SEARCH_LIMIT else ''} results"
            )
            self._show_list_side("results")

        call_store(
            self,
            lambda: self.store.search(query, SEARCH_LIMIT, as_you_type=True),
            done,
            group="search",
            exclusive=True,
            action="search",
        )

    def _show_list_side(self, which: str) -> None:
        self.query_one("#left-switcher", ContentSwitcher).current = which

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            event.stop()
            if self.results.hits:
                self.results.focus()

    def on_key(self, event: Key) -> None:
        # From the search field, down moves into the results, as in any search box.
        if event.key == "down" and self.focused is self.search_input and self.results.hits:
            event.stop()
            self.results.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list is not self.results:
            return
        event.stop()
        hit = self.results.current
        if hit is not None:
            self.open_conversation(hit.conversation_id, at=hit.position or 0)

    def action_back(self) -> None:
        if self.searching:
            self.searching = False
            if self._search_timer is not None:
                self._search_timer.stop()
            self._search_token += 1
            self.search_input.value = ""
            self.search_input.remove_class("-shown")
            self.results.show_hits([])
            self._show_list_side("conversations")
            self.conversations.focus()
            if self.conversations.total == 0 and self.conversations.loaded:
                self.query_one("#switcher", ContentSwitcher).current = "welcome"
        elif self.focused is not self.conversations:
            self.conversations.focus()

    # --- views ------------------------------------------------------------------------

    def action_next_view(self) -> None:
        self._set_view(next_view(self.view))

    def action_pick_view(self) -> None:
        def picked(view: str | None) -> None:
            if view is not None:
                self._set_view(view)

        self.app.push_screen(ViewPicker(self.view), picked)

    def _set_view(self, view: str) -> None:
        summary = self.open_summary
        if summary is None:
            return
        self.view = valid(view)
        self._update_header()
        self._load_report()
        chosen = self.view
        # Remembered per conversation; update_metadata does not move it up the list.
        call_store(
            self,
            lambda: self.store.update_metadata(summary.id, {"view": chosen}),
            lambda _none: None,
            group="remember-view",
            action="remember the view",
        )

    def _load_report(self) -> None:
        """Translate for the current view's badges and summary, one translation at a time.

        A translation holds the whole conversation while it runs and a thread cannot be
        stopped, so quick presses of `p` must not start one each: the request waits for a
        pause in the switching, and for the translation in flight to finish.
        """
        summary, view = self.open_summary, self.view
        if self._report_timer is not None:
            self._report_timer.stop()
            self._report_timer = None
        if summary is None or view == ORIGINAL:
            self.messages.set_report(None)
            self._set_view_summary("")
            return
        self._set_view_summary(f"{label(view)}: translating…")
        self._report_timer = self.set_timer(VIEW_DEBOUNCE, self._start_report)

    @property
    def busy(self) -> bool:
        """A view's translation is waiting or running (tests and benchmarks wait on it)."""
        return self._report_timer is not None or self._report_running

    def _start_report(self) -> None:
        self._report_timer = None
        if self._report_running:
            self._report_wanted = True
            return
        summary, view = self.open_summary, self.view
        if summary is None or view == ORIGINAL:
            return
        self._report_running = True

        def finished() -> None:
            self._report_running = False
            if self._report_wanted:
                self._report_wanted = False
                self._start_report()

        def done(report: ViewReport) -> None:
            finished()
            if self.open_summary is summary and self.view == view:
                self.messages.set_report(report)
                self._set_view_summary(f"{label(view)}: {report.summary}")

        def failed(_error: object) -> bool:
            finished()
            return False

        call_store(
            self,
            lambda: report_for(self.store, summary.id, view),
            done,
            group="report",
            failed=failed,
            action="translate the conversation",
        )

    def action_payload(self) -> None:
        def show(summary: ConversationSummary, view: str, text: str, report: str) -> None:
            screen = PayloadScreen(
                summary.display_title, label(view), text, report, cursor_blink=self.tk.cursor_blink
            )
            self.app.push_screen(screen)

        self._with_payload(show)

    def action_copy(self) -> None:
        def copy(_summary: ConversationSummary, view: str, text: str, _report: str) -> None:
            self.app.copy_to_clipboard(text)
            self.notify(copied_note(f"the {label(view)} payload", text), markup=False)

        self._with_payload(copy)

    def _with_payload(self, then: Callable[[ConversationSummary, str, str, str], None]) -> None:
        """Build the open conversation's payload in the current view, in a worker, then act."""
        summary, view = self.open_summary, self.view
        if summary is None:
            return
        call_store(
            self,
            lambda: payload_for(self.store, summary.id, view),
            lambda result: then(summary, view, *result),
            group="payload",
            exclusive=True,
            action="build the payload",
        )

    def action_export(self) -> None:
        summary = self.open_summary
        if summary is None:
            return
        short = str(summary.id)[:8]

        def default_path(export_format: str) -> str:
            suffix = "md" if export_format == "markdown" else "json"
            return str(Path.cwd() / f"threadkeep-{short}-{export_format}.{suffix}")

        def export(export_format: str, path: str) -> str:
            return write_export(self.store, summary.id, export_format, path)

        def done(path: str | None) -> None:
            if path:
                self.notify(f"Exported to {clean_line(path)}", markup=False)

        self.app.push_screen(
            ExportDialog(
                EXPORT_FORMATS,
                export_format_for(self.view),
                default_path,
                export,
                cursor_blink=self.tk.cursor_blink,
            ),
            done,
        )

    # The folds themselves show the new state: no notification needed.
    def action_toggle_reasoning(self) -> None:
        self.messages.toggle_reasoning()

    def action_toggle_tools(self) -> None:
        self.messages.toggle_tools()

    def action_toggle_hidden(self) -> None:
        self.messages.toggle_hidden()

    # --- rename and delete ------------------------------------------------------------

    def action_rename(self) -> None:
        summary = self.target()
        if summary is None:
            return

        def save(title: str) -> str:
            return self.store.rename(summary.id, title)

        def done(title: str | None) -> None:
            if title is None:
                return
            self._renamed(summary, title)

        self.app.push_screen(
            RenameDialog(summary.display_title, save, cursor_blink=self.tk.cursor_blink), done
        )

    def _renamed(self, summary: ConversationSummary, title: str) -> None:
        listed = self.conversations.pages.row(self.conversations.cursor)
        base = listed if listed is not None and listed.id == summary.id else summary
        # A rename moves updated_at (DESIGN §2): the row says so at once, but stays where it
        # is under the cursor until the list is next read.
        renamed = replace(_with_title(base, title), updated_at=self.tk.now())
        self.conversations.update_row(renamed)
        if self.open_summary is not None and self.open_summary.id == summary.id:
            self.open_summary = _with_title(self.open_summary, title)
            self.messages.update_summary(self.open_summary)
            self._update_header()
        if self.results.hits:
            self.results.show_hits(
                [
                    _hit_with_title(hit, title) if hit.conversation_id == summary.id else hit
                    for hit in self.results.hits
                ]
            )
        self.notify(f"Renamed to “{clip(clean_line(title), 60)}”", markup=False)

    def action_delete(self) -> None:
        summary = self.target()
        if summary is None:
            return
        name = clip(clean_line(summary.display_title), 80)
        count = f"{summary.message_count:,} messages. " if summary.message_count else ""
        message = Content.assemble(
            "Move “",
            (name, "bold"),
            "” to the trash?\n\n",
            (f"{count}You can undo with u, or restore it from the trash (T) later.", "dim"),
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._delete(summary)

        self.app.push_screen(ConfirmDialog("Delete conversation", message), confirmed)

    def _delete(self, summary: ConversationSummary) -> None:
        index = self.conversations.cursor

        def done(_none: None) -> None:
            title = clip(clean_line(summary.display_title), 60)
            self.undo_stack.append((summary.id, summary.display_title))
            if self.open_summary is not None and self.open_summary.id == summary.id:
                self._closed_by_delete = summary.id
                self.open_summary = None
                self.view = ORIGINAL
                self.messages.clear("Deleted. Press u to undo.")
                self._set_view_summary("")
                self._update_header()
            if self.results.hits:
                self.results.show_hits(
                    [hit for hit in self.results.hits if hit.conversation_id != summary.id]
                )
            self.conversations.reload(keep=min(index, _listed_index(self, summary) or index))
            self.notify(f"Deleted “{title}”. Press u to undo.", markup=False, timeout=8)
            self.refresh_bindings()

        call_store(
            self,
            lambda: self.store.delete(summary.id),
            done,
            group="delete",
            action="delete the conversation",
        )

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo", markup=False)
            return
        cid, title = self.undo_stack.pop()

        def done(_none: None) -> None:
            self.conversations.reload(follow=cid)
            self.notify(f"Restored “{clip(clean_line(title), 60)}”", markup=False)
            # Undo puts back what the delete took away, the open messages included.
            if self.open_summary is None and self._closed_by_delete == cid:
                self.open_conversation(cid)
            self.refresh_bindings()

        call_store(self, lambda: self.store.restore(cid), done, group="undo", action="restore")

    def action_trash(self) -> None:
        from tui.screens.trash import TrashScreen

        self.app.push_screen(TrashScreen(), lambda _result: self.refresh_list())

    def action_refresh(self) -> None:
        self.refresh_list()

    def refresh_list(self) -> None:
        highlighted = self.conversations.highlighted
        self.conversations.reload(follow=highlighted.id if highlighted else None)


def _with_title(summary: ConversationSummary, title: str) -> ConversationSummary:
    return replace(summary, title=title)


def _hit_with_title(hit: SearchHit, title: str) -> SearchHit:
    return replace(hit, title=title)


def _summary_from_hit(hit: SearchHit) -> ConversationSummary:
    """Enough of a summary to rename or delete a search hit without another round trip."""
    return ConversationSummary(
        id=hit.conversation_id,
        title=hit.title,
        created_at=hit.created_at,
        updated_at=hit.created_at,
        deleted_at=None,
        message_count=0,
        providers=(),
        models=(),
    )


def _listed_index(screen: MainScreen, summary: ConversationSummary) -> int | None:
    return screen.conversations.pages.index_of(summary.id)
