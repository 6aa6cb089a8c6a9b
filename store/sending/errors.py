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
