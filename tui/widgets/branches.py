"""ChatGPT branches: the regenerated and edited versions an export keeps beside the active one.

The importer stores the active path's nodes as messages and every other node of the
export's `mapping` in the conversation's metadata (`off_path_nodes`). Together they are the
whole tree again; each leaf ends one branch. Branches are numbered in the tree's own order
(children as ChatGPT lists them, oldest version first), so "branch 2/3" means the same thing
every time. Reading them runs in a worker; nothing here touches widgets.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import uuid

    from store import Store
    from tui.widgets.parts import Shown


@dataclass(frozen=True, slots=True)
class Branches:
    # Each branch as its node ids, root first.
    paths: tuple[tuple[str, ...], ...]
    # The stored (active) branch's index.
    active: int
    nodes: dict[str, Any]


def read_branches(store: Store, cid: uuid.UUID) -> tuple[Branches | None, list[Any]]:
    """The conversation's branches (None when it has only one) and its stored records."""
    summary = store.get_conversation(cid)
    records = store.load_messages(cid)
    off_path = summary.metadata.get("off_path_nodes")
    if summary.metadata.get("source") != "chatgpt-export" or not isinstance(off_path, dict):
        return None, records
    nodes: dict[str, Any] = {k: v for k, v in off_path.items() if isinstance(v, dict)}
    stored: list[str] = []
    for record in records:
        raw = record.raw
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            nodes[raw["id"]] = raw
            stored.append(raw["id"])
    roots = [key for key, node in nodes.items() if node.get("parent") not in nodes]
    paths: list[tuple[str, ...]] = []

    def walk(key: str, trail: tuple[str, ...]) -> None:
        trail = (*trail, key)
        children = [c for c in nodes[key].get("children") or () if c in nodes and c not in trail]
        if not children:
            paths.append(trail)
        for child in children:
            walk(child, trail)

    for root in roots:
        walk(root, ())
    if len(paths) < 2 or not stored:
        return None, records
    active = next((i for i, path in enumerate(paths) if path[-1] == stored[-1]), 0)
    return Branches(tuple(paths), active, nodes), records


def branch_messages(branches: Branches, index: int, records: list[Any]) -> list[Shown]:
    """One branch's messages, numbered from 0: stored records as stored, the rest decoded."""
    from datetime import UTC, datetime

    from tui.widgets.parts import shown_messages

    by_id = {record.raw.get("id"): record for record in records if isinstance(record.raw, dict)}
    template = records[-1]
    shown: list[Shown] = []
    for key in branches.paths[index]:
        node = branches.nodes[key]
        if not isinstance(node.get("message"), dict):
            continue
        record = by_id.get(key)
        if record is None:
            message = node["message"]
            stamp = message.get("create_time")
            when = (
                datetime.fromtimestamp(stamp, UTC)
                if isinstance(stamp, int | float)
                else template.created_at
            )
            slug = (message.get("metadata") or {}).get("model_slug") or template.model
            record = replace(template, raw=node, created_at=when, model=slug, metadata=None)
        for message_shown in shown_messages(record):
            shown.append(replace(message_shown, record=len(shown)))
    return shown
