"""Running an import: every path given, every entry in it, one transaction per conversation."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import Any, Protocol

from store.api import Store
from store.errors import StoreError, StoreUnavailable
from store.importers import chatgpt, claude
from store.importers.detect import Kind, Unsupported, classify
from store.importers.errors import ConversionError, ImportFileError
from store.importers.messages import MessageGroups
from store.importers.records import (
    Conversation,
    Failed,
    FileReport,
    ImportOptions,
    ImportSummary,
    Skipped,
)
from store.importers.sources import Entry, estimate_size, open_entries, sniff
from store.importers.stream import CountingReader, json_items


class Progress(Protocol):
    def start(self, total_bytes: int) -> None: ...
    def entry(self, label: str) -> None: ...
    def advance(self, nbytes: int) -> None: ...
    def conversation(self, imported: bool) -> None: ...


class _Quiet:
    def start(self, total_bytes: int) -> None:
        pass

    def entry(self, label: str) -> None:
        pass

    def advance(self, nbytes: int) -> None:
        pass

    def conversation(self, imported: bool) -> None:
        pass


def import_paths(
    store: Store,
    paths: Iterable[str | Path],
    options: ImportOptions | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import every path; a bad file is reported and the others go on.

    Raises StoreUnavailable if the database goes away: nothing else can go on then.
    """
    options = options or ImportOptions()
    progress = progress or _Quiet()
    targets = [Path(p) for p in paths]
    progress.start(sum(estimate_size(p) for p in targets))
    summary = ImportSummary()
    for path in targets:
        report = FileReport(str(path))
        summary.files.append(report)
        try:
            with open_entries(path) as entries:
                found = sum(_import_entry(store, e, options, report, progress) for e in entries)
            if not found and report.error is None:
                report.error = (
                    "holds no conversations (nothing in it is a format threadkeep imports)"
                )
        except ImportFileError as exc:
            report.error = str(exc)
    return summary


def _import_entry(
    store: Store, entry: Entry, options: ImportOptions, report: FileReport, progress: Progress
) -> bool:
    """Import one file or archive member; return whether it held conversations."""
    progress.entry(entry.label)
    prefix = "" if entry.explicit else f"{entry.label}: "
    try:
        try:
            if sniff(entry) != "json":
                return False  # an archive inside an archive is not opened
        except ImportFileError:
            if entry.explicit:
                raise
            return False  # chat.html, images and the like beside the conversations
        with entry.open() as stream:
            reader = CountingReader(stream, options.max_conversation_bytes, progress.advance)
            items = json_items(reader)
            first = next(items, _MISSING)
            if first is _MISSING:
                if entry.explicit:
                    raise ImportFileError("holds no conversations (an empty array)")
                return False
            try:
                classify(first, options.format)
            except Unsupported as exc:
                if entry.explicit:
                    raise ImportFileError(str(exc)) from None
                return False
            groups = MessageGroups(options, lambda: reader.position, entry.label)
            for result in _convert(chain([first], items), options, groups):
                _write(store, result, report, progress)
            return True
    except StoreUnavailable:
        raise
    except ImportFileError as exc:
        message = prefix + str(exc)
        report.error = message if report.error is None else f"{report.error}; {message}"
        return True


_MISSING: Any = object()


def _convert(
    items: Iterator[Any], options: ImportOptions, groups: MessageGroups
) -> Iterator[Conversation | Skipped | Failed]:
    for index, item in enumerate(items):
        try:
            kind = classify(item, options.format)
        except Unsupported as exc:
            yield Failed(f"item {index}", str(exc).removeprefix("holds "))
            continue
        try:
            yield from _convert_one(item, kind, groups)
        except ConversionError as exc:
            yield Failed(_label(item, index), str(exc))
    yield from groups.finish()


def _convert_one(
    item: Any, kind: Kind, groups: MessageGroups
) -> Iterator[Conversation | Skipped | Failed]:
    if kind.name == "chatgpt":
        yield chatgpt.convert(item)
    elif kind.name == "claude":
        yield claude.convert(item)
    else:
        yield from groups.add(item, kind)


def _label(item: Any, index: int) -> str:
    if isinstance(item, dict):
        for key in ("title", "name"):
            value = item.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()[:80]
    return f"item {index}"


def _write(
    store: Store, result: Conversation | Skipped | Failed, report: FileReport, progress: Progress
) -> None:
    if isinstance(result, Skipped):
        report.skipped.append(result)
        return
    if isinstance(result, Failed):
        report.failed.append(result)
        return
    if not result.messages:
        report.skipped.append(Skipped(result.title or result.source_id, "an empty conversation"))
        return
    try:
        cid = store.import_conversation(
            result.messages,
            title=result.title,
            metadata=result.metadata,
            created_at=result.created_at,
            updated_at=result.updated_at,
        )
    except StoreUnavailable:
        raise
    except StoreError as exc:
        report.failed.append(Failed(result.title or result.source_id, str(exc)))
        return
    if cid is None:
        report.duplicates += 1
    else:
        report.conversations += 1
        report.messages += len(result.messages)
    progress.conversation(cid is not None)
