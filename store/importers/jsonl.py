"""Reading a JSONL history file (Claude Code, Codex CLI) line by line.

A session file is one conversation, so one bad line refuses the whole file: importing the
lines around it would store a conversation with a hole in it that nobody asked for. The
error names the line, and says "truncated" when the file simply stops mid-line (a session
that was being written when it was copied).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from store.importers.common import describe_keys
from store.importers.errors import ConversionError

_UTF8_BOM = "\ufeff"


def parse_lines(lines: Iterable[bytes | str]) -> list[dict[str, Any]]:
    """The JSON objects of the file's lines; blank lines are passed by."""
    records: list[dict[str, Any]] = []
    for number, line in enumerate(lines, start=1):
        text = _decode(line, number)
        if number == 1:
            text = text.removeprefix(_UTF8_BOM)
        if not text.strip():
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            # Only the last line of a file can lack its newline: a file cut while written.
            if not text.endswith("\n"):
                raise ConversionError(
                    f"the file ends in the middle of line {number} (truncated?)"
                ) from None
            raise ConversionError(f"line {number} is not valid JSON ({exc.msg})") from None
        except RecursionError:
            # json.loads recurses per level: a hostile line must be a refusal, not a traceback.
            raise ConversionError(f"line {number} nests arrays and objects too deeply") from None
        if not isinstance(value, dict):
            raise ConversionError(f"line {number} holds {describe_keys(value)}, not an object")
        records.append(value)
    return records


def _decode(line: bytes | str, number: int) -> str:
    if isinstance(line, str):
        return line
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        raise ConversionError(f"line {number} is not valid UTF-8") from None
