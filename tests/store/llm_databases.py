"""Small `llm` logs.db files built with sqlite3, with the columns of each schema generation.

The columns come from simonw/llm's migrations (facts only): the legacy tables of llm 0.5 to
0.31, the `log` table of 0.4 and before, and the 0.32 message store. No real logs.db is
public, so the tests build these and count what they put in.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

LEGACY_SCHEMA = """
create table _llm_migrations (name text primary key, applied_at text);
create table conversations (id text primary key, name text, model text);
create table responses (
    id text primary key, model text, prompt text, system text, prompt_json text,
    options_json text, response text, response_json text,
    conversation_id text references conversations(id), duration_ms integer,
    datetime_utc text, input_tokens integer, output_tokens integer, token_details text,
    schema_id text, resolved_model text
);
create table tool_calls (
    id integer primary key, response_id text references responses(id), tool_id integer,
    name text, arguments text, tool_call_id text
);
"""

THREADS_SCHEMA = """
create table threads (
    id text primary key, name text, tip_message_hash text, forked_from text, datetime_utc text
);
create table messages (hash text primary key, parent_hash text, role text, provider_metadata text);
create table parts (
    message_hash text, position integer, type text, tool_name text, text text, payload text,
    primary key (message_hash, position)
);
create table turns (
    id text primary key, thread_id text, parent_message_hash text, tip_message_hash text,
    model text, resolved_model text, options_json text, input_tokens integer,
    output_tokens integer, token_details text, duration_ms integer, datetime_utc text,
    response_json text
);
"""

# (id, conversation, model, prompt, system, response, time)
LEGACY_ROWS = [
    (
        "01h5a",
        "01h5c1",
        "gpt-4o-mini",
        "Name a pelican",
        "Be brief",
        "Percy",
        "2023-07-11T15:29:34",
    ),
    ("01h5b", "01h5c1", "gpt-4o-mini", "Another", "Be brief", "Gulliver", "2023-07-11T15:30:02"),
    (
        "01h5d",
        "01h5c2",
        "anthropic/claude-3-haiku",
        "hi",
        None,
        "Hello!",
        "2025-02-16T22:34:30+00:00",
    ),
]


def legacy(path: Path) -> Path:
    conn = sqlite3.connect(path)
    with conn:
        conn.executescript(LEGACY_SCHEMA)
        conn.execute("insert into _llm_migrations values ('m001_initial', '2023-07-11')")
        conn.execute("insert into conversations values ('01h5c1', 'Pelican names', 'gpt-4o-mini')")
        conn.execute(
            "insert into conversations values ('01h5c2', 'hi', 'anthropic/claude-3-haiku')"
        )
        for rid, cid, model, prompt, system, response, when in LEGACY_ROWS:
            conn.execute(
                "insert into responses (id, model, prompt, system, response, conversation_id,"
                " datetime_utc, input_tokens, output_tokens) values (?, ?, ?, ?, ?, ?, ?, 8, 2)",
                (rid, model, prompt, system, response, cid, when),
            )
        conn.execute(
            "insert into tool_calls (response_id, tool_id, name, arguments, tool_call_id)"
            " values ('01h5b', 1, 'lookup', '{}', 'call_1')"
        )
    conn.close()
    return path


def with_threads(path: Path) -> Path:
    """A 0.32 database: the message store beside the legacy tables it keeps."""
    legacy(path)
    conn = sqlite3.connect(path)
    with conn:
        conn.executescript(THREADS_SCHEMA)
        chain = [
            ("b2:u1", None, "user", "Suggest a name for a pet pelican"),
            ("b2:a1", "b2:u1", "assistant", "Percy"),
            ("b2:u2", "b2:a1", "user", "Another one"),
            ("b2:a2", "b2:u2", "assistant", "Gulliver"),
        ]
        for digest, parent, role, text in chain:
            conn.execute("insert into messages values (?, ?, ?, null)", (digest, parent, role))
            conn.execute("insert into parts values (?, 0, 'text', null, ?, null)", (digest, text))
        conn.execute(
            "insert into parts values ('b2:a2', 1, 'reasoning', null, 'Thinking of birds', null)"
        )
        # The thread reuses the legacy conversation's id: the same conversation, newer form.
        conn.execute(
            "insert into threads values ('01h5c1', 'Pelican names', 'b2:a2', null,"
            " '2026-08-05T10:00:00+00:00')"
        )
        for turn, parent, tip, when in (
            ("t1", None, "b2:a1", "2026-08-05T10:00:01+00:00"),
            ("t2", "b2:a1", "b2:a2", "2026-08-05T10:01:00+00:00"),
        ):
            conn.execute(
                "insert into turns (id, thread_id, parent_message_hash, tip_message_hash, model,"
                " datetime_utc) values (?, '01h5c1', ?, ?, 'gpt-5-mini', ?)",
                (turn, parent, tip, when),
            )
    conn.close()
    return path


def old_log(path: Path) -> Path:
    """llm 0.4 and before: one `log` table with integer ids and chat_id threads."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "create table log (id integer primary key, model text, prompt text, system text,"
            " prompt_json text, options_json text, response text, response_json text,"
            " reply_to_id integer, chat_id integer, duration_ms integer, datetime_utc text)"
        )
        conn.execute(
            "insert into log (model, prompt, response, datetime_utc)"
            " values ('gpt-3.5-turbo', 'Ten names for a cat', 'Tom', '2023-06-01T10:00:00')"
        )
        conn.execute(
            "insert into log (model, prompt, response, reply_to_id, chat_id, datetime_utc)"
            " values ('gpt-3.5-turbo', 'Ten more', 'Felix', 1, 1, '2023-06-01T10:01:00')"
        )
    conn.close()
    return path
