"""Full-text search over message text and titles.

Frequent words match a large share of a big archive, and ranking every match is what
makes the naive query slow at the tail. So matches are gathered newest first up to a
bounded pool and only that pool is ranked. The pool comes from walking the recency index
for queries that match a large share of messages, and from the GIN index for the rest;
the choice is made from Postgres's word statistics (store.search_statistics), so that the
statement is planned once per connection, never per query.
"""

from __future__ import annotations

import functools
import re

from sqlalchemy import Connection, text

from store.models import TS_CONFIG
from store.records import ConversationHits, SearchHit
from store.search_statistics import STAMP_SQL, SearchStatistics
from store.snippets import make_snippet, query_stems

# How many of the newest matches are ranked. Bigger ranks better and costs more for
# frequent words; see bench/search.py.
POOL = 100
# Snippets are cut from this much of the start of a message.
_SNIPPET_SOURCE_CHARS = 8_000
_WORD = re.compile(r"\w+$")
# A title match says more than one word deep inside a long answer.
_TITLE_BOOST = 2.0


def tsquery_sql(param: str = "q", prefix_param: str = "prefix", join_param: str = "join") -> str:
    """SQL for the query: web-search syntax, plus a prefix match of the last word while typing.

    The word being typed joins the rest with AND, or with OR when "or" comes before it
    (`kotlin or flut` is `kotlin | flut:*`, as `kotlin or flutter` is once typed out).
    """
    web = f"websearch_to_tsquery('{TS_CONFIG}', :{param})"
    # to_tsquery on a quoted literal cannot be injected: the word is passed as data.
    prefix = f"to_tsquery('{TS_CONFIG}', quote_literal(:{prefix_param}) || ':*')"
    return (
        f"(CASE WHEN :{prefix_param} = '' THEN {web} "
        f"WHEN numnode({web}) = 0 THEN {prefix} "
        f"WHEN :{join_param} = '|' THEN {web} || {prefix} "
        f"ELSE {web} && {prefix} END)"
    )


_TRAILING_OR = re.compile(r"(?:^|\s)or\s*$", re.IGNORECASE)


def query_params(query: str, *, as_you_type: bool) -> dict[str, str]:
    """Split a typed query into its web-search part, the word being typed, and how they join.

    The one parser of queries: the app (as you type) and the command line both come here.
    """
    query = query.strip() if not as_you_type else query.lstrip()
    if as_you_type and query and not query.endswith((" ", '"')):
        match = _WORD.search(query)
        if match and not query[: match.start()].rstrip().endswith("-"):
            head = query[: match.start()]
            # An unbalanced quote means the word is inside a phrase; leave it to websearch.
            if head.count('"') % 2 == 0:
                join = "&"
                if _TRAILING_OR.search(head) and head.strip().lower() != "or":
                    head = _TRAILING_OR.sub("", head)
                    join = "|"
                return {"q": head.strip(), "prefix": match.group(0), "join": join}
    return {"q": query.strip(), "prefix": "", "join": "&"}


_COMPILE_SQL = f"SELECT ({tsquery_sql()})::text"
# The same on the driver's cursor, with when the word statistics last changed.
_COMPILE_DRIVER_SQL = re.sub(r":(q|prefix|join)\b", r"%(\1)s", f"{_COMPILE_SQL}, {STAMP_SQL}")


def _newest_matches(
    name: str, *, columns: str, source: str, match: str, where: str, newest: str, pool: int
) -> str:
    """CTEs that give `name`: the `pool` newest rows of `source` that `match`, gathered
    one of two ways, as the parameter `walk_<name>` says. Only one of them ever runs: the
    other's one-time filter is false.

    - Walking the recency index (`newest`) and testing each row: cheap when many rows
      match. coalesce() hides the match from the GIN index, so no plan can use it here.
    - Collecting every match from the GIN index and sorting them: cheap when few match.
      OFFSET 0 keeps the sort outside, so no plan can walk the recency index here.
    """
    walk = f"%(walk_{name})s"
    return f"""
{name}_walked AS MATERIALIZED (
    SELECT {columns} FROM {source}
    WHERE {walk} AND coalesce({match}, false) AND {where}
    ORDER BY {newest} DESC
    LIMIT {pool}
),
{name}_indexed AS MATERIALIZED (
    SELECT {columns} FROM {source}
    WHERE NOT {walk} AND {match} AND {where}
    OFFSET 0
),
{name} AS (
    SELECT * FROM {name}_walked
    UNION ALL
    (SELECT * FROM {name}_indexed ORDER BY {newest} DESC LIMIT {pool})
)"""


_TITLE_VECTOR = f"to_tsvector('{TS_CONFIG}', coalesce(c.title, ''))"


