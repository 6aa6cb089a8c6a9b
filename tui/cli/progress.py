"""The import's progress: a bar over the bytes of every input on a terminal, else nothing."""

from __future__ import annotations

import sys
from types import TracebackType

from store.importers.runner import QuietProgress
from store.sanitise import strip_line
from tui.cli.output import is_terminal


def progress_bar() -> _NoProgress | _RichProgress:
    return _RichProgress() if is_terminal(sys.stderr) else _NoProgress()


class _NoProgress(QuietProgress):
    """In a pipe the import is quiet until its summary."""

    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


class _RichProgress:
    """A progress bar over the bytes of every input, with a running conversation count."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self._bar = Progress(
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            DownloadColumn(),
            TextColumn("{task.fields[conversations]} conversations"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task = self._bar.add_task("importing", total=None, conversations=0)
        self._count = 0

    def __enter__(self) -> _RichProgress:
        self._bar.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._bar.stop()

    def start(self, total_bytes: int) -> None:
        self._bar.update(self._task, total=total_bytes or None)

    def entry(self, label: str) -> None:
        name = strip_line(label)
        self._bar.update(self._task, description=name if len(name) < 40 else "…" + name[-39:])

    def advance(self, nbytes: int) -> None:
        self._bar.advance(self._task, nbytes)

    def conversation(self, imported: bool) -> None:
        self._count += 1
        self._bar.update(self._task, conversations=self._count)
