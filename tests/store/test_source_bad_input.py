"""Bad input for every extra source: one line naming the problem, never a traceback."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from store.importers import extra_sources
from store.importers.errors import ImportFileError, TruncatedFile
from store.importers.records import Conversation, Failed
from tests.conftest import EXPORT_FIXTURES
from tests.store.sources_helpers import detect, sample

JSON_SAMPLES = [
    sample("openwebui_export.json"),
    sample("librechat_export.json"),
    sample("librechat_flat_branches.json"),
    sample("grok_export.json"),
    sample("aistudio_prompt.json"),
    EXPORT_FIXTURES / "llm_logs_json_docs_example_2025.json",
]
SESSIONS = [sample("claude_code_session.jsonl"), sample("codex_session_2026.jsonl")]
_WRONG: tuple[Any, ...] = (None, 7, "text", [], {}, [1, [2]])


def _read(path: Path, kind: str | None) -> list[Any]:
    assert kind is not None
    return list(
        extra_sources.read(kind, lambda: path.open("rb"), str(path), path.stat().st_size, 1 << 27)
    )


def _one_line(exc: BaseException) -> str:
    text = str(exc)
    assert text and "\n" not in text and "Traceback" not in text
    return text


def _places(value: Any, depth: int = 0) -> Iterator[tuple[Any, Any]]:
    """(container, key) of the values in the first two items of each list, four levels deep."""
    if depth > 4:
        return
    if isinstance(value, dict):
        for key in list(value)[:40]:
            yield value, key
            yield from _places(value[key], depth + 1)
    elif isinstance(value, list):
        for index in range(min(2, len(value))):
            yield value, index
            yield from _places(value[index], depth + 1)


@pytest.mark.parametrize("path", JSON_SAMPLES, ids=lambda p: p.name)
def test_a_value_of_the_wrong_type_anywhere_is_a_one_line_failure(path: Path, tmp_path) -> None:
    original = json.loads(path.read_text(encoding="utf-8"))
    kind = detect(path)
    assert kind is not None
    target = tmp_path / path.name
    tried = 0
    for container, key in list(_places(original)):
        saved = container[key]
        for wrong in _WRONG:
            container[key] = wrong
            target.write_text(json.dumps(original), encoding="utf-8")
            container[key] = saved
            tried += 1
            try:
                results = _read(target, kind)
            except ImportFileError as exc:
                _one_line(exc)
                continue
            for result in results:
                if isinstance(result, Failed):
                    assert "\n" not in result.reason
                else:
                    assert isinstance(result, Conversation) or result.reason
    assert tried > 50


@pytest.mark.parametrize("path", SESSIONS, ids=lambda p: p.name)
def test_a_session_line_of_the_wrong_type_refuses_the_session_in_one_line(
    path: Path, tmp_path
) -> None:
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    kind = detect(path)
    target = tmp_path / path.name
    for index in range(min(len(lines), 12)):
        for container, key in list(_places(lines[index])):
            saved = container[key]
            for wrong in _WRONG:
                container[key] = wrong
                target.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
                container[key] = saved
                try:
                    _read(target, kind)
                except ImportFileError as exc:
                    _one_line(exc)


@pytest.mark.parametrize("path", SESSIONS, ids=lambda p: p.name)
def test_a_truncated_session_is_refused_naming_the_line(path: Path, tmp_path) -> None:
    data = path.read_bytes()
    lines = data.count(b"\n")
    cut = tmp_path / path.name
    cut.write_bytes(data[: data.rindex(b"\n", 0, len(data) - 1) + 40])
    with pytest.raises(ImportFileError) as caught:
        _read(cut, detect(path))
    assert _one_line(caught.value) == f"the file ends in the middle of line {lines} (truncated?)"


@pytest.mark.parametrize("path", SESSIONS, ids=lambda p: p.name)
def test_a_bad_line_in_the_middle_refuses_the_whole_session(path: Path, tmp_path) -> None:
    lines = path.read_bytes().splitlines(keepends=True)
    middle = len(lines) // 2
    broken = tmp_path / path.name
    broken.write_bytes(b"".join([*lines[:middle], b'{"type": "user", \n', *lines[middle:]]))
    with pytest.raises(ImportFileError) as caught:
        _read(broken, detect(path))
    assert _one_line(caught.value).startswith(f"line {middle + 1} is not valid JSON")


def test_a_session_line_that_is_not_utf8_is_named(tmp_path) -> None:
    lines = sample("claude_code_session.jsonl").read_bytes().splitlines(keepends=True)
    lines[2] = lines[2].replace(b"function", b"fonction\xe9")
    path = tmp_path / "s.jsonl"
    path.write_bytes(b"".join(lines))
    with pytest.raises(ImportFileError) as caught:
        _read(path, detect(path))
    assert _one_line(caught.value) == "line 3 is not valid UTF-8"


def test_a_truncated_openwebui_export_keeps_the_chats_before_the_cut(tmp_path) -> None:
    path = sample("openwebui_export.json")
    rows = json.loads(path.read_text(encoding="utf-8"))
    text = json.dumps(rows)
    cut = tmp_path / "chats.json"
    cut.write_text(text[: text.index('"id": "simple-chat"') + 30], encoding="utf-8")
    got: list[Any] = []
    with pytest.raises(TruncatedFile) as caught:
        for result in extra_sources.read(
            extra_sources.OPENWEBUI, lambda: cut.open("rb"), str(cut), 0, 1 << 27
        ):
            got.append(result)
    _one_line(caught.value)
    assert [r.source_id for r in got] == [f"openwebui:{r['id']}" for r in rows[:2]]


def test_one_bad_chat_fails_alone_and_the_others_convert(tmp_path) -> None:
    rows = json.loads(sample("openwebui_export.json").read_text(encoding="utf-8"))
    broken = copy.deepcopy(rows)
    broken[1]["chat"]["history"]["messages"]["ta1"]["role"] = "wizard"
    path = tmp_path / "chats.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    results = extra_sources.read_path(path)
    assert [type(r).__name__ for r in results] == ["Conversation", "Failed", "Conversation"]
    failed = results[1]
    assert isinstance(failed, Failed)
    assert failed.label == rows[1]["title"]
    assert failed.reason == "message ta1 has role 'wizard'"


def test_an_llm_row_of_the_wrong_type_refuses_the_file(tmp_path) -> None:
    rows = json.loads((EXPORT_FIXTURES / "llm_logs_json_docs_example_2025.json").read_text())
    rows[0]["prompt"] = 42
    path = tmp_path / "logs.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        extra_sources.read_path(path)
    assert _one_line(caught.value) == f"row {rows[0]['id']}: prompt is not text"


def test_utf16_files_are_left_to_the_general_sniffer(tmp_path) -> None:
    # The general importer refuses UTF-16 with its own one-line error ("save it as UTF-8").
    for source in (*JSON_SAMPLES, *SESSIONS):
        path = tmp_path / source.name
        path.write_bytes(source.read_text(encoding="utf-8").encode("utf-16"))
        kind = detect(path)
        if kind is not None:  # json.loads reads UTF-16 lines: the session is then refused
            with pytest.raises(ImportFileError) as caught:
                _read(path, kind)
            _one_line(caught.value)


def test_broken_parent_links_keep_what_can_be_walked_and_say_where_it_stopped(tmp_path) -> None:
    rows = json.loads(sample("openwebui_export.json").read_text(encoding="utf-8"))
    missing, looped, lost = copy.deepcopy(rows)
    missing["chat"]["history"]["messages"]["ra1"]["parentId"] = "gone"
    looped["chat"]["history"]["messages"]["ta1"]["parentId"] = "ta2"
    del lost["chat"]["history"]["currentId"]
    path = tmp_path / "chats.json"
    path.write_text(json.dumps([missing, looped, lost]), encoding="utf-8")

    results = extra_sources.read_path(path)

    assert all(isinstance(r, Conversation) for r in results)
    notes = [r.metadata["notes"] for r in results]
    assert notes[0] == ["message gone is referenced but missing; the walk stopped there"]
    assert notes[1] == ["the parent links loop at ta2; the walk stopped there"]
    assert notes[2] == ["history.currentId is missing; the newest leaf was taken as the branch"]
    assert [len(r.messages) for r in results] == [2, 2, 2]  # nothing before the break is lost
