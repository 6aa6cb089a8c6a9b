"""Hostile input to the importer: nesting past the limit and huge single values.

Both are refused with one line, in flat memory, in time linear in the input.
"""

from __future__ import annotations

import io
import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.importers import ImportOptions, import_paths
from store.importers.errors import ImportFileError
from store.importers.nesting import MAX_DEPTH, NestingGuard, TooDeep
from store.importers.stream import CountingReader, json_items
from tests.store.helpers import run_python
from translate import VIEWS

# Characters that matter to a scanner of JSON text, and some that do not.
_TRICKY = st.text(alphabet=st.sampled_from('"\\[]{}:,/ \n\tab€😀\x00\x1f'), max_size=12)
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _TRICKY,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TRICKY, inner, max_size=4),
    max_leaves=40,
)


def _depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    return 0


def _feed(guard: NestingGuard, data: bytes, cuts: list[int]) -> None:
    start = 0
    for cut in [*sorted(cuts), len(data)]:
        guard.feed(data[start:cut], cut)
        start = cut


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    value=_VALUES,
    wrap=st.integers(0, 6),
    ascii_only=st.booleans(),
    indent=st.sampled_from([None, 1]),
    cuts=st.lists(st.floats(0, 1), max_size=12),
)
def test_the_guard_measures_nesting_exactly_wherever_the_reads_split(
    value, wrap, ascii_only, indent, cuts
):
    for _ in range(wrap):
        value = [value]
    data = json.dumps(value, ensure_ascii=ascii_only, indent=indent).encode()
    depth = _depth(value)
    positions = [int(c * len(data)) for c in cuts]
    _feed(NestingGuard(limit=depth), data, positions)  # exactly at the limit: accepted
    if depth:
        with pytest.raises(TooDeep):
            _feed(NestingGuard(limit=depth - 1), data, positions)


def test_brackets_and_escapes_inside_strings_do_not_count():
    text = json.dumps(["[[[[{{{{", 'a\\"[[[[', "\\\\", '"]]]]', "\\", {"k[": "{"}]).encode()
    for size in (1, 2, 3, 7, len(text)):
        guard = NestingGuard(limit=2)
        for i in range(0, len(text), size):
            guard.feed(text[i : i + size], i + size)


def _items(data: bytes, cap: int = 1 << 30) -> list:
    return list(json_items(CountingReader(io.BytesIO(data), cap)))


def test_nesting_at_the_limit_parses_and_one_more_level_is_refused():
    at_limit = b"[" * MAX_DEPTH + b"]" * MAX_DEPTH
    assert len(_items(at_limit)) == 1
    with pytest.raises(TooDeep, match=f"more than {MAX_DEPTH} levels deep"):
        _items(b"[" + at_limit + b"]")


def test_a_huge_string_is_refused_in_time_linear_in_its_size():
    """A 256 MB string refused at a 128 MB cap: yajl re-reads an open value at every
    read, so fixed 64 KB reads took minutes; reads that grow with the value take seconds."""
    value = b'[{"mapping": {}, "x": "' + b"a" * (256 << 20) + b'"}]'
    started = time.perf_counter()
    with pytest.raises(ImportFileError, match="more than 128 MB"):
        _items(value, 128 << 20)
    assert time.perf_counter() - started < 30


def test_many_values_split_across_reads_come_out_whole():
    texts = ["x" * n + '\\"[{' for n in (0, 1, 5 << 20, 9 << 20)]
    data = json.dumps([{"role": "user", "content": t} for t in texts]).encode()
    assert [item["content"] for item in _items(data)] == texts


_IMPORT_IN_A_CHILD = """
import json, resource, sys
from pathlib import Path
# A regression must fail this test, not take the machine's memory with it.
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
from store import open_store
from store.importers import import_paths
store = open_store()
summary = import_paths(store, [sys.argv[1]])
# The peak of this process's own memory (getrusage would count the forking parent's too).
status = Path("/proc/self/status").read_text()
peak = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
print(json.dumps({"error": summary.files[0].error, "peak_mb": peak / 1024}))
"""


def _import_in_a_child(path) -> dict:
    result = run_python(
        f"import sys; sys.argv[1:] = [{str(path)!r}]\n{_IMPORT_IN_A_CHILD}", timeout=300
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_200000_nested_brackets_are_refused_in_flat_memory(store, tmp_path):
    """400 KB of `[` then `]` once grew to 23 GB before the kernel killed the import."""
    path = tmp_path / "deep.json"
    path.write_bytes(b"[" * 200_000 + b"]" * 200_000)
    outcome = _import_in_a_child(path)
    error = outcome["error"]
    assert error.startswith(f"nests arrays and objects more than {MAX_DEPTH} levels deep")
    assert error.endswith("; threadkeep refuses JSON nested that deep")
    # Refused within the first read, long before the end of the file.
    assert int(error.split("before byte ")[1].split(")")[0]) < 400_000
    assert outcome["peak_mb"] < 200
    assert store.counts().conversations == 0


def test_deep_nesting_in_a_large_file_is_refused_before_it_is_parsed(store, tmp_path):
    """The nesting comes after 40 MB of ordinary messages and is 2 million levels deep."""
    path = tmp_path / "late.json"
    message = json.dumps({"role": "user", "content": "hello " * 100}).encode()
    with path.open("wb") as out:
        out.write(b"[" + b",".join([message] * 60_000) + b",")
        out.write(b"[" * 2_000_000 + b"]" * 2_000_000 + b"]")
    outcome = _import_in_a_child(path)
    assert "levels deep" in str(outcome["error"])
    assert outcome["peak_mb"] < 200
    assert store.counts().conversations == 0


def test_a_message_nested_to_the_limit_is_stored_and_translates_to_every_view(store, tmp_path):
    # The file's array, the message, its content and the call are four levels; the tool's
    # input holds the rest.
    nested: dict = {}
    for _ in range(MAX_DEPTH - 5):
        nested = {"a": nested}
    call = {"type": "tool_use", "id": "toolu_deep", "name": "deep", "input": nested}
    messages = [
        {"role": "user", "content": "go deep"},
        {"role": "assistant", "content": [call]},
    ]
    path = tmp_path / "deep-ok.json"
    path.write_text(json.dumps(messages))
    summary = import_paths(store, [path], ImportOptions(format="anthropic-messages"))
    assert summary.ok, summary.files[0]
    (conversation,) = store.list_conversations()
    assert store.load_conversation(conversation.id).payload[1] == messages[1]
    for view in VIEWS:
        store.load_conversation(conversation.id, view)
