"""Search snippets: a one-line excerpt of a message around its first match, the matching
words marked for highlighting."""

from __future__ import annotations

import functools
import re
import sys

# Highlight markers inside snippets. Derived text never holds C0 controls, so these
# cannot be confused with content.
HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"
SNIPPET_WIDTH = 160

_QUERY_TERM = re.compile(r"(!?)'((?:[^']|'')*)'")


def query_stems(tsquery_text: str) -> tuple[str, ...]:
    """The stems a tsquery looks for, without the excluded ones (`!'word'`)."""
    return tuple(
        dict.fromkeys(
            term.replace("''", "'").lower()
            for negated, term in _QUERY_TERM.findall(tsquery_text)
            if not negated and term
        )
    )


@functools.lru_cache(maxsize=64)
def _stem_pattern(stems: tuple[str, ...]) -> re.Pattern[str] | None:
    """Words that stem to one of `stems`, in lowered text: Snowball stems are prefixes of
    their words, except that a final y becomes i ("happy" -> "happi").

    Case-sensitive and without a word-boundary assertion, so that `re` can scan for the
    stems' first letters in C; callers check the boundary (`_starts_word`)."""
    if not stems:
        return None
    alternatives = []
    for stem in sorted(stems, key=len, reverse=True):
        alternatives.append(re.escape(stem))
        if stem.endswith("i") and len(stem) > 1:
            alternatives.append(re.escape(stem[:-1]) + "y")
    return re.compile("(?:" + "|".join(alternatives) + r")\w*")


def _lowered(text: str) -> str:
    """`text` in lower case with every character at its offset (the few characters whose
    lower case is longer, such as "İ", stay as they are)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(
        low if len(low) == 1 else ch for ch, low in zip(text, map(str.lower, text), strict=True)
    )


@functools.cache
def _spaces() -> dict[int, str]:
    """Every character str.split() splits on, made a space. Built at the first snippet:
    finding them walks all of Unicode, which `import store` must not pay for."""
    return {c: " " for c in range(sys.maxunicode + 1) if chr(c).isspace() and c != 0x20}


# The same for ASCII text, where bytes.translate runs at memory speed.
_ASCII_SPACES = bytes(0x20 if chr(c).isspace() else c for c in range(256))


def _one_line(text: str) -> str:
    """`" ".join(text.split())`, in a fraction of the time: no list of words."""
    if text.isascii():
        text = text.encode("ascii").translate(_ASCII_SPACES).decode("ascii")
    else:
        text = text.translate(_spaces())
    while "  " in text:
        text = text.replace("  ", " ")
    return text.strip(" ")


def _starts_word(text: str, at: int) -> bool:
    return at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_")


def _first_word_starting(lowered: str, stems: tuple[str, ...]) -> int | None:
    """Offset of the first word that starts like one of `stems` (str.find, not a regex
    scan, so that long messages stay cheap)."""
    best: int | None = None
    for stem in stems:
        for probe in (stem, stem[:-1] + "y") if stem.endswith("i") else (stem,):
            at = lowered.find(probe)
            while at != -1 and (best is None or at < best):
                if _starts_word(lowered, at):
                    best = at
                    break
                at = lowered.find(probe, at + 1)
    return best


def make_snippet(body: str, stems: tuple[str, ...], width: int = SNIPPET_WIDTH) -> str:
    """A one-line excerpt around the first match, matches marked for highlighting.

    Computed here rather than with ts_headline, which re-parses every hit and cost more
    than the whole search on a large archive. Only a window around the first match is
    ever scanned, so long messages cost no more than short ones.
    """
    pattern = _stem_pattern(stems)
    first = _first_word_starting(_lowered(body), stems) if pattern is not None else None
    lo = max(0, first - width) if first is not None else 0
    if lo:
        # Start the window on a word boundary so that no half word looks like a match.
        lo = body.rfind(" ", max(0, lo - 40), lo) + 1 or lo
    hi = (first if first is not None else 0) + 2 * width
    flat = _one_line(body[lo:hi])
    more_before, more_after = lo > 0, hi < len(body)
    lowered = _lowered(flat)
    # Every match that starts a word, up to the furthest the excerpt can reach; the first
    # is the anchor the excerpt is centred on.
    matches: list[re.Match[str]] = []
    if first is not None and pattern is not None:
        reach = len(flat)
        for m in pattern.finditer(lowered):
            if m.end() > reach:
                break
            if _starts_word(lowered, m.start()):
                if not matches:
                    reach = m.start() + width
                matches.append(m)
    if not matches:
        cut = flat[:width]
        return ("…" if more_before else "") + cut + ("…" if more_after or len(flat) > width else "")
    anchor = matches[0]
    start = max(0, anchor.start() - width // 3)
    if start:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < anchor.start() else start
    end = min(len(flat), start + width)
    if end < len(flat):
        space = flat.rfind(" ", anchor.end(), end)
        end = space if space > 0 else end
    out = ["…" if start or more_before else ""]
    cursor = start
    for match in matches:
        if match.end() > end:
            break
        out += [
            flat[cursor : match.start()],
            HIGHLIGHT_START,
            flat[match.start() : match.end()],
            HIGHLIGHT_END,
        ]
        cursor = match.end()
    out += [flat[cursor:end], "…" if end < len(flat) or more_after else ""]
    return "".join(out)


def match_spans(text: str, stems: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where words matching `stems` stand in `text`, as (start, end) character offsets:
    the words a search found, for a view to highlight."""
    pattern = _stem_pattern(stems)
    if pattern is None:
        return []
    lowered = _lowered(text)
    return [
        (m.start(), m.end()) for m in pattern.finditer(lowered) if _starts_word(lowered, m.start())
    ]


def snippet_segments(snippet: str) -> list[tuple[str, bool]]:
    """Split a snippet into (text, highlighted) runs for display."""
    segments: list[tuple[str, bool]] = []
    for i, chunk in enumerate(re.split(f"[{HIGHLIGHT_START}{HIGHLIGHT_END}]", snippet)):
        if chunk:
            segments.append((chunk, i % 2 == 1))
    return segments
