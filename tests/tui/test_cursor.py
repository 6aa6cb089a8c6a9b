"""Inside a conversation: the message cursor, copying a message or a code block, folding, find."""

from __future__ import annotations

import pytest

from store import NewMessage
from tests.tui.helpers import Notices, long_conversation, settle
from tui.widgets.message import Fold, MessageView

pytestmark = pytest.mark.anyio

CODE = "def add(a, b):\n    return a + b"
REPLY = f"Here you go:\n\n```python\n{CODE}\n```\n\nThat is all."


@pytest.fixture(autouse=True)
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _with_code(store):
    thinking = "<antThinking>A small function will do.</antThinking>\n"
    return store.import_conversation(
        [
            NewMessage({"role": "user", "content": "write add"}, "openai", "gpt-4o", "openai-chat"),
            NewMessage(
                {"role": "assistant", "content": thinking + REPLY},
                "openai",
                "gpt-4o",
                "openai-chat",
            ),
        ],
        title="code",
    )


async def _open(pilot):
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    return pilot.app.screen.messages


async def test_brackets_move_a_visible_cursor_between_messages(store, make_app):
    _with_code(store)
    async with make_app().run_test(size=(120, 36)) as pilot:
        pane = await _open(pilot)
        await pilot.press("right_square_bracket")
        views = list(pane.query_children(MessageView))
        assert pane.cursor is not None and pane.cursor.has_class("-cursor")
        assert pane.cursor.parent is views[0]
        await pilot.press("right_square_bracket")
        assert pane.cursor.parent is views[1]
        assert not views[0].query(".-cursor")
        await pilot.press("left_square_bracket")
        assert pane.cursor.parent is views[0]


async def test_c_copies_the_message_and_says_where_it_went(store, make_app, cache_dir):
    _with_code(store)
    notices = Notices()
    async with make_app().run_test(size=(120, 36), message_hook=notices) as pilot:
        await _open(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket", "c")
        assert REPLY in pilot.app.clipboard
    saved = cache_dir / "threadkeep" / "clipboard.txt"
    assert REPLY in saved.read_text()
    assert str(saved) in notices.last


async def test_shift_c_copies_the_code_block_under_the_cursor(store, make_app):
    _with_code(store)
    async with make_app().run_test(size=(120, 36)) as pilot:
        pane = await _open(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")
        pane.focus()
        # j walks the blocks: the thinking fold, the prose, then the code block.
        await pilot.press("j", "j", "j")
        assert getattr(pane.cursor, "code", None) == CODE
        await pilot.press("C")
        assert pilot.app.clipboard == CODE


async def test_enter_folds_the_part_under_the_cursor(store, make_app):
    _with_code(store)
    async with make_app().run_test(size=(120, 36)) as pilot:
        pane = await _open(pilot)
        pane.focus()
        await pilot.press("right_square_bracket", "right_square_bracket", "j")
        fold = pane.cursor
        assert isinstance(fold, Fold) and not fold.open
        await pilot.press("enter")
        assert fold.open
        await pilot.press("space")
        assert not fold.open


async def test_ctrl_f_finds_far_into_a_long_conversation(store, make_app):
    long_conversation(store, 300)
    async with make_app().run_test(size=(120, 36)) as pilot:
        pane = await _open(pilot)
        await pilot.press("ctrl+f", *"number 250")
        await pilot.pause(0.3)
        await settle(pilot)
        assert pane.cursor is not None and pane.cursor.has_class("-cursor")
        view = pane.cursor.parent
        assert isinstance(view, MessageView) and view.shown.record == 250
        assert "1/1" in str(pilot.app.screen.query_one("#find-status").render())
        await pilot.press("backspace", "backspace", "backspace")
        await pilot.pause(0.3)
        await settle(pilot)
        first = pane.cursor.parent.shown.record
        await pilot.press("enter")
        await settle(pilot)
        assert pane.cursor.parent.shown.record != first
        await pilot.press("up")
        await settle(pilot)
        assert pane.cursor.parent.shown.record == first


def test_the_readme_key_table_names_the_new_keys():
    from pathlib import Path

    from tui import keys

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    table = readme[readme.index("| key | where | action |") :]
    table = table[: table.index("\n\n")]
    for binding_id in (
        "main.next-message",
        "main.previous-message",
        "main.copy-message",
        "main.copy-code",
        "main.find",
        "main.list-wider",
        "main.list-narrower",
        "main.list-hide",
        "messages.next-stop",
        "messages.fold",
        "main.next-branch",
    ):
        for key in keys.key_label(keys.REGISTRY[binding_id].keys).split(" / "):
            assert f"`{key}`" in table, (binding_id, key)


async def test_b_switches_chatgpt_branches_and_says_which(store, make_app):
    from store.importers.runner import import_paths
    from tests.conftest import EXPORT_FIXTURES
    from tests.tui.helpers import screen_text

    import_paths(store, [EXPORT_FIXTURES / "chatgpt_export_2023_subset.json"])
    target = next(
        c for c in store.list_conversations(limit=100) if c.display_title.startswith("Oscar")
    )
    async with make_app().run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        screen.open_conversation(target.id)
        await settle(pilot)
        stored = [v.shown.parts for v in screen.messages.query_children(MessageView)]
        await pilot.press("b")
        await settle(pilot)
        assert "Branch 1/2" in screen_text(pilot)
        other = [v.shown.parts for v in screen.messages.query_children(MessageView)]
        assert other != stored
        await pilot.press("b")
        await settle(pilot)
        assert "Branch 2/2 (the one ChatGPT showed last)" in screen_text(pilot)
        back = [v.shown.parts for v in screen.messages.query_children(MessageView)]
        assert back == stored


async def test_ctrl_f_in_a_provider_view_finds_in_what_it_shows(store, make_app):
    _with_code(store)
    async with make_app().run_test(size=(120, 36)) as pilot:
        pane = await _open(pilot)
        pilot.app.screen.conversation.set_view("anthropic")
        await settle(pilot)
        assert pane.translated is not None
        await pilot.press("ctrl+f", *"return a")
        await pilot.pause(0.3)
        await settle(pilot)
        assert pane.cursor is not None
        assert getattr(pane.cursor, "code", None) == CODE
        assert pane.cursor.parent.shown.translated
