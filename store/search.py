"""Full-text search over message text and titles.

Frequent words match a large share of a big archive, and ranking every match is what
makes the naive query slow at the tail. So matches are gathered newest first up to a
bounded pool and only that pool is ranked: Postgres walks the recency index for frequent
words and the GIN index for rare ones, choosing by its statistics.
"""

from __future__ import annotations

import functools
import re

from sqlalchemy import Connection, text

from store.models import TS_CONFIG
from store.records import SearchHit

# Highlight markers inside snippets. Derived text never holds C0 controls, so these
# cannot be confused with content.
HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"

# How many of the newest matches are ranked. Bigger ranks better and costs more for
# frequent words; see bench/search.py.
POOL = 100
# Snippets are cut from this much of the start of a message.
_SNIPPET_SOURCE_CHARS = 8_000
SNIPPET_WIDTH = 160
_WORD = re.compile(r"\w+$")
# A title match says more than one word deep inside a long answer.
_TITLE_BOOST = 2.0


def tsquery_sql(param: str = "q", prefix_param: str = "prefix") -> str:
    """SQL for the query: web-search syntax, plus a prefix match of the last word while typing."""
    web = f"websearch_to_tsquery('{TS_CONFIG}', :{param})"
    # to_tsquery on a quoted literal cannot be injected: the word is passed as data.
    prefix = f"to_tsquery('{TS_CONFIG}', quote_literal(:{prefix_param}) || ':*')"
    return (
        f"(CASE WHEN :{prefix_param} = '' THEN {web} "
        f"WHEN numnode({web}) = 0 THEN {prefix} "
        f"ELSE {web} && {prefix} END)"
    )


def query_params(query: str, *, as_you_type: bool) -> dict[str, str]:
    """Split a typed query into its web-search part and the word being typed."""
    query = query.strip() if not as_you_type else query.lstrip()
    if as_you_type and query and not query.endswith((" ", '"')):
        match = _WORD.search(query)
        if match and not query[: match.start()].rstrip().endswith("-"):
            head = query[: match.start()]
            # An unbalanced quote means the word is inside a phrase; leave it to websearch.
            if head.count('"') % 2 == 0:
                return {"q": head.strip(), "prefix": match.group(0)}
    return {"q": query.strip(), "prefix": ""}


_COMPILE_SQL = f"SELECT ({tsquery_sql()})::text"

# The query arrives as a tsquery literal, a constant when the statement is planned: Postgres
# then estimates from the column statistics how many rows match, and walks the recency
# index for frequent words or the GIN index for rare ones. Statements are never prepared,
# so no generic plan ever hides the words from the planner.
_SEARCH_SQL = f"""
WITH titles AS MATERIALIZED (
    SELECT c.id, c.title, c.updated_at
    FROM conversations c
    WHERE to_tsvector('{TS_CONFIG}', coalesce(c.title, '')) @@ %(tsq)s::tsquery
      AND c.deleted_at IS NULL
    ORDER BY c.updated_at DESC
    LIMIT %(pool)s
),
pool AS MATERIALIZED (
    SELECT m.id, m.conversation_id, m.position, m.role, m.created_at, m.search_vector
    FROM messages m
    WHERE m.search_vector @@ %(tsq)s::tsquery
      AND NOT EXISTS (
          SELECT 1 FROM conversations d
          WHERE d.id = m.conversation_id AND d.deleted_at IS NOT NULL
      )
    ORDER BY m.created_at DESC
    LIMIT %(pool)s
),
best AS (
    SELECT p.id, p.conversation_id, p.position, p.role, p.created_at,
           ts_rank(p.search_vector, %(tsq)s::tsquery) AS rank
    FROM pool p
    ORDER BY rank DESC, p.created_at DESC
    LIMIT %(limit)s
)
(SELECT t.id AS conversation_id, t.title, NULL::uuid AS message_id, NULL::int AS position,
        NULL::text AS role,
        ts_rank(to_tsvector('{TS_CONFIG}', coalesce(t.title, '')), %(tsq)s::tsquery)
            * {_TITLE_BOOST} AS rank,
        t.updated_at AS created_at, t.title AS body
 FROM titles t
 ORDER BY rank DESC, created_at DESC
 LIMIT %(limit)s)
UNION ALL
(SELECT b.conversation_id, c.title, b.id, b.position, b.role, b.rank, b.created_at,
        left(m.content_text, {_SNIPPET_SOURCE_CHARS})
 FROM best b
 JOIN messages m ON m.id = b.id
 JOIN conversations c ON c.id = b.conversation_id)
"""


