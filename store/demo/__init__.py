"""`threadkeep demo`: sample conversations for every provider and format, loaded once.

The samples are small data in the shapes of the real exports and API payloads. They go
through the same importers as real files, so what the demo shows is what an import gives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from store.api import Store
from store.demo import exports, longform, providers
from store.importers import chatgpt, claude
from store.importers.detect import classify
from store.importers.messages import MessageGroups
from store.importers.records import Conversation, ImportOptions


@dataclass(frozen=True, slots=True)
class Sample:
    name: str
    build: Callable[[], Any]
    # When the sample's own data carries no times: its first message, then 40 s apart.
    at: str
    title: str | None = None
    # What the sample's format cannot say itself (a Chat Completions log has no model).
    options: ImportOptions = field(default_factory=ImportOptions)


SAMPLES = (
    Sample("chatgpt-sourdough", exports.chatgpt_sourdough, "2026-03-14T09:12:00"),
    Sample("chatgpt-budget", exports.chatgpt_thinking, "2026-05-02T18:40:00"),
    Sample("claude-regex", exports.claude_regex, "2026-06-20T14:05:00"),
    Sample(
        "anthropic-umbrella",
        providers.anthropic_weather,
        "2026-10-02T07:30:00",
        "Umbrella for Porto tomorrow?",
    ),
    Sample(
        "openai-responses-orders",
        providers.openai_responses_sql,
        "2026-08-11T10:19:30",
        "Customers with more than 3 orders last month",
    ),
    Sample(
        "openai-chat-slugify",
        providers.openai_chat_unit_tests,
        "2026-07-03T08:00:20",
        "pytest for slugify",
    ),
    Sample("deepseek-2027", providers.deepseek_primes, "2026-01-02T11:59:30", "Is 2027 prime?"),
    Sample(
        "gemini-tomatoes",
        providers.gemini_garden,
        "2026-04-01T17:00:00",
        "When to plant tomatoes in Berlin",
    ),
    Sample(
        "openrouter-haiku",
        providers.openrouter_haiku,
        "2026-09-09T06:44:40",
        "Haiku: first coffee of the day",
    ),
    Sample("ai-sdk-lasagna", providers.ai_sdk_recipe, "2026-04-18T19:00:00"),
    Sample(
        "rust-practice-log",
        longform.rust_practice_log,
        "2026-02-01T08:00:00",
        "Rust practice log: 160 days of quizzes",
        ImportOptions(provider="openai", model="gpt-4o-mini"),
    ),
    Sample(
        "kyoto-provider-switch",
        longform.provider_switch,
        "2026-11-03T20:00:00",
        "Kyoto in November (Claude → GPT-5 → Gemini)",
    ),
)


@dataclass(frozen=True, slots=True)
class DemoResult:
    added: int
    present: int
    messages: int


def load_demo(store: Store) -> DemoResult:
    """Write every sample not yet in the store; running it again adds nothing."""
    added = present = messages = 0
    for sample in SAMPLES:
        conversation = build(sample)
        cid = store.import_conversation(
            conversation.messages,
            title=conversation.title,
            metadata=conversation.metadata,
            created_at=conversation.created_at,
            updated_at=conversation.updated_at,
        )
        if cid is None:
            present += 1
        else:
            added += 1
            messages += len(conversation.messages)
    return DemoResult(added, present, messages)


def build(sample: Sample) -> Conversation:
    data = sample.build()
    if isinstance(data, dict) and "mapping" in data:
        conversation = chatgpt.convert(data)
    elif isinstance(data, dict) and "chat_messages" in data:
        converted = claude.convert(data)
        assert isinstance(converted, Conversation)
        conversation = converted
    else:
        conversation = _from_messages(data if isinstance(data, list) else [data], sample.options)
    source = f"demo:{sample.name}"
    start = datetime.fromisoformat(sample.at).replace(tzinfo=UTC)
    timed = [
        m if m.created_at is not None else replace(m, created_at=start + timedelta(seconds=40 * i))
        for i, m in enumerate(conversation.messages)
    ]
    times = [m.created_at for m in timed if m.created_at is not None]
    return Conversation(
        source_id=source,
        title=sample.title or conversation.title,
        messages=timed,
        metadata={**conversation.metadata, "source_id": source, "demo": True},
        created_at=conversation.created_at or min(times),
        updated_at=max([conversation.updated_at or start, *times]),
    )


def _from_messages(items: list[Any], options: ImportOptions) -> Conversation:
    groups = MessageGroups(options, lambda: 0, "demo")
    results = []
    for item in items:
        results += list(groups.add(item, classify(item)))
    results += list(groups.finish())
    conversations = [r for r in results if isinstance(r, Conversation)]
    assert len(conversations) == 1, results
    return conversations[0]
