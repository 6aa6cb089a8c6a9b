"""OpenAI Codex CLI sessions: `~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl`, one a session.

Two line shapes exist. Since mid-2025 every line is `{timestamp, type, payload}`: a
`session_meta` first (id, cwd, CLI version, git), `turn_context` lines naming the model
of each turn, `response_item` lines holding Responses API items (messages, reasoning,
function calls and their outputs), and `event_msg` lines that repeat those items for the
UI. Before that, the first line was the session itself (`{id, timestamp, instructions}`),
items followed bare, and `{"record_type": "state"}` lines marked saves.

Each Responses item is stored as recorded, in the `openai-responses` format. `event_msg`
lines repeat what the items say and are not stored twice (the count is in a note); the
first `user_message` event is what the user typed, so it names the conversation. The
instructions Codex sends as developer and user messages (AGENTS.md, the environment
context) are stored as hidden messages.
"""

from __future__ import annotations

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
from store.importers.errors import ConversionError
from store.importers.first_prompt import title_from_rows
from store.importers.records import Conversation, Skipped
from store.records import NewMessage
from store.titles import preview

FORMAT = "openai-responses"
SOURCE = "codex"
_ITEM_ROLES = {
    "function_call": "assistant",
    "custom_tool_call": "assistant",
    "local_shell_call": "assistant",
    "web_search_call": "assistant",
    "reasoning": "assistant",
    "function_call_output": "tool",
    "custom_tool_call_output": "tool",
    "local_shell_call_output": "tool",
}
_MESSAGE_ROLES = {
    "user": "user",
    "assistant": "assistant",
    "developer": "system",
    "system": "system",
}
# Kept at the top of the metadata rather than inside the session record.
_LONG_META = ("instructions", "base_instructions")
# How Codex wraps the context it sends as user messages (never typed by the user).
_CONTEXT_PREFIXES = (
    "<environment_context>",
    "<user_instructions>",
    "# AGENTS.md instructions",
    "<permissions instructions>",
    "<turn_aborted>",
)


def looks_like(record: Any) -> bool:
    """Whether the first JSONL record of a file opens a Codex session (either shape)."""
    if not isinstance(record, dict):
        return False
    if record.get("type") == "session_meta" and isinstance(record.get("payload"), dict):
        return True
    return (
        isinstance(record.get("id"), str)
        and "timestamp" in record
        and "instructions" in record
        and "type" not in record
        and "role" not in record
    )


def convert(records: list[dict[str, Any]], name: str = "") -> Conversation | Skipped:
    """One rollout file's records as a conversation; `name` is the file's stem."""
    meta: dict[str, Any] = {}
    items: list[tuple[dict[str, Any], datetime | None, str | None, int]] = []
    model: str | None = None
    typed: str | None = None
    events = 0
    other: dict[str, int] = {}
    for index, record in enumerate(records):
        kind = record.get("type")
        payload = record.get("payload")
        if "payload" in record:  # the newer envelope
            if not isinstance(payload, dict):
                raise ConversionError(f"line {index + 1} has a payload that is not an object")
            if kind == "session_meta":
                meta = meta or payload
            elif kind == "turn_context":
                found = payload.get("model")
                model = found if isinstance(found, str) and found else model
            elif kind == "response_item":
                items.append((payload, parse_time(record.get("timestamp")), model, index + 1))
            elif kind == "event_msg":
                events += 1
                if typed is None and payload.get("type") == "user_message":
                    message = payload.get("message")
                    typed = message if isinstance(message, str) and message.strip() else None
            else:
                other[str(kind)] = other.get(str(kind), 0) + 1
        elif index == 0 and looks_like(record):
            meta = record  # the older first line: the session itself
        elif record.get("record_type") == "state":
            other["state"] = other.get("state", 0) + 1
        elif isinstance(kind, str):
            items.append((record, None, model, index + 1))
        else:
            raise ConversionError(f"line {index + 1} is neither a Codex record nor an item")
    session = meta.get("id") if isinstance(meta.get("id"), str) else ""
    label = session or name or "Codex session"
    if not items:
        return Skipped(label, "a session with no messages")
    for index, (item, _, _, _) in enumerate(items):
        _check_item(item, index)
    started = parse_time(meta.get("timestamp"))
    times = fill_forward([moment for _, moment, _, _ in items], started)
    default_model = meta.get("model") if isinstance(meta.get("model"), str) else None
    models = fill_gaps([m for _, _, m, _ in items], default_model or UNKNOWN_MODEL)
    provider = meta.get("model_provider")
    provider = provider if isinstance(provider, str) and provider else "openai"
    rows = [
        NewMessage(
            raw=item,
            provider=provider,
            model=item_model,
            format=FORMAT,
            role=_role(item),
            metadata=_metadata(item, line),
            created_at=moment,
        )
        for (item, _, _, line), moment, item_model in zip(items, times, models, strict=True)
    ]
    notes = []
    if events:
        notes.append(f"{events} event_msg lines repeat the items for the UI; not stored twice")
    if other:
        listed = ", ".join(f"{count} {kind}" for kind, count in sorted(other.items()))
        notes.append(f"lines that are not items were not imported as messages: {listed}")
    source = (
        f"{SOURCE}:{session}" if session else f"{SOURCE}:sha:{content_hash([name, items[0][0]])}"
    )
    metadata: dict[str, Any] = {
        "source": SOURCE,
        "source_id": source,
        "session": {
            k: v for k, v in meta.items() if k not in ("instructions", "base_instructions")
        },
    }
    for key in _LONG_META:
        if meta.get(key):
            metadata[key] = meta[key]
    if notes:
        metadata["notes"] = notes
    title = preview(typed) if typed else title_from_rows(rows)
    known = [t for t in times if t is not None]
    return Conversation(
        source_id=source,
        title=title_or_none(title),
        messages=rows,
        metadata=metadata,
        created_at=started or min(known, default=None),
        updated_at=max(known, default=None),
    )


def _check_item(item: dict[str, Any], index: int) -> None:
    kind = item.get("type")
    if not isinstance(kind, str):
        raise ConversionError(f"item {index + 1} has no type")
    if kind == "message":
        if item.get("role") not in _MESSAGE_ROLES:
            raise ConversionError(f"item {index + 1} has role {str(item.get('role'))[:40]!r}")
        if not isinstance(item.get("content"), list | str):
            raise ConversionError(f"item {index + 1} has content that is not a list or text")


def _role(item: dict[str, Any]) -> str:
    if item.get("type") == "message":
        return _MESSAGE_ROLES[item["role"]]
    return _ITEM_ROLES.get(item["type"], "assistant")


def _metadata(item: dict[str, Any], line: int) -> dict[str, Any]:
    # Items carry no id of their own; a rollout only grows, so the line is a stable one.
    metadata: dict[str, Any] = {"source_message_id": f"line:{line}"}
    if _is_context(item):
        metadata["hidden"] = True
    return metadata


def _is_context(item: dict[str, Any]) -> bool:
    """Instructions Codex sends on the user's behalf, which the user never saw as chat."""
    if item.get("type") != "message":
        return False
    if item.get("role") in ("developer", "system"):
        return True
    if item.get("role") != "user":
        return False
    content = item.get("content")
    if isinstance(content, str):
        texts: list[Any] = [content]
    elif isinstance(content, list):
        texts = [p.get("text") for p in content if isinstance(p, dict)]
    else:
        texts = []
    return any(isinstance(t, str) and t.lstrip().startswith(_CONTEXT_PREFIXES) for t in texts)
