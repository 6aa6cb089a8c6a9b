"""Translate throughput against json.loads of the same stored messages (DESIGN §8: >= 0.5).

Builds conversations of 20-50 messages as providers store them (every format, texts of a few
hundred to a few thousand characters, reasoning with signatures, tool calls and results),
serialises every message to a JSON string, then measures in one run:

  (a) json.loads: messages per second over all the strings;
  (b) for each view, decode + translate of the json.loads results: messages per second.

Best of several runs, time.perf_counter. Usage: uv run python bench/translate.py [--quick]
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from translate import VIEWS, Record, decode, resolve_target, translate

BUDGET = 0.5
TEXT = (
    "the model reads every tool result before it answers and keeps its reasoning short "
    "because latency matters when a user waits for the weather in Paris or a summary of "
    "a long contract with several clauses about payment terms delivery and liability "
    "so it plans first then calls the search tool then writes a careful final answer"
)
WORDS = TEXT.split(" ")


class Builder:
    """Raw messages as each API returns or accepts them."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.n = 0

    def text(self, low: int = 300, high: int = 3000) -> str:
        size = self.rng.randint(low, high)
        out: list[str] = []
        length = 0
        while length < size:
            word = self.rng.choice(WORDS)
            out.append(word)
            length += len(word) + 1
        return " ".join(out)

    def blob(self, size: int = 600) -> str:
        return base64.b64encode(self.rng.randbytes(size)).decode()

    def uid(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}{self.n:024x}"

    def user(self, fmt: str) -> Any:
        text = self.text(100, 1200)
        if fmt == "gemini":
            return {"role": "user", "parts": [{"text": text}]}
        if fmt == "ai-sdk-ui":
            parts = [{"type": "text", "text": text}]
            return {"id": self.uid("msg-"), "role": "user", "parts": parts}
        return {"role": "user", "content": text}

    def turn(self, fmt: str, provider: str, model: str, tools: bool) -> list[Any]:
        """One assistant turn (and the tool results the app stored after it)."""
        call_id = self.uid("call_")
        args = {"query": self.text(20, 80), "limit": 5}
        output = self.text(200, 1500)
        if fmt == "anthropic-messages":
            thinking = {"type": "thinking", "thinking": self.text(), "signature": self.blob()}
            content: list[Any] = [thinking]
            content.append({"type": "text", "text": self.text()})
            if tools:
                content.append({"type": "tool_use", "id": call_id, "name": "search", "input": args})
            response = {
                "id": self.uid("msg_"),
                "type": "message",
                "role": "assistant",
                "model": model,
                "content": content,
                "stop_reason": "tool_use" if tools else "end_turn",
                "stop_sequence": None,
                "usage": {"input_tokens": 812, "output_tokens": 455, "cache_read_input_tokens": 0},
            }
            out: list[Any] = [response]
            if tools:
                result = {"type": "tool_result", "tool_use_id": call_id, "content": output}
                out.append({"role": "user", "content": [result]})
            return out
        if fmt == "openai-responses":
            items: list[Any] = [
                {
                    "id": self.uid("rs_"),
                    "type": "reasoning",
                    "summary": [{"type": "summary_text", "text": self.text()}],
                    "encrypted_content": self.blob(1200),
                },
                {
                    "id": self.uid("msg_"),
                    "type": "message",
                    "status": "completed",
                    "role": "assistant",
                    "content": [
                        {
                            "type": "output_text",
                            "text": self.text(),
                            "annotations": [],
                            "logprobs": [],
                        }
                    ],
                },
            ]
            if tools:
                items.append(
                    {
                        "id": self.uid("fc_"),
                        "type": "function_call",
                        "status": "completed",
                        "call_id": call_id,
                        "name": "search",
                        "arguments": json.dumps(args),
                    }
                )
            response = {
                "id": self.uid("resp_"),
                "object": "response",
                "status": "completed",
                "model": model,
                "output": items,
                "usage": {"input_tokens": 900, "output_tokens": 600, "total_tokens": 1500},
                "store": False,
            }
            out = [response]
            if tools:
                out.append([{"type": "function_call_output", "call_id": call_id, "output": output}])
            return out
        if fmt == "openai-chat":
            message: dict[str, Any] = {"role": "assistant", "content": self.text()}
            if provider == "deepseek":
                message["reasoning_content"] = self.text()
            elif provider == "openrouter":
                reasoning = self.text()
                message["reasoning"] = reasoning
                detail = {"type": "reasoning.text", "text": reasoning, "signature": self.blob()}
                message["reasoning_details"] = [
                    {**detail, "format": "anthropic-claude-v1", "index": 0}
                ]
            if tools:
                function = {"name": "search", "arguments": json.dumps(args)}
                message["tool_calls"] = [{"id": call_id, "type": "function", "function": function}]
            completion = {
                "id": self.uid("chatcmpl-"),
                "object": "chat.completion",
                "model": model,
                "choices": [
                    {
                        "index": 0,
                        "message": message,
                        "finish_reason": "tool_calls" if tools else "stop",
                    }
                ],
                "usage": {"prompt_tokens": 700, "completion_tokens": 420, "total_tokens": 1120},
            }
            out = [completion]
            if tools:
                out.append({"role": "tool", "tool_call_id": call_id, "content": output})
            return out
        if fmt == "gemini":
            parts: list[Any] = [
                {"text": self.text(), "thought": True},
                {"text": self.text(), "thoughtSignature": self.blob()},
            ]
            if tools:
                call = {"name": "search", "args": args}
                parts.append({"functionCall": call, "thoughtSignature": self.blob()})
            content = {"role": "model", "parts": parts}
            usage = {
                "promptTokenCount": 800,
                "candidatesTokenCount": 500,
                "thoughtsTokenCount": 300,
            }
            response = {
                "candidates": [{"content": content, "finishReason": "STOP", "index": 0}],
                "modelVersion": model,
                "usageMetadata": usage,
            }
            out = [response]
            if tools:
                answer = {"functionResponse": {"name": "search", "response": {"output": output}}}
                out.append({"role": "user", "parts": [answer]})
            return out
        # ai-sdk-ui: one UIMessage holds the whole turn, results inside the tool part.
        key = {"anthropic": "anthropic", "openai": "openai", "google": "google"}[provider]
        meta = {
            "anthropic": {"anthropic": {"signature": self.blob()}},
            "openai": {
                "openai": {"itemId": self.uid("rs_"), "reasoningEncryptedContent": self.blob(1200)}
            },
            "google": {"google": {"thoughtSignature": self.blob()}},
        }[key]
        ui_parts: list[Any] = [
            {"type": "step-start"},
            {"type": "reasoning", "text": self.text(), "state": "done", "providerMetadata": meta},
        ]
        if tools:
            tool = {"type": "tool-search", "toolCallId": call_id, "state": "output-available"}
            ui_parts.append({**tool, "input": args, "output": output})
            ui_parts.append({"type": "step-start"})
        ui_parts.append({"type": "text", "text": self.text(), "state": "done"})
        return [{"id": self.uid("msg-"), "role": "assistant", "parts": ui_parts}]


