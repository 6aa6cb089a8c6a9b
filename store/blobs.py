"""Attachment bytes in Postgres: content-addressed, deduplicated, streamed in chunks.

A blob is keyed by the SHA-256 of its bytes, so an image attached to many messages (or
imported from two exports) is stored once. Bytes are sent with a binary COPY, written in
chunks as they are read, so memory stays flat whatever the file's size; the key goes after
the data in the COPY's column list because it is known only once the data is read. Small
files are read once into memory; larger ones are read twice (first to hash and measure,
then to send), which costs a decompression and saves the database a second copy.
"""

from __future__ import annotations

import hashlib
import json
import struct
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import psycopg
from sqlalchemy import Connection as SAConnection
from sqlalchemy import text

from store.base import first_line
from store.database import unavailable
from store.errors import InvalidMessage
from store.records import ByteSource, NewAttachment, UnreadableAttachment

CHUNK = 1024 * 1024
# Read into memory at once below this; above it, hashed first and streamed second.
_IN_MEMORY = 4 * 1024 * 1024

_COPY_SQL = "COPY blobs (data, sha256, size, media_type) FROM STDIN (FORMAT BINARY)"
_BINARY_HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack("!ii", 0, 0)
# The clock, not the transaction's start: a message's attachments list in the order given.
_INSERT_SQL = text(
    "INSERT INTO attachments (message_id, type, metadata, blob_sha256, created_at) "
    "VALUES (:mid, :type, cast(:meta AS jsonb), :sha, clock_timestamp())"
)


@dataclass(slots=True)
class AttachmentsWritten:
    stored: int = 0
    notes: list[str] = field(default_factory=list)


def write_attachments(
    conn: SAConnection,
    message_ids: Sequence[uuid.UUID],
    attachments: Sequence[NewAttachment],
    max_bytes: int,
    skip: int = 0,
) -> AttachmentsWritten:
    """Store the bytes and rows of each attachment whose message was written.

    `message_ids[i]` is the id of message `skip + i`; attachments of messages before
    `skip` (stored by an earlier import) are left alone. Runs in the import's transaction.
    """
    result = AttachmentsWritten()
    rows = []
    for item in attachments:
        index = item.message_index - skip
        if not 0 <= index < len(message_ids):
            continue
        metadata = dict(item.metadata)
        sha: str | None = None
        note = item.note
        if note is None:
            try:
                sha, size = _store_blob(conn, item, max_bytes)
                metadata.setdefault("size", size)
            except _TooLarge as exc:
                note = f"is {_mb(exc.size)}, over the {_mb(max_bytes)} limit; not stored"
            except UnreadableAttachment as exc:
                note = f"could not be read: {exc}"
        if note is not None:
            metadata["note"] = note
            name = metadata.get("name") or metadata.get("id") or "an attachment"
            result.notes.append(f"{name}: {note}")
        else:
            result.stored += 1
        if item.media_type and "media_type" not in metadata:
            metadata["media_type"] = item.media_type
        rows.append(
            {
                "mid": message_ids[index],
                "type": item.type,
                "meta": json.dumps(metadata, ensure_ascii=False),
                "sha": sha,
            }
        )
    if rows:
        conn.execute(_INSERT_SQL, rows)
    return result


