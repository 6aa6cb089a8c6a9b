"""The one write path: every writer validates, places, copies and dates messages alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from store import InvalidMessage, NewMessage
from tests.store.test_api import chat, rows


def _bad() -> NewMessage:
    return NewMessage(chat("no provider"), "", "gpt-4o", "openai-chat")


def _good(content: str = "fine", **kw) -> NewMessage:
    return NewMessage(chat(content), "openai", "gpt-4o", "openai-chat", **kw)


WRITERS = {
    "save_message": lambda s, cid, m: s.save_message(
        cid, m.raw, m.provider, m.model, format=m.format
    ),
    "save_messages": lambda s, cid, m: s.save_messages(cid, [_good(), m]),
    "import_conversation": lambda s, cid, m: s.import_conversation(
        [_good(), m], metadata={"source_id": "w:1"}
    ),
    "import_or_extend": lambda s, cid, m: s.import_or_extend(
        [_good(), m], metadata={"source_id": "w:1"}
    ),
}


@pytest.mark.parametrize("writer", WRITERS)
def test_every_writer_refuses_a_bad_message_with_the_same_reason_and_writes_nothing(store, writer):
    cid = store.create_conversation("target")
    with pytest.raises(InvalidMessage, match="provider must be a non-empty string") as info:
        WRITERS[writer](store, cid, _bad())
    assert "\n" not in str(info.value)
    assert (rows(store, "conversations"), rows(store, "messages")) == (1, 0)


def test_one_and_many_messages_share_one_sequence_of_positions(store):
    cid = store.create_conversation("mixed")
    first = store.save_message(cid, chat("one"), "openai", "gpt-4o", format="openai-chat")
    assert store.save_messages(cid, [_good("two"), _good("three")]) == 2
    last = store.save_message(cid, chat("four"), "openai", "gpt-4o", format="openai-chat")
    loaded = store.load_messages(cid)
    assert [m.position for m in loaded] == [0, 1, 2, 3]
    assert [m.raw["content"] for m in loaded] == ["one", "two", "three", "four"]
    # What save_message returns is the row as stored.
    assert (first.id, first.position, first.created_at) == (
        loaded[0].id,
        0,
        loaded[0].created_at,
    )
    assert (last.id, last.position) == (loaded[3].id, 3)
    assert store.get_conversation(cid).updated_at == loaded[3].created_at


def test_an_empty_bulk_save_writes_nothing_and_leaves_updated_at(store):
    cid = store.create_conversation("quiet")
    before = store.get_conversation(cid).updated_at
    assert store.save_messages(cid, []) == 0
    assert store.get_conversation(cid).updated_at == before


def test_an_extension_without_message_times_moves_updated_at_to_now(store):
    then = datetime(2024, 3, 1, tzinfo=UTC)
    first = [
        NewMessage({**chat("a"), "id": "a"}, "openai", "gpt-4o", "openai-chat", created_at=then)
    ]
    meta = {"source_id": "w:ext"}
    cid = store.import_or_extend(first, metadata=meta).conversation_id
    assert store.get_conversation(cid).updated_at == then
    later = [*first, NewMessage({**chat("b"), "id": "b"}, "openai", "gpt-4o", "openai-chat")]
    outcome = store.import_or_extend(later, metadata=meta)
    assert (outcome.conversation_id, outcome.added) == (cid, 1)
    added = store.load_messages(cid)[1]
    assert added.created_at > then + timedelta(days=1)
    assert store.get_conversation(cid).updated_at == added.created_at


def test_a_bulk_save_longer_than_a_batch_stays_in_order(store):
    cid = store.create_conversation("long")
    assert store.save_messages(cid, (_good(f"m {i}") for i in range(4500))) == 4500
    loaded = store.load_messages(cid, start=1999, limit=3)
    assert [(m.position, m.raw["content"]) for m in loaded] == [
        (1999, "m 1999"),
        (2000, "m 2000"),
        (2001, "m 2001"),
    ]
