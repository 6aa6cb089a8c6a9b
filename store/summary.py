"""The conversation list's records: what the first paint of the list needs, and nothing else
of `store.records` (whose other records it re-exports these with)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# Keyset position in the conversation list: (updated_at, id) of the last row seen.
Cursor = tuple[datetime, uuid.UUID]


@dataclass(frozen=True, slots=True)
class ConversationSummary:
    id: uuid.UUID
    title: str | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    message_count: int
    providers: tuple[str, ...]
    models: tuple[str, ...]
    # The first visible prompt, one line; shown when there is no title.
    preview: str = ""
    # Only filled by get_conversation: the list never reads metadata, which can be large.
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def display_title(self) -> str:
        return self.title or self.preview or "(untitled)"

    @property
    def cursor(self) -> Cursor:
        return (self.updated_at, self.id)
