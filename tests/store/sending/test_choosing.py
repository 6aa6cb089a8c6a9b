"""What the app needs around a send: the provider and model of the latest reply (the
Original view continues there), and a provider's models for a picker, cached."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.config import Config
from store.sending import Done, Send, SendError
from store.sending.models import list_models
from store.sending.targets import latest_reply_target


def test_original_view_continues_with_the_latest_reply(store, server, config, keys):
    server.stream("anthropic.thinking.claude-sonnet-4.sse")
    events = list(Send(store, "anthropic", "Hi", model="claude-sonnet-4-0", config=config).events())
    assert isinstance(events[-1], Done)
    cid = events[-1].reply.conversation_id
    assert latest_reply_target(store.load_messages(cid), config) == (
        "anthropic",
        "claude-sonnet-4-20250514",
    )
    server.stream("deepseek.reasoner.sse")
    local = Config(Path("c.toml"), {"providers": {"ollama": {"base_url": f"{server.url}/v1"}}})
    events = list(
        Send(store, "ollama", "Hi", conversation_id=cid, model="qwen3", config=local).events()
    )
    assert isinstance(events[-1], Done)
    assert latest_reply_target(store.load_messages(cid), local) == ("ollama", "deepseek-reasoner")
    assert latest_reply_target(store.load_messages(cid)[:1], local) is None


def test_models_are_listed_and_cached(store, server, config, keys, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    server.error(
        200,
        {
            "data": [{"id": "gpt-5", "object": "model"}, {"id": "gpt-4.1", "object": "model"}],
            "object": "list",
        },
    )
    assert list_models("openai", config) == ["gpt-4.1", "gpt-5"]
    assert list_models("openai", config) == ["gpt-4.1", "gpt-5"]
    assert [r.path for r in server.requests] == ["/v1/models"]
    server.error(
        200,
        {"models": [{"name": "models/gemini-2.5-pro", "supportedActions": ["generateContent"]}]},
    )
    assert list_models("gemini", config) == ["gemini-2.5-pro"]
    server.error(401, {"error": {"message": "bad key"}})
    with pytest.raises(SendError, match=r"^OpenAI: the API key was refused \(401\)$"):
        list_models("openai", config, refresh=True)
