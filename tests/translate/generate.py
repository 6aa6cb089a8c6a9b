"""Hypothesis strategies: conversations as providers really store them, in every format.

A conversation is drawn as neutral turns (user text, assistant turns from some origin with
reasoning, text and tool calls, and the results), then each turn is rendered as the raw JSON
its origin's API produces. Every opaque value is a unique token, recorded with its issuer, so
a test can tell exactly which blobs may appear in which payload.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from translate import Origin, Record
from translate.issuers import native_api

# (provider, format, model): the origins assistant turns come from.
ORIGINS = [
    ("anthropic", "anthropic-messages", "claude-a"),
    ("anthropic", "anthropic-messages", "claude-b"),
    ("openai", "openai-responses", "gpt-a"),
    ("openai", "openai-chat", "gpt-a"),
    ("google", "gemini", "gemini-3-a"),
    ("google", "gemini", "gemini-2.5-b"),
    ("deepseek", "openai-chat", "deepseek-a"),
    ("openrouter", "openai-chat", "or-a"),
    ("anthropic", "ai-sdk-ui", "claude-a"),
    ("openai", "ai-sdk-ui", "gpt-a"),
    ("google", "ai-sdk-ui", "gemini-3-a"),
]

WORDS = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\x00", exclude_categories=("Cs",)),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() != "")


@dataclass
class ReasoningSpec:
    text: str
    kind: str  # "signed", "unsigned" (where the API allows it), "redacted", "encrypted-only"


@dataclass
class Call:
    id: str
    name: str
    args: dict[str, Any]
    result: str | None  # None: no result was ever recorded


@dataclass
class AssistantTurn:
    origin: tuple[str, str, str]
    reasoning: list[ReasoningSpec]
    text: str
    calls: list[Call]


@dataclass
class UserTurn:
    text: str
    fmt: str
    image: bool = False


# A 1x1 PNG.
PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4"
    "nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
)


@dataclass
class Conversation:
    records: list[Record]
    # token -> issuer (provider, issuing API, model)
    blobs: dict[str, Origin] = field(default_factory=dict)


@st.composite
def reasoning_specs(draw: st.DrawFn) -> list[ReasoningSpec]:
    kinds = st.sampled_from(["signed", "signed", "unsigned", "redacted", "encrypted-only"])
    return draw(st.lists(st.builds(ReasoningSpec, WORDS, kinds), max_size=2))


@st.composite
def calls(draw: st.DrawFn, same_origin: bool) -> list[Call]:
    # A same-origin history is one the provider produced: every call answered, ids valid.
    n = draw(st.integers(1 if same_origin else 0, 2))
    out = []
    for i in range(n):
        name = draw(st.sampled_from(["weather", "lookup", "search"]))
        result = draw(WORDS) if same_origin or draw(st.booleans()) else None
        ids = [f"toolu_0{i}"] if same_origin else [f"call_{i}", f"toolu_0{i}", f"call|{i}.odd"]
        call_id = draw(st.sampled_from(ids))
        out.append(Call(call_id, name, {"q": draw(WORDS)}, result))
    # Gemini pairs by name and order: keep names unique within a turn.
    seen: set[str] = set()
    return [c for c in out if not (c.name in seen or seen.add(c.name))]  # type: ignore[func-returns-value]


@st.composite
def conversations(draw: st.DrawFn, origin: tuple[str, str, str] | None = None) -> Conversation:
    """A conversation; with ``origin`` every assistant turn comes from it, fully answered."""
    renderer = _Renderer()
    formats = ["anthropic-messages", "openai-responses", "openai-chat", "gemini", "ai-sdk-ui"]
    turns = draw(st.integers(1, 4))
    for _ in range(turns):
        src = origin or draw(st.sampled_from(ORIGINS))
        user_fmt = src[1] if origin else draw(st.sampled_from(formats))
        renderer.user(UserTurn(draw(WORDS), user_fmt, draw(st.booleans())), src)
        steps = draw(st.integers(1, 2))
        for step in range(steps):
            last = step == steps - 1
            turn = AssistantTurn(
                src,
                draw(reasoning_specs()),
                draw(WORDS) if last or draw(st.booleans()) else "",
                [] if last else draw(calls(same_origin=origin is not None)),
            )
            for call in turn.calls:  # providers never reuse an id within a conversation
                call.id = f"{call.id}_{renderer.next_id()}"
            renderer.assistant(turn, same_origin=origin is not None)
            if origin is None:
                src = draw(st.sampled_from(ORIGINS))
    return Conversation(renderer.records, renderer.blobs)


class _Renderer:
    def __init__(self) -> None:
        self.records: list[Record] = []
        self.blobs: dict[str, Origin] = {}
        self.counter = 0

    def next_id(self) -> int:
        self.counter += 1
        return self.counter

    def token(self, issuer: Origin, prefix: str = "") -> str:
        self.counter += 1
        # Base64-clean, as Gemini's SDK type insists on for thoughtSignature.
        value = f"{prefix}TOKEN{self.counter:06d}Q"
        self.blobs[value] = issuer
        return value

    def user(self, turn: UserTurn, src: tuple[str, str, str]) -> None:
        provider, _, model = src
        fmt = turn.fmt
        url = f"data:image/png;base64,{PNG}"
        raw: Any
        if fmt == "gemini":
            image = [{"inlineData": {"mimeType": "image/png", "data": PNG}}] if turn.image else []
            raw = {"role": "user", "parts": [*image, {"text": turn.text}]}
        elif fmt == "ai-sdk-ui":
            self.counter += 1
            image = [{"type": "file", "mediaType": "image/png", "url": url}] if turn.image else []
            parts = [*image, {"type": "text", "text": turn.text}]
            raw = {"id": f"user-{self.counter}", "role": "user", "parts": parts}
        elif not turn.image:
            raw = {"role": "user", "content": turn.text}
        elif fmt == "anthropic-messages":
            source = {"type": "base64", "media_type": "image/png", "data": PNG}
            raw = {
                "role": "user",
                "content": [
                    {"type": "image", "source": source},
                    {"type": "text", "text": turn.text},
                ],
            }
        elif fmt == "openai-responses":
            image = {"type": "input_image", "detail": "auto", "image_url": url}
            raw = {"role": "user", "content": [image, {"type": "input_text", "text": turn.text}]}
        else:
            image = {"type": "image_url", "image_url": {"url": url}}
            raw = {"role": "user", "content": [image, {"type": "text", "text": turn.text}]}
        self.records.append(Record(raw, fmt, provider, model))

    def assistant(self, turn: AssistantTurn, same_origin: bool) -> None:
        provider, fmt, model = turn.origin
        issuer = Origin(provider, native_api(provider) if fmt == "ai-sdk-ui" else fmt, model)
        render = {
            "anthropic-messages": self._anthropic,
            "openai-responses": self._responses,
            "openai-chat": self._chat,
            "gemini": self._gemini,
            "ai-sdk-ui": self._ai_sdk,
        }[fmt]
        for raw in render(turn, issuer, same_origin):
            self.records.append(Record(raw, fmt, provider, model))

    # Each renderer yields the raws one API call (and its tool results) leaves behind.

    def _anthropic(self, turn: AssistantTurn, issuer: Origin, same: bool) -> list[Any]:
        content: list[dict[str, Any]] = []
        for r in turn.reasoning:
            if r.kind == "redacted":
                content.append({"type": "redacted_thinking", "data": self.token(issuer)})
            else:
                content.append(
                    {"type": "thinking", "thinking": r.text, "signature": self.token(issuer)}
                )
        if turn.text or not (content or turn.calls):
            content.append({"type": "text", "text": turn.text or "ok"})
        content += [
            {"type": "tool_use", "id": c.id, "name": c.name, "input": c.args} for c in turn.calls
        ]
        out: list[Any] = [{"role": "assistant", "content": content}]
        results = [c for c in turn.calls if c.result is not None]
        if results:
            out.append(
                {
                    "role": "user",
                    "content": [
                        {"type": "tool_result", "tool_use_id": c.id, "content": c.result}
                        for c in results
                    ],
                }
            )
        return out

    def _responses(self, turn: AssistantTurn, issuer: Origin, same: bool) -> list[Any]:
        items: list[dict[str, Any]] = []
        for r in turn.reasoning:
            summary = (
                [] if r.kind == "encrypted-only" else [{"type": "summary_text", "text": r.text}]
            )
            items.append(
                {
                    "id": self.token(issuer, "rs_"),
                    "type": "reasoning",
                    "summary": summary,
                    "encrypted_content": self.token(issuer),
                }
            )
        if turn.text or not turn.calls:
            items.append(
                {
                    "id": self.token(issuer, "msg_"),
                    "type": "message",
                    "status": "completed",
                    "role": "assistant",
                    "content": [
                        {"type": "output_text", "text": turn.text or "ok", "annotations": []}
                    ],
                }
            )
        for c in turn.calls:
            items.append(
                {
                    "type": "function_call",
                    "call_id": c.id,
                    "name": c.name,
                    "arguments": json.dumps(c.args),
                }
            )
        out: list[Any] = [items]
        results = [c for c in turn.calls if c.result is not None]
        if results:
            out.append(
                [
                    {"type": "function_call_output", "call_id": c.id, "output": c.result}
                    for c in results
                ]
            )
        return out

    def _chat(self, turn: AssistantTurn, issuer: Origin, same: bool) -> list[Any]:
        message: dict[str, Any] = {"role": "assistant", "content": turn.text or None}
        texts = [r.text for r in turn.reasoning if r.kind != "redacted"]
        if issuer.provider == "deepseek":
            if texts or turn.calls:
                message["reasoning_content"] = "\n".join(texts)
        elif issuer.provider == "openrouter" and turn.reasoning:
            message["reasoning"] = "\n".join(texts)
            message["reasoning_details"] = [
                {
                    "type": "reasoning.text",
                    "text": t,
                    "signature": self.token(issuer),
                    "format": "anthropic-claude-v1",
                    "index": i,
                }
                for i, t in enumerate(texts)
            ] or [
                {
                    "type": "reasoning.encrypted",
                    "data": self.token(issuer),
                    "format": "anthropic-claude-v1",
                }
            ]
        if turn.calls:
            message["tool_calls"] = [
                {
                    "id": c.id,
                    "type": "function",
                    "function": {"name": c.name, "arguments": json.dumps(c.args)},
                }
                for c in turn.calls
            ]
        elif message["content"] is None:
            message["content"] = "ok"
        out: list[Any] = [message]
        out += [
            {"role": "tool", "tool_call_id": c.id, "content": c.result}
            for c in turn.calls
            if c.result is not None
        ]
        return out

    def _gemini(self, turn: AssistantTurn, issuer: Origin, same: bool) -> list[Any]:
        parts: list[dict[str, Any]] = []
        for r in turn.reasoning:
            if r.kind == "signed":
                parts.append(
                    {"text": r.text, "thought": True, "thoughtSignature": self.token(issuer)}
                )
            elif r.kind != "redacted":
                parts.append({"text": r.text, "thought": True})
        if turn.text or not turn.calls:
            parts.append({"text": turn.text or "ok", "thoughtSignature": self.token(issuer)})
        for i, c in enumerate(turn.calls):
            part: dict[str, Any] = {"functionCall": {"name": c.name, "args": c.args}}
            if i == 0:
                part["thoughtSignature"] = self.token(issuer)
            parts.append(part)
        out: list[Any] = [{"role": "model", "parts": parts}]
        results = [c for c in turn.calls if c.result is not None]
        if results:
            out.append(
                {
                    "role": "user",
                    "parts": [
                        {"functionResponse": {"name": c.name, "response": {"output": c.result}}}
                        for c in results
                    ],
                }
            )
        return out

    def _ai_sdk(self, turn: AssistantTurn, issuer: Origin, same: bool) -> list[Any]:
        parts: list[dict[str, Any]] = [{"type": "step-start"}]
        for r in turn.reasoning:
            meta: dict[str, Any]
            if r.kind == "unsigned":
                parts.append({"type": "reasoning", "text": r.text, "state": "done"})
                continue
            if issuer.provider == "anthropic":
                key = "redactedData" if r.kind == "redacted" else "signature"
                meta = {"anthropic": {key: self.token(issuer)}}
            elif issuer.provider == "openai":
                meta = {
                    "openai": {
                        "itemId": self.token(issuer, "rs_"),
                        "reasoningEncryptedContent": self.token(issuer),
                    }
                }
            else:
                meta = {"google": {"thoughtSignature": self.token(issuer)}}
            text = "" if r.kind in ("redacted", "encrypted-only") else r.text
            parts.append(
                {"type": "reasoning", "text": text, "state": "done", "providerMetadata": meta}
            )
        if turn.text or not turn.calls:
            parts.append({"type": "text", "text": turn.text or "ok", "state": "done"})
        for c in turn.calls:
            part: dict[str, Any] = {"type": f"tool-{c.name}", "toolCallId": c.id, "input": c.args}
            if c.result is None:
                part["state"] = "input-available"
            else:
                part["state"] = "output-available"
                part["output"] = c.result
            parts.append(part)
        self.counter += 1
        return [{"id": f"assistant-{self.counter}", "role": "assistant", "parts": parts}]
