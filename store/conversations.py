"""Conversations: create, find, list, rename, and the trash (delete, restore, purge)."""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.exc import DBAPIError

from store import search as search_module
from store.base import StoreBase, bad_data
from store.blobs import purge_unreferenced_blobs
from store.errors import AmbiguousConversationId, ConversationNotFound
from store.models import TS_CONFIG, Conversation
from store.records import ConversationSummary, Counts, Cursor
from store.rows import as_uuid, aware, json_object
from store.titles import clean_title, preview


class Conversations(StoreBase):
    def create_conversation(
        self,
        title: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        *,
        created_at: datetime | None = None,
        updated_at: datetime | None = None,
    ) -> uuid.UUID:
        values: dict[str, Any] = {
            "title": clean_title(title) if title is not None else None,
            "metadata_": json_object(metadata, "conversation metadata"),
        }
        if created_at is not None:
            values["created_at"] = aware(created_at)
        # A conversation created in the past was last updated then, unless told otherwise.
        updated = updated_at or created_at
        if updated is not None:
            values["updated_at"] = aware(updated)
        with self._tx() as conn:
            try:
                return conn.execute(
                    insert(Conversation).values(**values).returning(Conversation.id)
                ).scalar_one()
            except DBAPIError as exc:
                raise bad_data(exc, "conversation") from None

    def get_conversation(self, conversation_id: uuid.UUID | str) -> ConversationSummary:
        cid = as_uuid(conversation_id)
        with self._tx() as conn:
            row = conn.execute(
                text(_SUMMARY_SQL.format(where="c.id = :cid", order="", limit="")),
                {"cid": cid},
            ).one_or_none()
            if row is None:
                raise ConversationNotFound(conversation_id)
            metadata = conn.execute(
                select(Conversation.metadata_).where(Conversation.id == cid)
            ).scalar_one()
        return _summary(row, metadata)

    def trashed_at(self, conversation_id: uuid.UUID | str) -> datetime | None:
        """When the conversation went to the trash (None if it is not there): one row read,
        where `get_conversation` also counts and lists its messages' providers."""
        with self._tx() as conn:
            row = conn.execute(
                select(Conversation.deleted_at).where(Conversation.id == as_uuid(conversation_id))
            ).one_or_none()
        if row is None:
            raise ConversationNotFound(conversation_id)
        return row.deleted_at

    def resolve_id(self, prefix: str) -> uuid.UUID:
        """The conversation whose id is `prefix` or starts with it (at least 4 characters)."""
        cleaned = prefix.strip().lower()
        if not cleaned:
            raise ConversationNotFound("''")
        with contextlib.suppress(ValueError):
            full = uuid.UUID(cleaned)
            self.get_conversation(full)
            return full
        if len(cleaned) < 4 or any(ch not in "0123456789abcdef-" for ch in cleaned):
            raise ConversationNotFound(prefix)
        with self._tx() as conn:
            rows = conn.execute(
                text("select id from conversations where id::text like :p limit 2"),
                {"p": cleaned + "%"},
            ).all()
        if not rows:
            raise ConversationNotFound(prefix)
        if len(rows) > 1:
            raise AmbiguousConversationId(
                f"the id prefix {prefix} matches more than one conversation; give more characters"
            )
        return rows[0].id

    def list_conversations(
        self,
        limit: int = 50,
        after: Cursor | None = None,
        query: str | None = None,
        include_deleted: bool = False,
        *,
        trash: bool = False,
        offset: int = 0,
    ) -> list[ConversationSummary]:
        """A keyset page, newest update first. `trash` lists only deleted conversations.

        `offset` skips that many rows after the cursor (or the top): how a list jumps to a
        page no cursor leads to, at the cost of walking the skipped index entries.
        """
        conditions = []
        params: dict[str, Any] = {
            "limit": max(1, min(int(limit), 1000)),
            "offset": max(0, int(offset)),
        }
        if trash:
            conditions.append("c.deleted_at IS NOT NULL")
        elif not include_deleted:
            conditions.append("c.deleted_at IS NULL")
        if after is not None:
            conditions.append(
                "c.updated_at <= :after_at AND (c.updated_at < :after_at OR c.id > :after_id)"
            )
            params |= {"after_at": after[0], "after_id": after[1]}
        with self._tx() as conn:
            if query and query.strip():
                tsq = search_module.compile_query(conn, query)
                if tsq is None:
                    return []
                conditions.append(
                    f"(to_tsvector('{TS_CONFIG}', coalesce(c.title, '')) @@ cast(:tsq AS tsquery)"
                    " OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id"
                    " AND m.search_vector @@ cast(:tsq AS tsquery)))"
                )
                params["tsq"] = tsq
            where = " AND ".join(conditions) or "true"
            sql = _SUMMARY_SQL.format(
                where=where,
                order="ORDER BY c.updated_at DESC, c.id",
                limit="LIMIT :limit OFFSET :offset",
            )
            return [_summary(row) for row in conn.execute(text(sql), params)]

    def count_conversations(self, *, trash: bool = False) -> int:
        condition = (
            Conversation.deleted_at.is_not(None) if trash else Conversation.deleted_at.is_(None)
        )
        with self._tx() as conn:
            return conn.execute(
                select(func.count()).select_from(Conversation).where(condition)
            ).scalar_one()

    def counts(self) -> Counts:
        with self._tx() as conn:
            row = conn.execute(
                text(
                    "select (select count(*) from conversations where deleted_at is null) as c,"
                    " (select count(*) from conversations where deleted_at is not null) as d,"
                    " (select count(*) from messages) as m,"
                    " (select count(*) from attachments) as a"
                )
            ).one()
        return Counts(conversations=row.c, messages=row.m, deleted=row.d, attachments=row.a)

    def rename(self, conversation_id: uuid.UUID | str, title: str) -> str:
        """Set a new title; return it as stored (stripped, control characters removed).

        A blank title clears it (stored NULL): the conversation is named automatically
        again, after its first prompt, and "" is returned. Renaming is not activity:
        updated_at, which orders the list, stays as it was.
        """
        cleaned = "" if isinstance(title, str) and _is_blank(title) else clean_title(title)
        self._update(conversation_id, title=cleaned or None)
        return cleaned

    def list_position(self, conversation_id: uuid.UUID | str, *, trash: bool = False) -> int | None:
        """Where a conversation sits in `list_conversations` order (0 = first), or None
        when it is not in that list (deleted, restored, or gone)."""
        cid = as_uuid(conversation_id)
        deleted = "IS NOT NULL" if trash else "IS NULL"
        with self._tx() as conn:
            return conn.execute(
                text(
                    "SELECT (SELECT count(*) FROM conversations o"
                    f" WHERE o.deleted_at {deleted} AND (o.updated_at > c.updated_at"
                    " OR (o.updated_at = c.updated_at AND o.id < c.id)))"
                    f" FROM conversations c WHERE c.id = :cid AND c.deleted_at {deleted}"
                ),
                {"cid": cid},
            ).scalar_one_or_none()

    def update_metadata(self, conversation_id: uuid.UUID | str, values: Mapping[str, Any]) -> None:
        """Merge `values` into the conversation's metadata (not a user-visible update)."""
        patch = json_object(values, "conversation metadata")
        cid = as_uuid(conversation_id)
        with self._tx() as conn:
            done = conn.execute(
                text(
                    "update conversations set metadata = metadata || cast(:patch as jsonb) "
                    "where id = :cid"
                ),
                {"patch": json.dumps(patch, ensure_ascii=False), "cid": cid},
            ).rowcount
        if not done:
            raise ConversationNotFound(conversation_id)

    def delete(self, conversation_id: uuid.UUID | str) -> None:
        """Move to the trash: undoable with restore()."""
        self._update(conversation_id, deleted_at=func.coalesce(Conversation.deleted_at, func.now()))

    def restore(self, conversation_id: uuid.UUID | str) -> None:
        self._update(conversation_id, deleted_at=None)

    def purge(self, conversation_id: uuid.UUID | str) -> None:
        """Delete for good, with every message and attachment."""
        cid = as_uuid(conversation_id)
        with self._tx() as conn:
            gone = conn.execute(delete(Conversation).where(Conversation.id == cid)).rowcount
            if gone:
                purge_unreferenced_blobs(conn)
        if not gone:
            raise ConversationNotFound(conversation_id)

    def purge_trash(self, older_than: timedelta = timedelta(0)) -> int:
        """Purge conversations that have been in the trash longer than `older_than`."""
        with self._tx() as conn:
            gone: int = conn.execute(
                delete(Conversation).where(
                    Conversation.deleted_at.is_not(None),
                    Conversation.deleted_at <= func.now() - older_than,
                )
            ).rowcount
            if gone:
                purge_unreferenced_blobs(conn)
            return gone

    def _update(self, conversation_id: uuid.UUID | str, **values: Any) -> None:
        cid = as_uuid(conversation_id)
        with self._tx() as conn:
            done = conn.execute(
                update(Conversation).where(Conversation.id == cid).values(**values)
            ).rowcount
        if not done:
            raise ConversationNotFound(conversation_id)


