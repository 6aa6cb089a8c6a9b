"""The provider views a conversation can be shown in, and what each is called."""

from __future__ import annotations

from typing import Final

ORIGINAL: Final = "original"

# (key, label): "original" is the stored messages as they are; the others are the keys of
# `translate.VIEWS`, each a provider's request format.
VIEWS: Final[tuple[tuple[str, str], ...]] = (
    (ORIGINAL, "Original"),
    ("openai-responses", "OpenAI Responses"),
    ("openai-chat", "OpenAI Chat"),
    ("anthropic", "Anthropic"),
    ("gemini", "Gemini"),
    ("deepseek", "DeepSeek"),
)
# The translator's AI SDK view is not a provider one switches to, but exports use its name.
LABELS: Final = {**dict(VIEWS), "ai-sdk": "AI SDK"}
KEYS: Final = tuple(key for key, _ in VIEWS)


def label(view: str) -> str:
    return LABELS.get(view, view)


def next_view(view: str) -> str:
    index = KEYS.index(view) if view in KEYS else 0
    return KEYS[(index + 1) % len(KEYS)]


def valid(view: object) -> str:
    """A remembered view, if it is one of the switcher's; else Original."""
    return view if isinstance(view, str) and view in KEYS else ORIGINAL
