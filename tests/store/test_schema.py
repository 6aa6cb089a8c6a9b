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


def test_upgrading_from_the_first_schema_carries_the_data_forward(empty_database):
    migrate(empty_database, "0001")
    with empty_database.begin() as conn:
        cid = conn.execute(
            text("insert into conversations (title) values ('from 0001') returning id")
        ).scalar_one()
        conn.execute(
            text(
                "insert into messages (conversation_id, position, role, provider, model, format, raw_message, content_text)"
                " values (:c, 0, 'user', 'openai', 'gpt-4o', 'openai-chat', '{\"role\": \"user\", \"content\": \"kept\"}', 'kept words')"
            ),
            {"c": cid},
        )
    migrate(empty_database)
    with empty_database.connect() as conn:
        assert conn.execute(text("select title from conversations")).scalar_one() == "from 0001"
        assert conn.execute(text("select raw_message from messages")).scalar_one() == {
            "role": "user",
            "content": "kept",
        }
        assert (
            conn.execute(
                text(
                    "select count(*) from messages where search_vector @@ to_tsquery('english', 'word')"
                )
            ).scalar_one()
            == 1
        )
        storage = conn.execute(
            text(
                "select attstorage from pg_attribute where attrelid = 'messages'::regclass and attname = 'search_vector'"
            )
        ).scalar_one()
        assert storage == "m"
