"""Typed store errors. Each carries a one-line message fit to show a user as is."""

from __future__ import annotations


class StoreError(Exception):
    """Base class: the message is one line that names the problem."""

    def __init__(self, message: str) -> None:
        # A multi-line driver error must never reach the user as a wall of text.
        super().__init__(" ".join(message.split()))


class ConversationNotFound(StoreError):
    def __init__(self, conversation_id: object) -> None:
        super().__init__(f"no conversation with id {conversation_id}")
        self.conversation_id = conversation_id


class AmbiguousConversationId(StoreError):
    pass


class InvalidTitle(StoreError):
    pass


class InvalidMessage(StoreError):
    pass


class StoreUnavailable(StoreError):
    pass


class UnknownView(StoreError):
    pass


class UntranslatableConversation(StoreError):
    pass


class AttachmentUnavailable(StoreError):
    """The attachment does not exist, or only its name was imported (the message says why)."""
