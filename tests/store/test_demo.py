"""The demo's samples are JSON files shipped with the package, imported like real files."""

from __future__ import annotations

import json
from importlib import resources
from itertools import pairwise

from store.demo import build, load_demo, samples


def test_the_demo_writes_a_dozen_conversations_once(store):
    first = load_demo(store)
    assert (first.added, first.present) == (12, 0)
    assert first.messages == store.counts().messages == 366
    again = load_demo(store)
    assert (again.added, again.present, again.messages) == (0, 12, 0)
    assert store.counts().conversations == 12


def test_every_data_file_is_a_listed_sample():
    data = resources.files("store.demo").joinpath("data")
    files = {f.name for f in data.iterdir() if f.name.endswith(".json")}
    names = [s.name for s in samples()]
    assert len(names) == len(set(names)) == 12
    assert files == {"samples.json", *(f"{name}.json" for name in names)}
    for name in files:
        json.loads(data.joinpath(name).read_text("utf-8"))


def test_samples_keep_their_titles_times_and_what_their_format_cannot_say():
    built = {s.name: build(s) for s in samples()}
    log = built["rust-practice-log"]
    assert log.title == "Rust practice log: 160 days of quizzes"
    assert {(m.provider, m.model, m.format) for m in log.messages} == {
        ("openai", "gpt-4o-mini", "openai-chat")
    }
    assert len(log.messages) == 321
    # A sample without times of its own starts at `at`, one message every 40 s.
    times = [m.created_at for m in log.messages]
    assert times[0] is not None and times[0].isoformat() == "2026-02-01T08:00:00+00:00"
    assert all((b - a).total_seconds() == 40 for a, b in pairwise(times))
    kyoto = built["kyoto-provider-switch"]
    assert [m.provider for m in kyoto.messages if m.role == "assistant"] == [
        "anthropic",
        "openai",
        "google",
    ]
    # An export keeps its own title and times.
    sourdough = built["chatgpt-sourdough"]
    assert sourdough.source_id == "demo:chatgpt-sourdough"
    assert sourdough.metadata["demo"] is True
    assert sourdough.title == "Sourdough starter smells like acetone"
    assert sourdough.created_at is not None
    assert sourdough.created_at.isoformat() == "2026-03-14T09:11:58+00:00"