class _TooLarge(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size % 2**20 else f"{size // 2**20} MB"


def _store_blob(conn: SAConnection, item: NewAttachment, max_bytes: int) -> tuple[str, int]:
    """Write the attachment's bytes unless already stored; return (sha256, size)."""
    data = item.data
    if data is None and item.open is not None:
        data = _read_small(item, max_bytes)
    if data is not None:
        if len(data) > max_bytes:
            raise _TooLarge(len(data))
        digest = hashlib.sha256(data).hexdigest()
        if _claim(conn, digest):
            _copy(conn, digest, len(data), item.media_type, iter((data,)))
        return digest, len(data)
    digest, size = _measure(item, max_bytes)
    if _claim(conn, digest):
        _copy(conn, digest, size, item.media_type, _verified(item, digest, size))
    return digest, size


def _read_small(item: NewAttachment, max_bytes: int) -> bytes | None:
    """The whole file if it is small, else None (it is then streamed)."""
    assert item.open is not None
    with _opened(item) as source:
        data = _read(source, _IN_MEMORY + 1)
        if len(data) <= _IN_MEMORY:
            return data
        if len(data) > max_bytes:
            raise _TooLarge(len(data))
    return None


def _measure(item: NewAttachment, max_bytes: int) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    for chunk in _chunks(item):
        size += len(chunk)
        if size > max_bytes:
            raise _TooLarge(size)
        digest.update(chunk)
    return digest.hexdigest(), size


def _verified(item: NewAttachment, expected: str, size: int) -> Iterator[bytes]:
    """The bytes again, for the COPY; a file that changed meanwhile aborts the write."""
    digest = hashlib.sha256()
    sent = 0
    try:
        for chunk in _chunks(item):
            sent += len(chunk)
            if sent > size:
                break
            digest.update(chunk)
            yield chunk
    except UnreadableAttachment as exc:
        # Read whole a moment ago: the COPY is aborted, so the conversation fails whole.
        raise InvalidMessage(f"an attachment could not be read again: {exc}") from None
    if sent != size or digest.hexdigest() != expected:
        raise InvalidMessage("an attachment changed while it was imported")


def _chunks(item: NewAttachment) -> Iterator[bytes]:
    with _opened(item) as source:
        while chunk := _read(source, CHUNK):
            yield chunk


class _opened:
    """An attachment's stream, its OS errors turned into UnreadableAttachment."""

    def __init__(self, item: NewAttachment) -> None:
        assert item.open is not None
        self._open = item.open
        self._source: ByteSource | None = None

    def __enter__(self) -> ByteSource:
        try:
            self._source = self._open()
        except OSError as exc:
            raise UnreadableAttachment(exc.strerror or str(exc)) from None
        return self._source

    def __exit__(self, *exc: object) -> None:
        if self._source is not None:
            self._source.close()


def _read(source: ByteSource, size: int) -> bytes:
    parts = []
    left = size
    while left > 0:
        try:
            chunk = source.read(min(left, CHUNK))
        except OSError as exc:
            raise UnreadableAttachment(exc.strerror or str(exc)) from None
        if not chunk:
            break
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def _claim(conn: SAConnection, digest: str) -> bool:
    """Whether these bytes still have to be written.

    Two imports writing the same bytes at once would both find them missing and one COPY
    would fail on the key: the transaction-scoped lock on the hash makes the second wait
    for the first to commit, and then find the blob.
    """
    key = int.from_bytes(bytes.fromhex(digest[:16]), "big", signed=True)
    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})
    found = conn.execute(text("SELECT 1 FROM blobs WHERE sha256 = :s"), {"s": digest}).first()
    return found is None


def _copy(
    conn: SAConnection, digest: str, size: int, media_type: str | None, chunks: Iterator[bytes]
) -> None:
    driver = conn.connection.driver_connection
    if driver is None:
        raise unavailable(RuntimeError("the database connection was closed"))
    media = media_type.encode("utf-8")[:255] if media_type else None
    try:
        with driver.cursor() as cur, cur.copy(_COPY_SQL) as copy:
            # One row, four fields; the data field's length comes first, so `size` must be
            # exact (the chunks are verified against it).
            copy.write(_BINARY_HEADER + struct.pack("!hi", 4, size))
            for chunk in chunks:
                copy.write(chunk)
            key = digest.encode("ascii")
            tail = struct.pack("!i", len(key)) + key + struct.pack("!iq", 8, size)
            tail += (
                struct.pack("!i", -1) if media is None else struct.pack("!i", len(media)) + media
            )
            copy.write(tail + struct.pack("!h", -1))
    except psycopg.OperationalError as exc:
        raise unavailable(exc) from None
    except psycopg.Error as exc:
        raise InvalidMessage(
            f"an attachment was refused by the database: {first_line(exc)}"
        ) from None


def read_blob(conn: SAConnection, digest: str, size: int) -> Iterator[bytes]:
    """A blob's bytes in chunks (EXTERNAL storage lets Postgres read a slice alone)."""
    for offset in range(0, size, 8 * CHUNK):
        yield conn.execute(
            text("SELECT substring(data FROM :o FOR :n) FROM blobs WHERE sha256 = :s"),
            {"o": offset + 1, "n": 8 * CHUNK, "s": digest},
        ).scalar_one()


def purge_unreferenced_blobs(conn: SAConnection) -> int:
    """Delete the bytes no attachment refers to any more (after a purge)."""
    return conn.execute(
        text(
            "DELETE FROM blobs b WHERE NOT EXISTS "
            "(SELECT 1 FROM attachments a WHERE a.blob_sha256 = b.sha256)"
        )
    ).rowcount
