"""The one way messages reach the database.

Every writer (one message, many, an import, the extension of an import) goes through
`Writing._write`: validated rows, then in one transaction: place them (lock the
conversation and take its next free position, or create it), COPY them in batches, and
move the conversation's updated_at. The public methods only say where the messages go.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from sqlalchemy import Connection as SAConnection
from sqlalchemy import func, select, text

from store.base import StoreBase, first_line
from store.database import unavailable
from store.errors import ConversationNotFound, InvalidMessage
from store.models import Conversation, Message
from store.records import NewMessage, StoredMessage
from store.rows import BATCH, Row, as_uuid, prepare, prepared_batches

_COPY_SQL = (
    "COPY messages (conversation_id, position, role, provider, model, format,"
    " raw_message, content_text, metadata, created_at) FROM STDIN"
)

_TOUCH_SQL = """
UPDATE conversations SET updated_at = greatest(updated_at,
    (SELECT max(created_at) FROM messages WHERE conversation_id = :cid))
WHERE id = :cid
"""

_WRITTEN_SQL = """
SELECT id, created_at FROM messages
WHERE conversation_id = :cid AND position >= :position
ORDER BY position
"""


@dataclass(frozen=True, slots=True)
class Slot:
    """Where a write goes."""

    conversation_id: uuid.UUID
    # The position the first written message takes.
    position: int
    # How many of the given rows are already stored and are skipped (an extended import).
    skip: int = 0
    # Move updated_at to the newest message afterwards; an import that set the final
    # update time when it created the conversation need not.
    touch: bool = True


# Called inside the write's transaction; None writes nothing.
Place = Callable[[SAConnection], Slot | None]
# Called inside the write's transaction once the messages are in: what else belongs with
# them (an import's attachments). Given the slot and how many messages were written.
After = Callable[[SAConnection, Slot, int], None]


@dataclass(frozen=True, slots=True)
class Written:
    conversation_id: uuid.UUID | None
    count: int = 0
    # (id, created_at) of each written message, when asked for.
    rows: tuple[tuple[uuid.UUID, datetime], ...] = ()
    # The position of the first written message.
    position: int = 0


class Writing(StoreBase):
    def save_message(
        self,
        conversation_id: uuid.UUID | str,
        raw: dict[str, Any],
        provider: str,
        model: str,
        *,
        format: str,
        role: str | None = None,
        metadata: dict[str, Any] | None = None,
        created_at: datetime | None = None,
    ) -> StoredMessage:
        """Append one message to the conversation."""
        cid = as_uuid(conversation_id)
        row = prepare(
            NewMessage(raw, provider, model, format, role, metadata, created_at), index=None
        )
        written = self._write([[row]], self._append_to(cid, conversation_id), returning=True)
        (message_id, stored_at), *_ = written.rows
        return StoredMessage(
            id=message_id,
            conversation_id=cid,
            position=written.position,
            role=row.role,
            provider=row.provider,
            model=row.model,
            format=row.format,
            raw=raw,
            metadata=metadata,
            created_at=stored_at,
        )

    def save_messages(
        self,
        conversation_id: uuid.UUID | str,
        messages: Iterable[NewMessage | Mapping[str, Any]],
    ) -> int:
        """Append many messages in one transaction. Returns how many were saved."""
        cid = as_uuid(conversation_id)
        place = self._append_to(cid, conversation_id)
        return self._write(prepared_batches(messages), place).count

    def _write(
        self,
        batches: Iterable[Sequence[Row]],
        place: Place,
        *,
        returning: bool = False,
        after: After | None = None,
    ) -> Written:
        """The write path: place, COPY, touch, all in one transaction.

        `batches` may be lazy: validation of a later batch can still refuse the whole write,
        which then rolls back.
        """
        with self._tx() as conn:
            slot = place(conn)
            if slot is None:
                return Written(None)
            now = _Now(conn)
            count = 0
            skip = slot.skip
            for batch in batches:
                rows = batch[skip:] if skip else batch
                skip = max(0, skip - len(batch))
                for start in range(0, len(rows), BATCH):
                    chunk = rows[start : start + BATCH]
                    _copy(conn, slot.conversation_id, slot.position + count, chunk, now)
                    count += len(chunk)
            if after is not None and count:
                after(conn, slot, count)
            # A message without a time took the database's clock, which may be later than
            # the update time an import set.
            if count and (slot.touch or now.asked):
                conn.execute(text(_TOUCH_SQL), {"cid": slot.conversation_id})
            written: tuple[tuple[uuid.UUID, datetime], ...] = ()
            if returning and count:
                written = tuple(
                    (r.id, r.created_at)
                    for r in conn.execute(
                        text(_WRITTEN_SQL),
                        {"cid": slot.conversation_id, "position": slot.position},
                    )
                )
        return Written(slot.conversation_id, count, written, slot.position)

    @staticmethod
    def _append_to(cid: uuid.UUID, given: uuid.UUID | str) -> Place:
        """Placement at the end of an existing conversation that is not in the trash."""

        def place(conn: SAConnection) -> Slot:
            return Slot(cid, lock_for_append(conn, cid, given))

        return place


def lock_for_append(conn: SAConnection, cid: uuid.UUID, given: uuid.UUID | str) -> int:
    """Lock the conversation row and return the next free position.

    The row lock serialises writers to one conversation; the position is read by a later
    statement, so it sees whatever the previous writer committed.
    """
    state = conn.execute(
        select(Conversation.deleted_at).where(Conversation.id == cid).with_for_update()
    ).one_or_none()
    if state is None or state.deleted_at is not None:
        raise ConversationNotFound(given)
    position: int = conn.execute(
        select(func.coalesce(func.max(Message.position) + 1, 0)).where(
            Message.conversation_id == cid
        )
    ).scalar_one()
    return position


class _Now:
    """The transaction's now(), asked of the database only if a message has no time."""

    def __init__(self, conn: SAConnection) -> None:
        self._conn = conn
        self._value: datetime | None = None

    @property
    def asked(self) -> bool:
        return self._value is not None

    def __call__(self) -> datetime:
        if self._value is None:
            self._value = self._conn.execute(text("select now()")).scalar_one()
        return self._value


def _copy(
    conn: SAConnection, cid: uuid.UUID, position: int, rows: Sequence[Row], now: _Now
) -> None:
    """COPY prepared rows into the conversation from `position` on."""
    driver = conn.connection.driver_connection
    if driver is None:
        raise unavailable(RuntimeError("the database connection was closed"))
    # Asked before the COPY starts: no other statement can run on the connection during it.
    fallback = now() if any(row.created_at is None for row in rows) else None
    try:
        with driver.cursor() as cur, cur.copy(_COPY_SQL) as copy:
            for offset, row in enumerate(rows):
                copy.write_row(
                    (
                        cid,
                        position + offset,
                        row.role,
                        row.provider,
                        row.model,
                        row.format,
                        row.raw_json,
                        row.content_text,
                        row.metadata_json,
                        row.created_at or fallback,
                    )
                )
    except psycopg.OperationalError as exc:
        raise unavailable(exc) from None
    except psycopg.Error as exc:
        raise InvalidMessage(f"a message was refused by the database: {first_line(exc)}") from None
