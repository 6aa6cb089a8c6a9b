"""A small, fixed archive for the app's tests, built from the shared fixtures.

Every time is fixed (the app's clock is frozen at NOW in tests), and conversations never
tie on updated_at, so the list order and every "3 days ago" are the same on every run.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from store import NewMessage, Store
from tests.conftest import EXPORT_FIXTURES, FORMAT_FIXTURES

NOW = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)


def fixture(name: str) -> Any:
    return json.loads((FORMAT_FIXTURES / name).read_text())


def export(name: str) -> Any:
    return json.loads((EXPORT_FIXTURES / name).read_text())


# (raw, provider, model, format, role, hidden)
Row = tuple[dict[str, Any], str, str, str, str | None, bool]


def _conversation(
    store: Store,
    title: str | None,
    messages: list[Row],
    *,
    age: timedelta,
) -> uuid.UUID:
    """messages: (raw, provider, model, format, role, hidden); times end `age` before NOW."""
    end = NOW - age
    start = end - timedelta(minutes=len(messages))
    rows = [
        NewMessage(
            raw,
            provider,
            model,
            fmt,
            role=role,
            metadata={"hidden": True} if hidden else None,
            created_at=start + timedelta(minutes=i + 1),
        )
        for i, (raw, provider, model, fmt, role, hidden) in enumerate(messages)
    ]
    cid = store.import_conversation(rows, title=title, created_at=start, updated_at=end)
    assert cid is not None
    return cid


def plain(provider: str, model: str, fmt: str, *raws: dict[str, Any]) -> list[Row]:
    """Rows of one provider, model and format, roles derived, none hidden."""
    return [(raw, provider, model, fmt, None, False) for raw in raws]


def seed(store: Store) -> dict[str, uuid.UUID]:
    """Ten conversations across every stored format; returns their ids by short name."""
    ids: dict[str, uuid.UUID] = {}
    request = fixture("anthropic.thinking-tool_use.followup.request.json")
    model = request["model"]
    ids["anthropic"] = _conversation(
        store,
        "Largest city in the user's country",
        plain("anthropic", model, "anthropic-messages", *request["messages"])
        + plain(
            "anthropic",
            "claude-sonnet-4-5",
            "anthropic-messages",
            fixture("anthropic.thinking.response.claude-sonnet-4-5.json"),
        ),
        age=timedelta(hours=2),
    )
    ids["deepseek"] = _conversation(
        store,
        "Counting the r's in strawberry",
        plain(
            "deepseek",
            "deepseek-reasoner",
            "openai-chat",
            {"role": "user", "content": "How many 'r's are in the word 'strawberry'?"},
            fixture("deepseek.reasoning_content.response.json"),
        ),
        age=timedelta(hours=5),
    )
    ids["deepseek-tools"] = _conversation(
        store,
        "Weather in San Francisco",
        plain(
            "deepseek",
            "deepseek-reasoner",
            "openai-chat",
            {"role": "user", "content": "What's the weather in San Francisco?"},
            fixture("deepseek.reasoning_content-tool_calls.response.json"),
        ),
        age=timedelta(days=1),
    )
    ids["gemini"] = _conversation(
        store,
        "Crossing a river",
        plain(
            "google",
            "gemini-2.5-pro",
            "gemini",
            {"role": "user", "parts": [{"text": "How do I cross a river safely?"}]},
            fixture("gemini.thought-parts.response.gemini-2.5-pro.json"),
        ),
        age=timedelta(days=2),
    )
    ids["responses"] = _conversation(
        store,
        "OpenAI reasoning summary",
        plain(
            "openai",
            "gpt-5",
            "openai-responses",
            {"role": "user", "content": "Write a haiku about the sea."},
            fixture("openai-responses.reasoning-summary.store-true.response.json"),
        ),
        age=timedelta(days=3),
    )
    ids["openrouter"] = _conversation(
        store,
        None,  # untitled: the list shows the first prompt instead
        plain(
            "openrouter",
            "anthropic/claude-3.7-sonnet:thinking",
            "openai-chat",
            {"role": "user", "content": "Who are you, really?"},
            fixture("openrouter.reasoning_details.anthropic-claude-v1.response.json"),
        ),
        age=timedelta(days=5),
    )
    ids["ai-sdk"] = _conversation(
        store,
        "Weather in London (AI SDK)",
        plain(
            "anthropic",
            "claude-sonnet-4-5",
            "ai-sdk-ui",
            *fixture("ai-sdk-v6.uimessage.reasoning-tool-steps.vercel-ai-test.json"),
        ),
        age=timedelta(days=9),
    )
    chatgpt = export("chatgpt_export_2025_single.json")[0]
    chain = []
    node = chatgpt["current_node"]
    while node:
        chain.append(chatgpt["mapping"][node])
        node = chatgpt["mapping"][node].get("parent")
    nodes = [n["message"] for n in reversed(chain) if n.get("message")]
    ids["chatgpt"] = _conversation(
        store,
        chatgpt["title"],
        [
            (
                m,
                "openai",
                m["metadata"].get("model_slug") or "gpt-4o",
                "chatgpt-export",
                m["author"]["role"],
                bool(m["metadata"].get("is_visually_hidden_from_conversation")),
            )
            for m in nodes
        ],
        age=timedelta(days=20),
    )
    claude = export("claude_export_2024_artifacts.json")[0]
    ordered = sorted(
        claude["chat_messages"], key=lambda m: (m["created_at"], m["sender"] != "human")
    )
    ids["claude"] = _conversation(
        store,
        claude["name"],
        [
            (
                m,
                "anthropic",
                "unknown",
                "claude-export",
                "user" if m["sender"] == "human" else "assistant",
                False,
            )
            for m in ordered
        ],
        age=timedelta(days=60),
    )
    ids["redacted"] = _conversation(
        store,
        "Redacted thinking",
        plain(
            "anthropic",
            "claude-3-7-sonnet",
            "anthropic-messages",
            {"role": "user", "content": [{"type": "text", "text": "ANTHROPIC_MAGIC_STRING"}]},
            fixture("anthropic.redacted_thinking.response.json"),
        ),
        age=timedelta(days=400),
    )
    return ids
