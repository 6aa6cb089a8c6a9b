"""Copying from the app: OSC 52 to the terminal, and a file that says where the text went.

A terminal may ignore OSC 52 (many do by default, or past a size) and the app cannot tell,
so every copy is also written to `clipboard.txt` in the user cache dir, and the notice
names that file: the text is never lost to a terminal that said nothing.
"""

from __future__ import annotations

from pathlib import Path

from textual.widget import Widget

from tui.widgets.safe import clean_line, copied_note


def clipboard_file() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("threadkeep")) / "clipboard.txt"


def copy(widget: Widget, what: str, text: str) -> None:
    widget.app.copy_to_clipboard(text)
    note = copied_note(what, text)
    target = clipboard_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".tmp")
        partial.write_text(text, encoding="utf-8")
        partial.replace(target)
        note += f"; also saved to {clean_line(str(target))}"
    except OSError as exc:
        note += f"; could not also save it to a file: {clean_line(str(exc))}"
    widget.notify(note, markup=False)
