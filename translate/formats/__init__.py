"""One module per wire format, each with ``decode`` and ``encode``.

The names are the values of the database ``format`` column.
"""

from __future__ import annotations

from types import ModuleType

from translate.errors import TranslateError
from translate.formats import (
    ai_sdk_ui,
    anthropic_messages,
    chatgpt_export,
    claude_export,
    gemini,
    openai_chat,
    openai_responses,
)

_ENCODABLE = (ai_sdk_ui, openai_responses, openai_chat, anthropic_messages, gemini)
_DECODE_ONLY = (chatgpt_export, claude_export)

MODULES: dict[str, ModuleType] = {m.FORMAT: m for m in (*_ENCODABLE, *_DECODE_ONLY)}
FORMATS: tuple[str, ...] = tuple(MODULES)
ENCODABLE_FORMATS: tuple[str, ...] = tuple(m.FORMAT for m in _ENCODABLE)


def module_for(fmt: str, *, encodable: bool = False) -> ModuleType:
    module = MODULES.get(fmt) if isinstance(fmt, str) else None
    if module is None:
        raise TranslateError(
            "format", f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}"
        )
    if encodable and fmt not in ENCODABLE_FORMATS:
        raise TranslateError(
            "format",
            f"{fmt} can be decoded but not encoded; expected one of {', '.join(ENCODABLE_FORMATS)}",
        )
    return module
