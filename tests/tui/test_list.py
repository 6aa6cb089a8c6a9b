"""The virtual conversation list over more rows than one page: keyset pages, jumps, memory."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from store import NewMessage
from tests.tui.helpers import settle
from tui.widgets.conversation_list import ROW_HEIGHT, ConversationList
from tui.widgets.pages import PAGE_SIZE, PageCache, PageRequest

pytestmark = pytest.mark.anyio
COUNT = 3 * PAGE_SIZE + 57
START = datetime(2025, 1, 1, tzinfo=UTC)


# The archive `many` builds, as Postgres's own COPY text of each table, kept for the session.
_MANY: dict[str, bytes] = {}
# In foreign-key order. The same tables the `store` fixture empties before each test.
_TABLES = ("conversations", "messages", "attachments")


@pytest.fixture
def many(store):
    """COUNT one-message conversations, "Conversation 0" the newest.

    Written once per session through the store (357 imports take seconds), then copied
    back by Postgres itself for every later test: the same rows, exactly.
    """
    if _MANY:
        _copy_in(store, _MANY)
        return store
    for i in range(COUNT):
        at = START - timedelta(minutes=i)
        store.import_conversation(
            [
                NewMessage(
                    {"role": "user", "content": f"hello {i}"},
                    "openai",
                    "gpt-4o",
                    "openai-chat",
                    created_at=at,
                )
            ],
            title=f"Conversation {i}",
            created_at=at,
        )
    _MANY.update(_copy_out(store))
    return store


def _copy_out(store) -> dict[str, bytes]:
    connection = store._engine.raw_connection()
    try:
        with connection.cursor() as cursor:
            tables = {}
            for table in _TABLES:
                with cursor.copy(f"copy {table} to stdout") as copy:
                    tables[table] = b"".join(bytes(chunk) for chunk in copy)
        connection.commit()
        return tables
    finally:
        connection.close()


def _copy_in(store, tables: dict[str, bytes]) -> None:
    connection = store._engine.raw_connection()
    try:
        with connection.cursor() as cursor:
            for table in _TABLES:
                with cursor.copy(f"copy {table} from stdin") as copy:
                    copy.write(tables[table])
        connection.commit()
    finally:
        connection.close()


def titles_on_screen(listing: ConversationList) -> list[str]:
    top = int(listing.scroll_offset.y) // ROW_HEIGHT
    rows = listing.scrollable_content_region.height // ROW_HEIGHT
    return [
        listing.pages.row(i).display_title if listing.pages.row(i) else "…"
        for i in range(top, min(top + rows, listing.total))
    ]


async def test_end_jumps_to_the_oldest_and_back(many, make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ConversationList)
        assert listing.total == COUNT
        assert listing.border_title == f"Conversations ({COUNT})"
        await pilot.press("G")
        await settle(pilot)
        assert listing.cursor == COUNT - 1
        assert listing.highlighted.display_title == f"Conversation {COUNT - 1}"
        assert titles_on_screen(listing)[-1] == f"Conversation {COUNT - 1}"
        await pilot.press("k", "k")
        await settle(pilot)
        assert listing.highlighted.display_title == f"Conversation {COUNT - 3}"
        await pilot.press("g")
        await settle(pilot)
        assert listing.highlighted.display_title == "Conversation 0"


async def test_paging_down_walks_every_row_in_order(many, make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ConversationList)
        seen: list[str] = []
        while listing.cursor < COUNT - 1:
            assert "…" not in titles_on_screen(listing)
            seen.extend(titles_on_screen(listing))
            await pilot.press("pagedown")
            await settle(pilot)
        assert f"Conversation {COUNT - 1}" in titles_on_screen(listing)
        expected = [f"Conversation {i}" for i in range(COUNT)]
        assert sorted(set(seen), key=expected.index) == [t for t in expected if t in seen]


async def test_a_jump_into_the_middle_fetches_that_page(many, store, make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ConversationList)
        # A scrollbar drag: the viewport lands where no cursor leads.
        middle = 2 * PAGE_SIZE + 10
        listing.scroll_to(y=middle * ROW_HEIGHT, animate=False, immediate=True)
        await settle(pilot)
        assert titles_on_screen(listing)[0] == f"Conversation {middle}"
        assert store.list_conversations(1, offset=middle)[0].title == f"Conversation {middle}"


async def test_delete_deep_in_the_list_keeps_the_place(many, store, make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ConversationList)
        listing.cursor = 2 * PAGE_SIZE + 5
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert listing.total == COUNT - 1
        assert listing.cursor == 2 * PAGE_SIZE + 5
        assert listing.highlighted.display_title == f"Conversation {2 * PAGE_SIZE + 6}"
        await pilot.press("u")
        await settle(pilot)
        assert listing.total == COUNT
        assert listing.highlighted.display_title == f"Conversation {2 * PAGE_SIZE + 5}"


def test_page_cache_keeps_few_pages_and_every_end_cursor():
    from store import ConversationSummary

    def rows(page: int) -> list[ConversationSummary]:
        return [
            ConversationSummary(
                id=uuid.UUID(int=page * PAGE_SIZE + i),
                title=f"{page}-{i}",
                created_at=START,
                updated_at=START - timedelta(seconds=page * PAGE_SIZE + i),
                deleted_at=None,
                message_count=1,
                providers=(),
                models=(),
            )
            for i in range(PAGE_SIZE)
        ]

    cache = PageCache(max_pages=3)
    cache.reset(10 * PAGE_SIZE)
    first = cache.wanted(0, 5)
    assert [r.page for r in first] == [0]
    assert first[0].after is None and first[0].offset == 0
    assert cache.wanted(0, 5) == []  # already asked for
    cache.store(first[0], rows(0))
    # The next page follows the cursor at the end of the last: no rows skipped.
    second = cache.wanted(PAGE_SIZE, PAGE_SIZE)[0]
    assert second.after == rows(0)[-1].cursor and second.offset == 0
    cache.store(second, rows(1))
    # A far page skips from the nearest cursor above it.
    far = cache.wanted(7 * PAGE_SIZE, 7 * PAGE_SIZE)[0]
    assert far.after == rows(1)[-1].cursor and far.offset == 5 * PAGE_SIZE
    cache.store(far, rows(7))
    cache.store(PageRequest(8, None, 0, cache.generation), rows(8))
    assert cache.cached_pages == 3  # page 0 evicted
    assert cache.row(0) is None and cache.row(PAGE_SIZE).title == "1-0"
    # A page fetched before a reset is dropped.
    stale = cache.wanted(4 * PAGE_SIZE, 4 * PAGE_SIZE)[0]
    cache.reset(10 * PAGE_SIZE, keep_before=2 * PAGE_SIZE)
    assert not cache.store(stale, rows(4))
    # Cursors of pages before the change stay; the rest are forgotten.
    again = cache.wanted(2 * PAGE_SIZE, 2 * PAGE_SIZE)[0]
    assert again.after == rows(1)[-1].cursor and again.offset == 0
    later = cache.wanted(9 * PAGE_SIZE, 9 * PAGE_SIZE)[0]
    assert later.after == rows(1)[-1].cursor and later.offset == 7 * PAGE_SIZE
