"""Printing untrusted text (titles, snippets, transcripts) safely, and failing in one line."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from typing import Any, TextIO

# Bidi overrides and isolates can make text display as something it is not.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
# C1 controls (0x80-0x9f) include the 8-bit CSI, which some terminals obey; JSON leaves them raw.
_SPACES = re.compile(r"\s+")
_JSON_UNSAFE = re.compile("[\u007f-\u009f\u202a-\u202e\u2066-\u2069]")


class CommandError(Exception):
    """A one-line failure of a command, printed as `threadkeep: <message>`."""


def clean_line(text: str) -> str:
    """One line of untrusted text with every control and bidi character removed.

    Runs of whitespace become one space but the ends are kept, so that highlighted
    stretches of a snippet still join with their spaces.
    """
    flat = _SPACES.sub(" ", text)
    return "".join(ch for ch in flat if unicodedata.category(ch) != "Cc" and ch not in _BIDI)


def clean_block(text: str) -> str:
    """Untrusted multi-line text: keeps line breaks and tabs, drops every other control."""
    return "".join(
        ch
        for ch in text.replace("\r\n", "\n")
        if ch in "\n\t" or (unicodedata.category(ch) != "Cc" and ch not in _BIDI)
    )


def dumps(value: Any, *, indent: int | None = 2) -> str:
    """JSON that is safe on a terminal: controls JSON would leave raw are escaped too."""
    text = json.dumps(value, ensure_ascii=False, indent=indent, default=str)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def warn(message: str) -> None:
    print(f"threadkeep: {clean_line(message)}", file=sys.stderr)
