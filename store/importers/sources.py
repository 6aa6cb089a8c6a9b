"""Where import bytes come from: files, directories and zip archives, read defensively.

Nothing here trusts what an archive declares about itself. Entry names are checked before
anything is read (an entry that would land outside the archive refuses the whole archive, as
an extracting tool would be attacked by it), and decompressed bytes are counted as they are
produced, so a zip bomb is stopped by what it does rather than by what it claims.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from types import TracebackType
from typing import IO, Protocol, Self

from store.importers.errors import ImportFileError

# Real exports compress 5-20x; a zip bomb compresses by a thousand or more.
MAX_COMPRESSION_RATIO = 200
# Ratios of tiny members mean nothing (a few KB of indentation compresses very well).
_RATIO_GRACE_BYTES = 4 * 1024 * 1024
# All members of one archive together; far beyond any real export.
MAX_ARCHIVE_BYTES = 32 * 1024**3
_SNIFF_BYTES = 4096
_WHITESPACE = b" \t\r\n"
_UTF8_BOM = b"\xef\xbb\xbf"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_SKIPPED_DIRS = ("__MACOSX",)


class ByteStream(Protocol):
    """What an import reads from: a file, or a zip member guarded against bombs."""

    def read(self, size: int = -1, /) -> bytes: ...

    def readline(self, size: int | None = -1, /) -> bytes: ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
        /,
    ) -> None: ...


@dataclass(frozen=True, slots=True)
class Entry:
    """One stream of bytes to import: a file, or a member of an archive."""

    label: str
    size: int
    open: Callable[[], ByteStream]
    # Named by the user: anything but a supported format is an error. Entries found inside
    # a directory or an archive that are not conversations (user.json, images) are passed by.
    explicit: bool


def estimate_size(path: Path) -> int:
    """Bytes an import of `path` will read, for the progress bar (a guess is fine)."""
    try:
        if path.is_dir():
            return sum(estimate_size(p) for p in _walk(path))
        if _is_zip(path):
            with zipfile.ZipFile(path) as archive:
                return sum(i.file_size for i in archive.infolist() if not i.is_dir())
        return path.stat().st_size
    except (OSError, zipfile.BadZipFile, ValueError):
        return 0


@contextlib.contextmanager
def open_entries(path: Path) -> Iterator[list[Entry]]:
    """The entries of a path given on the command line; archives stay open meanwhile."""
    label = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ImportFileError("no such file or directory") from None
    except OSError as exc:
        raise ImportFileError(f"cannot read it: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        with contextlib.ExitStack() as stack:
            entries: list[Entry] = []
            for file in _walk(path):
                relative = f"{label.rstrip('/')}/{file.relative_to(path)}"
                if _is_zip(file):
                    try:
                        entries += stack.enter_context(_zip_entries(file, relative))
                    except ImportFileError as exc:
                        raise ImportFileError(f"{relative}: {exc}") from None
                else:
                    entries.append(_file_entry(file, relative, explicit=False))
            yield entries
        return
    if not stat.S_ISREG(info.st_mode):
        raise ImportFileError("is not a regular file or a directory")
    if _is_zip(path):
        with _zip_entries(path, label) as entries:
            yield entries
        return
    yield [_file_entry(path, label, explicit=True)]


def _walk(root: Path) -> Iterator[Path]:
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIPPED_DIRS)
        for name in sorted(files):
            file = Path(directory) / name
            if not name.startswith(".") and file.is_file() and not file.is_symlink():
                yield file


def _file_entry(path: Path, label: str, *, explicit: bool) -> Entry:
    def opener() -> ByteStream:
        try:
            return path.open("rb")
        except OSError as exc:
            raise ImportFileError(f"cannot read it: {exc.strerror}") from None

    return Entry(label, path.stat().st_size, opener, explicit)


def _is_zip(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) in _ZIP_MAGIC
    except OSError:
        return False


@contextlib.contextmanager
def _zip_entries(path: Path, label: str) -> Iterator[list[Entry]]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFileError(f"is not a readable zip archive ({exc})") from None
    with archive:
        infos = archive.infolist()
        for info in infos:
            if _escapes(info.filename):
                raise ImportFileError(
                    f"is refused: its entry {info.filename[:120]!r} points outside the archive"
                )
        archive_size = path.stat().st_size
        budget = _Budget(MAX_ARCHIVE_BYTES)
        entries = [
            Entry(
                f"{label}:{info.filename}",
                info.file_size,
                _member_opener(archive, info, archive_size, budget),
                explicit=False,
            )
            for info in sorted(infos, key=lambda i: i.filename)
            if not info.is_dir() and not _in_skipped_dir(info.filename)
        ]
        yield entries


def _escapes(name: str) -> bool:
    if "\x00" in name:
        return True
    for flavour in (PurePosixPath(name), PureWindowsPath(name)):
        if flavour.is_absolute() or flavour.drive or flavour.anchor or ".." in flavour.parts:
            return True
    return False


def _in_skipped_dir(name: str) -> bool:
    return any(part in _SKIPPED_DIRS for part in PurePosixPath(name).parts[:-1])


class _Budget:
    """Decompressed bytes left for one archive, shared by its members."""

    def __init__(self, total: int) -> None:
        self.left = total


def _member_opener(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, archive_size: int, budget: _Budget
) -> Callable[[], ByteStream]:
    def opener() -> ByteStream:
        try:
            member = archive.open(info)
        except (NotImplementedError, RuntimeError, zipfile.BadZipFile, OSError) as exc:
            raise ImportFileError(f"cannot be read ({exc})") from None
        # The declared compressed size cannot exceed the archive, whatever it says.
        compressed = max(1, min(info.compress_size, archive_size))
        return _GuardedMember(member, compressed, budget)

    return opener


class _GuardedMember(io.RawIOBase):
    """A zip member that stops when it inflates beyond any real export's ratio or size."""

    def __init__(self, member: IO[bytes], compressed: int, budget: _Budget) -> None:
        self._member = member
        self._compressed = compressed
        self._budget = budget
        self._produced = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1, /) -> bytes:
        try:
            data = self._member.read(size if size >= 0 else 1 << 20)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
            raise ImportFileError(f"is a damaged zip member ({exc})") from None
        self._produced += len(data)
        self._budget.left -= len(data)
        if self._budget.left < 0:
            raise ImportFileError(
                f"inflates beyond {MAX_ARCHIVE_BYTES // 1024**3} GB; refusing it as a zip bomb"
            )
        ratio = self._produced / self._compressed
        if self._produced > _RATIO_GRACE_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise ImportFileError(
                f"inflates more than {MAX_COMPRESSION_RATIO} times its compressed size; "
                "refusing it as a zip bomb"
            )
        return data

    def close(self) -> None:
        self._member.close()
        super().close()