@functools.lru_cache(maxsize=16)
def _search_sql(pool: int, limit: int) -> str:
    """The search statement. Prepared once per connection and run with its generic plan
    (store.database.search_engine), so that no query pays for planning it.

    The limits are written into the statement rather than passed: a generic plan that
    does not know them plans for thousands of rows.
    """
    messages = _newest_matches(
        "pool",
        columns="m.id, m.conversation_id, m.created_at",
        source="messages m",
        match="m.search_vector @@ %(tsq)s::tsquery",
        where="""NOT EXISTS (
        SELECT 1 FROM conversations d
        WHERE d.id = m.conversation_id AND d.deleted_at IS NOT NULL)""",
        newest="created_at",
        pool=pool,
    )
    titles = _newest_matches(
        "titles",
        columns="c.id, c.title, c.updated_at",
        source="conversations c",
        match=f"{_TITLE_VECTOR} @@ %(tsq)s::tsquery",
        where="c.deleted_at IS NULL",
        newest="updated_at",
        pool=pool,
    )
    return f"""
WITH {messages},
{titles},
best AS (
    SELECT p.id, p.conversation_id, p.created_at, m.position, m.role, m.content_text,
           ts_rank(m.search_vector, %(tsq)s::tsquery) AS rank
    FROM pool p
    JOIN messages m ON m.id = p.id
    ORDER BY rank DESC, p.created_at DESC
    LIMIT {limit}
)
SELECT * FROM (
    (SELECT t.id AS conversation_id, t.title, NULL::uuid AS message_id,
            NULL::int AS position, NULL::text AS role,
            ts_rank(to_tsvector('{TS_CONFIG}', coalesce(t.title, '')), %(tsq)s::tsquery)
                * {_TITLE_BOOST} AS rank,
            t.updated_at AS created_at, t.title AS body
     FROM titles t
     ORDER BY rank DESC, created_at DESC
     LIMIT {limit})
    UNION ALL
    (SELECT b.conversation_id, c.title, b.id, b.position, b.role, b.rank, b.created_at,
            left(b.content_text, {_SNIPPET_SOURCE_CHARS})
     FROM best b
     JOIN conversations c ON c.id = b.conversation_id)
) hits
-- Merged here, so that only the hits shown cross the socket and get a snippet.
ORDER BY rank DESC, created_at DESC, message_id IS NOT NULL
LIMIT {limit}
"""


def compile_query(conn: Connection, query: str, *, as_you_type: bool = False) -> str | None:
    """The tsquery (as text) for a typed query, or None when it holds no searchable word."""
    params = query_params(query, as_you_type=as_you_type)
    if not params["q"] and not params["prefix"]:
        return None
    compiled = conn.execute(text(_COMPILE_SQL), params).scalar_one()
    return compiled or None


def common_words_note(conn: Connection, query: str, *, as_you_type: bool = False) -> str:
    """Why a query finds nothing when all its words are too common to be indexed, or "".

    Postgres drops stop words ("the", "and", "is") from both the index and the query, so
    such a query matches nothing; the user is told so instead of seeing an empty list.
    """
    words = [w for w in _WORDS.findall(query) if w.lower() != "or"]
    if not words or compile_query(conn, query, as_you_type=as_you_type) is not None:
        return ""
    return "only common words: " + ", ".join(dict.fromkeys(w.lower() for w in words))


_WORDS = re.compile(r"\w+")

_IN_CONVERSATION_SQL = """
SELECT m.position FROM messages m
WHERE m.conversation_id = :cid AND m.search_vector @@ cast(:tsq AS tsquery)
ORDER BY m.position
"""


def conversation_hits(
    conn: Connection, conversation_id: object, query: str, *, as_you_type: bool = False
) -> ConversationHits:
    """Where a query matches inside one conversation: every matching message, in order."""
    tsq = compile_query(conn, query, as_you_type=as_you_type)
    if tsq is None:
        return ConversationHits(positions=(), stems=())
    positions = conn.execute(
        text(_IN_CONVERSATION_SQL), {"cid": conversation_id, "tsq": tsq}
    ).scalars()
    return ConversationHits(positions=tuple(positions), stems=query_stems(tsq))


def search(
    conn: Connection,
    query: str,
    *,
    limit: int,
    statistics: SearchStatistics,
    as_you_type: bool = False,
) -> list[SearchHit]:
    """Search on a connection of `store.database.search_engine`."""
    params = query_params(query, as_you_type=as_you_type)
    if not params["q"] and not params["prefix"]:
        return []
    driver = conn.connection.driver_connection
    assert driver is not None
    pool = max(POOL, limit)
    # Straight on the driver: search is budgeted in milliseconds, and SQLAlchemy's layers
    # around a statement cost a measurable share of them.
    with driver.cursor() as cur:
        cur.execute(_COMPILE_DRIVER_SQL, params)
        compiled = cur.fetchone()
        tsq, stamp = compiled if compiled else (None, None)
        if not tsq:
            return []
        shares = statistics.current(cur, stamp)
        walks = {
            "walk_pool": shares.messages.walks(tsq, pool),
            "walk_titles": shares.titles.walks(tsq, pool),
        }
        cur.execute(_search_sql(pool, limit), {"tsq": tsq, **walks}, prepare=True)
        rows = cur.fetchall()
    stems = query_stems(tsq)
    return [
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
