"""Decode any stored raw by its format name."""

from __future__ import annotations

from typing import Any

from translate.canonical import Message
from translate.errors import TranslateError
from translate.formats import module_for


def decode(raw: Any, format: str, *, provider: str = "", model: str = "") -> list[Message]:
    """The canonical messages of one stored raw; TranslateError names the bad field."""
    module = module_for(format)
    try:
        return module.decode(raw, provider=provider, model=model)  # type: ignore[no-any-return]
    except RecursionError:
        # Only serialising deeply nested values recurses; the decoders themselves do not.
        raise TranslateError("", "the message is nested too deeply to read") from None
