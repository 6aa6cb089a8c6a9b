"""Running an import: every path given, every entry in it, one transaction per conversation."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import Any, Protocol

from store.api import Store
from store.errors import StoreError, StoreUnavailable
from store.importers import attachment_refs, chatgpt, claude, extra_sources
from store.importers.detect import Sniffed, Unsupported, classify
from store.importers.errors import ConversionError, ImportFileError
from store.importers.messages import MessageGroups
from store.importers.records import (
    AttachmentRef,
    Conversation,
    Failed,
    FileReport,
    ImportOptions,
    ImportSummary,
    PassedOver,
    Skipped,
)
from store.importers.sources import Entry, estimate_size, open_entries, sniff
from store.importers.stream import CountingReader, json_items
from store.records import NewAttachment

# An import that brought at least 1/10 of the archive's messages has Postgres recount the
# words at once (the rule autovacuum applies, without its delay): search chooses its index
# path from those counts, and a large first import would otherwise search uncounted.
_RECOUNT_SHARE = 10


class Progress(Protocol):
    def start(self, total_bytes: int) -> None: ...
    def entry(self, label: str) -> None: ...
    def advance(self, nbytes: int) -> None: ...
    def conversation(self, imported: bool) -> None: ...


class QuietProgress:
    """Progress that reports nothing."""

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
    progress = progress or QuietProgress()
    targets = [Path(p) for p in paths]
    progress.start(sum(estimate_size(p) for p in targets))
    summary = ImportSummary()
    for path in targets:
        report = FileReport(str(path))
        summary.files.append(report)
        try:
            with open_entries(path) as entries:
                files = _ExportFiles(entries)
                found = sum(
                    _import_entry(store, e, options, report, progress, files)
                    for e in entries
                    if not files.holds(e)
                )
                report.passed += files.unreferenced()
            if not found and report.error is None:
                report.error = (
                    "holds no conversations (nothing in it is a format threadkeep imports)"
                )
        except ImportFileError as exc:
            report.error = str(exc)
    if summary.messages:
        try:
            if summary.messages * _RECOUNT_SHARE >= store.counts().messages:
                store.refresh_search_statistics()
        except StoreUnavailable:
            pass  # the import itself is committed; autovacuum recounts when the server is back
    return summary


class _ExportFiles:
    """The files of an export named by a ChatGPT file id, and which were attached.

    They are attachments, never conversations; one that no conversation refers to is
    reported as passed over like any other file.
    """

    def __init__(self, entries: list[Entry]) -> None:
        self.by_id: dict[str, Entry] = {}
        for entry in entries:
            file_id = None if entry.explicit else attachment_refs.file_id_of(entry.label)
            if file_id is not None:
                self.by_id.setdefault(file_id, entry)
        self._members = {id(e) for e in self.by_id.values()}
        self._used: set[str] = set()
        self._lock = threading.Lock()

    def holds(self, entry: Entry) -> bool:
        return id(entry) in self._members

    def resolve(self, refs: list[AttachmentRef]) -> tuple[list[NewAttachment], int]:
        """The attachments to store, and the bytes of export files they read (progress)."""
        found = {r.file_id for r in refs if r.file_id in self.by_id}
        with self._lock:
            fresh = found - self._used
            self._used.update(found)
        nbytes = sum(self.by_id[f].size for f in fresh if f is not None)
        return attachment_refs.resolve(refs, self.by_id), nbytes

    def unreferenced(self) -> list[PassedOver]:
        return [
            PassedOver(e.label, "a file no conversation in the export refers to", plain=True)
            for key, e in self.by_id.items()
            if key not in self._used
        ]


def _import_entry(
    store: Store,
    entry: Entry,
    options: ImportOptions,
    report: FileReport,
    progress: Progress,
    files: _ExportFiles,
) -> bool:
    """Import one file or archive member; return whether it held conversations."""
    progress.entry(entry.label)
    prefix = "" if entry.explicit else f"{entry.label}: "
    try:
        if options.format is None:
            kind = extra_sources.detect(entry.open)
            if kind is not None:
                return _import_extra(store, entry, kind, options, report, progress)
        try:
            if sniff(entry) != "json":
                return _pass_over(report, entry, "is an archive inside an archive (not opened)")
        except ImportFileError as exc:
            if entry.explicit:
                raise
            # chat.html, images and the like beside the conversations are counted by kind.
            reason = str(exc)
            plain = reason.startswith(("is binary data", "is not JSON"))
            return _pass_over(report, entry, reason, plain=plain)
        with entry.open() as stream:
            reader = CountingReader(stream, options.max_conversation_bytes, progress.advance)
            items = json_items(reader)
            first = next(items, _MISSING)
            if first is _MISSING:
                if entry.explicit:
                    raise ImportFileError("holds no conversations (an empty array)")
                return _pass_over(report, entry, "holds no conversations (an empty array)")
            try:
                classify(first, options.format)
            except Unsupported as exc:
                if entry.explicit:
                    raise ImportFileError(str(exc)) from None
                return _pass_over(report, entry, str(exc))
            groups = MessageGroups(options, lambda: reader.position, entry.label)
            with _Writer(store, report, progress, options, files) as writer:
                read = 0
                for result in convert_items(chain([first], items), options, groups):
                    # What a conversation cost to read is what it weighs while it waits.
                    writer.put(result, reader.position - read)
                    read = reader.position
            return True
    except StoreUnavailable:
        raise
    except ImportFileError as exc:
        message = prefix + str(exc)
        report.error = message if report.error is None else f"{report.error}; {message}"
        return True


def _pass_over(report: FileReport, entry: Entry, reason: str, *, plain: bool = False) -> bool:
    """Note a file found beside the conversations that is not imported: nothing is silent."""
    report.passed.append(PassedOver(entry.label, reason, plain))
    return False


def _import_extra(
    store: Store,
    entry: Entry,
    kind: str,
    options: ImportOptions,
    report: FileReport,
    progress: Progress,
) -> bool:
    """A Claude Code, Codex, Open WebUI, LibreChat, llm, Grok, AI Studio or Gemini file."""
    cap = options.max_conversation_bytes
    results = extra_sources.read(kind, entry.open, entry.label, entry.size, cap)
    with _Writer(store, report, progress, options, _NO_FILES) as writer:
        for result in results:
            writer.put(result, 0)
    progress.advance(entry.size)
    return True


_NO_FILES = _ExportFiles([])
_MISSING: Any = object()
_DONE: Any = object()
# Connections writing at once; the store's pool holds 4 (+4 overflow).
_WRITERS = 3


class _Writer:
    """Writes conversations on threads of their own, one transaction each.

    Most of the time of a write is spent waiting on the database (round trips, the commit's
    flush), and psycopg waits without holding the GIL; a few connections writing at once
    overlap those waits with each other and with the parsing of the next conversations.
    When reading stops early (a truncated file), what was already read is still written
    whole. Conversations are independent, so their commit order does not matter.
    """

    def __init__(
        self,
        store: Store,
        report: FileReport,
        progress: Progress,
        options: ImportOptions,
        files: _ExportFiles,
        threads: int = _WRITERS,
    ) -> None:
        self._store, self._report, self._progress = store, report, progress
        self._options, self._files = options, files
        budget = options.max_conversation_bytes
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=4 * threads)
        self._lock = threading.Lock()
        # Bytes of input waiting to be written: a few huge conversations must not pile up.
        self._budget = budget
        self._pending = 0
        self._room = threading.Condition()
        self._error: BaseException | None = None
        self._abandon = False
        self._threads = [
            threading.Thread(target=self._run, name=f"threadkeep-import-{i}", daemon=True)
            for i in range(threads)
        ]
        for thread in self._threads:
            thread.start()

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: object, tb: object) -> None:
        # Interrupted (not a bad file): what is queued is dropped, never half-written.
        self._abandon = kind is not None and not issubclass(kind, ImportFileError)
        for _ in self._threads:
            self._queue.put(_DONE)
        for thread in self._threads:
            thread.join()
        if self._error is not None and kind is None:
            raise self._error

    def put(self, result: Conversation | Skipped | Failed, size: int) -> None:
        with self._room:
            self._room.wait_for(
                lambda: (
                    self._pending == 0
                    or self._pending + size <= self._budget
                    or self._error is not None
                )
            )
            self._pending += size
        if self._error is not None:
            raise self._error
        self._queue.put((result, size))

    def _run(self) -> None:
        while (job := self._queue.get()) is not _DONE:
            result, size = job
            try:
                if self._error is None and not self._abandon:
                    _write(self, result)
            except BaseException as exc:  # noqa: BLE001 - handed to the reading thread
                self._error = exc
            finally:
                with self._room:
                    self._pending -= size
                    self._room.notify_all()


def convert_items(
    items: Iterator[Any], options: ImportOptions, groups: MessageGroups
) -> Iterator[Conversation | Skipped | Failed]:
    """The conversations in a stream of items, recognised by content; an item that is not
    one fails alone, with its reason."""
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
    item: Any, kind: Sniffed, groups: MessageGroups
) -> Iterator[Conversation | Skipped | Failed]:
    if kind.shape == "export":
        yield _EXPORTS[kind.format](item)
    else:
        yield from groups.add(item, kind)


# Each export's conversations have an importer of their own.
_EXPORTS: dict[str, Callable[[Any], Conversation | Skipped]] = {
    chatgpt.FORMAT: chatgpt.convert,
    claude.FORMAT: claude.convert,
}


def _label(item: Any, index: int) -> str:
    if isinstance(item, dict):
        for key in ("title", "name"):
            value = item.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()[:80]
    return f"item {index}"


def _write(writer: _Writer, result: Conversation | Skipped | Failed) -> None:
    store, report, progress, lock = writer._store, writer._report, writer._progress, writer._lock
    if isinstance(result, Skipped | Failed) or not result.messages:
        with lock:
            if isinstance(result, Failed):
                report.failed.append(result)
            elif isinstance(result, Skipped):
                report.skipped.append(result)
            else:
                report.skipped.append(
                    Skipped(result.title or result.source_id, "an empty conversation")
                )
        return
    attachments, attached_bytes = writer._files.resolve(result.attachments)
    try:
        outcome = store.import_or_extend(
            result.messages,
            title=result.title,
            metadata=result.metadata,
            created_at=result.created_at,
            updated_at=result.updated_at,
            attachments=attachments,
            max_attachment_bytes=writer._options.max_attachment_bytes,
        )
    except StoreUnavailable:
        raise
    except StoreError as exc:
        with lock:
            report.failed.append(Failed(result.title or result.source_id, str(exc)))
        return
    with lock:
        if outcome.created:
            report.conversations += 1
        elif outcome.added:
            report.updated += 1
        else:
            report.duplicates += 1
            if outcome.unmerged:
                report.unmerged.append(Skipped(result.title or result.source_id, outcome.unmerged))
        report.messages += outcome.added
        report.attachments += outcome.attachments
        label = result.title or result.source_id
        report.attachment_notes += [Skipped(label, n) for n in outcome.attachment_notes]
        progress.conversation(outcome.added > 0)
        if attached_bytes:
            progress.advance(attached_bytes)  # the export's files count towards its size
