"""The attachments ChatGPT and Claude exports name, and finding ChatGPT's among the files.

ChatGPT refers to a file by id: an image part's `asset_pointer`
(`file-service://file-<id>` before 2025, `sediment://file_<hex>` since) and the message's
`metadata.attachments[].id`. The bytes are other members of the export: uploads as
`file-<id>-<name>` or `<id>.<ext>` at the root, DALL-E output under `dalle-generations/`,
generated images as `user-<id>/file_<hex>-<uuid>.png` — each name starts with the id.
A Claude export carries no file bytes: the text it extracted from an upload
(`attachments[].extracted_content`) is stored as a text attachment; `files[]` are names.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any

from store.importers.errors import ImportFileError
from store.importers.records import AttachmentRef
from store.importers.sources import ByteStream, Entry
from store.records import NewAttachment, UnreadableAttachment

# A member named by its file id: the id, then the end, a "-<name>" or a ".<ext>". Ids are
# long (`file-` and 22 letters and digits, `file_` and 32 hex digits): requiring 16 keeps a
# directory's `file-notes.json` a conversation file rather than an attachment.
_FILE_NAME = re.compile(r"(file[-_][A-Za-z0-9]{16,})(?:$|[-.])")
_POINTER_SCHEMES = ("file-service://", "sediment://")
CLAUDE_NOT_EXPORTED = "not in the export (Claude exports carry the names of files, not their bytes)"


def file_id_of(label: str) -> str | None:
    """The ChatGPT file id an archive member or file is named by, if any."""
    name = PurePosixPath(label.rsplit(":", 1)[-1]).name
    found = _FILE_NAME.match(name)
    return found.group(1) if found else None


def chatgpt_refs(messages: Iterable[dict[str, Any]]) -> list[AttachmentRef]:
    """The files each message refers to, once each (an upload is named twice)."""
    refs: list[AttachmentRef] = []
    for index, message in enumerate(messages):
        seen: set[str] = set()
        meta = message.get("metadata")
        listed = meta.get("attachments") if isinstance(meta, dict) else None
        for item in listed if isinstance(listed, list) else ():
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                continue
            mime = item.get("mime_type") if isinstance(item.get("mime_type"), str) else None
            kept = {k: item[k] for k in ("id", "name", "size", "mime_type") if k in item}
            refs.append(AttachmentRef(index, _kind(mime), kept, mime, file_id=item["id"]))
            seen.add(item["id"])
        content = message.get("content")
        parts = content.get("parts") if isinstance(content, dict) else None
        for part in parts if isinstance(parts, list) else ():
            pointer = part.get("asset_pointer") if isinstance(part, dict) else None
            if not isinstance(pointer, str):
                continue
            file_id = _pointer_id(pointer)
            if file_id is None or file_id in seen:
                continue
            seen.add(file_id)
            kept = {"id": file_id, "asset_pointer": pointer}
            kept |= {k: part[k] for k in ("size_bytes", "width", "height") if k in part}
            kind = "image" if part.get("content_type") == "image_asset_pointer" else "file"
            refs.append(AttachmentRef(index, kind, kept, file_id=file_id))
    return refs


def claude_refs(entries: Iterable[dict[str, Any]]) -> list[AttachmentRef]:
    refs: list[AttachmentRef] = []
    for index, entry in enumerate(entries):
        for item in _objects(entry.get("attachments")):
            name = item.get("file_name")
            kept = {"name": name} if isinstance(name, str) else {}
            kept |= {k: item[k] for k in ("file_size", "file_type") if k in item}
            text = item.get("extracted_content")
            if isinstance(text, str) and text:
                refs.append(AttachmentRef(index, "text", kept, "text/plain", text=text))
            else:
                refs.append(AttachmentRef(index, "file", kept, note=CLAUDE_NOT_EXPORTED))
        for item in _objects(entry.get("files")):
            name = item.get("file_name")
            kept = {"name": name} if isinstance(name, str) else {}
            kept |= {k: item[k] for k in ("file_uuid", "file_kind") if k in item}
            kind = "image" if item.get("file_kind") == "image" else "file"
            refs.append(AttachmentRef(index, kind, kept, note=CLAUDE_NOT_EXPORTED))
    return refs


def resolve(refs: Iterable[AttachmentRef], files: dict[str, Entry]) -> list[NewAttachment]:
    """The attachments to store: bytes from the export's files, or a note saying why not."""
    resolved = []
    for ref in refs:
        metadata = dict(ref.metadata)
        if ref.text is not None:
            data = ref.text.encode("utf-8")
            resolved.append(
                NewAttachment(ref.message_index, ref.type, metadata, ref.media_type, data=data)
            )
            continue
        entry = files.get(ref.file_id) if ref.file_id else None
        if entry is None:
            note = ref.note or f"not in the export (no file named {ref.file_id})"
            resolved.append(
                NewAttachment(ref.message_index, ref.type, metadata, ref.media_type, note=note)
            )
            continue
        member = PurePosixPath(entry.label.rsplit(":", 1)[-1]).name
        metadata.setdefault("name", _display_name(member, ref.file_id or ""))
        metadata["export_file"] = member
        media = ref.media_type or mimetypes.guess_type(member)[0]
        resolved.append(
            NewAttachment(ref.message_index, ref.type, metadata, media, open=_reader(entry))
        )
    return resolved


def _display_name(member: str, file_id: str) -> str:
    rest = member[len(file_id) :].lstrip("-")
    return rest if rest and not rest.startswith(".") else member


def _reader(entry: Entry) -> Any:
    def opener() -> _Guarded:
        try:
            return _Guarded(entry.open())
        except ImportFileError as exc:
            raise UnreadableAttachment(str(exc)) from None

    return opener


class _Guarded:
    """A member whose refusals (bombs, damage) say why the attachment is not stored."""

    def __init__(self, stream: ByteStream) -> None:
        self._stream = stream

    def read(self, size: int = -1, /) -> bytes:
        try:
            return self._stream.read(size)
        except ImportFileError as exc:
            raise UnreadableAttachment(str(exc)) from None

    def close(self) -> None:
        self._stream.close()


def _pointer_id(pointer: str) -> str | None:
    for scheme in _POINTER_SCHEMES:
        if pointer.startswith(scheme):
            found = _FILE_NAME.match(pointer[len(scheme) :])
            return found.group(1) if found else None
    return None


def _kind(mime: str | None) -> str:
    return "image" if mime and mime.startswith("image/") else "file"


def _objects(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []
