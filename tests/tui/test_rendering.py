"""What the message pane draws: nothing the author wrote disappears, roles say only their own.

Text is read back from the rendered widgets themselves (each block's renderable drawn to
plain text), not from a screenshot, so that a whole long conversation can be compared with
its source.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.console import Console
from textual.content import Content
from textual.pilot import Pilot
from textual.visual import RichVisual
from textual.widget import Widget

from store import NewMessage
from store.importers.runner import import_paths
from tests.conftest import EXPORT_FIXTURES, FORMAT_FIXTURES
from tests.tui.helpers import settle
from tui.widgets.message import Fold, MessageView
from tui.widgets.message_window import FIRST_CHUNK

pytestmark = pytest.mark.anyio

_WORD = re.compile(r"[^\W_]", re.U)


def drawn(widget: Widget) -> str:
    """What one widget draws, as plain text, all folds open."""
    if isinstance(widget, Fold):
        widget.open = True
    renderable = widget.render()
    # Static wraps what it was given: a Rich renderable, or Content (plain text + spans).
    if isinstance(renderable, RichVisual):
        renderable = renderable._renderable
    if isinstance(renderable, Content):
        return renderable.plain
    console = Console(width=100, record=True, color_system=None, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(renderable)
    return console.export_text()


def view_text(view: MessageView) -> str:
    return "\n".join(drawn(child) for child in view.query(".stop, .part-line, .message--note"))


# The artifact and thinking tags are Claude's markup, shown as folds: their names go, the
# values of their attributes (title, type, identifier) stay and must be drawn, in the
# fold's title, in whatever order the title puts them.
_TAGS = re.compile(r"<antArtifact\b[^>]*>|</antArtifact>|</?antThinking>")
_ATTRS = re.compile(r"<antArtifact\b[^>]*>")
_VALUE = re.compile(r'="([^"]*)"')


def letters(text: str) -> str:
    return "".join(_WORD.findall(text))


# A fence's info string (```css) is Markdown's markup, like `**`: it names the lexer.
_FENCE_INFO = re.compile(r"^([ \t]*(?:`{3,}|~{3,}))[^\n]*", re.M)


def authored(text: str) -> str:
    return letters(_FENCE_INFO.sub(r"\1", _TAGS.sub(" ", text)))


def tag_values(text: str) -> list[str]:
    return [letters(v) for tag in _ATTRS.findall(text) for v in _VALUE.findall(tag)]


def first_missing(needle: str, haystack: str) -> int:
    """Where `needle` stops being a subsequence of `haystack` (-1: it is one)."""
    it = iter(haystack)
    for i, ch in enumerate(needle):
        if ch not in it:
            return i
    return -1


def source_text(record) -> dict[tuple[int, int], str]:
    """The visible text of a stored record: its text and reasoning, as decoded."""
    from translate import Reasoning, Text, decode

    out: dict[tuple[int, int], str] = {}
    for m, message in enumerate(decode(record.raw, record.format, provider=record.provider)):
        out[(record.position, m)] = "\n".join(
            part.text for part in message.parts if isinstance(part, (Text, Reasoning))
        )
    return out


async def rendered_conversation(pilot: Pilot, cid, total: int) -> dict[tuple[int, int], str]:
    """Every message of a conversation, drawn, window by window."""
    screen = pilot.app.screen
    screen.open_conversation(cid)
    await settle(pilot)
    pane = screen.messages
    seen: dict[tuple[int, int], str] = {}
    for start in range(0, max(total, 1), FIRST_CHUNK):
        pane.show(pane.summary, start=start)
        await settle(pilot)
        for view in pane.query_children(MessageView):
            seen.setdefault((view.shown.record, view.shown.message), view_text(view))
    return seen


def corpus() -> list[Path]:
    return sorted(
        p
        for folder in (EXPORT_FIXTURES, FORMAT_FIXTURES)
        for p in folder.glob("*.json")
        if not p.name.endswith(".source.json")
    )


async def test_every_visible_character_of_every_fixture_is_drawn(store, make_app):
    summary = import_paths(store, corpus())
    assert summary.messages > 0
    conversations = store.list_conversations(limit=1000)
    assert conversations
    app = make_app()
    missing: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for conversation in conversations:
            records = store.load_messages(conversation.id)
            expected: dict[tuple[int, int], str] = {}
            for record in records:
                expected.update(source_text(record))
            seen = await rendered_conversation(pilot, conversation.id, len(records))
            for key, text in expected.items():
                want = authored(text)
                got = letters(seen.get(key, ""))
                at = first_missing(want, got)
                lost = [value for value in tag_values(text) if value not in got]
                if lost:
                    missing.append(f"{conversation.display_title!r} {key}: tag values {lost}")
                if at >= 0:
                    missing.append(
                        f"{conversation.display_title!r} {key}: …{want[max(0, at - 30) : at]}"
                        f"[{want[at : at + 30]}]…"
                    )
    assert not missing, "\n".join(missing[:20])


def _one(store, text: str, *, role: str = "assistant") -> object:
    return store.import_conversation(
        [
            NewMessage({"role": "user", "content": "hello"}, "openai", "gpt-4o", "openai-chat"),
            NewMessage({"role": role, "content": text}, "openai", "gpt-4o", "openai-chat"),
        ],
        title="rendering",
    )


async def _opened(pilot: Pilot) -> list[MessageView]:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    return list(pilot.app.screen.messages.query_children(MessageView))


async def test_html_and_line_breaks_are_shown_as_typed(store, make_app):
    _one(store, 'first line\nsecond line\n\n<div class="x">\n<p>inside</p>\n</div>\n')
    async with make_app().run_test(size=(120, 36)) as pilot:
        views = await _opened(pilot)
        text = view_text(views[1])
    assert '<div class="x">' in text and "<p>inside</p>" in text
    assert "first line\n" in text.replace("  ", "").replace("\n ", "\n")
    assert "first line second line" not in text


async def test_artifacts_and_ant_thinking_are_folds(store, make_app):
    body = (
        "<antThinking>Should this be an artifact? Yes.</antThinking>\n"
        "Here it is:\n"
        '<antArtifact identifier="calc" type="text/html" title="Price calculator">\n'
        "<html><head><style>body { color: red; }</style></head><body>hi</body></html>\n"
        "</antArtifact>\nDone."
    )
    _one(store, body)
    async with make_app().run_test(size=(120, 36)) as pilot:
        views = await _opened(pilot)
        folds = list(views[1].query(Fold))
        assert [fold.kind for fold in folds] == ["reasoning", "artifact"]
        assert not any(fold.open for fold in folds)
        artifact = folds[1]
        head = drawn(artifact)
        assert "Price calculator" in head and "text/html" in head
        assert "<style>body { color: red; }</style>" in head
        assert artifact.code is not None and artifact.code.startswith("<html>")
        text = view_text(views[1])
        assert "Here it is:" in text and "Done." in text


async def test_a_prompt_names_no_model_and_no_unknown_provider(store, make_app):
    store.import_conversation(
        [
            NewMessage({"role": "user", "content": "ask"}, "unknown", "gpt-4o", "openai-chat"),
            NewMessage(
                {"role": "assistant", "content": "reply"}, "unknown", "gpt-4o", "openai-chat"
            ),
        ],
        title="roles",
    )
    async with make_app().run_test(size=(120, 36)) as pilot:
        views = await _opened(pilot)
        prompt = drawn(views[0].query(".message--header").first())
        reply = drawn(views[1].query(".message--header").first())
    assert "gpt-4o" not in prompt and "unknown" not in prompt
    assert "gpt-4o" in reply and "unknown" not in reply


async def _view(pilot: Pilot, name: str) -> list[MessageView]:
    screen = pilot.app.screen
    screen.conversation.set_view(name)
    await settle(pilot)
    return list(screen.messages.query_children(MessageView))


async def test_a_provider_view_shows_what_that_provider_receives(store, make_app):
    from tests.tui.seed import fixture

    reply = fixture("deepseek.reasoning_content.response.json")
    store.import_conversation(
        [
            NewMessage({"role": "user", "content": "one"}, "openai", "gpt-4o", "openai-chat"),
            NewMessage({"role": "user", "content": "two"}, "openai", "gpt-4o", "openai-chat"),
            NewMessage(reply, "deepseek", "deepseek-reasoner", "openai-chat"),
        ],
        title="views",
    )
    async with make_app().run_test(size=(120, 36)) as pilot:
        original = await _opened(pilot)
        assert len(original) == 3
        assert [f.kind for f in original[2].query(Fold)] == ["reasoning"]
        # Anthropic merges the two prompts into one turn and gets the reasoning as text.
        views = await _view(pilot, "anthropic")
        assert [v.shown.role for v in views] == ["user", "assistant"]
        assert all(v.shown.translated for v in views)
        assert "one" in view_text(views[0]) and "two" in view_text(views[0])
        assert not views[1].query(Fold)
        reasoning = reply["choices"][0]["message"]["reasoning_content"]
        assert letters(reasoning[:60]) in letters(view_text(views[1]))
        # Back to the original: stored as it was.
        views = await _view(pilot, "original")
        assert len(views) == 3 and not any(v.shown.translated for v in views)


async def test_a_dropped_part_stays_as_a_dimmed_line_with_the_reason(store, make_app):
    from tests.tui.seed import fixture

    reply = fixture("anthropic.redacted_thinking.response.json")
    store.import_conversation(
        [
            NewMessage({"role": "user", "content": "q"}, "openai", "gpt-4o", "openai-chat"),
            NewMessage(reply, "anthropic", reply["model"], "anthropic-messages"),
        ],
        title="dropped",
    )
    async with make_app().run_test(size=(120, 36)) as pilot:
        await _opened(pilot)
        views = await _view(pilot, "openai-chat")
        notes = [v for v in views if v.shown.role == "dropped"]
        assert len(notes) == 1
        line = view_text(notes[0]) if notes[0].query(".stop") else drawn(notes[0].children[0])
        assert "dropped" in line and "redacted thinking was issued by" in line


async def test_list_rows_never_say_unknown(store, make_app):
    from tests.tui.helpers import screen_text

    store.import_conversation(
        [NewMessage({"role": "user", "content": "hi"}, "unknown", "unknown", "openai-chat")],
        title="Origin unknown",
    )
    async with make_app().run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
    assert "Origin unknown" in text
    assert "unknown ·" not in text and "· unknown" not in text
    assert text.count("unknown") == 1
