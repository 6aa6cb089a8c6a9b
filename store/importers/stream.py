"""Streaming the items of a JSON or JSONL file, one at a time, in flat memory.

The top level may be an array (each element is an item), one object (the item), or several
values one after another (JSONL, or concatenated JSON). ijson parses in C and hands over one
item at a time; the reader under it counts bytes, so a single item larger than the cap is
refused while it is being read, before it can fill memory, and measures how deeply the
bytes nest before ijson sees them (see store.importers.nesting).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import ijson

from store.importers.errors import ImportFileError, TruncatedFile
from store.importers.nesting import MAX_DEPTH, NestingGuard
from store.importers.sources import ByteStream

_UTF8_BOM = b"\xef\xbb\xbf"
_WHITESPACE = b" \t\r\n"
# The parser (yajl) re-reads a string or number that spans reads from its start at every
# read, so a value of N bytes read in chunks of C costs N*N/2C: 64 KB reads took 90 s to
# refuse a 128 MB string. While one value stays open, each read is as large as what was
# read of it so far, which keeps the total work O(N). Other reads stay small: ijson builds
# every item a read completes before it hands any over, and 4 MB reads parsed an export
# at half the speed of 64 KB ones.
READ_BYTES = 64 << 10


class ItemTooLarge(ImportFileError):
    pass


class CountingReader:
    """Counts the bytes read since the last item ended and refuses an item beyond `cap`.

    It has `read` and no `readinto`: ijson then takes each read whole, whatever its size,
    instead of copying it into a buffer of fixed size.
    """

    def __init__(
        self,
        stream: ByteStream,
        cap: int,
        on_bytes: Callable[[int], None] | None = None,
        max_depth: int = MAX_DEPTH,
    ) -> None:
        self._stream = stream
        self._cap = cap
        self._on_bytes = on_bytes
        self._nesting = NestingGuard(max_depth)
        self._started = False
        self.position = 0
        self.item_start = 0

    def read(self, size: int = -1) -> bytes:
        """The next bytes; the size asked for is a floor, the value being read sets it."""
        if size == 0:
            return b""
        # Never read further past the cap than the one byte that shows it is passed.
        room = self._cap - (self.position - self.item_start) + 1
        wanted = max(size, READ_BYTES, self._nesting.open_token)
        data = self._stream.read(max(1, min(wanted, room)))
        if not self._started:
            self._started = True
            if data.startswith(_UTF8_BOM):
                data = data[len(_UTF8_BOM) :]
        self.position += len(data)
        if self._on_bytes is not None and data:
            self._on_bytes(len(data))
        if self.position - self.item_start > self._cap:
            raise ItemTooLarge(
                f"holds a single item of more than {self._cap // 2**20} MB "
                f"(from byte {self.item_start}); that is beyond the limit for one conversation "
                "(see --max-conversation-mb)"
            )
        self._nesting.feed(data, self.position)
        return data

    def mark(self) -> None:
        """An item has ended: the next one is measured from here."""
        self.item_start = self.position


def json_items(reader: CountingReader) -> Iterator[Any]:
    """The items of the stream; ijson errors become one-line ImportFileErrors."""
    head = _skip_whitespace(reader)
    prefix = "item" if head[:1] == b"[" else ""
    try:
        for item in ijson.items(
            _Prepended(head, reader),
            prefix,
            use_float=True,
            multiple_values=True,
            buf_size=READ_BYTES,
        ):
            yield item
            reader.mark()
    except ijson.JSONError as exc:
        raise _parse_error(exc, reader.position) from None


def _skip_whitespace(reader: CountingReader) -> bytes:
    """Read up to the first value; return the bytes from there on that were already read."""
    while True:
        chunk = reader.read(READ_BYTES)
        if not chunk:
            return b""
        stripped = chunk.lstrip(_WHITESPACE)
        if stripped:
            return stripped


class _Prepended:
    """The reader with its first (already consumed) bytes put back in front."""

    def __init__(self, head: bytes, reader: CountingReader) -> None:
        self._head = head
        self._reader = reader

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size < 0 or size >= len(self._head):
                head, self._head = self._head, b""
                return head
            head, self._head = self._head[:size], self._head[size:]
            return head
        return self._reader.read(size)


def _parse_error(exc: Exception, position: int) -> ImportFileError:
    text = exc.args[0] if exc.args else exc
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    detail = str(text).strip().splitlines()[0] if str(text).strip() else type(exc).__name__
    where = f"near byte {position}"
    if "premature EOF" in detail or "Incomplete JSON" in detail:
        return TruncatedFile(f"ends in the middle of a JSON value {where} (truncated?)")
    if "UTF8" in detail or "UTF-8" in detail:
        return ImportFileError(f"is not valid UTF-8 {where}")
    detail = detail.removeprefix("parse error: ").removeprefix("lexical error: ")
    return ImportFileError(f"is not valid JSON {where}: {detail}")
