"""Fixed demo times, so the samples always look the same."""

from __future__ import annotations

from datetime import UTC, datetime


def epoch(moment: str) -> float:
    return datetime.fromisoformat(moment).replace(tzinfo=UTC).timestamp()


def iso(moment: str) -> str:
    return datetime.fromisoformat(moment).replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")
