"""The app shows a message's attachments and opens or saves them."""

from __future__ import annotations

import os

import pytest

from store import NewAttachment, NewMessage
from tests.tui.conftest import SIZE
from tests.tui.helpers import screen_text, settle
from tui.screens.attachments import AttachmentsScreen, free_path
from tui.screens.main import MainScreen
from tui.widgets.conversation_list import ConversationList

pytestmark = pytest.mark.anyio


def _with_attachments(store) -> bytes:
    image = b"\x89PNG\r\n\x1a\n" + os.urandom(2040)
    store.import_or_extend(
        [
            NewMessage(
                raw={"id": "u1", "role": "user", "content": "look at this"},
                provider="openai",
                model="gpt-4o",
                format="openai-chat",
            )
        ],
        title="A picture",
        metadata={"source_id": "test:tui-attachments"},
        attachments=[
            NewAttachment(0, "image", {"name": "cat.png"}, "image/png", data=image),
            NewAttachment(0, "file", {"name": "report.pdf"}, note="not in the export"),
        ],
    )
    return image


async def test_attachments_are_listed_on_the_message_and_saved_from_their_screen(
    store, make_app, tmp_path, monkeypatch
):
    image = _with_attachments(store)
    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one(ConversationList).focus()
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(pilot)
        assert "cat.png  image/png, 2.0 KB" in text
        assert "report.pdf  not stored: not in the export" in text
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, AttachmentsScreen)
        assert "cat.png  image/png, 2.0 KB" in screen_text(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert (tmp_path / "cat.png").read_bytes() == image
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


def test_a_saved_attachment_never_overwrites_and_its_name_is_made_safe(tmp_path):
    (tmp_path / "cat.png").write_bytes(b"x")
    assert free_path(tmp_path, "cat.png") == tmp_path / "cat (2).png"
    assert free_path(tmp_path, "../../etc/passwd") == tmp_path / "_.._etc_passwd"
    assert free_path(tmp_path, "\x1b[31mred.txt").name == "_[31mred.txt"


async def test_an_image_previews_inline_or_says_why_not(store, make_app):
    import io

    from tui.screens.attachments import NO_PREVIEW, preview_available

    try:
        from PIL import Image as PILImage
    except ImportError:
        picture = b"\x89PNG\r\n\x1a\n" + os.urandom(100)
    else:
        buffer = io.BytesIO()
        PILImage.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
        picture = buffer.getvalue()
    store.import_or_extend(
        [
            NewMessage(
                raw={"id": "u1", "role": "user", "content": "a red square"},
                provider="openai",
                model="gpt-4o",
                format="openai-chat",
            )
        ],
        title="Red",
        metadata={"source_id": "test:tui-preview"},
        attachments=[NewAttachment(0, "image", {"name": "red.png"}, "image/png", data=picture)],
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one(ConversationList).focus()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        preview = app.screen.query_one("#attachments-preview")
        if not preview_available():
            assert "Image preview is not supported here" in screen_text(pilot)
            assert NO_PREVIEW.startswith("Image preview is not supported here")
        else:
            from textual_image.widget import Image

            assert len(preview.query(Image)) == 1
            assert "Image preview is not supported" not in screen_text(pilot)
