"""What a send yields while it runs: deltas to show, then one end (Done, Failed, Cancelled).

Plain frozen records, safe to hand from a worker thread to the UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from store.records import StoredMessage
from store.sending.errors import SendError


@dataclass(frozen=True, slots=True)
class TextDelta:
    text: str


@dataclass(frozen=True, slots=True)
class ReasoningDelta:
    """Reasoning as the provider shows it (thinking, a summary, thought text)."""

    text: str


@dataclass(frozen=True, slots=True)
class ToolCall:
    """A complete tool call in the reply (threadkeep runs no tools; the call is kept)."""

    id: str
    name: str
    arguments: str


@dataclass(frozen=True, slots=True)
class Finished:
    """The end of a protocol's stream: the provider's message as the stream assembles it."""

    raw: dict[str, Any]
    model: str
    usage: dict[str, Any] | None
    stop_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Done:
    """The reply completed and both messages are stored."""

    user: StoredMessage
    reply: StoredMessage
    usage: dict[str, Any] | None
    latency_ms: int


@dataclass(frozen=True, slots=True)
class Failed:
    """Nothing was stored; the draft is still the caller's."""

    error: SendError


@dataclass(frozen=True, slots=True)
class Cancelled:
    """Stopped by cancel(); nothing was stored."""


Delta = TextDelta | ReasoningDelta | ToolCall
Event = TextDelta | ReasoningDelta | ToolCall | Done | Failed | Cancelled
