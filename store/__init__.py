"""threadkeep's store: conversations and their raw provider messages in Postgres."""

from store.api import ORIGINAL, ROLES, VIEW_NAMES, Store, open_store
from store.errors import (
    AmbiguousConversationId,
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
    NewMessage,
    SearchHit,
    StoredMessage,
    Translation,
)

__all__ = [
    "ORIGINAL",
    "ROLES",
    "VIEW_NAMES",
    "AmbiguousConversationId",
    "AttachmentRecord",
    "ConversationNotFound",
    "ConversationSummary",
    "Counts",
    "Cursor",
    "ImportOutcome",
    "InvalidMessage",
    "InvalidTitle",
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
