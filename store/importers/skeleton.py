"""The shape of a JSON file's first item, read from its first few megabytes only.

Recognising a source needs the keys near the start of the first item, not the item: a
Grok export is one object holding every conversation, and a single Open WebUI chat can
carry megabytes of pasted images. The skeleton keeps containers and keys as they come,
shortens long strings, and stops at the byte budget, whatever it has built by then.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ijson

from store.importers.errors import ImportFileError
from store.importers.sources import ByteStream
from store.importers.stream import CountingReader

BUDGET = 4 * 1024 * 1024
_SHORT = 256
NOTHING: Any = object()


def first_item(open_stream: Callable[[], ByteStream], budget: int = BUDGET) -> Any:
    """A skeleton of the first item (array element, object, or JSONL value), or NOTHING."""
    with open_stream() as handle:
        reader = CountingReader(handle, budget)
        stack: list[Any] = []
        keys: list[Any] = []
        root: Any = NOTHING
        in_array = False
        try:
            for _prefix, event, value in ijson.parse(reader, multiple_values=True):
                if not stack and root is NOTHING and event == "start_array" and not in_array:
                    in_array = True  # a top-level array: its first element is the item
                    continue
                if event in ("start_map", "start_array"):
                    container: Any = {} if event == "start_map" else []
                    if stack:
                        _put(stack[-1], keys, container)
                    else:
                        root = container
                    stack.append(container)
                    keys.append(None)
                elif event == "map_key":
                    keys[-1] = value
                elif event in ("end_map", "end_array"):
                    if not stack:
                        return root  # an empty top-level array
                    stack.pop()
                    keys.pop()
                    if not stack:
                        return root
                else:
                    if isinstance(value, str) and len(value) > _SHORT:
                        value = value[:_SHORT]
                    if not stack:
                        return value  # a scalar item
                    _put(stack[-1], keys, value)
        except (ImportFileError, ijson.JSONError):
            pass  # past the budget, or not JSON: what was built so far is the answer
        return root


def _put(container: Any, keys: list[Any], value: Any) -> None:
    if isinstance(container, dict):
        container[keys[-1]] = value
    else:
        container.append(value)
