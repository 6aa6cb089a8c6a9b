"""The composer under the open conversation: write, send, watch the reply stream in.

`i` opens it for the open conversation (N for a new one); enter sends, ctrl+j or alt+enter
inserts a line break, esc stops a reply coming in (nothing is stored) or closes the
composer. The draft is written to disk as it is typed (tui.widgets.drafts) and removed only
once the reply is stored; an error leaves it in place with one line saying what went wrong.

The send runs through `Send.aevents()` in an async worker: the request and the stream live
in the sender's own thread, this side only appends deltas to the streaming reply.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static, TextArea

from tui import keys
from tui.context import store_of
from tui.widgets import drafts
from tui.widgets.db import call_store
from tui.widgets.reply import StreamingReply
from tui.widgets.safe import clean_line

if TYPE_CHECKING:
    from store.sending import Send
    from store.sending.errors import SendError
    from tui.widgets.send_target import Target

# Typing pauses this long before the draft is written.
DRAFT_DELAY = 0.3


class DraftInput(TextArea):
    """The text box; enter is left to the composer's keys (send) instead of a new line."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            # Textual runs the base class's handler too unless the default is prevented;
            # the key still bubbles on to the composer's binding.
            event.prevent_default()
            return
        await super()._on_key(event)


class Composer(Vertical):
    DEFAULT_CSS = """
    Composer { height: auto; max-height: 80%; display: none; border-top: solid $primary; }
    Composer.-open { display: block; }
    Composer > #composer-reply { display: none; max-height: 14; overflow-y: auto; }
    Composer.-streaming > #composer-reply { display: block; }
    Composer > #composer-status { color: $text-muted; padding: 0 1; }
    Composer > #composer-status.-error { color: $error; }
    Composer > DraftInput { height: auto; min-height: 3; max-height: 10; }
    """
    BINDING_GROUP_TITLE = "Composer"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("composer")

    class Sent(Message):
        """Both messages are stored: the conversation should be read again."""

        def __init__(self, conversation_id: uuid.UUID, created: bool) -> None:
            super().__init__()
            self.conversation_id = conversation_id
            self.created = created

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.target: Target | None = None
        # A model chosen in the picker, for this conversation until it changes.
        self.model: str | None = None
        self.provider: str | None = None
        self.sending: Send | None = None
        self.error: SendError | None = None
        self._draft_key = drafts.NEW
        self._draft_timer: Timer | None = None
        self._loading = False
        self._view = ""
        self._pick_when_read = False
        self._text = ""

    def compose(self) -> ComposeResult:
        yield StreamingReply(id="composer-reply")
        yield Static(Text(""), id="composer-status")
        yield DraftInput(id="composer-input", soft_wrap=True, show_line_numbers=False)

    @property
    def input(self) -> DraftInput:
        return self.query_one("#composer-input", DraftInput)

    @property
    def reply(self) -> StreamingReply:
        return self.query_one("#composer-reply", StreamingReply)

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    @property
    def busy(self) -> bool:
        return self._loading

    # --- opening ------------------------------------------------------------------------

    def open_for(self, conversation_id: uuid.UUID | None, view: str) -> None:
        """Open the composer for a conversation (None: a new one) in `view`."""
        from tui.widgets.send_target import resolve

        key = str(conversation_id) if conversation_id else drafts.NEW
        # The same conversation in the same view (after a send, say): keep the model
        # chosen for it; another view sends to another provider.
        same = key == self._draft_key and view == self._view
        self._open(key, keep=key == self._draft_key)
        if not same:
            self.provider = self.model = None
        self._view = view
        self._loading = True

        def done(target: Target) -> None:
            self._loading = False
            self.target = target
            for warning in target.warnings:
                self.notify(clean_line(warning), severity="warning", markup=False)
            self.provider = self.provider or target.provider
            self.model = self.model or target.model
            self._show_target()
            if self._pick_when_read:
                self._pick_when_read = False
                self.action_pick_model()

        def failed(_error: object) -> bool:
            self._loading = False
            return False

        call_store(
            self,
            lambda: resolve(store_of(self), conversation_id, view),
            done,
            group="composer-target",
            exclusive=True,
            failed=failed,
            action="read the conversation",
        )

    def start_new(self, provider: str) -> None:
        """Open the composer for a new conversation on `provider`."""
        self.target = None
        self.open_for(None, "original")
        self.provider = provider

    def _open(self, draft_key: str, *, keep: bool) -> None:
        if self.sending is None and (draft_key != self._draft_key or not keep):
            self._flush_draft()
            self._draft_key = draft_key
            self._text = drafts.load(draft_key)
            self.input.load_text(self._text)
            self.input.move_cursor(self.input.document.end)
            self.error = None
            self._set_status("reading the conversation…")
        self.add_class("-open")
        self.input.focus()

    def pick_model(self) -> None:
        """The model picker, once the conversation has been read (`M`)."""
        if self.target is None or self._loading:
            self._pick_when_read = True
        else:
            self.action_pick_model()

    def follow(self, conversation_id: uuid.UUID) -> None:
        """Another conversation was opened: the draft for this one is put away."""
        if self.is_open and self.sending is None and str(conversation_id) != self._draft_key:
            self.close()

    def close(self) -> None:
        self._flush_draft()
        self.remove_class("-open")

    def _show_target(self) -> None:
        if self.error is not None or self.sending is not None:
            return
        if self.provider is None:
            self._set_status("no provider to continue with: press ctrl+o to choose one")
            return
        model = self.model or "its default model"
        self._set_status(
            f"to {self.provider} · {model}   enter sends · ctrl+j new line · "
            "ctrl+o model · esc closes"
        )

    def _set_status(self, text: str, *, error: bool = False) -> None:
        line = self.query_one("#composer-status", Static)
        line.update(Text(clean_line(text)))
        line.set_class(error, "-error")

    # --- drafts -------------------------------------------------------------------------

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        # Kept here too: at unmount the text box may be gone before the draft is written.
        self._text = event.text_area.text
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self._flush_draft)

    def _flush_draft(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        try:
            drafts.save(self._draft_key, self._text)
        except OSError as exc:
            self.notify(
                clean_line(f"could not keep the draft: {exc}"), severity="error", markup=False
            )

    def on_unmount(self) -> None:
        if self._draft_timer is not None:
            self._flush_draft()

    # --- keys ---------------------------------------------------------------------------

    def action_newline(self) -> None:
        self.input.insert("\n")

    def action_close(self) -> None:
        if self.sending is not None:
            self.sending.cancel()
            return
        self.close()
        self.post_message(self.Closed())

    class Closed(Message):
        """The composer closed; the focus goes back to the messages."""

    def action_pick_model(self) -> None:
        from tui.screens.model_picker import ModelPicker
        from tui.screens.new_conversation import ProviderPicker

        target = self.target
        if target is None or self.sending is not None:
            return
        if self.provider is None:

            def provider_chosen(name: str | None) -> None:
                if name:
                    self.provider = name
                    self.model = None
                    self._show_target()

            self.app.push_screen(ProviderPicker(target.config), provider_chosen)
            return

        def chosen(model: str | None) -> None:
            if model:
                self.model = model
                self._show_target()

        self.app.push_screen(ModelPicker(self.provider, target.config, self.model), chosen)

    def action_send(self) -> None:
        from store.sending import Send

        text = self.input.text
        target = self.target
        if self.sending is not None or target is None or not text.strip():
            return
        if self.provider is None:
            self.action_pick_model()
            return
        self._flush_draft()
        send = Send(
            store_of(self),
            self.provider,
            text,
            conversation_id=target.conversation_id,
            model=self.model,
            config=target.config,
            messages=target.messages if target.conversation_id is not None else None,
        )
        self.sending = send
        self.error = None
        self.show_streaming(f"{self.provider} · {self.model or 'default model'} is answering…")
        self.run_worker(self._stream(send, target), group="send", exclusive=True)

    def show_streaming(self, head: str) -> None:
        """The reply's area shown and emptied, the draft read-only until the send ends."""
        self.input.read_only = True
        self.add_class("-streaming")
        self.reply.start(head)
        self._set_status("receiving…   esc stops (nothing is stored)")

    async def _stream(self, send: Send, target: Target) -> None:
        from store.sending import Cancelled, Done, Failed, ReasoningDelta, TextDelta, ToolCall

        reply = self.reply
        end: object = None
        async for event in send.aevents():
            if isinstance(event, TextDelta):
                reply.add_text(event.text)
            elif isinstance(event, ReasoningDelta):
                reply.add_reasoning(event.text)
            elif isinstance(event, ToolCall):
                reply.add_tool(event.name, event.arguments)
            else:
                end = event
        reply.stop()
        reply.draw()
        self.sending = None
        self.input.read_only = False
        if isinstance(end, Done):
            self._sent(end.reply.conversation_id, created=target.conversation_id is None)
        elif isinstance(end, Failed):
            self.error = end.error
            self.remove_class("-streaming")
            self._set_status(f"{end.error} · the draft is kept; enter retries", error=True)
        elif isinstance(end, Cancelled):
            self.remove_class("-streaming")
            self._set_status("stopped: nothing was stored · the draft is kept; enter sends it")

    def _sent(self, conversation_id: uuid.UUID, *, created: bool) -> None:
        drafts.remove(self._draft_key)
        self._draft_key = str(conversation_id)
        self._text = ""
        self.input.load_text("")
        self._flush_draft()
        self.remove_class("-streaming")
        # The next message continues after this reply: nothing is sent until the
        # conversation has been read again (open_for), with the pair just stored.
        self.target = None
        self._set_status("stored")
        self.post_message(self.Sent(conversation_id, created))
