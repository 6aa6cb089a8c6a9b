"""Drafts kept on disk while they are typed, one file per conversation, so that a crash or
a quit loses no text: `drafts/<conversation id>` (or `drafts/new`) in the data directory,
readable by the user alone (a draft is private writing)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from store.paths import data_home

NEW = "new"


def drafts_dir() -> Path:
    return data_home() / "drafts"


def _path(key: str) -> Path:
    # Keys are conversation ids or NEW; anything else could name a file outside the folder.
    safe = "".join(ch for ch in key if ch.isalnum() or ch == "-")[:64] or NEW
    return drafts_dir() / safe


def load(key: str) -> str:
    try:
        return _path(key).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def save(key: str, text: str) -> None:
    """Write the draft (an empty one removes the file). Replaced whole, never half-written."""
    path = _path(key)
    if not text:
        remove(key)
        return
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temp = path.with_name(f".{path.name}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    temp.replace(path)


def remove(key: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        _path(key).unlink()
