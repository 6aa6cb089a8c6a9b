"""Decode any stored raw by its format name."""

from __future__ import annotations

from typing import Any

from translate.canonical import Message
from translate.errors import TranslateError
from translate.formats import MODULES, module_for

_DECODERS = {name: module.decode for name, module in MODULES.items()}


def decode(raw: Any, format: str, *, provider: str = "", model: str = "") -> list[Message]:
    """The canonical messages of one stored raw; TranslateError names the bad field."""
    decoder = _DECODERS.get(format) if isinstance(format, str) else None
    if decoder is None:
        decoder = module_for(format).decode  # raises the unknown-format error
    try:
        return decoder(raw, provider=provider, model=model)  # type: ignore[no-any-return]
    except RecursionError:
        # Only serialising deeply nested values recurses; the decoders themselves do not.
        raise TranslateError("", "the message is nested too deeply to read") from None
