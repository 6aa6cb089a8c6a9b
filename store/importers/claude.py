"""Claude.ai data export: one conversation object (with `chat_messages`) at a time.

Each message is stored as its original `chat_messages[]` entry. The export records no model,
so messages say `unknown` rather than a guess. The array is not reliably chronological: it
is ordered by `created_at`, ties keeping the array order. Newer exports link messages with
`parent_message_uuid` and mix branches in the array; there the branch ending at the newest
leaf is taken as the one shown (the export does not say), and the others are kept in the
conversation's metadata.
"""

from __future__ import annotations

from typing import Any

from store.importers.attachment_refs import claude_refs
from store.importers.common import (
    UNKNOWN_MODEL,
    content_hash,
    fill_forward,
    parse_time,
    plain_text,
    title_or_none,
)
from store.importers.errors import ConversionError
from store.importers.records import Conversation, Skipped
from store.records import NewMessage
from store.titles import preview
from translate.formats import claude_export
from translate.formats.claude_export import FORMAT, PROVIDER

MODEL_NOTE = "Claude exports do not record which model answered; messages say 'unknown'"
# The parent of a conversation's first message in 2026 exports.
_ROOT_SENTINEL = "00000000-0000-4000-8000-000000000000"


def convert(item: Any) -> Conversation | Skipped:
    if not isinstance(item, dict):
        raise ConversionError("a Claude conversation must be a JSON object")
    entries = item.get("chat_messages")
    if not isinstance(entries, list):
        raise ConversionError("chat_messages is not an array")
    name = item.get("name")
    conversation_id = item.get("uuid")
    label = name if isinstance(name, str) and name.strip() else str(conversation_id)
    if not entries:
        return Skipped(label, "an empty conversation (no messages)")
    roles: dict[int, str] = {}
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise ConversionError(f"chat_messages[{index}] is not an object")
        role = claude_export.role_of(entry)
        if role is None:
            raise ConversionError(
                f"chat_messages[{index}] has an unknown sender {str(entry.get('sender'))[:40]!r}"
            )
        roles[id(entry)] = role
    metadata: dict[str, Any] = {
        "source": FORMAT,
        "export": {k: v for k, v in item.items() if k != "chat_messages"},
        "model_note": MODEL_NOTE,
    }
    if any("parent_message_uuid" in e for e in entries):
        active, off_branch = _active_branch(entries)
        if off_branch:
            metadata["off_branch_messages"] = off_branch
    else:
        active = _chronological(entries)
    created = parse_time(item.get("created_at"))
    times = fill_forward([parse_time(e.get("created_at")) for e in active], created)
    rows = [
        NewMessage(
            raw=entry,
            provider=PROVIDER,
            model=UNKNOWN_MODEL,
            format=FORMAT,
            role=roles[id(entry)],
            created_at=moment,
        )
        for entry, moment in zip(active, times, strict=True)
    ]
    title = name if isinstance(name, str) and name.strip() else None
    if title is None:
        metadata["original_title"] = name
        first = next((r for r in rows if r.role == "user" and plain_text(r.raw).strip()), None)
        title = preview(plain_text(first.raw)) if first else None
    source = (
        f"claude:{conversation_id}"
        if isinstance(conversation_id, str) and conversation_id
        else f"claude:sha:{content_hash([item])}"
    )
    metadata["source_id"] = source
    known = [t for t in times if t is not None]
    updated = parse_time(item.get("updated_at"))
    return Conversation(
        source_id=source,
        title=title_or_none(title),
        messages=rows,
        metadata=metadata,
        created_at=created or (min(known) if known else None),
        updated_at=max([t for t in (updated, *known) if t is not None], default=None),
        attachments=claude_refs(active),
    )


def _chronological(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sorted by created_at; a stable sort keeps the array order for ties and missing times."""
    keys: list[float] = []
    last = float("-inf")
    for entry in entries:
        moment = parse_time(entry.get("created_at"))
        last = moment.timestamp() if moment is not None else last
        keys.append(last)
    order = sorted(range(len(entries)), key=keys.__getitem__)
    return [entries[i] for i in order]


def _active_branch(
    entries: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The branch from the root to the newest leaf, and every message off it."""
    by_id: dict[str, int] = {}
    for position, entry in enumerate(entries):
        uuid = entry.get("uuid")
        if isinstance(uuid, str):
            by_id.setdefault(uuid, position)
    has_children: set[int] = set()
    for entry in entries:
        parent = entry.get("parent_message_uuid")
        if isinstance(parent, str) and parent in by_id:
            has_children.add(by_id[parent])
    leaves = [i for i in range(len(entries)) if i not in has_children]

    def newest(position: int) -> tuple[float, int]:
        moment = parse_time(entries[position].get("created_at"))
        return (moment.timestamp() if moment else float("-inf"), position)

    leaf = max(leaves, key=newest) if leaves else len(entries) - 1
    path: list[int] = []
    seen: set[int] = set()
    index: int | None = leaf
    while index is not None and index not in seen:
        seen.add(index)
        path.append(index)
        parent = entries[index].get("parent_message_uuid")
        index = by_id.get(parent) if isinstance(parent, str) and parent != _ROOT_SENTINEL else None
    path.reverse()
    on_path = set(path)
    return [entries[i] for i in path], [e for i, e in enumerate(entries) if i not in on_path]