ORIGINS = [
    ("anthropic-messages", "anthropic", "claude-sonnet-4-5"),
    ("openai-responses", "openai", "gpt-5.5"),
    ("openai-chat", "deepseek", "deepseek-v4-flash"),
    ("openai-chat", "openrouter", "anthropic/claude-sonnet-4.5"),
    ("gemini", "google", "gemini-3.5-flash"),
    ("ai-sdk-ui", "anthropic", "claude-sonnet-4-5"),
    ("ai-sdk-ui", "openai", "gpt-5.5"),
    ("ai-sdk-ui", "google", "gemini-3.5-flash"),
]


def build_conversations(count: int, seed: int = 7) -> list[list[tuple[str, str, str, str]]]:
    """Conversations as stored rows: (json string, format, provider, model)."""
    builder = Builder(seed)
    rng = builder.rng
    conversations = []
    for _ in range(count):
        origins = rng.sample(ORIGINS, rng.randint(1, 3))
        size = rng.randint(20, 50)
        rows: list[tuple[str, str, str, str]] = []
        while len(rows) < size:
            fmt, provider, model = rng.choice(origins)
            rows.append((json.dumps(builder.user(fmt)), fmt, provider, model))
            for raw in builder.turn(fmt, provider, model, tools=rng.random() < 0.4):
                rows.append((json.dumps(raw), fmt, provider, model))
        conversations.append(rows)
    return conversations


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=60)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="fewer conversations and runs")
    args = parser.parse_args()
    count, runs = (12, 3) if args.quick else (args.conversations, args.runs)

    conversations = build_conversations(count)
    strings = [row[0] for rows in conversations for row in rows]
    total = len(strings)
    size = sum(len(s) for s in strings)
    print(f"{count} conversations, {total} messages, {size / total:,.0f} bytes of JSON per message")

    loads = json.loads
    loaded = [
        [Record(loads(s), fmt, provider, model) for s, fmt, provider, model in rows]
        for rows in conversations
    ]
    targets = {view: [resolve_target(view, records) for records in loaded] for view in VIEWS}

    def parse() -> None:
        for s in strings:
            loads(s)

    def translator(view: str) -> Any:
        pairs = list(zip(loaded, targets[view], strict=True))

        def run() -> None:
            for records, target in pairs:
                translate(records, target)

        return run

    jobs = {"json.loads": parse} | {view: translator(view) for view in VIEWS}
    # Interleaved, so a busy moment on the machine hits (a) and (b) alike; best of the runs.
    best = dict.fromkeys(jobs, float("inf"))
    for _ in range(runs):
        for name, job in jobs.items():
            start = time.perf_counter()
            job()
            best[name] = min(best[name], time.perf_counter() - start)
    loads_rate = total / best["json.loads"]
    print(f"(a) json.loads                           {loads_rate:>10,.0f} messages/s")
    worst = float("inf")
    for view in VIEWS:
        rate = total / best[view]
        ratio = rate / loads_rate
        worst = min(worst, ratio)
        label = f"(b) decode + translate -> {view}"
        print(f"{label:<41} {rate:>10,.0f} messages/s   (b)/(a) = {ratio:.2f}")
    verdict = "meets" if worst >= BUDGET else "MISSES"
    print(f"worst (b)/(a) = {worst:.2f}: {verdict} the budget of {BUDGET}")
    recorded(runs)


