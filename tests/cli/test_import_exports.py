"""`threadkeep import` on the real export fixtures, checked against counts computed here."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from store import NewMessage
from tests.cli.helpers import (
    EXPORT_FIXTURES,
    active_path,
    conversation_by_source,
    fixture,
    rows,
    threadkeep,
    write,
)


def test_chatgpt_2023_export_imports_the_active_branch_of_every_conversation(store):
    export = fixture("chatgpt_export_2023_subset.json")
    result = threadkeep("import", str(EXPORT_FIXTURES / "chatgpt_export_2023_subset.json"))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    expected_messages = sum(len(active_path(c)) for c in export)
    assert f"imported:  {len(export)} conversations, {expected_messages} messages" in result.stdout
    assert rows(store, "conversations") == len(export)
    assert rows(store, "messages") == expected_messages

    for conversation in export:
        stored = conversation_by_source(store, f"chatgpt:{conversation['id']}")
        path = active_path(conversation)
        messages = store.load_messages(stored.id)
        # Exactly the active branch, in branch order, each message its original node.
        assert [m.raw["id"] for m in messages] == path
        assert all(m.raw == conversation["mapping"][m.raw["id"]] for m in messages)
        assert {m.format for m in messages} == {"chatgpt-export"}
        assert {m.provider for m in messages} == {"openai"}
        assert all(m.model for m in messages)
        for message in messages:
            slug = message.raw["message"]["metadata"].get("model_slug")
            if slug:
                assert message.model == slug
        # Nothing of the tree is lost: the other nodes are in the conversation's metadata.
        off_path = set(conversation["mapping"]) - set(path)
        kept = set(stored.metadata.get("off_path_nodes", {}))
        roots = {k for k, n in conversation["mapping"].items() if n["message"] is None}
        assert kept | roots >= off_path
        if conversation["title"] == "New chat":
            first_prompt = next(
                conversation["mapping"][n]["message"]["content"]["parts"][0]
                for n in path
                if conversation["mapping"][n]["message"]["author"]["role"] == "user"
            )
            assert stored.title and first_prompt.startswith(stored.title.rstrip("…")[:40])
            assert stored.metadata["original_title"] == "New chat"
        else:
            assert stored.title == conversation["title"]
        assert stored.created_at == datetime.fromtimestamp(conversation["create_time"], UTC)


def test_chatgpt_branches_are_kept_off_path(store):
    export = fixture("chatgpt_export_2023_subset.json")
    oscar = next(c for c in export if c["title"] == "Oscar for Rental Webshop")
    threadkeep("import", str(EXPORT_FIXTURES / "chatgpt_export_2023_subset.json"))
    stored = conversation_by_source(store, f"chatgpt:{oscar['id']}")
    off_path = stored.metadata["off_path_nodes"]
    assert len(off_path) == 6
    assert all(off_path[k] == oscar["mapping"][k] for k in off_path)


def test_chatgpt_2025_export_marks_hidden_nodes_and_keeps_custom_instructions(store):
    export = fixture("chatgpt_export_2025_single.json")
    (conversation,) = export
    result = threadkeep("import", str(EXPORT_FIXTURES / "chatgpt_export_2025_single.json"))
    assert result.returncode == 0, result.stderr
    stored = conversation_by_source(store, f"chatgpt:{conversation['conversation_id']}")
    messages = store.load_messages(stored.id)
    assert len(messages) == len(active_path(conversation))
    hidden = [m for m in messages if m.hidden]
    assert [m.raw["message"]["content"]["content_type"] for m in hidden] == [
        "text",
        "user_editable_context",
    ]
    context = next(
        n["message"]["content"]
        for n in conversation["mapping"].values()
        if n["message"] and n["message"]["content"]["content_type"] == "user_editable_context"
    )
    assert (
        stored.metadata["custom_instructions"]["user_instructions"] == context["user_instructions"]
    )
    # The replies stamped before their prompts still follow them: position is branch order.
    roles = [m.role for m in messages if not m.hidden]
    assert roles == ["user", "assistant"] * 5
    # Every message names a model, user prompts included (the model they were sent to).
    assert {m.model for m in messages} == {"gpt-4o"}
    assert stored.title == "How photosynthesis works"


def test_claude_2024_export_orders_by_time_and_keeps_ties_in_array_order(store):
    export = fixture("claude_export_2024_artifacts.json")
    (conversation,) = export
    result = threadkeep("import", str(EXPORT_FIXTURES / "claude_export_2024_artifacts.json"))
    assert result.returncode == 0, result.stderr
    stored = conversation_by_source(store, f"claude:{conversation['uuid']}")
    messages = store.load_messages(stored.id)
    entries = conversation["chat_messages"]
    expected = [e["uuid"] for e in sorted(entries, key=lambda e: e["created_at"])]
    assert [m.raw["uuid"] for m in messages] == expected
    assert all(m.raw in entries for m in messages)
    # The 03:37:51 tie: the human message comes before the reply, as in the array.
    tied = [
        m.raw["sender"] for m in messages if m.raw["created_at"].startswith("2024-10-17T03:37:51")
    ]
    assert tied == ["human", "assistant"]
    assert {(m.provider, m.model, m.format) for m in messages} == {
        ("anthropic", "unknown", "claude-export")
    }
    assert "do not record" in stored.metadata["model_note"]
    assert stored.title == conversation["name"]


def test_llm_logs_json_imports_each_row_as_prompt_and_response(store):
    # Issue 15: `llm logs --json` used to be refused; it is a source of its own now.
    logs = fixture("llm_logs_json_docs_example_2025.json")
    result = threadkeep("import", str(EXPORT_FIXTURES / "llm_logs_json_docs_example_2025.json"))
    assert result.returncode == 0, result.stderr
    assert rows(store, "conversations") == len({r["conversation_id"] for r in logs})
    assert rows(store, "messages") == 2 * len(logs)
    stored = conversation_by_source(store, f"llm:{logs[0]['conversation_id']}")
    assert stored.title == logs[0]["conversation_name"]


def test_reimporting_adds_nothing(store):
    paths = [
        str(EXPORT_FIXTURES / "chatgpt_export_2023_subset.json"),
        str(EXPORT_FIXTURES / "chatgpt_export_2025_single.json"),
        str(EXPORT_FIXTURES / "claude_export_2024_artifacts.json"),
    ]
    first = threadkeep("import", *paths)
    assert first.returncode == 0, first.stderr
    counts = (rows(store, "conversations"), rows(store, "messages"))
    second = threadkeep("import", *paths)
    assert second.returncode == 0, second.stderr
    assert (rows(store, "conversations"), rows(store, "messages")) == counts
    assert "imported:  0 conversations, 0 messages" in second.stdout
    assert f"skipped:   {counts[0]} already imported" in second.stdout


def test_a_newer_export_adds_what_followed_and_keeps_edits_out(store, tmp_path):
    import copy
    import json

    full = fixture("chatgpt_export_2023_subset.json")
    chat = max(full, key=lambda c: len(active_path(c)))
    path = active_path(chat)
    # The same chat exported two turns earlier: its current node was further up the branch.
    older = copy.deepcopy(chat)
    older["current_node"] = path[-3]
    first = threadkeep("import", str(write(tmp_path / "old.json", json.dumps([older]))))
    assert first.returncode == 0, first.stderr
    stored = conversation_by_source(store, f"chatgpt:{chat['id']}")
    assert len(store.load_messages(stored.id)) == len(path) - 2
    store.rename(stored.id, "Renamed here")

    newer = threadkeep("import", str(write(tmp_path / "new.json", json.dumps([chat]))))
    assert newer.returncode == 0, newer.stderr
    assert "imported:  0 conversations, 2 messages" in newer.stdout
    assert "updated:   1 conversation with new messages" in newer.stdout
    assert [m.raw["id"] for m in store.load_messages(stored.id)] == path
    assert store.get_conversation(stored.id).title == "Renamed here"

    # An earlier answer regenerated upstream: a new branch, not an append. Kept as stored.
    edited = copy.deepcopy(chat)
    fork = path[1]
    edited["mapping"]["regenerated"] = {
        **copy.deepcopy(chat["mapping"][path[2]]),
        "id": "regenerated",
        "parent": fork,
        "children": [],
    }
    edited["mapping"]["regenerated"]["message"]["id"] = "regenerated"
    edited["mapping"][fork]["children"].append("regenerated")
    edited["current_node"] = "regenerated"
    third = threadkeep("import", str(write(tmp_path / "edited.json", json.dumps([edited]))))
    assert third.returncode == 0, third.stderr
    assert "unmerged:  1 conversation kept as stored:" in third.stdout
    assert "not an append" in third.stdout
    assert [m.raw["id"] for m in store.load_messages(stored.id)] == path


def test_a_directory_and_a_zip_import_what_they_contain(store, tmp_path):
    import zipfile

    archive = tmp_path / "data-2026-01-01-batch-0000"  # Claude zips may lack the extension
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.write(EXPORT_FIXTURES / "claude_export_2024_artifacts.json", "conversations.json")
        out.writestr("users.json", '[{"uuid": "u", "full_name": "A", "email_address": "a@b"}]')
        out.writestr("projects.json", "[]")
    folder = tmp_path / "chatgpt"
    folder.mkdir()
    # A split ChatGPT export: conversations-000.json, -001.json, plus files that are not chats.
    export = fixture("chatgpt_export_2023_subset.json")
    import json

    (folder / "conversations-000.json").write_text(json.dumps(export[:4]))
    (folder / "conversations-001.json").write_text(json.dumps(export[4:]))
    (folder / "user.json").write_text('{"id": "user-1", "email": "a@b"}')
    (folder / "chat.html").write_text("<html><body>chats</body></html>")
    result = threadkeep("import", str(archive), str(folder))
    assert result.returncode == 0, result.stdout + result.stderr
    assert rows(store, "conversations") == 1 + len(export)


def _last_analyzed(store):
    # Only an explicit ANALYZE moves this; autovacuum's own runs are counted apart.
    with store._engine.connect() as conn:
        return conn.execute(
            text("select pg_stat_get_last_analyze_time('messages'::regclass)")
        ).scalar_one()


def test_a_large_import_has_search_recount_the_words_at_once(store):
    before = _last_analyzed(store)
    result = threadkeep("import", str(EXPORT_FIXTURES / "chatgpt_export_2023_subset.json"))
    assert result.returncode == 0, result.stderr
    after = _last_analyzed(store)
    assert after is not None and (before is None or after > before)


def test_a_small_import_into_a_large_archive_leaves_the_recount_to_autovacuum(store):
    big = store.create_conversation("already here")
    store.save_messages(
        big,
        (
            NewMessage(
                raw={"role": "user", "content": f"note {i}"},
                provider="openai",
                model="gpt-4o",
                format="openai-chat",
            )
            for i in range(2000)
        ),
    )
    before = _last_analyzed(store)
    result = threadkeep("import", str(EXPORT_FIXTURES / "chatgpt_export_2023_subset.json"))
    assert result.returncode == 0, result.stderr
    assert rows(store, "messages") < 2000 * 1.1  # the import brought less than a tenth
    assert _last_analyzed(store) == before
