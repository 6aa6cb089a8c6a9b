"""Every way a send can fail reaches the user as one line naming the provider, never with
the key, and stores nothing: the draft stays the caller's to retry."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from store.config import Config
from store.sending import Cancelled, Done, Failed, Send, TextDelta
from store.sending.events import ReasoningDelta
from tests.store.sending.conftest import KEY, config_for

PROVIDERS = ["anthropic", "openai", "openai-chat", "gemini"]
LABELS = {"anthropic": "Anthropic", "openai": "OpenAI", "openai-chat": "OpenAI", "gemini": "Gemini"}
STREAMS = {
    "anthropic": "anthropic.thinking.claude-sonnet-4.sse",
    "openai": "openai-responses.reasoning.gpt-5.sse",
    "openai-chat": "openai-chat.text.gpt-4.1-nano.sse",
    "gemini": "gemini.thoughts.gemini-2.5-pro.sse",
    "deepseek": "deepseek.reasoner.sse",
}


def error_body(provider: str, status: int, message: str) -> dict:
    """Each provider's own error envelope."""
    if provider == "anthropic":
        return {"type": "error", "error": {"type": "api_error", "message": message}}
    if provider == "gemini":
        return {"error": {"code": status, "message": message, "status": "ERROR"}}
    return {"error": {"message": message, "type": "invalid_request_error", "code": None}}


def fail(store, config, provider, cid=None, **options) -> Failed:
    events = list(
        Send(store, provider, "my draft", conversation_id=cid, config=config, **options).events()
    )
    assert len(events) >= 1
    end = events[-1]
    assert isinstance(end, Failed), end
    line = str(end.error)
    assert "\n" not in line and line.strip() == line
    assert KEY not in line and KEY not in repr(end)
    return end


@pytest.fixture
def conversation(store, server, config, keys):
    """A conversation with one exchange, to continue."""
    server.stream(STREAMS["anthropic"])
    events = list(
        Send(store, "anthropic", "Hello", model="claude-sonnet-4-20250514", config=config).events()
    )
    assert isinstance(events[-1], Done)
    server.requests.clear()
    return events[-1].reply.conversation_id


def assert_nothing_stored(store, cid) -> None:
    assert len(store.load_messages(cid)) == 2


CASES = [
    (401, {}, "the API key was refused (401)", "unauthorized"),
    (403, {}, "access denied (403)", "forbidden"),
    (404, {}, "not found, or the base URL is wrong (404)", "model-not-found"),
    (429, {"retry-after": "20"}, "rate limited (429); retry after 20 s", "rate-limited"),
    (500, {}, "server error (500); try again later", "server-error"),
    (503, {}, "server error (503); try again later", "server-error"),
]


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(("status", "headers", "words", "kind"), CASES)
def test_http_errors(store, server, config, conversation, provider, status, headers, words, kind):
    # A provider (or a proxy) that echoes the key back in its error message.
    server.error(status, error_body(provider, status, f"bad request with key {KEY}"), headers)
    failed = fail(store, config, provider, conversation)
    assert str(failed.error).startswith(f"{LABELS[provider]}: ")
    assert words in str(failed.error)
    assert failed.error.kind == kind
    assert_nothing_stored(store, conversation)


def test_gemini_retry_delay_from_the_body(store, server, config, conversation):
    body = {
        "error": {
            "code": 429,
            "message": "Resource has been exhausted (e.g. check quota).",
            "status": "RESOURCE_EXHAUSTED",
            "details": [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "37s"}],
        }
    }
    server.error(429, body)
    failed = fail(store, config, "gemini", conversation)
    assert str(failed.error) == "Gemini: rate limited (429); retry after 37 s"
    assert failed.error.retry_after == 37


@pytest.mark.parametrize(
    ("provider", "message"),
    [
        ("anthropic", "prompt is too long: 250000 tokens > 200000 maximum"),
        ("openai", "Your input exceeds the context window of this model."),
        ("openai-chat", "This model's maximum context length is 128000 tokens."),
        (
            "gemini",
            "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).",
        ),
    ],
)
def test_context_too_long(store, server, config, conversation, provider, message):
    server.error(400, error_body(provider, 400, message))
    failed = fail(store, config, provider, conversation)
    assert "the conversation is too long for" in str(failed.error)
    assert failed.error.kind == "context-too-long"
    assert_nothing_stored(store, conversation)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_timeout(store, server, config, conversation, provider):
    server.hang()
    failed = fail(store, config, provider, conversation, timeout=0.5)
    assert str(failed.error) == f"{LABELS[provider]}: no reply within 0.5 s (timeout)"
    assert_nothing_stored(store, conversation)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_network_down(store, server, conversation, provider):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    failed = fail(store, config_for(f"http://127.0.0.1:{port}"), provider, conversation)
    assert str(failed.error).startswith(f"{LABELS[provider]}: cannot reach 127.0.0.1:{port} (")
    assert failed.error.kind == "network"
    assert_nothing_stored(store, conversation)


