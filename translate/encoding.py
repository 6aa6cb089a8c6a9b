"""What every encoder needs to know: which extras and blobs it may write.

Storage mode (no target) rebuilds raws: a message keeps its extras when it was decoded from the
encoder's own format, and a blob is written when it can be spelled in that format. Request mode
(a target) is stricter: extras only for messages of exactly the target's origin, filtered to
keys the request schema accepts, and blobs only for the target's own issuer.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from typing import Any

from translate.canonical import Message, Opaque, Origin, Reasoning, origin_of
from translate.issuers import AI_SDK, ANTHROPIC, CHAT, GEMINI, RESPONSES, target_issuer
from translate.records import Target


class EncodeContext:
    """One encode call's settings, and which origins it found native so far."""

    __slots__ = (
        "_last_native",
        "_last_origin",
        "_native_by_id",
        "fmt",
        "issuer",
        "native",
        "request",
        "target",
    )

    def __init__(
        self,
        fmt: str,
        target: Target | None = None,
        native: Origin | None = None,
        issuer: Origin | None = None,
    ) -> None:
        self.fmt = fmt
        self.target = target
        self.native = native
        self.issuer = issuer
        self.request = target is not None
        # Asked for every message, and messages share a few origins: answered once per origin.
        # Keyed by identity, which is safe because the messages being encoded hold their
        # origins for the whole call.
        self._native_by_id: dict[int, bool] = {}
        # The last answer: consecutive messages mostly come from the same record or origin.
        self._last_origin: Origin | None = None
        self._last_native = False

    def same_api(self, message: Message) -> bool:
        """Whether the message came from the target's provider and API (any model): server
        tool blocks from there go back, as they are not bound to one model.
        """
        native = self.native
        origin = message.origin
        return (
            native is not None
            and origin.provider == native.provider
            and (origin.format == native.format)
        )

    @classmethod
    def make(cls, fmt: str, target: Target | None) -> EncodeContext:
        if target is None:
            return cls(fmt)
        model = target.model or ""
        return cls(
            fmt,
            target,
            origin_of(target.provider, target.format, model),
            target_issuer(target.format, target.provider, model),
        )

    def is_native(self, message: Message) -> bool:
        origin = message.origin
        if origin is self._last_origin:
            return self._last_native
        known = self._native_by_id.get(id(origin))
        if known is None:
            native = self.native
            known = origin.format == self.fmt if native is None else origin == native
            self._native_by_id[id(origin)] = known
        self._last_origin = origin
        self._last_native = known
        return known

    def blob_value(self, blob: Opaque | None, api: str) -> Any:
        """The blob spelled for ``api``, or None when it must not or cannot be written."""
        if blob is None:
            return None
        issuer = self.issuer
        if issuer is not None and blob.issuer is not issuer and blob.issuer != issuer:
            return None
        return blob_for_api(blob, api)


def extras(extra: Mapping[str, Any] | None, allowed: Set[str] | None) -> Mapping[str, Any]:
    """The extras to write: all of them in storage mode, the allowed ones in request mode."""
    if not extra:
        return {}
    if allowed is None:
        return extra
    # A loop, not a comprehension, which would make ``allowed`` a closure cell paid on every
    # call (CPython 3.11); this runs for every native message and part with extras.
    out = {}
    for key, value in extra.items():
        if key in allowed:
            out[key] = value
    return out


def blob_for_api(blob: Opaque, api: str) -> Any:
    """An opaque value in the spelling of ``api``; None when it was issued elsewhere."""
    if blob.carrier == api:
        return blob.value
    if blob.carrier != AI_SDK or blob.issuer.format != api or not isinstance(blob.value, dict):
        return None
    meta = blob.value
    if api == ANTHROPIC:
        value = meta.get("signature") or meta.get("redactedData")
        return value if isinstance(value, str) and value else None
    if api == RESPONSES:
        item_id = meta.get("itemId")
        if not isinstance(item_id, str) or not item_id:
            return None
        item: dict[str, Any] = {"id": item_id}
        encrypted = meta.get("reasoningEncryptedContent")
        if isinstance(encrypted, str):
            item["encrypted_content"] = encrypted
        return item
    if api == GEMINI:
        value = meta.get("thoughtSignature")
        return value if isinstance(value, str) and value else None
    if api == CHAT:
        value = meta.get("reasoning_details")
        return value if isinstance(value, list) else None
    return None


_AI_SDK_KEY_OF_PROVIDER = {"vertex": "vertex", "azure": "azure"}


def blob_for_ai_sdk(blob: Opaque, part: object) -> tuple[str, Any] | None:
    """The ``providerMetadata`` entry (key, value) an AI SDK part would carry for ``blob``."""
    if blob.carrier == AI_SDK:
        return blob.key, blob.value
    value = blob.value
    provider = blob.issuer.provider
    if blob.carrier == ANTHROPIC and isinstance(value, str):
        redacted = isinstance(part, Reasoning) and part.redacted
        return "anthropic", {"redactedData": value} if redacted else {"signature": value}
    if blob.carrier == RESPONSES and isinstance(value, dict) and isinstance(value.get("id"), str):
        key = _AI_SDK_KEY_OF_PROVIDER.get(provider, "openai")
        return key, {
            "itemId": value["id"],
            "reasoningEncryptedContent": value.get("encrypted_content"),
        }
    if blob.carrier == GEMINI and isinstance(value, str):
        return _AI_SDK_KEY_OF_PROVIDER.get(provider, "google"), {"thoughtSignature": value}
    if blob.carrier == CHAT and isinstance(value, list):
        return provider or "openrouter", {"reasoning_details": value}
    return None
