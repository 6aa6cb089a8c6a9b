"""Titles from a conversation's first prompt, for every source that names none.

`common.plain_text` reads messages; a raw *response* (a Chat Completions `choices`, a
Responses `output`, a Gemini `candidates`) keeps its text one level down, which is why
raw responses used to import as "(untitled)".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from store.importers.common import plain_text
from store.records import NewMessage
from store.titles import preview


def visible_text(raw: Any) -> str:
    """The text a reader sees in one raw message or response of any stored format."""
    text = plain_text(raw)
    if text.strip() or not isinstance(raw, dict):
        return text
    choices = raw.get("choices")
    if isinstance(choices, list) and choices and isinstance(choices[0], dict):
        return plain_text(choices[0].get("message"))
    candidates = raw.get("candidates")
    if isinstance(candidates, list) and candidates and isinstance(candidates[0], dict):
        return plain_text(candidates[0].get("content"))
    output = raw.get("output")
    if isinstance(output, list):
        texts = [plain_text(item) for item in output if isinstance(item, dict)]
        return "\n".join(t for t in texts if t.strip())
    return ""


def title_from_rows(rows: Sequence[NewMessage]) -> str | None:
    """The first visible prompt, else the first visible text of any message, as a title."""
    shown = [r for r in rows if not (r.metadata or {}).get("hidden")]
    for wanted in ("user", None):
        for row in shown:
            if wanted is None or row.role == wanted:
                text = preview(visible_text(row.raw))
                if text:
                    return text
    return None
