"""Search's two index paths, the statistics that choose between them, and snippets."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store import NewMessage
from store import search as search_module
from store.search_statistics import STAMP_SQL, SearchStatistics, Shares, WordShares
from store.snippets import HIGHLIGHT_END, HIGHLIGHT_START, make_snippet, snippet_segments


class Forced(SearchStatistics):
    """Statistics that send every query down one path."""

    def __init__(self, walk: bool) -> None:
        super().__init__()
        # A word in every row of a million walks; no statistics at all never walks.
        shares = WordShares(1e6, floor=1.0) if walk else WordShares(0.0)
        self._forced = Shares(messages=shares, titles=shares)

    def current(self, cursor: object, stamp: object) -> Shares:
        return self._forced


def search_by(store, statistics: SearchStatistics, query: str, limit: int = 50):
    with store._search_connection() as conn:
        return search_module.search(conn, query, limit=limit, statistics=statistics)


def seed(store, conversations: int, per_conversation: int, body) -> list:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    ids = []
    n = 0
    for c in range(conversations):
        cid = store.create_conversation(f"chat {c} {'common' if c % 2 else 'plain'}")
        ids.append(cid)
        store.save_messages(
            cid,
            (
                NewMessage(
                    raw={"role": "user", "content": body(n + i)},
                    provider="openai",
                    model="gpt-4o",
                    format="openai-chat",
                    created_at=start + timedelta(minutes=n + i),
                )
                for i in range(per_conversation)
            ),
        )
        n += per_conversation
    return ids


def body(n: int) -> str:
    rare = " zanzibar" if n % 97 == 0 else ""
    return f"message {n}: a common word, and another common one{rare}"


def hits_of(hits) -> list[tuple]:
    return [(h.conversation_id, h.message_id, h.snippet, round(h.rank, 6)) for h in hits]


@pytest.mark.parametrize("query", ["common", "zanzibar", "common zanzibar", "commo", "plain"])
def test_both_paths_find_the_same_newest_matches(store, query):
    ids = seed(store, 30, 20, body)
    store.delete(ids[-1])  # the newest conversation is in the trash
    store.refresh_search_statistics()
    walked = search_by(store, Forced(walk=True), query)
    indexed = search_by(store, Forced(walk=False), query)
    assert hits_of(walked) == hits_of(indexed)
    assert hits_of(store.search(query)) == hits_of(indexed)
    assert all(h.conversation_id != ids[-1] for h in walked)


def test_a_frequent_word_is_ranked_among_the_newest_matches(store):
    seed(store, 30, 20, body)
    store.refresh_search_statistics()
    hits = search_by(store, Forced(walk=True), "word")  # in every message, in no title
    assert len(hits) == 50
    # The 100 newest of 600 messages are ranked; nothing older can be among the hits.
    oldest_allowed = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=600 - 100)
    assert min(h.created_at for h in hits) >= oldest_allowed


def test_the_store_reads_which_words_are_frequent_from_postgres(store):
    seed(store, 30, 20, body)
    store.refresh_search_statistics()
    with store._search_connection() as conn:
        cur = conn.connection.driver_connection.cursor()
        cur.execute(f"select {STAMP_SQL}")
        shares = SearchStatistics().current(cur, cur.fetchone()[0])
    assert shares.messages.rows == pytest.approx(600, rel=0.1)
    assert shares.messages.word("common", prefix=False) == pytest.approx(1.0)
    assert shares.messages.word("zanzibar", prefix=False) < 0.05
    # √(100 × 600) ≈ 245 matches decide: 600 are walked, 7 come from the index.
    assert shares.messages.walks("'common'", pool=100)
    assert not shares.messages.walks("'zanzibar'", pool=100)
    assert shares.titles.word("common", prefix=False) == pytest.approx(0.5)


# --- estimates ----------------------------------------------------------------------------

SHARES = WordShares(
    1_000_000,
    {"cat": 0.5, "dog": 0.2, "doge": 0.01, "fish": 0.001},
    ("cat", "dog", "doge", "fish"),
    floor=0.0001,
)


@pytest.mark.parametrize(
    ("tsquery", "share"),
    [
        ("'cat'", 0.5),
        ("'zebra'", 0.0001),
        ("'cat' & 'dog'", 0.1),
        ("'cat' | 'dog'", 0.6),
        ("'cat' & !'dog'", 0.4),
        ("'cat' <-> 'dog'", 0.1),
        ("'cat' <2> 'dog'", 0.1),
        ("'dog':*", 0.21),
        ("'do':*", 0.21),
        ("'zeb':*", 0.0001),
        ("'cat' & ( 'dog' | 'fish' )", 0.5 * (0.2 + 0.001 - 0.0002)),
        ("'cat' | 'dog' & 'fish'", 0.5 + 0.0002 - 0.5 * 0.0002),
        ("'cat':A", 0.5),
        ("'it''s'", 0.0001),
    ],
)
def test_a_query_is_estimated_from_its_words(tsquery, share):
    assert SHARES.matches(tsquery) == pytest.approx(share * 1_000_000)


@pytest.mark.parametrize("tsquery", ["'cat' &", "( 'cat'", "'cat' 'dog'", "&", "'unclosed"])
def test_an_estimate_of_what_cannot_be_read_takes_the_index(tsquery):
    assert SHARES.matches(tsquery) == 0
    assert not SHARES.walks(tsquery, pool=100)


def test_the_walk_is_taken_above_the_square_root_of_pool_times_rows():
    # √(100 × 1,000,000) = 10,000 matches: a share of 1%.
    assert SHARES.walks("'doge' | 'fish'", pool=100)  # 1.1%
    assert not SHARES.walks("'fish'", pool=100)  # 0.1%
    assert not WordShares(0.0).walks("'cat'", pool=100)


@given(st.text(alphabet="'&|!()<->:*ab 1", max_size=40))
def test_any_query_text_gets_an_estimate_or_none(tsquery):
    assert SHARES.matches(tsquery) >= 0


# --- snippets -----------------------------------------------------------------------------

WORD = re.compile(r"\w")


def plain(snippet: str) -> str:
    return snippet.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, "").strip("…")


# Derived text keeps line breaks and tabs but no other control characters.
TEXT = st.text(
    st.one_of(st.characters(exclude_categories=("Cc", "Cs")), st.sampled_from("\n\t\r ")),
    max_size=400,
)


@settings(max_examples=300)
@given(
    before=TEXT,
    after=TEXT,
    word=st.sampled_from(["Tomato", "tomatoes", "TOMATO", "happy", "Happiness"]),
)
def test_a_snippet_shows_the_first_match_highlighted_on_one_line(before, after, word):
    body = f"{before} {word} {after}"
    stems = ("tomato", "happi")
    snippet = make_snippet(body, stems)
    assert "\n" not in snippet and "  " not in snippet
    assert plain(snippet) in " ".join(body.split())
    highlighted = [t for t, on in snippet_segments(snippet) if on]
    assert highlighted, "the match is highlighted"
    for text_ in highlighted:
        assert text_.lower().startswith(("tomato", "happ"))
    # Each highlight is a whole word: no word character runs into it from the left.
    for segment, (text_, on) in zip(
        snippet_segments(snippet)[1:], snippet_segments(snippet), strict=False
    ):
        if segment[1] and not on:
            assert not WORD.match(text_[-1:] or " ")


def test_a_word_inside_another_is_not_a_match():
    snippet = make_snippet("cherrytomato and then a tomato", ("tomato",))
    assert [t for t, on in snippet_segments(snippet) if on] == ["tomato"]
    assert snippet_segments(snippet)[0] == ("cherrytomato and then a ", False)


def test_letters_whose_lower_case_is_longer_do_not_shift_the_highlight():
    snippet = make_snippet("İİİ İstanbul and tomato soup", ("tomato",))
    assert [t for t, on in snippet_segments(snippet) if on] == ["tomato"]


# --- one parser for the app and the command line ------------------------------------------


def _two_languages(store) -> list:
    ids = []
    for title, words in (("Mobile A", "kotlin coroutines"), ("Mobile B", "flutter widgets")):
        cid = store.create_conversation(title)
        store.save_message(
            cid,
            {"role": "user", "content": f"about {words}"},
            "openai",
            "gpt-4o",
            format="openai-chat",
        )
        ids.append(cid)
    return ids


@pytest.mark.parametrize("typed", ["kotlin or flutter", "kotlin or flut", "kotlin OR flu"])
def test_or_with_a_word_being_typed_finds_what_the_command_line_finds(store, typed):
    _two_languages(store)
    cli = {h.conversation_id for h in store.search("kotlin or flutter")}
    assert len(cli) == 2
    assert {h.conversation_id for h in store.search(typed, as_you_type=True)} == cli


def test_and_stays_the_default_while_typing(store):
    _two_languages(store)
    assert store.search("kotlin flut", as_you_type=True) == []


@pytest.mark.parametrize("as_you_type", [False, True])
def test_a_query_of_common_words_only_says_so(store, as_you_type):
    _two_languages(store)
    assert store.search("the and of", as_you_type=as_you_type) == []
    assert store.search_note("the and of", as_you_type=as_you_type) == (
        "only common words: the, and, of"
    )
    assert store.search_note("kotlin the", as_you_type=as_you_type) == ""
    assert store.search_note("zzqqxx", as_you_type=as_you_type) == ""


def test_hits_inside_one_conversation_come_in_order(store):
    cid = store.create_conversation("long")
    for i in range(6):
        text = "the fjord again" if i in (1, 4) else f"nothing {i}"
        store.save_message(
            cid, {"role": "user", "content": text}, "openai", "gpt-4o", format="openai-chat"
        )
    hits = store.hits_in_conversation(cid, "fjords")
    assert hits.positions == (1, 4)
    assert hits.stems == ("fjord",)
    assert store.hits_in_conversation(cid, "fjo", as_you_type=True).positions == (1, 4)
