"""What the translator reads (stored records) and what it writes for (a target)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from translate.canonical import File


@dataclass(frozen=True, slots=True)
class Record:
    """One stored row: the raw JSON exactly as the provider produced it, and its origin."""

    raw: Any
    format: str
    provider: str = ""
    model: str = ""
    # Files kept beside the raw (a ChatGPT upload's bytes, stored by the importer): they fill
    # the record's file parts that name them without content, and the rest join its first
    # message (translate.attached). A file whose bytes were held back for being over the
    # target's limit has no content, and ``extra`` {"size": bytes, "withheld": True}.
    files: tuple[File, ...] = ()
    # The row's stored role. Only a raw that holds no role of its own needs it: a Gemini
    # `systemInstruction` kept as a row reads as the user's turn, as the API reads a
    # Content without a role, though it is the system prompt.
    role: str = ""


@dataclass(frozen=True, slots=True)
class Target:
    """Where a conversation is going: a request format, a provider and a model.

    ``model=None`` means "decide from the conversation" (see ``resolve_target``).
    """

    format: str
    provider: str
    model: str | None = None
