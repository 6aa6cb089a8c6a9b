"""`llm`'s SQLite `logs.db`, read in place and read-only, in both schema generations.

- The legacy tables (llm 0.5 to 0.31): `conversations(id, name, model)` and `responses`,
  one row per exchange; read into the same rows `llm logs --json` prints and converted by
  `llm_logs`. The 0.4 `log`/`logs` table (integer ids, `chat_id`) is read the same way.
- The 0.32 message store: `threads(id, name, tip_message_hash, ...)` point at the last
  message of a chain of `messages(hash, parent_hash, role)` whose content is in
  `parts(message_hash, position, type, text, tool_name, payload)`; `turns` say which model
  wrote which message. Each message becomes one `openai-chat` message (its id is the
  content hash, its text the text parts) and keeps its parts whole in its metadata.

llm keeps writing the legacy tables beside the new ones, and a thread reuses its
conversation's id; a conversation present in both is taken from the threads.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from store.importers import llm_logs
from store.importers.assemble import conversation, source_key
from store.importers.common import fill_gaps, parse_time
from store.importers.errors import ImportFileError
from store.importers.records import Conversation
from store.records import NewMessage

SQLITE_MAGIC = b"SQLite format 3\x00"
_ROLES = {"user": "user", "assistant": "assistant", "system": "system", "tool": "tool"}


def is_sqlite(head: bytes) -> bool:
    return head.startswith(SQLITE_MAGIC)


def read(path: Path) -> list[Conversation]:
    """Every conversation in the database; ImportFileError (one line) when it cannot be."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1.0)
    except sqlite3.Error as exc:
        raise ImportFileError(f"cannot be opened as SQLite ({exc})") from None
    try:
        conn.row_factory = sqlite3.Row
        tables = _tables(conn)
        if not tables & {"responses", "threads", "log", "logs"}:
            raise ImportFileError(
                "is an SQLite database but not llm's logs.db (it has no responses, threads or "
                "log table)"
            )
        found: dict[str, Conversation] = {}
        if "threads" in tables and {"messages", "parts"} <= tables:
            for conversation in _threads(conn, "turns" in tables):
                found[conversation.source_id] = conversation
        legacy_rows: list[dict[str, Any]] = []
        if "responses" in tables:
            legacy_rows += _responses(conn, "conversations" in tables)
        for old in ("log", "logs"):
            if old in tables and _columns(conn, old) >= {"prompt", "response"}:
                legacy_rows += _old_log(conn, old)
        for conversation in llm_logs.convert_rows(legacy_rows):
            found.setdefault(conversation.source_id, conversation)
        return list(found.values())
    except sqlite3.OperationalError as exc:
        text = str(exc)
        if "locked" in text or "busy" in text:
            raise ImportFileError(
                "is locked by another program (llm is writing to it); try again when it is done"
            ) from None
        raise ImportFileError(f"cannot be read as llm's logs.db ({text})") from None
    except sqlite3.DatabaseError as exc:
        raise ImportFileError(f"is not a readable SQLite database ({exc})") from None
    finally:
        conn.close()


def count_conversations(path: Path) -> int:
    """How many conversations the database holds (for --discover)."""
    return len(read(path))


def _tables(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute("select name from sqlite_master where type in ('table', 'view')")
    return {row[0] for row in rows}


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"pragma table_info({table})")}


def _responses(conn: sqlite3.Connection, named: bool) -> list[dict[str, Any]]:
    columns = _columns(conn, "responses")
    if named:
        sql = (
            "select r.*, c.name as conversation_name, c.model as conversation_model "
            "from responses r left join conversations c on c.id = r.conversation_id "
            "order by r.datetime_utc, r.rowid"
        )
    else:
        sql = "select * from responses order by datetime_utc, rowid"
    rows = [dict(row) for row in conn.execute(sql)]
    if "id" in columns:
        tools = _tool_rows(conn)
        for row in rows:
            row.update(tools.get(row["id"], {}))
    return rows


def _tool_rows(conn: sqlite3.Connection) -> dict[Any, dict[str, list[dict[str, Any]]]]:
    out: dict[Any, dict[str, list[dict[str, Any]]]] = {}
    tables = _tables(conn)
    for table in ("tool_calls", "tool_results"):
        if table in tables and "response_id" in _columns(conn, table):
            for row in conn.execute(f"select * from {table} order by rowid"):
                record = dict(row)
                out.setdefault(record["response_id"], {}).setdefault(table, []).append(record)
    return out


def _old_log(conn: sqlite3.Connection, table: str) -> list[dict[str, Any]]:
    rows = []
    for row in conn.execute(f"select * from {table} order by rowid"):
        record = dict(row)
        chat = record.get("chat_id") or record.get("id")
        record["conversation_id"] = f"log-{chat}"
        rows.append(record)
    return rows


def _threads(conn: sqlite3.Connection, has_turns: bool) -> list[Conversation]:
    messages = {row["hash"]: dict(row) for row in conn.execute("select * from messages")}
    parts: dict[str, list[dict[str, Any]]] = {}
    for row in conn.execute("select * from parts order by message_hash, position"):
        parts.setdefault(row["message_hash"], []).append(dict(row))
    models: dict[str, str] = {}
    times: dict[str, str] = {}
    if has_turns:
        for row in conn.execute("select * from turns order by datetime_utc"):
            turn = dict(row)
            model = turn.get("resolved_model") or turn.get("model")
            if turn.get("tip_message_hash"):
                if isinstance(model, str):
                    models[turn["tip_message_hash"]] = model
                times[turn["tip_message_hash"]] = turn.get("datetime_utc") or ""
    out = []
    for thread in conn.execute("select * from threads order by datetime_utc"):
        chain = _chain(messages, thread["tip_message_hash"])
        if chain:
            out.append(_thread(dict(thread), chain, parts, models, times))
    return out


def _chain(messages: dict[str, dict[str, Any]], tip: Any) -> list[dict[str, Any]]:
    chain: list[dict[str, Any]] = []
    seen: set[str] = set()
    key = tip
    while isinstance(key, str) and key in messages and key not in seen:
        seen.add(key)
        chain.append(messages[key])
        key = messages[key].get("parent_hash")
    chain.reverse()
    return chain


def _thread(
    thread: dict[str, Any],
    chain: list[dict[str, Any]],
    parts: dict[str, list[dict[str, Any]]],
    models: dict[str, str],
    times: dict[str, str],
) -> Conversation:
    names = fill_gaps([models.get(m["hash"]) for m in chain], "unknown")
    started = parse_time(thread.get("datetime_utc"))
    rows = []
    for message, model in zip(chain, names, strict=True):
        own = parts.get(message["hash"], [])
        text = "\n".join(p["text"] for p in own if p.get("type") == "text" and p.get("text"))
        role = _ROLES.get(str(message.get("role")), "user")
        rows.append(
            NewMessage(
                raw={"role": role, "content": text},
                provider=llm_logs.provider_of(model),
                model=model,
                format=llm_logs.FORMAT,
                role=role,
                metadata={
                    "llm_message": message,
                    "llm_parts": own,
                    "source_message_id": message["hash"],
                },
                created_at=parse_time(times.get(message["hash"])) or started,
            )
        )
    thread_id = thread.get("id")
    source = source_key(llm_logs.SOURCE, thread_id, [chain[0]["hash"]])
    metadata = {"source": llm_logs.SOURCE, "source_id": source, "thread": thread}
    return conversation(source, thread.get("name"), rows, metadata, created=started)
