"""Importers: ChatGPT and Claude exports, AI SDK UIMessages and raw provider JSON.

Files are streamed, each conversation is written in one transaction, and re-importing the
same source adds nothing (each conversation carries a source id).
"""

from store.importers.detect import FORCEABLE
from store.importers.errors import ImportFileError
from store.importers.records import FileReport, ImportOptions, ImportSummary
from store.importers.runner import Progress, import_paths

__all__ = [
    "FORCEABLE",
    "FileReport",
    "ImportFileError",
    "ImportOptions",
    "ImportSummary",
    "Progress",
    "import_paths",
]
