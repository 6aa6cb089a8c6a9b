"""The right side of the main screen: the open conversation, in a provider view.

It owns what is open and how it is shown: the view (remembered per conversation), the
translation report behind the badges and the summary line, the payload, export (in
`view_actions`), and
rename and delete of the open conversation. Its keys are bound by the screen (they work
wherever the focus is) and routed here; changes the header shows are posted as `Changed`.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from store.summary import ConversationSummary
from tui import keys
from tui.context import context, store_of
from tui.preferences import of as preferences_of
from tui.preferences import remember
from tui.widgets.db import call_store
from tui.widgets.lifecycle import ask_delete, ask_rename, with_title
from tui.widgets.message_pane import MessagePane
from tui.widgets.view_actions import (
    copy_payload,
    export_open,
    show_attachments,
    show_next_branch,
    show_payload,
)
from tui.widgets.view_translation import ViewTranslation
from tui.widgets.views import ORIGINAL, label, next_view, valid, views

if TYPE_CHECKING:
    from textual.widget import AwaitMount

    from store.records import ConversationHits, SearchHit
    from tui.widgets.composer import Composer
    from tui.widgets.find_bar import FindBar

# Switching views pauses this long before translating: `p p p` translates once.
# Every action routed here needs an open conversation.
_NEEDS_OPEN = keys.pane_actions("view") | keys.pane_actions("focused")


class ConversationView(Vertical):
    class Changed(Message):
        """What is open, its title or its view changed (the header shows them)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.open_summary: ConversationSummary | None = None
        self.view = ORIGINAL
        # The conversation a delete closed, so that undoing the delete opens it again.
        self.closed_by_delete: uuid.UUID | None = None
        # The open conversation's search hits, when it was opened from a search.
        self.hits: ConversationHits | None = None
        self._translation = ViewTranslation(self)
        # The ChatGPT branch shown, when it is not the stored one.
        self.branch: int | None = None
        # The find bar and the composer, mounted after the first paint (`_mount_hidden`).
        self._hidden: AwaitMount | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="view-summary")
        yield MessagePane(lambda: store_of(self), context(self).now, id="messages")

    def on_mount(self) -> None:
        prefs = preferences_of(self)
        self.messages.reasoning_open = prefs.reasoning_open
        self.messages.tools_open = prefs.tools_open
        self.messages.clear("Press enter to open the highlighted conversation.")
        context(self).after_first_paint(self._mount_hidden)

    @property
    def messages(self) -> MessagePane:
        return self.query_one("#messages", MessagePane)

    @property
    def view_label(self) -> str | None:
        return label(self.view) if self.open_summary else None

    @property
    def busy(self) -> bool:
        """A view's translation is waiting or running (tests and benchmarks wait on it)."""
        return self._translation.busy

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _NEEDS_OPEN:
            return True if self.open_summary is not None else None
        return True

    def set_summary_line(self, text: str) -> None:
        line = self.query_one("#view-summary", Static)
        line.update(Content(text))
        line.set_class(bool(text), "-shown")

    # --- opening and closing ----------------------------------------------------------

    def open(self, conversation_id: uuid.UUID, *, at: int = 0) -> None:
        """Read the conversation (for its remembered view), then show its messages."""

        def read() -> ConversationSummary:
            summary = store_of(self).get_conversation(conversation_id)
            views()  # the view table imports the translator: here, off the UI thread
            return summary

        def done(summary: ConversationSummary) -> None:
            self.hits = None
            self.messages.clear_hits()
            self._opened(summary)
            self.messages.show(summary, start=max(0, at - 1))

        call_store(self, read, done, group="open", exclusive=True, action="open the conversation")

    def _opened(self, summary: ConversationSummary) -> None:
        self.open_summary = summary
        self.branch = None
        self.view = valid(summary.metadata.get("view"))
        self.post_message(self.Changed())
        self.messages.focus()
        if self._hidden is not None:
            self.composer.follow(summary.id)
        self._translation.load()
        self.screen.refresh_bindings()

    # --- search hits (open at the hit; n/N go through the others) ---------------------

    def open_hit(self, hit: SearchHit, query: str) -> None:
        """Open a search hit at its message, the matched words lit; n/N then go from hit
        to hit inside this conversation."""

        def read() -> tuple[ConversationSummary, ConversationHits]:
            store = store_of(self)
            summary = store.get_conversation(hit.conversation_id)
            views()  # the view table imports the translator: here, off the UI thread
            found = store.hits_in_conversation(hit.conversation_id, query, as_you_type=True)
            return summary, found

        def done(result: tuple[ConversationSummary, ConversationHits]) -> None:
            summary, found = result
            self.hits = found
            self._opened(summary)
            if hit.position is None:  # the title matched: open at the start
                self.messages.clear_hits()
                self.messages.hit_stems = found.stems
                self.messages.show(summary)
            else:
                self.messages.show_hit(summary, hit.position, found.stems)

        call_store(self, read, done, group="open", exclusive=True, action="open the conversation")

    def action_next_hit(self, step: int) -> None:
        found = self.hits
        if self.open_summary is None or found is None or not found.positions:
            self.notify("No search hits in this conversation (/ searches)", markup=False)
            return
        positions = found.positions
        here = self.messages.hit_position
        if here is None:
            target = positions[0] if step > 0 else positions[-1]
        elif step > 0:
            target = next((p for p in positions if p > here), positions[0])
        else:
            target = next((p for p in reversed(positions) if p < here), positions[-1])
        self.messages.land_on(target)
        index = positions.index(target) + 1
        self.notify(f"Hit {index} of {len(positions)}", markup=False, timeout=2)

    def deleted(self, conversation_id: uuid.UUID) -> None:
        if self.open_summary is None or self.open_summary.id != conversation_id:
            return
        self.closed_by_delete = conversation_id
        self.open_summary = None
        self.view = ORIGINAL
        self.messages.clear("Deleted. Press u to undo.")
        self.set_summary_line("")
        self.post_message(self.Changed())

    def restored(self, conversation_id: uuid.UUID) -> None:
        # Undo (or the trash) puts back what the delete took away, the open messages too.
        if self.open_summary is None and self.closed_by_delete == conversation_id:
            self.closed_by_delete = None
            self.open(conversation_id)

    def purged(self, conversation_id: uuid.UUID) -> None:
        # No "press u to undo" for what can no longer come back.
        if self.open_summary is None and self.closed_by_delete == conversation_id:
            self.closed_by_delete = None
            self.messages.clear("Purged from the trash: this conversation is gone for good.")

    def renamed(self, conversation_id: uuid.UUID, title: str) -> None:
        if self.open_summary is not None and self.open_summary.id == conversation_id:
            self.open_summary = with_title(self.open_summary, title)
            self.messages.update_summary(self.open_summary)
            self.post_message(self.Changed())
            if not title:
                self._reread_title(conversation_id)

    def _reread_title(self, conversation_id: uuid.UUID) -> None:
        # A cleared title: the automatic one (the first prompt) comes from the store.
        def done(summary: ConversationSummary) -> None:
            if self.open_summary is not None and self.open_summary.id == summary.id:
                self.open_summary = with_title(summary, summary.title or "")
                self.messages.update_summary(self.open_summary)
                self.post_message(self.Changed())

        call_store(
            self,
            lambda: store_of(self).get_conversation(conversation_id),
            done,
            group="reread-title",
            action="read the conversation",
        )

    # --- views ------------------------------------------------------------------------

    def action_next_view(self) -> None:
        self.set_view(next_view(self.view))

    def action_pick_view(self) -> None:
        def picked(view: str | None) -> None:
            if view is not None:
                self.set_view(view)

        from tui.screens.view_picker import ViewPicker

        self.app.push_screen(ViewPicker(self.view), picked)

    def set_view(self, view: str) -> None:
        summary = self.open_summary
        if summary is None:
            return
        self.view = valid(view)
        self.branch = None
        self.post_message(self.Changed())
        self._translation.load()
        if self._hidden is not None and self.composer.is_open:
            self.composer.open_for(summary.id, self.view)
        chosen = self.view
        # Remembered per conversation; update_metadata does not move it up the list.
        call_store(
            self,
            lambda: store_of(self).update_metadata(summary.id, {"view": chosen}),
            lambda _none: None,
            group="remember-view",
            action="remember the view",
        )

    # --- payload and export -----------------------------------------------------------

    def action_payload(self) -> None:
        show_payload(self)

    def action_copy(self) -> None:
        copy_payload(self)

    def action_export(self) -> None:
        export_open(self)

    def action_attachments(self) -> None:
        show_attachments(self)

    # --- ChatGPT branches ---------------------------------------------------------------

    def action_next_branch(self) -> None:
        show_next_branch(self)

    # --- the message cursor, copy and find ----------------------------------------------

    def action_next_message(self) -> None:
        self.messages.move_message(1)

    def action_previous_message(self) -> None:
        self.messages.move_message(-1)

    def action_copy_message(self) -> None:
        from tui.widgets.clipboard import copy
        from tui.widgets.message_cursor import message_text

        text = message_text(self.messages)
        if text:
            copy(self, "the message's text", text)
        else:
            self.notify("This message has no text to copy", markup=False)

    def action_copy_code(self) -> None:
        from tui.widgets.clipboard import copy
        from tui.widgets.message_cursor import code_text

        code = code_text(self.messages)
        if code is None:
            self.notify("No code block under the cursor (move it with j/k)", markup=False)
        else:
            copy(self, "the code block", code)

    async def action_find(self) -> None:
        if self.open_summary is not None:
            from tui.widgets.find_bar import FindBar

            await self._mount_hidden()
            self.query_one("#find", FindBar).open(self.open_summary.id, self.messages.translated)

    def on_find_bar_go(self, event: FindBar.Go) -> None:
        self.messages.goto(*event.match, event.query)

    # --- folding, rename and delete ---------------------------------------------------

    # The folds themselves show the new state: no notification needed.
    # What was last chosen is what the next conversation opens with (config.toml).
    def action_toggle_reasoning(self) -> None:
        remember(self, reasoning_open=self.messages.toggle_reasoning())

    def action_toggle_tools(self) -> None:
        remember(self, tools_open=self.messages.toggle_tools())

    def action_toggle_hidden(self) -> None:
        self.messages.toggle_hidden()

    def action_rename(self) -> None:
        if self.open_summary is not None:
            ask_rename(self, self.open_summary)

    def action_delete(self) -> None:
        if self.open_summary is not None:
            ask_delete(self, self.open_summary)

    # --- writing and sending (tui.widgets.composer) -----------------------------------

    def _mount_hidden(self) -> AwaitMount:
        """Mount the find bar and the composer, once: both are hidden until asked for, so
        the first paint pays neither for their widgets and styles nor for their imports.
        """
        if self._hidden is None:
            from tui.widgets.composer import Composer
            from tui.widgets.find_bar import FindBar

            self._hidden = self.mount(
                FindBar(id="find"), Composer(id="composer"), after=self.messages
            )
        return self._hidden

    @property
    def composer(self) -> Composer:
        """The composer; only once `_mount_hidden` has mounted it."""
        from tui.widgets.composer import Composer

        return self.query_one("#composer", Composer)

    async def action_compose(self) -> None:
        if self.open_summary is not None:
            await self._mount_hidden()
            self.composer.open_for(self.open_summary.id, self.view)

    async def action_pick_model(self) -> None:
        await self.action_compose()
        await self._mount_hidden()
        self.composer.pick_model()

    async def start_new(self, provider: str) -> None:
        """A new conversation on `provider`: nothing open above the composer."""
        await self._mount_hidden()
        self.open_summary = None
        self.view = ORIGINAL
        self.messages.clear("A new conversation: write its first message below.")
        self.set_summary_line("")
        self.post_message(self.Changed())
        self.composer.start_new(provider)

    def on_composer_sent(self, event: Composer.Sent) -> None:
        # Both messages are stored: show the conversation as the store has it now.
        if event.created or (
            self.open_summary is not None and self.open_summary.id == event.conversation_id
        ):
            self.open(event.conversation_id, at=1_000_000_000)
            self.composer.open_for(event.conversation_id, self.view)

    def on_composer_closed(self, _event: Composer.Closed) -> None:
        self.messages.focus()
