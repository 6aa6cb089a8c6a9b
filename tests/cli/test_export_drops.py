"""An export that drops messages says how many and why."""

from __future__ import annotations

import json

from tests.cli.helpers import EXPORT_FIXTURES, threadkeep


def test_a_redacted_claude_conversation_says_its_messages_were_dropped(store, tmp_path):
    export = json.loads((EXPORT_FIXTURES / "claude_export_2024_artifacts.json").read_text())
    conversation = next(c for c in export if len(c["chat_messages"]) >= 4)
    # Redacted: the messages are there, their text and content are not.
    conversation["chat_messages"] = conversation["chat_messages"][:4]
    for message in conversation["chat_messages"]:
        message["text"] = ""
        message.pop("content", None)
        message["files"] = []
        message["attachments"] = []
    path = tmp_path / "redacted.json"
    path.write_text(json.dumps([conversation]))
    assert threadkeep("import", str(path)).returncode == 0
    [summary] = store.list_conversations()

    result = threadkeep("export", str(summary.id), "--as", "anthropic")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["messages"] == []
    assert (
        "anthropic: 4 of 4 messages dropped: they hold no content (blank or redacted) "
        "(messages 0, 1, 2, 3)" in result.stderr
    )


def test_an_export_that_drops_nothing_says_nothing_about_drops(store):
    path = EXPORT_FIXTURES / "claude_export_2024_artifacts.json"
    assert threadkeep("import", str(path)).returncode == 0
    conversation = store.list_conversations()[0]
    result = threadkeep("export", str(conversation.id), "--as", "openai-chat")
    assert result.returncode == 0, result.stderr
    assert "dropped: they hold no content" not in result.stderr
