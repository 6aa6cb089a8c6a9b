"""The sources beyond ChatGPT, Claude and raw provider JSON, recognised by their content.

`detect` looks at a file's first bytes and first record and names the source (or None, and
the file goes on to the other importers); `read` turns it into conversations. Detection
never trusts the file's name: a Claude Code session and a Codex rollout are both `.jsonl`,
an AI Studio prompt has no extension at all.

Whole-file problems (a truncated session, a bad line, a SQLite file that is not llm's,
a locked database) raise ImportFileError with one line naming the problem; a single bad
conversation in a file of many is a Failed result and the others go on.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from store.importers import (
    aistudio,
    claude_code,
    codex,
    gemini_activity,
    grok,
    librechat,
    llm_db,
    llm_logs,
    openwebui,
    skeleton,
)
from store.importers.errors import ConversionError, ImportFileError
from store.importers.jsonl import parse_lines
from store.importers.records import Conversation, Failed, Skipped
from store.importers.sources import ByteStream
from store.importers.stream import CountingReader, json_items

Result = Conversation | Skipped | Failed

CLAUDE_CODE = "claude-code"
CODEX = "codex"
OPENWEBUI = "openwebui"
LIBRECHAT = "librechat"
GROK = "grok"
AISTUDIO = "aistudio"
GEMINI_ACTIVITY = "gemini-activity"
LLM_LOGS = "llm-logs"
LLM_DB = "llm-db"
# The first line of a JSONL file is read to recognise it: a summary, a snapshot or the
# session header, which can carry long instructions (tens of KB). Capped so that looking
# at an image or an archive beside the conversations reads little of it.
_FIRST_LINE_CAP = 1024 * 1024
# JSON sources whose first item says which they are.
_BY_FIRST_ITEM: tuple[tuple[str, Callable[[Any], bool]], ...] = (
    (OPENWEBUI, openwebui.looks_like),
    (LIBRECHAT, librechat.looks_like),
    (GROK, grok.looks_like),
    (AISTUDIO, aistudio.looks_like),
    (GEMINI_ACTIVITY, gemini_activity.looks_like),
    (LLM_LOGS, llm_logs.looks_like),
)


def detect(open_stream: Callable[[], ByteStream]) -> str | None:
    """Which of these sources the bytes are, or None."""
    with open_stream() as handle:
        head = handle.read(len(llm_db.SQLITE_MAGIC))
        if llm_db.is_sqlite(head):
            return LLM_DB
        start = head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")[:1]
        if start and start not in b"{[":
            return None  # images, archives, HTML beside the conversations: not read further
        rest = handle.readline(_FIRST_LINE_CAP)
    first_line = (head + rest).removeprefix(b"\xef\xbb\xbf")
    try:
        record = json.loads(first_line)
    except (ValueError, UnicodeDecodeError, RecursionError):
        record = None  # not a session line; a hostile nesting is refused by the main reader
    if record is not None:
        if codex.looks_like(record):
            return CODEX
        if claude_code.looks_like(record):
            return CLAUDE_CODE
    first = skeleton.first_item(open_stream)
    if first is skeleton.NOTHING:
        return None
    for name, test in _BY_FIRST_ITEM:
        if test(first):
            return name
    return None


def read(
    kind: str, open_stream: Callable[[], ByteStream], label: str, size: int, cap: int
) -> Iterator[Result]:
    """The conversations of a file of `kind` (a name `detect` returned)."""
    if kind == LLM_DB:
        yield from _sqlite(open_stream, label)
        return
    if kind in (CLAUDE_CODE, CODEX):
        yield _session(kind, open_stream, label, size, cap)
        return
    with open_stream() as handle:
        items = json_items(CountingReader(handle, cap))
        if kind == OPENWEBUI:
            yield from _each(items, openwebui.convert)
        elif kind == LIBRECHAT:
            yield from _each(items, librechat.convert)
        elif kind == GROK:
            for export in items:
                yield from _each(iter(grok.conversations_of(export)), grok.convert)
        elif kind == AISTUDIO:
            name = _stem(label)
            yield from _each(items, lambda item: aistudio.convert(item, name))
        elif kind == GEMINI_ACTIVITY:
            yield from _whole(lambda: gemini_activity.convert_entries(list(items))[0])
        elif kind == LLM_LOGS:
            yield from _whole(lambda: llm_logs.convert_rows(list(items)))
        else:
            raise ValueError(f"unknown source {kind!r}")


def read_path(path: Path, cap: int = 128 * 1024 * 1024) -> list[Result]:
    """Every result of one file on disk; ImportFileError when it is none of these sources."""
    size = path.stat().st_size

    def opener() -> ByteStream:
        return path.open("rb")

    kind = detect(opener)
    if kind is None:
        raise ImportFileError("is none of the sources this importer reads")
    return list(read(kind, opener, str(path), size, cap))


# What a converter raises on a shape it did not foresee (a list where an id was expected):
# still the file's fault, and still reported in one line rather than as a traceback.
_SHAPE_ERRORS = (TypeError, AttributeError, KeyError, ValueError)


def _each(items: Iterator[Any], convert: Callable[[Any], Result]) -> Iterator[Result]:
    for index, item in enumerate(items):
        try:
            result = convert(item)
        except ConversionError as exc:
            result = Failed(_label(item, index), str(exc))
        except _SHAPE_ERRORS as exc:
            result = Failed(_label(item, index), _unexpected(exc))
        yield result


def _whole(convert: Callable[[], list[Conversation]]) -> list[Conversation]:
    """A file that is one whole (activity entries, log rows): a bad record refuses it."""
    try:
        return convert()
    except ConversionError as exc:
        raise ImportFileError(str(exc)) from None
    except _SHAPE_ERRORS as exc:
        raise ImportFileError(_unexpected(exc)) from None


def _unexpected(exc: Exception) -> str:
    detail = " ".join(str(exc).split())[:120]
    return f"has a value of an unexpected type ({type(exc).__name__}: {detail})"


def _session(
    kind: str, open_stream: Callable[[], ByteStream], label: str, size: int, cap: int
) -> Result:
    if size > cap:
        raise ImportFileError(
            f"is a session of {size // 2**20} MB; that is beyond the limit for one conversation "
            "(see --max-conversation-mb)"
        )
    name = _stem(label)
    with open_stream() as handle:
        try:
            records = parse_lines(iter(handle.readline, b""))
            if kind == CLAUDE_CODE:
                return claude_code.convert(records, name)
            return codex.convert(records, name)
        except ConversionError as exc:
            # A session is one conversation: a bad line refuses all of it.
            raise ImportFileError(str(exc)) from None
        except _SHAPE_ERRORS as exc:
            raise ImportFileError(_unexpected(exc)) from None


def _sqlite(open_stream: Callable[[], ByteStream], label: str) -> Iterator[Result]:
    path = Path(label)
    if path.is_file():
        yield from llm_db.read(path)
        return
    # A database inside an archive: SQLite reads files only, so it is copied out first.
    with contextlib.ExitStack() as stack:
        folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="threadkeep-llm-"))
        copy = Path(folder) / "logs.db"
        with open_stream() as source, copy.open("wb") as target:
            shutil.copyfileobj(source, target)
        yield from llm_db.read(copy)


def _stem(label: str) -> str:
    """The file's name without its extension: AI Studio names a chat by its file."""
    name = PurePosixPath(label.replace(os.sep, "/")).name
    if ".zip:" in name:  # a member at the top of an archive: "export.zip:name"
        name = name.split(".zip:", 1)[1]
    return name.removesuffix(".json").removesuffix(".jsonl")


def _label(item: Any, index: int) -> str:
    if isinstance(item, dict):
        for key in ("title", "name", "id", "conversationId"):
            value = item.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()[:80]
    return f"item {index}"
