"""Build a realistic synthetic archive through the store's bulk path.

    uv run python bench/generate.py --conversations 20000 --messages 1000000 --name search-1m

N conversations holding M messages in all, in every stored format, with reasoning and
tool calls, log-normal text lengths, and some conversations that change provider midway.
The archive lives in bench/.out/<name> (its own data dir). Other benchmarks call
`ensure_archive()` so that one archive serves several runs.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_home, use_home
from bench.synthetic import PROFILES, Profile, TextSource, conversation
from store import NewMessage, Store, open_store
from store.derive import derive

# How often each profile starts a conversation; chat-completions style dominates real logs.
_WEIGHTS = (14, 18, 8, 6, 16, 10, 10, 12, 6)
_START = datetime(2023, 1, 1, tzinfo=UTC)


def generate(
    store: Store,
    conversations: int,
    messages: int,
    *,
    long_conversation: int = 0,
    switch_share: float = 0.08,
    seed: int = 7,
    progress: bool = True,
) -> tuple[int, int, float]:
    """Write the archive; return (conversations, messages, seconds)."""
    src = TextSource(seed=seed)
    rng = src.rng
    mean_turns = max(1.0, messages / max(1, conversations) / 2.2)
    written_msgs = 0
    started = time.perf_counter()
    span = (datetime(2026, 11, 1, tzinfo=UTC) - _START).total_seconds()
    budget = messages - long_conversation
    for index in range(conversations):
        if index == conversations - 1 and long_conversation:
            turns = long_conversation // 2
        else:
            remaining_convs = max(1, conversations - index - (1 if long_conversation else 0))
            left = max(0, budget - written_msgs)
            mean = max(1.0, left / remaining_convs / 2.2) if index else mean_turns
            turns = max(1, min(400, int(rng.expovariate(1 / mean)) + 1))
        profile = rng.choices(PROFILES, weights=_WEIGHTS)[0]
        switch_to: Profile | None = None
        if turns > 3 and rng.random() < switch_share:
            switch_to = rng.choice([p for p in PROFILES if p.format != profile.format])
        begin = _START + timedelta(seconds=rng.random() * span)
        title = None if rng.random() < 0.2 else " ".join(src.words_(rng.randint(2, 6))).capitalize()
        cid = store.create_conversation(title, {"synthetic": True}, created_at=begin)
        batch: list[NewMessage] = []
        half = turns // 2
        for part, (p, count) in enumerate(
            ((profile, half if switch_to else turns), (switch_to, turns - half))
        ):
            if p is None or count <= 0:
                continue
            for raw, prof in conversation(src, p, count):
                moment = begin + timedelta(seconds=30 * len(batch) + part)
                batch.append(
                    NewMessage(raw, prof.provider, prof.model, prof.format, created_at=moment)
                )
        store.save_messages(cid, batch)
        written_msgs += len(batch)
        if progress and index % 500 == 0:
            rate = written_msgs / max(1e-9, time.perf_counter() - started)
            print(
                f"\r  {index + 1}/{conversations} conversations, {written_msgs} messages, {rate:,.0f} msg/s",
                end="",
                file=sys.stderr,
            )
    if progress:
        print(file=sys.stderr)
    return conversations, written_msgs, time.perf_counter() - started


def ensure_archive(
    name: str, conversations: int, messages: int, *, long_conversation: int = 0
) -> Store:
    """Open the named bench archive, generating it first if it is missing or smaller."""
    use_home(name)
    store = open_store()
    counts = store.counts()
    if (
        counts.conversations >= conversations
        and counts.messages >= messages * 0.95
        and derivation_current(store)
    ):
        return store
    if counts.conversations:
        store.close()
        _wipe(name)
        use_home(name)
        store = open_store()
    print(
        f"generating archive {name!r}: {conversations} conversations, ~{messages} messages",
        file=sys.stderr,
    )
    generate(store, conversations, messages, long_conversation=long_conversation)
    from sqlalchemy import text

    with store._engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("vacuum analyze"))
    return store


def derivation_current(store: Store, sample: int = 300) -> bool:
    """Whether stored roles and search texts are what the store derives today.

    An archive outlives changes to the derivation; searching one built by an older
    version would measure texts the store no longer writes.
    """
    with store._engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "select raw_message, format, role, content_text from messages "
            f"tablesample system (1) repeatable (7) limit {int(sample)}"
        ).all()
    return all(
        derived[0] == role and _words(derived[1]) == _words(text)
        for raw, fmt, role, text in rows
        for derived in [derive(raw, fmt)]
    )


def _words(text: str) -> Counter[str]:
    # JSONB orders object keys its own way, so tool arguments read back from the store
    # list their keys in another order than the text derived when the message came in.
    return Counter(re.findall(r"\w+", text))


def _wipe(name: str) -> None:
    from store.server import EmbeddedServer

    home = bench_home(name)
    EmbeddedServer(home).stop()
    shutil.rmtree(home, ignore_errors=True)
    # Copies of an archive in other engines go with it.
    for copy in home.parent.glob(f"{name}.*"):
        copy.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", type=int, default=2000)
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--long", type=int, default=0, help="make the last conversation this long")
    parser.add_argument("--name", default="archive")
    parser.add_argument("--fresh", action="store_true", help="delete the archive first")
    args = parser.parse_args()
    if args.fresh:
        _wipe(args.name)
    home = use_home(args.name)
    with open_store() as store:
        convs, msgs, seconds = generate(
            store, args.conversations, args.messages, long_conversation=args.long
        )
        counts = store.counts()
    print(
        f"wrote {convs} conversations and {msgs} messages in {seconds:.1f} s ({msgs / seconds:,.0f} msg/s) to {home}"
    )
    print(f"archive now holds {counts.conversations} conversations and {counts.messages} messages")


if __name__ == "__main__":
    main()
