"""Undo and the trash are one history; the trash previews; dialogs name what they act on."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Input, Select

from tests.tui.helpers import Notices, screen_text, settle
from tests.tui.test_keys import ORDER, listed, main, open_title
from tui.screens.export import ExportDialog
from tui.screens.main import MainScreen
from tui.screens.rename import RenameDialog
from tui.screens.trash import TrashScreen
from tui.widgets.message import MessageView

pytestmark = pytest.mark.anyio
SIZE = (120, 36)
DELETED_NOTE = "Deleted. Press u to undo."


async def delete_open(pilot) -> None:
    await pilot.press("d")
    await settle(pilot)
    await pilot.press("y")
    await settle(pilot)
    assert DELETED_NOTE in screen_text(pilot)


async def test_restoring_from_the_trash_updates_the_pane(seeded, make_app, store):
    notices = Notices()
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        await open_title(pilot, ORDER[1])
        await delete_open(pilot)
        await pilot.press("T")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert DELETED_NOTE not in screen_text(pilot)
        assert main(app).open_summary.id == seeded["deepseek"]
        await pilot.press("u")
        await settle(pilot)
        assert "Nothing to undo" in notices.last


async def test_a_purge_in_the_trash_ends_the_undo(seeded, make_app, store):
    notices = Notices()
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        await open_title(pilot, ORDER[1])
        await delete_open(pilot)
        await pilot.press("T")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        text = screen_text(pilot)
        assert DELETED_NOTE not in text and "gone for good" in text
        await pilot.press("u")
        await settle(pilot)
        assert "Nothing to undo" in notices.last


async def test_undo_after_a_purge_elsewhere_says_it_is_gone(seeded, make_app, store):
    notices = Notices()
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        await open_title(pilot, ORDER[1])
        await delete_open(pilot)
        store.purge(seeded["deepseek"])  # `threadkeep` in another terminal, say
        await pilot.press("u")
        await settle(pilot)
        assert "gone for good" in notices.last
        assert "no conversation with id" not in " ".join(notices.messages)
        assert DELETED_NOTE not in screen_text(pilot)


async def test_the_trash_previews_the_highlighted_conversation(seeded, make_app, store):
    store.delete(seeded["deepseek"])
    store.delete(seeded["gemini"])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        trash = app.screen
        assert isinstance(trash, TrashScreen)
        preview = trash.preview
        assert preview.summary.id == trash.trash.highlighted.id
        assert preview.query(MessageView)
        assert "strawberry" in screen_text(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert preview.summary.id == seeded["gemini"]
        assert "cross a river" in screen_text(pilot)
        assert trash.trash.has_focus  # read-only: the keys stay with the list


# --- dialogs ---------------------------------------------------------------------------------


async def test_export_focuses_the_format_and_names_the_file_after_the_title(
    seeded, make_app, store, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_title(pilot, "Counting the r's in strawberry")
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert isinstance(app.focused, Select)
        assert "Counting the r's in strawberry" in screen_text(pilot)
        path = dialog.query_one("#export-path", Input)
        assert path.value == str(tmp_path / "Counting-the-rs-in-strawberry.json")
        # Enter on the format opens the choice; it never writes at once.
        await pilot.press("enter")
        await settle(pilot)
        assert not list(tmp_path.iterdir())
        await pilot.press("escape")
        dialog.query_one("#export-format", Select).value = "markdown"
        await settle(pilot)
        assert path.value == str(tmp_path / "Counting-the-rs-in-strawberry.md")
        # An edited path still follows the format's extension.
        path.value = str(tmp_path / "mine" / "notes.md")
        dialog.query_one("#export-format", Select).value = "openai-chat"
        await settle(pilot)
        assert path.value == str(tmp_path / "mine" / "notes.json")
        path.value = str(tmp_path / "notes.json")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert json.loads((tmp_path / "notes.json").read_text())
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#export-path", Input).value = str(tmp_path / "notes.json")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "already exists" in screen_text(pilot)


def test_file_names_from_titles_are_safe():
    from tui.screens.export import file_stem

    assert file_stem("Counting the r's in strawberry", "abc") == "Counting-the-rs-in-strawberry"
    assert file_stem("../../etc/passwd", "abc") == "etc-passwd"
    assert file_stem("CON", "abc") == "CON-abc"
    assert file_stem("", "abc") == "threadkeep-abc"
    assert file_stem('🙂 / \\ : * ? " < > |', "abc") == "threadkeep-abc"
    assert file_stem("x" * 300, "abc") == "x" * 60
    assert file_stem("Café au lait", "abc") == "Café-au-lait"


async def test_rename_keeps_the_place_and_a_blank_title_returns_to_the_automatic_one(
    seeded, make_app, store
):
    app = make_app()
    before = store.get_conversation(seeded["gemini"]).updated_at
    async with app.run_test(size=SIZE) as pilot:
        await open_title(pilot, "Crossing a river")
        await pilot.press("r")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RenameDialog)
        assert "Crossing a river" in screen_text(pilot)
        dialog.query_one(Input).value = ""
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        stored = store.get_conversation(seeded["gemini"])
        assert stored.title is None and stored.updated_at == before
        assert listed(app).pages.row(3).display_title == "How do I cross a river safely?"
        assert main(app).open_summary.display_title == "How do I cross a river safely?"
        assert "How do I cross a river safely?" in screen_text(pilot)
