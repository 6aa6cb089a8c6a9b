"""One send: translate the conversation for the target, append the user's message, stream
the reply, and store both when it completes.

Nothing is stored until the reply is complete: then the user's message (in the target's
own format) and the reply (the provider's message as the stream assembled it) go in
together, in one transaction of the store's write path. A failed or cancelled send stores
nothing, so the caller still holds the draft and can retry.

`Send.events()` is a plain iterator, meant to run in a worker thread, `Send.aevents()` the
same for an asyncio consumer; `Send.cancel()` may be called from any thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from store.collection import paused
from store.config import Config, load_config
from store.errors import StoreError
from store.records import NewMessage, StoredMessage
from store.sending.errors import SendError, redact
from store.sending.events import Cancelled, Done, Event, Failed, Finished
from store.sending.failures import from_exception
from store.sending.keys import require_key
from store.sending.protocols import Call, Cancel, protocol_module
from store.sending.providers import Provider, find_provider

if TYPE_CHECKING:
    from store.api import Store

DEFAULT_TIMEOUT = 600.0


class Send:
    def __init__(
        self,
        store: Store,
        provider: str,
        text: str,
        *,
        conversation_id: uuid.UUID | str | None = None,
        model: str | None = None,
        reasoning: str = "auto",
        timeout: float | None = None,
        config: Config | None = None,
        messages: Sequence[StoredMessage] | None = None,
    ) -> None:
        """`messages`: the conversation's stored messages when the caller already holds
        them (the app's open conversation), so the send does not read them again."""
        self._store = store
        self._provider_name = provider
        self._text = text
        self._conversation_id = conversation_id
        self._model = model
        self._reasoning = reasoning
        self._timeout = timeout
        self._config = config
        self._messages = messages
        self._cancel = Cancel()
        self._key: str | None = None

    def cancel(self) -> None:
        """Stop the send; the iterator ends with Cancelled and nothing is stored."""
        self._cancel.cancel()

    async def aevents(self) -> AsyncIterator[Event]:
        """`events()` for an asyncio consumer (a Textual async worker): the send runs in a
        thread of its own and its events are handed over to the loop as they come. Leaving
        the loop early cancels the send."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[Event | None] = asyncio.Queue()

        def post(item: Event | None) -> bool:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, item)
            except RuntimeError:  # the loop has closed: nobody is listening any more
                self.cancel()
                return False
            return True

        def pump() -> None:
            for event in self.events():
                if not post(event):
                    return
            post(None)

        thread = threading.Thread(target=pump, name="threadkeep-send", daemon=True)
        thread.start()
        finished = False
        try:
            while (event := await queue.get()) is not None:
                yield event
            finished = True
        finally:
            if not finished:
                self.cancel()

    def events(self) -> Iterator[Event]:
        provider: Provider | None = None
        model = self._model or ""
        timeout = DEFAULT_TIMEOUT
        try:
            if not self._text.strip():
                raise SendError("nothing to send: the message is empty", provider="threadkeep")
            config = self._config if self._config is not None else load_config()
            provider = find_provider(self._provider_name, config)
            settings = config.section("providers", provider.name)
            timeout = self._timeout or _number(settings.get("timeout"), DEFAULT_TIMEOUT)
            self._key = require_key(provider, config)
            wire = protocol_module(provider.protocol)
            # Translating a long conversation builds tens of thousands of short-lived
            # containers; collections on the way would scan them to free nothing.
            with paused():
                payload, model, count, reasoning = self._payload(provider)
            user = wire.user_message(self._text)
            call = Call(
                provider,
                self._key,
                model,
                wire.with_message(payload, user),
                timeout,
                reasoning,
                settings,
            )
            started = time.monotonic()
            finished: Finished | None = None
            # closing(): leaving early (a cancel) still ends the protocol's HTTP stream.
            with contextlib.closing(wire.stream(call, self._cancel)) as stream:
                for event in stream:
                    if self._cancel.requested:
                        break
                    if isinstance(event, Finished):
                        finished = event
                    else:
                        yield event
            if self._cancel.requested:
                yield Cancelled()
                return
            if finished is None:
                raise SendError(
                    f"{provider.label}: the stream ended before the reply was complete",
                    provider=provider.name,
                    kind="incomplete",
                )
            latency_ms = round((time.monotonic() - started) * 1000)
            yield self._store_both(provider, model, user, finished, count, latency_ms)
        except Exception as exc:  # noqa: BLE001 - every failure must end as one line
            if self._cancel.requested:
                yield Cancelled()
                return
            yield Failed(self._as_send_error(exc, provider, model, timeout))

    def _payload(self, provider: Provider) -> tuple[dict[str, Any], str, int, bool]:
        """The translator's payload for the target, the model, the message count, and
        whether reasoning may be asked for."""
        from store.views import is_reasoning_mode
        from translate import Record, Target, TranslateError, translate
        from translate.issuers import issuing_api

        # Before anything is sent: a reply to a trashed conversation could not be stored.
        if (
            self._conversation_id is not None
            and self._store.trashed_at(self._conversation_id) is not None
        ):
            raise SendError(
                f"conversation {uuid.UUID(str(self._conversation_id))} is in the trash; "
                "restore it to continue it",
                provider="threadkeep",
                kind="trashed",
            )
        messages: Sequence[StoredMessage] = (
            self._messages
            if self._messages is not None
            else self._store.load_messages(self._conversation_id)
            if self._conversation_id is not None
            else []
        )
        records = [Record(m.raw, m.format, m.provider, m.model, role=m.role) for m in messages]
        # The model: the one asked for, else the one this conversation last used on this
        # provider and API (so its own reasoning replays natively), else the configured
        # one, else the built-in default.
        model = (
            self._model
            or next(
                (
                    m.model
                    for m in reversed(messages)
                    if m.provider == provider.vendor
                    and m.model
                    and issuing_api(m.format, m.provider) == provider.protocol
                ),
                None,
            )
            or provider.model
            or _default_model(provider)
        )
        mode = self._reasoning
        if not is_reasoning_mode(mode):
            raise SendError(
                f"unknown reasoning mode {mode[:20]!r}; expected auto, text or drop",
                provider="threadkeep",
            )
        try:
            payload, report = translate(
                records, Target(provider.protocol, provider.vendor, model), reasoning=mode
            )
        except TranslateError as exc:
            raise SendError(
                f"the conversation cannot be sent to {provider.label}: {exc}",
                provider=provider.name,
                kind="untranslatable",
            ) from None
        # Anthropic rejects thinking when the conversation ends in a tool loop whose turn
        # does not open with thinking it can verify; ask without it then.
        return dict(payload), model, len(messages), not report.open_tool_loop

    def _store_both(
        self,
        provider: Provider,
        model: str,
        user: dict[str, Any],
        finished: Finished,
        count: int,
        latency_ms: int,
    ) -> Done:
        store = self._store
        cid = self._conversation_id
        created = cid is None
        if cid is None:
            cid = store.create_conversation()
        reply_model = finished.model or model
        user_row = NewMessage(
            user, provider.vendor, model, provider.protocol, "user", {"sent_to": provider.name}
        )
        reply_meta = {
            "provider": provider.name,
            "model": reply_model,
            "requested_model": model,
            "protocol": provider.protocol,
            "usage": finished.usage,
            "latency_ms": latency_ms,
            "stop_reason": finished.stop_reason,
        }
        reply_row = NewMessage(
            finished.raw, provider.vendor, reply_model, provider.protocol, "assistant", reply_meta
        )
        try:
            store.save_messages(cid, [user_row, reply_row])
        except StoreError:
            if created:
                # Nothing partial: the conversation made for this send goes with it.
                with contextlib.suppress(StoreError):
                    store.purge(cid)
            raise
        # From where the conversation ended when it was read; the caller's messages may be
        # a little behind, or another writer may have appended since: find the pair.
        stored = store.load_messages(cid, start=count)
        for i in range(len(stored) - 1, 0, -1):
            if stored[i].raw == finished.raw and stored[i - 1].raw == user:
                return Done(stored[i - 1], stored[i], finished.usage, latency_ms)
        return Done(stored[-2], stored[-1], finished.usage, latency_ms)

    def _as_send_error(
        self, exc: BaseException, provider: Provider | None, model: str, timeout: float
    ) -> SendError:
        if isinstance(exc, SendError):
            error = exc
        elif provider is None or isinstance(exc, StoreError):
            error = SendError(str(exc), provider=provider.name if provider else "threadkeep")
        else:
            error = from_exception(exc, provider, model=model, key=self._key, timeout=timeout)
        clean = redact(str(error), self._key)
        if clean == str(error):
            return error
        return SendError(
            clean,
            provider=error.provider,
            kind=error.kind,
            status=error.status,
            retry_after=error.retry_after,
        )


def send(store: Store, provider: str, text: str, **options: Any) -> Iterator[Event]:
    """Shorthand for Send(...).events() when no cancel is needed."""
    return Send(store, provider, text, **options).events()


def _default_model(provider: Provider) -> str:
    from translate import DEFAULT_MODELS

    view = {
        "anthropic": "anthropic",
        "openai": "openai-responses",
        "openai-chat": "openai-chat",
        "gemini": "gemini",
        "deepseek": "deepseek",
    }.get(provider.name)
    if view is None:
        raise SendError(
            f"{provider.label}: no model to send to; give one with --model or set model "
            f"under [providers.{provider.name}]",
            provider=provider.name,
            kind="no-model",
        )
    return DEFAULT_MODELS[view]


def _number(value: object, default: float) -> float:
    return float(value) if isinstance(value, int | float) and value > 0 else default
