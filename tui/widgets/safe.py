"""Untrusted text made safe to show: never markup, never a terminal escape.

Titles, message bodies, model names and JSON all come from outside (exports, providers,
other people's apps). Two things can go wrong when they reach the screen:

* markup: Rich/Textual markup such as ``[@click=app.quit]`` can style text or run actions.
  Everything here builds `Content`/`Text` objects, which never parse markup.
* control sequences: an ESC starts a CSI/OSC/DCS sequence that a terminal obeys (colours,
  cursor moves, OSC 52 clipboard writes); C1 controls do the same on some terminals; bidi
  overrides make text display as something it is not.

`clean` replaces every such character by a visible stand-in, so the sequence is shown as
inert text (``␛[31m``) instead of being obeyed, and nothing silently disappears.
"""

from __future__ import annotations

import json
from typing import Any

# C0 controls show as their Unicode "control picture" (U+2400 + code), DEL as U+2421.
_C0 = {code: chr(0x2400 + code) for code in range(0x20)}
_TABLE: dict[int, str] = {**_C0, 0x7F: "\u2421"}
# Newline and tab are layout, not controls, in message bodies.
_TABLE.pop(0x0A)
_TABLE.pop(0x09)
# C1 controls (U+0080..U+009F): U+009B is a one-byte CSI on some terminals.
_TABLE |= dict.fromkeys(range(128, 160), "�")
# Bidi embeddings, overrides and isolates can reorder what is shown; the marks
# (LRM/RLM/ALM) only nudge neutral characters and are harmless.
BIDI_CONTROLS = (
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
)
_TABLE |= {ord(ch): "\ufffd" for ch in BIDI_CONTROLS}
# Line and paragraph separators would break a one-line row; in bodies they are newlines.
_LINE_TABLE = {**_TABLE, 0x0A: " ", 0x09: " ", 0x2028: " ", 0x2029: " ", 0x85: " "}
_BODY_TABLE = {**_TABLE, 0x2028: "\n", 0x2029: "\n"}

# JSON shown to a user keeps its meaning: the characters above are written as \u escapes,
# which decode to the very same string.
_JSON_ESCAPES = {
    code: f"\\u{code:04x}" for code in (*range(0x7F, 0xA0), *(ord(c) for c in BIDI_CONTROLS))
}
_JSON_ESCAPES |= {0x2028: "\\u2028", 0x2029: "\\u2029"}


def clean(text: str) -> str:
    """A message body made inert: controls and bidi overrides become visible stand-ins."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    return text.translate(_BODY_TABLE)


def clean_line(text: str) -> str:
    """Like `clean`, for one-line places (list rows, headers): line breaks become spaces."""
    if "\r" in text:
        text = text.replace("\r\n", " ")
    return text.translate(_LINE_TABLE)


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"


def json_text(value: Any, *, indent: int | None = 2) -> str:
    """JSON for display: valid and equal to `value`, with no character a terminal obeys.

    json.dumps already escapes C0 controls; DEL, C1 and bidi controls are escaped here.
    """
    return json.dumps(value, ensure_ascii=False, indent=indent, default=str).translate(
        _JSON_ESCAPES
    )


# Many terminals refuse an OSC 52 clipboard write past about 100 kB.
OSC52_COMFORT = 100_000


def copied_note(what: str, text: str) -> str:
    """The notice after a copy, warning when the terminal may not take that much."""
    note = f"Copied {what} ({len(text):,} characters)"
    if len(text) > OSC52_COMFORT:
        note += "; many terminals take less through the clipboard, e exports it to a file"
    return note
