"""The schema of DESIGN §2 as typed SQLAlchemy models.

Alembic migrations in `store/migrations` create it; a test checks the two never drift.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Computed,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Text search configuration for messages and titles. English stemming lets "running" find
# "run"; words of other languages are still indexed, only without stemming.
TS_CONFIG = "english"
# to_tsvector refuses values whose vector exceeds 1 MB; only this many leading characters
# of a message are indexed, which keeps every vector well under that limit.
INDEXED_CHARS = 200_000

TITLE_MAX = 255
ROLE_MAX = 20
PROVIDER_MAX = 50
MODEL_MAX = 100
FORMAT_MAX = 50
ATTACHMENT_TYPE_MAX = 50
MEDIA_TYPE_MAX = 255
SHA256_HEX = 64

_TZ = DateTime(timezone=True)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSONB}  # noqa: RUF012 - SQLAlchemy reads it as a class attribute


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )
    title: Mapped[str | None] = mapped_column(String(TITLE_MAX))
    created_at: Mapped[datetime] = mapped_column(_TZ, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(_TZ, server_default=func.now())
    metadata_: Mapped[dict[str, Any]] = mapped_column(
        "metadata", JSONB, server_default=text("'{}'::jsonb")
    )
    deleted_at: Mapped[datetime | None] = mapped_column(_TZ)

    __table_args__ = (
        # The list is ordered by last update, newest first; keyset pages walk this index.
        Index("ix_conversations_updated_at_id", updated_at.desc(), "id"),
        Index(
            "ix_conversations_title_search",
            func.to_tsvector(text(f"'{TS_CONFIG}'"), func.coalesce(title, "")),
            postgresql_using="gin",
        ),
        # Search skips the trash by this small index rather than by joining every row.
        Index("ix_conversations_deleted", "id", postgresql_where=text("deleted_at IS NOT NULL")),
        # Imports are idempotent: a source conversation is stored at most once.
        Index(
            "uq_conversations_source_id",
            text("(metadata ->> 'source_id')"),
            unique=True,
            postgresql_where=text("metadata ? 'source_id'"),
        ),
    )


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )
    conversation_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("conversations.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(ROLE_MAX))
    provider: Mapped[str] = mapped_column(String(PROVIDER_MAX))
    model: Mapped[str] = mapped_column(String(MODEL_MAX))
    format: Mapped[str] = mapped_column(String(FORMAT_MAX))
    raw_message: Mapped[dict[str, Any]] = mapped_column(JSONB)
    content_text: Mapped[str | None] = mapped_column(Text)
    metadata_: Mapped[dict[str, Any] | None] = mapped_column("metadata", JSONB)
    created_at: Mapped[datetime] = mapped_column(_TZ, server_default=func.now())
    # The stored form of "a GIN index over content_text": ranking and the recency walk of
    # frequent words read this vector instead of re-parsing every matching message.
    # Migration 0002 gives it MAIN storage and a statistics target of 1000.
    search_vector: Mapped[str | None] = mapped_column(
        TSVECTOR,
        Computed(
            f"to_tsvector('{TS_CONFIG}'::regconfig, "
            f"left(coalesce(content_text, ''), {INDEXED_CHARS}))",
            persisted=True,
        ),
    )

    __table_args__ = (
        UniqueConstraint("conversation_id", "position", name="uq_messages_conversation_position"),
        Index("ix_messages_conversation_created", "conversation_id", "created_at"),
        Index("ix_messages_provider", "provider"),
        Index("ix_messages_search", "search_vector", postgresql_using="gin"),
        # Search walks frequent words newest first instead of ranking every match.
        Index("ix_messages_created_at", "created_at"),
        # The list shows providers and models per conversation from the index alone,
        # without reading a message row.
        Index(
            "ix_messages_conversation_summary",
            "conversation_id",
            postgresql_include=["provider", "model"],
        ),
    )


class Attachment(Base):
    __tablename__ = "attachments"

    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), primary_key=True, server_default=text("gen_random_uuid()")
    )
    message_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("messages.id", ondelete="CASCADE")
    )
    type: Mapped[str] = mapped_column(String(ATTACHMENT_TYPE_MAX))
    metadata_: Mapped[dict[str, Any]] = mapped_column("metadata", JSONB)
    created_at: Mapped[datetime] = mapped_column(_TZ, server_default=func.now())
    # The bytes, when they were imported; an attachment the source named but did not carry
    # (missing from the zip, over the size limit) has none and says why in its metadata.
    blob_sha256: Mapped[str | None] = mapped_column(
        String(SHA256_HEX), ForeignKey("blobs.sha256", ondelete="RESTRICT")
    )

    __table_args__ = (
        Index("ix_attachments_message_id", "message_id"),
        # Purging blobs no attachment refers to looks attachments up by blob.
        Index("ix_attachments_blob_sha256", "blob_sha256"),
    )


class Blob(Base):
    """Attachment bytes, stored once however many attachments share them (migration 0003).

    In the database rather than beside it, so that `db backup` and a remote Postgres
    carry them.
    """

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(SHA256_HEX), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str | None] = mapped_column(String(MEDIA_TYPE_MAX))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(_TZ, server_default=func.now())
