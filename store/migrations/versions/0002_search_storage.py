"""Search: keep message vectors inline, estimate word frequencies finely, find the trash fast.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

- `search_vector` uses MAIN storage, so ranking reads it from the message row instead of
  following a TOAST pointer for every match (the raw JSON is moved out of line first).
  Rows written before this migration keep their layout until they are rewritten.
- A statistics target of 1000 keeps ten times more frequent words in the column's
  statistics, so the planner tells frequent words (walk newest first) from rare ones
  (use the GIN index) accurately.
- Search skips trashed conversations through a small partial index instead of joining
  every conversation.
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE messages ALTER COLUMN search_vector SET STORAGE MAIN")
    op.execute("ALTER TABLE messages ALTER COLUMN search_vector SET STATISTICS 1000")
    op.create_index(
        "ix_conversations_deleted",
        "conversations",
        ["id"],
        postgresql_where="deleted_at IS NOT NULL",
    )


def downgrade() -> None:
    op.drop_index("ix_conversations_deleted", table_name="conversations")
    op.execute("ALTER TABLE messages ALTER COLUMN search_vector SET STATISTICS -1")
    op.execute("ALTER TABLE messages ALTER COLUMN search_vector SET STORAGE EXTENDED")
