"""What importers produce and what an import reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from store.records import NewMessage


@dataclass(frozen=True, slots=True)
class AttachmentRef:
    """An attachment a conversation names, before its bytes are found.

    ChatGPT names files by id (`file_id`), found among the export's other files when the
    conversation is written; a Claude export carries extracted text (`text`) or only a
    name (`note` says so).
    """

    message_index: int
    type: str
    metadata: dict[str, Any]
    media_type: str | None = None
    file_id: str | None = None
    text: str | None = None
    note: str | None = None


@dataclass(slots=True)
class Conversation:
    """One conversation, converted and ready for `Store.import_conversation`."""

    source_id: str
    title: str | None
    messages: list[NewMessage]
    metadata: dict[str, Any]
    created_at: datetime | None = None
    updated_at: datetime | None = None
    attachments: list[AttachmentRef] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A conversation with nothing to import (an empty Claude chat), noted in the summary."""

    label: str
    reason: str


@dataclass(frozen=True, slots=True)
class Failed:
    """A conversation that could not be converted or stored; the others go on."""

    label: str
    reason: str


@dataclass(frozen=True, slots=True)
class PassedOver:
    """A file in a directory or archive that was not imported, and why.

    `plain` marks files that are plainly not conversations (images, HTML, binary data):
    the summary counts those by kind instead of listing each.
    """

    label: str
    reason: str
    plain: bool = False


@dataclass(frozen=True, slots=True)
class ImportOptions:
    # Forces one input format instead of detecting it (a name of `FORCEABLE`).
    format: str | None = None
    # Used where the source does not say (AI SDK messages, raw messages without `model`).
    provider: str | None = None
    model: str | None = None
    # A single conversation (one item of the top-level array) larger than this is refused.
    max_conversation_bytes: int = 128 * 1024 * 1024
    # An attachment larger than this is not stored; its message imports with a note.
    max_attachment_bytes: int = 64 * 1024 * 1024


@dataclass(slots=True)
class FileReport:
    name: str
    conversations: int = 0
    messages: int = 0
    # Conversations already stored that gained new messages.
    updated: int = 0
    duplicates: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    # Already stored, changed since, and left as they were (with the reason).
    unmerged: list[Skipped] = field(default_factory=list)
    failed: list[Failed] = field(default_factory=list)
    # Files or archive members found beside the conversations and not imported, with why.
    passed: list[PassedOver] = field(default_factory=list)
    # Attachments stored, and those named but not stored (with why).
    attachments: int = 0
    attachment_notes: list[Skipped] = field(default_factory=list)
    # Set when the file as a whole could not be (fully) read.
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and not self.failed


@dataclass(slots=True)
class ImportSummary:
    files: list[FileReport] = field(default_factory=list)

    @property
    def conversations(self) -> int:
        return sum(f.conversations for f in self.files)

    @property
    def messages(self) -> int:
        return sum(f.messages for f in self.files)

    @property
    def updated(self) -> int:
        return sum(f.updated for f in self.files)

    @property
    def duplicates(self) -> int:
        return sum(f.duplicates for f in self.files)

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.files)
