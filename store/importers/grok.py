"""Grok data export (grok.com → Settings → Data → Download): `prod-grok-backend.json`.

`{"conversations": [{"conversation": {conversation_id, title, create_time, modify_time,
...}, "responses": [{"response": {response_id, parent_response_id, sender ("human" or
"ASSISTANT"), message, create_time, thinking_trace, metadata, attachments...}}]}]}`.
Responses form a tree through `parent_response_id`; the branch to `leaf_response_id` (or
to the newest response) is stored, the others kept in the metadata.

Grok's records are no provider wire format. Each message is stored as the chat message it
is (`{id, role, content}`, with Grok's `thinking_trace` as `reasoning_content`, the way
xAI's OpenAI-compatible API returns reasoning) in the `openai-chat` format, and the whole
response record is kept as the message's metadata (`grok_response`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from store.importers.assemble import conversation, source_key
from store.importers.common import fill_gaps, parse_time
from store.importers.errors import ConversionError
from store.importers.records import Conversation, Skipped
from store.importers.tree_walk import newest_leaf_path
from store.records import NewMessage

FORMAT = "openai-chat"
PROVIDER = "xai"
SOURCE = "grok"
_SENDERS = {"human": "user", "user": "user", "assistant": "assistant", "system": "system"}


def looks_like(item: Any) -> bool:
    """The export's top-level object, or one of its `conversations[]` entries."""
    if not isinstance(item, dict):
        return False
    if isinstance(item.get("conversations"), list) and len(item) <= 3:
        first = next(iter(item["conversations"]), None)
        return first is None or looks_like(first)
    return isinstance(item.get("conversation"), dict) and isinstance(item.get("responses"), list)


def conversations_of(export: Any) -> list[Any]:
    """The conversation entries of a whole export object."""
    if isinstance(export, dict) and isinstance(export.get("conversations"), list):
        return list(export["conversations"])
    return [export]


def time_of(value: Any) -> datetime | None:
    """ISO text, or the `{"$date": {"$numberLong": ms}}` of older (Mongo-dumped) exports."""
    if isinstance(value, dict) and "$date" in value:
        inner = value["$date"]
        if isinstance(inner, dict):
            inner = inner.get("$numberLong")
        try:
            return parse_time(float(inner)) if isinstance(inner, str) else parse_time(inner)
        except ValueError:
            return None
    return parse_time(value)


def convert(entry: Any) -> Conversation | Skipped:
    if not isinstance(entry, dict) or not isinstance(entry.get("conversation"), dict):
        raise ConversionError("a Grok conversation must be an object with a conversation")
    head = entry["conversation"]
    responses_in = entry.get("responses")
    if not isinstance(responses_in, list):
        raise ConversionError("the conversation's responses are not an array")
    title = head.get("title")
    cid = head.get("conversation_id") or head.get("id")
    label = title if isinstance(title, str) and title.strip() else str(cid or "Grok chat")
    records: list[dict[str, Any]] = []
    for index, wrapper in enumerate(responses_in):
        record = wrapper.get("response") if isinstance(wrapper, dict) else None
        if not isinstance(record, dict):
            raise ConversionError(f"responses[{index}] has no response object")
        if str(record.get("sender", "")).lower() not in _SENDERS:
            raise ConversionError(
                f"responses[{index}] has an unknown sender {str(record.get('sender'))[:40]!r}"
            )
        if not isinstance(record.get("message", ""), str):
            raise ConversionError(f"responses[{index}] has a message that is not text")
        records.append(record)
    if not records:
        return Skipped(label, "an empty conversation (no messages)")
    notes: list[str] = []
    path = newest_leaf_path(
        records,
        key=lambda r: r.get("response_id"),
        parent=lambda r: r.get("parent_response_id"),
        moment=lambda r: time_of(r.get("create_time")),
        notes=notes,
        leaf=head.get("leaf_response_id"),
    )
    models = fill_gaps([_model(r) for r in path], "grok")
    rows = []
    for record, model in zip(path, models, strict=True):
        role = _SENDERS[str(record["sender"]).lower()]
        raw: dict[str, Any] = {"role": role, "content": record.get("message") or ""}
        if isinstance(record.get("thinking_trace"), str) and record["thinking_trace"]:
            raw["reasoning_content"] = record["thinking_trace"]
        rows.append(
            NewMessage(
                raw=raw,
                provider=PROVIDER,
                model=model,
                format=FORMAT,
                role=role,
                metadata={
                    "grok_response": record,
                    "source_message_id": record.get("response_id"),
                },
                created_at=time_of(record.get("create_time")),
            )
        )
    on_path = {id(r) for r in path}
    source = source_key(SOURCE, cid, [entry])
    metadata: dict[str, Any] = {"source": SOURCE, "source_id": source, "export": head}
    off_path = [r for r in records if id(r) not in on_path]
    if off_path:
        metadata["off_path_responses"] = off_path
    return conversation(
        source,
        title,
        rows,
        metadata,
        notes=notes,
        created=time_of(head.get("create_time")),
        updated=time_of(head.get("modify_time")),
    )


def _model(record: dict[str, Any]) -> str | None:
    for key in ("model", "model_id"):
        if isinstance(record.get(key), str) and record[key]:
            return str(record[key])
    meta = record.get("metadata")
    details = meta.get("requestModelDetails") if isinstance(meta, dict) else None
    model = details.get("modelId") if isinstance(details, dict) else None
    return model if isinstance(model, str) and model else None
