"""Generated ChatGPT-shaped exports, for tests that need size (kill, benchmark-like)."""

from __future__ import annotations

import json
import random
from pathlib import Path


def chatgpt_export(path: Path, conversations: int, turns: int = 4, seed: int = 3) -> dict[str, int]:
    """Write a ChatGPT export; return {conversation id: messages on its active branch}."""
    rng = random.Random(seed)
    words = [
        "the",
        "a",
        "starter",
        "plan",
        "budget",
        "python",
        "regex",
        "trip",
        "garden",
        "index",
        "query",
        "cache",
    ]
    expected: dict[str, int] = {}
    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        for index in range(conversations):
            cid = f"gen-{index:06d}"
            mapping: dict[str, dict] = {
                "root": {"id": "root", "message": None, "parent": None, "children": []}
            }
            parent = "root"
            for n in range(turns * 2):
                node_id = f"{cid}-{n}"
                role = "user" if n % 2 == 0 else "assistant"
                text = " ".join(rng.choice(words) for _ in range(rng.randint(5, 60)))
                mapping[node_id] = {
                    "id": node_id,
                    "message": {
                        "id": node_id,
                        "author": {"role": role, "name": None, "metadata": {}},
                        "create_time": 1.7e9 + index * 100 + n,
                        "content": {"content_type": "text", "parts": [text]},
                        "metadata": {"model_slug": "gpt-4o"} if role == "assistant" else {},
                        "recipient": "all",
                    },
                    "parent": parent,
                    "children": [],
                }
                mapping[parent]["children"].append(node_id)
                parent = node_id
            conversation = {
                "id": cid,
                "title": f"Generated {index}",
                "create_time": 1.7e9 + index * 100,
                "update_time": 1.7e9 + index * 100 + 50,
                "mapping": mapping,
                "current_node": parent,
            }
            out.write(("," if index else "") + json.dumps(conversation))
            expected[cid] = turns * 2
        out.write("]")
    return expected
