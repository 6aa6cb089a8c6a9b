"""Attachments: typed metadata about files that belong to a message."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from store.base import StoreBase
from store.errors import InvalidMessage
from store.models import ATTACHMENT_TYPE_MAX, Attachment, Message
from store.records import AttachmentRecord
from store.rows import as_uuid, json_object


class Attachments(StoreBase):
    def add_attachment(
        self, message_id: uuid.UUID | str, type: str, metadata: Mapping[str, Any]
    ) -> AttachmentRecord:
        mid = as_uuid(message_id)
        if not isinstance(type, str) or not type.strip() or len(type) > ATTACHMENT_TYPE_MAX:
            raise InvalidMessage(
                f"an attachment type must be 1 to {ATTACHMENT_TYPE_MAX} characters"
            )
        meta = json_object(metadata, "attachment metadata")
        with self._tx() as conn:
            try:
                row = conn.execute(
                    insert(Attachment)
                    .values(message_id=mid, type=type.strip(), metadata_=meta)
                    .returning(Attachment.id, Attachment.created_at)
                ).one()
            except IntegrityError:
                raise InvalidMessage(f"no message with id {message_id}") from None
        return AttachmentRecord(row.id, mid, type.strip(), meta, row.created_at)

    def list_attachments(
        self,
        message_id: uuid.UUID | str | None = None,
        *,
        conversation_id: uuid.UUID | str | None = None,
    ) -> list[AttachmentRecord]:
        """Attachments of one message, or of every message in a conversation."""
        stmt = select(
            Attachment.id,
            Attachment.message_id,
            Attachment.type,
            Attachment.metadata_.label("metadata"),
            Attachment.created_at,
        ).order_by(Attachment.created_at, Attachment.id)
        if message_id is not None:
            stmt = stmt.where(Attachment.message_id == as_uuid(message_id))
        elif conversation_id is not None:
            stmt = stmt.join(Message, Message.id == Attachment.message_id).where(
                Message.conversation_id == as_uuid(conversation_id)
            )
        else:
            raise TypeError("list_attachments needs a message_id or a conversation_id")
        with self._tx() as conn:
            rows = conn.execute(stmt).all()
        return [
            AttachmentRecord(a.id, a.message_id, a.type, a.metadata, a.created_at) for a in rows
        ]
