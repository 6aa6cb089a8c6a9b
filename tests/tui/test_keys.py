"""Every key of the app, driven through Textual's pilot against the real (seeded) store."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from textual.command import CommandPalette
from textual.widgets import Input

from tests.tui.helpers import Notices, screen_text, settle
from tests.tui.seed import NOW
from tui.screens.confirm import ConfirmDialog
from tui.screens.export import ExportDialog
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.payload import PayloadScreen
from tui.screens.rename import RenameDialog
from tui.screens.trash import TrashScreen
from tui.screens.view_picker import ViewPicker
from tui.widgets.conversation_list import ConversationList
from tui.widgets.json_view import JsonView
from tui.widgets.message import Fold, MessageView
from tui.widgets.message_pane import MessagePane
from tui.widgets.search_results import SearchResults

pytestmark = pytest.mark.anyio

SIZE = (120, 36)
# The seeded archive, newest update first (see tests/tui/seed.py).
ORDER = [
    "Largest city in the user's country",
    "Counting the r's in strawberry",
    "Weather in San Francisco",
    "Crossing a river",
    "OpenAI reasoning summary",
    "Who are you, really?",
    "Weather in London (AI SDK)",
    "How photosynthesis works",
    "LLM Pricing Calculator",
    "Redacted thinking",
]


def main(app) -> MainScreen:
    screen = app.screen_stack[1] if len(app.screen_stack) > 1 else app.screen
    assert isinstance(screen, MainScreen)
    return screen


def listed(app) -> ConversationList:
    return main(app).conversations


def current_title(app) -> str:
    row = listed(app).highlighted
    assert row is not None
    return row.display_title


async def open_title(pilot, title: str) -> None:
    """Move the list cursor to `title` and open it with enter."""
    await settle(pilot)
    conversations = listed(pilot.app)
    conversations.focus()
    conversations.cursor = ORDER.index(title)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def test_list_shows_every_conversation_newest_first(seeded, make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        conversations = listed(app)
        assert conversations.total == len(ORDER)
        assert conversations.border_title == "Conversations (10)"
        assert [conversations.pages.row(i).display_title for i in range(10)] == ORDER
        text = screen_text(pilot)
        assert "2 hours ago" in text and "1 year ago" in text
        assert "deepseek · deepseek-reasoner" in text
        assert "Who are you, really?" in text  # untitled: the first prompt stands in


async def test_list_movement_keys(seeded, make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        conversations = listed(app)
        assert conversations.has_focus and conversations.cursor == 0
        await pilot.press("j")
        assert conversations.cursor == 1
        await pilot.press("down", "down")
        assert conversations.cursor == 3
        await pilot.press("k")
        assert conversations.cursor == 2
        await pilot.press("up")
        assert conversations.cursor == 1
        await pilot.press("G")
        assert conversations.cursor == 9
        await pilot.press("g")
        assert conversations.cursor == 0
        await pilot.press("end")
        assert conversations.cursor == 9
        await pilot.press("home")
        assert conversations.cursor == 0
        await pilot.press("pagedown")
        page = conversations.cursor
        assert page > 1
        await pilot.press("pageup")
        assert conversations.cursor == 0
        await pilot.press("k")  # stays in range
        assert conversations.cursor == 0
        assert conversations.border_subtitle == "1 / 10"


async def test_enter_opens_the_conversation(seeded, make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_title(pilot, "Counting the r's in strawberry")
        screen = main(app)
        assert screen.open_summary is not None
        assert screen.open_summary.display_title == "Counting the r's in strawberry"
        pane = screen.messages
        assert pane.has_focus
        assert len(pane.query(MessageView)) >= 2
        text = screen_text(pilot)
        assert "threadkeep" in text and "view: Original" in text
        assert "deepseek-reasoner" in text


async def test_click_on_a_row_opens_it(seeded, make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click(ConversationList, offset=(5, 3))  # the second row (two lines each)
        await settle(pilot)
        assert main(app).open_summary.display_title == ORDER[1]


async def test_message_pane_keys(store, make_app):
    from tests.tui.helpers import long_conversation

    long_conversation(store, 300)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        pane = main(app).messages
        assert pane.has_focus
        # j/k move the message cursor (issue 13); the arrows scroll a line.
        await pilot.press("down", "down")
        assert pane.scroll_y == 2
        await pilot.press("up")
        assert pane.scroll_y == 1
        await pilot.press("j", "j")
        assert pane.cursor is not None and pane.cursor.has_class("-cursor")
        pane.scroll_to(y=1, animate=False, immediate=True)
        await pilot.press("down")
        assert pane.scroll_y == 2
        await pilot.press("up")
        assert pane.scroll_y == 1
        await pilot.press("pagedown")
        assert pane.scroll_y > 10
        await pilot.press("pageup")
        assert pane.scroll_y < 10
        await pilot.press("G")
        await settle(pilot)
        await pilot.pause(0.1)
        assert pane.hi == 300
        assert "message number 299" in screen_text(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert pane.lo == 0
        assert "message number 0" in screen_text(pilot)
        await pilot.press("end")
        await settle(pilot)
        assert pane.hi == 300
        await pilot.press("home")
        await settle(pilot)
        assert pane.lo == 0


async def test_tab_and_escape_move_between_panes(seeded, make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_title(pilot, ORDER[0])
        assert main(app).messages.has_focus
        await pilot.press("escape")
        assert listed(app).has_focus


async def test_search_finds_highlights_and_escape_returns(seeded, make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        search = main(app).search_input
        assert search.has_focus and search.display
        await pilot.press(*"strawb")
        await settle(pilot)
        await pilot.pause(0.3)
        await settle(pilot)
        results = main(app).results
        assert results.display
        assert results.hits, "typing a prefix finds it (as-you-type search)"
        assert {hit.title for hit in results.hits} == {"Counting the r's in strawberry"}
        # Matches are highlighted from the store's snippet markers.
        prompt = results.get_option_at_index(0).prompt
        assert any("reverse" in str(span.style) for span in prompt.spans)
        await pilot.press("down")
        assert results.has_focus
        await pilot.press("enter")
        await settle(pilot)
        assert main(app).open_summary.display_title == "Counting the r's in strawberry"
        await pilot.press("escape")
        await settle(pilot)
        assert not search.display and search.value == ""
        assert listed(app).display and listed(app).has_focus
        assert not results.hits


async def test_search_drops_stale_results(seeded, make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        search = main(app).search
        # An answer for a query that typing has since replaced is never shown.
        search._search_token = 5
        search.run_search("strawberry", 4)
        await settle(pilot)
        assert not search.results.hits
        search.run_search("strawberry", 5)
        await settle(pilot)
        assert search.results.hits


async def test_search_with_no_match_and_enter_from_field(seeded, make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"photosynthesis")
        await pilot.pause(0.3)
        await settle(pilot)
        results = main(app).results
        assert results.hits
        await pilot.press("enter")
        assert results.has_focus
        await pilot.press("escape")
        await pilot.press("slash", *"zzzqqqxxx")
        await pilot.pause(0.3)
        await settle(pilot)
        assert results.hits == []
        assert results.border_title == "Search: 0 results"


async def test_rename_saves_and_updates_list_and_header(seeded, make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_title(pilot, "Crossing a river")
        await pilot.press("r")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RenameDialog)
        field = dialog.query_one(Input)
        assert field.value == "Crossing a river"
        field.value = "Fording rivers"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert store.get_conversation(seeded["gemini"]).title == "Fording rivers"
        assert main(app).open_summary.display_title == "Fording rivers"
        row = listed(app).pages.row(3)
        assert row.display_title == "Fording rivers"
        # Renaming is not activity: the row keeps its time and its place under the cursor.
        assert row.updated_at == NOW - timedelta(days=2)
        assert listed(app).cursor == 3
        text = screen_text(pilot)
        assert "Fording rivers" in text
        assert "2 days ago" in text and "just now" not in text


async def test_f2_renames_the_highlighted_row_and_escape_cancels(seeded, make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "f2")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RenameDialog)
        assert dialog.query_one(Input).value == ORDER[1]
        dialog.query_one(Input).value = "Something else"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert store.get_conversation(seeded["deepseek"]).title == ORDER[1]


async def test_rename_errors_show_inside_the_dialog(seeded, make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        dialog = app.screen
        field = dialog.query_one(Input)
        field.value = "x" * 300
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        assert "at most 255 characters" in screen_text(pilot)
        await pilot.press("escape")
        assert store.get_conversation(seeded["anthropic"]).title == ORDER[0]


async def test_delete_confirms_then_undo_restores(seeded, make_app, store):
    notices = Notices()
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        await settle(pilot)
        await pilot.press("j", "d")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "Counting the r's in strawberry" in screen_text(pilot)
        await pilot.press("enter")  # the Delete button has focus
        await settle(pilot)
        assert store.get_conversation(seeded["deepseek"]).deleted_at is not None
        assert listed(app).total == 9
        assert "Press u to undo" in notices.last
        assert listed(app).highlighted.display_title == ORDER[2]
        await pilot.press("u")
        await settle(pilot)
        assert store.get_conversation(seeded["deepseek"]).deleted_at is None
        assert listed(app).total == 10
        assert "Restored" in notices.last
        assert listed(app).highlighted.display_title == ORDER[1]
        await pilot.press("u")
        assert "Nothing to undo" in notices.last


async def test_undoing_the_delete_of_the_open_conversation_opens_it_again(seeded, make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_title(pilot, "Counting the r's in strawberry")
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert main(app).open_summary is None
        assert "Deleted. Press u to undo." in screen_text(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert main(app).open_summary.display_title == "Counting the r's in strawberry"
        assert "Deleted. Press u to undo." not in screen_text(pilot)
        assert "deepseek-reasoner" in screen_text(pilot)


async def test_delete_key_and_cancelling(seeded, make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("tab", "enter")  # Cancel
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert store.count_conversations() == 10
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert store.count_conversations() == 9


async def test_deleting_the_open_conversation_clears_the_pane(seeded, make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_title(pilot, ORDER[0])
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert main(app).open_summary is None
        assert "Deleted. Press u to undo." in screen_text(pilot)


async def test_trash_restores_and_purges(seeded, make_app, store):
    store.delete(seeded["claude"])
    store.delete(seeded["redacted"])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        trash = app.screen
        assert isinstance(trash, TrashScreen)
        assert trash.trash.total == 2
        assert "deleted" in screen_text(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert trash.trash.total == 1
        assert store.count_conversations() == 9
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # Cancel has the focus for a purge
        await settle(pilot)
        assert store.count_conversations(trash=True) == 1
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert store.count_conversations(trash=True) == 0
        assert "The trash is empty." in screen_text(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert listed(app).total == 9


async def test_trash_u_d_delete_and_empty(seeded, make_app, store):
    for name in ("claude", "redacted", "openrouter"):
        store.delete(seeded[name])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("T")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert store.count_conversations(trash=True) == 2
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("escape")
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert store.count_conversations(trash=True) == 1
        store.delete(seeded["gemini"])
        await pilot.press("X")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert store.count_conversations(trash=True) == 0


async def test_reasoning_tools_and_hidden_nodes_fold(seeded, make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_title(pilot, "How photosynthesis works")
        pane = main(app).messages
        hidden = [view for view in pane.query(MessageView) if view.shown.hidden]
        assert hidden and not any(view.display for view in hidden)
        await pilot.press("h")
        await settle(pilot)
        assert all(view.display for view in hidden)
        await pilot.press("h")
        assert not any(view.display for view in hidden)
        assert not pane.reasoning_open
        await pilot.press("t")
        assert pane.reasoning_open
        assert all(f.open for f in pane.query(Fold) if f.kind == "reasoning")
        await pilot.press("t")
        assert not pane.reasoning_open
        await pilot.press("o")
        assert pane.tools_open
        assert all(f.open for f in pane.query(Fold) if f.kind == "tool")
        await pilot.press("o")
        assert not pane.tools_open


async def test_p_cycles_views_and_remembers_them(seeded, make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_title(pilot, ORDER[0])
        screen = main(app)
        assert screen.view == "original"
        await pilot.press("p")
        await settle(pilot)
        assert screen.view == "openai-responses"
        assert "view: OpenAI Responses" in screen_text(pilot)
        await pilot.press("p", "p")
        await settle(pilot)
        assert screen.view == "anthropic"
        assert store.get_conversation(seeded["anthropic"]).metadata["view"] == "anthropic"
        # Gemini, DeepSeek, AI SDK, then back to the start.
        for _ in range(4):
            await pilot.press("p")
        await settle(pilot)
        assert screen.view == "original"
    # Opening it again later starts in the remembered view.
    store.update_metadata(seeded["anthropic"], {"view": "gemini"})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_title(pilot, ORDER[0])
        assert main(app).view == "gemini"
        assert "view: Gemini" in screen_text(pilot)


async def test_P_picks_a_view(seeded, make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_title(pilot, ORDER[1])
        await pilot.press("P")
        await settle(pilot)
        assert isinstance(app.screen, ViewPicker)
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        assert main(app).view == "openai-chat"
        await pilot.press("P")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert main(app).view == "openai-chat"


async def test_v_shows_the_payload_and_y_copies_it(seeded, make_app, store):
    notices = Notices()
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        await open_title(pilot, ORDER[1])
        await pilot.press("v")
        await settle(pilot)
        payload = app.screen
        assert isinstance(payload, PayloadScreen)
        stored = [m.raw for m in store.load_messages(seeded["deepseek"])]
        assert json.loads(payload.query_one(JsonView).text) == stored
        await pilot.press("y")
        assert json.loads(app.clipboard) == stored
        assert "Copied" in notices.last
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        app.copy_to_clipboard("")
        await pilot.press("y")
        await settle(pilot)
        assert json.loads(app.clipboard) == stored


async def test_e_exports_and_never_overwrites(seeded, make_app, store, tmp_path):
    notices = Notices()
    app = make_app()
    target = tmp_path / "out.json"
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        await open_title(pilot, ORDER[1])
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#export-path", Input).value = str(target)
        dialog.query_one("#export-path", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        # The very document `threadkeep export --as json` writes.
        stored = [m.raw for m in store.load_messages(seeded["deepseek"])]
        document = json.loads(target.read_text())
        assert [m["raw"] for m in document["messages"]] == stored
        assert document["conversation"]["title"] == ORDER[1]
        assert "Exported to" in notices.last
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        assert "already exists" in screen_text(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        # In the Anthropic view, the dialog offers the Anthropic request and writes it.
        await pilot.press("p", "p", "p")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        assert dialog.query_one("#export-format").value == "anthropic"
        request = tmp_path / "anthropic.json"
        dialog.query_one("#export-path", Input).value = str(request)
        await pilot.press("ctrl+s")
        await settle(pilot)
        expected = store.load_conversation(seeded["deepseek"], "anthropic").payload
        assert json.loads(request.read_text()) == expected


async def test_help_lists_every_binding(seeded, make_app):
    app = make_app()
    async with app.run_test(size=(120, 200)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(pilot)
        from tui.app import help_sections

        for _title, bindings in help_sections():
            for binding in bindings:
                assert binding.description in text, binding
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("question_mark")
        await pilot.press("question_mark")
        assert isinstance(app.screen, MainScreen)


async def test_palette_offers_every_action(seeded, make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_title(pilot, ORDER[0])
        screen = main(app)
        titles = {command.title for command in app.get_system_commands(screen)}
        for binding in MainScreen.BINDINGS:
            assert binding.description in titles, binding.description
        assert {"Quit", "Theme", "Help"} <= titles
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert CommandPalette.is_open(app)
        await pilot.press(*"Trash")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TrashScreen)


async def test_palette_runs_an_action_on_the_main_screen(seeded, make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        # The focused widget's actions are there too, named after the widget.
        command = next(
            c for c in app.get_system_commands(screen) if c.title == "Conversation list: Open"
        )
        await command.callback()
        await settle(pilot)
        assert screen.open_summary.display_title == ORDER[0]
        command = next(c for c in app.get_system_commands(screen) if c.title == "Rename")
        await command.callback()
        await settle(pilot)
        assert isinstance(app.screen, RenameDialog)


async def test_ctrl_t_opens_the_theme_picker(seeded, make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert CommandPalette.is_open(app)


async def test_q_quits(seeded, make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_f5_reads_the_archive_again(store, make_app):
    from tests.tui.helpers import long_conversation

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "threadkeep import PATH" in screen_text(pilot)
        assert "threadkeep demo" in screen_text(pilot)
        long_conversation(store, 3, title="Imported meanwhile")
        await pilot.press("f5")
        await settle(pilot)
        assert listed(app).total == 1
        assert "Imported meanwhile" in screen_text(pilot)


async def test_search_results_keys(seeded, make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"weather")
        await pilot.pause(0.3)
        await settle(pilot)
        results = main(app).results
        assert len(results.hits) >= 2
        results.focus()
        await pilot.press("j")
        assert results.highlighted == 1
        await pilot.press("k")
        assert results.highlighted == 0
        await pilot.press("G")
        assert results.highlighted == len(results.hits) - 1
        await pilot.press("g")
        assert results.highlighted == 0
        # Rename from the results acts on the highlighted hit's conversation.
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, RenameDialog)
        await pilot.press("escape")
        assert isinstance(app.screen.query_one(SearchResults), SearchResults)


async def test_pane_keeps_a_bounded_window(store, make_app):
    """A long conversation mounts a window, loads more on scroll, unmounts far records.

    Scrolled by the pane's own scroll_end/scroll_home, each of which brings the next chunk
    in, rather than by a hundred page keys (the keys themselves are tested above).
    """
    from tests.tui.helpers import long_conversation
    from tui.widgets.message_window import FIRST_CHUNK, MAX_MOUNTED

    long_conversation(store, 1000)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        pane: MessagePane = main(app).messages
        assert pane.lo == 0 and FIRST_CHUNK <= pane.hi < 1000
        for _ in range(40):
            if pane.hi > 200:
                break
            pane.scroll_end(animate=False, immediate=True)
            await settle(pilot)
            assert pane.mounted <= MAX_MOUNTED
        assert pane.hi > 200
        assert pane.mounted <= MAX_MOUNTED
        assert pane.lo > 0
        for _ in range(40):
            if pane.lo == 0:
                break
            pane.scroll_home(animate=False, immediate=True)
            await settle(pilot)
            assert pane.mounted <= MAX_MOUNTED
        assert pane.lo == 0
        assert pane.mounted <= MAX_MOUNTED
        pane.scroll_home(animate=False, immediate=True)
        await settle(pilot)
        assert "message number 0" in screen_text(pilot)


async def test_the_remaining_dialog_and_pane_keys(seeded, make_app, store):
    from tests.tui.helpers import long_conversation

    long_conversation(store, 60, title="Paged")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # "Paged" is the newest
        await settle(pilot)
        pane = main(app).messages
        # space folds the block under the message cursor now (issue 13); pagedown pages.
        await pilot.press("pagedown")
        assert pane.scroll_y > 10
        # The view picker moves with j and k too.
        await pilot.press("P")
        await settle(pilot)
        picker = app.screen
        await pilot.press("j", "j", "k")
        await pilot.press("enter")
        await settle(pilot)
        assert main(app).view == "openai-responses"
        assert picker is not app.screen
        # The payload closes with v as well as esc.
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, PayloadScreen)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        # The confirmation's buttons switch with the arrow keys and h/l.
        await pilot.press("d")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        yes, no = dialog.query_one("#confirm-yes"), dialog.query_one("#confirm-no")
        assert yes.has_focus
        await pilot.press("right")
        assert no.has_focus
        await pilot.press("left")
        assert yes.has_focus
        await pilot.press("l")
        assert no.has_focus
        await pilot.press("h")
        assert yes.has_focus
        await pilot.press("l", "enter")  # Cancel
        await settle(pilot)
        assert store.count_conversations() == 11
        # Help scrolls with j/k and closes with q (not quitting the app).
        await pilot.press("question_mark")
        await settle(pilot)
        help_box = app.screen.query_one("#help-box")
        await pilot.press("j", "j")
        assert help_box.scroll_y > 0
        await pilot.press("k")
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.is_running


async def test_payload_view_keys(seeded, make_app):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await open_title(pilot, "How photosynthesis works")
        await pilot.press("v")
        await settle(pilot)
        view = app.screen.query_one(JsonView)
        assert view.has_focus and view.line_count > 40
        await pilot.press("j", "j", "down")
        assert view.scroll_y == 3
        await pilot.press("k", "up")
        assert view.scroll_y == 1
        await pilot.press("pagedown")
        assert view.scroll_y > 10
        await pilot.press("pageup")
        assert view.scroll_y == 1
        await pilot.press("space")
        assert view.scroll_y > 10
        await pilot.press("G")
        assert view.scroll_y == view.max_scroll_y
        await pilot.press("g")
        assert view.scroll_y == 0
        await pilot.press("end")
        assert view.scroll_y == view.max_scroll_y
        await pilot.press("home")
        assert view.scroll_y == 0
        await pilot.press("l", "right")
        assert view.scroll_x == 8
        await pilot.press("h", "left")
        assert view.scroll_x == 0
        # What is drawn is the text, line for line.
        assert view.line(0) == "["
        assert "1 [" in screen_text(pilot)