@pytest.mark.parametrize("provider", ["anthropic", "openai", "gemini", "deepseek", "openrouter"])
def test_missing_key(store, server, provider):
    # The providers' real addresses: a local one would need no key. Nothing goes out.
    failed = fail(store, Config(Path("c.toml")), provider, model="some-model")
    assert failed.error.kind == "missing-key"
    assert "no API key; set " in str(failed.error)
    assert not server.requests
    assert store.counts().conversations == 0


def test_local_servers_need_no_key(store, server):
    config = Config(Path("c.toml"), {"providers": {"ollama": {"base_url": f"{server.url}/v1"}}})
    server.stream(STREAMS["deepseek"])
    events = list(Send(store, "ollama", "Hello", model="qwen3", config=config).events())
    assert isinstance(events[-1], Done), events[-1]
    assert server.requests[0].headers["authorization"] == "Bearer none"
    assert events[-1].reply.provider == "ollama"


def test_refusal(store, server, config, conversation):
    server.stream("anthropic.refusal.sse")
    failed = fail(store, config, "anthropic", conversation)
    assert (
        str(failed.error)
        == "Anthropic: claude-sonnet-4-20250514 refused to answer (stop reason: refusal)"
    )
    assert failed.error.kind == "refused"
    assert_nothing_stored(store, conversation)


def test_gemini_safety_block(store, server, config, conversation):
    server.stream("gemini.prompt-blocked.sse")
    failed = fail(store, config, "gemini", conversation)
    assert str(failed.error) == (
        "Gemini: the prompt was blocked (MODEL_ARMOR): "
        "The prompt violated Prompt Injection and Jailbreak filters."
    )
    assert failed.error.kind == "refused"
    assert_nothing_stored(store, conversation)


def test_new_conversation_that_fails_leaves_nothing(store, server, config, keys):
    server.error(500, error_body("anthropic", 500, "Overloaded"))
    fail(store, config, "anthropic", model="claude-sonnet-4-20250514")
    assert store.counts().conversations == 0


def test_trashed_conversation_is_not_sent(store, server, config, conversation):
    store.delete(conversation)
    failed = fail(store, config, "anthropic", conversation)
    assert (
        str(failed.error)
        == f"conversation {conversation} is in the trash; restore it to continue it"
    )
    assert not server.requests


def test_unknown_provider(store, config):
    failed = fail(store, config, "mistral")
    assert str(failed.error).startswith(
        "unknown provider 'mistral'; expected one of anthropic, openai,"
    )


@pytest.mark.parametrize("provider", ["anthropic", "openai-chat", "gemini", "openai"])
def test_cancel_stores_nothing(store, server, config, conversation, provider):
    server.stream(STREAMS[provider], pause=0.3)
    send = Send(store, provider, "my draft", conversation_id=conversation, config=config)
    events = []
    for event in send.events():
        events.append(event)
        if isinstance(event, TextDelta | ReasoningDelta) and len(events) == 1:
            # From another thread, while this one waits for the next event.
            threading.Timer(0.05, send.cancel).start()
    assert isinstance(events[-1], Cancelled), events[-1]
    assert len(events) < 6
    assert_nothing_stored(store, conversation)


def test_nothing_sent_for_an_empty_draft(store, server, config, keys):
    events = list(Send(store, "anthropic", "  \n", config=config).events())
    assert str(events[-1].error) == "nothing to send: the message is empty"
    assert not server.requests


def test_async_events_for_an_async_worker(store, server, config, conversation):
    import asyncio

    server.stream(STREAMS["anthropic"])

    async def consume() -> list:
        return [
            e
            async for e in Send(
                store, "anthropic", "Again", conversation_id=conversation, config=config
            ).aevents()
        ]

    events = asyncio.run(consume())
    assert isinstance(events[-1], Done)
    assert len(store.load_messages(conversation)) == 4

    server.stream(STREAMS["anthropic"], pause=0.3)
    send = Send(store, "anthropic", "my draft", conversation_id=conversation, config=config)

    async def stop_after_first() -> None:
        async for _ in send.aevents():
            break  # the consumer leaves: the send is cancelled

    asyncio.run(stop_after_first())
    assert send._cancel.requested
    time.sleep(0.5)
    assert len(store.load_messages(conversation)) == 4
