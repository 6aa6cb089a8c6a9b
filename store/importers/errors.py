"""Import errors. Each message is one line, fit to print after the file's name."""

from __future__ import annotations


class ImportFileError(Exception):
    """A whole file (or archive) cannot be imported; nothing of it was written."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


class TruncatedFile(ImportFileError):
    """The JSON stops in the middle of a value; whole conversations before the cut are kept."""


class ConversionError(ValueError):
    """One conversation of a file cannot be imported; the others can."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))
