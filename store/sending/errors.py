"""Send failures as one line that names the provider, and never the key."""

from __future__ import annotations

from store.errors import StoreError


class SendError(StoreError):
    """A send that did not produce a reply; the message is one line fit to show as is.

    `kind` says what happened (missing-key, unauthorized, forbidden, model-not-found,
    rate-limited, server-error, timeout, network, context-too-long, refused, bad-request,
    cancelled, ...), so a UI can offer the right next step; `retry_after` is in seconds
    when the provider said how long to wait.
    """

    def __init__(
        self,
        message: str,
        *,
        provider: str,
        kind: str = "error",
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.provider = provider
        self.kind = kind
        self.status = status
        self.retry_after = retry_after


def redact(text: str, secret: str | None) -> str:
    """`text` without the secret, nor the prefix providers echo back ("sk-abc123...")."""
    if not secret:
        return text
    text = text.replace(secret, "[key]")
    if len(secret) >= 12:
        text = text.replace(secret[:8], "[key]")
    return text


_CONTEXT_WORDS = (
    "context length",
    "context_length",
    "context window",
    "prompt is too long",
    "too many tokens",
    "maximum number of tokens",
    "input token count",
    "exceeds the maximum",
    "too long",
)


def status_error(
    label: str,
    provider: str,
    status: int,
    detail: str,
    *,
    model: str,
    retry_after: float | None = None,
) -> SendError:
    """The one line for an HTTP error status. `detail` is the provider's own message,
    already redacted."""
    detail = " ".join(detail.split())[:200]
    said = f": {detail}" if detail else ""
    lowered = detail.lower()
    if status == 401:
        return SendError(
            f"{label}: the API key was refused (401)",
            provider=provider,
            kind="unauthorized",
            status=status,
        )
    if status == 403:
        return SendError(
            f"{label}: access denied (403){said}",
            provider=provider,
            kind="forbidden",
            status=status,
        )
    if status == 404:
        return SendError(
            f"{label}: model {model!r} not found, or the base URL is wrong (404)",
            provider=provider,
            kind="model-not-found",
            status=status,
        )
    if status == 429:
        wait = (
            f"; retry after {retry_after:g} s" if retry_after is not None else "; try again later"
        )
        return SendError(
            f"{label}: rate limited (429){wait}",
            provider=provider,
            kind="rate-limited",
            status=status,
            retry_after=retry_after,
        )
    if status == 413 or (status == 400 and any(w in lowered for w in _CONTEXT_WORDS)):
        return SendError(
            f"{label}: the conversation is too long for {model} ({status}){said}",
            provider=provider,
            kind="context-too-long",
            status=status,
        )
    if status >= 500:
        return SendError(
            f"{label}: server error ({status}); try again later",
            provider=provider,
            kind="server-error",
            status=status,
        )
    return SendError(
        f"{label}: request refused ({status}){said}",
        provider=provider,
        kind="bad-request",
        status=status,
    )


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (seconds or an HTTP date) or a "30s" duration."""
    if not value:
        return None
    text = value.strip().removesuffix("s")
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    from datetime import UTC, datetime
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, round((when - datetime.now(UTC)).total_seconds()))
