"""The store API, through the real store on the real embedded Postgres."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from store import (
    AmbiguousConversationId,
    ConversationNotFound,
    InvalidMessage,
    InvalidTitle,
    NewMessage,
)
from store.snippets import snippet_segments


def rows(store, table: str) -> int:
    with store._engine.connect() as conn:
        return conn.execute(text(f"select count(*) from {table}")).scalar_one()


def chat(content: str, role: str = "user") -> dict:
    return {"role": role, "content": content}


def save_chat(store, cid, *contents: str, provider="openai", model="gpt-4o", **kw):
    return [
        store.save_message(
            cid,
            chat(c, "user" if i % 2 == 0 else "assistant"),
            provider,
            model,
            format="openai-chat",
            **kw,
        )
        for i, c in enumerate(contents)
    ]


# --- conversations ------------------------------------------------------------------------


def test_create_and_get_a_conversation(store):
    cid = store.create_conversation("Trip planning", {"source": "test"})
    conv = store.get_conversation(cid)
    assert conv.title == "Trip planning"
    assert conv.metadata == {"source": "test"}
    assert conv.message_count == 0
    assert conv.deleted_at is None
    assert store.get_conversation(str(cid)).id == cid


@pytest.mark.parametrize("missing", [uuid.uuid4(), "not-a-uuid", "", "   "])
def test_a_missing_conversation_is_reported_by_id(store, missing):
    with pytest.raises(ConversationNotFound, match="no conversation with id"):
        store.get_conversation(missing)


def test_a_too_long_title_is_refused_and_nothing_is_written(store):
    with pytest.raises(InvalidTitle, match="at most 255"):
        store.create_conversation("x" * 256)
    assert rows(store, "conversations") == 0


def test_resolve_id_accepts_a_unique_prefix(store):
    cid = store.create_conversation("one")
    assert store.resolve_id(str(cid)[:8]) == cid
    assert store.resolve_id(str(cid).upper()) == cid
    with pytest.raises(ConversationNotFound):
        store.resolve_id("zzzz")
    with pytest.raises(ConversationNotFound):
        store.resolve_id("ab")


def test_resolve_id_refuses_an_ambiguous_prefix(store):
    with store._engine.begin() as conn:
        for suffix in ("1", "2"):
            conn.execute(
                text(
                    f"insert into conversations (id) values ('abcd0000-0000-0000-0000-00000000000{suffix}')"
                )
            )
    with pytest.raises(AmbiguousConversationId, match="more than one"):
        store.resolve_id("abcd")


# --- saving -------------------------------------------------------------------------------


def test_save_message_assigns_positions_and_derives_role_and_text(store):
    cid = store.create_conversation("t")
    saved = save_chat(store, cid, "What is the capital of France?", "Paris.")
    assert [m.position for m in saved] == [0, 1]
    assert [m.role for m in saved] == ["user", "assistant"]
    with store._engine.connect() as conn:
        texts = (
            conn.execute(text("select content_text from messages order by position"))
            .scalars()
            .all()
        )
    assert "capital of France" in texts[0]
    assert "Paris" in texts[1]


def test_saved_raw_comes_back_exactly(store):
    cid = store.create_conversation("t")
    raw = {
        "role": "assistant",
        "content": 'ünïcödé ✓ "quoted"',
        "extra": {"n": 1.5, "list": [1, None, True]},
    }
    store.save_message(
        cid, raw, "deepseek", "deepseek-reasoner", format="openai-chat", metadata={"k": "v"}
    )
    [loaded] = store.load_messages(cid)
    assert loaded.raw == raw
    assert loaded.metadata == {"k": "v"}
    assert (loaded.provider, loaded.model, loaded.format) == (
        "deepseek",
        "deepseek-reasoner",
        "openai-chat",
    )


def test_saving_moves_updated_at(store):
    cid = store.create_conversation("t")
    before = store.get_conversation(cid).updated_at
    time.sleep(0.01)
    save_chat(store, cid, "hello")
    assert store.get_conversation(cid).updated_at > before


def test_an_explicit_role_overrides_the_derived_one(store):
    cid = store.create_conversation("t")
    m = store.save_message(
        cid, chat("be brief"), "openai", "gpt-4o", format="openai-chat", role="system"
    )
    assert m.role == "system"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"raw": ["not", "an", "object"]}, "must be a JSON object, not an array"),
        ({"raw": "text"}, "must be a JSON object, not a string"),
        ({"format": "mystery-format"}, "unknown format 'mystery-format'"),
        ({"provider": ""}, "provider must be a non-empty string"),
        ({"model": "   "}, "model must be a non-empty string"),
        ({"model": "m" * 101}, "model is 101 characters; the limit is 100"),
        ({"provider": "p" * 51}, "provider is 51 characters; the limit is 50"),
        ({"role": "wizard"}, "role 'wizard' is not one of"),
        ({"raw": {"role": "user", "content": "nul \x00 here"}}, "NUL character"),
        (
            {"raw": {"role": "user", "content": "lone \ud800 surrogate"}},
            "unpaired Unicode surrogate",
        ),
        ({"raw": {"role": "user", "content": float("nan")}}, "not valid JSON"),
        ({"raw": {"role": "user", "when": datetime.now()}}, "not valid JSON"),
        ({"metadata": ["x"]}, "metadata must be a JSON object"),
    ],
)
def test_bad_messages_are_refused_with_a_clear_reason_and_nothing_is_written(
    store, kwargs, message
):
    cid = store.create_conversation("t")
    args = {
        "raw": chat("hi"),
        "provider": "openai",
        "model": "gpt-4o",
        "format": "openai-chat",
    } | kwargs
    with pytest.raises(InvalidMessage, match=message) as info:
        store.save_message(cid, args.pop("raw"), args.pop("provider"), args.pop("model"), **args)
    assert "\n" not in str(info.value)
    assert rows(store, "messages") == 0


def test_deeply_nested_raw_is_refused_cleanly(store):
    cid = store.create_conversation("t")
    raw: dict = {"role": "user", "content": "deep"}
    node = raw
    for _ in range(10_000):
        node["x"] = {}
        node = node["x"]
    with pytest.raises(InvalidMessage):
        store.save_message(cid, raw, "openai", "gpt-4o", format="openai-chat")
    assert rows(store, "messages") == 0


def test_saving_into_a_missing_or_deleted_conversation_fails(store):
    with pytest.raises(ConversationNotFound):
        save_chat(store, uuid.uuid4(), "hi")
    cid = store.create_conversation("t")
    store.delete(cid)
    with pytest.raises(ConversationNotFound):
        save_chat(store, cid, "hi")
    assert rows(store, "messages") == 0


def test_bulk_save_appends_after_existing_messages(store):
    cid = store.create_conversation("t")
    save_chat(store, cid, "first")
    count = store.save_messages(
        cid,
        [NewMessage(chat(f"bulk {i}"), "openai", "gpt-4o", "openai-chat") for i in range(5)]
        + [
            {
                "raw": chat("as a mapping"),
                "provider": "anthropic",
                "model": "claude",
                "format": "openai-chat",
            }
        ],
    )
    assert count == 6
    loaded = store.load_messages(cid)
    assert [m.position for m in loaded] == list(range(7))
    assert loaded[-1].raw == chat("as a mapping")


def test_bulk_save_with_one_bad_message_writes_nothing(store):
    cid = store.create_conversation("t")
    good = [NewMessage(chat(f"m {i}"), "openai", "gpt-4o", "openai-chat") for i in range(2500)]
    good[2300] = NewMessage(chat("x"), "", "gpt-4o", "openai-chat")
    with pytest.raises(InvalidMessage, match="message 2300: provider"):
        store.save_messages(cid, good)
    assert rows(store, "messages") == 0


def test_bulk_save_keeps_given_timestamps_and_updated_at_follows_the_newest(store):
    then = datetime(2023, 6, 1, 12, 0, tzinfo=UTC)
    cid = store.create_conversation("imported", created_at=then)
    store.save_messages(
        cid,
        [
            NewMessage(
                chat(f"m {i}"),
                "openai",
                "gpt-4",
                "openai-chat",
                created_at=then + timedelta(minutes=i),
            )
            for i in range(3)
        ],
    )
    conv = store.get_conversation(cid)
    assert conv.created_at == then
    assert conv.updated_at == then + timedelta(minutes=2)
    assert [m.created_at for m in store.load_messages(cid)] == [
        then + timedelta(minutes=i) for i in range(3)
    ]


def test_load_messages_can_return_a_window(store):
    cid = store.create_conversation("t")
    store.save_messages(
        cid, [NewMessage(chat(f"m {i}"), "openai", "gpt-4o", "openai-chat") for i in range(30)]
    )
    window = store.load_messages(cid, start=10, limit=5)
    assert [m.position for m in window] == [10, 11, 12, 13, 14]
    with pytest.raises(ConversationNotFound):
        store.load_messages(uuid.uuid4())


# --- the list -----------------------------------------------------------------------------


def test_list_pages_by_keyset_newest_first_without_gaps(store):
    base = datetime(2024, 1, 1, tzinfo=UTC)
    ids = []
    for i in range(25):
        # Pairs share a timestamp, so the id must break ties.
        ids.append(store.create_conversation(f"c{i}", created_at=base + timedelta(hours=i // 2)))
    seen, after = [], None
    while page := store.list_conversations(10, after=after):
        seen += page
        after = page[-1].cursor
    assert len(seen) == 25
    assert len({c.id for c in seen}) == 25
    keys = [(c.updated_at, c.id) for c in seen]
    assert keys == sorted(keys, key=lambda k: (-k[0].timestamp(), k[1]))


def test_list_rows_carry_counts_providers_models_and_a_preview(store):
    untitled = store.create_conversation()
    store.save_message(
        untitled,
        chat("custom instructions"),
        "openai",
        "gpt-4o",
        format="openai-chat",
        metadata={"hidden": True},
    )
    store.save_message(
        untitled, chat("How do I\nboil an egg?"), "openai", "gpt-4o", format="openai-chat"
    )
    store.save_message(
        untitled,
        chat("Ten minutes.", "assistant"),
        "anthropic",
        "claude-sonnet-4-5",
        format="openai-chat",
    )
    [row] = store.list_conversations(5)
    assert row.message_count == 3
    assert row.providers == ("anthropic", "openai")
    assert row.models == ("claude-sonnet-4-5", "gpt-4o")
    assert row.title is None
    assert row.preview == "How do I boil an egg?"
    assert row.display_title == "How do I boil an egg?"


def test_list_hides_deleted_unless_asked_and_trash_lists_only_deleted(store):
    keep = store.create_conversation("keep")
    gone = store.create_conversation("gone")
    store.delete(gone)
    assert [c.id for c in store.list_conversations(10)] == [keep]
    assert {c.id for c in store.list_conversations(10, include_deleted=True)} == {keep, gone}
    assert [c.id for c in store.list_conversations(10, trash=True)] == [gone]
    assert store.count_conversations() == 1
    assert store.count_conversations(trash=True) == 1


def test_list_filters_by_query_over_titles_and_text(store):
    by_title = store.create_conversation("Sourdough starter")
    by_text = store.create_conversation("Kitchen")
    save_chat(store, by_text, "my sourdough is flat")
    store.create_conversation("Unrelated")
    assert {c.id for c in store.list_conversations(10, query="sourdough")} == {by_title, by_text}


# --- rename and delete --------------------------------------------------------------------


def test_rename_strips_and_removes_control_characters(store):
    cid = store.create_conversation("old")
    before = store.get_conversation(cid).updated_at
    stored = store.rename(cid, "  New\ttitle\x1b[31m\u202e  \n")
    assert stored == "New title[31m"
    conv = store.get_conversation(cid)
    assert conv.title == stored
    # A rename is not activity: the conversation keeps its place in the list.
    assert conv.updated_at == before


@pytest.mark.parametrize("blank", ["", "   ", " \x07 \n"])
def test_a_blank_rename_returns_to_the_automatic_title(store, blank):
    cid = store.create_conversation("old")
    store.save_message(
        cid,
        {"role": "user", "content": "What is a fjord?"},
        "openai",
        "gpt-4o",
        format="openai-chat",
    )
    assert store.rename(cid, blank) == ""
    conv = store.get_conversation(cid)
    assert conv.title is None
    assert conv.display_title == "What is a fjord?"


def test_list_position_is_the_row_in_list_order(store):
    ids = [store.create_conversation(f"c{i}") for i in range(5)]
    listed = [c.id for c in store.list_conversations(10)]
    assert [store.list_position(cid) for cid in listed] == list(range(5))
    store.delete(ids[0])
    assert store.list_position(ids[0]) is None
    assert store.list_position(ids[0], trash=True) == 0


@pytest.mark.parametrize(
    ("title", "message"),
    [("y" * 256, "at most 255")],
)
def test_rename_refuses_bad_titles_and_keeps_the_old_one(store, title, message):
    cid = store.create_conversation("old")
    with pytest.raises(InvalidTitle, match=message):
        store.rename(cid, title)
    assert store.get_conversation(cid).title == "old"


def test_rename_accepts_exactly_255_characters(store):
    cid = store.create_conversation("old")
    assert store.rename(cid, "z" * 255) == "z" * 255


def test_rename_of_a_missing_conversation_fails(store):
    with pytest.raises(ConversationNotFound):
        store.rename(uuid.uuid4(), "x")


def test_delete_is_soft_and_restore_brings_it_back(store):
    cid = store.create_conversation("t")
    save_chat(store, cid, "hello")
    store.delete(cid)
    assert store.get_conversation(cid).deleted_at is not None
    assert rows(store, "messages") == 1
    store.restore(cid)
    assert store.get_conversation(cid).deleted_at is None
    assert [c.id for c in store.list_conversations(5)] == [cid]


def test_purge_deletes_messages_and_attachments(store):
    cid = store.create_conversation("t")
    [m] = save_chat(store, cid, "with a file")
    store.add_attachment(m.id, "image", {"name": "cat.png"})
    store.purge(cid)
    assert (rows(store, "conversations"), rows(store, "messages"), rows(store, "attachments")) == (
        0,
        0,
        0,
    )
    with pytest.raises(ConversationNotFound):
        store.purge(cid)


def test_purge_trash_respects_age(store):
    old = store.create_conversation("old")
    new = store.create_conversation("new")
    alive = store.create_conversation("alive")
    store.delete(old)
    store.delete(new)
    with store._engine.begin() as conn:
        conn.execute(
            text("update conversations set deleted_at = now() - interval '40 days' where id = :id"),
            {"id": old},
        )
    assert store.purge_trash(timedelta(days=30)) == 1
    assert {c.id for c in store.list_conversations(10, include_deleted=True)} == {new, alive}
    assert store.purge_trash() == 1
    assert [c.id for c in store.list_conversations(10, include_deleted=True)] == [alive]


def test_update_metadata_merges_without_touching_updated_at(store):
    cid = store.create_conversation("t", {"source_id": "x:1"})
    before = store.get_conversation(cid).updated_at
    store.update_metadata(cid, {"view": "anthropic"})
    conv = store.get_conversation(cid)
    assert conv.metadata == {"source_id": "x:1", "view": "anthropic"}
    assert conv.updated_at == before


def test_source_ids_are_unique(store):
    store.create_conversation("a", {"source_id": "chatgpt:abc"})
    with pytest.raises(InvalidMessage, match="conflicts"):
        store.create_conversation("b", {"source_id": "chatgpt:abc"})
    assert rows(store, "conversations") == 1


# --- search -------------------------------------------------------------------------------


def test_search_ranks_matches_and_highlights_them(store):
    a = store.create_conversation("Gardening")
    save_chat(store, a, "Tomatoes need full sun and tomatoes need water.", "Water tomatoes deeply.")
    b = store.create_conversation("Cooking")
    save_chat(store, b, "A tomato sauce recipe, please.")
    hits = store.search("tomatoes")
    assert {h.conversation_id for h in hits} == {a, b}
    best = hits[0]
    assert best.conversation_id == a
    assert ("Tomatoes", True) in snippet_segments(best.snippet) or (
        "tomatoes",
        True,
    ) in snippet_segments(best.snippet)


def test_search_understands_web_search_syntax(store):
    cid = store.create_conversation("t")
    save_chat(store, cid, "the quick brown fox", "a slow brown dog", "quick thinking")
    found = lambda q: sorted(h.position for h in store.search(q))  # noqa: E731
    assert found('"brown fox"') == [0]
    assert found('"fox brown"') == []
    assert found("brown -fox") == [1]
    assert found("fox or dog") == [0, 1]
    assert found("quick") == [0, 2]


def test_search_finds_titles_and_skips_the_trash(store):
    titled = store.create_conversation("Quarterly budget review")
    trashed = store.create_conversation("budget draft")
    save_chat(store, trashed, "budget numbers")
    store.delete(trashed)
    hits = store.search("budget")
    assert [(h.conversation_id, h.message_id) for h in hits] == [(titled, None)]


def test_search_as_you_type_matches_the_last_word_as_a_prefix(store):
    cid = store.create_conversation("t")
    save_chat(store, cid, "pythonic generators explained")
    assert store.search("pyth") == []
    assert [h.conversation_id for h in store.search("pyth", as_you_type=True)] == [cid]
    assert [h.conversation_id for h in store.search("generators pyth", as_you_type=True)] == [cid]


@pytest.mark.parametrize(
    "query", ["", "   ", "the", "!!!", "'", '"', "a & b | c", "-", "(unbalanced"]
)
def test_odd_queries_return_quietly(store, query):
    cid = store.create_conversation("t")
    save_chat(store, cid, "some text")
    assert isinstance(store.search(query), list)
    assert isinstance(store.search(query, as_you_type=True), list)
    assert isinstance(store.list_conversations(5, query=query), list)


# --- attachments --------------------------------------------------------------------------


def test_attachments_are_listed_per_message_and_per_conversation(store):
    cid = store.create_conversation("t")
    m1, m2 = save_chat(store, cid, "a", "b")
    a1 = store.add_attachment(m1.id, "image", {"name": "a.png", "size": 10})
    a2 = store.add_attachment(m2.id, "file", {"name": "b.pdf"})
    assert [a.id for a in store.list_attachments(m1.id)] == [a1.id]
    assert [a.id for a in store.list_attachments(conversation_id=cid)] == [a1.id, a2.id]
    assert store.list_attachments(m1.id)[0].metadata == {"name": "a.png", "size": 10}


def test_an_attachment_needs_a_real_message_and_a_type(store):
    with pytest.raises(InvalidMessage, match="no message with id"):
        store.add_attachment(uuid.uuid4(), "image", {})
    cid = store.create_conversation("t")
    [m] = save_chat(store, cid, "a")
    with pytest.raises(InvalidMessage, match="attachment type"):
        store.add_attachment(m.id, "", {})
    assert rows(store, "attachments") == 0


# --- importing ----------------------------------------------------------------------------


def test_import_conversation_writes_everything_in_one_go_and_only_once(store):
    then = datetime(2024, 3, 1, tzinfo=UTC)
    msgs = [
        NewMessage(
            chat(f"m {i}"), "openai", "gpt-4", "openai-chat", created_at=then + timedelta(seconds=i)
        )
        for i in range(4)
    ]
    cid = store.import_conversation(
        msgs, title="Imported", metadata={"source_id": "chatgpt:1"}, created_at=then
    )
    assert cid is not None
    conv = store.get_conversation(cid)
    assert (conv.title, conv.message_count, conv.created_at) == ("Imported", 4, then)
    assert conv.updated_at == then + timedelta(seconds=3)
    assert (
        store.import_conversation(msgs, title="Again", metadata={"source_id": "chatgpt:1"}) is None
    )
    assert (rows(store, "conversations"), rows(store, "messages")) == (1, 4)


def test_a_failed_import_leaves_no_half_written_conversation(store):
    msgs = [
        NewMessage(chat("ok"), "openai", "gpt-4", "openai-chat"),
        NewMessage(chat("bad"), "openai", "", "openai-chat"),
    ]
    with pytest.raises(InvalidMessage):
        store.import_conversation(msgs, title="Broken", metadata={"source_id": "x:2"})
    assert (rows(store, "conversations"), rows(store, "messages")) == (0, 0)


def test_import_with_and_without_message_times_keeps_updated_at_right(store):
    then = datetime(2024, 3, 1, tzinfo=UTC)
    msgs = [
        NewMessage(chat("timed"), "openai", "gpt-4", "openai-chat", created_at=then),
        NewMessage(chat("untimed"), "openai", "gpt-4", "openai-chat"),
    ]
    cid = store.import_conversation(
        msgs, title="Mixed", metadata={"source_id": "x:mixed"}, created_at=then
    )
    loaded = store.load_messages(cid)
    assert loaded[0].created_at == then
    assert loaded[1].created_at > then
    assert store.get_conversation(cid).updated_at == loaded[1].created_at


def _ui(mid: str, role: str, text_: str) -> NewMessage:
    raw = {"id": mid, "role": role, "parts": [{"type": "text", "text": text_}]}
    return NewMessage(raw, "anthropic", "claude-sonnet-4-5", "ai-sdk-ui")


def test_a_newer_export_extends_the_stored_conversation(store):
    first = [_ui("a", "user", "Plan a trip"), _ui("b", "assistant", "Where to?")]
    meta = {"source_id": "ai-sdk:trip", "ai_sdk_chat": {"v": 1}}
    created = store.import_or_extend(first, title="Trip", metadata=meta)
    assert created.created and created.added == 2
    cid = created.conversation_id
    store.rename(cid, "My trip")
    store.update_metadata(cid, {"view": "gemini"})

    later = [*first, _ui("c", "user", "Lisbon"), _ui("d", "assistant", "Lovely in May.")]
    outcome = store.import_or_extend(
        later, title="Trip", metadata={**meta, "ai_sdk_chat": {"v": 2}}
    )
    assert (outcome.conversation_id, outcome.created, outcome.added) == (cid, False, 2)
    assert [m.raw["id"] for m in store.load_messages(cid)] == ["a", "b", "c", "d"]
    assert [m.position for m in store.load_messages(cid)] == [0, 1, 2, 3]
    stored = store.get_conversation(cid)
    # The user's rename and the app's own keys stay; the source's metadata is refreshed.
    assert stored.title == "My trip"
    assert stored.metadata["view"] == "gemini"
    assert stored.metadata["ai_sdk_chat"] == {"v": 2}
    assert [h.message_id is not None for h in store.search("Lisbon")] == [True]

    again = store.import_or_extend(later, title="Trip", metadata=meta)
    assert (again.created, again.added, again.unmerged) == (False, 0, None)
    older = store.import_or_extend(first, title="Trip", metadata=meta)
    assert (older.added, older.unmerged) == (0, None)
    assert store.counts().messages == 4


def test_an_export_that_is_not_an_append_is_left_as_stored(store):
    first = [_ui("a", "user", "Plan a trip"), _ui("b", "assistant", "Where to?")]
    meta = {"source_id": "ai-sdk:trip"}
    cid = store.import_or_extend(first, metadata=meta).conversation_id
    edited = [
        _ui("a", "user", "Plan a trip"),
        _ui("b2", "assistant", "Where?"),
        _ui("c", "user", "x"),
    ]
    outcome = store.import_or_extend(edited, metadata=meta)
    assert outcome.added == 0 and outcome.unmerged and "not an append" in outcome.unmerged
    assert [m.raw["id"] for m in store.load_messages(cid)] == ["a", "b"]

    store.delete(cid)
    longer = [*first, _ui("c", "user", "Lisbon")]
    trashed = store.import_or_extend(longer, metadata=meta)
    assert trashed.added == 0 and trashed.unmerged == "it is in the trash"
    assert store.counts().messages == 2
    # import_conversation itself never extends.
    assert store.import_conversation(longer, metadata=meta) is None


def test_trashed_at_reads_the_trash_state_and_names_a_missing_conversation(store):
    cid = store.create_conversation("to the trash")
    assert store.trashed_at(cid) is None
    store.delete(cid)
    assert store.trashed_at(cid) == store.get_conversation(cid).deleted_at is not None
    with pytest.raises(ConversationNotFound):
        store.trashed_at(uuid.uuid4())
