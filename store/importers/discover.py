"""Histories kept by other tools on this machine, for `threadkeep import --discover`.

Only listing: nothing is read beyond what counting needs, and nothing is imported here.
Where each tool keeps its history, with the variables each tool itself honours:

- Claude Code: `$CLAUDE_CONFIG_DIR/projects`, else `~/.claude/projects`; one `.jsonl` a
  session, in a folder per project (subagent transcripts, `agent-*.jsonl`, are not
  sessions of their own).
- Codex CLI: `$CODEX_HOME/sessions`, else `~/.codex/sessions`; `YYYY/MM/DD/rollout-*.jsonl`,
  one a session.
- `llm`: `$LLM_USER_PATH/logs.db`, else the app directory `llm logs path` prints:
  `~/Library/Application Support/io.datasette.llm` on macOS, `$XDG_CONFIG_HOME` (default
  `~/.config`) `/io.datasette.llm` elsewhere, `%APPDATA%\\io.datasette.llm` on Windows.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from store.importers.errors import ImportFileError

CLAUDE_CODE = "Claude Code"
CODEX = "Codex CLI"
LLM = "llm"


@dataclass(frozen=True, slots=True)
class Found:
    """One history: what keeps it, where, and how many conversations it holds."""

    tool: str
    path: Path
    # Sessions (Claude Code, Codex) or conversations (llm); None when it could not be read.
    conversations: int | None
    # The files an import of this history reads (the session files, or the database).
    files: tuple[Path, ...]
    # Why it could not be counted, in one line.
    problem: str | None = None


def discover(
    home: Path | None = None,
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
) -> list[Found]:
    """Every history found, in a fixed order (Claude Code, Codex, llm); missing ones omitted."""
    env = os.environ if env is None else env
    home = Path(env.get("HOME") or Path.home()) if home is None else home
    platform = sys.platform if platform is None else platform
    found: list[Found] = []
    claude = _claude_dir(home, env)
    sessions = tuple(p for p in _session_files(claude, "*/*.jsonl") if not _subagent(p))
    if sessions:
        found.append(Found(CLAUDE_CODE, claude, len(sessions), sessions))
    codex = _codex_dir(home, env)
    rollouts = _session_files(codex, "rollout-*.jsonl")
    if rollouts:
        found.append(Found(CODEX, codex, len(rollouts), rollouts))
    database = llm_database(home, env, platform)
    if database.is_file():
        found.append(_llm(database))
    return found


def llm_database(home: Path, env: Mapping[str, str], platform: str) -> Path:
    """Where `llm` keeps logs.db on this machine (whether or not it exists)."""
    if env.get("LLM_USER_PATH"):
        return Path(env["LLM_USER_PATH"]) / "logs.db"
    if platform == "darwin":
        base = home / "Library" / "Application Support"
    elif platform.startswith("win"):
        base = Path(env.get("APPDATA") or home / "AppData" / "Roaming")
    else:
        base = Path(env.get("XDG_CONFIG_HOME") or home / ".config")
    return base / "io.datasette.llm" / "logs.db"


def _claude_dir(home: Path, env: Mapping[str, str]) -> Path:
    root = Path(env["CLAUDE_CONFIG_DIR"]) if env.get("CLAUDE_CONFIG_DIR") else home / ".claude"
    return root / "projects"


def _codex_dir(home: Path, env: Mapping[str, str]) -> Path:
    root = Path(env["CODEX_HOME"]) if env.get("CODEX_HOME") else home / ".codex"
    return root / "sessions"


def _session_files(root: Path, pattern: str) -> tuple[Path, ...]:
    if not root.is_dir():
        return ()
    try:
        files = root.glob(pattern) if "/" in pattern else root.rglob(pattern)
        return tuple(sorted(p for p in files if p.is_file()))
    except OSError:
        return ()


def _subagent(path: Path) -> bool:
    # Subagent transcripts (`agent-*.jsonl`) belong to the session that started them.
    return path.name.startswith("agent-")


def _llm(database: Path) -> Found:
    from store.importers import llm_db  # sqlite3 is only needed when llm is there

    try:
        count = llm_db.count_conversations(database)
    except ImportFileError as exc:
        return Found(LLM, database, None, (database,), str(exc))
    return Found(LLM, database, count, (database,))
