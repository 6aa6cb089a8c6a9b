"""The one place where the store derives a row's role and searchable text from its raw JSON.

Both come from the translator's decoders (`translate.index_entry`), so what is searchable
is exactly what the app shows.
"""

from __future__ import annotations

import re
from typing import Any

from translate import FORMATS, TranslateError, index_entry

__all__ = ["FORMATS", "DeriveError", "derive"]

# Search snippets mark matches with C0 controls; derived text never carries any of its own.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class DeriveError(ValueError):
    pass


def derive(raw: dict[str, Any], fmt: str) -> tuple[str, str]:
    """Return (role, searchable text) for a raw message of format `fmt`."""
    try:
        entry = index_entry(raw, fmt)
    except TranslateError as exc:
        raise DeriveError(str(exc)) from None
    text = entry.text
    if _CONTROLS.search(text):
        text = _CONTROLS.sub(" ", text)
    return entry.role, text
