"""Writing one stored conversation out: a provider's request, a Markdown transcript, raw JSON.

`write(store, cid, format, out)` is what `threadkeep export` and the app's export dialog
both call. Provider formats are the translator's views (`translate.VIEWS`), each writing
the request payload that provider would receive; markdown is a readable transcript built
by `store.render` from the canonical parts; json is the stored raw messages. Messages are
read a page at a time, so a long conversation never sits in memory, and a file is written
beside its target and renamed into place, so a failed export leaves no half file.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from store.errors import StoreError
from store.render import decode_record, fenced, md_block, md_line, part_markdown, shown_part
from store.sanitise import json_text, strip, strip_line

if TYPE_CHECKING:
    import uuid

    from store.api import Store
    from store.export_files import Lines
    from store.records import ConversationSummary, StoredMessage
    from translate import Report

MARKDOWN = "markdown"
JSON = "json"
_PAGE = 1000
_ROLE_NAMES = {"system": "System", "user": "User", "assistant": "Assistant", "tool": "Tool"}


class ExportError(StoreError):
    """An export that cannot be written: a bad format or target."""


def provider_views() -> tuple[str, ...]:
    """The translator's views, each a provider request that can be exported."""
    from translate import VIEWS

    return tuple(VIEWS)


def formats() -> tuple[str, ...]:
    return (*provider_views(), MARKDOWN, JSON)


def write(
    store: Store,
    cid: uuid.UUID,
    export_format: str,
    out: Path | TextIO,
    *,
    on_report: Callable[[str], None] | None = None,
) -> None:
    """Write the conversation `cid` as `export_format` to a file path or a text stream.

    A provider format's translation report goes, one line at a time, to `on_report`;
    the output carries only the payload. On a terminal, a transcript has its controls
    stripped (JSON is escaped already).
    """
    if isinstance(out, Path):
        attached = None
        if export_format == MARKDOWN:
            from store.export_files import write_beside

            # Attachments first: the transcript that links them appears last, whole.
            attached = write_beside(store, cid, _checked_target(out))
        _write_file(out, chunks(store, cid, export_format, on_report=on_report, attached=attached))
        return
    text = chunks(store, cid, export_format, on_report=on_report)
    terminal = _is_terminal(out)
    for chunk in text:
        out.write(strip(chunk) if terminal else chunk)
    out.flush()


def chunks(
    store: Store,
    cid: uuid.UUID,
    export_format: str,
    *,
    on_report: Callable[[str], None] | None = None,
    attached: Lines | None = None,
) -> Iterator[str]:
    """The export as text chunks; nothing is read before the first chunk is asked for.

    `attached` are a Markdown transcript's lines for each message's attachments (links to
    the files written beside it); without them, attachments are named but not linked.
    """
    if export_format not in formats():
        raise ExportError(
            f"unknown export format {strip_line(export_format)[:40]!r}; "
            f"expected one of {', '.join(formats())}"
        )
    return _chunks(store, cid, export_format, on_report, attached)


def _chunks(
    store: Store,
    cid: uuid.UUID,
    export_format: str,
    on_report: Callable[[str], None] | None,
    attached: Lines | None,
) -> Iterator[str]:
    if export_format == MARKDOWN:
        if attached is None:
            from store.export_files import listed

            attached = listed(store, cid)
        yield from markdown_transcript(store.get_conversation(cid), _messages(store, cid), attached)
    elif export_format == JSON:
        yield from json_document(store.get_conversation(cid), _messages(store, cid))
    else:
        loaded = store.load_conversation(cid, export_format)
        if on_report is not None and loaded.report is not None:
            empty = empty_records(loaded.messages)
            for line in report_lines(export_format, loaded.report, empty, len(loaded.messages)):
                on_report(line)
        yield json_text(loaded.payload) + "\n"


def report_lines(view: str, report: Report, empty: Sequence[int] = (), total: int = 0) -> list[str]:
    """The translation report in plain lines: the summary, what was dropped for having no
    content, then warnings and entries.

    `empty` are the positions of records with nothing in them to send (redacted or blank
    messages): the translator drops them without an entry, so they are counted here.
    """
    lines = [f"{view}: {strip_line(report.summary())}"]
    if empty:
        shown = ", ".join(str(p) for p in empty[:10]) + (", …" if len(empty) > 10 else "")
        lines.append(
            f"{view}: {len(empty)} of {total} messages dropped: they hold no content "
            f"(blank or redacted) (messages {shown})"
        )
    lines += [f"  warning: {strip_line(str(warning))}" for warning in report.warnings]
    for entry in report.entries:
        where = f"message {entry.record}"
        lines.append("  " + strip_line(f"{where}, {entry.kind}: {entry.badge}: {entry.reason}"))
    return lines


