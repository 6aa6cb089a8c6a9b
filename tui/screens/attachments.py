"""A conversation's attachments: name, type and size; open one with the system viewer or
save it to a file. Images preview inline where textual-image can draw them."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui import keys
from tui.context import store_of
from tui.widgets.db import call_store
from tui.widgets.header import AppHeader
from tui.widgets.key_bar import KeyBar
from tui.widgets.message import attachment_detail
from tui.widgets.safe import clean_line


class AttachmentsScreen(Screen[None]):
    CSS_PATH = "attachments.tcss"
    BINDING_GROUP_TITLE = "Attachments"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("attachments")

    def __init__(self, conversation_id: uuid.UUID, title: str) -> None:
        super().__init__()
        self._cid = conversation_id
        self._title = title
        self._records: list[Any] = []

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static(
            Content(
                "o opens with the system viewer, s saves to the current folder, esc goes back."
            ),
            id="attachments-hint",
        )
        yield OptionList(id="attachments-list")
        yield Vertical(id="attachments-preview")
        yield KeyBar(show_command_palette=True)

    def on_mount(self) -> None:
        self.query_one(AppHeader).show(f"Attachments: {self._title}", None)
        self.listing.focus()
        call_store(
            self,
            lambda: store_of(self).list_attachments(conversation_id=self._cid),
            self._show,
            group="attachments",
            action="list the attachments",
        )

    @property
    def listing(self) -> OptionList:
        return self.query_one("#attachments-list", OptionList)

    def _show(self, records: list[Any]) -> None:
        self._records = records
        if not records:
            self.listing.add_option(Option("This conversation has no attachments.", disabled=True))
            return
        for record in records:
            name = clean_line(str(record.metadata.get("name") or record.type))
            line = f"{clean_line(record.type)}  {name}  {attachment_detail(record)}"
            self.listing.add_option(Option(Content(line)))
        self.listing.highlighted = 0

    def _current(self) -> Any | None:
        index = self.listing.highlighted
        if index is None or not 0 <= index < len(self._records):
            return None
        return self._records[index]

    async def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        record = self._current()
        preview = self.query_one("#attachments-preview", Vertical)
        await preview.remove_children()
        if record is None or record.sha256 is None or record.type != "image":
            return
        if not preview_available():
            await preview.mount(Static(Content(NO_PREVIEW)))
            return
        if (record.size or 0) > _PREVIEW_MAX:
            await preview.mount(Static(Content("Too large to preview here: o opens it.")))
            return

        async def show(data: bytes) -> None:
            if self._current() is not record:
                return  # the cursor moved on while the bytes were read
            await preview.remove_children()
            await preview.mount(image_widget(data))

        call_store(
            self,
            lambda: store_of(self).attachment_bytes(record.id),
            show,
            group="attachment-preview",
            exclusive=True,
            action="preview the attachment",
        )

    def action_close(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        record = self._current()
        if record is None or record.sha256 is None:
            self.notify("This attachment has no stored bytes.", severity="warning", markup=False)
            return
        target = free_path(Path.cwd(), str(record.metadata.get("name") or "attachment"))

        def done(path: Path) -> None:
            self.notify(f"Saved to {clean_line(str(path))}", markup=False)

        call_store(
            self,
            lambda: store_of(self).save_attachment(record.id, target),
            done,
            group="attachment-save",
            action="save the attachment",
        )

    def action_open(self) -> None:
        record = self._current()
        if record is None or record.sha256 is None:
            self.notify("This attachment has no stored bytes.", severity="warning", markup=False)
            return
        name = str(record.metadata.get("name") or "attachment")
        folder = Path(tempfile.mkdtemp(prefix="threadkeep-"))
        target = free_path(folder, name)

        def done(path: Path) -> None:
            problem = launch(path)
            if problem:
                self.notify(problem, severity="warning", markup=False)

        call_store(
            self,
            lambda: store_of(self).save_attachment(record.id, target),
            done,
            group="attachment-open",
            action="open the attachment",
        )


# Decoding a huge image for a few terminal cells is not worth the wait.
_PREVIEW_MAX = 16 * 1024 * 1024
NO_PREVIEW = (
    "Image preview is not supported here (textual-image is not installed); "
    "o opens it in the system viewer."
)


def preview_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("textual_image") is not None


def image_widget(data: bytes) -> Widget:
    """The image drawn the best way the terminal allows (Kitty, Sixel, or half blocks)."""
    import io

    # Loaded on the first preview only: it takes a second to import.
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError
    from textual_image.widget import Image

    try:
        picture = PILImage.open(io.BytesIO(data))
        picture.load()
    except (UnidentifiedImageError, OSError, ValueError, PILImage.DecompressionBombError):
        return Static(Content("This image cannot be previewed (not a readable image)."))
    widget = Image(picture)
    widget.styles.height = 16
    widget.styles.width = "auto"
    return widget


def free_path(folder: Path, name: str) -> Path:
    """`folder/name`, made safe and never overwriting: `name (2).ext` when it exists."""
    safe = "".join(c if c.isprintable() and c not in '/\\:*?"<>|' else "_" for c in name)
    base = Path(safe.strip(" .") or "attachment")
    target = folder / base.name
    n = 2
    while target.exists():
        target = folder / f"{base.stem} ({n}){base.suffix}"
        n += 1
    return target


def launch(path: Path) -> str | None:
    """Open a file with the system's viewer; a one-line problem, or None."""
    try:
        if sys.platform.startswith("win"):
            command = ["cmd", "/c", "start", "", str(path)]
        else:
            command = ["open" if sys.platform == "darwin" else "xdg-open", str(path)]
        subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    except OSError as exc:
        return f"Cannot open it ({exc.strerror}); it is saved at {path}"
    return None
