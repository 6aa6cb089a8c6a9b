"""Message-level input: AI SDK UIMessages and raw provider JSON, grouped into conversations.

A file of such items (a JSON array, JSONL, or a single object) is one conversation, in file
order. A request body holds a whole conversation by itself, so it starts a new one; the
responses and messages after it (a request/response log) belong to it until the next
request. An AI SDK chat object (`{id, messages: [...]}`) is a conversation of its own.

Each stored row is one message exactly as produced: a response object stays whole (the
translator reads responses), and a request body is split into its messages, its other keys
(model, tools, settings) kept in the conversation's metadata.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from store.importers.common import (
    UNKNOWN_MODEL,
    content_hash,
    fill_forward,
    fill_gaps,
    parse_time,
    title_or_none,
)
from store.importers.detect import Kind
from store.importers.errors import ConversionError, ImportFileError
from store.importers.first_prompt import visible_text
from store.importers.records import Conversation, Failed, ImportOptions
from store.records import NewMessage
from store.titles import preview

_DEFAULT_PROVIDER = {
    "anthropic-messages": "anthropic",
    "openai-chat": "openai",
    "openai-responses": "openai",
    "gemini": "google",
}
# AI SDK providerMetadata keys, and the provider each names.
_SDK_PROVIDERS = {
    "anthropic": "anthropic",
    "openai": "openai",
    "google": "google",
    "vertex": "google",
    "deepseek": "deepseek",
    "openrouter": "openrouter",
    "xai": "xai",
    "mistral": "mistral",
    "groq": "groq",
    "bedrock": "amazon-bedrock",
}
_ROLE_NAMES = {
    "developer": "system",
    "function": "tool",
    "model": "assistant",
    "human": "user",
}
_TOOL_ITEMS = frozenset(("function_call_output", "custom_tool_call_output", "computer_call_output"))


@dataclass(frozen=True, slots=True)
class _Entry:
    raw: dict[str, Any]
    kind: Kind
    provider: str | None
    model: str | None
    created_at: datetime | None
    role: str | None = None
    metadata: dict[str, Any] | None = None


class MessageGroups:
    """Collects message-level items and hands out conversations as they complete."""

    def __init__(self, options: ImportOptions, position: Callable[[], int], label: str) -> None:
        self._options = options
        self._position = position
        self._label = label
        self._entries: list[_Entry] = []
        self._envelope: dict[str, Any] | None = None
        self._title: str | None = None
        self._start = 0
        self._count = 0

    def add(self, item: dict[str, Any], kind: Kind) -> Iterator[Conversation | Failed]:
        if kind.name == "ai-sdk-chat":
            yield self._convert_chat(item)
            return
        if kind.shape == "request":
            yield from self.finish()
            self._envelope, entries = _split_request(item, kind)
            self._entries = entries
            self._start = self._position()
            return
        if not self._entries:
            self._start = self._position()
        self._entries.append(_entry(item, kind))
        if self._position() - self._start > self._options.max_conversation_bytes:
            raise ImportFileError(
                f"holds one conversation of more than "
                f"{self._options.max_conversation_bytes // 2**20} MB of messages; that is beyond "
                "the limit for one conversation (see --max-conversation-mb)"
            )

    def finish(self) -> Iterator[Conversation | Failed]:
        if self._entries:
            entries, envelope = self._entries, self._envelope
            self._entries, self._envelope = [], None
            yield self._build(entries, envelope, source_id=None, title=None)

    def _convert_chat(self, chat: dict[str, Any]) -> Conversation | Failed:
        kind = Kind("message", "ai-sdk-ui", "message")
        entries = [_entry(m, kind) for m in chat["messages"]]
        chat_id = chat.get("id")
        source = f"ai-sdk:{chat_id}" if isinstance(chat_id, str | int) and chat_id != "" else None
        title = chat.get("title") if isinstance(chat.get("title"), str) else None
        envelope = {k: v for k, v in chat.items() if k != "messages"}
        return self._build(entries, envelope or None, source_id=source, title=title)

    def _build(
        self,
        entries: list[_Entry],
        envelope: dict[str, Any] | None,
        *,
        source_id: str | None,
        title: str | None,
    ) -> Conversation | Failed:
        self._count += 1
        label = f"conversation {self._count}"
        try:
            return self._conversation(entries, envelope, source_id, title)
        except ConversionError as exc:
            return Failed(label, str(exc))

    def _conversation(
        self,
        entries: list[_Entry],
        envelope: dict[str, Any] | None,
        source_id: str | None,
        title: str | None,
    ) -> Conversation:
        options = self._options
        entries = _settle_chat_format(entries, options)
        providers = [e.provider or options.provider or _default_provider(e) for e in entries]
        models = fill_gaps([e.model for e in entries], options.model or UNKNOWN_MODEL)
        times = fill_forward([e.created_at for e in entries], None)
        rows = [
            NewMessage(
                raw=e.raw,
                provider=provider,
                model=model,
                format=e.kind.format,
                role=e.role or _role(e.raw, e.kind),
                metadata=e.metadata,
                created_at=moment,
            )
            for e, provider, model, moment in zip(entries, providers, models, times, strict=True)
        ]
        everything_sdk = all(e.kind.format == "ai-sdk-ui" for e in entries)
        if source_id is None:
            prefix = "ai-sdk" if everything_sdk else "raw"
            source_id = f"{prefix}:{content_hash([envelope, *(e.raw for e in entries)])}"
        metadata: dict[str, Any] = {
            "source": "ai-sdk" if everything_sdk else "raw-json",
            "source_id": source_id,
        }
        if envelope:
            metadata["ai_sdk_chat" if everything_sdk else "request"] = envelope
        if not title:
            # The first prompt names a conversation best; a lone response names itself.
            texted = [r for r in rows if not r.metadata and visible_text(r.raw).strip()]
            first = next((r for r in texted if r.role == "user"), texted[0] if texted else None)
            title = preview(visible_text(first.raw)) if first else None
        known = [t for t in times if t is not None]
        return Conversation(
            source_id=source_id,
            title=title_or_none(title),
            messages=rows,
            metadata=metadata,
            created_at=min(known, default=None),
            updated_at=max(known, default=None),
        )


def _default_provider(entry: _Entry) -> str:
    return _DEFAULT_PROVIDER.get(entry.kind.format, "unknown")


def _settle_chat_format(entries: list[_Entry], options: ImportOptions) -> list[_Entry]:
    """A plain {role, content} fits both Chat Completions and Anthropic: follow the others."""
    if all(e.kind.certain for e in entries):
        return entries
    votes = Counter(
        e.kind.format
        for e in entries
        if e.kind.certain and e.kind.format in ("openai-chat", "anthropic-messages")
    )
    chosen = votes.most_common(1)[0][0] if votes else "openai-chat"
    settled = []
    for entry in entries:
        if not entry.kind.certain:
            entry = replace(entry, kind=replace(entry.kind, format=chosen, certain=True))
        settled.append(entry)
    return settled


def _entry(raw: Any, kind: Kind) -> _Entry:
    if not isinstance(raw, dict):
        raise ConversionError(f"a message is {type(raw).__name__}, not a JSON object")
    return _Entry(raw, kind, _provider_of(raw, kind), _model_of(raw, kind), _time_of(raw, kind))


def _split_request(body: dict[str, Any], kind: Kind) -> tuple[dict[str, Any], list[_Entry]]:
    """A request body's messages as entries, and its other keys."""
    message_kind = Kind("message", kind.format, "message", certain=kind.certain)
    model = body.get("model") if isinstance(body.get("model"), str) else None
    provider = _provider_of(body, kind)
    entries: list[_Entry] = []

    def add(raw: Any, role: str | None = None, field: str | None = None) -> None:
        if not isinstance(raw, dict):
            raise ConversionError(f"a message of the request is {type(raw).__name__}")
        entries.append(
            _Entry(
                raw,
                message_kind,
                provider or _provider_of(raw, message_kind),
                model,
                None,
                role=role,
                metadata={"request_field": field} if field else None,
            )
        )

    consumed: tuple[str, ...]
    if kind.format == "gemini":
        consumed = ("contents", "systemInstruction", "system_instruction")
        system = body.get("systemInstruction", body.get("system_instruction"))
        if system is not None:
            add(system, "system", "systemInstruction")
        items = body["contents"]
    elif kind.format == "openai-responses":
        consumed = ("input", "instructions")
        if isinstance(body.get("instructions"), str) and body["instructions"]:
            add({"role": "system", "content": body["instructions"]}, "system", "instructions")
        given = body.get("input")
        items = [{"role": "user", "content": given}] if isinstance(given, str) else given
        if not isinstance(items, list):
            raise ConversionError("the request's input is neither text nor a list of items")
    else:
        consumed = ("messages", "system")
        system = body.get("system")
        if system is not None:
            add({"role": "system", "content": system}, "system", "system")
        items = body["messages"]
    for raw in items:
        add(raw)
    return {k: v for k, v in body.items() if k not in consumed}, entries


