"""The composer: write in the app, send to the provider of the view, watch the reply
stream in, and find both messages stored; cancel, errors and drafts keep the typed text."""

from __future__ import annotations

import stat

import pytest

from tests.store.sending.server import ProviderServer
from tests.tui.composer_helpers import (
    MODEL,
    SIZE,
    claude_conversation,
    composer,
    open_first,
    sending,
    server,
    until,
    write,
)
from tests.tui.helpers import screen_text, settle
from tui.screens.model_picker import ModelPicker
from tui.widgets import drafts

__all__ = ["sending", "server"]  # fixtures

pytestmark = pytest.mark.anyio
STREAM = "anthropic.thinking.claude-sonnet-4.sse"


async def test_a_message_is_sent_streamed_and_stored(store, make_app, sending, server):
    cid = claude_conversation(store)
    server.stream(STREAM)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await write(pilot, "How do I cross the street?")
        assert f"to anthropic · {MODEL}" in screen_text(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: store.get_conversation(cid).message_count == 4)
        await settle(pilot)
        messages = store.load_messages(cid)
        assert messages[2].raw == {
            "role": "user",
            "content": [{"type": "text", "text": "How do I cross the street?"}],
        }
        assert messages[3].role == "assistant"
        assert messages[3].model.startswith("claude-sonnet-4")
        # The request carried the conversation, then the new message, to the latest
        # reply's model.
        body = server.requests[0].body
        assert body["model"] == MODEL
        assert [m["role"] for m in body["messages"]] == ["user", "assistant", "user"]
        assert body["messages"][-1]["content"][0]["text"] == "How do I cross the street?"
        # The reply is read back from the store; the draft is gone.
        reply_text = "".join(
            part.get("text", "") for part in messages[3].raw["content"] if part["type"] == "text"
        )
        assert reply_text.split()[0] in screen_text(pilot)
        assert composer(pilot).input.text == ""
        assert drafts.load(str(cid)) == ""
        assert sending not in screen_text(pilot)


async def test_the_reply_streams_and_esc_cancels_storing_nothing(
    store, make_app, sending, server: ProviderServer
):
    cid = claude_conversation(store)
    server.stream(STREAM, pause=0.2)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await write(pilot, "Tell me more")
        await pilot.press("enter")
        reply = composer(pilot).reply
        # Deltas are on screen before the reply is complete.
        await until(pilot, lambda: bool(reply.reasoning or reply.text))
        await pilot.pause(0.3)
        assert "is answering" in screen_text(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: composer(pilot).sending is None)
        await settle(pilot)
        assert store.get_conversation(cid).message_count == 2
        assert "nothing was stored" in screen_text(pilot)
        assert composer(pilot).input.text == "Tell me more"
        assert drafts.load(str(cid)) == "Tell me more"
    drafts.remove(str(cid))


async def test_an_error_is_one_line_and_keeps_the_draft(store, make_app, sending, server):
    cid = claude_conversation(store)
    server.error(401, {"type": "error", "error": {"type": "authentication_error", "message": "no"}})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await write(pilot, "Are you there?")
        await pilot.press("enter")
        await until(pilot, lambda: composer(pilot).error is not None)
        await settle(pilot)
        text = screen_text(pilot)
        assert "Anthropic: the API key was refused (401) · the draft is kept" in text
        assert sending not in text
        assert "Traceback" not in text
        assert store.get_conversation(cid).message_count == 2
        assert composer(pilot).input.text == "Are you there?"
        # Enter retries with the same draft.
        server.stream(STREAM)
        await pilot.press("enter")
        await until(pilot, lambda: store.get_conversation(cid).message_count == 4)
        assert store.load_messages(cid)[2].raw["content"][0]["text"] == "Are you there?"


