"""Helpers for command-line tests: the command, and what the fixtures should give.

`threadkeep(...)` runs the command line in this process (`tui.cli.main` with its output
captured), against the session's embedded server: what it prints and returns is what the
installed command prints and exits with, without paying for a new interpreter each time.
`threadkeep_process(...)` runs the real command in a fresh interpreter, for what only a
process shows: exit codes of the entry point, signals, peak memory, modules loaded.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import text

from tests.conftest import EXPORT_FIXTURES, FORMAT_FIXTURES
from tests.store.helpers import assert_one_line_error
from tests.store.helpers import threadkeep as threadkeep_process
from tui.cli import main

__all__ = [
    "EXPORT_FIXTURES",
    "FORMAT_FIXTURES",
    "active_path",
    "assert_one_line_error",
    "conversation_by_source",
    "fixture",
    "rows",
    "threadkeep",
    "threadkeep_process",
]


def threadkeep(
    *args: str, env: dict[str, str] | None = None, timeout: float | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `threadkeep ARGS` in this process, as the installed command would run it."""
    out, err = io.StringIO(), io.StringIO()
    with _environment(env), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse: --help, usage errors
            code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    return subprocess.CompletedProcess(["threadkeep", *args], code, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def _environment(env: dict[str, str] | None) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in env or {}}
    os.environ.update(env or {})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


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