def _provider_of(raw: dict[str, Any], kind: Kind) -> str | None:
    fmt = kind.format
    if fmt == "anthropic-messages":
        return "anthropic"
    if fmt == "gemini":
        return "google"
    if fmt == "openai-responses":
        return "openai"
    if fmt == "ai-sdk-ui":
        return _sdk_provider(raw)
    model = raw.get("model") if isinstance(raw.get("model"), str) else ""
    message = _choice_message(raw) or raw
    if model.startswith("deepseek") or "reasoning_content" in message:
        return "deepseek"
    if "/" in model or "provider" in raw or "reasoning_details" in message:
        return "openrouter"
    return "openai" if model else None


def _sdk_provider(raw: dict[str, Any]) -> str | None:
    meta = raw.get("metadata")
    if isinstance(meta, dict) and isinstance(meta.get("provider"), str) and meta["provider"]:
        return meta["provider"]
    for part in raw.get("parts") or ():
        if isinstance(part, dict):
            for key in ("providerMetadata", "callProviderMetadata"):
                found = part.get(key)
                if isinstance(found, dict):
                    for name in found:
                        if name in _SDK_PROVIDERS:
                            return _SDK_PROVIDERS[name]
    return None


def _model_of(raw: dict[str, Any], kind: Kind) -> str | None:
    if kind.format == "ai-sdk-ui":
        meta = raw.get("metadata")
        if isinstance(meta, dict):
            for key in ("model", "modelId"):
                if isinstance(meta.get(key), str) and meta[key]:
                    return meta[key]
        return None
    for key in ("model", "modelVersion"):
        value = raw.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _time_of(raw: dict[str, Any], kind: Kind) -> datetime | None:
    if kind.format == "ai-sdk-ui":
        meta = raw.get("metadata")
        value = meta.get("createdAt") if isinstance(meta, dict) else None
        return parse_time(value or raw.get("createdAt"))
    for key in ("created", "created_at", "createTime"):
        if key in raw:
            return parse_time(raw[key])
    return None


def _choice_message(raw: dict[str, Any]) -> dict[str, Any] | None:
    choices = raw.get("choices")
    if isinstance(choices, list) and choices and isinstance(choices[0], dict):
        message = choices[0].get("message")
        return message if isinstance(message, dict) else None
    return None


def _role(raw: dict[str, Any], kind: Kind) -> str:
    if kind.shape == "response":
        return "assistant"
    if kind.format == "openai-responses" and raw.get("type") in _TOOL_ITEMS:
        return "tool"
    role = raw.get("role")
    if not isinstance(role, str):
        return "assistant" if kind.format != "gemini" else "user"
    return _ROLE_NAMES.get(
        role, role if role in ("system", "user", "assistant", "tool") else "user"
    )
