"""A directory import names every file it did not import, with the reason."""

from __future__ import annotations

import json
import shutil

from tests.cli.helpers import fixture, rows, threadkeep
from tests.store.sources_helpers import sample


def test_a_directory_import_lists_every_file_it_passed_over(store, tmp_path):
    folder = tmp_path / "takeout"
    folder.mkdir()
    export = fixture("chatgpt_export_2023_subset.json")
    (folder / "conversations.json").write_text(json.dumps(export))
    shutil.copy(sample("grok_export.json"), folder / "prod-grok-backend.json")
    (folder / "user.json").write_text('{"id": "user-1", "email": "a@b"}')
    (folder / "empty.json").write_text("[]")
    (folder / "chat.html").write_text("<html><body>chats</body></html>")
    (folder / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (folder / "b.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))

    result = threadkeep("import", str(folder))

    assert result.returncode == 0, result.stdout + result.stderr
    grok = json.loads(sample("grok_export.json").read_text(encoding="utf-8"))
    assert rows(store, "conversations") == len(export) + len(grok["conversations"])
    out = result.stdout
    assert "passed:    5 files not imported:" in out
    assert f"{folder}/user.json: holds " in out and "not a format threadkeep imports" in out
    assert f"{folder}/empty.json: holds no conversations (an empty array)" in out
    assert "not conversations (images, HTML, other files): 2 .png, 1 .html" in out
    assert "grok" not in out  # imported, so not passed over


def test_a_single_file_import_has_no_passed_over_line(store, tmp_path):
    result = threadkeep("import", str(sample("grok_export.json")))
    assert result.returncode == 0, result.stderr
    assert "passed:" not in result.stdout
