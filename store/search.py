"""Full-text search over message text and titles.

Frequent words match a large share of a big archive, and ranking every match is what
makes the naive query slow at the tail. So matches are gathered newest first up to a
bounded pool and only that pool is ranked: Postgres walks the recency index for frequent
words and the GIN index for rare ones, choosing by its statistics.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Connection, text

from store.models import TS_CONFIG
from store.records import SearchHit

# Highlight markers inside snippets. Derived text never holds C0 controls, so these
# cannot be confused with content.
HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"

# How many of the newest matches are ranked. Bigger ranks better and costs more for
# frequent words; see bench/search.py.
POOL = 200
_SNIPPET_SOURCE_CHARS = 20_000
_HEADLINE = (
    f'StartSel="{HIGHLIGHT_START}", StopSel="{HIGHLIGHT_END}", '
    'MaxWords=24, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "'
)
_WORD = re.compile(r"\w+$")


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


_MESSAGES_SQL = f"""
WITH q AS MATERIALIZED (SELECT {tsquery_sql()} AS q),
pool AS MATERIALIZED (
    SELECT m.id, m.conversation_id, m.position, m.role, m.created_at, m.search_vector
    FROM messages m
    JOIN conversations c ON c.id = m.conversation_id AND c.deleted_at IS NULL
    WHERE m.search_vector @@ (SELECT q FROM q)
    ORDER BY m.created_at DESC
    LIMIT :pool
),
best AS (
    SELECT p.*, ts_rank_cd(p.search_vector, (SELECT q FROM q)) AS rank
    FROM pool p
    ORDER BY rank DESC, p.created_at DESC
    LIMIT :limit
)
SELECT b.conversation_id, c.title, b.id AS message_id, b.position, b.role, b.rank,
       b.created_at,
       ts_headline('{TS_CONFIG}', left(m.content_text, {_SNIPPET_SOURCE_CHARS}),
                   (SELECT q FROM q), :headline) AS snippet
FROM best b
JOIN messages m ON m.id = b.id
JOIN conversations c ON c.id = b.conversation_id
ORDER BY b.rank DESC, b.created_at DESC
"""

_TITLES_SQL = f"""
WITH q AS MATERIALIZED (SELECT {tsquery_sql()} AS q)
SELECT c.id AS conversation_id, c.title, c.updated_at AS created_at,
       ts_rank_cd(to_tsvector('{TS_CONFIG}', coalesce(c.title, '')), (SELECT q FROM q)) AS rank,
       ts_headline('{TS_CONFIG}', c.title, (SELECT q FROM q), :headline) AS snippet
FROM conversations c
WHERE to_tsvector('{TS_CONFIG}', coalesce(c.title, '')) @@ (SELECT q FROM q)
  AND c.deleted_at IS NULL
ORDER BY rank DESC, c.updated_at DESC
LIMIT :limit
"""

# A title match says more than one word deep inside a long answer.
_TITLE_BOOST = 2.0


def search(
    conn: Connection, query: str, *, limit: int, as_you_type: bool = False
) -> list[SearchHit]:
    params: dict[str, Any] = query_params(query, as_you_type=as_you_type)
    if not params["q"] and not params["prefix"]:
        return []
    params |= {"limit": limit, "pool": max(POOL, limit), "headline": _HEADLINE}
    hits = [
        SearchHit(
            conversation_id=row.conversation_id,
            title=row.title,
            message_id=None,
            position=None,
            role=None,
            snippet=row.snippet or "",
            rank=float(row.rank) * _TITLE_BOOST,
            created_at=row.created_at,
        )
        for row in conn.execute(text(_TITLES_SQL), params)
    ]
    hits += [
        SearchHit(
            conversation_id=row.conversation_id,
            title=row.title,
            message_id=row.message_id,
            position=row.position,
            role=row.role,
            snippet=row.snippet or "",
            rank=float(row.rank),
            created_at=row.created_at,
        )
        for row in conn.execute(text(_MESSAGES_SQL), params)
    ]
    hits.sort(key=lambda h: (-h.rank, -h.created_at.timestamp()))
    return hits[:limit]


def snippet_segments(snippet: str) -> list[tuple[str, bool]]:
    """Split a snippet into (text, highlighted) runs for display."""
    segments: list[tuple[str, bool]] = []
    for i, chunk in enumerate(re.split(f"[{HIGHLIGHT_START}{HIGHLIGHT_END}]", snippet)):
        if chunk:
            segments.append((chunk, i % 2 == 1))
    return segments
