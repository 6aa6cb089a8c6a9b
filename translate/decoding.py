"""Decode any stored raw by its format name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from translate.canonical import Message
from translate.errors import TranslateError
from translate.formats import MODULES, module_for

Decoder = Callable[..., list[Message]]

DECODERS: dict[str, Decoder] = {name: module.decode for name, module in MODULES.items()}
# Only serialising deeply nested values recurses; the decoders themselves do not.
TOO_DEEP = "the message is nested too deeply to read"


def decoder_for(format: Any) -> Decoder:
    """The format's decoder; TranslateError for an unknown format."""
    decoder = DECODERS.get(format) if isinstance(format, str) else None
    if decoder is None:
        decoder = module_for(format).decode  # raises the unknown-format error
    return decoder


def decode(raw: Any, format: str, *, provider: str = "", model: str = "") -> list[Message]:
    """The canonical messages of one stored raw; TranslateError names the bad field."""
    decoder = decoder_for(format)
    try:
        return decoder(raw, provider=provider, model=model)
    except RecursionError:
        raise TranslateError("", TOO_DEEP) from None
