"""The last step every export source shares: its conversation's key, title and times."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from store.importers.common import content_hash, title_or_none
from store.importers.first_prompt import title_from_rows
from store.importers.records import Conversation
from store.records import NewMessage


def source_key(source: str, own_id: Any, fallback: Iterable[Any]) -> str:
    """`source:<its own id>`, or a hash of `fallback` for an export that names none, so that
    importing the same file again finds the same conversation.
    """
    if isinstance(own_id, str) and own_id:
        return f"{source}:{own_id}"
    return f"{source}:sha:{content_hash(fallback)}"


def conversation(
    source_id: str,
    title: Any,
    rows: Sequence[NewMessage],
    metadata: dict[str, Any],
    *,
    notes: Sequence[str] = (),
    created: datetime | None = None,
    updated: datetime | None = None,
) -> Conversation:
    """The conversation, titled by its export or else by its first prompt. Its times are the
    export's own where it has them, else the span of its messages' times.
    """
    if notes:
        metadata["notes"] = list(notes)
    known = [r.created_at for r in rows if r.created_at is not None]
    return Conversation(
        source_id=source_id,
        title=title_or_none(title) or title_from_rows(rows),
        messages=list(rows),
        metadata=metadata,
        created_at=created or min(known, default=None),
        updated_at=max([t for t in (updated, *known) if t is not None], default=None),
    )
