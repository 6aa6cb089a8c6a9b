"""Bad input: one clear line on stderr, a non-zero exit, and nothing partial written."""

from __future__ import annotations

import json
import random
import subprocess
import zipfile
from pathlib import Path

import pytest

from store import NewMessage
from tests.cli.helpers import (
    EXPORT_FIXTURES,
    active_path,
    assert_one_line_error,
    fixture,
    rows,
    threadkeep,
    write,
)
from tests.store.helpers import threadkeep_peak_mb

GB = 1024**3


@pytest.fixture
def seeded(store):
    """A store that already holds one conversation, so 'unchanged' means something."""
    store.import_conversation(
        [NewMessage({"role": "user", "content": "keep me"}, "openai", "gpt-4o", "openai-chat")],
        title="Existing",
        metadata={"source_id": "test:existing"},
    )
    return store


def counts(store) -> tuple[int, int]:
    return rows(store, "conversations"), rows(store, "messages")


def refused(store, path: Path, *needles: str, args: tuple[str, ...] = ()) -> None:
    """Refused in one line, with nothing written."""
    before = counts(store)
    assert_one_line_error(threadkeep("import", *args, str(path)), str(path), *needles)
    assert counts(store) == before


def refused_in_mb(store, path: Path, *needles: str) -> float:
    """Refused by a real `threadkeep import` process, as `refused`; its peak memory in MB."""
    before = counts(store)
    result, peak_mb = threadkeep_peak_mb("import", str(path))
    assert_one_line_error(result, str(path), *needles)
    assert counts(store) == before
    return peak_mb


def test_truncated_json_keeps_the_whole_conversations_before_the_cut(seeded, tmp_path):
    export = fixture("chatgpt_export_2023_subset.json")
    text = json.dumps(export)
    # Cut in the middle of the sixth conversation.
    start_of_sixth = len(json.dumps(export[:5])) - 1
    cut = text[: start_of_sixth + 200]
    path = write(tmp_path / "conversations.json", cut)
    result = threadkeep("import", str(path))
    assert_one_line_error(result, "truncated", "5 conversations before it were imported")
    assert rows(seeded, "conversations") == 1 + 5
    assert rows(seeded, "messages") == 1 + sum(len(active_path(c)) for c in export[:5])
    # Running it on the complete file completes the import exactly.
    complete = threadkeep("import", str(EXPORT_FIXTURES / "chatgpt_export_2023_subset.json"))
    assert complete.returncode == 0, complete.stderr
    assert rows(seeded, "conversations") == 1 + len(export)


def test_a_truncated_message_file_writes_nothing(seeded, tmp_path):
    lines = [json.dumps({"role": "user", "content": f"question {i}"}) for i in range(10)]
    path = write(tmp_path / "log.jsonl", "\n".join(lines)[:-5])
    refused(seeded, path, "truncated")


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ('"just a string"', "a JSON string"),
        ("42", "a JSON number"),
        ("null", "null"),
        ("[1, 2, 3]", "a number"),
        ('[["a", "b"]]', "an array"),
        ('{"name": "not a chat", "items": []}', "not a format threadkeep imports"),
        ("[]", "no conversations"),
        ("", "empty"),
        ("this is not json", "not JSON"),
        ('\ufeff[{"a": 1}]', "not a format threadkeep imports"),
    ],
)
def test_wrong_top_level_types_are_refused(seeded, tmp_path, content, needle):
    refused(seeded, write(tmp_path / "input.json", content), needle)


def test_binary_garbage_is_refused(seeded, tmp_path):
    noise = random.Random(5).randbytes(64 * 1024)
    refused(seeded, write(tmp_path / "conversations.json", b"\x89PNG" + noise), "binary")


def test_invalid_utf8_is_refused(seeded, tmp_path):
    item = json.dumps(fixture("chatgpt_export_2025_single.json")[0]).encode()
    broken = b"[" + item.replace(b"photosynthesis", b"photo\xff\xfesynthesis", 1) + b"]"
    refused(seeded, write(tmp_path / "conversations.json", broken), "UTF-8")


def test_utf16_is_refused_with_a_hint(seeded, tmp_path):
    path = write(tmp_path / "conversations.json", "[]".encode("utf-16"))
    refused(seeded, path, "UTF-16")


def test_a_zip_without_conversations_is_refused(seeded, tmp_path):
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("user.json", '{"id": "user-1", "email": "a@b.c"}')
        archive.writestr("chat.html", "<html></html>")
        archive.writestr("file-abc-photo.png", b"\x89PNG\r\n\x1a\n" + bytes(100))
    refused(seeded, path, "no conversations")


