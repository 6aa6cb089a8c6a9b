"""Finding the histories of Claude Code, Codex and llm on this machine."""

from __future__ import annotations

import shutil
from pathlib import Path

from store.importers import discover
from tests.store import llm_databases
from tests.store.sources_helpers import sample


def _home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    projects = home / ".claude" / "projects"
    for project, names in {
        "-home-ada-app": ["a.jsonl", "b.jsonl"],
        "-home-ada-lib": ["c.jsonl"],
    }.items():
        (projects / project).mkdir(parents=True)
        for name in names:
            shutil.copy(sample("claude_code_session.jsonl"), projects / project / name)
    # A subagent's transcript belongs to its session; notes are not sessions either.
    shutil.copy(
        sample("claude_code_session.jsonl"), projects / "-home-ada-app" / "agent-1a2b.jsonl"
    )
    (projects / "-home-ada-app" / "notes.txt").write_text("not a session")
    day = home / ".codex" / "sessions" / "2026" / "02" / "23"
    day.mkdir(parents=True)
    shutil.copy(sample("codex_session_2026.jsonl"), day / "rollout-2026-02-23T20-34-25-x.jsonl")
    (day / "history.jsonl").write_text("{}\n")
    return home


def test_discover_lists_each_tool_with_its_count(tmp_path) -> None:
    home = _home(tmp_path)
    database = home / ".config" / "io.datasette.llm" / "logs.db"
    database.parent.mkdir(parents=True)
    llm_databases.legacy(database)

    found = discover.discover(home=home, env={}, platform="linux")

    assert [(f.tool, f.conversations) for f in found] == [
        (discover.CLAUDE_CODE, 3),
        (discover.CODEX, 1),
        (discover.LLM, len({row[1] for row in llm_databases.LEGACY_ROWS})),
    ]
    assert found[0].path == home / ".claude" / "projects"
    assert {p.name for p in found[0].files} == {"a.jsonl", "b.jsonl", "c.jsonl"}
    assert found[2].files == (database,)
    assert all(f.problem is None for f in found)


def test_discover_honours_each_tools_own_variables(tmp_path) -> None:
    home = _home(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    shutil.move(home / ".claude", elsewhere / "claude")
    shutil.move(home / ".codex", elsewhere / "codex")
    (elsewhere / "llm").mkdir(parents=True)
    llm_databases.legacy(elsewhere / "llm" / "logs.db")
    env = {
        "CLAUDE_CONFIG_DIR": str(elsewhere / "claude"),
        "CODEX_HOME": str(elsewhere / "codex"),
        "LLM_USER_PATH": str(elsewhere / "llm"),
    }

    found = discover.discover(home=home, env=env, platform="linux")

    assert [f.path for f in found] == [
        elsewhere / "claude" / "projects",
        elsewhere / "codex" / "sessions",
        elsewhere / "llm" / "logs.db",
    ]


def test_llm_database_path_per_platform(tmp_path) -> None:
    home = tmp_path
    mac = discover.llm_database(home, {}, "darwin")
    assert mac == home / "Library" / "Application Support" / "io.datasette.llm" / "logs.db"
    linux = discover.llm_database(home, {"XDG_CONFIG_HOME": "/cfg"}, "linux")
    assert linux == Path("/cfg/io.datasette.llm/logs.db")
    windows = discover.llm_database(home, {"APPDATA": "C:/Users/ada/AppData/Roaming"}, "win32")
    assert windows == Path("C:/Users/ada/AppData/Roaming/io.datasette.llm/logs.db")


def test_nothing_found_is_an_empty_list_and_a_bad_database_says_why(tmp_path) -> None:
    home = tmp_path / "empty"
    home.mkdir()
    assert discover.discover(home=home, env={}, platform="linux") == []
    database = home / ".config" / "io.datasette.llm" / "logs.db"
    database.parent.mkdir(parents=True)
    database.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)

    [found] = discover.discover(home=home, env={}, platform="linux")

    assert found.tool == discover.LLM and found.conversations is None
    assert found.problem and "\n" not in found.problem
