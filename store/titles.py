"""Cleaning of titles, which come from outside (exports, users, models)."""

from __future__ import annotations

import re
import unicodedata

from store.errors import InvalidTitle
from store.models import TITLE_MAX

# Bidi overrides and isolates can make a title display as something it is not.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_BREAKS = re.compile(r"[\t\n\r\v\f\u0085\u2028\u2029]+")


def clean_title(title: str) -> str:
    """Strip, drop control characters, and check length; raise InvalidTitle if unusable."""
    if not isinstance(title, str):
        raise InvalidTitle(f"a title must be text, got {type(title).__name__}")
    # A line break inside a title becomes a space so that the words stay apart.
    flattened = _LINE_BREAKS.sub(" ", title)
    cleaned = "".join(
        ch for ch in flattened if unicodedata.category(ch) != "Cc" and ch not in _BIDI_CONTROLS
    ).strip()
    if not cleaned:
        raise InvalidTitle("a title cannot be empty")
    if len(cleaned) > TITLE_MAX:
        raise InvalidTitle(
            f"a title can be at most {TITLE_MAX} characters; this one has {len(cleaned)}"
        )
    return cleaned


def preview(text: str, limit: int = 80) -> str:
    """A one-line preview of a message, for conversations without a title."""
    flat = " ".join(_LINE_BREAKS.sub(" ", text).split())
    flat = "".join(
        ch for ch in flat if unicodedata.category(ch) != "Cc" and ch not in _BIDI_CONTROLS
    )
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
