"""Google AI Studio prompts: the JSON files AI Studio saves to Drive ("Google AI Studio").

A file has no extension; its name is the chat's title. The content is `{runSettings:
{model, temperature, ...}, systemInstruction, chunkedPrompt: {chunks: [{role ("user" |
"model"), text, tokenCount, isThought?, parts?: [{text, thought?}], driveImage?, ...}]},
pendingInputs}`. Each chunk is one message; a chunk with `isThought` is the model's
thinking, stored as its own model message.

A chunk that carries `parts` is already a Gemini `Content` (with extra keys) and is stored
as it is, in the `gemini` format. A chunk with only `text` is stored as the `Content` it
stands for (`{role, parts: [{text, thought?}]}`), with the chunk itself kept as the
message's metadata (`aistudio_chunk`).
"""

from __future__ import annotations

from typing import Any

from store.importers.assemble import conversation, source_key
from store.importers.errors import ConversionError
from store.importers.records import Conversation, Skipped
from store.records import NewMessage

FORMAT = "gemini"
PROVIDER = "google"
SOURCE = "aistudio"
_ROLES = {"user": "user", "model": "assistant"}


def looks_like(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and isinstance(item.get("chunkedPrompt"), dict)
        and ("runSettings" in item or "systemInstruction" in item)
    )


def convert(item: Any, name: str = "") -> Conversation | Skipped:
    """One prompt file; `name` is the file's name, which AI Studio uses as the title."""
    if not looks_like(item):
        raise ConversionError("an AI Studio prompt must be an object with chunkedPrompt")
    chunks = item["chunkedPrompt"].get("chunks")
    if not isinstance(chunks, list):
        raise ConversionError("chunkedPrompt.chunks is not an array")
    settings = item.get("runSettings") if isinstance(item.get("runSettings"), dict) else {}
    named = settings.get("model")
    model = (named.removeprefix("models/") if isinstance(named, str) else "") or "unknown"
    rows: list[NewMessage] = []
    system = _system(item.get("systemInstruction"))
    if system is not None:
        rows.append(
            NewMessage(
                system, PROVIDER, model, FORMAT, "system", {"request_field": "systemInstruction"}
            )
        )
    for index, chunk in enumerate(chunks):
        if not isinstance(chunk, dict) or chunk.get("role") not in _ROLES:
            raise ConversionError(f"chunk {index} is not a user or model chunk")
        rows.append(_row(chunk, index, model))
    if not any(r.role != "system" for r in rows):
        return Skipped(name or "AI Studio prompt", "a prompt with no messages")
    source = source_key(SOURCE, name, [chunks[:1], model])
    metadata: dict[str, Any] = {
        "source": SOURCE,
        "source_id": source,
        "run_settings": settings,
        "export": {k: v for k, v in item.items() if k not in ("chunkedPrompt", "runSettings")},
    }
    return conversation(source, name, rows, metadata)


def _system(value: Any) -> dict[str, Any] | None:
    if isinstance(value, dict) and isinstance(value.get("parts"), list) and value["parts"]:
        return value
    if isinstance(value, dict) and isinstance(value.get("text"), str) and value["text"].strip():
        return {"parts": [{"text": value["text"]}]}
    return None


def _row(chunk: dict[str, Any], index: int, model: str) -> NewMessage:
    role = _ROLES[chunk["role"]]
    # Chunks carry no id; a continued prompt only appends, so the position is a stable one.
    ident = {"source_message_id": f"chunk:{index}"}
    if isinstance(chunk.get("parts"), list):
        return NewMessage(chunk, PROVIDER, model, FORMAT, role, ident)
    text = chunk.get("text")
    if not isinstance(text, str):
        # Images and files (driveImage, driveDocument) have no text; kept as they are.
        text = ""
    part: dict[str, Any] = {"text": text}
    if chunk.get("isThought"):
        part["thought"] = True
    raw = {"role": chunk["role"], "parts": [part]}
    return NewMessage(raw, PROVIDER, model, FORMAT, role, {**ident, "aistudio_chunk": chunk})
