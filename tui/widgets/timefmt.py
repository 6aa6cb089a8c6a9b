"""Human times for list rows and message headers, relative to an injectable clock."""

from __future__ import annotations

from datetime import datetime

_UNITS = (
    (365 * 86400, "year"),
    (30 * 86400, "month"),
    (7 * 86400, "week"),
    (86400, "day"),
    (3600, "hour"),
    (60, "minute"),
)


def relative(then: datetime, now: datetime) -> str:
    """ "3 days ago", "in 2 hours", "just now"."""
    seconds = (now - then).total_seconds()
    future = seconds < 0
    seconds = abs(seconds)
    if seconds < 60:
        return "just now"
    for size, name in _UNITS:
        if seconds >= size:
            count = int(seconds // size)
            unit = name if count == 1 else name + "s"
            return f"in {count} {unit}" if future else f"{count} {unit} ago"
    return "just now"  # pragma: no cover - the loop always returns for seconds >= 60


def stamp(moment: datetime, now: datetime) -> str:
    """An absolute time for a message header: the clock time today, else the date."""
    local = moment.astimezone(now.tzinfo) if now.tzinfo else moment
    if local.date() == now.date():
        return local.strftime("%H:%M")
    if local.year == now.year:
        return local.strftime("%d %b %H:%M")
    return local.strftime("%d %b %Y %H:%M")
