"""Untrusted text made safe to show in the app: never markup, never a terminal escape.

Everything here builds on `store.sanitise` under its SHOW policy (a control becomes a
visible stand-in such as ``␛[31m``); widgets build `Content`/`Text` objects, which never
parse markup. Only the clipboard note is the app's own.
"""

from __future__ import annotations

from store.sanitise import BIDI_CONTROLS, clip, json_text
from store.sanitise import show as clean
from store.sanitise import show_line as clean_line

__all__ = [
    "BIDI_CONTROLS",
    "OSC52_COMFORT",
    "clean",
    "clean_line",
    "clip",
    "copied_note",
    "json_text",
]

# Many terminals refuse an OSC 52 clipboard write past about 100 kB.
OSC52_COMFORT = 100_000


def copied_note(what: str, text: str) -> str:
    """The notice after a copy, warning when the terminal may not take that much."""
    note = f"Copied {what} ({len(text):,} characters)"
    if len(text) > OSC52_COMFORT:
        note += "; many terminals take less through the clipboard, e exports it to a file"
    return note
