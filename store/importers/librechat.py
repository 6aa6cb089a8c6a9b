"""LibreChat conversation export (the "Export" button of a chat, JSON).

`{conversationId, endpoint, title, exportAt, branches, recursive, options: {model, ...},
messagesTree | messages}`. With `recursive: true` the messages nest in `messagesTree`
through `children`; otherwise `messages` is flat. Either way `parentMessageId` links a
message to its parent (the root's parent is the all-zero UUID), edits and regenerations
make branches, and the branch ending at the newest message is stored, the others kept in
the metadata.

LibreChat's records are no provider wire format: each message is stored as the chat
message it is (`{role, content}`; `content` is LibreChat's `text`, or the text parts
of its newer `content[]`) in the `openai-chat` format, with the whole record (minus its
children) kept as the message's metadata (`librechat_message`), its id as
`source_message_id`.
"""

from __future__ import annotations

from typing import Any

from store.importers.assemble import conversation, source_key
from store.importers.common import fill_gaps, parse_time
from store.importers.errors import ConversionError
from store.importers.model_names import provider_for_model
from store.importers.records import Conversation, Skipped
from store.importers.tree_walk import newest_leaf_path
from store.records import NewMessage

FORMAT = "openai-chat"
SOURCE = "librechat"
_ROOT = "00000000-0000-0000-0000-000000000000"
_ENDPOINTS = {
    "openai": "openai",
    "azureopenai": "azure-openai",
    "assistants": "openai",
    "azureassistants": "azure-openai",
    "anthropic": "anthropic",
    "google": "google",
    "bedrock": "amazon-bedrock",
    "gptplugins": "openai",
}
# Nesting deeper than this is refused rather than walked (no real chat is this long).
_MAX_DEPTH = 10_000


def looks_like(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and "conversationId" in item
        and (isinstance(item.get("messagesTree"), list) or isinstance(item.get("messages"), list))
        and ("endpoint" in item or "exportAt" in item)
    )


def convert(item: Any) -> Conversation | Skipped:
    if not looks_like(item):
        raise ConversionError("a LibreChat export must have conversationId and messages")
    tree = item.get("messagesTree")
    records = _flatten(tree) if isinstance(tree, list) else list(item["messages"])
    title = item.get("title")
    cid = item.get("conversationId")
    label = title if isinstance(title, str) and title.strip() else str(cid)
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            raise ConversionError(f"message {index} is not an object")
        if not isinstance(record.get("text", ""), str):
            raise ConversionError(f"message {index} has text that is not a string")
    if not records:
        return Skipped(label, "an empty conversation (no messages)")
    notes: list[str] = []
    path = newest_leaf_path(
        records,
        key=lambda r: r.get("messageId"),
        parent=lambda r: None if r.get("parentMessageId") == _ROOT else r.get("parentMessageId"),
        moment=lambda r: parse_time(r.get("createdAt")),
        notes=notes,
    )
    options = item.get("options") if isinstance(item.get("options"), dict) else {}
    default_model = options.get("model") if isinstance(options.get("model"), str) else None
    models = fill_gaps([_model(r) for r in path], default_model or "unknown")
    endpoint = str(item.get("endpoint") or "")
    rows = []
    for record, model in zip(path, models, strict=True):
        role = "user" if record.get("isCreatedByUser") else "assistant"
        raw = {"role": role, "content": _text(record)}
        rows.append(
            NewMessage(
                raw=raw,
                provider=_provider(str(record.get("endpoint") or endpoint), model),
                model=model,
                format=FORMAT,
                role=role,
                metadata={
                    "librechat_message": {k: v for k, v in record.items() if k != "children"},
                    "source_message_id": record.get("messageId"),
                },
                created_at=parse_time(record.get("createdAt")),
            )
        )
    on_path = {id(r) for r in path}
    source = source_key(SOURCE, cid, [item])
    metadata: dict[str, Any] = {
        "source": SOURCE,
        "source_id": source,
        "export": {k: v for k, v in item.items() if k not in ("messagesTree", "messages")},
    }
    off = [_without_children(r) for r in records if id(r) not in on_path]
    if off:
        metadata["off_path_messages"] = off
    return conversation(source, title, rows, metadata, notes=notes)


def _flatten(tree: list[Any]) -> list[Any]:
    """The nested messages, parents before children, without recursion."""
    out: list[Any] = []
    stack: list[tuple[Any, int]] = [(node, 0) for node in reversed(tree)]
    while stack:
        node, depth = stack.pop()
        if depth > _MAX_DEPTH:
            raise ConversionError(f"the messages nest more than {_MAX_DEPTH} deep")
        out.append(node)
        children = node.get("children") if isinstance(node, dict) else None
        if isinstance(children, list):
            stack.extend((child, depth + 1) for child in reversed(children))
    return out


def _without_children(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k != "children"}


def _text(record: dict[str, Any]) -> str:
    text = record.get("text")
    if isinstance(text, str) and text:
        return text
    content = record.get("content")
    if isinstance(content, list):
        pieces = [p.get("text") for p in content if isinstance(p, dict)]
        return "\n".join(p for p in pieces if isinstance(p, str))
    return ""


def _model(record: dict[str, Any]) -> str | None:
    model = record.get("model")
    return model if isinstance(model, str) and model else None


def _provider(endpoint: str, model: str) -> str:
    known = _ENDPOINTS.get(endpoint.lower())
    return known or provider_for_model(model, endpoint.lower() or "unknown")
