"""Small pieces every importer needs: times, text for previews, titles, ids and models."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from store.models import TITLE_MAX
from store.titles import preview

UNKNOWN_MODEL = "unknown"
# Epochs beyond this are milliseconds (year 5138 in seconds); real exports use seconds.
_MS_EPOCH = 1e11
_TEXT_TYPES = frozenset(("text", "input_text", "output_text"))


def parse_time(value: Any) -> datetime | None:
    """A float/int epoch (seconds or ms) or an ISO-8601 string; None for anything unusable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if not math.isfinite(value) or value <= 0:
            return None
        seconds = value / 1000 if value > _MS_EPOCH else value
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00", 1))
        except ValueError:
            try:
                return parse_time(float(text))
            except ValueError:
                return None
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return None


def fill_forward(times: Sequence[datetime | None], start: datetime | None) -> list[datetime | None]:
    """Each missing time takes the one before it, so the order of a thread reads naturally."""
    out: list[datetime | None] = []
    last = start
    for moment in times:
        if moment is not None:
            last = moment
        out.append(last)
    # Leading gaps take the first known time rather than staying empty.
    first = next((m for m in out if m is not None), None)
    return [m if m is not None else first for m in out]


def fill_gaps(values: Sequence[str | None], default: str) -> list[str]:
    """Each missing value takes the next known one (the model a prompt was sent to), else the
    previous one, else `default`."""
    out: list[str | None] = list(values)
    following: str | None = None
    for i in range(len(out) - 1, -1, -1):
        if out[i]:
            following = out[i]
        else:
            out[i] = following
    previous: str | None = None
    for i, value in enumerate(values):
        if value:
            previous = value
        elif out[i] is None:
            out[i] = previous
    return [v or default for v in out]


def title_or_none(value: Any) -> str | None:
    """A title fit for the store (one line, at most TITLE_MAX characters), or None."""
    if not isinstance(value, str):
        return None
    cleaned = preview(value, TITLE_MAX)
    return cleaned or None


def plain_text(raw: Any) -> str:
    """The visible text of one raw message of any stored format, for titles and previews."""
    if not isinstance(raw, dict):
        return ""
    if isinstance(raw.get("message"), dict):  # a ChatGPT mapping node
        raw = raw["message"]
    content = raw.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        parts = content.get("parts")
        if isinstance(parts, list):  # ChatGPT
            return "\n".join(p for p in parts if isinstance(p, str))
        return plain_text(content)  # a Gemini candidate
    pieces = content if isinstance(content, list) else raw.get("parts")
    if isinstance(pieces, list):
        texts = [
            p["text"]
            for p in pieces
            if isinstance(p, dict)
            and isinstance(p.get("text"), str)
            and p.get("type", "text") in _TEXT_TYPES
            and not p.get("thought")
        ]
        if texts:
            return "\n".join(texts)
    text = raw.get("text")
    return text if isinstance(text, str) else ""


def content_hash(values: Iterable[Any]) -> str:
    """A stable hash of JSON values, independent of key order and formatting."""
    digest = hashlib.sha256()
    for value in values:
        digest.update(
            json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
        )
        digest.update(b"\n")
    return digest.hexdigest()[:32]


def describe_keys(item: Any) -> str:
    if isinstance(item, dict):
        keys = ", ".join(str(k)[:30] for k in list(item)[:6])
        return f"an object with keys {keys}" if keys else "an empty object"
    kinds = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    for kind, name in kinds.items():
        if isinstance(item, kind):
            return name
    return "a number" if isinstance(item, int | float) else type(item).__name__
