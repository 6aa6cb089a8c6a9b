"""Untrusted text stays text: never markup, never a terminal escape, never an action.

Titles, model names, message bodies, tool names and JSON all come from outside. The
corpus below goes everywhere the app shows text (list rows, header, messages, search
snippets, dialogs, notifications, the payload view); each must show literally, the
rendered output must hold no character a terminal obeys, and no action may run.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from textual.widgets import Input

from store import NewMessage
from tests.tui.helpers import Notices, screen_text, settle
from tui.screens.confirm import ConfirmDialog
from tui.screens.payload import PayloadScreen
from tui.screens.rename import RenameDialog
from tui.widgets.json_view import JsonView
from tui.widgets.safe import clean, clean_line, json_text

pytestmark = pytest.mark.anyio

MARKUP = [
    "[bold]x[/bold]",
    "[/]",
    "[@click=app.quit]quit[/]",
    "[b",
    "[link=https://x.test]y[/link]",
]
ESCAPES = [
    "\x1b[31mred\x1b[0m",
    "\x1b[2J\x1b[Hcleared",
    "\x1b]52;c;ZXZpbCBjbGlwYm9hcmQ=\x07osc52",
    "\x1b]8;;https://evil.test\x1b\\link\x1b]8;;\x1b\\",
    "\x9b31mc1-csi",
    "bell\x07 backspace\x08 del\x7f",
]
BIDI = ["abc\u202edcba", "\u2066isolate\u2069", "\u202aembed\u202c"]
CORPUS = MARKUP + ESCAPES + BIDI
BIDI_CHARS = [
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
]
# Characters no rendered frame may contain: they start, or are, terminal controls.
FORBIDDEN = ["\x1b", "\x07", "\x08", "\x7f", "\x9b", *BIDI_CHARS]
SIZE = (160, 50)


def test_clean_makes_every_control_visible_and_inert():
    for text in CORPUS:
        for cleaned in (clean(text), clean_line(text)):
            for char in FORBIDDEN:
                assert char not in cleaned, (text, cleaned)
    assert clean("\x1b[31mred") == "␛[31mred"
    assert clean("a\r\nb\rc") == "a\nb␍c"
    assert clean_line("one\ntwo\u2028three") == "one two three"
    for text in MARKUP:
        assert clean(text) == text  # markup characters are not controls: kept as typed


def test_json_text_escapes_controls_but_keeps_the_value():
    value = {"text": "".join(CORPUS), "model": "\u202egpt"}
    shown = json_text(value)
    for char in FORBIDDEN:
        assert char not in shown
    assert json.loads(shown) == value


def _seed_corpus(store) -> None:
    now = datetime(2025, 6, 10, 11, 0, tzinfo=UTC)
    for i, text in enumerate(CORPUS):
        model = text[:100]
        at = now - timedelta(minutes=i + 10)
        store.import_conversation(
            [
                NewMessage(
                    {"role": "user", "content": text}, "openai", model, "openai-chat", created_at=at
                ),
                NewMessage(
                    {
                        "role": "assistant",
                        "content": f"reply {text}",
                        "tool_calls": [
                            {
                                "id": "call_1",
                                "type": "function",
                                "function": {"name": text, "arguments": json.dumps({"q": text})},
                            }
                        ],
                    },
                    "openai",
                    model,
                    "openai-chat",
                    created_at=at,
                ),
            ],
            title=f"{text} title",
            created_at=at,
        )
    store.import_conversation(
        [
            NewMessage(
                {"role": "user", "content": "megabyte " + "x" * 1_000_000},
                "openai",
                "gpt-4o",
                "openai-chat",
                created_at=now - timedelta(days=1),
            )
        ],
        title="One megabyte line",
        created_at=now - timedelta(days=1),
    )


def _assert_inert(pilot) -> None:
    svg = pilot.app.export_screenshot()
    for char in FORBIDDEN:
        assert char not in svg, repr(char)
    # No markup was obeyed: quitting would have ended the app.
    assert pilot.app.is_running


async def test_corpus_shows_literally_everywhere(store, make_app):
    _seed_corpus(store)
    notices = Notices()
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        await settle(pilot)
        listing = app.screen.query_one("#conversations")
        assert listing.total == len(CORPUS) + 1
        text = screen_text(pilot)
        for item in MARKUP:
            assert f"{item} title" in text, item
        # The store already strips control characters from titles; the rest is left.
        assert "[31mred[0m title" in text
        assert "osc52" in text
        _assert_inert(pilot)
        # Every conversation opened in turn: header, message headers (model), bodies, JSON.
        for index in range(len(CORPUS)):
            listing.cursor = index
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            _assert_inert(pilot)
            shown = screen_text(pilot)
            item = listing.highlighted.title.removesuffix(" title")
            if item in MARKUP:
                assert item in shown
            elif "red" in item:
                # Model names and bodies keep their escapes, shown as inert pictures.
                assert "␛[31mred␛[0m" in shown
            await pilot.press("escape")
        # Clicking where "[@click=app.quit]" is shown runs nothing (the row opens, that is all).
        action = "[@click=app.quit]quit[/] title"
        row = next(i for i in range(listing.total) if listing.pages.row(i).title == action)
        listing.cursor = row
        await settle(pilot)
        await pilot.click(
            "#conversations", offset=(4, 1 + 2 * (row - listing.scroll_offset.y // 2))
        )
        await settle(pilot)
        await pilot.click("#header-title", offset=(2, 0))
        await settle(pilot)
        _assert_inert(pilot)
        listing.focus()
        listing.cursor = row
        # Dialogs and notifications name the conversation literally too.
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, RenameDialog)
        assert app.screen.query_one(Input).value == "[@click=app.quit]quit[/] title"
        _assert_inert(pilot)
        await pilot.press("escape", "d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "[@click=app.quit]quit[/] title" in screen_text(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert "[@click=app.quit]quit[/] title" in notices.last
        _assert_inert(pilot)
        # The payload view shows escapes as JSON escapes.
        listing.cursor = next(
            i for i in range(listing.total) if "red" in listing.pages.row(i).display_title
        )
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, PayloadScreen)
        payload = app.screen.query_one(JsonView).text
        for char in FORBIDDEN:
            assert char not in payload
        json.loads(payload)
        _assert_inert(pilot)
        await pilot.press("escape")
        # Search snippets: the match highlighted, the rest literal.
        await pilot.press("slash", *"bold")
        await pilot.pause(0.3)
        await settle(pilot)
        assert "[bold]x[/bold]" in screen_text(pilot)
        _assert_inert(pilot)


async def test_a_megabyte_line_does_not_stall_or_crash(store, make_app):
    _seed_corpus(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        listing = app.screen.query_one("#conversations")
        listing.cursor = listing.total - 1
        await settle(pilot)
        assert listing.highlighted.title == "One megabyte line"
        await pilot.press("enter")
        await settle(pilot)
        shown = screen_text(pilot)
        assert "megabyte" in shown and "x" * 80 in shown
        await pilot.press("G", "g")
        await settle(pilot)
        _assert_inert(pilot)
