"""Untrusted text made safe to print or show: the one place that knows which characters act.

Titles, message bodies, model names and JSON all come from outside (exports, providers,
other people's apps). Printed raw, an ESC starts a CSI/OSC/DCS sequence a terminal obeys
(colours, cursor moves, OSC 52 clipboard writes), C1 controls do the same on some
terminals, and bidi embeddings, overrides and isolates make text display as something it
is not. Two named policies deal with them:

* `Policy.SHOW`, for the app: each such character becomes a visible stand-in (``␛[31m``),
  so nothing silently disappears from what a user reads.
* `Policy.STRIP`, for plain output (the command line, Markdown export): they are removed,
  so a transcript piped to a file or a pager stays clean text.

Both keep line breaks and tabs in blocks. JSON keeps its value under either policy: the
characters are written as \\u escapes, which decode to the very same string.

Cheap to import: the command line's error path uses it.
"""

from __future__ import annotations

import enum
import json
import re
import unicodedata
from typing import Any

# The bidi controls that reorder what is shown. The marks (LRM/RLM/ALM) only nudge
# neutral characters and are harmless, so both policies keep them.
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
_BIDI = frozenset(BIDI_CONTROLS)


class Policy(enum.Enum):
    """What becomes of a character a terminal would obey."""

    SHOW = "show"  # replaced by a visible stand-in (the app)
    STRIP = "strip"  # removed (plain output: command line, Markdown export)


# SHOW: C0 controls as their Unicode "control picture" (U+2400 + code), DEL as U+2421.
_SHOW: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}
# Newline and tab are layout, not controls, in message bodies.
del _SHOW[0x0A], _SHOW[0x09]
# C1 controls (U+0080..U+009F): U+009B is a one-byte CSI on some terminals.
_SHOW |= dict.fromkeys(range(0x80, 0xA0), "\ufffd")
_SHOW |= {ord(ch): "\ufffd" for ch in BIDI_CONTROLS}
# Line and paragraph separators would break a one-line row; in bodies they are newlines.
_SHOW_LINE = {**_SHOW, 0x0A: " ", 0x09: " ", 0x2028: " ", 0x2029: " ", 0x85: " "}
_SHOW_BLOCK = {**_SHOW, 0x2028: "\n", 0x2029: "\n"}

_SPACES = re.compile(r"\s+")

_JSON_ESCAPES = {
    code: f"\\u{code:04x}"
    for code in (*range(0x7F, 0xA0), *(ord(c) for c in BIDI_CONTROLS), 0x2028, 0x2029)
}


def _stripped(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc" or ch in _BIDI


def block(text: str, policy: Policy) -> str:
    """Multi-line untrusted text: line breaks and tabs stay, every other control is dealt with."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if policy is Policy.SHOW:
        return text.translate(_SHOW_BLOCK)
    return "".join(ch for ch in text if ch in "\n\t" or not _stripped(ch))


def line(text: str, policy: Policy) -> str:
    """One line of untrusted text (list rows, headers, warnings): line breaks become spaces."""
    if policy is Policy.SHOW:
        if "\r" in text:
            text = text.replace("\r\n", " ")
        return text.translate(_SHOW_LINE)
    # Runs of whitespace become one space but the ends are kept, so that highlighted
    # stretches of a snippet still join with their spaces.
    return "".join(ch for ch in _SPACES.sub(" ", text) if not _stripped(ch))


def show(text: str) -> str:
    """A message body made inert for the app: controls become visible stand-ins."""
    return block(text, Policy.SHOW)


def show_line(text: str) -> str:
    return line(text, Policy.SHOW)


def strip(text: str) -> str:
    """A block for plain output: controls removed, line breaks and tabs kept."""
    return block(text, Policy.STRIP)


def strip_line(text: str) -> str:
    return line(text, Policy.STRIP)


def json_text(value: Any, *, indent: int | None = 2) -> str:
    """JSON that is valid, equal to `value`, and holds no character a terminal obeys.

    json.dumps already escapes C0 controls; DEL, C1, bidi controls and the line
    separators are escaped here.
    """
    return json.dumps(value, ensure_ascii=False, indent=indent, default=str).translate(
        _JSON_ESCAPES
    )


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"
