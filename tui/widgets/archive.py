"""The conversation list's source: live conversations, or the trash."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from store.summary import ConversationSummary, Cursor

if TYPE_CHECKING:
    from store import Store


class ArchiveSource:
    """The two store calls a `ConversationList` needs, bound to the trash or not."""

    def __init__(
        self,
        store: Callable[[], Store],
        *,
        trash: bool = False,
        remember: Callable[[int, list[ConversationSummary]], None] | None = None,
    ) -> None:
        # A getter, not the store: after the database comes back, the app may hold a new one.
        self._store = store
        self._trash = trash
        # Keeps the live first page for the next start's first paint (store.first_page).
        self._remember = remember
        self._total = 0

    def count(self) -> int:
        self._total = self._store().count_conversations(trash=self._trash)
        return self._total

    def page(self, limit: int, *, after: Cursor | None, offset: int) -> list[ConversationSummary]:
        rows = self._store().list_conversations(
            limit, after=after, offset=offset, trash=self._trash
        )
        if self._remember is not None and after is None and offset == 0:
            self._remember(self._total, rows)
        return rows

    def position(self, conversation_id: uuid.UUID) -> int | None:
        return self._store().list_position(conversation_id, trash=self._trash)
