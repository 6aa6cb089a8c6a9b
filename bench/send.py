"""Sending: the cost of threadkeep's send over the SDK alone, and of a long conversation.

    uv run python bench/send.py [--tokens 20000] [--runs 3]

(1) Streaming: for each protocol, a 20,000-delta reply (built from the shape of the
recorded streams in tests/data/streams) served by the local test server as fast as it can
write. (a) the official SDK consuming the stream alone, the way its docs show (Anthropic
`messages.stream` + `get_final_message`, Responses `create(stream=True)` to
`response.completed`, Chat `chat.completions.stream` + `get_final_completion`, Gemini
`generate_content_stream`); (b) `Send(...).events()` to Done: translate, request,
consume, assemble, store both messages. Budget (b)/(a) <= 1.5.

(2) Time to send: from `Send.events()` being started to the request arriving at the local
server, for a conversation of 1,000 stored messages and of 10 (Anthropic messages with
signed thinking, ~1.5 kB each, continued on the same model). Budget 1,000 / 10 <= 1.5.

Best of --runs for each figure, interleaved.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import machine, use_home
from store.config import Config
from tests.store.sending.server import STREAMS, ProviderServer

KEY = "sk-bench-not-a-real-key-000000000000"
WORD = " token"


def _sse(events: list[tuple[str | None, Any]]) -> bytes:
    out = []
    for name, data in events:
        text = data if isinstance(data, str) else json.dumps(data, separators=(",", ":"))
        out.append((f"event: {name}\n" if name else "") + f"data: {text}\n\n")
    return "".join(out).encode()


def _recorded(name: str) -> list[tuple[str | None, Any]]:
    events: list[tuple[str | None, Any]] = []
    current: str | None = None
    for line in (STREAMS / name).read_text().splitlines():
        if line.startswith("event:"):
            current = line[6:].strip()
        elif line.startswith("data:"):
            raw = line[5:].strip()
            events.append((current, raw if raw == "[DONE]" else json.loads(raw)))
            current = None
    return events


def anthropic_stream(n: int) -> bytes:
    recorded = _recorded("anthropic.thinking.claude-sonnet-4.sse")
    start = next(e for e in recorded if e[0] == "message_start")
    events = [
        start,
        (
            "content_block_start",
            {
                "type": "content_block_start",
                "index": 0,
                "content_block": {"type": "text", "text": ""},
            },
        ),
    ]
    delta = {
        "type": "content_block_delta",
        "index": 0,
        "delta": {"type": "text_delta", "text": WORD},
    }
    events += [("content_block_delta", delta)] * n
    events += [
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        (
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": n},
            },
        ),
        ("message_stop", {"type": "message_stop"}),
    ]
    return _sse(events)


def responses_stream(n: int) -> bytes:
    recorded = _recorded("openai-responses.reasoning.gpt-5.sse")
    created = next(e for e in recorded if e[0] == "response.created")
    completed = json.loads(json.dumps(next(e for e in recorded if e[0] == "response.completed")))
    message = completed[1]["response"]["output"][1]
    message["content"][0]["text"] = WORD * n
    completed[1]["response"]["output"] = [message]
    item_id = message["id"]
    events = [
        created,
        (
            "response.output_item.added",
            {
                "type": "response.output_item.added",
                "output_index": 0,
                "item": {**message, "status": "in_progress", "content": []},
                "sequence_number": 1,
            },
        ),
        (
            "response.content_part.added",
            {
                "type": "response.content_part.added",
                "item_id": item_id,
                "output_index": 0,
                "content_index": 0,
                "part": {"type": "output_text", "annotations": [], "logprobs": [], "text": ""},
                "sequence_number": 2,
            },
        ),
    ]
    events += [
        (
            "response.output_text.delta",
            {
                "type": "response.output_text.delta",
                "item_id": item_id,
                "output_index": 0,
                "content_index": 0,
                "delta": WORD,
                "logprobs": [],
                "sequence_number": 3 + i,
            },
        )
        for i in range(n)
    ]
    events += [
        (
            "response.output_item.done",
            {
                "type": "response.output_item.done",
                "output_index": 0,
                "item": message,
                "sequence_number": n + 3,
            },
        ),
        completed,
    ]
    return _sse(events)


def chat_stream(n: int) -> bytes:
    recorded = _recorded("openai-chat.text.gpt-4.1-nano.sse")
    first, text_chunk = recorded[0][1], recorded[1][1]
    tail = list(recorded[-3:])
    chunk = json.loads(json.dumps(text_chunk))
    chunk["choices"][0]["delta"]["content"] = WORD
    return _sse([(None, first)] + [(None, chunk)] * n + tail)


def gemini_stream(n: int) -> bytes:
    recorded = _recorded("gemini.thoughts.gemini-2.5-pro.sse")
    text_chunk = json.loads(json.dumps(recorded[5][1]))
    text_chunk["candidates"][0]["content"]["parts"] = [{"text": WORD}]
    last = recorded[-1][1]
    return _sse([(None, text_chunk)] * n + [(None, last)])


def sdk_alone(protocol: str, url: str) -> None:
    if protocol == "anthropic":
        import anthropic

        client = anthropic.Anthropic(api_key=KEY, base_url=url, max_retries=0)
        with client.messages.stream(
            model="claude-sonnet-4-20250514",
            max_tokens=100,
            messages=[{"role": "user", "content": "Hi"}],
        ) as s:
            for _ in s:
                pass
            s.get_final_message()
    elif protocol == "openai":
        import openai

        client = openai.OpenAI(api_key=KEY, base_url=f"{url}/v1", max_retries=0)
        with client.responses.create(model="gpt-5", input="Hi", stream=True) as events:
            for event in events:
                if event.type == "response.completed":
                    break
    elif protocol == "openai-chat":
        import openai

        client = openai.OpenAI(api_key=KEY, base_url=f"{url}/v1", max_retries=0)
        with client.chat.completions.stream(
            model="gpt-4.1-nano", messages=[{"role": "user", "content": "Hi"}]
        ) as s:
            for _ in s:
                pass
            s.get_final_completion()
    else:
        from google import genai
        from google.genai import types

        client = genai.Client(
            api_key=KEY, http_options=types.HttpOptions(base_url=url, api_version="v1beta")
        )
        for _ in client.models.generate_content_stream(model="gemini-2.5-pro", contents="Hi"):
            pass


def threadkeep_send(
    store: Any, protocol: str, config: Config, cid: Any = None, messages: Any = None
) -> None:
    from store.sending import Done, Send

    model = {
        "anthropic": "claude-sonnet-4-20250514",
        "openai": "gpt-5",
        "openai-chat": "gpt-4.1-nano",
        "gemini": "gemini-2.5-pro",
    }[protocol]
    *_, end = Send(
        store,
        protocol,
        "Hi",
        conversation_id=cid,
        model=model if cid is None else None,
        config=config,
        messages=messages,
    ).events()
    if not isinstance(end, Done):
        raise SystemExit(f"send failed: {end}")


def conversation(store: Any, size: int) -> Any:
    """`size` Anthropic messages: questions, and replies with signed thinking."""
    from store import NewMessage

    reply = json.loads(json.dumps(_final_anthropic()))
    cid = store.create_conversation(title=f"bench {size}")
    rows = []
    for i in range(size // 2):
        rows.append(
            NewMessage(
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": f"Question {i}: " + "how does this work? " * 20}
                    ],
                },
                "anthropic",
                "claude-sonnet-4-20250514",
                "anthropic-messages",
                "user",
            )
        )
        rows.append(
            NewMessage(
                reply, "anthropic", "claude-sonnet-4-20250514", "anthropic-messages", "assistant"
            )
        )
    store.save_messages(cid, rows)
    return cid


def _final_anthropic() -> dict:
    import anthropic

    server = ProviderServer()
    try:
        server.stream("anthropic.thinking.claude-sonnet-4.sse")
        client = anthropic.Anthropic(api_key=KEY, base_url=server.url, max_retries=0)
        with client.messages.stream(model="m", max_tokens=1, messages=[]) as s:
            return s.get_final_message().to_dict(mode="json")
    finally:
        server.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    use_home("send")
    os.environ["THREADKEEP_KEYRING"] = "0"
    for name in ("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "GEMINI_API_KEY"):
        os.environ[name] = KEY
    os.environ.pop("GOOGLE_API_KEY", None)
    from store import open_store

    server = ProviderServer()
    url = server.url
    config = Config(
        Path("bench.toml"),
        {
            "providers": {
                "anthropic": {"base_url": url},
                "openai": {"base_url": f"{url}/v1"},
                "openai-chat": {"base_url": f"{url}/v1"},
                "gemini": {"base_url": url},
            }
        },
    )
    streams = {
        "anthropic": anthropic_stream(args.tokens),
        "openai": responses_stream(args.tokens),
        "openai-chat": chat_stream(args.tokens),
        "gemini": gemini_stream(args.tokens),
    }
    print(machine())
    print(f"(1) streaming a {args.tokens:,}-delta reply, best of {args.runs}")
    with open_store() as store:
        for protocol, body in streams.items():
            alone, ours = [], []
            for _ in range(args.runs):
                server.stream_bytes(body)
                start = time.perf_counter()
                sdk_alone(protocol, url)
                alone.append(time.perf_counter() - start)
                server.stream_bytes(body)
                start = time.perf_counter()
                threadkeep_send(store, protocol, config)
                ours.append(time.perf_counter() - start)
            a, b = min(alone), min(ours)
            print(
                f"  {protocol:12} SDK alone {a * 1000:8.1f} ms   threadkeep {b * 1000:8.1f} ms   ratio {b / a:.2f}"
            )

        print(f"(2) time to send (Send started -> request at the server), best of {args.runs}")
        small, large = conversation(store, 10), conversation(store, 1000)
        reply = _sse(list(_recorded("anthropic.thinking.claude-sonnet-4.sse")))
        for label, preloaded in (
            ("read from the store", False),
            ("held by the caller (an open conversation)", True),
        ):
            times: dict[int, list[float]] = {10: [], 1000: []}
            for _ in range(args.runs):
                for size, cid in ((10, small), (1000, large)):
                    held = store.load_messages(cid) if preloaded else None
                    server.stream_bytes(reply)
                    server.requests.clear()
                    start = time.perf_counter()
                    threadkeep_send(store, "anthropic", config, cid, held)
                    times[size].append(server.requests[0].at - start)
            a, b = min(times[10]), min(times[1000])
            print(
                f"  messages {label}: 10 messages {a * 1000:.1f} ms   1,000 messages {b * 1000:.1f} ms   ratio {b / a:.2f}"
            )
    server.close()


if __name__ == "__main__":
    main()
