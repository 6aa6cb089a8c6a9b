"""Imports: a conversation and all its messages at once, and the extension of one stored
by an earlier import of the same source."""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection as SAConnection
from sqlalchemy import text

from store.records import MAX_ATTACHMENT_BYTES, ImportOutcome, NewAttachment, NewMessage
from store.rows import Row, aware, json_object, prepared_batches
from store.titles import clean_title
from store.writing import Slot, Writing, Written

_CREATE_SQL = """
INSERT INTO conversations (title, metadata, created_at, updated_at)
VALUES (:title, cast(:metadata AS jsonb),
        coalesce(cast(:created_at AS timestamptz), now()),
        coalesce(cast(:updated_at AS timestamptz), now()))
ON CONFLICT ((metadata ->> 'source_id')) WHERE metadata ? 'source_id' DO NOTHING
RETURNING id
"""

# The stored conversation a source id names, locked: a concurrent import of the same
# source waits, then sees what this one appended.
_SOURCE_SQL = """
SELECT id, deleted_at FROM conversations
WHERE (metadata ->> 'source_id') = :sid AND metadata ? 'source_id'
FOR UPDATE
"""

# A message's id in its source: ChatGPT nodes and most payloads say `id`, Claude
# exports `uuid`; sources whose messages carry none put `source_message_id` in the
# message's metadata. Kept in step with `store.rows.identity`.
IDENTITIES_SQL = """
SELECT coalesce(raw_message ->> 'id', raw_message ->> 'uuid',
                metadata ->> 'source_message_id')
FROM messages WHERE conversation_id = :cid ORDER BY position
"""

_MERGE_METADATA_SQL = (
    "UPDATE conversations SET metadata = metadata || cast(:meta AS jsonb) WHERE id = :cid"
)

_NOT_AN_APPEND = (
    "it changed in a way that is not an append (an earlier message edited or regenerated, "
    "or messages added here); kept as first imported"
)


class Importing(Writing):
    def import_conversation(
        self,
        messages: Iterable[NewMessage | Mapping[str, Any]],
        *,
        title: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        created_at: datetime | None = None,
        updated_at: datetime | None = None,
    ) -> uuid.UUID | None:
        """Create a conversation and all its messages in one transaction, for importers.

        When `metadata["source_id"]` is already stored, nothing is written and None is
        returned: re-importing the same source adds nothing.
        """
        outcome = self._import(messages, title, metadata, created_at, updated_at, extend=False)
        return outcome.conversation_id if outcome.created else None

    def import_or_extend(
        self,
        messages: Iterable[NewMessage | Mapping[str, Any]],
        *,
        title: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        created_at: datetime | None = None,
        updated_at: datetime | None = None,
        attachments: Sequence[NewAttachment] = (),
        max_attachment_bytes: int = MAX_ATTACHMENT_BYTES,
    ) -> ImportOutcome:
        """`import_conversation`, and when the source is already stored, bring it up to date.

        `attachments` are written with the messages they belong to, in the same
        transaction: their bytes once per content (see `store.blobs`), or, for one the
        source names without its bytes or one over `max_attachment_bytes`, a row whose
        metadata says why. Those of messages stored by an earlier import are left alone.

        A conversation continued since it was exported last comes back with the same
        source id and more messages. When the stored messages are, by their ids in the
        source, the start of the new ones, the rest is appended and the conversation's
        import metadata refreshed (its title and the app's own keys are kept). Anything
        else (an edited or regenerated earlier turn, messages added here, a conversation
        in the trash) is left as it is, and the outcome says why.
        """
        return self._import(
            messages,
            title,
            metadata,
            created_at,
            updated_at,
            extend=True,
            attachments=_Attaching(attachments, max_attachment_bytes) if attachments else None,
        )

    def _import(
        self,
        messages: Iterable[NewMessage | Mapping[str, Any]],
        title: str | None,
        metadata: Mapping[str, Any] | None,
        created_at: datetime | None,
        updated_at: datetime | None,
        *,
        extend: bool,
        attachments: _Attaching | None = None,
    ) -> ImportOutcome:
        # Validated in full before anything is sent, so the conversation row can carry its
        # final update time and the write is the fewest round trips.
        rows = [row for batch in prepared_batches(messages) for row in batch]
        times = [row.created_at for row in rows if row.created_at is not None]
        newest = max(times) if rows and len(times) == len(rows) else None
        updated = updated_at or created_at
        if newest is not None and (updated is None or aware(updated) < newest):
            updated = newest
        meta = json_object(metadata, "conversation metadata")
        placement = _Placement(
            rows,
            {
                "title": clean_title(title) if title is not None else None,
                "metadata": json.dumps(meta, ensure_ascii=False),
                "created_at": aware(created_at) if created_at is not None else None,
                "updated_at": aware(updated) if updated is not None else None,
            },
            source_id=meta.get("source_id"),
            extend=extend,
        )
        outcome = placement.outcome(self._write([rows], placement, after=attachments))
        if attachments is None:
            return outcome
        return dataclasses.replace(
            outcome,
            attachments=attachments.written.stored,
            attachment_notes=tuple(attachments.written.notes),
        )


