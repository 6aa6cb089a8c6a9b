"""OpenAI Chat Completions and every server that speaks it (DeepSeek, OpenRouter, Ollama,
LM Studio, vLLM), streamed through the `openai` SDK. The reply is the completion the SDK's
`ChatCompletionStreamState` assembles from the chunks, provider extensions included
(DeepSeek `reasoning_content`, OpenRouter `reasoning`/`reasoning_details`)."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from store.sending.errors import SendError
from store.sending.events import Delta, Finished, ReasoningDelta, TextDelta, ToolCall
from store.sending.protocols import Call, Cancel, openai_post_stream

# Where servers put reasoning text in a delta: DeepSeek/vLLM, OpenRouter/Ollama.
_REASONING_FIELDS = ("reasoning_content", "reasoning")
# What the SDK's parsing helper adds; no provider sent these.
_SDK_ONLY = ("parsed", "parsed_arguments")


def user_message(text: str) -> dict[str, Any]:
    return {"role": "user", "content": text}


def with_message(payload: dict[str, Any], message: dict[str, Any]) -> dict[str, Any]:
    return {**payload, "messages": [*payload.get("messages", []), message]}


def request(call: Call) -> dict[str, Any]:
    """The JSON body of the request."""
    body: dict[str, Any] = {"model": call.model, **call.payload, "stream": True}
    if call.settings.get("stream_usage", True):
        body["stream_options"] = {"include_usage": True}
    if (
        call.provider.vendor == "openrouter"
        and call.reasoning
        and call.settings.get("reasoning", True)
    ):
        # OpenRouter's unified switch; models without reasoning ignore it.
        body["reasoning"] = {"enabled": True}
    return body


def stream(call: Call, cancel: Cancel) -> Generator[Delta | Finished, None, None]:
    from openai.lib.streaming.chat import ChatCompletionStreamState
    from openai.types.chat import ChatCompletion, ChatCompletionChunk

    state: ChatCompletionStreamState[Any] = ChatCompletionStreamState()
    seen = False
    # What `chat.completions.create(stream=True)` posts, less its walk over the body (see
    # protocols); the SDK's own state assembles the completion as before.
    with openai_post_stream(
        call, "/chat/completions", request(call), ChatCompletion, ChatCompletionChunk
    ) as chunks:
        cancel.on_cancel(chunks.close)
        for chunk in chunks:
            state.handle_chunk(chunk)
            seen = True
            for choice in chunk.choices:
                if choice.index != 0:
                    continue
                delta = choice.delta
                extra = delta.model_extra or {}
                for name in _REASONING_FIELDS:
                    text = extra.get(name)
                    if isinstance(text, str) and text:
                        yield ReasoningDelta(text)
                        break
                if delta.content:
                    yield TextDelta(delta.content)
            if cancel.requested:
                return
    if not seen:
        raise SendError(
            f"{call.provider.label}: the stream ended without a reply",
            provider=call.provider.name,
            kind="incomplete",
        )
    completion = state.get_final_completion()
    raw = _without_sdk_fields(completion.to_dict(mode="json"))
    choice = raw["choices"][0] if raw.get("choices") else {}
    message = choice.get("message") or {}
    if choice.get("finish_reason") == "content_filter" or message.get("refusal"):
        raise SendError(
            f"{call.provider.label}: {call.model} refused to answer (content filter)",
            provider=call.provider.name,
            kind="refused",
        )
    for tool in message.get("tool_calls") or []:
        function = tool.get("function") or {}
        yield ToolCall(tool.get("id", ""), function.get("name", ""), function.get("arguments", ""))
    yield Finished(
        raw, completion.model or call.model, raw.get("usage"), choice.get("finish_reason")
    )


def _without_sdk_fields(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_sdk_fields(v) for k, v in value.items() if k not in _SDK_ONLY}
    if isinstance(value, list):
        return [_without_sdk_fields(v) for v in value]
    return value
