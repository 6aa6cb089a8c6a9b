"""`threadkeep demo`: sample conversations for every provider and format, loaded once.

The samples are JSON files in `data/`, in the shapes of the real exports and API payloads.
`data/samples.json` lists them in the order they are written: each one's file name, `at`
(the time of its first message when the sample carries none; the next ones follow 40 s
apart), and the `title`, `provider` and `model` its format cannot say itself (a Chat
Completions log names no model). They go through the same importers as real files, so
what the demo shows is what an import gives.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import Any

from store.api import Store
from store.importers.messages import MessageGroups
from store.importers.records import Conversation, ImportOptions
from store.importers.runner import convert_items


@dataclass(frozen=True, slots=True)
class Sample:
    name: str
    at: str
    title: str | None = None
    options: ImportOptions = field(default_factory=ImportOptions)

    def data(self) -> Any:
        """The sample as a file to import would hold it."""
        return _read(f"{self.name}.json")


def samples() -> list[Sample]:
    return [
        Sample(
            entry["name"],
            entry["at"],
            entry.get("title"),
            ImportOptions(provider=entry.get("provider"), model=entry.get("model")),
        )
        for entry in _read("samples.json")
    ]


def _read(name: str) -> Any:
    return json.loads(resources.files(__name__).joinpath("data", name).read_text("utf-8"))


@dataclass(frozen=True, slots=True)
class DemoResult:
    added: int
    present: int
    messages: int


def load_demo(store: Store) -> DemoResult:
    """Write every sample not yet in the store; running it again adds nothing."""
    added = present = messages = 0
    for sample in samples():
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
    """The sample converted as an import converts it, with its demo source id and times."""
    data = sample.data()
    items = data if isinstance(data, list) else [data]
    groups = MessageGroups(sample.options, lambda: 0, "demo")
    results = list(convert_items(iter(items), sample.options, groups))
    conversations = [r for r in results if isinstance(r, Conversation)]
    assert len(conversations) == 1, results
    conversation = conversations[0]
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
