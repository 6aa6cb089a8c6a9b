"""index_entry: the role and searchable text the store keeps for every row."""

from __future__ import annotations

import pytest

from tests.translate.fixtures import BY_NAME, FIXTURES
from translate import IndexEntry, TranslateError, index_entry


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.name)
def test_every_fixture_indexes(fixture):
    entry = index_entry(fixture.raw(), fixture.format)
    assert isinstance(entry, IndexEntry) and entry.text


def test_assistant_is_the_primary_role_of_a_request_body():
    fixture = BY_NAME["anthropic.thinking-tool_use.followup.request.json"]
    entry = index_entry(fixture.raw(), fixture.format)
    assert entry.role == "assistant"
    for needle in ("largest city in the user country", "get_user_country", "Mexico", "Let me call"):
        assert needle in entry.text


def test_tool_calls_index_their_name_and_arguments():
    fixture = BY_NAME["deepseek.reasoning_content-tool_calls.response.json"]
    text = index_entry(fixture.raw(), fixture.format).text
    assert "weather" in text and '"location": "San Francisco"' in text
    assert "The user is asking for the weather" in text  # reasoning is searchable too


def test_a_tool_result_row_is_a_tool_row():
    entry = index_entry(
        {"role": "tool", "tool_call_id": "c", "content": "22 degrees"}, "openai-chat"
    )
    assert entry == IndexEntry("tool", "22 degrees")


def test_text_postgres_cannot_store_is_cleaned():
    entry = index_entry({"role": "user", "content": "a\x00b\ud800c"}, "anthropic-messages")
    assert entry.text == "ab?c"


def test_a_chatgpt_tree_root_has_nothing_to_index():
    with pytest.raises(TranslateError, match="holds no message"):
        index_entry(
            {"id": "root", "message": None, "parent": None, "children": []}, "chatgpt-export"
        )
