"""export, list, search, demo and db, through the real command."""

from __future__ import annotations

import json
import subprocess

import pytest

import translate
from store import NewMessage
from tests.cli.helpers import (
    EXPORT_FIXTURES,
    assert_one_line_error,
    conversation_by_source,
    fixture,
    rows,
    threadkeep,
)
from tui.cli import main


def test_demo_loads_every_provider_once(store):
    first = threadkeep("demo")
    assert first.returncode == 0, first.stderr
    conversations, messages = rows(store, "conversations"), rows(store, "messages")
    assert conversations >= 10
    assert messages >= 300
    again = threadkeep("demo")
    assert again.returncode == 0
    assert (rows(store, "conversations"), rows(store, "messages")) == (conversations, messages)
    assert "already there" in again.stdout
    listed = {c.display_title: c for c in store.list_conversations(100)}
    providers = {p for c in listed.values() for p in c.providers}
    assert {"openai", "anthropic", "google", "deepseek", "openrouter"} <= providers
    formats = {m.format for c in listed.values() for m in store.load_messages(c.id)}
    assert formats == {
        "chatgpt-export",
        "claude-export",
        "ai-sdk-ui",
        "anthropic-messages",
        "openai-chat",
        "openai-responses",
        "gemini",
    }
    assert max(c.message_count for c in listed.values()) >= 300
    switch = next(c for c in listed.values() if len(c.providers) >= 3)
    assert switch.title and "Kyoto" in switch.title
    # Real-looking titles, never an id or an empty line.
    assert all(len(t) > 8 and "demo" not in t.lower() for t in listed)


def _import_fixtures():
    result = threadkeep(
        "import",
        str(EXPORT_FIXTURES / "chatgpt_export_2023_subset.json"),
        str(EXPORT_FIXTURES / "claude_export_2024_artifacts.json"),
    )
    assert result.returncode == 0, result.stderr