RECORDED = Path(__file__).resolve().parent.parent / "tests" / "translate" / "recorded"


def _recorded_rows() -> list[tuple[str, str, str]]:
    """The recorded corpus as stored rows: (json string, format, provider)."""
    rows = []
    for source in sorted(RECORDED.glob("*.source.txt")):
        fields = dict(
            line.split(": ", 1) for line in source.read_text().splitlines() if ": " in line
        )
        body = source.with_name(source.name.removesuffix(".source.txt") + ".json")
        rows.append(
            (json.dumps(json.loads(body.read_text())), fields["format"], fields["provider"])
        )
    return rows


def recorded(runs: int) -> None:
    """The second figure: every recorded case alone, to every view. Small real messages, so
    the per-call cost dominates (the budget is the same).
    """
    rows = _recorded_rows()
    strings = [row[0] for row in rows]
    loads = json.loads
    loaded = [[Record(loads(s), fmt, provider)] for s, fmt, provider in rows]
    # A request body holds a whole conversation: count the messages each decodes to.
    total = sum(len(decode(r[0].raw, r[0].format, provider=r[0].provider)) or 1 for r in loaded)
    size = sum(len(s) for s in strings)
    print(f"recorded corpus: {len(rows)} bodies, {total} messages, {size / total:,.0f} bytes each")
    targets = {view: [resolve_target(view, records) for records in loaded] for view in VIEWS}

    def parse() -> None:
        for s in strings:
            loads(s)

    def translator(view: str) -> Any:
        pairs = list(zip(loaded, targets[view], strict=True))

        def run() -> None:
            for records, target in pairs:
                translate(records, target)

        return run

    jobs = {"json.loads": parse} | {view: translator(view) for view in VIEWS}
    best = dict.fromkeys(jobs, float("inf"))
    for _ in range(runs):
        for name, job in jobs.items():
            start = time.perf_counter()
            job()
            best[name] = min(best[name], time.perf_counter() - start)
    loads_rate = total / best["json.loads"]
    print(f"(a) json.loads                           {loads_rate:>10,.0f} messages/s")
    worst = float("inf")
    for view in VIEWS:
        rate = total / best[view]
        ratio = rate / loads_rate
        worst = min(worst, ratio)
        label = f"(b) decode + translate -> {view}"
        print(f"{label:<41} {rate:>10,.0f} messages/s   (b)/(a) = {ratio:.2f}")
    verdict = "meets" if worst >= BUDGET else "MISSES"
    print(f"recorded: worst (b)/(a) = {worst:.2f}: {verdict} the budget of {BUDGET}")


if __name__ == "__main__":
    main()
