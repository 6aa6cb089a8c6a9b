"""Stored attachments as files a provider view or export can carry (base64, within limits).

Only when a view or an export is built: listing a conversation never reads attachment
bytes. Bytes are read only for the types the targets take (images, PDFs, text files) and
only within the target's limits (translate.file_limits): an attachment over them, or past
what one request may carry, goes without its bytes so that the report can say why.
"""

from __future__ import annotations

import base64
import uuid
from collections import defaultdict

from store.attachments import Attachments
from store.blobs import read_blob
from store.records import AttachmentRecord
from translate import File, Target
from translate.file_limits import base64_size, file_limit, limits_for

# The type of an attachment that is text taken from the raw message (importers'
# attachment_refs): the decoded message already carries it.
_EXTRACTED = "text"
# What any target may take as an image or a document part; other files stay in the app.
_DOCUMENTS = ("application/pdf",)


def _sendable_type(media_type: str) -> bool:
    return media_type.startswith(("image/", "text/")) or media_type in _DOCUMENTS


def _media_type(attachment: AttachmentRecord) -> str:
    meta = attachment.metadata or {}
    for value in (attachment.media_type, meta.get("media_type"), meta.get("mime_type")):
        if isinstance(value, str) and "/" in value and "*" not in value:
            return value.lower()
    return ""


class AttachedFiles(Attachments):
    def translation_files(
        self, conversation_id: uuid.UUID | str, target: Target
    ) -> dict[uuid.UUID, tuple[File, ...]]:
        """The conversation's attachments as files, by message id, for a request to `target`."""
        limits = limits_for(target.format, target.provider)
        chosen: list[tuple[AttachmentRecord, str, str, int, bool]] = []
        budget = limits.request
        for attachment in self.list_attachments(conversation_id=conversation_id):
            if attachment.type == _EXTRACTED:
                continue  # text the raw itself holds (Claude's extracted_content)
            media = _media_type(attachment)
            if attachment.sha256 is None or attachment.size is None:
                # Named but not imported: a file without content, so the report says so.
                chosen.append((attachment, media, "", 0, False))
                continue
            if not _sendable_type(media):
                continue  # a type no target takes as a file part: it stays in the app
            size = base64_size(attachment.size)
            # Bytes are read only for what the request can carry: memory stays bounded by
            # the target's request limit, however many files the conversation holds.
            load = size <= file_limit(limits, media) and size <= budget
            if load:
                budget -= size
            chosen.append((attachment, media, attachment.sha256, attachment.size, load))
        if not chosen:
            return {}
        files: dict[uuid.UUID, list[File]] = defaultdict(list)
        with self._tx() as conn:
            for attachment, media, sha256, stored_size, load in chosen:
                meta = attachment.metadata or {}
                name = meta.get("name")
                name = name if isinstance(name, str) else ""
                extra: dict[str, object] = {"size": stored_size} if sha256 else {}
                if isinstance(meta.get("id"), str):
                    extra["id"] = meta["id"]  # how the raw message names it (a ChatGPT id)
                if not sha256:
                    if isinstance(meta.get("note"), str):
                        extra["note"] = meta["note"]
                    file = File(media, filename=name, extra=extra)
                elif load:
                    data = b"".join(read_blob(conn, sha256, stored_size))
                    encoded = base64.b64encode(data).decode("ascii")
                    file = File(media, data=encoded, filename=name, extra=extra)
                else:
                    file = File(media, filename=name, extra={**extra, "withheld": True})
                files[attachment.message_id].append(file)
        return {mid: tuple(found) for mid, found in files.items()}
