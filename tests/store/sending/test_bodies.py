"""The body a send puts on the wire is the one the SDK's own typed method sends for the same
request. The protocols hand the SDKs the body already serialised, without their per-value
preparation of it, so that preparation must change nothing: checked on the recorded-traffic
corpus translated for each protocol (every format, part kind and provider in one long
conversation), with the user's new message appended as a send does."""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from typing import Any

import pytest

from store.sending.protocols import Call, Cancel, protocol_module
from store.sending.providers import find_provider
from tests.store.sending.conftest import KEY, config_for
from tests.store.sending.server import ProviderServer
from tests.translate.recorded_corpus import cases
from translate import Target, translate

# provider name: (target format, vendor, recorded reply)
PROTOCOLS = {
    "anthropic": ("anthropic-messages", "anthropic", "anthropic.thinking.claude-sonnet-4.sse"),
    "openai": ("openai-responses", "openai", "openai-responses.reasoning.gpt-5.sse"),
    "openai-chat": ("openai-chat", "openai", "openai-chat.text.gpt-4.1-nano.sse"),
    "openrouter": ("openai-chat", "openrouter", "openai-chat.text.gpt-4.1-nano.sse"),
    "gemini": ("gemini", "google", "gemini.thoughts.gemini-2.5-pro.sse"),
}


def corpus_call(name: str, url: str) -> Call:
    fmt, vendor, _ = PROTOCOLS[name]
    every = cases()
    # The model most of the target's own cases came from, so theirs replay natively.
    model = Counter(c.model for c in every if c.format == fmt and c.model).most_common(1)[0][0]
    payload, _ = translate([c.record() for c in every], Target(fmt, vendor, model))
    wire = protocol_module(PROTOCOLS[name][0])
    body = wire.with_message(dict(payload), wire.user_message("And one more question"))
    provider = find_provider(name, config_for(url))
    return Call(provider, KEY, model, body, 30.0, True, {})


def sent_by_threadkeep(server: ProviderServer, name: str, call: Call) -> Any:
    server.stream(PROTOCOLS[name][2])
    for _ in protocol_module(PROTOCOLS[name][0]).stream(call, Cancel()):
        pass
    return server.requests[-1].body


def sent_by_the_sdk(server: ProviderServer, name: str, call: Call) -> Any:
    """The same request through the SDK's typed method, as the protocols made it before."""
    server.error(400, {"error": {"type": "invalid_request_error", "message": "enough"}})
    with contextlib.suppress(Exception):
        _sdk_request(name, call)
    return server.requests[-1].body


def _sdk_request(name: str, call: Call) -> None:
    wire: Any = protocol_module(PROTOCOLS[name][0])
    if name == "gemini":
        _gemini_request(call)
        return
    kwargs = {k: v for k, v in wire.request(call).items() if k != "stream"}
    if name == "anthropic":
        import anthropic

        client = anthropic.Anthropic(
            api_key=KEY, base_url=call.provider.base_url, timeout=call.timeout, max_retries=0
        )
        with client.messages.stream(**kwargs) as events:
            events.get_final_message()
        return
    import openai

    chat = openai.OpenAI(
        api_key=KEY, base_url=call.provider.base_url, timeout=call.timeout, max_retries=0
    )
    if name == "openai":
        chat.responses.create(stream=True, **kwargs)
    else:
        # OpenRouter's own switch is no parameter of the SDK's: it went as extra_body.
        extra = {"reasoning": kwargs.pop("reasoning")} if "reasoning" in kwargs else None
        chat.chat.completions.create(stream=True, extra_body=extra, **kwargs)


def _gemini_request(call: Call) -> None:
    from google import genai
    from google.genai import types

    client = genai.Client(
        api_key=KEY,
        http_options=types.HttpOptions(
            base_url=call.provider.base_url,
            api_version="v1beta",
            timeout=int(call.timeout * 1000),
        ),
    )
    contents = [types.Content.model_validate_json(json.dumps(c)) for c in call.payload["contents"]]
    config = types.GenerateContentConfig(
        thinking_config=types.ThinkingConfig(include_thoughts=True)
    )
    system = call.payload.get("systemInstruction")
    if system is not None:
        config.system_instruction = types.Content.model_validate_json(json.dumps(system))
    for _ in client.models.generate_content_stream(
        model=call.model, contents=contents, config=config
    ):
        pass


@pytest.mark.parametrize("name", list(PROTOCOLS))
def test_the_body_is_what_the_sdk_would_send(server, name) -> None:
    call = corpus_call(name, server.url)
    ours = sent_by_threadkeep(server, name, call)
    assert ours == sent_by_the_sdk(server, name, call)
    # The same request line and headers too.
    mine, theirs = server.requests[-2], server.requests[-1]
    assert (mine.path, mine.query) == (theirs.path, theirs.query)
    assert mine.headers == theirs.headers
    # And it carries the conversation and the new message, the key only in the headers.
    key = {"gemini": "contents", "openai": "input"}.get(name, "messages")
    assert json.dumps(ours[key][-1]).count("And one more question") == 1
    assert KEY not in json.dumps(ours)
    assert KEY in " ".join(server.requests[-2].headers.values())
