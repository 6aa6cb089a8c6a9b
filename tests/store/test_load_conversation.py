"""load_conversation: a stored conversation as each provider would receive it."""

from __future__ import annotations

import json
import uuid

import pytest

from store import ConversationNotFound, UnknownView
from tests.conftest import FORMAT_FIXTURES
from tests.translate.oracles import check_payload
from translate import Record


def fixture(name: str):
    return json.loads((FORMAT_FIXTURES / name).read_text())


@pytest.fixture
def switched(store):
    """Claude thinks and calls a tool, then the conversation continues on Gemini."""
    cid = store.create_conversation("Largest city, then a river")
    followup = fixture("anthropic.thinking-tool_use.followup.request.json")
    first_user = followup["messages"][0]
    response = fixture("anthropic.thinking-tool_use.response.json")
    tool_result = followup["messages"][2]
    store.save_message(cid, first_user, "anthropic", response["model"], format="anthropic-messages")
    store.save_message(cid, response, "anthropic", response["model"], format="anthropic-messages")
    store.save_message(
        cid, tool_result, "anthropic", response["model"], format="anthropic-messages"
    )
    gemini = fixture("gemini.thought-parts.response.gemini-2.5-pro.json")
    store.save_message(
        cid,
        {"role": "user", "parts": [{"text": "How do I cross a river?"}]},
        "google",
        "gemini-2.5-pro",
        format="gemini",
    )
    store.save_message(cid, gemini, "google", "gemini-2.5-pro", format="gemini")
    return cid, response


def test_the_original_view_returns_the_raw_messages(store, switched):
    cid, response = switched
    result = store.load_conversation(cid)
    assert result.view == "original"
    assert result.report is None
    assert result.payload[1] == response
    assert [m.position for m in result.messages] == [0, 1, 2, 3, 4]


def test_back_to_the_same_model_replays_the_signature_byte_exactly(store, switched):
    cid, response = switched
    result = store.load_conversation(cid, "anthropic")
    assert result.target.model == response["model"]
    thinking = next(b for b in response["content"] if b["type"] == "thinking")
    sent = [
        b
        for m in result.payload["messages"]
        for b in (m["content"] if isinstance(m["content"], list) else [])
        if b.get("type") == "thinking"
    ]
    assert thinking in sent
    assert "replayed natively" in result.report.summary()


@pytest.mark.parametrize(
    "view", ["openai-responses", "openai-chat", "anthropic", "gemini", "deepseek", "ai-sdk"]
)
def test_every_view_is_a_valid_request_without_foreign_blobs(store, switched, view):
    cid, _ = switched
    result = store.load_conversation(cid, view)
    records = [Record(m.raw, m.format, m.provider, m.model) for m in result.messages]
    check_payload(records, result.target, result.payload, result.report)


def test_a_foreign_signature_never_reaches_gemini(store, switched):
    cid, response = switched
    result = store.load_conversation(cid, "gemini")
    signature = next(b for b in response["content"] if b["type"] == "thinking")["signature"]
    assert signature not in json.dumps(result.payload)
    actions = {(e.kind, e.action) for e in result.report.entries}
    assert any(
        kind == "reasoning" and action in ("converted", "dropped") for kind, action in actions
    )


def test_reasoning_can_be_dropped_on_request(store, switched):
    cid, _ = switched
    result = store.load_conversation(cid, "openai-chat", reasoning="drop")
    assert "converted" not in {e.action for e in result.report.entries if e.kind == "reasoning"}


def test_bad_views_and_ids_get_clear_errors(store, switched):
    cid, _ = switched
    with pytest.raises(UnknownView, match="unknown view 'mistral'"):
        store.load_conversation(cid, "mistral")
    with pytest.raises(UnknownView, match="reasoning mode"):
        store.load_conversation(cid, "gemini", reasoning="sometimes")
    with pytest.raises(ConversationNotFound):
        store.load_conversation(uuid.uuid4(), "gemini")
