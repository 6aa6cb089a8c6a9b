"""`llm`'s logs.db in both schema generations, and the databases that are not it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from store.importers import extra_sources, llm_db
from store.importers.errors import ImportFileError
from tests.store import llm_databases
from tests.store.sources_helpers import assert_translatable, detect, store_all


def _titles(store) -> dict[str, str | None]:
    found = [store.get_conversation(c.id) for c in store.list_conversations(limit=50)]
    return {c.metadata["source_id"]: c.title for c in found}


def test_legacy_logs_db_stores_each_exchange_as_prompt_and_response(store, tmp_path) -> None:
    path = llm_databases.legacy(tmp_path / "logs.db")
    rows = llm_databases.LEGACY_ROWS
    assert detect(path) == extra_sources.LLM_DB

    outcomes = store_all(store, extra_sources.read_path(path))

    assert len(outcomes) == len({row[1] for row in rows})
    assert _titles(store) == {"llm:01h5c1": "Pelican names", "llm:01h5c2": "hi"}
    first = store.load_messages(outcomes[0].conversation_id)
    # One system message (it did not change), then prompt and response for each row.
    assert [m.role for m in first] == ["system", "user", "assistant", "user", "assistant"]
    assert [m.raw["content"] for m in first[1:]] == [
        text for row in rows[:2] for text in (row[3], row[5])
    ]
    assert first[-1].metadata["llm_row"]["tool_calls"][0]["name"] == "lookup"
    second = store.load_messages(outcomes[1].conversation_id)
    assert {m.provider for m in second} == {"anthropic"}
    for outcome in outcomes:
        assert_translatable(store, outcome.conversation_id)


def test_a_later_logs_db_extends_the_conversation(store, tmp_path) -> None:
    path = llm_databases.legacy(tmp_path / "logs.db")
    store_all(store, extra_sources.read_path(path))
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "insert into responses (id, model, prompt, response, conversation_id, datetime_utc)"
            " values ('01h5e', 'gpt-4o-mini', 'One more', 'Pip', '01h5c1', '2023-07-11T15:31:00')"
        )
    conn.close()

    outcomes = store_all(store, extra_sources.read_path(path))

    assert [o.added for o in outcomes] == [2, 0]
    assert store.count_conversations() == 2


def test_032_threads_are_read_from_the_message_store(store, tmp_path) -> None:
    path = llm_databases.with_threads(tmp_path / "logs.db")

    outcomes = store_all(store, extra_sources.read_path(path))

    assert len(outcomes) == 2  # the thread replaces its legacy twin; the other stays
    thread = next(
        o for o in outcomes if store.get_conversation(o.conversation_id).metadata.get("thread")
    )
    messages = store.load_messages(thread.conversation_id)
    ids = [m.metadata["source_message_id"] for m in messages]
    assert ids == ["b2:u1", "b2:a1", "b2:u2", "b2:a2"]
    assert [m.raw["content"] for m in messages] == [
        "Suggest a name for a pet pelican",
        "Percy",
        "Another one",
        "Gulliver",
    ]
    assert [p["type"] for p in messages[-1].metadata["llm_parts"]] == ["text", "reasoning"]
    assert {m.model for m in messages} == {"gpt-5-mini"}
    assert_translatable(store, thread.conversation_id)


def test_the_04_log_table_is_read_by_chat(store, tmp_path) -> None:
    path = llm_databases.old_log(tmp_path / "logs.db")

    outcomes = store_all(store, extra_sources.read_path(path))

    # The reply names the first row as its chat: one conversation of two exchanges.
    [outcome] = outcomes
    messages = store.load_messages(outcome.conversation_id)
    assert [m.raw["content"] for m in messages] == [
        "Ten names for a cat",
        "Tom",
        "Ten more",
        "Felix",
    ]


def test_an_sqlite_file_that_is_not_llms_is_refused_in_one_line(tmp_path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("create table notes (id integer, body text)")
    conn.close()
    with pytest.raises(ImportFileError) as caught:
        extra_sources.read_path(path)
    assert str(caught.value) == (
        "is an SQLite database but not llm's logs.db (it has no responses, threads or log table)"
    )


def test_a_locked_logs_db_is_refused_in_one_line(tmp_path) -> None:
    path = llm_databases.legacy(tmp_path / "logs.db")
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("begin exclusive")
    try:
        with pytest.raises(ImportFileError) as caught:
            llm_db.read(path)
    finally:
        writer.execute("rollback")
        writer.close()
    assert "locked" in str(caught.value) and "\n" not in str(caught.value)


def test_a_damaged_database_is_refused_in_one_line(tmp_path) -> None:
    path = tmp_path / "logs.db"
    path.write_bytes(llm_db.SQLITE_MAGIC + b"\x00" * 84 + b"not really a database" * 50)
    with pytest.raises(ImportFileError) as caught:
        extra_sources.read_path(path)
    assert "\n" not in str(caught.value)
    assert "SQLite" in str(caught.value) or "llm" in str(caught.value)


def test_binary_that_is_not_sqlite_is_not_taken_for_llm(tmp_path: Path) -> None:
    path = tmp_path / "logs.db"
    path.write_bytes(bytes(range(256)) * 4)
    assert detect(path) is None
