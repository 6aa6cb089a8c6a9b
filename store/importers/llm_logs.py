"""Simon Willison's `llm`: the rows of `llm logs --json`, and legacy `logs.db` rows.

A row is one prompt/response exchange, not one message: `{id, model, prompt, system,
prompt_json, options_json, response, response_json, conversation_id, datetime_utc,
input_tokens, output_tokens, conversation_name, attachments, ...}`. Rows are grouped into
conversations by `conversation_id` and ordered by time. Each row becomes a user message
and an assistant message in the `openai-chat` shape (`{role, content}`; its
`source_message_id` is the row's id with `:prompt` / `:response`, so a later log extends
the conversation), and
the whole row is kept as the assistant message's metadata (`llm_row`): nothing of it is
lost. A system prompt is stored as a system message when it first appears or changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from store.importers.assemble import conversation, source_key
from store.importers.common import parse_time
from store.importers.errors import ConversionError
from store.importers.model_names import provider_for_model
from store.importers.records import Conversation
from store.records import NewMessage

FORMAT = "openai-chat"
SOURCE = "llm"
# llm plugins name models "<vendor>/<model>"; the vendor is the provider.
_VENDORS = {
    "anthropic": "anthropic",
    "openai": "openai",
    "gemini": "google",
    "google": "google",
    "vertex": "google",
    "mistral": "mistral",
    "xai": "xai",
    "grok": "xai",
    "deepseek": "deepseek",
    "groq": "groq",
    "openrouter": "openrouter",
    "ollama": "ollama",
    "bedrock": "amazon-bedrock",
}


def looks_like(item: Any) -> bool:
    """One row of `llm logs --json`."""
    return (
        isinstance(item, dict)
        and "prompt" in item
        and "response" in item
        and ("datetime_utc" in item or "conversation_id" in item)
    )


def provider_of(model: str) -> str:
    vendor, _, rest = model.partition("/")
    if rest and vendor.lower() in _VENDORS:
        return _VENDORS[vendor.lower()]
    return provider_for_model(model, "unknown")


def convert_rows(rows: Iterable[Any]) -> list[Conversation]:
    """The conversations the rows make up, in the order their first rows appear."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for index, row in enumerate(rows):
        if not looks_like(row):
            raise ConversionError(f"row {index + 1} is not an llm log row (no prompt/response)")
        key = row.get("conversation_id") or f"row:{row.get('id')}"
        groups.setdefault(str(key), []).append(row)
    return [_conversation(key, group) for key, group in groups.items()]


def _sort_key(pair: tuple[int, dict[str, Any]]) -> tuple[float, int]:
    moment = parse_time(pair[1].get("datetime_utc"))
    return (moment.timestamp() if moment else float("-inf"), pair[0])


def _conversation(key: str, group: list[dict[str, Any]]) -> Conversation:
    ordered = [row for _, row in sorted(enumerate(group), key=_sort_key)]
    messages: list[NewMessage] = []
    system: Any = None
    for index, row in enumerate(ordered):
        for field in ("prompt", "response", "system"):
            if row.get(field) is not None and not isinstance(row[field], str):
                raise ConversionError(f"row {row.get('id')}: {field} is not text")
        model_value = row.get("resolved_model") or row.get("model")
        model = model_value if isinstance(model_value, str) and model_value else "unknown"
        provider = provider_of(model)
        moment = parse_time(row.get("datetime_utc"))

        rid = str(row.get("id", f"{key}:{index}"))
        kept = {k: v for k, v in row.items() if k not in ("prompt", "response")}
        # (role, content, metadata): the row's id names each message, so a re-import matches it.
        chat: list[tuple[str, str, dict[str, Any]]] = []
        if row.get("system") and row["system"] != system:
            system = row["system"]
            chat.append(("system", system, {"source_message_id": f"{rid}:system"}))
        chat.append(("user", row.get("prompt") or "", {"source_message_id": f"{rid}:prompt"}))
        answer = {"source_message_id": f"{rid}:response", "llm_row": kept}
        chat.append(("assistant", row.get("response") or "", answer))
        messages += [
            NewMessage({"role": role, "content": text}, provider, model, FORMAT, role, meta, moment)
            for role, text, meta in chat
        ]
    first = ordered[0]
    name = first.get("conversation_name")
    conversation_id = first.get("conversation_id")
    source = source_key(SOURCE, conversation_id, [first.get("id"), first.get("prompt")])
    metadata = {
        "source": SOURCE,
        "source_id": source,
        "conversation_model": first.get("conversation_model"),
    }
    return conversation(source, name, messages, metadata)
