"""The role and searchable text the store keeps next to every raw message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from translate.canonical import (
    File,
    Reasoning,
    Source,
    Text,
    ToolCall,
    ToolResult,
    arguments_text,
    constructor,
    quick_init,
    result_text,
)
from translate.decoding import DECODERS, TOO_DEEP, decoder_for
from translate.errors import TranslateError


@quick_init
@dataclass(frozen=True, slots=True)
class IndexEntry:
    role: str
    text: str


_new_entry = constructor(IndexEntry)


def index_entry(raw: Any, format: str) -> IndexEntry:
    """Role of the row (assistant when the raw holds an assistant message) and one string of
    visible text, reasoning, tool names, arguments and results. Raises only TranslateError.
    """
    # decode(), inlined: the store calls this for every message it imports.
    decoder = DECODERS.get(format) if format.__class__ is str else None
    if decoder is None:
        decoder = decoder_for(format)
    try:
        messages = decoder(raw)
    except RecursionError:
        raise TranslateError("", TOO_DEEP) from None
    if not messages:
        raise TranslateError("", "holds no message (a ChatGPT tree root has none)")
    assistant = False
    chunks: list[str] = []
    add = chunks.append
    for message in messages:
        if message.role == "assistant":
            assistant = True
        for part in message.parts:
            kind = type(part)
            if kind is Text or kind is Reasoning:
                if part.text:  # type: ignore[union-attr]
                    add(part.text)  # type: ignore[union-attr]
            elif kind is ToolCall:
                add(part.name)  # type: ignore[union-attr]
                add(arguments_text(part))  # type: ignore[arg-type]
            elif kind is ToolResult:
                text = result_text(part)  # type: ignore[arg-type]
                if text:
                    add(text)
            elif kind is File:
                for value in (part.filename, part.text):  # type: ignore[union-attr]
                    if value:
                        add(value)
            elif kind is Source:
                for value in (part.title, part.url):  # type: ignore[union-attr]
                    if value:
                        add(value)
    role = "assistant" if assistant else messages[0].role
    return _new_entry(role, _storable("\n".join(chunks)))


def _storable(text: str) -> str:
    # Postgres text holds neither NUL nor lone surrogates (which JSON "\ud800" can produce).
    if "\x00" in text:
        text = text.replace("\x00", "")
    if text.isascii():  # a flag on the string, no scan: nothing to check for most text
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text
