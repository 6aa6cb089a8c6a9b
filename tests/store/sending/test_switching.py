"""A conversation that moves between providers: Claude, then GPT-5, then the same Claude
model. Claude's signed thinking goes back only to that model, never to OpenAI."""

from __future__ import annotations

import json

from store.sending import Done, Send
from tests.store.sending.server import STREAMS

CLAUDE = "claude-sonnet-4-20250514"


def send(store, config, provider, text, cid=None, model=None) -> Done:
    events = list(
        Send(store, provider, text, conversation_id=cid, model=model, config=config).events()
    )
    assert isinstance(events[-1], Done), events[-1]
    return events[-1]


def test_claude_gpt5_claude_keeps_signed_thinking_for_claude_only(
    store, server, config, keys
) -> None:
    signature = next(
        json.loads(line[5:])["delta"]["signature"]
        for line in (STREAMS / "anthropic.thinking.claude-sonnet-4.sse").read_text().splitlines()
        if '"signature_delta"' in line
    )
    server.stream("anthropic.thinking.claude-sonnet-4.sse")
    first = send(store, config, "anthropic", "How do I cross the street?", model=CLAUDE)
    cid = first.reply.conversation_id
    thinking = first.reply.raw["content"][0]
    assert thinking["signature"] == signature

    server.stream("openai-responses.reasoning.gpt-5.sse")
    second = send(store, config, "openai", "What is the capital of France?", cid, model="gpt-5")
    to_openai = server.requests[1].body
    assert signature not in json.dumps(to_openai)
    # Claude's reasoning travels only as marked text; its answer and both questions go too.
    input_items = to_openai["input"]
    assert [item["role"] for item in input_items] == ["user", "assistant", "user"]
    assert "prior_reasoning" in json.dumps(input_items[1])
    assert input_items[-1]["content"][0]["text"] == "What is the capital of France?"

    # Back to Claude without naming a model: the conversation's own Claude model, so its
    # thinking block goes back byte for byte, signature included.
    server.stream("anthropic.thinking.claude-sonnet-4.sse")
    send(store, config, "anthropic", "And at night?", cid)
    to_claude = server.requests[2].body
    assert to_claude["model"] == CLAUDE
    assert to_claude["messages"][1]["content"][0] == thinking
    # GPT-5's encrypted reasoning never reaches Anthropic.
    encrypted = second.reply.raw["output"][0]["encrypted_content"]
    assert encrypted not in json.dumps(to_claude)
    assert to_claude["messages"][-1] == {
        "role": "user",
        "content": [{"type": "text", "text": "And at night?"}],
    }

    # Another Claude model gets no signature: signatures are bound to their model.
    server.stream("anthropic.thinking.claude-sonnet-4.sse")
    send(store, config, "anthropic", "Thanks", cid, model="claude-opus-5")
    assert signature not in json.dumps(server.requests[3].body)

    stored = store.load_messages(cid)
    assert [(m.provider, m.role) for m in stored] == [
        ("anthropic", "user"),
        ("anthropic", "assistant"),
        ("openai", "user"),
        ("openai", "assistant"),
        ("anthropic", "user"),
        ("anthropic", "assistant"),
        ("anthropic", "user"),
        ("anthropic", "assistant"),
    ]
