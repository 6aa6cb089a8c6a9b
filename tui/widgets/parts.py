"""What the message pane shows: decoded parts (from `store.render`), badges and reports.

Decoding a stored record into drawable `Shown`/`ShownPart` values is shared with the
Markdown export, so it lives in `store.render`; this module adds what only the pane needs,
the translation report's badges keyed like the parts. Building these runs in a worker,
next to the store call that loaded the records.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from store.render import PartKind, Shown, ShownPart, shown_messages, shown_part

if TYPE_CHECKING:
    from translate import Report

__all__ = [
    "Badge",
    "PartKind",
    "Shown",
    "ShownPart",
    "ViewReport",
    "attachments_by_message",
    "shown_messages",
    "shown_part",
    "view_report",
]


@dataclass(frozen=True, slots=True)
class Badge:
    """What a translation did to one part under the current view."""

    action: str
    label: str
    reason: str = ""


@dataclass(slots=True)
class ViewReport:
    """The part of a translation report the pane needs, without the payload."""

    summary: str
    badges: dict[tuple[int, int, int], Badge] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def view_report(report: Report | None) -> ViewReport:
    """Badges keyed by (record, message, part), from a translation report.

    A part can have several entries (a reasoning block and its signature); its badge is
    the reasoning entry's when there is one, as `Report.badge` chooses.
    """
    if report is None:
        return ViewReport(summary="")
    badges: dict[tuple[int, int, int], Badge] = {}
    for entry in report.entries:
        key = (entry.record, entry.message, entry.part)
        if key not in badges or entry.kind == "reasoning":
            badges[key] = Badge(entry.action, entry.badge, entry.reason)
    return ViewReport(summary=report.summary(), badges=badges, warnings=tuple(report.warnings))


def attachments_by_message(records: Iterable[Any]) -> Mapping[Any, list[Any]]:
    grouped: dict[Any, list[Any]] = {}
    for record in records:
        grouped.setdefault(record.message_id, []).append(record)
    return grouped
