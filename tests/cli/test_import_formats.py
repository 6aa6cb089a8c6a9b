"""Message-level input (AI SDK, raw provider JSON) and the tree and branch edge cases."""

from __future__ import annotations

import copy
import json

import pytest

from tests.cli.helpers import (
    EXPORT_FIXTURES,
    FORMAT_FIXTURES,
    assert_one_line_error,
    conversation_by_source,
    fixture,
    rows,
    threadkeep,
    write,
)

FORMAT_CASES = [
    ("ai-sdk-v6.uimessage.reasoning-tool-steps.vercel-ai-test.json", "ai-sdk-ui", "unknown", 1),
    ("anthropic.redacted_thinking.response.json", "anthropic-messages", "anthropic", 1),
    ("anthropic.thinking-tool_use.followup.request.json", "anthropic-messages", "anthropic", 3),
    ("anthropic.thinking-tool_use.response.json", "anthropic-messages", "anthropic", 1),
    ("anthropic.thinking.response.claude-sonnet-4-5.json", "anthropic-messages", "anthropic", 1),
    ("deepseek.reasoning_content-tool_calls.response.json", "openai-chat", "deepseek", 1),
    ("deepseek.reasoning_content.response.json", "openai-chat", "deepseek", 1),
    ("gemini.thought-parts.response.gemini-2.5-pro.json", "gemini", "google", 1),
    ("gemini3.text-thoughtSignature.response.json", "gemini", "google", 1),
    (
        "openai-responses.reasoning-encrypted.store-false.response.json",
        "openai-responses",
        "openai",
        1,
    ),
    (
        "openai-responses.reasoning-summary.store-true.response.json",
        "openai-responses",
        "openai",
        1,
    ),
    (
        "openrouter.reasoning_details.anthropic-claude-v1.response.json",
        "openai-chat",
        "openrouter",
        1,
    ),
]


