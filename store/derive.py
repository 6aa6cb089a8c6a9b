"""The one place where the store derives a row's role and searchable text from its raw JSON."""

from __future__ import annotations

from typing import Any

FORMATS = (
    "ai-sdk-ui",
    "openai-responses",
    "openai-chat",
    "anthropic-messages",
    "gemini",
    "chatgpt-export",
    "claude-export",
)


class DeriveError(ValueError):
    pass


def derive(raw: dict[str, Any], fmt: str) -> tuple[str, str]:
    """Return (role, searchable text). Interim extraction until translate's decoders land."""
    role = str(raw.get("role") or raw.get("sender") or "assistant")
    role = {"human": "user", "model": "assistant", "developer": "system"}.get(role, role)
    texts: list[str] = []
    _collect(raw, texts)
    return role, "\n".join(texts)


def _collect(value: Any, out: list[str]) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key in ("text", "thinking", "content", "reasoning_content"):
                v = item.get(key)
                if isinstance(v, str) and v:
                    out.append(v)
            stack.extend(v for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list):
            stack.extend(item)
