"""Realistic synthetic conversations in every stored format, for the benchmarks.

Text comes from a Zipf-distributed vocabulary so that a few words are very frequent and
most are rare, as in real chat history; lengths are log-normal, with code blocks,
reasoning and tool calls mixed in.
"""

from __future__ import annotations

import base64
import itertools
import json
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_SYLLABLES = [
    a + b
    for a in (
        "b",
        "c",
        "d",
        "f",
        "g",
        "h",
        "k",
        "l",
        "m",
        "n",
        "p",
        "r",
        "s",
        "t",
        "v",
        "z",
        "st",
        "tr",
        "pl",
        "gr",
    )
    for b in ("a", "e", "i", "o", "u", "ai", "ou", "ea")
]


def _vocabulary(size: int, rng: random.Random) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3, 3, 4)))))
    return sorted(words, key=lambda w: (len(w), w))


@dataclass(frozen=True, slots=True)
class Profile:
    provider: str
    model: str
    format: str


PROFILES = (
    Profile("openai", "gpt-5", "openai-responses"),
    Profile("openai", "gpt-4o", "openai-chat"),
    Profile("deepseek", "deepseek-reasoner", "openai-chat"),
    Profile("openrouter", "anthropic/claude-sonnet-4.5", "openai-chat"),
    Profile("anthropic", "claude-sonnet-4-5", "anthropic-messages"),
    Profile("google", "gemini-3-pro-preview", "gemini"),
    Profile("anthropic", "claude-sonnet-4-5", "ai-sdk-ui"),
    Profile("openai", "gpt-4o", "chatgpt-export"),
    Profile("anthropic", "unknown", "claude-export"),
)


class TextSource:
    def __init__(self, seed: int = 7, vocabulary: int = 40_000, zipf_s: float = 1.07) -> None:
        self.rng = random.Random(seed)
        self.words = _vocabulary(vocabulary, self.rng)
        weights = [1 / (rank**zipf_s) for rank in range(1, vocabulary + 1)]
        self.cum = list(itertools.accumulate(weights))

    def words_(self, n: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cum, k=n)

    def sentence_text(self, mean_words: float) -> str:
        n = max(2, int(self.rng.lognormvariate(math.log(mean_words), 0.8)))
        words = self.words_(n)
        out: list[str] = []
        for i in range(0, len(words), 14):
            chunk = words[i : i + 14]
            out.append(chunk[0].capitalize() + " " + " ".join(chunk[1:]) + ".")
        text = " ".join(out)
        if self.rng.random() < 0.12:
            code = "\n".join(
                f"    {w} = {self.rng.choice(self.words)}({i})"
                for i, w in enumerate(self.words_(6))
            )
            text += f"\n\n```python\ndef {self.words_(1)[0]}():\n{code}\n```\n"
        return text

    def blob(self, size: int = 300) -> str:
        return base64.b64encode(self.rng.randbytes(size)).decode()

    def token(self, prefix: str, n: int = 24) -> str:
        return prefix + "".join(
            self.rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(n)
        )


def conversation(
    src: TextSource, profile: Profile, turns: int
) -> Iterator[tuple[dict[str, Any], Profile]]:
    """Raw messages of one conversation: alternating prompts and replies in `profile`'s format."""
    make = _MAKERS[profile.format]
    for turn in range(turns):
        yield from ((raw, profile) for raw in make(src, profile, turn))


def _tool_args(src: TextSource) -> dict[str, Any]:
    return {"query": " ".join(src.words_(3)), "limit": src.rng.randint(1, 20)}


def _openai_chat(src: TextSource, p: Profile, turn: int) -> Iterator[dict[str, Any]]:
    yield {"role": "user", "content": src.sentence_text(30)}
    reply: dict[str, Any] = {"role": "assistant", "content": src.sentence_text(140)}
    if p.provider == "deepseek":
        reply["reasoning_content"] = src.sentence_text(80)
    if p.provider == "openrouter":
        reasoning = src.sentence_text(60)
        reply["reasoning"] = reasoning
        reply["reasoning_details"] = [
            {
                "type": "reasoning.text",
                "text": reasoning,
                "signature": src.blob(120),
                "format": "anthropic-claude-v1",
                "index": 0,
            }
        ]
    if src.rng.random() < 0.2:
        call_id = src.token("call_")
        reply["content"] = ""
        reply["tool_calls"] = [
            {
                "id": call_id,
                "type": "function",
                "function": {"name": "search", "arguments": json.dumps(_tool_args(src))},
            }
        ]
        yield reply
        yield {"role": "tool", "tool_call_id": call_id, "content": src.sentence_text(40)}
        yield {"role": "assistant", "content": src.sentence_text(120)}
    else:
        yield reply


def _anthropic(src: TextSource, p: Profile, turn: int) -> Iterator[dict[str, Any]]:
    yield {"role": "user", "content": [{"type": "text", "text": src.sentence_text(30)}]}
    content: list[dict[str, Any]] = [
        {"type": "thinking", "thinking": src.sentence_text(80), "signature": src.blob(200)}
    ]
    tool = src.rng.random() < 0.2
    content.append({"type": "text", "text": src.sentence_text(140)})
    if tool:
        tool_id = src.token("toolu_01", 22)
        content.append(
            {"type": "tool_use", "id": tool_id, "name": "search", "input": _tool_args(src)}
        )
    yield {
        "id": src.token("msg_01", 22),
        "type": "message",
        "role": "assistant",
        "model": p.model,
        "content": content,
        "stop_reason": "tool_use" if tool else "end_turn",
        "stop_sequence": None,
        "usage": {
            "input_tokens": src.rng.randint(50, 5000),
            "output_tokens": src.rng.randint(50, 2000),
        },
    }
    if tool:
        yield {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": tool_id, "content": src.sentence_text(40)}
            ],
        }


