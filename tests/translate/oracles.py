"""What a user would check in any translated payload."""

from __future__ import annotations

from typing import Any

from tests.translate.schemas import strings_in, validate_payload
from translate import Message, Opaque, Reasoning, Record, Report, Target, Text, ToolResult, decode
from translate.issuers import target_issuer

_OPAQUE_KEYS = (
    "id",
    "encrypted_content",
    "signature",
    "redactedData",
    "thoughtSignature",
    "itemId",
    "reasoningEncryptedContent",
    "data",
)


def opaque_strings(blob: Opaque) -> list[str]:
    """The provider-issued strings inside a blob (not the readable summaries next to them)."""
    value = blob.value
    if isinstance(value, str):
        return [value]
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, dict):
            out.extend(v for k in _OPAQUE_KEYS if isinstance(v := item.get(k), str) and v)
    return out


def decoded(records: list[Record]) -> list[list[Message]]:
    return [decode(r.raw, r.format, provider=r.provider, model=r.model) for r in records]


def check_payload(records: list[Record], target: Target, payload: Any, report: Report) -> None:
    """Strictly valid, no foreign blob, and no visible text lost."""
    validate_payload(payload, target)
    haystack = strings_in(payload)
    joined = "\n\u0000".join(haystack)
    issuer = target_issuer(target.format, target.provider, target.model or "")
    for ri, messages in enumerate(decoded(records)):
        for mi, message in enumerate(messages):
            for pi, part in enumerate(message.parts):
                blob = getattr(part, "blob", None)
                if blob is not None and blob.issuer != issuer:
                    for secret in opaque_strings(blob):
                        assert secret not in joined, f"a blob of {blob.issuer} reached {target}"
                text = visible_text(part)
                dropped = any(e.action == "dropped" for e in report.entries_for(ri, mi, pi))
                if text and not dropped:
                    # Natively replayed summaries may sit in several strings: check every paragraph.
                    for chunk in text.split("\n\n"):
                        assert chunk in joined, (
                            f"records[{ri}] message {mi} part {pi} lost its text"
                        )


def visible_text(part: Any) -> str:
    if isinstance(part, Text | Reasoning):
        return part.text
    if isinstance(part, ToolResult) and isinstance(part.content, str):
        return part.content
    return ""