_SUMMARY_SQL = """
WITH page AS MATERIALIZED (
    SELECT c.id, c.title, c.created_at, c.updated_at, c.deleted_at
    FROM conversations c
    WHERE {where}
    {order}
    {limit}
)
SELECT page.*, s.n, s.providers, s.models,
       CASE WHEN page.title IS NULL THEN (
           SELECT left(m.content_text, 400) FROM messages m
           WHERE m.conversation_id = page.id AND m.role = 'user'
             AND coalesce(m.metadata ->> 'hidden', 'false') <> 'true'
           ORDER BY m.position LIMIT 1
       ) END AS first_prompt
FROM page
LEFT JOIN LATERAL (
    SELECT count(*) AS n,
           coalesce(array_agg(DISTINCT m.provider), '{{}}') AS providers,
           coalesce(array_agg(DISTINCT m.model), '{{}}') AS models
    FROM messages m WHERE m.conversation_id = page.id
) s ON true
ORDER BY page.updated_at DESC, page.id
"""


def _is_blank(title: str) -> bool:
    # Nothing a reader could see: only spaces, controls and invisible format characters.
    return not any(ch.isprintable() and not ch.isspace() for ch in title)


def _summary(row: Any, metadata: dict[str, Any] | None = None) -> ConversationSummary:
    return ConversationSummary(
        id=row.id,
        title=row.title,
        created_at=row.created_at,
        updated_at=row.updated_at,
        deleted_at=row.deleted_at,
        message_count=row.n or 0,
        providers=tuple(row.providers or ()),
        models=tuple(row.models or ()),
        preview=preview(row.first_prompt) if row.first_prompt else "",
        metadata=metadata or {},
    )
