"""The schema: Alembic migrations create exactly what the models describe."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from store.database import SCHEMA_HEAD, head_revision, migrate
from store.models import Base


@pytest.fixture
def empty_database(session_store):
    url = session_store.connection.url
    with session_store._engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("drop database if exists threadkeep_schema_check"))
        conn.execute(text("create database threadkeep_schema_check"))
    engine = create_engine(url.set(database="threadkeep_schema_check"))
    yield engine
    engine.dispose()
    with session_store._engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("drop database if exists threadkeep_schema_check"))


def test_migrations_build_exactly_the_models(empty_database):
    migrate(empty_database)
    with empty_database.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_the_schema_holds_every_design_index(empty_database):
    migrate(empty_database)
    inspector = inspect(empty_database)
    messages = {ix["name"]: ix for ix in inspector.get_indexes("messages")}
    assert messages["ix_messages_conversation_created"]["column_names"] == [
        "conversation_id",
        "created_at",
    ]
    assert messages["ix_messages_provider"]["column_names"] == ["provider"]
    assert messages["ix_messages_search"]["dialect_options"]["postgresql_using"] == "gin"
    uniques = inspector.get_unique_constraints("messages")
    assert [u["column_names"] for u in uniques] == [["conversation_id", "position"]]
    conversations = {ix["name"]: ix for ix in inspector.get_indexes("conversations")}
    assert (
        conversations["ix_conversations_title_search"]["dialect_options"]["postgresql_using"]
        == "gin"
    )
    assert conversations["uq_conversations_source_id"]["unique"]
    fks = {
        fk["referred_table"]: fk
        for t in ("messages", "attachments")
        for fk in inspector.get_foreign_keys(t)
    }
    assert fks["conversations"]["options"]["ondelete"] == "CASCADE"
    assert fks["messages"]["options"]["ondelete"] == "CASCADE"


def test_migrating_twice_changes_nothing(empty_database):
    migrate(empty_database)
    migrate(empty_database)
    with empty_database.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar() == SCHEMA_HEAD


def test_the_fast_path_head_is_alembics_head():
    assert head_revision() == SCHEMA_HEAD