def _responses(src: TextSource, p: Profile, turn: int) -> Iterator[dict[str, Any]]:
    yield {"role": "user", "content": src.sentence_text(30)}
    output: list[dict[str, Any]] = [
        {
            "id": src.token("rs_", 48),
            "type": "reasoning",
            "encrypted_content": src.blob(400),
            "summary": [{"type": "summary_text", "text": src.sentence_text(50)}],
        }
    ]
    if src.rng.random() < 0.2:
        output.append(
            {
                "id": src.token("fc_", 48),
                "type": "function_call",
                "status": "completed",
                "call_id": src.token("call_"),
                "name": "search",
                "arguments": json.dumps(_tool_args(src)),
            }
        )
    else:
        output.append(
            {
                "id": src.token("msg_", 48),
                "type": "message",
                "status": "completed",
                "role": "assistant",
                "content": [
                    {"type": "output_text", "text": src.sentence_text(140), "annotations": []}
                ],
            }
        )
    yield {
        "id": src.token("resp_", 48),
        "object": "response",
        "model": p.model,
        "status": "completed",
        "output": output,
    }


def _gemini(src: TextSource, p: Profile, turn: int) -> Iterator[dict[str, Any]]:
    yield {"role": "user", "parts": [{"text": src.sentence_text(30)}]}
    parts: list[dict[str, Any]] = [{"text": src.sentence_text(60), "thought": True}]
    if src.rng.random() < 0.2:
        parts.append(
            {
                "functionCall": {"name": "search", "args": _tool_args(src)},
                "thoughtSignature": src.blob(200),
            }
        )
        yield {"role": "model", "parts": parts}
        yield {
            "role": "user",
            "parts": [
                {
                    "functionResponse": {
                        "name": "search",
                        "response": {"result": src.sentence_text(40)},
                    }
                }
            ],
        }
    else:
        parts.append({"text": src.sentence_text(140), "thoughtSignature": src.blob(200)})
        yield {"role": "model", "parts": parts}


def _ai_sdk(src: TextSource, p: Profile, turn: int) -> Iterator[dict[str, Any]]:
    yield {
        "id": src.token("msg-", 16),
        "role": "user",
        "parts": [{"type": "text", "text": src.sentence_text(30)}],
    }
    parts: list[dict[str, Any]] = [
        {"type": "step-start"},
        {
            "type": "reasoning",
            "text": src.sentence_text(70),
            "state": "done",
            "providerMetadata": {"anthropic": {"signature": src.blob(200)}},
        },
    ]
    if src.rng.random() < 0.2:
        parts.append(
            {
                "type": "tool-search",
                "toolCallId": src.token("toolu_01", 22),
                "state": "output-available",
                "input": _tool_args(src),
                "output": {"result": src.sentence_text(40)},
            }
        )
        parts.append({"type": "step-start"})
    parts.append({"type": "text", "text": src.sentence_text(140), "state": "done"})
    yield {"id": src.token("msg-", 16), "role": "assistant", "parts": parts}


def _chatgpt_node(src: TextSource, p: Profile, turn: int) -> Iterator[dict[str, Any]]:
    for role, mean in (("user", 30), ("assistant", 150)):
        node_id = src.token("", 32)
        yield {
            "id": node_id,
            "author": {"role": role, "name": None, "metadata": {}},
            "create_time": 1_700_000_000 + turn * 60.5,
            "update_time": None,
            "content": {"content_type": "text", "parts": [src.sentence_text(mean)]},
            "status": "finished_successfully",
            "end_turn": role == "assistant",
            "weight": 1.0,
            "metadata": {"model_slug": p.model} if role == "assistant" else {},
            "recipient": "all",
        }


def _claude_message(src: TextSource, p: Profile, turn: int) -> Iterator[dict[str, Any]]:
    for sender, mean in (("human", 30), ("assistant", 150)):
        text = src.sentence_text(mean)
        content: list[dict[str, Any]] = [{"type": "text", "text": text, "citations": []}]
        if sender == "assistant" and src.rng.random() < 0.3:
            content.insert(
                0,
                {
                    "type": "thinking",
                    "thinking": src.sentence_text(60),
                    "summaries": [],
                    "signature": None,
                },
            )
        yield {
            "uuid": src.token("", 32),
            "sender": sender,
            "text": text,
            "content": content,
            "created_at": "2025-06-01T12:00:00.000000Z",
            "updated_at": "2025-06-01T12:00:00.000000Z",
            "attachments": [],
            "files": [],
        }


_MAKERS = {
    "openai-chat": _openai_chat,
    "anthropic-messages": _anthropic,
    "openai-responses": _responses,
    "gemini": _gemini,
    "ai-sdk-ui": _ai_sdk,
    "chatgpt-export": _chatgpt_node,
    "claude-export": _claude_message,
}
