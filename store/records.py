"""What the store hands back: plain frozen records, safe to pass between threads."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

# The list's records live apart, so that the first paint imports only them; they are part
# of this module's API all the same.
from store.summary import ConversationSummary as ConversationSummary
from store.summary import Cursor as Cursor

if TYPE_CHECKING:
    from translate import Report, Target


@dataclass(frozen=True, slots=True)
class NewMessage:
    """One message to save through the bulk path."""

    raw: dict[str, Any]
    provider: str
    model: str
    format: str
    role: str | None = None
    metadata: dict[str, Any] | None = None
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class StoredMessage:
    id: uuid.UUID
    conversation_id: uuid.UUID
    position: int
    role: str
    provider: str
    model: str
    format: str
    raw: dict[str, Any]
    metadata: dict[str, Any] | None
    created_at: datetime

    @property
    def hidden(self) -> bool:
        return bool(self.metadata and self.metadata.get("hidden"))


@dataclass(frozen=True, slots=True)
class SearchHit:
    conversation_id: uuid.UUID
    title: str | None
    # None when the title itself matched.
    message_id: uuid.UUID | None
    position: int | None
    role: str | None
    # Text around the match; highlighted stretches sit between HIGHLIGHT_START and _END.
    snippet: str
    rank: float
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ConversationHits:
    """Where a query matches inside one conversation."""

    # Positions of the matching messages, in conversation order.
    positions: tuple[int, ...]
    # The stems the query looks for (what a view highlights).
    stems: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What `Store.import_or_extend` did with one conversation."""

    # The stored conversation; None only if it vanished while the import ran.
    conversation_id: uuid.UUID | None
    # True when the conversation was new; False when its source was already stored.
    created: bool = False
    # Messages written: all of them when created, the new ones when extended.
    added: int = 0
    # Why an already stored conversation was left as it was, when that is worth saying.
    unmerged: str | None = None
    # Attachments whose bytes were stored (new or already there), and the notes of those
    # named but not stored (missing from the export, over the size limit, unreadable).
    attachments: int = 0
    attachment_notes: tuple[str, ...] = ()


class UnreadableAttachment(Exception):
    """Raised by a ByteSource whose bytes cannot be read (a damaged or bomb-like zip member);
    the attachment is then recorded with this one-line reason instead of its bytes."""


class ByteSource(Protocol):
    """What attachment bytes are read from: a file, or a zip member guarded against bombs."""

    def read(self, size: int = -1, /) -> bytes: ...

    def close(self) -> None: ...


# Attachments larger than this are refused by default (their message imports with a note).
MAX_ATTACHMENT_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class NewAttachment:
    """An attachment of a message being imported: its bytes, or why there are none.

    The bytes are given as `data` (small, e.g. text a Claude export extracted) or as
    `open`, a stream read at write time in chunks, so an import never holds a file whole.
    """

    # Index of the message in the import's messages.
    message_index: int
    # What it is: "image", "file" or "text".
    type: str
    # Shown and kept: name, media_type, size, the source's own ids.
    metadata: dict[str, Any]
    media_type: str | None = None
    data: bytes | None = None
    open: Callable[[], ByteSource] | None = None
    # Set when the source names the attachment but its bytes are not imported.
    note: str | None = None


@dataclass(frozen=True, slots=True)
class AttachmentRecord:
    id: uuid.UUID
    message_id: uuid.UUID
    type: str
    metadata: dict[str, Any]
    created_at: datetime
    # The stored bytes' key and size; None for an attachment named but not imported
    # (its metadata's `note` says why).
    sha256: str | None = None
    size: int | None = None
    media_type: str | None = None


@dataclass(frozen=True, slots=True)
class Counts:
    conversations: int
    messages: int
    deleted: int
    attachments: int


@dataclass(frozen=True, slots=True)
class Translation:
    """A conversation as one provider would receive it."""

    view: str
    # None for the original view, which is not translated.
    target: Target | None
    # The request payload (for the original view: the raw messages, untouched).
    payload: Any
    report: Report | None
    # The stored messages it was made from; report entries index into this tuple.
    messages: tuple[StoredMessage, ...]
