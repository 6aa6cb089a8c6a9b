"""ChatGPT data export: one conversation object (with its `mapping` tree) at a time.

The conversation is a tree of nodes. What the user saw is the branch from `current_node` up
to the root through `parent` links; timestamps are not an order (replies are often stamped
before their prompt). Each message on that branch is stored as its original node. Every
other node (regenerations, edits) is kept whole in the conversation's metadata.
"""

from __future__ import annotations

from typing import Any

from store.importers.attachment_refs import chatgpt_refs
from store.importers.common import (
    UNKNOWN_MODEL,
    content_hash,
    fill_forward,
    fill_gaps,
    parse_time,
    plain_text,
    title_or_none,
)
from store.importers.errors import ConversionError
from store.importers.records import Conversation
from store.records import NewMessage
from store.titles import preview
from translate.formats import chatgpt_export
from translate.formats.chatgpt_export import FORMAT, PROVIDER

# ChatGPT's placeholder for a chat that was never titled.
_UNTITLED = frozenset(("", "new chat"))
# Context the model sees but the user did not write in the chat.
_CONTEXT_TYPES = frozenset(("user_editable_context", "model_editable_context"))


def convert(item: Any) -> Conversation:
    if not isinstance(item, dict):
        raise ConversionError("a ChatGPT conversation must be a JSON object")
    mapping = item.get("mapping")
    if not isinstance(mapping, dict):
        raise ConversionError("the conversation has no mapping of messages")
    for key, node in mapping.items():
        if not isinstance(node, dict) or not isinstance(node.get("message"), dict | None):
            raise ConversionError(f"mapping node {str(key)[:60]} is not a message node")
    notes: list[str] = []
    path = _active_path(item, mapping, notes)
    on_path = {id(node) for node in path}
    nodes = [node for node in path if isinstance(node.get("message"), dict)]
    messages = [node["message"] for node in nodes]

    slugs = [chatgpt_export.model_of(m) for m in messages]
    default_model = item.get("default_model_slug")
    if isinstance(default_model, str) and default_model:
        # A prompt is sent to the model of the reply that follows it; a conversation with no
        # assistant model at all falls back to the one ChatGPT defaulted to.
        models = fill_gaps(slugs, default_model)
    else:
        models = fill_gaps(slugs, UNKNOWN_MODEL)
    if messages and all(s is None for s in slugs) and not default_model:
        notes.append("no message names its model; stored as 'unknown'")

    created = parse_time(item.get("create_time"))
    times = fill_forward([parse_time(m.get("create_time")) for m in messages], created)
    metadata: dict[str, Any] = {
        "source": FORMAT,
        "export": {k: v for k, v in item.items() if k != "mapping"},
    }
    rows: list[NewMessage] = []
    for node, message, model, moment in zip(nodes, messages, models, times, strict=True):
        content = message.get("content") if isinstance(message.get("content"), dict) else {}
        kind = content.get("content_type")
        if kind == "user_editable_context":
            metadata["custom_instructions"] = {
                key: content.get(key) for key in ("user_profile", "user_instructions")
            }
        elif kind == "model_editable_context":
            metadata["memory_context"] = content.get("model_set_context")
        rows.append(
            NewMessage(
                raw=node,
                provider=PROVIDER,
                model=model,
                format=FORMAT,
                role=chatgpt_export.role_of(message),
                metadata={"hidden": True} if _hidden(message, kind) else None,
                created_at=moment,
            )
        )

    off_path = {key: node for key, node in mapping.items() if id(node) not in on_path}
    if off_path:
        metadata["off_path_nodes"] = off_path
    if notes:
        metadata["notes"] = notes
    title = item.get("title")
    if not isinstance(title, str) or title.strip().lower() in _UNTITLED:
        metadata["original_title"] = title
        title = _first_prompt(rows)
    conversation_id = item.get("conversation_id") or item.get("id")
    source = (
        f"chatgpt:{conversation_id}"
        if isinstance(conversation_id, str) and conversation_id
        else f"chatgpt:sha:{content_hash([item])}"
    )
    metadata["source_id"] = source
    updated = parse_time(item.get("update_time"))
    known = [t for t in times if t is not None]
    return Conversation(
        source_id=source,
        title=title_or_none(title),
        messages=rows,
        metadata=metadata,
        created_at=created or (min(known) if known else None),
        updated_at=max([updated, *known], key=_sort_key) if (updated or known) else None,
        attachments=chatgpt_refs(messages),
    )


def _sort_key(moment: Any) -> float:
    return moment.timestamp() if moment is not None else float("-inf")


def _active_path(item: dict[str, Any], mapping: dict[str, Any], notes: list[str]) -> list[dict]:
    """The nodes from the root down to `current_node`, walked upwards through `parent`."""
    current = item.get("current_node")
    if not isinstance(current, str) or not isinstance(mapping.get(current), dict):
        current = _latest_leaf(mapping)
        if current is None:
            return []
        notes.append("current_node is missing; the newest leaf was taken as the active branch")
    path: list[dict[str, Any]] = []
    seen: set[str] = set()
    key: Any = current
    while isinstance(key, str):
        if key in seen:
            notes.append(f"the parent links loop at node {key}; the walk stopped there")
            break
        node = mapping.get(key)
        if not isinstance(node, dict):
            notes.append(f"node {key[:60]} is referenced but missing; the walk stopped there")
            break
        seen.add(key)
        path.append(node)
        key = node.get("parent")
    path.reverse()
    return path


def _latest_leaf(mapping: dict[str, Any]) -> str | None:
    best: tuple[float, int] | None = None
    best_key = None
    for index, (key, node) in enumerate(mapping.items()):
        if not isinstance(node, dict) or node.get("children"):
            continue
        message = node.get("message")
        moment = parse_time(message.get("create_time")) if isinstance(message, dict) else None
        rank = (moment.timestamp() if moment else float("-inf"), index)
        if best is None or rank > best:
            best, best_key = rank, key
    return best_key


def _hidden(message: dict[str, Any], kind: Any) -> bool:
    """System and context nodes ChatGPT never shows (empty system prompts, instructions)."""
    found = message.get("metadata")
    meta: dict[str, Any] = found if isinstance(found, dict) else {}
    context = isinstance(kind, str) and kind in _CONTEXT_TYPES
    if context or meta.get("is_visually_hidden_from_conversation"):
        return True
    author = message.get("author")
    role = author.get("role") if isinstance(author, dict) else None
    return role == "system" and not meta.get("is_user_system_message")


def _first_prompt(rows: list[NewMessage]) -> str | None:
    for row in rows:
        if row.role == "user" and not row.metadata:
            text = preview(plain_text(row.raw))
            if text:
                return text
    return None
