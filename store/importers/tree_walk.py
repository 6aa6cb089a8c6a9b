"""Walking a message tree by parent links, for sources that keep every branch.

Exports that keep regenerations and edits (Grok, LibreChat, Open WebUI, Claude Code) store
a tree; what the user last saw is one branch of it. When the source does not say which
leaf that was, the newest leaf is taken.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

Node = TypeVar("Node")


def newest_leaf_path(
    nodes: Sequence[Node],
    key: Callable[[Node], Any],
    parent: Callable[[Node], Any],
    moment: Callable[[Node], datetime | None],
    notes: list[str],
    leaf: Any = None,
) -> list[Node]:
    """The nodes from the root to `leaf` (or to the newest leaf), oldest first."""
    by_key: dict[Any, Node] = {}
    for node in nodes:
        by_key.setdefault(key(node), node)
    if leaf is None or leaf not in by_key:
        parents = {parent(n) for n in nodes}
        leaves = [(i, n) for i, n in enumerate(nodes) if key(n) not in parents]
        if not leaves:
            leaves = list(enumerate(nodes))

        def rank(pair: tuple[int, Node]) -> tuple[float, int]:
            found = moment(pair[1])
            return (found.timestamp() if found else float("-inf"), pair[0])

        leaf = key(max(leaves, key=rank)[1])
    path: list[Node] = []
    seen: set[Any] = set()
    current: Any = leaf
    while current is not None and current != "":
        if current not in by_key:
            notes.append(
                f"message {str(current)[:60]} is referenced but missing; the walk stopped there"
            )
            break
        if current in seen:
            notes.append(f"the parent links loop at {str(current)[:60]}; the walk stopped there")
            break
        seen.add(current)
        node = by_key[current]
        path.append(node)
        current = parent(node)
    path.reverse()
    return path
