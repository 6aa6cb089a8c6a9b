"""Validation of what callers hand the store, and messages made ready for COPY.

Everything here runs before a transaction opens: a bad message is refused with a one-line
reason and nothing reaches the database.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from store.derive import FORMATS, DeriveError, derive
from store.errors import ConversationNotFound, InvalidMessage
from store.models import MODEL_MAX, PROVIDER_MAX, ROLE_MAX
from store.records import NewMessage

ROLES = ("system", "user", "assistant", "tool")
# Postgres stores up to 255 MB of JSONB in a row; far less than that is ever a message.
MAX_RAW_BYTES = 64 * 1024 * 1024
# Messages validated, and then copied, at a time: a long iterable is never held whole.
BATCH = 2000

Refusal = Callable[[str], InvalidMessage]


@dataclass(slots=True)
class Row:
    """A message validated and serialised, ready for COPY."""

    role: str
    provider: str
    model: str
    format: str
    # The message's id in its source (see `identity`); how an import finds what is new.
    identity: str | None
    raw_json: str
    content_text: str
    metadata_json: str | None
    created_at: datetime | None


def prepared_batches(
    messages: Iterable[NewMessage | Mapping[str, Any]],
) -> Iterator[list[Row]]:
    """Validated rows, a batch at a time; errors name the message's index."""
    iterator = iter(messages)
    done = 0
    while batch := list(islice(iterator, BATCH)):
        yield [prepare(as_new_message(m, done + i), index=done + i) for i, m in enumerate(batch)]
        done += len(batch)


def as_new_message(item: NewMessage | Mapping[str, Any], index: int) -> NewMessage:
    if isinstance(item, NewMessage):
        return item
    if isinstance(item, Mapping):
        try:
            return NewMessage(**item)
        except TypeError as exc:
            raise InvalidMessage(f"message {index}: {exc}") from None
    raise InvalidMessage(f"message {index} is a {type(item).__name__}, not a message")


def prepare(msg: NewMessage, *, index: int | None) -> Row:
    """Validate one message and derive its role and searchable text.

    `index` names the message in errors when it is one of many."""
    where = f"message {index}: " if index is not None else ""

    def bad(reason: str) -> InvalidMessage:
        return InvalidMessage(where + reason)

    if not isinstance(msg.raw, dict):
        raise bad(f"the raw message must be a JSON object, not {json_kind(msg.raw)}")
    if msg.format not in FORMATS:
        raise bad(f"unknown format {str(msg.format)[:60]!r}; expected one of {', '.join(FORMATS)}")
    provider = _short_text(msg.provider, "provider", PROVIDER_MAX, bad)
    model = _short_text(msg.model, "model", MODEL_MAX, bad)
    try:
        raw_json = json.dumps(msg.raw, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except RecursionError:
        raise bad("the raw message is nested too deeply") from None
    except (TypeError, ValueError) as exc:
        raise bad(f"the raw message is not valid JSON: {exc}") from None
    _storable(raw_json, "raw message", bad)
    try:
        derived_role, content_text = derive(msg.raw, msg.format)
    except DeriveError as exc:
        raise bad(f"the raw message is not valid {msg.format}: {exc}") from None
    role = msg.role if msg.role is not None else derived_role
    if role not in ROLES:
        raise bad(f"role {str(role)[: ROLE_MAX + 5]!r} is not one of {', '.join(ROLES)}")
    metadata_json = None
    if msg.metadata is not None:
        if not isinstance(msg.metadata, dict):
            raise bad(f"message metadata must be a JSON object, not {json_kind(msg.metadata)}")
        try:
            metadata_json = json.dumps(msg.metadata, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError, RecursionError) as exc:
            raise bad(f"message metadata is not valid JSON: {exc}") from None
        _storable(metadata_json, "message metadata", bad)
    created_at = msg.created_at
    if created_at is not None:
        if not isinstance(created_at, datetime):
            raise bad("created_at must be a datetime")
        created_at = aware(created_at)
    return Row(
        role=role,
        provider=provider,
        model=model,
        format=msg.format,
        identity=identity(msg.raw, msg.metadata),
        raw_json=raw_json,
        content_text=content_text,
        metadata_json=metadata_json,
        created_at=created_at,
    )


def identity(raw: dict[str, Any], metadata: Any = None) -> str | None:
    """The message's id in its source, as `importing.IDENTITIES_SQL` reads it back.

    Sources whose raw messages carry no id (Claude Code, Codex, AI Studio) name it in the
    message's metadata as `source_message_id` instead.
    """
    for key in ("id", "uuid"):
        value = raw.get(key)
        if value is not None:
            return _as_text(value)
    if isinstance(metadata, dict) and metadata.get("source_message_id") is not None:
        return _as_text(metadata["source_message_id"])
    return None


def _as_text(value: Any) -> str:
    # ->> renders numbers and objects as JSON text; ids are strings in practice.
    return value if isinstance(value, str) else json.dumps(value, separators=(", ", ": "))


def json_object(value: Mapping[str, Any] | None, what: str) -> dict[str, Any]:
    """`value` as a JSON object the database can store, or InvalidMessage naming `what`."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidMessage(f"{what} must be a JSON object, not {json_kind(value)}")
    result = dict(value)
    try:
        serialised = json.dumps(result, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError, RecursionError) as exc:
        raise InvalidMessage(f"{what} is not valid JSON: {exc}") from None
    _storable(serialised, what, InvalidMessage)
    return result


def json_kind(value: Any) -> str:
    kinds = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    for kind, name in kinds.items():
        if isinstance(value, kind):
            return name
    if isinstance(value, int | float):
        return "a number"
    return f"a {type(value).__name__}"


def as_uuid(value: uuid.UUID | str) -> uuid.UUID:
    """A conversation or message id; anything that is not one names no conversation."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value).strip())
    except ValueError:
        raise ConversationNotFound(value) from None


def aware(moment: datetime) -> datetime:
    # A naive timestamp is taken as UTC, which is what exports mean by one.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _short_text(value: Any, name: str, limit: int, bad: Refusal) -> str:
    if not isinstance(value, str) or not value.strip():
        raise bad(f"{name} must be a non-empty string")
    if len(value) > limit:
        raise bad(f"{name} is {len(value)} characters; the limit is {limit}")
    return value


def _storable(serialised: str, what: str, bad: Refusal) -> None:
    if len(serialised) > MAX_RAW_BYTES:
        raise bad(
            f"the {what} is {len(serialised) // 2**20} MB; the limit is {MAX_RAW_BYTES // 2**20} MB"
        )
    # Postgres text and JSONB cannot hold NUL or unpaired surrogates.
    if "\\u0000" in serialised or "\x00" in serialised:
        raise bad(f"the {what} contains a NUL character (\\u0000), which Postgres cannot store")
    try:
        serialised.encode("utf-8")
    except UnicodeEncodeError:
        raise bad(f"the {what} contains an unpaired Unicode surrogate") from None
