"""What the translator reads (stored records) and what it writes for (a target)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Record:
    """One stored row: the raw JSON exactly as the provider produced it, and its origin."""

    raw: Any
    format: str
    provider: str = ""
    model: str = ""


@dataclass(frozen=True, slots=True)
class Target:
    """Where a conversation is going: a request format, a provider and a model.

    ``model=None`` means "decide from the conversation" (see ``resolve_target``).
    """

    format: str
    provider: str
    model: str | None = None
