"""Attachment bytes in the database: a content-addressed `blobs` table.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04

Bytes are keyed by their SHA-256, so the same image attached twice (or imported from two
exports) is stored once; `attachments.blob_sha256` points at them and is null for an
attachment the source named without carrying it. A blob is never removed while an
attachment points at it (RESTRICT); purging a conversation leaves its blobs for
`purge_unreferenced_blobs` (other attachments may share them).
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sa.String(255), nullable=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", _TZ, server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name="blobs_pkey"),
    )
    # Images and archives are compressed already: Postgres' own compression of them costs
    # time and saves nothing.
    op.execute("ALTER TABLE blobs ALTER COLUMN data SET STORAGE EXTERNAL")
    op.add_column("attachments", sa.Column("blob_sha256", sa.String(64), nullable=True))
    op.create_foreign_key(
        "attachments_blob_sha256_fkey",
        "attachments",
        "blobs",
        ["blob_sha256"],
        ["sha256"],
        ondelete="RESTRICT",
    )
    op.create_index("ix_attachments_blob_sha256", "attachments", ["blob_sha256"])


def downgrade() -> None:
    op.drop_index("ix_attachments_blob_sha256", table_name="attachments")
    op.drop_constraint("attachments_blob_sha256_fkey", "attachments", type_="foreignkey")
    op.drop_column("attachments", "blob_sha256")
    op.drop_table("blobs")
