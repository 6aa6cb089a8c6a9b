"""SDK and transport exceptions as SendError lines.

All three SDKs speak HTTP through httpx and expose the status and response on their
errors, so one duck-typed mapping serves them all without importing the SDKs not in use.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from store.sending.errors import SendError, parse_retry_after, redact, status_error
from store.sending.providers import Provider


def from_exception(
    exc: BaseException, provider: Provider, *, model: str, key: str | None, timeout: float
) -> SendError:
    if isinstance(exc, SendError):
        return exc
    label = provider.label
    status = _status(exc)
    if status is not None:
        response = getattr(exc, "response", None)
        retry_after = _retry_after(response, exc)
        detail = redact(_detail(exc), key)
        return status_error(
            label, provider.name, status, detail, model=model, retry_after=retry_after
        )
    names = {cls.__name__ for cls in type(exc).__mro__}
    if names & {"APITimeoutError", "TimeoutException", "TimeoutError", "ReadTimeout"}:
        return SendError(
            f"{label}: no reply within {timeout:g} s (timeout)",
            provider=provider.name,
            kind="timeout",
        )
    if names & {"APIConnectionError", "TransportError", "ConnectionError", "OSError"}:
        host = urlsplit(provider.base_url or "").netloc or "the provider"
        reason = _reason(exc)
        return SendError(
            f"{label}: cannot reach {host} ({redact(reason, key)}); is the network up?",
            provider=provider.name,
            kind="network",
        )
    return SendError(
        f"{label}: the reply could not be read ({type(exc).__name__}: "
        f"{redact(_first_line(exc), key)})",
        provider=provider.name,
        kind="error",
    )


def _status(exc: BaseException) -> int | None:
    status = getattr(exc, "status_code", None)  # anthropic, openai
    if isinstance(status, int):
        return status
    code = getattr(exc, "code", None)  # google-genai APIError
    if isinstance(code, int) and type(exc).__module__.startswith("google."):
        return code
    return None


def _detail(exc: BaseException) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        error = body.get("error", body)
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return str(error["message"])
    message = getattr(exc, "message", None)
    if isinstance(message, str):
        # The SDKs prefix "Error code: 400 - {...}"; the body's message said it already.
        return message
    return _first_line(exc)


def _retry_after(response: Any, exc: BaseException) -> float | None:
    headers = getattr(response, "headers", None)
    if headers is not None:
        for name in ("retry-after", "retry-after-ms", "x-ratelimit-reset-requests"):
            value = headers.get(name)
            if value:
                seconds = parse_retry_after(value)
                if seconds is not None:
                    return seconds / 1000 if name == "retry-after-ms" else seconds
    # Gemini says it in the body: error.details[] {"@type": ...RetryInfo, "retryDelay": "30s"}
    details = getattr(exc, "details", None)
    error = details.get("error", details) if isinstance(details, dict) else None
    for item in error.get("details", []) if isinstance(error, dict) else []:
        if isinstance(item, dict) and isinstance(item.get("retryDelay"), str):
            return parse_retry_after(item["retryDelay"])
    return None


def _reason(exc: BaseException) -> str:
    cause: BaseException | None = exc
    # The SDKs wrap the transport error; the innermost one says what happened.
    while cause is not None and cause.__cause__ is not None:
        cause = cause.__cause__
    text = _first_line(cause or exc)
    return text or "connection failed"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__
