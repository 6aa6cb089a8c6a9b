"""The list's first page as the last session left it, drawn while the store opens.

Opening the store costs SQLAlchemy, psycopg and sometimes a server start: a second or more
on a small machine. The list a user left is almost always the list they come back to, so
the app draws these rows at once and replaces them with the live page as soon as the store
answers (keys that need the store wait for it meanwhile). A data directory with no
database yet is an empty archive, so the welcome shows at once while the server is made.

The file sits in the data directory, which already holds the whole archive, and is written
0600 like everything there. Reading it never fails the app: any problem means no early rows.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from store.summary import ConversationSummary

FILE_NAME = "first-page.json"
_VERSION = 1
# A screen's worth: the list draws about 20 rows at 200x60; more would only slow the read.
_ROWS = 40


@dataclass(frozen=True, slots=True)
class Remembered:
    total: int
    rows: list[ConversationSummary]


def is_new(home: Path) -> bool:
    """No database was ever made here: the archive is empty."""
    return not (home / "pgdata" / "PG_VERSION").exists()


def recall(home: Path) -> Remembered | None:
    try:
        data = json.loads((home / FILE_NAME).read_text(encoding="utf-8"))
        if data.get("version") != _VERSION:
            return None
        rows = [_summary(row) for row in data["rows"]]
        return Remembered(int(data["total"]), rows)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def remember(home: Path, total: int, rows: list[ConversationSummary]) -> None:
    """Keep the live first page for the next start (atomically; errors are not the user's)."""
    if not home.is_dir():
        return
    data = {"version": _VERSION, "total": total, "rows": [_plain(r) for r in rows[:_ROWS]]}
    try:
        fd, temp = tempfile.mkstemp(prefix=".first-page-", dir=home)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False)
            Path(temp).replace(home / FILE_NAME)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError:
        return  # a read-only or full disk costs the next start its early rows, nothing more


def _plain(row: ConversationSummary) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "title": row.title,
        "created_at": row.created_at.isoformat(),
        "updated_at": row.updated_at.isoformat(),
        "deleted_at": row.deleted_at.isoformat() if row.deleted_at else None,
        "message_count": row.message_count,
        "providers": list(row.providers),
        "models": list(row.models),
        "preview": row.preview,
    }


def _summary(row: dict[str, Any]) -> ConversationSummary:
    deleted = row["deleted_at"]
    return ConversationSummary(
        id=uuid.UUID(row["id"]),
        title=_text_or_none(row["title"]),
        created_at=datetime.fromisoformat(row["created_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
        deleted_at=datetime.fromisoformat(deleted) if deleted else None,
        message_count=int(row["message_count"]),
        providers=tuple(str(p) for p in row["providers"]),
        models=tuple(str(m) for m in row["models"]),
        preview=str(row["preview"]),
    )


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)