async def test_the_draft_survives_a_restart(store, make_app, sending):
    cid = claude_conversation(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await write(pilot, "half a thought")
        await pilot.press("ctrl+j")
        await pilot.press("m", "o", "r", "e")
        await pilot.pause(0.5)  # past the draft's write delay
        await pilot.press("escape")  # closed, not sent
        await settle(pilot)
        assert composer(pilot).is_open is False
    path = drafts.drafts_dir() / str(cid)
    assert path.read_text() == "half a thought\nmore"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert composer(pilot).input.text == "half a thought\nmore"
    drafts.remove(str(cid))


async def test_the_model_picker_lists_the_servers_models(store, make_app, sending, server):
    cid = claude_conversation(store)
    server.error(
        200,
        {
            "data": [
                {
                    "id": "claude-opus-4-1",
                    "type": "model",
                    "display_name": "Opus",
                    "created_at": "2025-08-05T00:00:00Z",
                },
                {
                    "id": "claude-sonnet-4-0",
                    "type": "model",
                    "display_name": "Sonnet",
                    "created_at": "2025-05-14T00:00:00Z",
                },
            ],
            "has_more": False,
            "first_id": "claude-opus-4-1",
            "last_id": "claude-sonnet-4-0",
        },
    )
    server.stream(STREAM)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.press("M")
        await until(pilot, lambda: isinstance(app.screen, ModelPicker) and app.screen.loaded)
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, ModelPicker)
        assert picker.models == ["claude-opus-4-1", "claude-sonnet-4-0"]
        print(screen_text(pilot))
        assert "claude-opus-4-1" in screen_text(pilot)
        await pilot.press("o", "p", "u", "s", "enter")
        await settle(pilot)
        assert composer(pilot).model == "claude-opus-4-1"
        await pilot.press("H", "i", "enter")
        await until(pilot, lambda: store.get_conversation(cid).message_count == 4)
        assert server.requests[-1].body["model"] == "claude-opus-4-1"
        assert server.requests[0].path == "/v1/models"
    drafts.remove(str(cid))


async def test_a_new_conversation_on_a_chosen_provider(store, make_app, sending, server):
    claude_conversation(store)
    drafts.remove(drafts.NEW)
    server.stream("openai-chat.text.gpt-4.1-nano.sse")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert "Send to which provider?" in screen_text(pilot)
        await pilot.press("down", "down", "enter")  # anthropic, openai, openai-chat
        await settle(pilot)
        assert composer(pilot).provider == "openai-chat"
        await pilot.press("H", "i", "enter")
        await until(pilot, lambda: store.count_conversations() == 2)
        await settle(pilot)
        screen = app.screen
        summary = screen.conversation.open_summary
        assert summary is not None and summary.message_count == 2
        first, reply = store.load_messages(summary.id)
        assert first.raw == {"role": "user", "content": "Hi"}
        assert (reply.provider, reply.format, reply.role) == ("openai", "openai-chat", "assistant")
        assert server.requests[0].path == "/v1/chat/completions"
    assert drafts.load(drafts.NEW) == ""


async def test_untrusted_reply_and_model_names_stay_text(store, make_app, sending, server):
    cid = claude_conversation(store)
    server.error(200, {"data": [{"id": "evil\x1b]52;c;aGk=\x07[b]model[/b]", "type": "model"}]})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_first(pilot)
        await pilot.press("M")
        await until(pilot, lambda: isinstance(app.screen, ModelPicker) and app.screen.loaded)
        await settle(pilot)
        text = screen_text(pilot)
        assert "evil␛]52;c;aGk=␇[b]model[/b]" in text
        assert "\x1b" not in text
        await pilot.press("escape")
        await settle(pilot)
        reply = composer(pilot).reply
        composer(pilot).show_streaming("anthropic · x is answering…")
        reply.stop()
        reply.add_reasoning("think \x1b[2J[red]hard[/red]")
        reply.add_text("answer \x1b[31m[bold]red[/bold] \u202eevil")
        reply.draw()
        await settle(pilot)
        text = screen_text(pilot)
        assert "answer ␛[31m[bold]red[/bold]" in text
        assert "\x1b" not in text and "\u202e" not in text
    drafts.remove(str(cid))
