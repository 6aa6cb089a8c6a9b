"""Attachment bytes in Postgres: content-addressed, deduplicated, limited, read back."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from store import AttachmentUnavailable, NewAttachment, NewMessage
from store.records import UnreadableAttachment
from tests.cli.helpers import rows


def _messages(n: int) -> list[NewMessage]:
    return [
        NewMessage(
            raw={"id": f"m{i}", "role": "user", "content": f"message {i}"},
            provider="openai",
            model="gpt-4o",
            format="openai-chat",
        )
        for i in range(n)
    ]


def _file(path: Path, size: int) -> Path:
    path.write_bytes(os.urandom(size))
    return path


def test_bytes_are_stored_once_and_read_back_whole(store, tmp_path):
    big = _file(tmp_path / "big.bin", 5 * 1024 * 1024 + 17)  # streamed, not read whole
    small = b"\x89PNG\r\n\x1a\n" + os.urandom(1000)
    attachments = [
        NewAttachment(0, "image", {"name": "a.png"}, "image/png", data=small),
        NewAttachment(1, "image", {"name": "same.png"}, "image/png", data=small),
        NewAttachment(1, "file", {"name": "big.bin"}, open=lambda: big.open("rb")),
    ]
    blobs_before = rows(store, "blobs")

    outcome = store.import_or_extend(
        _messages(2), metadata={"source_id": "test:blobs"}, attachments=attachments
    )

    assert outcome.attachments == 3 and outcome.attachment_notes == ()
    assert rows(store, "blobs") == blobs_before + 2  # the same image twice is one blob
    listed = store.list_attachments(conversation_id=outcome.conversation_id)
    assert [a.metadata["name"] for a in listed] == ["a.png", "same.png", "big.bin"]
    assert listed[0].sha256 == listed[1].sha256 == hashlib.sha256(small).hexdigest()
    assert listed[0].size == len(small) and listed[0].media_type == "image/png"
    assert store.attachment_bytes(listed[0].id) == small
    saved = store.save_attachment(listed[2].id, tmp_path / "out.bin")
    assert saved.read_bytes() == big.read_bytes()


def test_over_the_limit_missing_or_unreadable_is_a_note_and_the_message_imports(store, tmp_path):
    class Broken:
        def read(self, size: int = -1, /) -> bytes:
            raise UnreadableAttachment("inflates more than 200 times; refusing it as a zip bomb")

        def close(self) -> None:
            pass

    attachments = [
        NewAttachment(0, "image", {"name": "huge.png"}, data=os.urandom(2 * 1024 * 1024)),
        NewAttachment(0, "file", {"name": "gone.pdf"}, note="not in the export"),
        NewAttachment(0, "image", {"name": "bomb.png"}, open=Broken),
    ]
    outcome = store.import_or_extend(
        _messages(1),
        metadata={"source_id": "test:notes"},
        attachments=attachments,
        max_attachment_bytes=1024 * 1024,
    )

    assert outcome.added == 1 and outcome.attachments == 0
    assert outcome.attachment_notes == (
        "huge.png: is 2 MB, over the 1 MB limit; not stored",
        "gone.pdf: not in the export",
        "bomb.png: could not be read: inflates more than 200 times; refusing it as a zip bomb",
    )
    listed = store.list_attachments(conversation_id=outcome.conversation_id)
    assert [a.sha256 for a in listed] == [None, None, None]
    with pytest.raises(AttachmentUnavailable, match="not in the export"):
        store.attachment_bytes(listed[1].id)


def test_an_extended_import_adds_only_the_new_messages_attachments(store):
    image = os.urandom(300)
    first = store.import_or_extend(
        _messages(1),
        metadata={"source_id": "test:extend"},
        attachments=[NewAttachment(0, "image", {"name": "one.png"}, data=image)],
    )
    again = store.import_or_extend(
        _messages(2),
        metadata={"source_id": "test:extend"},
        attachments=[
            NewAttachment(0, "image", {"name": "one.png"}, data=image),
            NewAttachment(1, "image", {"name": "two.png"}, data=os.urandom(300)),
        ],
    )
    assert again.added == 1 and again.attachments == 1
    listed = store.list_attachments(conversation_id=first.conversation_id)
    assert [a.metadata["name"] for a in listed] == ["one.png", "two.png"]


def test_purging_the_last_conversation_using_a_blob_removes_it(store):
    shared = os.urandom(500)
    ids = [
        store.import_or_extend(
            _messages(1),
            metadata={"source_id": f"test:purge:{n}"},
            attachments=[NewAttachment(0, "image", {"name": "x.png"}, data=shared)],
        ).conversation_id
        for n in range(2)
    ]
    before = rows(store, "blobs")
    store.purge(ids[0])
    assert rows(store, "blobs") == before  # still used by the other one
    store.purge(ids[1])
    assert rows(store, "blobs") == before - 1
