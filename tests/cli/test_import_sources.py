"""`threadkeep import` on the extra sources: recognised inside directories, bad ones named."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from store.titles import preview
from tests.cli.helpers import (
    FORMAT_FIXTURES,
    assert_one_line_error,
    conversation_by_source,
    rows,
    threadkeep,
)
from tests.store import llm_databases
from tests.store.sources_helpers import json_lines, sample


def _history(folder: Path) -> dict[str, int]:
    """A directory of histories; what each should give, counted with plain json/sqlite."""
    folder.mkdir()
    shutil.copy(sample("claude_code_session.jsonl"), folder / "claude.jsonl")
    shutil.copy(sample("codex_session_2026.jsonl"), folder / "rollout.jsonl")
    shutil.copy(sample("openwebui_export.json"), folder / "chats.json")
    shutil.copy(sample("grok_export.json"), folder / "prod-grok-backend.json")
    llm_databases.legacy(folder / "logs.db")
    claude = sum(
        r.get("type") in ("user", "assistant") for r in json_lines(folder / "claude.jsonl")
    )
    codex = sum(r["type"] == "response_item" for r in json_lines(folder / "rollout.jsonl"))
    chats = json.loads((folder / "chats.json").read_text(encoding="utf-8"))
    webui = 0
    for chat in chats:
        history, key = chat["chat"]["history"], chat["chat"]["history"]["currentId"]
        while key is not None:
            webui += 1
            key = history["messages"][key]["parentId"]
    grok = json.loads((folder / "prod-grok-backend.json").read_text(encoding="utf-8"))
    grok_messages = sum(len(c["responses"]) for c in grok["conversations"])
    with sqlite3.connect(folder / "logs.db") as conn:
        exchanges, systems = conn.execute(
            "select count(*), count(distinct system) from responses"
        ).fetchone()
        conversations = conn.execute("select count(*) from conversations").fetchone()[0]
    return {
        "conversations": 1 + 1 + len(chats) + len(grok["conversations"]) + conversations,
        "messages": claude + codex + webui + grok_messages + 2 * exchanges + systems,
    }


def test_a_directory_of_histories_imports_each_source(store, tmp_path) -> None:
    expected = _history(tmp_path / "histories")

    result = threadkeep("import", str(tmp_path / "histories"))

    assert result.returncode == 0, result.stderr
    assert (
        f"imported:  {expected['conversations']} conversations, {expected['messages']} messages"
        in result.stdout
    )
    assert rows(store, "conversations") == expected["conversations"]
    assert rows(store, "messages") == expected["messages"]
    again = threadkeep("import", str(tmp_path / "histories"))
    assert "imported:  0 conversations, 0 messages" in again.stdout
    assert f"skipped:   {expected['conversations']} already imported" in again.stdout


def test_a_broken_session_is_named_and_the_others_import(store, tmp_path) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir()
    shutil.copy(sample("codex_session_2026.jsonl"), folder / "good.jsonl")
    lines = sample("claude_code_session.jsonl").read_bytes().splitlines(keepends=True)
    (folder / "broken.jsonl").write_bytes(b"".join([*lines[:4], b"{oops\n", *lines[4:]]))

    result = threadkeep("import", str(folder))

    assert result.returncode == 1
    [line] = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert line.startswith("threadkeep: ")
    assert f"{folder}/broken.jsonl: line 5 is not valid JSON" in line
    assert rows(store, "conversations") == 1  # the Codex session
    assert conversation_by_source(
        store, f"codex:{json_lines(folder / 'good.jsonl')[0]['payload']['id']}"
    )


def test_a_database_that_is_not_llms_is_refused_in_one_line(store, tmp_path) -> None:
    path = tmp_path / "notes.db"
    with sqlite3.connect(path) as conn:
        conn.execute("create table notes (body text)")
    result = threadkeep("import", str(path))
    assert_one_line_error(result, str(path), "not llm's logs.db")
    assert rows(store, "conversations") == 0


def test_a_locked_logs_db_is_refused_in_one_line(store, tmp_path) -> None:
    path = llm_databases.legacy(tmp_path / "logs.db")
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("begin exclusive")
    try:
        result = threadkeep("import", str(path))
    finally:
        writer.execute("rollback")
        writer.close()
    assert_one_line_error(result, str(path), "locked")
    assert rows(store, "conversations") == 0


def test_a_lone_raw_response_is_titled_by_its_text(store) -> None:
    name = "gemini3.text-thoughtSignature.response.json"
    data = json.loads((FORMAT_FIXTURES / name).read_text(encoding="utf-8"))
    result = threadkeep("import", str(FORMAT_FIXTURES / name))
    assert result.returncode == 0, result.stderr
    [summary] = store.list_conversations(limit=5)
    assert summary.title == preview(data["candidates"][0]["content"]["parts"][0]["text"])
