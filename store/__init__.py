"""threadkeep's store: conversations and their raw provider messages in Postgres."""

from store.api import ROLES, Store, open_store
from store.errors import (
    AmbiguousConversationId,
    ConversationNotFound,
    InvalidMessage,
    InvalidTitle,
    StoreError,
    StoreUnavailable,
)
from store.records import (
    AttachmentRecord,
    ConversationSummary,
    Counts,
    Cursor,
    NewMessage,
    SearchHit,
    StoredMessage,
)

__all__ = [
    "ROLES",
    "AmbiguousConversationId",
    "AttachmentRecord",
    "ConversationNotFound",
    "ConversationSummary",
    "Counts",
    "Cursor",
    "InvalidMessage",
    "InvalidTitle",
    "NewMessage",
    "SearchHit",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "StoredMessage",
    "open_store",
]
