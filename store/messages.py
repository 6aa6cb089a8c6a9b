"""Reading a conversation's raw messages."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from store.base import StoreBase
from store.errors import ConversationNotFound
from store.models import Conversation, Message
from store.records import StoredMessage
from store.rows import as_uuid


class Messages(StoreBase):
    def load_messages(
        self,
        conversation_id: uuid.UUID | str,
        *,
        start: int = 0,
        limit: int | None = None,
    ) -> list[StoredMessage]:
        """The raw messages in position order, optionally a window of them."""
        cid = as_uuid(conversation_id)
        stmt = (
            select(
                Message.id,
                Message.position,
                Message.role,
                Message.provider,
                Message.model,
                Message.format,
                Message.raw_message,
                Message.metadata_.label("metadata"),
                Message.created_at,
            )
            .where(Message.conversation_id == cid, Message.position >= start)
            .order_by(Message.position)
        )
        if limit is not None:
            stmt = stmt.limit(limit)
        with self._tx() as conn:
            exists = conn.execute(select(Conversation.id).where(Conversation.id == cid)).first()
            if exists is None:
                raise ConversationNotFound(conversation_id)
            rows = conn.execute(stmt).all()
        return [
            StoredMessage(
                id=r.id,
                conversation_id=cid,
                position=r.position,
                role=r.role,
                provider=r.provider,
                model=r.model,
                format=r.format,
                raw=r.raw_message,
                metadata=r.metadata,
                created_at=r.created_at,
            )
            for r in rows
        ]