def empty_records(messages: Iterable[StoredMessage]) -> list[int]:
    """Positions of the records that decode to messages without a single part."""
    empty = []
    for message in messages:
        decoded, _ = decode_record(message)
        if decoded is not None and not any(item.parts for item in decoded):
            empty.append(message.position)
    return empty


def _messages(store: Store, cid: uuid.UUID) -> Iterator[StoredMessage]:
    start = 0
    while True:
        page = store.load_messages(cid, start=start, limit=_PAGE)
        yield from page
        if len(page) < _PAGE:
            return
        start = page[-1].position + 1


def json_document(
    conversation: ConversationSummary, messages: Iterable[StoredMessage]
) -> Iterator[str]:
    """The conversation and its raw messages as one JSON document, in chunks."""
    head = {
        "id": str(conversation.id),
        "title": conversation.title,
        "created_at": conversation.created_at.isoformat(),
        "updated_at": conversation.updated_at.isoformat(),
        "metadata": conversation.metadata,
    }
    yield '{\n  "conversation": ' + _indented(head, 2) + ',\n  "messages": ['
    for index, message in enumerate(messages):
        yield ("\n    " if index == 0 else ",\n    ") + _indented(message_record(message), 4)
    yield "\n  ]\n}\n"


def message_record(message: StoredMessage) -> dict[str, Any]:
    """A stored message as the JSON export writes it: the raw payload and where it came from."""
    return {
        "position": message.position,
        "role": message.role,
        "provider": message.provider,
        "model": message.model,
        "format": message.format,
        "created_at": message.created_at.isoformat(),
        "metadata": message.metadata,
        "raw": message.raw,
    }


def markdown_transcript(
    conversation: ConversationSummary,
    messages: Iterable[StoredMessage],
    attached: Mapping[uuid.UUID, list[str]] | None = None,
) -> Iterator[str]:
    """A readable transcript: one section per message with its role, model and time."""
    yield f"# {md_line(conversation.display_title)}\n\n"
    providers = ", ".join(conversation.providers) or "none"
    models = ", ".join(conversation.models) or "none"
    yield (
        f"- id: `{conversation.id}`\n"
        f"- created: {_time(conversation.created_at)}, updated: {_time(conversation.updated_at)}\n"
        f"- {conversation.message_count} messages; providers: {md_line(providers)}; "
        f"models: {md_line(models)}\n"
    )
    for message in messages:
        yield "\n" + _message_markdown(message)
        if attached and attached.get(message.id):
            yield "\n" + "\n".join(attached[message.id]) + "\n"


def _message_markdown(message: StoredMessage) -> str:
    role = _ROLE_NAMES.get(message.role, message.role.title())
    heading = f"## {role} · {md_line(message.model)} · {_time(message.created_at)}\n\n"
    body = _body_markdown(message).strip() or "*(no text)*"
    if message.hidden:
        return (
            f"{heading}<details><summary>Hidden {message.role} message</summary>\n\n"
            f"{body}\n\n</details>\n"
        )
    return f"{heading}{body}\n"


def _body_markdown(message: StoredMessage) -> str:
    decoded, _ = decode_record(message)
    if decoded is None:
        # A record the translator cannot read still makes a transcript from its visible text.
        from store.importers.common import plain_text

        text = plain_text(message.raw)
        return (
            md_block(text) + "\n\n" if text.strip() else "**Raw message**\n\n" + fenced(message.raw)
        )
    return "".join(
        part_markdown(shown_part(part, (message.position, m, p)))
        for m, item in enumerate(decoded)
        for p, part in enumerate(item.parts)
    )


def _indented(value: Any, level: int) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
    return text.replace("\n", "\n" + " " * level)


def _time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment.utcoffset() is not None else str(moment)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _checked_target(target: Path) -> Path:
    target = target.expanduser()
    if target.is_dir():
        raise ExportError(f"{target} is a directory; give a file name")
    directory = target.absolute().parent
    if not directory.is_dir():
        raise ExportError(f"the directory {directory} does not exist")
    return target


def _write_file(target: Path, text: Iterable[str]) -> None:
    target = _checked_target(target)
    directory = target.absolute().parent
    # Written beside the target and renamed into place: a failed export leaves no half file.
    try:
        handle, partial = tempfile.mkstemp(prefix=".threadkeep-export-", dir=directory)
    except OSError as exc:
        raise ExportError(f"cannot write in {directory}: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            for chunk in text:
                out.write(chunk)
        Path(partial).replace(target)
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror}") from None
    finally:
        with contextlib.suppress(OSError):
            Path(partial).unlink()