def sniff(entry: Entry) -> str:
    """What an entry holds by its first bytes: "zip" or "json"; anything else is an error."""
    with entry.open() as handle:
        head = handle.read(_SNIFF_BYTES)
        if head[:4] in _ZIP_MAGIC:
            return "zip"
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ImportFileError("is UTF-16 text; save it as UTF-8 JSON")
        body = head.removeprefix(_UTF8_BOM)
        seen_any = bool(body)
        stripped = body.lstrip(_WHITESPACE)
        # Leading whitespace of any length is valid JSON, so read on (at C speed) past it.
        while not stripped:
            chunk = handle.read(1 << 20)
            if not chunk:
                break
            body, stripped = chunk, chunk.lstrip(_WHITESPACE)
    first = stripped[:1]
    if not first:
        raise ImportFileError("holds only whitespace" if seen_any else "is empty")
    if first in b"[{":
        return "json"
    literal = next((w for w in (b"true", b"false", b"null") if stripped.startswith(w)), None)
    if literal is not None or first in b'"-0123456789':
        kind = (
            literal.decode() if literal else "a JSON string" if first == b'"' else "a JSON number"
        )
        raise ImportFileError(f"holds {kind} at the top level, not conversations")
    if b"\x00" in body or not _is_text(body):
        raise ImportFileError("is binary data, not JSON, JSONL or a zip archive")
    sample = stripped[:24].decode("utf-8", "replace")
    raise ImportFileError(f"is not JSON, JSONL or a zip archive (it starts with {sample!r})")


def _is_text(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        return exc.start >= len(data) - 3
    return True
