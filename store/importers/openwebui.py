"""Open WebUI chat export (Settings → Chats → Export chats): a JSON array of chat rows.

A row is `{id, title, chat, created_at, updated_at (epoch seconds), meta, ...}`; the
conversation is `chat.history.messages`, a tree keyed by message id with `parentId`
links, and `chat.history.currentId` is the message the user last saw. The branch from
the root to it is what is stored; the other messages are kept whole in the metadata.

Open WebUI's records are no provider wire format: each message is stored as the chat
message it is (`{role, content}`, in the `openai-chat` format), and the whole record
(`{id, parentId, childrenIds, model, timestamp, ...}`, newer versions' Responses-like
`output[]` included) is kept as the message's metadata (`openwebui_message`), with its id
as `source_message_id`. Its own keys stay out of the raw message, since a request built from
it would send them to the provider, which refuses them. Open WebUI writes
reasoning and tool calls into `content` as `<details type="reasoning">` and
`<details type="tool_calls">` HTML; the chat decoder reads those as text, so the message's
metadata says which it holds (`embedded`). The provider is guessed once from the model's name
(Open WebUI fronts Ollama, OpenAI and others alike).
"""

from __future__ import annotations

from typing import Any

from store.importers.assemble import conversation, source_key
from store.importers.common import fill_gaps, parse_time
from store.importers.errors import ConversionError
from store.importers.model_names import provider_for_model
from store.importers.records import Conversation, Skipped
from store.importers.tree_walk import newest_leaf_path
from store.records import NewMessage

FORMAT = "openai-chat"
SOURCE = "openwebui"
_ROLES = frozenset(("system", "user", "assistant", "tool"))
_EMBEDDED = (
    ("reasoning", '<details type="reasoning"'),
    ("tool_calls", '<details type="tool_calls"'),
)


def looks_like(item: Any) -> bool:
    """An Open WebUI chat row (`{chat: {history}}`) or a bare chat object (`{history}`)."""
    if not isinstance(item, dict):
        return False
    chat = item["chat"] if isinstance(item.get("chat"), dict) else item
    history = chat.get("history")
    return isinstance(history, dict) and isinstance(history.get("messages"), dict)


def convert(item: Any) -> Conversation | Skipped:
    if not looks_like(item):
        raise ConversionError("an Open WebUI chat must be an object with chat.history.messages")
    chat = item["chat"] if isinstance(item.get("chat"), dict) else item
    history = chat["history"]
    tree: dict[str, Any] = history["messages"]
    chat_id = item.get("id") or chat.get("id")
    title = item.get("title") if isinstance(item.get("title"), str) else chat.get("title")
    label = title if isinstance(title, str) and title.strip() else str(chat_id or "chat")
    if not tree:
        return Skipped(label, "an empty chat (no messages)")
    for key, message in tree.items():
        if not isinstance(message, dict):
            raise ConversionError(f"message {str(key)[:60]} is not an object")
        if message.get("role") not in _ROLES:
            raise ConversionError(
                f"message {str(key)[:60]} has role {str(message.get('role'))[:40]!r}"
            )
        if not isinstance(message.get("content"), str | list):
            raise ConversionError(f"message {str(key)[:60]} has content that is not text")
    notes: list[str] = []
    path = _active_path(tree, history.get("currentId"), notes)
    models_listed = [m for m in chat.get("models") or () if isinstance(m, str) and m]
    default_model = models_listed[0] if models_listed else "unknown"
    models = fill_gaps([_model(m) for m in path], default_model)
    provider = provider_for_model(default_model if models_listed else models[-1], "openwebui")
    rows = [
        NewMessage(
            raw={"role": message["role"], "content": message["content"]},
            provider=provider,
            model=model,
            format=FORMAT,
            role=message["role"],
            metadata=_metadata(message),
            created_at=parse_time(message.get("timestamp")),
        )
        for message, model in zip(path, models, strict=True)
    ]
    on_path = {id(m) for m in path}
    off_path = {k: m for k, m in tree.items() if id(m) not in on_path}
    export = {k: v for k, v in item.items() if k != "chat"}
    export["chat"] = {k: v for k, v in chat.items() if k not in ("history", "messages")}
    source = source_key(SOURCE, chat_id, [item])
    metadata: dict[str, Any] = {
        "source": SOURCE,
        "source_id": source,
        "export": export,
        "models": models_listed,
    }
    if off_path:
        metadata["off_path_messages"] = off_path
    return conversation(
        source,
        title,
        rows,
        metadata,
        notes=notes,
        created=parse_time(item.get("created_at")) or parse_time(chat.get("timestamp")),
        updated=parse_time(item.get("updated_at")),
    )


def _model(message: dict[str, Any]) -> str | None:
    model = message.get("model")
    if isinstance(model, str) and model:
        return model
    listed = message.get("models")  # a prompt lists the models it was sent to
    if isinstance(listed, list) and listed and isinstance(listed[0], str) and listed[0]:
        return listed[0]
    return None


def _metadata(message: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"openwebui_message": message}
    if message.get("id") is not None:
        out["source_message_id"] = message["id"]
    content = message.get("content")
    found = (
        [name for name, marker in _EMBEDDED if marker in content]
        if isinstance(content, str)
        else []
    )
    if found:
        out["embedded"] = found
    return out


def _active_path(tree: dict[str, Any], current: Any, notes: list[str]) -> list[dict[str, Any]]:
    if not isinstance(current, str) or current not in tree:
        current = None
        notes.append("history.currentId is missing; the newest leaf was taken as the branch")
    path = newest_leaf_path(
        list(tree.items()),
        key=lambda pair: pair[0],
        parent=lambda pair: pair[1].get("parentId"),
        moment=lambda pair: parse_time(pair[1].get("timestamp")),
        notes=notes,
        leaf=current,
    )
    return [message for _, message in path]
