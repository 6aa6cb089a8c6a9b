"""Opening a store whose schema is current costs one query and never loads Alembic (issue 12)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from store import StoreUnavailable, open_store
from store.database import SCHEMA_HEAD, current_revision, known_revisions, migrate
from tests.store.helpers import run_python


@pytest.fixture
def scratch_url(session_store):
    """A database of its own on the session's server, dropped afterwards."""
    admin = session_store._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    with admin as conn:
        conn.execute(text("drop database if exists threadkeep_cheap_check"))
        conn.execute(text("create database threadkeep_cheap_check"))
    url = session_store.connection.url.set(database="threadkeep_cheap_check")
    yield url
    admin = session_store._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    with admin as conn:
        conn.execute(text("drop database if exists threadkeep_cheap_check with (force)"))


def test_a_current_store_opens_with_one_query_and_without_alembic(session_store):
    result = run_python(
        """
        import sys
        from sqlalchemy import event
        from store.database import connect, migrate
        from store import open_store

        connection = connect()
        statements = []
        event.listen(
            connection.engine, "before_cursor_execute", lambda *a: statements.append(a[2])
        )
        migrate(connection.engine)
        print(len(statements), repr(statements))
        with open_store() as store:
            store.list_conversations(5)
        print("alembic" in sys.modules, sorted(m for m in sys.modules if m.startswith("alembic"))[:3])
        """
    )
    assert result.returncode == 0, result.stderr
    count_line, alembic_line = result.stdout.splitlines()
    assert count_line.startswith("1 "), count_line
    assert "alembic_version" in count_line
    assert alembic_line.startswith("False"), alembic_line


def test_an_old_store_still_migrates_to_the_head(scratch_url):
    engine = create_engine(scratch_url)
    try:
        migrate(engine, "0001")
        assert current_revision(engine) == "0001"
        with engine.begin() as conn:
            conn.execute(text("insert into conversations (title) values ('from 0001')"))
    finally:
        engine.dispose()
    with open_store(scratch_url.render_as_string(hide_password=False)) as store:
        assert current_revision(store._engine) == SCHEMA_HEAD
        assert [c.title for c in store.list_conversations(5)] == ["from 0001"]


def test_a_fresh_database_gets_the_whole_schema(scratch_url):
    engine = create_engine(scratch_url)
    try:
        assert current_revision(engine) is None
        migrate(engine)
        assert current_revision(engine) == SCHEMA_HEAD
    finally:
        engine.dispose()


def test_a_schema_from_a_newer_threadkeep_gets_a_one_line_error(scratch_url):
    engine = create_engine(scratch_url)
    try:
        migrate(engine)
        with engine.begin() as conn:
            conn.execute(text("update alembic_version set version_num = '0999'"))
    finally:
        engine.dispose()
    with pytest.raises(StoreUnavailable, match=r"revision 0999.*upgrade threadkeep") as caught:
        open_store(scratch_url.render_as_string(hide_password=False))
    assert "\n" not in str(caught.value)


def test_the_static_head_is_the_newest_migration_file():
    assert max(known_revisions()) == SCHEMA_HEAD
    assert {"0001", "0002"} <= known_revisions()