@pytest.mark.parametrize(("name", "fmt", "provider", "count"), FORMAT_CASES)
def test_each_provider_fixture_is_recognised_by_content(
    store, tmp_path, name, fmt, provider, count
):
    # A neutral file name: detection must not lean on it.
    path = write(tmp_path / "input.json", (FORMAT_FIXTURES / name).read_bytes())
    result = threadkeep("import", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    (conversation,) = store.list_conversations(10)
    messages = store.load_messages(conversation.id)
    assert len(messages) == count
    assert {(m.format, m.provider) for m in messages} == {(fmt, provider)}
    data = fixture(name)
    model = data.get("model") or data.get("modelVersion") if isinstance(data, dict) else None
    if model:
        assert {m.model for m in messages} == {model}
    if count == 1 and isinstance(data, dict):
        assert messages[0].raw == data


def test_an_anthropic_request_is_split_into_its_messages_with_the_rest_in_metadata(store):
    name = "anthropic.thinking-tool_use.followup.request.json"
    result = threadkeep("import", str(FORMAT_FIXTURES / name))
    assert result.returncode == 0
    (conversation,) = store.list_conversations(10)
    request = fixture(name)
    messages = store.load_messages(conversation.id)
    assert [m.raw for m in messages] == request["messages"]
    assert [m.role for m in messages] == ["user", "assistant", "user"]
    stored = store.get_conversation(conversation.id)
    assert stored.metadata["request"]["tools"] == request["tools"]
    assert "messages" not in stored.metadata["request"]
    assert stored.title == "What is the largest city in the user country?"


def test_ai_sdk_jsonl_and_chat_objects(store, tmp_path):
    (message,) = fixture("ai-sdk-v6.uimessage.reasoning-tool-steps.vercel-ai-test.json")
    prompt = {"id": "u1", "role": "user", "parts": [{"type": "text", "text": "Weather in London?"}]}
    jsonl = write(tmp_path / "chat.jsonl", json.dumps(prompt) + "\n" + json.dumps(message) + "\n")
    chats = write(
        tmp_path / "chats.json",
        json.dumps(
            [
                {"id": "chat-1", "messages": [prompt, message]},
                {"id": "chat-2", "messages": [prompt]},
            ]
        ),
    )
    result = threadkeep(
        "import", str(jsonl), str(chats), "--provider", "anthropic", "--model", "claude-x"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert rows(store, "conversations") == 3
    chat = conversation_by_source(store, "ai-sdk:chat-1")
    messages = store.load_messages(chat.id)
    assert [m.raw for m in messages] == [prompt, message]
    assert {(m.format, m.provider, m.model) for m in messages} == {
        ("ai-sdk-ui", "anthropic", "claude-x")
    }
    assert chat.title == "Weather in London?"
    again = threadkeep("import", str(jsonl), str(chats))
    assert again.returncode == 0
    assert rows(store, "conversations") == 3


def test_a_chat_completions_log_is_one_conversation(store, tmp_path):
    lines = [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Capital of Portugal?"},
        {"role": "assistant", "content": "Lisbon."},
    ]
    path = write(tmp_path / "log.jsonl", "\n".join(json.dumps(x) for x in lines))
    result = threadkeep("import", str(path), "--model", "gpt-4o-mini")
    assert result.returncode == 0, result.stderr
    (conversation,) = store.list_conversations(10)
    messages = store.load_messages(conversation.id)
    assert [m.raw for m in messages] == lines
    assert {(m.format, m.provider, m.model) for m in messages} == {
        ("openai-chat", "openai", "gpt-4o-mini")
    }
    assert conversation.title == "Capital of Portugal?"


def test_forcing_a_format_that_does_not_fit_is_refused(store):
    result = threadkeep(
        "import", "--format", "gemini", str(EXPORT_FIXTURES / "claude_export_2024_artifacts.json")
    )
    assert_one_line_error(result, "not gemini")
    assert rows(store, "conversations") == 0


def test_chatgpt_cycles_and_dangling_parents_stop_the_walk(store, tmp_path):
    (conversation,) = fixture("chatgpt_export_2025_single.json")
    looped = copy.deepcopy(conversation)
    looped["conversation_id"] = looped["id"] = "looped"
    first_user = "4a718348-3eb5-4e00-a464-38417f6cb252"
    looped["mapping"][first_user]["parent"] = looped["current_node"]  # a cycle
    dangling = copy.deepcopy(conversation)
    dangling["conversation_id"] = dangling["id"] = "dangling"
    dangling["mapping"][first_user]["parent"] = "missing-node"
    no_current = copy.deepcopy(conversation)
    no_current["conversation_id"] = no_current["id"] = "no-current"
    no_current["current_node"] = None
    no_title = copy.deepcopy(conversation)
    no_title["conversation_id"] = no_title["id"] = "no-title"
    no_title["title"] = None
    path = write(tmp_path / "c.json", json.dumps([looped, dangling, no_current, no_title]))
    result = threadkeep("import", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    for source in ("looped", "dangling"):
        stored = conversation_by_source(store, f"chatgpt:{source}")
        assert stored.message_count == 10  # from the first prompt to the current node
        assert stored.metadata["notes"]
    whole = conversation_by_source(store, "chatgpt:no-current")
    assert whole.message_count == 12
    untitled = conversation_by_source(store, "chatgpt:no-title")
    assert untitled.title == "Can you explain how photosynthesis works in simple terms?"


def test_claude_branches_take_the_newest_leaf_and_keep_the_others(store, tmp_path):
    root = "00000000-0000-4000-8000-000000000000"

    def message(uuid, parent, sender, text, at):
        return {
            "uuid": uuid,
            "parent_message_uuid": parent,
            "sender": sender,
            "text": "",
            "content": [{"type": "text", "text": text}],
            "created_at": f"2026-03-01T10:00:{at:02d}Z",
            "updated_at": f"2026-03-01T10:00:{at:02d}Z",
            "attachments": [],
            "files": [],
        }

    entries = [
        message("a", root, "human", "Name a colour", 0),
        message("b-old", "a", "assistant", "Red", 5),
        message("b-new", "a", "assistant", "Blue", 9),  # the retry: newest leaf
        message("c", "b-new", "human", "Another", 12),
        message("d", "c", "assistant", "Green", 15),
    ]
    conversations = [
        {
            "uuid": "branchy",
            "name": "",
            "created_at": "2026-03-01T10:00:00Z",
            "updated_at": "2026-03-01T10:00:15Z",
            "account": {"uuid": "x"},
            "chat_messages": [entries[3], entries[0], entries[2], entries[1], entries[4]],
        },
        {
            "uuid": "empty",
            "name": "Nothing",
            "created_at": "2026-03-01T10:00:00Z",
            "updated_at": "2026-03-01T10:00:00Z",
            "account": {"uuid": "x"},
            "chat_messages": [],
        },
    ]
    path = write(tmp_path / "conversations.json", json.dumps(conversations))
    result = threadkeep("import", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "empty:     1 conversations" in result.stdout
    stored = conversation_by_source(store, "claude:branchy")
    assert [m.raw["uuid"] for m in store.load_messages(stored.id)] == ["a", "b-new", "c", "d"]
    assert [m["uuid"] for m in stored.metadata["off_branch_messages"]] == ["b-old"]
    assert stored.title == "Name a colour"
    assert rows(store, "conversations") == 1
