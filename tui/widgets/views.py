"""The provider views a conversation can be shown in, and what each is called.

Which views exist is the translator's to say (`translate.VIEWS`); this module only adds
"original" (the stored messages as they are) in front and a display name for each. The
translator is imported the first time a view is asked for, never at start-up: the first
screen must paint before it loads.
"""

from __future__ import annotations

from functools import cache
from typing import Final

ORIGINAL: Final = "original"

# Display names. A view the translator gains before this table does shows under its key.
_NAMES: Final = {
    ORIGINAL: "Original",
    "openai-responses": "OpenAI Responses",
    "openai-chat": "OpenAI Chat",
    "anthropic": "Anthropic",
    "gemini": "Gemini",
    "deepseek": "DeepSeek",
    "ai-sdk": "AI SDK",
}


@cache
def views() -> tuple[tuple[str, str], ...]:
    """(key, label) of every view, Original first, then the translator's in its order."""
    from translate import VIEWS

    return ((ORIGINAL, _NAMES[ORIGINAL]), *((key, label(key)) for key in VIEWS))


def view_keys() -> tuple[str, ...]:
    return tuple(key for key, _ in views())


def label(view: str) -> str:
    return _NAMES.get(view, view)


def next_view(view: str) -> str:
    keys = view_keys()
    index = keys.index(view) if view in keys else 0
    return keys[(index + 1) % len(keys)]


def valid(view: object) -> str:
    """A remembered view, if it is one of the switcher's; else Original."""
    return view if isinstance(view, str) and view in view_keys() else ORIGINAL
