"""Search as the store offers it: ranked hits, and fresh word statistics after an import."""

from __future__ import annotations

import uuid

from sqlalchemy import text

from store import search as search_module
from store.base import StoreBase
from store.records import ConversationHits, SearchHit


class Searching(StoreBase):
    def search(self, query: str, limit: int = 50, *, as_you_type: bool = False) -> list[SearchHit]:
        """Ranked matches in titles and message text, with highlighted snippets.

        `query` uses web-search syntax: words, "quoted phrases", -excluded, or.
        With `as_you_type`, the last word also matches as a prefix.
        """
        with self._search_connection() as conn:
            return search_module.search(
                conn,
                query,
                limit=max(1, min(limit, 500)),
                as_you_type=as_you_type,
                statistics=self._search_statistics,
            )

    def search_note(self, query: str, *, as_you_type: bool = False) -> str:
        """Why `query` can find nothing (only common words), or "" when it can search."""
        with self._tx() as conn:
            return search_module.common_words_note(conn, query, as_you_type=as_you_type)

    def hits_in_conversation(
        self, conversation_id: uuid.UUID, query: str, *, as_you_type: bool = False
    ) -> ConversationHits:
        """The positions of the messages of one conversation that `query` matches."""
        with self._tx() as conn:
            return search_module.conversation_hits(
                conn, conversation_id, query, as_you_type=as_you_type
            )

    def refresh_search_statistics(self) -> None:
        """Have Postgres count the archive's words again (ANALYZE).

        Search chooses its index path from these counts. Autovacuum refreshes them as the
        tables grow, but up to a minute late; an import that changed the archive a lot
        calls this so that the very next search already knows.
        """
        with self._tx() as conn:
            conn.execute(text("ANALYZE messages, conversations"))
