"""Attachments: files that belong to a message, their bytes kept in `blobs` (store/blobs.py)."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from store.base import StoreBase
from store.blobs import read_blob
from store.errors import AttachmentUnavailable, InvalidMessage
from store.models import ATTACHMENT_TYPE_MAX, Attachment, Blob, Message
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
        stmt = (
            select(
                Attachment.id,
                Attachment.message_id,
                Attachment.type,
                Attachment.metadata_.label("metadata"),
                Attachment.created_at,
                Attachment.blob_sha256,
                Blob.size,
                Blob.media_type,
            )
            .outerjoin(Blob, Blob.sha256 == Attachment.blob_sha256)
            .order_by(Attachment.created_at, Attachment.id)
        )
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
            AttachmentRecord(
                a.id,
                a.message_id,
                a.type,
                a.metadata,
                a.created_at,
                a.blob_sha256,
                a.size,
                a.media_type,
            )
            for a in rows
        ]

    def attachment_bytes(self, attachment_id: uuid.UUID | str) -> bytes:
        """The attachment's bytes; AttachmentUnavailable if only its name was imported."""
        return b"".join(self.attachment_chunks(attachment_id))

    def attachment_chunks(self, attachment_id: uuid.UUID | str) -> Iterator[bytes]:
        """The attachment's bytes in chunks of a few MB, read in one transaction."""
        with self._tx() as conn:
            found = conn.execute(
                select(Attachment.blob_sha256, Attachment.metadata_.label("metadata"), Blob.size)
                .outerjoin(Blob, Blob.sha256 == Attachment.blob_sha256)
                .where(Attachment.id == as_uuid(attachment_id))
            ).one_or_none()
            if found is None:
                raise AttachmentUnavailable(f"no attachment with id {attachment_id}")
            if found.blob_sha256 is None:
                why = (found.metadata or {}).get("note") or "its bytes were not imported"
                raise AttachmentUnavailable(f"the attachment has no stored bytes: {why}")
            yield from read_blob(conn, found.blob_sha256, found.size)

    def save_attachment(self, attachment_id: uuid.UUID | str, path: str | Path) -> Path:
        """Write the attachment's bytes to `path`, whole or not at all; return the path."""
        target = Path(path)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        try:
            with os.fdopen(handle, "wb") as out:
                for chunk in self.attachment_chunks(attachment_id):
                    out.write(chunk)
            Path(temporary).replace(target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return target
