"""Continue a conversation on any provider: keys, providers, the four wire protocols,
streaming, and storing the reply exactly as the provider produced it.

Imported only when something is sent; the SDKs load later still, inside the protocol that
uses them.

    send = Send(store, "anthropic", "Hello", conversation_id=cid)
    for event in send.events():      # in a worker thread; send.cancel() from any thread
        ...                          # TextDelta, ReasoningDelta, ToolCall, then
                                     # Done(user, reply) | Failed(error) | Cancelled()
"""

from store.sending.errors import SendError
from store.sending.events import (
    Cancelled,
    Done,
    Event,
    Failed,
    ReasoningDelta,
    TextDelta,
    ToolCall,
)
from store.sending.keys import find_key
from store.sending.providers import BUILT_IN, Provider, find_provider, provider_names
from store.sending.sender import Send, send

__all__ = [
    "BUILT_IN",
    "Cancelled",
    "Done",
    "Event",
    "Failed",
    "Provider",
    "ReasoningDelta",
    "Send",
    "SendError",
    "TextDelta",
    "ToolCall",
    "find_key",
    "find_provider",
    "provider_names",
    "send",
]
