# ruff: noqa: F811  (the `many` fixture is imported, then named by the tests using it)
"""Actions follow the eyes, and a search lands: the list cursor follows what is open, a hit
opens at its message with the words lit, n/N walk the hits, results page past 50."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from store import NewMessage
from tests.tui.helpers import Notices, screen_text, settle
from tests.tui.test_keys import ORDER, listed, main
from tests.tui.test_list import many  # noqa: F401  (a fixture)
from tui.screens.confirm import ConfirmDialog
from tui.widgets.hits import Highlighted
from tui.widgets.message import MessageView

pytestmark = pytest.mark.anyio
SIZE = (120, 36)


async def search_for(pilot, query: str) -> None:
    await settle(pilot)
    await pilot.press("slash", *query)
    await pilot.pause(0.3)
    await settle(pilot)


async def choose(pilot, predicate) -> None:
    """Highlight the first result that `predicate` accepts and open it."""
    results = main(pilot.app).results
    index = next(i for i, hit in enumerate(results.hits) if predicate(hit))
    results.focus()
    results.highlighted = index
    await pilot.press("enter")
    await settle(pilot)


def conversation(store, bodies: list[str], *, title: str, hidden: frozenset[int] = frozenset()):
    start = datetime(2025, 6, 1, tzinfo=UTC)
    return store.import_conversation(
        [
            NewMessage(
                {"role": "user" if i % 2 == 0 else "assistant", "content": body},
                "openai",
                "gpt-4o",
                "openai-chat",
                metadata={"hidden": True} if i in hidden else None,
                created_at=start + timedelta(minutes=i),
            )
            for i, body in enumerate(bodies)
        ],
        title=title,
        created_at=start,
    )


def on_screen(pane, view) -> bool:
    top, bottom = pane.scroll_y, pane.scroll_y + pane.scrollable_content_region.height
    region = view.virtual_region
    return region.y >= top and region.y < bottom


# --- actions follow the eyes ---------------------------------------------------------------


async def test_search_open_esc_esc_d_names_the_opened_conversation(seeded, make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await search_for(pilot, "photosynthesis")
        await choose(pilot, lambda hit: hit.conversation_id == seeded["chatgpt"])
        assert main(app).open_summary.id == seeded["chatgpt"]
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert listed(app).highlighted.id == seeded["chatgpt"]
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "How photosynthesis works" in screen_text(pilot)
        assert "(untitled)" not in screen_text(pilot)


async def test_a_hit_deep_in_the_list_moves_the_cursor_to_its_page(many, make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await search_for(pilot, "Conversation 300")
        await choose(pilot, lambda hit: hit.title == "Conversation 300")
        await pilot.press("escape", "escape")
        await settle(pilot)
        conversations = listed(app)
        assert conversations.cursor == 300
        assert conversations.highlighted.display_title == "Conversation 300"
        assert "Conversation 300" in screen_text(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert "Conversation 300" in screen_text(pilot)


async def test_f5_keeps_the_cursor_on_the_same_conversation(seeded, make_app, store):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        listed(app).cursor = 3
        await settle(pilot)
        assert listed(app).highlighted.display_title == ORDER[3]
        store.create_conversation("Newer than everything")  # lands on top of the list
        await pilot.press("f5")
        await settle(pilot)
        assert listed(app).cursor == 4
        assert listed(app).highlighted.display_title == ORDER[3]


# --- search that lands -----------------------------------------------------------------


async def test_a_hit_in_a_short_conversation_opens_at_its_message_highlighted(store, make_app):
    bodies = [f"filler line {i}" for i in range(20)]
    bodies[15] = "the word zanzibar is here"
    conversation(store, bodies, title="Short one")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await search_for(pilot, "zanzibar")
        await choose(pilot, lambda hit: hit.position == 15)
        await pilot.pause(0.1)
        pane = main(app).messages
        hit = [view for view in pane.query(MessageView) if view.shown.record == 15]
        assert hit and hit[0].has_class("-hit")
        assert on_screen(pane, hit[0]), "the hit is scrolled into view"
        assert isinstance(hit[0].query_one(".part-text").content, Highlighted)
        others = [view for view in pane.query(MessageView) if view.shown.record != 15]
        assert not any(view.has_class("-hit") for view in others)
        assert "zanzibar" in screen_text(pilot)


async def test_a_hit_in_a_hidden_node_shows_hidden_nodes_and_says_so(store, make_app):
    notices = Notices()
    bodies = [f"filler line {i}" for i in range(6)]
    bodies[3] = "context about quetzal birds"
    conversation(store, bodies, title="Has hidden", hidden=frozenset({3}))
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        await search_for(pilot, "quetzal")
        await choose(pilot, lambda hit: hit.position == 3)
        pane = main(app).messages
        assert pane.has_class("-show-hidden")
        assert "hidden message" in notices
        assert "quetzal" in screen_text(pilot)


async def test_n_and_N_walk_the_hits_inside_the_conversation(store, make_app):
    bodies = [f"filler line {i}" for i in range(40)]
    for i in (3, 20, 37):
        bodies[i] = f"zanzibar again at {i}"
    conversation(store, bodies, title="Three hits")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await search_for(pilot, "zanzibar")
        await choose(pilot, lambda hit: hit.position == 3)
        pane = main(app).messages
        assert pane.hit_position == 3
        for expected in (20, 37, 3):
            await pilot.press("n")
            await settle(pilot)
            assert pane.hit_position == expected
            view = next(v for v in pane.query(MessageView) if v.shown.record == expected)
            assert view.has_class("-hit") and on_screen(pane, view)
        await pilot.press("N")
        await settle(pilot)
        assert pane.hit_position == 37
        # Choosing another hit of the open (and scrolled) conversation lands there too.
        assert pane.scroll_y > 0
        await choose(pilot, lambda hit: hit.position == 20)
        view = next(v for v in pane.query(MessageView) if v.shown.record == 20)
        assert view.has_class("-hit") and on_screen(pane, view)


async def test_or_while_typing_finds_what_the_command_line_finds(store, make_app):
    conversation(store, ["about kotlin coroutines"], title="Mobile A")
    conversation(store, ["about flutter widgets"], title="Mobile B")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await search_for(pilot, "kotlin or flut")
        found = {hit.conversation_id for hit in main(app).results.hits}
        assert found == {hit.conversation_id for hit in store.search("kotlin or flutter")}
        assert len(found) == 2


async def test_a_query_of_common_words_says_so(seeded, make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await search_for(pilot, "the and")
        assert main(app).results.hits == []
        assert "only common words: the, and" in screen_text(pilot)


async def test_results_page_past_fifty(many, make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await search_for(pilot, "hello")
        results = main(app).results
        assert len(results.hits) == 50
        assert results.border_title == "Search: 50+ results"
        await pilot.press("down", "G")
        await settle(pilot)
        assert len(results.hits) > 50
        first = results.hits[0]
        await pilot.press("G")
        await settle(pilot)
        assert len(results.hits) >= 150
        assert results.hits[0] == first
        ids = [(hit.conversation_id, hit.message_id) for hit in results.hits]
        assert len(ids) == len(set(ids))


async def test_a_hit_deep_in_a_long_conversation_and_the_messages_above_it(store, make_app):
    from tests.tui.helpers import long_conversation

    long_conversation(store, 300)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await search_for(pilot, "250")
        await choose(pilot, lambda hit: hit.position == 250)
        pane = main(app).messages
        view = next(v for v in pane.query(MessageView) if v.shown.record == 250)
        assert view.has_class("-hit") and on_screen(pane, view)
        await pilot.press("up", "up")
        await settle(pilot)
        assert pane.lo < 249, "the messages above the hit load"
        assert on_screen(pane, view), "and the hit stays where it is"
        await pilot.press("g")
        await settle(pilot)
        assert "message number 0" in screen_text(pilot)


async def test_n_without_a_search_says_how_to_get_hits(seeded, make_app):
    notices = Notices()
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=notices) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert "No search hits in this conversation" in notices.last