def test_list_plain_and_json(store, capsys):
    _import_fixtures()
    assert main(["list", "--json", "--all"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == 9
    assert set(listed[0]) == {
        "id",
        "title",
        "display_title",
        "created_at",
        "updated_at",
        "deleted_at",
        "message_count",
        "providers",
        "models",
    }
    assert listed == sorted(listed, key=lambda c: c["updated_at"], reverse=True)
    claude = next(c for c in listed if c["title"] == "LLM Pricing Calculator")
    assert claude["message_count"] == 20
    assert claude["providers"] == ["anthropic"]
    assert main(["list", "--limit", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(listed[0]["id"])


def test_search_plain_and_json(store, capsys):
    _import_fixtures()
    assert main(["search", "photosynthesis OR multivariate", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits
    assert set(hits[0]) == {
        "conversation_id",
        "title",
        "message_id",
        "position",
        "role",
        "snippet",
        "matches",
        "rank",
        "created_at",
    }
    assert main(["search", "pricing"]) == 0
    out = capsys.readouterr().out
    stored = conversation_by_source(store, "claude:91098bc8-f2c4-427b-b71b-1e25efa2e871")
    assert str(stored.id) in out


def test_search_of_common_words_only_says_so(store, capsys):
    _import_fixtures()
    assert main(["search", "the and"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "only common words: the, and" in captured.err


def test_titles_and_snippets_never_reach_the_terminal_as_escapes(store, capsys):
    hostile = "Evil \x1b]0;pwned\x07 title \x1b[2J\u202eReversed\x9b31m"
    store.import_conversation(
        [
            NewMessage(
                {"role": "user", "content": f"escape {hostile} marker"},
                "openai",
                "gpt-4o",
                "openai-chat",
            )
        ],
        title=hostile,
        metadata={"source_id": "test:hostile"},
    )
    (stored,) = store.list_conversations(1)
    for argv in (
        ["list"],
        ["search", "marker"],
        ["list", "--json"],
        ["search", "marker", "--json"],
        ["export", str(stored.id), "--as", "markdown"],
        ["export", str(stored.id), "--as", "openai-chat"],
    ):
        assert main(argv) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
        assert "\u202e" not in out


def test_export_json_and_markdown(store, tmp_path, capsys):
    _import_fixtures()
    stored = conversation_by_source(store, "claude:91098bc8-f2c4-427b-b71b-1e25efa2e871")
    target = tmp_path / "out.json"
    assert main(["export", str(stored.id)[:8], "--as", "json", "-o", str(target)]) == 0
    document = json.loads(target.read_text())
    assert document["conversation"]["id"] == str(stored.id)
    messages = document["messages"]
    assert [m["position"] for m in messages] == list(range(20))
    original = fixture("claude_export_2024_artifacts.json")[0]["chat_messages"]
    assert all(m["raw"] in original for m in messages)
    assert {(m["provider"], m["model"], m["format"]) for m in messages} == {
        ("anthropic", "unknown", "claude-export")
    }
    assert main(["export", str(stored.id), "--as", "markdown"]) == 0
    transcript = capsys.readouterr().out
    assert transcript.startswith("# LLM Pricing Calculator")
    assert transcript.count("\n## User ·") == 10
    assert transcript.count("\n## Assistant ·") == 10


@pytest.mark.skipif(
    not hasattr(translate, "decode"), reason="the transcript's parts come from translate.decode"
)
def test_export_markdown_folds_reasoning_and_fences_tool_calls(store, capsys):
    assert main(["demo"]) == 0
    capsys.readouterr()
    weather = next(c for c in store.list_conversations(50) if "Porto" in (c.title or ""))
    assert main(["export", str(weather.id), "--as", "markdown"]) == 0
    transcript = capsys.readouterr().out
    assert transcript.startswith("# Umbrella for Porto tomorrow?")
    assert "## Assistant · claude-sonnet-4-5-20250929 · 2026-10-02" in transcript
    assert "<details><summary>Reasoning</summary>" in transcript
    assert "**Tool call** `get_weather`" in transcript
    assert '"city": "Porto"' in transcript
    assert "**Tool result**" in transcript


def test_export_refuses_unknown_and_ambiguous_ids(store):
    result = threadkeep("export", "ffffffff", "--as", "json")
    assert_one_line_error(result, "no conversation")


def test_db_url_status_and_backup(store, tmp_path):
    threadkeep("demo")
    url = threadkeep("db", "url")
    assert url.returncode == 0
    assert url.stdout.startswith("postgresql://")
    status = threadkeep("db", "status")
    assert "data dir:" in status.stdout and "conversations: 12" in status.stdout
    target = tmp_path / "backup.dump"
    backup = threadkeep("db", "backup", str(target))
    assert backup.returncode == 0, backup.stderr
    assert target.stat().st_size > 0
    from store.server import bundled_binaries

    pg_restore = next(iter(bundled_binaries().values())) / "pg_restore"
    listing = subprocess.run(
        [str(pg_restore), "--list", str(target)], capture_output=True, text=True, check=True
    )
    assert "TABLE DATA public messages" in listing.stdout
    # psql takes the URL as is.
    psql = next(iter(bundled_binaries().values())) / "psql"
    count = subprocess.run(
        [str(psql), url.stdout.strip(), "-Atc", "select count(*) from conversations"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert count.stdout.strip() == "12", count.stderr


def test_db_restore_brings_a_backup_back_and_never_loses_the_current_store(store, tmp_path):
    threadkeep("demo")
    backup = tmp_path / "backup.dump"
    assert threadkeep("db", "backup", str(backup)).returncode == 0
    kept = {c.id: c.title for c in store.list_conversations(100)}
    doomed = next(iter(kept))
    store.rename(doomed, "Renamed after the backup")
    store.purge(next(c for c in kept if c != doomed))

    refused = threadkeep("db", "restore", str(backup))
    assert_one_line_error(refused, "holds 11 conversations", "--replace")
    assert store.get_conversation(doomed).title == "Renamed after the backup"

    restored = threadkeep("db", "restore", str(backup), "--replace")
    assert restored.returncode == 0, restored.stderr
    assert "restored 12 conversations" in restored.stdout
    assert {c.id: c.title for c in store.list_conversations(100)} == kept
    assert [h.conversation_id for h in store.search("Kyoto")]
    # What was replaced is in a backup of its own, beside the restored file.
    (safety,) = tmp_path.glob("threadkeep-before-restore-*.dump")
    assert safety.stat().st_size > 0

    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    assert_one_line_error(
        threadkeep("db", "restore", str(not_a_backup), "--replace"), "not a threadkeep backup"
    )
    assert_one_line_error(threadkeep("db", "restore", str(tmp_path / "missing")), "is not a file")
    assert store.counts().conversations == 12


def test_db_backup_refuses_a_directory(store, tmp_path):
    result = threadkeep("db", "backup", str(tmp_path))
    assert_one_line_error(result, "is a directory")


def test_db_backup_into_a_place_it_cannot_write_is_a_clear_error(store):
    # /proc takes no new files, whoever runs the tests (root included).
    result = threadkeep("db", "backup", "/proc/threadkeep.dump")
    assert_one_line_error(result, "cannot write a backup in /proc")


def test_db_stop_with_an_external_url_is_refused(store):
    result = threadkeep("--database-url", "postgresql://nobody@/x?host=/nonexistent", "db", "stop")
    assert_one_line_error(result, "nothing to stop")


def test_a_bad_database_url_is_one_line_for_every_command(store):
    for argv in (["list"], ["import", "x.json"], ["demo"], ["db", "url"]):
        result = threadkeep(*argv, "--database-url", "mysql://x/y")
        assert_one_line_error(result, "PostgreSQL")


def test_no_subcommand_still_prints_the_status(store):
    result = threadkeep()
    assert result.returncode == 0
    assert "conversations:" in result.stdout


def test_import_reports_a_summary_in_a_pipe_without_progress(store):
    result = threadkeep("import", str(EXPORT_FIXTURES / "chatgpt_export_2025_single.json"))
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout.splitlines()[0] == "imported:  1 conversations, 12 messages"
