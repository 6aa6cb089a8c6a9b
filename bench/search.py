"""Full-text search latency over 1M messages: threadkeep's store vs SQLite FTS5 (bm25).

    uv run python bench/search.py [--messages 1000000]

Both engines index the same message texts and answer the same queries, 50 ranked hits
with a snippet each. The query mix has frequent, middling and rare words and two-word
queries, drawn from the archive's own Zipf vocabulary. Prints p50 and p90 for each
engine and their ratios (threadkeep ÷ FTS5; below 1 means threadkeep is faster).
Budget (DESIGN §8): p50 ≤ 5 ms and p90 ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import OUT, machine, percentile
from bench.generate import ensure_archive
from bench.synthetic import TextSource
from store import Store

LIMIT = 50


def query_mix(
    keep: Callable[[str], bool] = lambda q: True, seed: int = 11
) -> list[tuple[str, str]]:
    """(kind, query) pairs drawn from the generator's vocabulary ranks.

    `keep` drops queries one engine would answer for free (English stop words, which
    the store ignores and FTS5 does not), so that both do the same work.
    """
    words = TextSource(seed=7).words  # same vocabulary as the archive
    # The generator draws words by rank order of this list, so rank = index + 1.
    rng = random.Random(seed)
    frequent = [w for w in words[:40] if keep(w)]
    middling = [w for w in words[200:3000] if keep(w)]
    rare = [w for w in words[8000:] if keep(w)]
    mix: list[tuple[str, str]] = []
    mix += [("frequent", w) for w in rng.sample(frequent, 25)]
    mix += [("middling", w) for w in rng.sample(middling, 25)]
    mix += [("rare", w) for w in rng.sample(rare, 25)]
    mix += [("two words", f"{rng.choice(frequent)} {rng.choice(middling)}") for _ in range(13)]
    mix += [("two words", f"{rng.choice(middling)} {rng.choice(rare)}") for _ in range(12)]
    rng.shuffle(mix)
    return mix


def build_fts5(store: Store, path: Path) -> sqlite3.Connection:
    """SQLite FTS5 over the same texts (porter stemming, like the store's English config)."""
    expected = store.counts().messages
    if path.exists():
        db = sqlite3.connect(path)
        try:
            if db.execute("select count(*) from fts").fetchone()[0] == expected:
                return db
        except sqlite3.Error:
            pass
        db.close()
        path.unlink()
    db = sqlite3.connect(path)
    db.execute("pragma journal_mode = off")
    db.execute("pragma synchronous = off")
    db.execute("create virtual table fts using fts5(body, tokenize = 'porter unicode61')")
    print("building the FTS5 index…", file=sys.stderr)
    with store._engine.connect() as conn:
        result = conn.exec_driver_sql("select content_text from messages").yield_per(20_000)
        batch: list[tuple[str]] = []
        for (body,) in result:
            batch.append((body or "",))
            if len(batch) >= 20_000:
                db.executemany("insert into fts (body) values (?)", batch)
                batch.clear()
        if batch:
            db.executemany("insert into fts (body) values (?)", batch)
    db.execute("insert into fts (fts) values ('optimize')")
    db.commit()
    return db


def time_queries(
    engines: dict[str, Callable[[str], object]], queries: list[tuple[str, str]], rounds: int
) -> dict[str, dict[str, list[float]]]:
    """Latency per engine and query in ms, grouped by kind: the best of `rounds` warm runs.

    The engines take turns on each query, so that a burst from other processes on the
    machine falls on both sides rather than on one engine's whole run.
    """
    out: dict[str, dict[str, list[float]]] = {name: {"all": []} for name in engines}
    for kind, query in queries:
        best = dict.fromkeys(engines, float("inf"))
        for run in engines.values():
            run(query)  # warm: both engines are measured with their pages in memory
        for _ in range(rounds):
            for name, run in engines.items():
                start = time.perf_counter()
                run(query)
                best[name] = min(best[name], time.perf_counter() - start)
        for name, seconds in best.items():
            out[name].setdefault(kind, []).append(seconds * 1000)
            out[name]["all"].append(seconds * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--conversations", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    name = "search-1m" if args.messages == 1_000_000 else f"search-{args.messages}"
    store = ensure_archive(name, args.conversations, args.messages)
    fts = build_fts5(store, OUT / f"{name}.fts5.sqlite")
    with store._engine.connect() as conn:
        # One query for the whole vocabulary: which words the English config drops.
        stop_words = set(
            conn.exec_driver_sql(
                "select w from unnest(%(words)s::text[]) w "
                "where numnode(websearch_to_tsquery('english', w)) = 0",
                {"words": TextSource(seed=7).words},
            ).scalars()
        )
    queries = query_mix(lambda w: w not in stop_words)

    def threadkeep(q: str) -> None:
        hits = store.search(q, LIMIT)
        assert isinstance(hits, list)

    def sqlite_fts5(q: str) -> None:
        fts.execute(
            "select rowid, snippet(fts, 0, char(2), char(3), ' … ', 24) from fts "
            "where fts match ? order by bm25(fts) limit ?",
            (" ".join(f'"{w}"' for w in q.split()), LIMIT),
        ).fetchall()

    timed = time_queries({"threadkeep": threadkeep, "fts5": sqlite_fts5}, queries, args.rounds)
    ours, theirs = timed["threadkeep"], timed["fts5"]
    counts = store.counts()
    print(f"machine: {machine()}")
    print(
        f"archive: {counts.messages:,} messages in {counts.conversations:,} conversations; {len(queries)} queries, {LIMIT} hits each"
    )
    print(
        f"{'queries':<12} {'threadkeep p50':>15} {'p90':>9} {'FTS5 p50':>10} {'p90':>9} {'ratio p50':>10} {'ratio p90':>10}"
    )
    for kind in ("all", "frequent", "middling", "rare", "two words"):
        a, b = ours[kind], theirs[kind]
        a50, a90, b50, b90 = (
            percentile(a, 0.5),
            percentile(a, 0.9),
            percentile(b, 0.5),
            percentile(b, 0.9),
        )
        print(
            f"{kind:<12} {a50:>12.1f} ms {a90:>6.1f} ms {b50:>7.1f} ms {b90:>6.1f} ms {a50 / b50:>10.2f} {a90 / b90:>10.2f}"
        )
    a50, a90 = percentile(ours["all"], 0.5), percentile(ours["all"], 0.9)
    verdict = "within" if a50 <= 5 and a90 <= 100 else "OVER"
    print(f"budget p50 ≤ 5 ms, p90 ≤ 100 ms: {verdict} (p50 {a50:.1f} ms, p90 {a90:.1f} ms)")
    store.close()


if __name__ == "__main__":
    main()
