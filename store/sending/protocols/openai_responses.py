"""OpenAI Responses, streamed through the `openai` SDK. Stateless (store=false) with the
encrypted reasoning included, so the next request can carry it back; the reply is the
final `response` of the `response.completed` event, exactly as the provider sent it."""

from __future__ import annotations

import re
from collections.abc import Generator
from typing import Any

from store.sending.errors import SendError
from store.sending.events import Delta, Finished, ReasoningDelta, TextDelta, ToolCall
from store.sending.protocols import Call, Cancel, openai_post_stream

# The models that accept a `reasoning` parameter.
_REASONING = re.compile(r"(^|/)(o\d|gpt-5|gpt-6|codex)", re.IGNORECASE)


def user_message(text: str) -> dict[str, Any]:
    return {"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}


def with_message(payload: dict[str, Any], message: dict[str, Any]) -> dict[str, Any]:
    return {**payload, "input": [*payload.get("input", []), message]}


def request(call: Call) -> dict[str, Any]:
    """The JSON body of the request."""
    body: dict[str, Any] = {"model": call.model, **call.payload, "store": False}
    if call.reasoning and call.settings.get("reasoning", True) and _REASONING.search(call.model):
        body["reasoning"] = {"summary": "auto"}
        body["include"] = ["reasoning.encrypted_content"]
    body["stream"] = True
    return body


def stream(call: Call, cancel: Cancel) -> Generator[Delta | Finished, None, None]:
    from openai.types.responses import Response, ResponseStreamEvent

    final: Any = None
    # What `responses.create(stream=True)` posts, less its walk over the body (see protocols).
    with openai_post_stream(
        call, "/responses", request(call), Response, ResponseStreamEvent
    ) as events:
        cancel.on_cancel(events.close)
        for event in events:
            kind = event.type
            if kind == "response.output_text.delta":
                yield TextDelta(event.delta)
            elif kind in ("response.reasoning_summary_text.delta", "response.reasoning_text.delta"):
                yield ReasoningDelta(event.delta)
            elif kind == "response.output_item.done" and event.item.type == "function_call":
                item = event.item
                yield ToolCall(item.call_id, item.name, item.arguments)
            elif kind in ("response.completed", "response.incomplete"):
                final = event.response
            elif kind == "response.failed":
                raise _failed(call, event.response.error)
            elif kind == "error":
                raise _failed(call, event)
            if cancel.requested:
                return
    if final is None:
        raise SendError(
            f"{call.provider.label}: the stream ended before the response completed",
            provider=call.provider.name,
            kind="incomplete",
        )
    _check_refusal(call, final)
    raw = final.to_dict(mode="json")
    yield Finished(raw, final.model or call.model, raw.get("usage"), final.status)


def _check_refusal(call: Call, response: Any) -> None:
    details = response.incomplete_details
    blocked = details is not None and details.reason == "content_filter"
    for item in response.output:
        if item.type == "message":
            blocked = blocked or any(part.type == "refusal" for part in item.content)
    if blocked:
        raise SendError(
            f"{call.provider.label}: {call.model} refused to answer (content filter)",
            provider=call.provider.name,
            kind="refused",
        )


def _failed(call: Call, error: Any) -> SendError:
    from store.sending.errors import status_error

    code = str(getattr(error, "code", "") or "")
    message = str(getattr(error, "message", "") or "")
    if "context" in code or "context" in message.lower():
        return status_error(call.provider.label, call.provider.name, 400, message, model=call.model)
    if code == "rate_limit_exceeded":
        return status_error(call.provider.label, call.provider.name, 429, message, model=call.model)
    return SendError(
        f"{call.provider.label}: the response failed ({code or 'error'}): {message[:200]}",
        provider=call.provider.name,
        kind="server-error",
    )
