"""Anthropic Messages, streamed through the `anthropic` SDK; the reply is the SDK's
accumulated message (`get_final_message()`), thinking blocks and signatures included."""

from __future__ import annotations

import re
from collections.abc import Generator
from typing import Any

from store.sending.errors import SendError
from store.sending.events import Delta, Finished, ReasoningDelta, TextDelta, ToolCall
from store.sending.protocols import Call, Cancel, json_body, setting

# Models that predate extended thinking: asking them for it is a 400.
_NO_THINKING = re.compile(r"claude-(instant|2|3-(opus|sonnet|haiku|5))", re.IGNORECASE)
MAX_TOKENS = 16000
THINKING_BUDGET = 8000
MIN_BUDGET = 1024
# Without thinking, the largest output every current model accepts.
PLAIN_MAX_TOKENS = 8192
# What the SDK's `messages.stream` sends besides the body; it is posted here directly.
_STREAM_HELPER = {"x-stainless-helper-method": "stream", "x-stainless-stream-helper": "messages"}


def user_message(text: str) -> dict[str, Any]:
    return {"role": "user", "content": [{"type": "text", "text": text}]}


def with_message(payload: dict[str, Any], message: dict[str, Any]) -> dict[str, Any]:
    return {**payload, "messages": [*payload.get("messages", []), message]}


def thinking_for(call: Call, max_tokens: int) -> dict[str, Any] | None:
    configured = call.settings.get("thinking", True)
    if not call.reasoning or configured is False or _NO_THINKING.search(call.model):
        return None
    if configured == "adaptive":
        return {"type": "adaptive"}
    # The budget must leave room for the answer, and Anthropic's minimum is 1,024.
    budget = min(setting(call, "thinking_budget", THINKING_BUDGET), max_tokens - 1024)
    if budget < MIN_BUDGET:
        return None
    return {"type": "enabled", "budget_tokens": budget}


def request(call: Call) -> dict[str, Any]:
    """The JSON body of the request."""
    max_tokens = setting(call, "max_tokens", MAX_TOKENS)
    thinking = thinking_for(call, max_tokens)
    if thinking is None and "max_tokens" not in call.settings:
        max_tokens = PLAIN_MAX_TOKENS
    body: dict[str, Any] = {"model": call.model, "max_tokens": max_tokens, **call.payload}
    if thinking is not None:
        body["thinking"] = thinking
    body["stream"] = True
    return body


def stream(call: Call, cancel: Cancel) -> Generator[Delta | Finished, None, None]:
    import anthropic
    from anthropic.lib.streaming import MessageStreamManager
    from anthropic.types import Message, RawMessageStreamEvent

    client = anthropic.Anthropic(
        # The SDK insists on a key; a local server that takes none ignores it.
        api_key=call.key or "none",
        base_url=call.provider.base_url,
        timeout=call.timeout,
        max_retries=0,
    )
    content = json_body(request(call))

    def post() -> anthropic.Stream[RawMessageStreamEvent]:
        # What `messages.stream` posts, less its walk over the body (see protocols).
        return client.post(
            "/v1/messages",
            cast_to=Message,
            content=content,
            options={"headers": _STREAM_HELPER},
            stream=True,
            stream_cls=anthropic.Stream[RawMessageStreamEvent],
        )

    # The SDK's own stream helper, so the reply is assembled exactly as `messages.stream`'s.
    with MessageStreamManager(post, output_format=anthropic.omit) as events:
        cancel.on_cancel(events.close)
        for event in events:
            if event.type == "text":
                yield TextDelta(event.text)
            elif event.type == "thinking":
                yield ReasoningDelta(event.thinking)
            elif event.type == "content_block_stop" and event.content_block.type == "tool_use":
                block = event.content_block
                yield ToolCall(block.id, block.name, _json(block.input))
            if cancel.requested:
                return
        message = events.get_final_message()
    if message.stop_reason == "refusal":
        raise SendError(
            f"{call.provider.label}: {call.model} refused to answer (stop reason: refusal)",
            provider=call.provider.name,
            kind="refused",
        )
    raw = message.to_dict(mode="json")
    usage = message.usage.to_dict(mode="json") if message.usage else None
    yield Finished(raw, message.model or call.model, usage, message.stop_reason)


def _json(value: object) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)