def test_an_empty_zip_is_refused(seeded, tmp_path):
    path = tmp_path / "export.zip"
    zipfile.ZipFile(path, "w").close()
    refused(seeded, path, "no conversations")


def test_a_zip_bomb_is_stopped_by_what_it_inflates_to(seeded, tmp_path):
    path = tmp_path / "conversations.zip"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("conversations.json", "w", force_zip64=True) as member,
    ):
        member.write(b"[")
        for _ in range(8):
            member.write(b" " * (8 << 20))
        member.write(b"]")
    refused(seeded, path, "zip bomb")


@pytest.mark.parametrize(
    "name", ["../evil.json", "/etc/evil.json", "a/../../evil.json", "C:\\evil.json"]
)
def test_zip_entries_that_leave_the_archive_refuse_it(seeded, tmp_path, name):
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(EXPORT_FIXTURES / "chatgpt_export_2025_single.json", "conversations.json")
        archive.writestr(zipfile.ZipInfo(name), "[]")
    refused(seeded, path, "outside the archive")


def test_a_damaged_zip_is_refused(seeded, tmp_path):
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(EXPORT_FIXTURES / "chatgpt_export_2025_single.json", "conversations.json")
    data = path.read_bytes()
    refused(seeded, write(path, data[: len(data) // 2]), "zip")


def test_a_missing_file_is_refused(seeded, tmp_path):
    refused(seeded, tmp_path / "nope.json", "no such file")


def test_a_sparse_1gb_file_of_nuls_is_refused_without_reading_it(seeded, tmp_path):
    path = tmp_path / "conversations.json"
    subprocess.run(["truncate", "-s", "1G", str(path)], check=True)
    refused(seeded, path, "binary")


def test_a_1gb_file_of_whitespace_is_refused_in_flat_memory(seeded, tmp_path):
    path = tmp_path / "conversations.json"
    with path.open("wb") as out:
        chunk = b" \n" * (32 << 20)
        for _ in range(GB // len(chunk)):
            out.write(chunk)
    assert refused_in_mb(seeded, path, "only whitespace") < 400


def test_an_array_of_1gb_whitespace_is_refused_at_the_item_cap(seeded, tmp_path):
    path = tmp_path / "conversations.json"
    with path.open("wb") as out:
        out.write(b"[")
        out.truncate(GB)  # sparse NULs after the bracket: invalid JSON, found at once
    refused(seeded, path, "not valid JSON")
    with path.open("wb") as out:
        out.write(b"[")
        chunk = b" " * (64 << 20)
        for _ in range(4):
            out.write(chunk)
    refused(seeded, path, "more than 16 MB", args=("--max-conversation-mb", "16"))


def test_a_1gb_single_value_is_refused_in_flat_memory(seeded, tmp_path):
    path = tmp_path / "conversations.json"
    with path.open("wb") as out:
        out.write(b'[{"title": "huge", "mapping": {}, "x": "')
        chunk = b"a" * (64 << 20)
        for _ in range(GB // len(chunk)):
            out.write(chunk)
        out.write(b'"}]')
    assert refused_in_mb(seeded, path, "single item of more than 128 MB") < 600


def test_one_bad_conversation_fails_alone_with_its_reason(seeded, tmp_path):
    good = fixture("chatgpt_export_2025_single.json")[0]
    bad = {"id": "bad-1", "title": "Broken", "mapping": {"n": "not a node"}, "current_node": "n"}
    path = write(tmp_path / "conversations.json", json.dumps([bad, good, 7]))
    result = threadkeep("import", str(path))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "imported:  1 conversations" in result.stdout
    assert "failed:    2 conversations" in result.stdout
    assert rows(seeded, "conversations") == 2


def test_a_nul_character_fails_that_conversation_and_writes_none_of_it(seeded, tmp_path):
    conversation = fixture("chatgpt_export_2025_single.json")[0]
    text = json.dumps([conversation]).replace("Why is sunlight important?", "Why\\u0000?", 1)
    path = write(tmp_path / "conversations.json", text)
    result = threadkeep("import", str(path))
    assert result.returncode != 0
    assert "NUL" in result.stdout
    assert counts(seeded) == (1, 1)


def test_an_empty_path_is_refused_not_read_as_the_current_directory(seeded):
    before = counts(seeded)
    assert_one_line_error(threadkeep("import", ""), "empty path")
    assert counts(seeded) == before
