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
from store.importers.errors import ConversionError, ImportFileError
from store.importers.first_prompt import visible_text
from store.importers.records import Conversation, Failed, ImportOptions
from store.records import NewMessage
from store.titles import preview
from translate.errors import TranslateError
from translate.formats import registry
from translate.formats.ai_sdk_ui import FORMAT as AI_SDK_UI
from translate.formats.sniffing import Sniffed


@dataclass(frozen=True, slots=True)
class _Entry:
    raw: dict[str, Any]
    kind: Sniffed
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

    def add(self, item: dict[str, Any], kind: Sniffed) -> Iterator[Conversation | Failed]:
        if kind.shape == "chat":
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
        kind = Sniffed(AI_SDK_UI, "message")
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
        entries = _settle_chat_format(entries)
        providers = [e.provider or options.provider or _default_provider(e) for e in entries]
        models = fill_gaps([e.model for e in entries], options.model or UNKNOWN_MODEL)
        times = fill_forward([e.created_at for e in entries], None)
        rows = [
            NewMessage(
                raw=e.raw,
                provider=provider,
                model=model,
                format=e.kind.format,
                role=e.role or registry.role_of(e.kind, e.raw),
                metadata=e.metadata,
                created_at=moment,
            )
            for e, provider, model, moment in zip(entries, providers, models, times, strict=True)
        ]
        everything_sdk = all(e.kind.format == AI_SDK_UI for e in entries)
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
    return registry.default_provider(entry.kind.format) or "unknown"


def _settle_chat_format(entries: list[_Entry]) -> list[_Entry]:
    """A plain {role, content} fits both Chat Completions and Anthropic: follow the others."""
    if all(e.kind.certain for e in entries):
        return entries
    kinds = [e.kind for e in entries]
    return [replace(e, kind=registry.settle(e.kind, kinds)) for e in entries]


def _entry(raw: Any, kind: Sniffed) -> _Entry:
    if not isinstance(raw, dict):
        raise ConversionError(f"a message is {type(raw).__name__}, not a JSON object")
    fmt = kind.format
    return _Entry(
        raw,
        kind,
        registry.provider_of(fmt, raw),
        registry.model_of(fmt, raw),
        parse_time(registry.time_of(fmt, raw)),
    )


def _split_request(body: dict[str, Any], kind: Sniffed) -> tuple[dict[str, Any], list[_Entry]]:
    """A request body's messages as entries, and its other keys."""
    message_kind = registry.message_shape(kind)
    model = body.get("model") if isinstance(body.get("model"), str) else None
    provider = registry.provider_of(kind.format, body)
    try:
        parts, consumed = registry.request_parts(kind.format, body)
    except TranslateError as exc:
        raise ConversionError(str(exc)) from None
    entries: list[_Entry] = []
    for raw, role, field in parts:
        if not isinstance(raw, dict):
            raise ConversionError(f"a message of the request is {type(raw).__name__}")
        entries.append(
            _Entry(
                raw,
                message_kind,
                provider or registry.provider_of(kind.format, raw),
                model,
                None,
                role=role,
                metadata={"request_field": field} if field else None,
            )
        )
    return {k: v for k, v in body.items() if k not in consumed}, entries
