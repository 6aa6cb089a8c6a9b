"""Import throughput against the floor: a raw COPY of the same rows into the same tables.

    uv run python bench/import.py [--conversations 5000] [--turns 10]

Generates a ChatGPT-shaped export (hidden system nodes, regenerated branches, realistic
text; at least 100k messages by default), imports it through the real import path into a
fresh data dir (bench/.out/import), then reads back exactly the column values the import
wrote, empties the tables and COPYs those values in again. The figure is import messages/s
divided by COPY messages/s (DESIGN §8: at least 0.6).
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg

from bench.common import OUT, machine, use_home
from bench.synthetic import TextSource
from store import open_store
from store.backup import libpq_url
from store.importers import chatgpt, import_paths
from store.importers.stream import CountingReader, json_items
from store.server import EmbeddedServer

_CONVERSATION_COLUMNS = "id, title, metadata, created_at, updated_at"
_MESSAGE_COLUMNS = (
    "conversation_id, position, role, provider, model, format, raw_message, content_text, "
    "metadata, created_at"
)
_MODELS = ("gpt-4o", "gpt-4o", "gpt-4o", "o3", "gpt-5-thinking", "gpt-4")


def _node(mapping: dict, node_id: str, parent: str | None, message: dict | None) -> None:
    mapping[node_id] = {"id": node_id, "message": message, "parent": parent, "children": []}
    if parent is not None:
        mapping[parent]["children"].append(node_id)


def _message(node_id: str, role: str, text: str, at: float, **meta: object) -> dict:
    return {
        "id": node_id,
        "author": {"role": role, "name": None, "metadata": {}},
        "create_time": at,
        "update_time": None,
        "content": {"content_type": "text", "parts": [text]},
        "status": "finished_successfully",
        "end_turn": True if role == "assistant" else None,
        "weight": 1.0,
        "metadata": dict(meta),
        "recipient": "all",
        "channel": None,
    }


def generate(path: Path, conversations: int, turns: int, seed: int = 11) -> int:
    """Write the export; return how many messages its active branches hold."""
    src = TextSource(seed=seed)
    rng = src.rng
    messages = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        for index in range(conversations):
            model = rng.choice(_MODELS)
            start = 1.68e9 + index * 3_600 + rng.random()
            cid = src.token("", 8) + f"-{index:06d}"
            mapping: dict[str, dict] = {}

            root = f"{cid}-root"
            _node(mapping, root, None, None)
            system = f"{cid}-sys"
            _node(
                mapping,
                system,
                root,
                _message(system, "system", "", start, is_visually_hidden_from_conversation=True),
            )
            parent = system
            messages += 1
            for turn in range(turns):
                at = start + turn * 90
                user = f"{cid}-u{turn}"
                _node(
                    mapping,
                    user,
                    parent,
                    _message(user, "user", src.sentence_text(30), at, request_id=src.token("", 16)),
                )
                reply_meta = {
                    "model_slug": model,
                    "default_model_slug": model,
                    "finish_details": {"type": "stop", "stop_tokens": [200002]},
                    "is_complete": True,
                    "citations": [],
                    "parent_id": user,
                }
                if rng.random() < 0.05:  # a regenerated answer, left off the active branch
                    old = f"{cid}-r{turn}"
                    _node(
                        mapping,
                        old,
                        user,
                        _message(old, "assistant", src.sentence_text(60), at + 5, **reply_meta),
                    )
                reply = f"{cid}-a{turn}"
                _node(
                    mapping,
                    reply,
                    user,
                    _message(reply, "assistant", src.sentence_text(140), at + 9, **reply_meta),
                )
                parent = reply
                messages += 2
            conversation = {
                "title": " ".join(src.words_(rng.randint(2, 6))).capitalize(),
                "create_time": start,
                "update_time": start + turns * 90,
                "mapping": mapping,
                "moderation_results": [],
                "current_node": parent,
                "plugin_ids": None,
                "conversation_id": cid,
                "id": cid,
                "default_model_slug": model,
            }
            out.write(("," if index else "") + json.dumps(conversation))
        out.write("]")
    return messages


def read_and_convert(export: Path) -> float:
    """Seconds to parse and convert the export without writing it: the importer's own share."""
    started = time.perf_counter()
    with export.open("rb") as handle:
        for item in json_items(CountingReader(handle, 2**30)):
            chatgpt.convert(item)
    return time.perf_counter() - started


def fresh_store(name: str):
    home = use_home(name)
    EmbeddedServer(home).stop()
    shutil.rmtree(home, ignore_errors=True)
    return open_store()


def copy_floor(url: str) -> tuple[float, int]:
    """Seconds to COPY back exactly the rows the import wrote, and how many messages."""
    with psycopg.connect(url) as conn:
        conversations, messages = io.BytesIO(), io.BytesIO()
        with conn.cursor() as cur:
            with cur.copy(
                f"COPY (SELECT {_CONVERSATION_COLUMNS} FROM conversations) TO STDOUT"
            ) as copy:
                for block in copy:
                    conversations.write(block)
            with cur.copy(f"COPY (SELECT {_MESSAGE_COLUMNS} FROM messages) TO STDOUT") as copy:
                for block in copy:
                    messages.write(block)
            count = cur.execute("select count(*) from messages").fetchone()[0]
            cur.execute("TRUNCATE conversations, messages, attachments")
        conn.commit()
        conn.execute("CHECKPOINT")
        started = time.perf_counter()
        with conn.cursor() as cur:
            with cur.copy(f"COPY conversations ({_CONVERSATION_COLUMNS}) FROM STDIN") as copy:
                copy.write(conversations.getvalue())
            with cur.copy(f"COPY messages ({_MESSAGE_COLUMNS}) FROM STDIN") as copy:
                copy.write(messages.getvalue())
        conn.commit()
        return time.perf_counter() - started, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=5000)
    parser.add_argument("--turns", type=int, default=10)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    export = OUT / "import-conversations.json"
    print(f"generating {args.conversations} conversations …", flush=True)
    expected = generate(export, args.conversations, args.turns)
    print(f"  {expected} messages, {export.stat().st_size / 2**20:.0f} MB", flush=True)

    store = fresh_store("import")
    with store._engine.begin() as conn:
        conn.exec_driver_sql("CHECKPOINT")
    started = time.perf_counter()
    summary = import_paths(store, [export])
    import_seconds = time.perf_counter() - started
    assert summary.ok and summary.messages == expected, summary
    url = libpq_url(store.connection.url)
    store.close()
    copy_seconds, copied = copy_floor(url)
    assert copied == expected

    convert_seconds = read_and_convert(export)
    import_rate = expected / import_seconds
    copy_rate = expected / copy_seconds
    print(f"machine:  {machine()}")
    print(
        f"import:   {summary.conversations} conversations, {expected} messages in "
        f"{import_seconds:.1f} s = {import_rate:,.0f} messages/s"
    )
    print(
        f"  of it, reading and converting alone: {convert_seconds:.1f} s "
        f"= {expected / convert_seconds:,.0f} messages/s"
    )
    print(f"COPY:     same rows in {copy_seconds:.1f} s = {copy_rate:,.0f} messages/s")
    print(f"ratio:    {import_rate / copy_rate:.2f} (budget >= 0.6)")


if __name__ == "__main__":
    main()
