"""The store API (DESIGN §5): `Store`, one facade over the store's concerns, each a module.

conversations (create, list, rename, trash), writing (the one write path), importing,
messages and translation (reading), searching, attachments.
"""

from __future__ import annotations

from sqlalchemy.exc import InterfaceError, OperationalError

from store.attachments import Attachments
from store.conversations import Conversations
from store.database import connect, migrate, unavailable
from store.importing import Importing
from store.rows import ROLES
from store.searching import Searching
from store.translation import Translating
from store.views import ORIGINAL, VIEW_NAMES

__all__ = ["ORIGINAL", "ROLES", "VIEW_NAMES", "Store", "open_store"]


class Store(Conversations, Importing, Translating, Searching, Attachments):
    """Conversations and their raw messages in Postgres; each call runs in its own
    transaction."""


def open_store(url: str | None = None, *, migrate_schema: bool = True) -> Store:
    """Open the store: the database at `url`, `THREADKEEP_DATABASE_URL`, or the embedded one."""
    connection = connect(url)
    if migrate_schema:
        try:
            migrate(connection.engine)
        except (OperationalError, InterfaceError) as exc:
            connection.engine.dispose()
            raise unavailable(exc, connection.url) from None
    return Store(connection)
