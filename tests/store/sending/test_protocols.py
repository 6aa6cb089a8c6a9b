"""Each protocol through its real SDK against the local server replaying a recorded
stream: the deltas arrive, both messages are stored in the target's own format, the stored
reply is the message the SDK assembles from the same stream, and the request carried the
conversation, the new message and the ask for reasoning."""

from __future__ import annotations

import json
from base64 import b64decode

import pytest

from store.sending import Done, ReasoningDelta, Send, TextDelta
from tests.store.sending.conftest import KEY
from tests.store.sending.server import STREAMS, ProviderServer


def run(send: Send) -> tuple[list[object], Done]:
    events = list(send.events())
    end = events[-1]
    assert isinstance(end, Done), end
    return events[:-1], end


def text_of(events: list[object], kind: type) -> str:
    return "".join(str(getattr(e, "text", "")) for e in events if isinstance(e, kind))


def sse_data(name: str) -> list[dict]:
    lines = (STREAMS / name).read_text().splitlines()
    return [
        json.loads(line[5:]) for line in lines if line.startswith("data:") and "[DONE]" not in line
    ]


def camel(value):
    if isinstance(value, dict):
        return {
            "".join(w if i == 0 else w.title() for i, w in enumerate(k.split("_"))): camel(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [camel(v) for v in value]
    return value


def test_anthropic_new_conversation(store, server: ProviderServer, config, keys) -> None:
    server.stream("anthropic.thinking.claude-sonnet-4.sse")
    deltas, done = run(
        Send(
            store,
            "anthropic",
            "How do I cross the street?",
            model="claude-sonnet-4-0",
            config=config,
        )
    )
    events = sse_data("anthropic.thinking.claude-sonnet-4.sse")
    thinking = "".join(
        e["delta"]["thinking"] for e in events if e.get("delta", {}).get("type") == "thinking_delta"
    )
    text = "".join(
        e["delta"]["text"] for e in events if e.get("delta", {}).get("type") == "text_delta"
    )
    signature = next(
        e["delta"]["signature"]
        for e in events
        if e.get("delta", {}).get("type") == "signature_delta"
    )
    assert text_of(deltas, ReasoningDelta) == thinking
    assert text_of(deltas, TextDelta) == text

    (request,) = server.requests
    assert request.path == "/v1/messages"
    assert request.body["model"] == "claude-sonnet-4-0"
    assert request.body["stream"] is True
    assert request.body["thinking"]["type"] == "enabled"
    assert request.body["max_tokens"] > request.body["thinking"]["budget_tokens"]
    assert request.body["messages"] == [
        {"role": "user", "content": [{"type": "text", "text": "How do I cross the street?"}]}
    ]

    # Stored: the user's message as sent, then the reply as the stream assembled it.
    user, reply = store.load_messages(done.reply.conversation_id)
    assert (user.format, user.provider, user.role) == ("anthropic-messages", "anthropic", "user")
    assert user.raw == request.body["messages"][0]
    assert (reply.format, reply.provider, reply.role) == (
        "anthropic-messages",
        "anthropic",
        "assistant",
    )
    assert reply.model == "claude-sonnet-4-20250514"
    assert reply.raw["content"][0] == {
        "type": "thinking",
        "thinking": thinking,
        "signature": signature,
    }
    assert reply.raw["content"][1]["text"] == text
    assert reply.metadata["usage"]["output_tokens"] == 282
    assert reply.metadata["requested_model"] == "claude-sonnet-4-0"
    assert reply.metadata["latency_ms"] >= 0

    # The same stream consumed by the SDK alone assembles into the same message.
    import anthropic

    server.stream("anthropic.thinking.claude-sonnet-4.sse")
    client = anthropic.Anthropic(api_key="x", base_url=server.url, max_retries=0)
    with client.messages.stream(model="m", max_tokens=10, messages=[]) as s:
        expected = s.get_final_message().to_dict(mode="json")
    assert reply.raw == expected
    assert KEY not in json.dumps([user.raw, reply.raw, user.metadata, reply.metadata])


def test_openai_responses_stateless_with_encrypted_reasoning(store, server, config, keys) -> None:
    server.stream("openai-responses.reasoning.gpt-5.sse")
    deltas, done = run(
        Send(store, "openai", "What is the capital of France?", model="gpt-5", config=config)
    )
    assert text_of(deltas, TextDelta) == "Paris."
    (request,) = server.requests
    assert request.path == "/v1/responses"
    assert request.body["store"] is False
    assert request.body["include"] == ["reasoning.encrypted_content"]
    assert request.body["reasoning"] == {"summary": "auto"}
    assert request.body["input"] == [
        {
            "type": "message",
            "role": "user",
            "content": [{"type": "input_text", "text": "What is the capital of France?"}],
        }
    ]
    completed = next(
        e["response"]
        for e in sse_data("openai-responses.reasoning.gpt-5.sse")
        if e["type"] == "response.completed"
    )
    assert done.reply.raw == completed
    assert done.reply.raw["output"][0]["encrypted_content"].startswith("gAAAA")
    assert (done.reply.format, done.reply.provider, done.reply.model) == (
        "openai-responses",
        "openai",
        "gpt-5-2025-08-07",
    )
    assert done.reply.metadata["usage"]["output_tokens"] == 59


def test_openai_chat_completion_assembled(store, server, config, keys) -> None:
    server.stream("openai-chat.text.gpt-4.1-nano.sse")
    deltas, done = run(
        Send(store, "openai-chat", "Tell me a story", model="gpt-4.1-nano", config=config)
    )
    chunks = sse_data("openai-chat.text.gpt-4.1-nano.sse")
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"])
    assert text_of(deltas, TextDelta) == text
    (request,) = server.requests
    assert request.path == "/v1/chat/completions"
    assert request.body["messages"] == [{"role": "user", "content": "Tell me a story"}]
    assert request.body["stream_options"] == {"include_usage": True}
    reply = done.reply.raw
    assert reply["object"] == "chat.completion"
    assert reply["choices"][0]["message"]["content"] == text
    assert reply["choices"][0]["finish_reason"] == "stop"
    assert reply["usage"]["completion_tokens"] == 300

    import openai

    server.stream("openai-chat.text.gpt-4.1-nano.sse")
    client = openai.OpenAI(api_key="x", base_url=f"{server.url}/v1", max_retries=0)
    with client.chat.completions.stream(model="m", messages=[]) as s:
        expected = s.get_final_completion().to_dict(mode="json")
    expected["choices"][0]["message"].pop("parsed")
    assert reply == expected


def test_deepseek_reasoning_content(store, server, config, keys) -> None:
    server.stream("deepseek.reasoner.sse")
    deltas, done = run(Send(store, "deepseek", "Hello", model="deepseek-reasoner", config=config))
    chunks = sse_data("deepseek.reasoner.sse")
    reasoning = "".join(c["choices"][0]["delta"].get("reasoning_content") or "" for c in chunks)
    assert text_of(deltas, ReasoningDelta) == reasoning
    assert server.requests[0].path == "/chat/completions"
    message = done.reply.raw["choices"][0]["message"]
    assert message["reasoning_content"] == reasoning
    assert message["content"].endswith("How can I help you today?")
    assert (done.reply.provider, done.reply.format) == ("deepseek", "openai-chat")


def test_gemini_thoughts_and_signature(store, server, config, keys) -> None:
    server.stream("gemini.thoughts.gemini-2.5-pro.sse")
    deltas, done = run(
        Send(store, "gemini", "How do I cross the street?", model="gemini-2.5-pro", config=config)
    )
    chunks = sse_data("gemini.thoughts.gemini-2.5-pro.sse")
    parts = [p for c in chunks for p in c["candidates"][0]["content"]["parts"]]
    thoughts = "".join(p["text"] for p in parts if p.get("thought"))
    text = "".join(p["text"] for p in parts if not p.get("thought"))
    signature = next(p["thoughtSignature"] for p in parts if "thoughtSignature" in p)
    assert text_of(deltas, ReasoningDelta) == thoughts
    assert text_of(deltas, TextDelta) == text

    (request,) = server.requests
    assert request.path == "/v1beta/models/gemini-2.5-pro:streamGenerateContent"
    assert request.query == "alt=sse"
    assert request.body["contents"] == [
        {"role": "user", "parts": [{"text": "How do I cross the street?"}]}
    ]
    # The SDK writes this one in snake case; the API reads both spellings.
    assert camel(request.body["generationConfig"]["thinkingConfig"]) == {"includeThoughts": True}

    reply = done.reply.raw
    assert reply["candidates"][0]["content"]["parts"] == [
        {"text": thoughts, "thought": True},
        {"text": text, "thoughtSignature": signature},
    ]
    assert reply["candidates"][0]["finishReason"] == "STOP"
    assert reply["modelVersion"] == "gemini-2.5-pro"
    assert reply["usageMetadata"] == chunks[-1]["usageMetadata"]
    assert done.reply.model == "gemini-2.5-pro"

    # Continued on the same model, the signed part goes back exactly as it came.
    server.stream("gemini.thoughts.gemini-2.5-pro.sse")
    run(
        Send(
            store,
            "gemini",
            "And at night?",
            conversation_id=done.reply.conversation_id,
            config=config,
        )
    )
    sent = camel(server.requests[1].body["contents"])
    signed = sent[1]["parts"][1]
    assert b64decode(signed.pop("thoughtSignature"), altchars=b"-_") == b64decode(signature)
    assert sent[1] == {
        "role": "model",
        "parts": [{"text": thoughts, "thought": True}, {"text": text}],
    }
    assert sent[2] == {"role": "user", "parts": [{"text": "And at night?"}]}


@pytest.mark.parametrize("name", ["anthropic", "openai", "openai-chat", "gemini", "deepseek"])
def test_the_key_goes_only_to_the_provider(store, server, config, keys, name) -> None:
    stream = {
        "anthropic": "anthropic.thinking.claude-sonnet-4.sse",
        "openai": "openai-responses.reasoning.gpt-5.sse",
        "openai-chat": "openai-chat.text.gpt-4.1-nano.sse",
        "gemini": "gemini.thoughts.gemini-2.5-pro.sse",
        "deepseek": "deepseek.reasoner.sse",
    }[name]
    server.stream(stream)
    _, done = run(Send(store, name, "Hi", config=config))
    (request,) = server.requests
    assert KEY in " ".join(request.headers.values())
    assert KEY not in json.dumps(request.body)
    stored = store.load_messages(done.reply.conversation_id)
    assert KEY not in repr(stored)
    # Nowhere in the database either.
    from sqlalchemy import text

    with store._engine.connect() as conn:
        for table in ("conversations", "messages", "attachments"):
            rows = conn.execute(text(f"select t::text from {table} t")).scalars().all()
            assert rows or table == "attachments"
            assert not [row for row in rows if KEY in row]
