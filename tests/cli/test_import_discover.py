"""`threadkeep import --discover`: list this machine's histories, import them on a yes."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.cli.helpers import rows, threadkeep
from tests.store import llm_databases
from tests.store.sources_helpers import sample


def _histories(tmp_path: Path) -> dict[str, str]:
    """One Claude Code session, one Codex rollout and an llm database, in temp dirs."""
    claude = tmp_path / "claude"
    (claude / "projects" / "-home-ada-app").mkdir(parents=True)
    shutil.copy(sample("claude_code_session.jsonl"), claude / "projects" / "-home-ada-app")
    codex = tmp_path / "codex"
    day = codex / "sessions" / "2026" / "02" / "23"
    day.mkdir(parents=True)
    shutil.copy(sample("codex_session_2026.jsonl"), day / "rollout-2026-02-23T20-34-25-x.jsonl")
    llm = tmp_path / "llm"
    llm.mkdir()
    llm_databases.legacy(llm / "logs.db")
    home = tmp_path / "home"
    home.mkdir()
    return {
        "HOME": str(home),
        "CLAUDE_CONFIG_DIR": str(claude),
        "CODEX_HOME": str(codex),
        "LLM_USER_PATH": str(llm),
    }


def test_discover_without_a_terminal_or_yes_only_lists(store, tmp_path):
    env = _histories(tmp_path)
    before = rows(store, "conversations")

    result = threadkeep("import", "--discover", env=env)

    assert result.returncode == 0, result.stderr
    llm_count = len({row[1] for row in llm_databases.LEGACY_ROWS})
    assert "Claude Code: 1 session in " in result.stdout
    assert "Codex CLI: 1 session in " in result.stdout
    assert f"llm: {llm_count} conversations in {env['LLM_USER_PATH']}/logs.db" in result.stdout
    assert "--discover --yes" in result.stdout
    assert rows(store, "conversations") == before


def test_discover_yes_imports_everything_found_once(store, tmp_path):
    env = _histories(tmp_path)
    before = rows(store, "conversations")
    llm_count = len({row[1] for row in llm_databases.LEGACY_ROWS})

    first = threadkeep("import", "--discover", "--yes", env=env)
    again = threadkeep("import", "--discover", "--yes", env=env)

    assert first.returncode == 0, first.stdout + first.stderr
    assert rows(store, "conversations") == before + 2 + llm_count
    assert f"imported:  {2 + llm_count} conversations" in first.stdout
    assert "imported:  0 conversations" in again.stdout


def test_discover_finds_nothing_in_an_empty_home(store, tmp_path):
    env = {k: str(tmp_path / "none") for k in ("CLAUDE_CONFIG_DIR", "CODEX_HOME")}
    env |= {"HOME": str(tmp_path), "LLM_USER_PATH": str(tmp_path / "none")}
    result = threadkeep("import", "--discover", "--yes", env=env)
    assert result.returncode == 0
    assert "no Claude Code, Codex CLI or llm history" in result.stdout


def test_discover_and_paths_together_is_a_one_line_error(store, tmp_path):
    result = threadkeep("import", "--discover", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "not both" in result.stderr
    bare = threadkeep("import")
    assert bare.returncode == 1 and "nothing to import" in bare.stderr
