"""Helpers for command-line tests: the real command, and what the fixtures should give."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import text

from tests.conftest import EXPORT_FIXTURES, FORMAT_FIXTURES
from tests.store.helpers import assert_one_line_error, threadkeep

__all__ = [
    "EXPORT_FIXTURES",
    "FORMAT_FIXTURES",
    "active_path",
    "assert_one_line_error",
    "conversation_by_source",
    "fixture",
    "rows",
    "threadkeep",
]


def fixture(name: str) -> Any:
    folder = EXPORT_FIXTURES if (EXPORT_FIXTURES / name).exists() else FORMAT_FIXTURES
    return json.loads((folder / name).read_text(encoding="utf-8"))


def rows(store, table: str) -> int:
    with store._engine.connect() as conn:
        return conn.execute(text(f"select count(*) from {table}")).scalar_one()


def active_path(conversation: dict[str, Any]) -> list[str]:
    """Node ids of the branch ChatGPT showed, root first, nodes without a message left out."""
    mapping = conversation["mapping"]
    node = conversation["current_node"]
    path = []
    while node is not None:
        path.append(node)
        node = mapping[node]["parent"]
    return [n for n in reversed(path) if mapping[n]["message"] is not None]


def conversation_by_source(store, source_id: str):
    with store._engine.connect() as conn:
        cid = conn.execute(
            text("select id from conversations where metadata ->> 'source_id' = :s"),
            {"s": source_id},
        ).scalar_one()
    return store.get_conversation(cid)


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path