def compile_query(conn: Connection, query: str, *, as_you_type: bool = False) -> str | None:
    """The tsquery (as text) for a typed query, or None when it holds no searchable word."""
    params = query_params(query, as_you_type=as_you_type)
    if not params["q"] and not params["prefix"]:
        return None
    compiled = conn.execute(text(_COMPILE_SQL), params).scalar_one()
    return compiled or None


# The same statement for the driver's cursor, which search uses for both of its round trips.
_COMPILE_DRIVER_SQL = re.sub(r":(q|prefix)\b", r"%(\1)s", _COMPILE_SQL)


def search(
    conn: Connection, query: str, *, limit: int, as_you_type: bool = False
) -> list[SearchHit]:
    params = query_params(query, as_you_type=as_you_type)
    if not params["q"] and not params["prefix"]:
        return []
    driver = conn.connection.driver_connection
    assert driver is not None
    # Straight on the driver: search is budgeted in milliseconds, and SQLAlchemy's layers
    # around a statement cost a measurable share of them.
    with driver.cursor() as cur:
        cur.execute(_COMPILE_DRIVER_SQL, params)
        compiled = cur.fetchone()
        tsq = compiled[0] if compiled else None
        if not tsq:
            return []
        cur.execute(
            _SEARCH_SQL, {"tsq": tsq, "limit": limit, "pool": max(POOL, limit)}, prepare=False
        )
        rows = cur.fetchall()
    stems = query_stems(tsq)
    hits = [
        SearchHit(
            conversation_id=conversation_id,
            title=title,
            message_id=message_id,
            position=position,
            role=role,
            snippet=make_snippet(body or "", stems),
            rank=float(rank),
            created_at=created_at,
        )
        for conversation_id, title, message_id, position, role, rank, created_at, body in rows
    ]
    hits.sort(key=lambda h: (-h.rank, -h.created_at.timestamp()))
    return hits[:limit]


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
    """Words that stem to one of `stems`: Snowball stems are prefixes of their words,
    except that a final y becomes i ("happy" -> "happi")."""
    if not stems:
        return None
    alternatives = []
    for stem in sorted(stems, key=len, reverse=True):
        alternatives.append(re.escape(stem))
        if stem.endswith("i") and len(stem) > 1:
            alternatives.append(re.escape(stem[:-1]) + "y")
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")\w*", re.IGNORECASE)


def _first_word_starting(body: str, stems: tuple[str, ...]) -> int | None:
    """Offset of the first word that starts like one of `stems` (str.find, not a regex
    scan, so that long messages stay cheap)."""
    lower = body.lower()
    best: int | None = None
    for stem in stems:
        for probe in (stem, stem[:-1] + "y") if stem.endswith("i") else (stem,):
            at = lower.find(probe)
            while at != -1 and (best is None or at < best):
                if at == 0 or (not lower[at - 1].isalnum() and lower[at - 1] != "_"):
                    best = at
                    break
                at = lower.find(probe, at + 1)
    return best


def make_snippet(body: str, stems: tuple[str, ...], width: int = SNIPPET_WIDTH) -> str:
    """A one-line excerpt around the first match, matches marked for highlighting.

    Computed here rather than with ts_headline, which re-parses every hit and cost more
    than the whole search on a large archive. Only a window around the first match is
    ever scanned, so long messages cost no more than short ones.
    """
    pattern = _stem_pattern(stems)
    first = _first_word_starting(body, stems)
    lo = max(0, first - width) if first is not None else 0
    if lo:
        # Start the window on a word boundary so that no half word looks like a match.
        lo = body.rfind(" ", max(0, lo - 40), lo) + 1 or lo
    hi = (first if first is not None else 0) + 2 * width
    flat = " ".join(body[lo:hi].split())
    more_before, more_after = lo > 0, hi < len(body)
    matches = list(pattern.finditer(flat)) if first is not None and pattern is not None else []
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
        if match.start() < start:
            continue
        if match.end() > end:
            break
        out += [flat[cursor : match.start()], HIGHLIGHT_START, match.group(0), HIGHLIGHT_END]
        cursor = match.end()
    out += [flat[cursor:end], "…" if end < len(flat) or more_after else ""]
    return "".join(out)


def snippet_segments(snippet: str) -> list[tuple[str, bool]]:
    """Split a snippet into (text, highlighted) runs for display."""
    segments: list[tuple[str, bool]] = []
    for i, chunk in enumerate(re.split(f"[{HIGHLIGHT_START}{HIGHLIGHT_END}]", snippet)):
        if chunk:
            segments.append((chunk, i % 2 == 1))
    return segments
