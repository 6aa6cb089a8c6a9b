"""`threadkeep list` and `threadkeep search QUERY`: plain text or JSON for scripts."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tui.cli.output import is_terminal

if TYPE_CHECKING:
    from store import ConversationSummary, SearchHit, Store

_BOLD, _RESET = "\x1b[1m", "\x1b[0m"


def add_parsers(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    listing = sub.add_parser("list", parents=[parent], help="list conversations, newest first")
    listing.add_argument("--limit", type=int, default=50, help="how many (default 50)")
    listing.add_argument("--all", action="store_true", help="every conversation")
    listing.add_argument("--query", help="only conversations matching this search")
    listing.add_argument("--trash", action="store_true", help="list the trash instead")
    listing.add_argument("--json", action="store_true", help="JSON for scripts")
    listing.set_defaults(run=run_list)

    search = sub.add_parser("search", parents=[parent], help="full-text search")
    search.add_argument("query", metavar="QUERY", help='words, "a phrase", -excluded, or')
    search.add_argument("--limit", type=int, default=20, help="how many hits (default 20)")
    search.add_argument("--json", action="store_true", help="JSON for scripts")
    search.set_defaults(run=run_search)


def run_list(store: Store, args: argparse.Namespace) -> int:
    from store.sanitise import strip_line as clean_line

    rows = _conversations(store, args)
    if args.json:
        _json_array(_conversation_json(c) for c in rows)
        return 0
    out = sys.stdout
    for c in rows:
        who = ",".join(c.models) or "-"
        print(
            f"{c.id}  {_when(c.updated_at)}  {c.message_count:>5} msgs  "
            f"{clean_line(who)[:40]:<40}  {clean_line(c.display_title)}",
            file=out,
        )
    return 0


def run_search(store: Store, args: argparse.Namespace) -> int:
    from store.sanitise import strip_line as clean_line
    from store.snippets import snippet_segments

    hits = store.search(args.query, limit=max(1, args.limit))
    if args.json:
        _json_array(_hit_json(h) for h in hits)
        return 0
    note = "" if hits else store.search_note(args.query)
    if note:
        print(f"threadkeep: {note}", file=sys.stderr)
    bold = is_terminal(sys.stdout)
    for hit in hits:
        where = f"#{hit.position} {hit.role}" if hit.position is not None else "title"
        snippet = "".join(
            (_BOLD + clean_line(text) + _RESET) if marked and bold else clean_line(text)
            for text, marked in snippet_segments(hit.snippet)
        )
        title = clean_line(hit.title or "(untitled)")
        print(f"{hit.conversation_id}  {where:<14}  {title}\n    {snippet}")
    return 0


def _conversations(store: Store, args: argparse.Namespace) -> Iterator[ConversationSummary]:
    remaining = None if args.all else max(1, args.limit)
    cursor = None
    while remaining is None or remaining > 0:
        size = 500 if remaining is None else min(remaining, 500)
        page = store.list_conversations(size, after=cursor, query=args.query, trash=args.trash)
        yield from page
        if len(page) < size:
            return
        cursor = page[-1].cursor
        if remaining is not None:
            remaining -= len(page)


def _conversation_json(c: ConversationSummary) -> dict[str, Any]:
    return {
        "id": str(c.id),
        "title": c.title,
        "display_title": c.display_title,
        "created_at": c.created_at.isoformat(),
        "updated_at": c.updated_at.isoformat(),
        "deleted_at": c.deleted_at.isoformat() if c.deleted_at else None,
        "message_count": c.message_count,
        "providers": list(c.providers),
        "models": list(c.models),
    }


def _hit_json(hit: SearchHit) -> dict[str, Any]:
    from store.snippets import snippet_segments

    segments = snippet_segments(hit.snippet)
    return {
        "conversation_id": str(hit.conversation_id),
        "title": hit.title,
        "message_id": str(hit.message_id) if hit.message_id else None,
        "position": hit.position,
        "role": hit.role,
        "snippet": "".join(text for text, _ in segments),
        "matches": [text for text, marked in segments if marked],
        "rank": hit.rank,
        "created_at": hit.created_at.isoformat(),
    }


def _json_array(rows: Iterator[dict[str, Any]]) -> None:
    """One JSON array, written row by row so `--all` never builds it in memory."""
    from store.sanitise import json_text

    out = sys.stdout
    out.write("[")
    for index, row in enumerate(rows):
        out.write(("\n  " if index == 0 else ",\n  ") + json_text(row, indent=None))
    out.write("\n]\n")
    out.flush()


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")
