"""One module per wire protocol, each with the same three functions:

- `user_message(text)`: the user's message in the protocol's own stored format;
- `with_message(payload, message)`: the translator's payload with that message appended;
- `stream(call, cancel)`: the request through the official SDK, yielding deltas and then
  one `Finished` with the provider's message as the stream assembles it.

The body goes to the SDK already serialised (`json_body`): the SDKs' own preparation walks
and copies every value of it per request (to drop their sentinels, read files, rename
keys), which for a long conversation cost more than translating it. The translator's
payload is plain JSON already, checked against the SDKs' request types by the translate
tests, so that walk could change nothing; the reply still streams through the SDK.

The SDK of a protocol is imported inside `stream`, so nothing pays for it before a send.
"""

from __future__ import annotations

import importlib
import json
import threading
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Protocol, cast

from store.sending.events import Delta, Finished
from store.sending.providers import Provider

_MODULES = {
    "anthropic-messages": "store.sending.protocols.anthropic",
    "openai-responses": "store.sending.protocols.openai_responses",
    "openai-chat": "store.sending.protocols.openai_chat",
    "gemini": "store.sending.protocols.gemini",
}


@dataclass(frozen=True, slots=True)
class Call:
    """Everything a protocol needs to send one request."""

    provider: Provider
    key: str | None
    model: str
    payload: dict[str, Any]
    timeout: float
    # Ask for reasoning (thinking, summaries, thoughts) where the model offers it.
    reasoning: bool = True
    # The provider's [providers.<name>] table, for protocol settings (max_tokens...).
    settings: dict[str, Any] = field(default_factory=dict)


class Cancel:
    """A cancel handle shared by the caller's thread and the sending thread."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._closers: list[Callable[[], object]] = []

    @property
    def requested(self) -> bool:
        return self._event.is_set()

    def on_cancel(self, close: Callable[[], object]) -> None:
        """Call `close` on cancel (at once if already cancelled): it ends a blocked read."""
        with self._lock:
            if not self._event.is_set():
                self._closers.append(close)
                return
        _quietly(close)

    def cancel(self) -> None:
        with self._lock:
            self._event.set()
            closers, self._closers = self._closers, []
        for close in closers:
            _quietly(close)


def _quietly(close: Callable[[], object]) -> None:
    # Closing a stream another thread is reading may raise there or here; either way
    # the read ends, which is all a cancel needs.
    try:
        close()
    except Exception:  # noqa: BLE001
        return


class WireProtocol(Protocol):
    def user_message(self, text: str) -> dict[str, Any]: ...

    def with_message(self, payload: dict[str, Any], message: dict[str, Any]) -> dict[str, Any]: ...

    def stream(self, call: Call, cancel: Cancel) -> Generator[Delta | Finished, None, None]: ...


def protocol_module(name: str) -> WireProtocol:
    module: ModuleType = importlib.import_module(_MODULES[name])
    return cast(WireProtocol, module)


def setting(call: Call, name: str, default: Any) -> Any:
    value = call.settings.get(name, default)
    return value if isinstance(value, type(default)) else default


# The SDKs' own JSON settings (compact, UTF-8, no NaN), so the bytes are the ones they would
# write. No cycle check: a body built from JSON has no cycles, and the check costs a lookup
# per container of a body that may hold tens of thousands.
_ENCODER = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), allow_nan=False, check_circular=False
)


def json_body(body: dict[str, Any]) -> bytes:
    """The request body as sent."""
    return _ENCODER.encode(body).encode()


def openai_client(call: Call) -> Any:
    """The OpenAI SDK client both OpenAI protocols use; the SDK loads on the first send."""
    import openai

    # SDK retries are off (see the README): a failure is reported at once; the SDK insists
    # on a key, which a local server that takes none ignores.
    return openai.OpenAI(
        api_key=call.key or "none",
        base_url=call.provider.base_url,
        timeout=call.timeout,
        max_retries=0,
    )


def openai_post_stream(
    call: Call, path: str, body: dict[str, Any], cast_to: Any, event: Any
) -> Any:
    """The SDK's event stream for `body` posted to `path`, as `create(stream=True)` posts it,
    less its walk over the body (see above); used as a context manager."""
    import openai

    return openai_client(call).post(
        path,
        cast_to=cast_to,
        content=json_body(body),
        options={"security": {"bearer_auth": True}},
        stream=True,
        stream_cls=openai.Stream[event],
    )
