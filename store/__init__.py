"""threadkeep's store: conversations and their raw provider messages in Postgres.

The names below load on first use (PEP 562): the app paints its first screen with the
records and errors alone, before SQLAlchemy, psycopg and the translator are imported.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from store.api import Store, open_store
    from store.errors import (
        AmbiguousConversationId,
        AttachmentUnavailable,
        ConversationNotFound,
        InvalidMessage,
        InvalidTitle,
        StoreError,
        StoreUnavailable,
        UnknownView,
        UntranslatableConversation,
    )
    from store.records import (
        AttachmentRecord,
        ConversationSummary,
        Counts,
        Cursor,
        ImportOutcome,
        NewAttachment,
        NewMessage,
        SearchHit,
        StoredMessage,
        Translation,
    )
    from store.rows import ROLES
    from store.views import ORIGINAL, VIEW_NAMES

__all__ = [
    "ORIGINAL",
    "ROLES",
    "VIEW_NAMES",
    "AmbiguousConversationId",
    "AttachmentRecord",
    "AttachmentUnavailable",
    "ConversationNotFound",
    "ConversationSummary",
    "Counts",
    "Cursor",
    "ImportOutcome",
    "InvalidMessage",
    "InvalidTitle",
    "NewAttachment",
    "NewMessage",
    "SearchHit",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "StoredMessage",
    "Translation",
    "UnknownView",
    "UntranslatableConversation",
    "open_store",
]

_ERRORS = (
    "AmbiguousConversationId",
    "AttachmentUnavailable",
    "ConversationNotFound",
    "InvalidMessage",
    "InvalidTitle",
    "StoreError",
    "StoreUnavailable",
    "UnknownView",
    "UntranslatableConversation",
)
_RECORDS = (
    "AttachmentRecord",
    "ConversationSummary",
    "Counts",
    "Cursor",
    "ImportOutcome",
    "NewAttachment",
    "NewMessage",
    "SearchHit",
    "StoredMessage",
    "Translation",
)
# The module that defines each public name.
_HOMES: dict[str, str] = {
    "Store": "store.api",
    "open_store": "store.api",
    "ROLES": "store.rows",
    "ORIGINAL": "store.views",
    "VIEW_NAMES": "store.views",
    **dict.fromkeys(_ERRORS, "store.errors"),
    **dict.fromkeys(_RECORDS, "store.records"),
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        # Also how `from store import search` finds the submodule.
        raise AttributeError(f"module 'store' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
