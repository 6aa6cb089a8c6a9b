"""What a translation did to each part, in words a user understands."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from translate.canonical import constructor, quick_init
from translate.records import Target

KEPT_NATIVE = "kept-native"
CONVERTED = "converted"
DROPPED = "dropped"
SYNTHESIZED = "synthesized"
RENAMED_ID = "renamed-id"
ACTIONS = (KEPT_NATIVE, CONVERTED, DROPPED, SYNTHESIZED, RENAMED_ID)

# How a converted reasoning part travelled (ReportEntry.detail).
AS_TEXT = "text"
AS_CHANNEL = "channel"

_BADGES = {
    KEPT_NATIVE: "replayed natively",
    CONVERTED: "converted",
    DROPPED: "dropped",
    SYNTHESIZED: "synthesized",
    RENAMED_ID: "id renamed",
}


@quick_init
@dataclass(frozen=True, slots=True)
class ReportEntry:
    """One effect on one part.

    ``record`` indexes the translated records, ``message`` the messages that record decodes
    to (``translate.decode``), ``part`` that message's parts. An entry about something the
    translator added (a synthesized tool result) points at the part it was added for.
    """

    record: int
    message: int
    part: int
    kind: str
    action: str
    reason: str
    detail: str = ""

    @property
    def badge(self) -> str:
        if self.action == CONVERTED and self.detail == AS_TEXT:
            return "converted to text"
        return _BADGES.get(self.action, self.action)


# Built for every reasoning part and signature a translation reports (canonical.constructor).
new_report_entry = constructor(ReportEntry)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@quick_init
@dataclass(frozen=True, slots=True)
class Report:
    target: Target
    entries: tuple[ReportEntry, ...] = ()
    warnings: tuple[str, ...] = ()
    # True when the last assistant turn is an open tool loop that Anthropic, with thinking
    # enabled, would reject (see warnings for the words).
    open_tool_loop: bool = False
    channel: str = ""
    # Built on the first lookup: most translations are never looked into part by part.
    _index: Mapping[tuple[int, int, int], tuple[ReportEntry, ...]] | None = field(
        default=None, repr=False, compare=False
    )

    def entries_for(self, record: int, message: int, part: int) -> tuple[ReportEntry, ...]:
        """Everything that happened to one decoded part (empty: it went through unchanged)."""
        index = self._index
        if index is None:
            grouped: dict[tuple[int, int, int], list[ReportEntry]] = {}
            for entry in self.entries:
                grouped.setdefault((entry.record, entry.message, entry.part), []).append(entry)
            index = {k: tuple(v) for k, v in grouped.items()}
            object.__setattr__(self, "_index", index)
        return index.get((record, message, part), ())

    def badge(self, record: int, message: int, part: int) -> str | None:
        """A short label for a reasoning part: "replayed natively", "converted to text"..."""
        entries = self.entries_for(record, message, part)
        for entry in entries:
            if entry.kind == "reasoning":
                return entry.badge
        return entries[0].badge if entries else None

    def summary(self) -> str:
        """One line such as "2 reasoning blocks replayed natively · 1 converted to text"."""
        counts = Counter((e.kind, e.action, e.detail) for e in self.entries)
        phrases: list[str] = []

        def add(n: int, text: str) -> None:
            if n:
                phrases.append(text)

        def count(kind: str, action: str, detail: str | None = None) -> int:
            return sum(
                n
                for (k, a, d), n in counts.items()
                if k == kind and a == action and detail in (None, d)
            )

        n = count("reasoning", KEPT_NATIVE)
        add(n, _plural(n, "reasoning block", "reasoning blocks") + " replayed natively")
        n = count("reasoning", CONVERTED, AS_TEXT)
        add(n, f"{n} converted to text")
        n = count("reasoning", CONVERTED, AS_CHANNEL)
        add(n, f"{n} sent as {self.channel or 'unsigned reasoning'}")
        n = count("reasoning", DROPPED)
        add(n, _plural(n, "reasoning block", "reasoning blocks") + " dropped")
        n = count("reasoning", SYNTHESIZED)
        add(n, _plural(n, "empty reasoning field", "empty reasoning fields") + " added")
        n = count("signature", KEPT_NATIVE)
        add(n, _plural(n, "signature", "signatures") + " replayed")
        n = count("signature", DROPPED)
        add(n, _plural(n, "signature", "signatures") + " dropped")
        n = count("signature", SYNTHESIZED)
        add(n, _plural(n, "skip-validator signature", "skip-validator signatures") + " added")
        n = count("tool-call", RENAMED_ID)
        add(n, _plural(n, "tool id", "tool ids") + " renamed")
        n = count("tool-call", SYNTHESIZED)
        add(n, _plural(n, "tool call", "tool calls") + " synthesized")
        n = count("tool-result", SYNTHESIZED)
        add(n, _plural(n, "missing tool result", "missing tool results") + " synthesized")
        n = count("tool-result", DROPPED)
        add(n, _plural(n, "duplicate tool result", "duplicate tool results") + " dropped")
        n = count("file", DROPPED)
        add(n, _plural(n, "file", "files") + " left out")
        n = count("unknown", KEPT_NATIVE)
        add(n, _plural(n, "provider-specific part", "provider-specific parts") + " kept")
        n = count("unknown", DROPPED)
        add(n, _plural(n, "unsupported part", "unsupported parts") + " dropped")
        n = count("source", DROPPED) + count("data", DROPPED)
        add(n, _plural(n, "app-only part", "app-only parts") + " left out")
        if self.warnings:
            phrases.append(_plural(len(self.warnings), "warning", "warnings"))
        return " · ".join(phrases) if phrases else "nothing changed"


# One per translation (canonical.constructor).
new_report = constructor(Report)