class _Attaching:
    """Writes an import's attachments once its messages are in (see `Writing._write`)."""

    def __init__(self, items: Sequence[NewAttachment], max_bytes: int) -> None:
        from store.blobs import AttachmentsWritten

        self._items = items
        self._max_bytes = max_bytes
        self.written = AttachmentsWritten()

    def __call__(self, conn: SAConnection, slot: Slot, count: int) -> None:
        from store.blobs import write_attachments

        ids = list(
            conn.execute(
                text(
                    "SELECT id FROM messages WHERE conversation_id = :cid "
                    "AND position >= :p ORDER BY position"
                ),
                {"cid": slot.conversation_id, "p": slot.position},
            ).scalars()
        )
        self.written = write_attachments(conn, ids, self._items, self._max_bytes, slot.skip)


class _Placement:
    """Where an import's messages go: a new conversation, or the end of the one stored
    from the same source. Remembers what it decided, for the outcome."""

    def __init__(
        self, rows: list[Row], values: dict[str, Any], *, source_id: Any, extend: bool
    ) -> None:
        self._rows = rows
        self._values = values
        self._source_id = source_id
        self._extend = extend
        self._created = False
        self._existing: uuid.UUID | None = None
        self._unmerged: str | None = None

    def __call__(self, conn: SAConnection) -> Slot | None:
        cid = conn.execute(text(_CREATE_SQL), self._values).scalar_one_or_none()
        if cid is not None:
            self._created = True
            # The row already carries the newest message's time.
            return Slot(cid, 0, touch=False)
        if not self._extend:
            return None
        existing = conn.execute(text(_SOURCE_SQL), {"sid": self._source_id}).one_or_none()
        if existing is None:
            return None  # purged while this import ran
        self._existing = existing.id
        if existing.deleted_at is not None:
            self._unmerged = "it is in the trash"
            return None
        stored = list(conn.execute(text(IDENTITIES_SQL), {"cid": existing.id}).scalars())
        incoming = [row.identity for row in self._rows]
        if len(incoming) <= len(stored) and incoming == stored[: len(incoming)]:
            return None  # nothing new
        if None in stored or incoming[: len(stored)] != stored:
            self._unmerged = _NOT_AN_APPEND
            return None
        conn.execute(
            text(_MERGE_METADATA_SQL), {"cid": existing.id, "meta": self._values["metadata"]}
        )
        return Slot(existing.id, len(stored), skip=len(stored))

    def outcome(self, written: Written) -> ImportOutcome:
        written_to = written.conversation_id
        return ImportOutcome(
            written_to if written_to is not None else self._existing,
            created=self._created,
            added=written.count,
            unmerged=self._unmerged,
        )
