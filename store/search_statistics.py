"""How many messages (and titles) a search query will match, estimated from Postgres's
own statistics.

Search takes one of two index paths (store.search): the recency index for queries that
match a large share of the archive, the GIN index for the rest. Postgres could choose
itself, but only by planning the statement anew for every query, which cost as much as a
rare word's whole search. So the statement is planned once, and the choice is made here,
from the statistics ANALYZE keeps for the planner (the commonest words of
`messages.search_vector` and of the title index, and the share of rows each occurs in),
read again only after the next ANALYZE.
"""

from __future__ import annotations

import bisect
import math
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# Postgres's own guess for a word its statistics do not know, when it has none at all.
_DEFAULT_SHARE = 0.005

# The word statistics ANALYZE keeps for each searched column (for titles, those of the
# expression index), and how many rows each table holds.
_STATS_SQL = """
SELECT greatest(c.reltuples, 0), s.most_common_elems::text::text[], s.most_common_elem_freqs
FROM pg_class c
LEFT JOIN pg_stats s
  ON s.schemaname = c.relnamespace::regnamespace::text
 AND s.tablename = %(stats_of)s AND s.attname = %(column)s AND NOT s.inherited
WHERE c.oid = %(table)s::regclass
"""
_COLUMNS = {
    "messages": {"table": "messages", "stats_of": "messages", "column": "search_vector"},
    "titles": {
        "table": "conversations",
        "stats_of": "ix_conversations_title_search",
        "column": "to_tsvector",
    },
}

# When the statistics last changed; cheap enough to ask with every search.
STAMP_SQL = (
    "greatest(pg_stat_get_last_analyze_time('messages'::regclass),"
    " pg_stat_get_last_autoanalyze_time('messages'::regclass),"
    " pg_stat_get_last_analyze_time('conversations'::regclass),"
    " pg_stat_get_last_autoanalyze_time('conversations'::regclass))"
)


@dataclass(frozen=True)
class WordShares:
    """The share of rows (messages, or conversations by title) that each of the
    commonest words occurs in."""

    rows: float
    shares: dict[str, float] = field(default_factory=dict)
    # Sorted, for the words a prefix query (`'wor':*`) matches.
    words: tuple[str, ...] = ()
    # A word not among the commonest occurs in at most this share of rows.
    floor: float = _DEFAULT_SHARE

    @classmethod
    def from_statistics(
        cls, rows: float, words: Sequence[str] | None, freqs: Sequence[float] | None
    ) -> WordShares:
        if not words or not freqs or len(freqs) < len(words) + 2:
            return cls(rows)
        # The frequencies end with their own minimum and maximum.
        shares = dict(zip(words, freqs, strict=False))
        return cls(rows, shares, tuple(sorted(shares)), min(_DEFAULT_SHARE, freqs[-2] / 2))

    def matches(self, tsquery: str) -> float:
        """Expected number of rows matching `tsquery` (its text form)."""
        try:
            return self.rows * _Estimate(self, tsquery).share()
        except _Unparsed:
            return 0.0

    def word(self, lexeme: str, prefix: bool) -> float:
        if not prefix:
            return self.shares.get(lexeme, self.floor)
        lo = bisect.bisect_left(self.words, lexeme)
        hi = bisect.bisect_left(self.words, lexeme + "\U0010ffff")
        return min(1.0, max(self.floor, sum(self.shares[w] for w in self.words[lo:hi])))

    def walks(self, tsquery: str, pool: int) -> bool:
        """Whether finding the `pool` newest matches is cheaper by walking the rows newest
        first than by collecting every match from the GIN index.

        The walk reads about pool ÷ share rows, the index about share × rows: they cost
        the same at √(pool × rows) matches.
        """
        return self.rows > 0 and self.matches(tsquery) > math.sqrt(pool * self.rows)


class _Unparsed(Exception):
    pass


_TOKEN = re.compile(r"\s*(?:'((?:[^']|'')*)'(:[*A-Da-d]*)?|(<->|<\d+>|[&|!()]))")


class _Estimate:
    """The share of rows a tsquery matches, words taken as independent (as Postgres
    does): `!` binds tightest, then phrase operators, then `&`, then `|`."""

    def __init__(self, shares: WordShares, tsquery: str) -> None:
        self._shares = shares
        self._tokens: list[tuple[str, Any]] = []
        at = 0
        text = tsquery.rstrip()
        while at < len(text):
            match = _TOKEN.match(text, at)
            if match is None:
                raise _Unparsed
            word, flags, operator = match.groups()
            if operator is None:
                self._tokens.append(("word", (word.replace("''", "'"), "*" in (flags or ""))))
            else:
                self._tokens.append(("op", "<->" if operator.startswith("<") else operator))
            at = match.end()
        self._next = 0

    def share(self) -> float:
        share = self._any()
        if self._next != len(self._tokens):
            raise _Unparsed
        return share

    def _peek(self) -> Any:
        return self._tokens[self._next][1] if self._next < len(self._tokens) else None

    def _take(self) -> tuple[str, Any]:
        if self._next >= len(self._tokens):
            raise _Unparsed
        self._next += 1
        return self._tokens[self._next - 1]

    def _any(self) -> float:
        share = self._all()
        while self._peek() == "|":
            self._take()
            other = self._all()
            share = share + other - share * other
        return share

    def _all(self) -> float:
        share = self._phrase()
        while self._peek() == "&":
            self._take()
            share *= self._phrase()
        return share

    def _phrase(self) -> float:
        share = self._one()
        while self._peek() == "<->":
            self._take()
            share *= self._one()
        return share

    def _one(self) -> float:
        kind, value = self._take()
        if kind == "word":
            return self._shares.word(*value)
        if value == "!":
            return 1.0 - self._one()
        if value == "(":
            share = self._any()
            if self._take() != ("op", ")"):
                raise _Unparsed
            return share
        raise _Unparsed


@dataclass(frozen=True)
class Shares:
    messages: WordShares
    titles: WordShares


class SearchStatistics:
    """The statistics a store's searches use, read again when ANALYZE has run since."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamp: datetime | None = None
        self._shares: Shares | None = None

    def current(self, cursor: Any, stamp: datetime | None) -> Shares:
        with self._lock:
            if self._shares is None or stamp != self._stamp:
                self._shares = Shares(**{name: _read(cursor, name) for name in _COLUMNS})
                self._stamp = stamp
            return self._shares


def _read(cursor: Any, name: str) -> WordShares:
    cursor.execute(_STATS_SQL, _COLUMNS[name])
    row = cursor.fetchone()
    rows, words, freqs = row if row is not None else (0.0, None, None)
    return WordShares.from_statistics(float(rows), words, freqs)
