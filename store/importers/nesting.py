"""How deeply the JSON read so far nests, measured on raw bytes before the parser sees them.

ijson keeps, for every open array or object, the dotted path to it ("item.item.item..."),
so memory grows with the square of the depth: 200,000 nested `[` in a 400 KB file take
tens of GB. The parser has no depth limit, so the bytes are measured on their way to it
and input nested deeper than MAX_DEPTH is refused before it is parsed.

Every step runs at C speed over a chunk, never a Python loop over its bytes: escape pairs
are deleted (only escaped backslashes and quotes matter), everything but quotes and
brackets is deleted, the strings are cut out by splitting at the quotes, and the running
depth over the brackets left is summed by `itertools.accumulate`. A scan of valid JSON is
exact; on invalid JSON it may be wrong, and then the parser refuses the file anyway.
"""

from __future__ import annotations

from itertools import accumulate

from store.importers.errors import ImportFileError

# Arrays and objects, the outermost one counted. Real exports and payloads nest 10-30
# levels; the stored JSON is later walked by recursive code (json, the translator), which
# Python's default recursion limit of 1,000 frames must cover with room to spare.
MAX_DEPTH = 512

_KEPT = b'"[]{}'
_NOT_KEPT = bytes(b for b in range(256) if b not in _KEPT)
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")
_NUMBER = b"0123456789+-.eE"


class TooDeep(ImportFileError):
    pass


class NestingGuard:
    """Feed it every byte of a JSON text, in order; it raises TooDeep past `limit`."""

    def __init__(self, limit: int = MAX_DEPTH) -> None:
        self._limit = limit
        self._depth = 0
        self._in_string = False
        # The last chunk ended in an escape: the first byte of the next one is escaped.
        self._escaped = False
        # Bytes of the string or number still open at the end of what was fed, so that a
        # reader can size its next read to the value being read.
        self.open_token = 0

    def feed(self, chunk: bytes, end: int) -> None:
        """`chunk` is the next bytes of the text; `end` is its end's offset, for the error."""
        if not chunk:
            return
        was_in_string = self._in_string
        text = chunk[1:] if self._escaped else chunk
        # Backslashes pair from the left: `\\` is one escaped backslash, and what is left
        # is a lone backslash escaping the byte after it.
        text = text.replace(b"\\\\", b"")
        self._escaped = text.endswith(b"\\")
        text = text.replace(b'\\"', b"")
        # An empty pair of quotes changes no byte's side of the quotes: most strings hold
        # no brackets, and dropping them first leaves little for the split.
        marks = text.translate(None, _NOT_KEPT)
        continued = was_in_string and b'"' not in marks
        marks = marks.replace(b'""', b"")
        pieces = (b'"' + marks if was_in_string else marks).split(b'"')
        self._in_string = len(pieces) % 2 == 0
        self._track_open_token(chunk, continued)
        brackets = b"".join(pieces[::2])
        closes = brackets.count(b"]") + brackets.count(b"}")
        opens = len(brackets) - closes
        if self._depth + opens > self._limit:
            steps = memoryview(brackets.translate(_STEPS)).cast("b")
            if max(accumulate(steps, initial=self._depth)) > self._limit:
                raise TooDeep(
                    f"nests arrays and objects more than {self._limit} levels deep "
                    f"(before byte {end}); threadkeep refuses JSON nested that deep"
                )
        # Below zero the JSON is invalid, which the parser reports itself.
        self._depth = max(0, self._depth + opens - closes)

    def _track_open_token(self, chunk: bytes, continued: bool) -> None:
        if self._in_string:
            if continued:  # the same string runs through the chunk
                self.open_token += len(chunk)
            else:
                # An escaped quote after the real one makes this short: slower, not unsafe.
                self.open_token = len(chunk) - chunk.rfind(b'"')
            return
        digits = len(chunk) - len(chunk.rstrip(_NUMBER)) if chunk[-1] in _NUMBER else 0
        self.open_token = self.open_token + digits if digits == len(chunk) else digits
