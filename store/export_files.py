"""The attachments of a Markdown export: written beside the transcript and linked from it.

`transcript.md` gets a folder `transcript_files/` with each stored attachment, named
`<n>-<its name>` (numbered, so two files of the same name never collide), and each message
lists its attachments: a link for those with bytes, the note for those without.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from store.render import md_line

if TYPE_CHECKING:
    from store.api import Store
    from store.records import AttachmentRecord

# Characters that are not safe in a file name on some system (and path separators).
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_NAME_MAX = 120

Lines = dict[uuid.UUID, list[str]]


def folder_for(target: Path) -> Path:
    return target.with_name(f"{target.stem}_files")


def write_beside(store: Store, cid: uuid.UUID, target: Path) -> Lines:
    """Save the stored attachments into the folder beside `target`; the lines per message."""
    records = store.list_attachments(conversation_id=cid)
    if not records:
        return {}
    folder = folder_for(target)
    lines: Lines = defaultdict(list)
    for number, record in enumerate(records, start=1):
        name = _name(record)
        if record.sha256 is None:
            lines[record.message_id].append(_unstored(record, name))
            continue
        file_name = f"{number}-{_safe(name)}"
        try:
            folder.mkdir(exist_ok=True)
            store.save_attachment(record.id, folder / file_name)
        except OSError as exc:
            from store.export import ExportError

            raise ExportError(f"cannot write {folder / file_name}: {exc.strerror}") from None
        link = quote(f"{folder.name}/{file_name}")
        lines[record.message_id].append(f"- 📎 [{md_line(name)}]({link}) ({_describe(record)})")
    return lines


def listed(store: Store, cid: uuid.UUID) -> Lines:
    """The attachments of each message, named without links (an export to a stream)."""
    lines: Lines = defaultdict(list)
    for record in store.list_attachments(conversation_id=cid):
        name = _name(record)
        if record.sha256 is None:
            lines[record.message_id].append(_unstored(record, name))
        else:
            lines[record.message_id].append(f"- 📎 {md_line(name)} ({_describe(record)})")
    return lines


def _name(record: AttachmentRecord) -> str:
    name = record.metadata.get("name") or record.metadata.get("id") or record.type
    return str(name)


def _unstored(record: AttachmentRecord, name: str) -> str:
    note = record.metadata.get("note") or "its bytes were not imported"
    return f"- 📎 {md_line(name)} (not stored: {md_line(str(note))})"


def _describe(record: AttachmentRecord) -> str:
    kind = md_line(record.media_type or record.type)
    size = record.size or 0
    shown = f"{size} bytes" if size < 1024 else f"{size / 1024:.1f} KB"
    if size >= 1024 * 1024:
        shown = f"{size / 2**20:.1f} MB"
    return f"{kind}, {shown}"


def _safe(name: str) -> str:
    cleaned = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).strip(" .")
    return (cleaned or "attachment")[:_NAME_MAX]
