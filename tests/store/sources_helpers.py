"""Helpers for the tests of the extra import sources: real samples, stored for real."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from store.importers.records import Conversation, Failed, Skipped
from tests.conftest import REPO_ROOT

SAMPLES = REPO_ROOT / "tests" / "data" / "sources"
VIEWS = ("openai-chat", "openai-responses", "anthropic", "gemini")


def sample(name: str) -> Path:
    return SAMPLES / name


def detect(path: Path) -> str | None:
    """The source `extra_sources` recognises in a file, by its content."""
    from store.importers import extra_sources

    return extra_sources.detect(lambda: path.open("rb"))


def json_lines(path: Path) -> list[dict[str, Any]]:
    """The records of a JSONL file, read with nothing but json (independent of the importer)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def store_all(store: Any, results: Iterable[Conversation | Skipped | Failed]) -> list[Any]:
    """Write each conversation the way the import runner does; return the outcomes."""
    outcomes = []
    for result in results:
        assert isinstance(result, Conversation), result
        outcomes.append(
            store.import_or_extend(
                result.messages,
                title=result.title,
                metadata=result.metadata,
                created_at=result.created_at,
                updated_at=result.updated_at,
            )
        )
    return outcomes


def assert_translatable(store: Any, conversation_id: Any, skip: tuple[str, ...] = ()) -> None:
    """Every provider view of the stored conversation is a valid request of that provider."""
    from tests.translate.schemas import validate_payload

    for view in VIEWS:
        if view in skip:
            continue
        translation = store.load_conversation(conversation_id, view)
        validate_payload(translation.payload, translation.target)
