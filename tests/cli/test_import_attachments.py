"""Attachments of ChatGPT and Claude exports: stored in Postgres, deduplicated, limited.

The zips are built here from real fixture conversations, with image parts and upload
records added in the shapes ChatGPT writes (exports.md §1.1, §1.4, §1.5).
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import zipfile
from pathlib import Path
from typing import Any

from tests.cli.helpers import EXPORT_FIXTURES, fixture, rows, threadkeep

UPLOAD = "file-2YvNQ6nKhXWbW3kUsmbFvT"
GENERATED = "file_00000000c4ac61f6a6bc1d3bbd04f4f8"
DALLE = "file-DaLLe9876Qw3rTy5UiOp1As"
MISSING = "file-Gone0000Gone0000Gone00"


def _png(size: int, seed: int = 0) -> bytes:
    return b"\x89PNG\r\n\x1a\n" + os.urandom(size - 8) if seed == 0 else bytes([seed]) * size


def _with_images(conversation: dict[str, Any]) -> dict[str, Any]:
    """The conversation with its first prompt showing an upload, a generated image and a
    DALL-E image, and naming a file the export lacks."""
    conversation = copy.deepcopy(conversation)
    node = next(
        n
        for n in conversation["mapping"].values()
        if n.get("message") and n["message"]["author"]["role"] == "user"
    )
    message = node["message"]
    text = message["content"]["parts"][0]
    message["content"] = {
        "content_type": "multimodal_text",
        "parts": [
            {
                "content_type": "image_asset_pointer",
                "asset_pointer": f"file-service://{UPLOAD}",
                "size_bytes": 2000,
                "width": 10,
                "height": 10,
            },
            {"content_type": "image_asset_pointer", "asset_pointer": f"sediment://{GENERATED}"},
            {"content_type": "image_asset_pointer", "asset_pointer": f"file-service://{DALLE}"},
            text,
        ],
    }
    message.setdefault("metadata", {})["attachments"] = [
        {"id": UPLOAD, "name": "cat.png", "size": 2000, "mime_type": "image/png"},
        {"id": MISSING, "name": "report.pdf", "size": 10, "mime_type": "application/pdf"},
    ]
    return conversation


def _chatgpt_zip(path: Path, images: dict[str, bytes]) -> tuple[Path, list[dict[str, Any]]]:
    export = fixture("chatgpt_export_2023_subset.json")[:2]
    export[0] = _with_images(export[0])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("conversations.json", json.dumps(export))
        out.writestr("chat.html", "<html></html>")
        for name, data in images.items():
            out.writestr(name, data)
    return path, export


def _images() -> dict[str, bytes]:
    return {
        f"{UPLOAD}-cat.png": _png(2000),
        f"user-abc123/{GENERATED}-6f1b0c1e-2f7a-4d5e-9c1a-0b1c2d3e4f50.png": _png(3000),
        f"dalle-generations/{DALLE}-0e9f.webp": _png(1500),
        "file-Unused111Unused111Unu-notes.txt": b"nobody refers to me",
    }


def _attachments(store, title: str) -> list[Any]:
    [summary] = [c for c in store.list_conversations() if c.title == title]
    return store.list_attachments(conversation_id=summary.id)


def test_a_chatgpt_zip_stores_the_files_its_messages_refer_to(store, tmp_path):
    images = _images()
    archive, export = _chatgpt_zip(tmp_path / "export.zip", images)

    result = threadkeep("import", str(archive))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "attachments: 3 stored, 1 not stored (their messages say why):" in result.stdout
    assert f"report.pdf: not in the export (no file named {MISSING})" in result.stdout
    listed = _attachments(store, export[0]["title"])
    by_name = {a.metadata["name"]: a for a in listed}
    assert set(by_name) == {
        "cat.png",
        "6f1b0c1e-2f7a-4d5e-9c1a-0b1c2d3e4f50.png",
        "0e9f.webp",
        "report.pdf",
    }
    cat = by_name["cat.png"]
    assert cat.type == "image" and cat.media_type == "image/png" and cat.size == 2000
    assert store.attachment_bytes(cat.id) == images[f"{UPLOAD}-cat.png"]
    assert cat.sha256 == hashlib.sha256(images[f"{UPLOAD}-cat.png"]).hexdigest()
    assert by_name["report.pdf"].sha256 is None
    assert "not in the export" in by_name["report.pdf"].metadata["note"]
    # The message is stored whole, its raw node untouched.
    assert rows(store, "blobs") == 3
    # The unreferenced upload is reported, not silently dropped.
    assert "passed:    2 files not imported:" in result.stdout


def test_reimporting_the_zip_adds_no_attachment_and_no_blob(store, tmp_path):
    archive, _ = _chatgpt_zip(tmp_path / "export.zip", _images())
    threadkeep("import", str(archive))
    before = rows(store, "attachments"), rows(store, "blobs")
    again = threadkeep("import", str(archive))
    assert again.returncode == 0
    assert (rows(store, "attachments"), rows(store, "blobs")) == before


def test_the_same_image_in_two_exports_is_one_blob(store, tmp_path):
    images = _images()
    threadkeep("import", str(_chatgpt_zip(tmp_path / "a.zip", images)[0]))
    second = json.loads(json.dumps(fixture("chatgpt_export_2023_subset.json")[2:3]))
    second[0] = _with_images(second[0])
    with zipfile.ZipFile(tmp_path / "b.zip", "w") as out:
        out.writestr("conversations.json", json.dumps(second))
        out.writestr(f"{UPLOAD}-cat.png", images[f"{UPLOAD}-cat.png"])
    result = threadkeep("import", str(tmp_path / "b.zip"))
    assert result.returncode == 0, result.stderr
    assert rows(store, "blobs") == 3
    assert rows(store, "attachments") == 8  # 4 named by each conversation


def test_an_unzipped_export_folder_finds_its_files_too(store, tmp_path):
    images = _images()
    folder = tmp_path / "export"
    folder.mkdir()
    archive, _ = _chatgpt_zip(tmp_path / "export.zip", images)
    with zipfile.ZipFile(archive) as z:
        z.extractall(folder)
    result = threadkeep("import", str(folder))
    assert result.returncode == 0, result.stderr
    assert "attachments: 3 stored" in result.stdout


def test_an_attachment_over_the_limit_is_a_note_and_its_message_imports(store, tmp_path):
    images = _images()
    images[f"{UPLOAD}-cat.png"] = _png(2 * 1024 * 1024 + 1)
    archive, export = _chatgpt_zip(tmp_path / "export.zip", images)

    result = threadkeep("import", "--max-attachment-mb", "1", str(archive))

    assert result.returncode == 0, result.stderr
    assert "cat.png: is 2.0 MB, over the 1 MB limit; not stored" in result.stdout
    assert rows(store, "conversations") == 2
    cat = next(
        a for a in _attachments(store, export[0]["title"]) if a.metadata["name"] == "cat.png"
    )
    assert cat.sha256 is None and "over the 1 MB limit" in cat.metadata["note"]


def test_an_attachment_that_is_a_bomb_is_refused_and_the_rest_imports(store, tmp_path):
    images = _images()
    # 8 MB of one byte deflates to a few KB: far beyond any real image's ratio.
    images[f"{UPLOAD}-cat.png"] = _png(8 * 1024 * 1024, seed=7)
    archive, export = _chatgpt_zip(tmp_path / "export.zip", images)

    result = threadkeep("import", str(archive))

    assert result.returncode == 0, result.stderr
    assert "cat.png: could not be read: inflates more than 200 times" in result.stdout
    assert rows(store, "conversations") == 2
    stored = [a for a in _attachments(store, export[0]["title"]) if a.sha256 is not None]
    assert len(stored) == 2


def test_claude_extracted_text_is_a_text_attachment_and_files_are_named(store, tmp_path):
    export = json.loads((EXPORT_FIXTURES / "claude_export_2024_artifacts.json").read_text())
    conversation = next(c for c in export if any(m.get("files") for m in c["chat_messages"]))
    first = conversation["chat_messages"][0]
    first["attachments"] = [
        {
            "file_name": "notes.md",
            "file_size": 12,
            "file_type": "text/markdown",
            "extracted_content": "# Notes\nhello",
        }
    ]
    path = tmp_path / "conversations.json"
    path.write_text(json.dumps(export))

    result = threadkeep("import", str(path))

    assert result.returncode == 0, result.stderr
    files = sum(len(m.get("files") or []) for m in conversation["chat_messages"])
    assert f"attachments: 1 stored, {files} not stored" in result.stdout
    listed = store.list_attachments(
        conversation_id=next(
            c.id for c in store.list_conversations() if c.title == conversation["name"]
        )
    )
    text = next(a for a in listed if a.type == "text")
    assert store.attachment_bytes(text.id) == b"# Notes\nhello"
    assert text.metadata["name"] == "notes.md" and text.media_type == "text/plain"
    named = [a for a in listed if a.type == "image" or a.type == "file"]
    assert len(named) == files and all("not in the export" in a.metadata["note"] for a in named)


def test_a_markdown_export_writes_the_attachments_beside_and_links_them(store, tmp_path):
    images = _images()
    archive, export = _chatgpt_zip(tmp_path / "export.zip", images)
    threadkeep("import", str(archive))
    [summary] = [c for c in store.list_conversations() if c.title == export[0]["title"]]
    target = tmp_path / "out" / "chat.md"
    target.parent.mkdir()

    result = threadkeep("export", str(summary.id), "--as", "markdown", "-o", str(target))

    assert result.returncode == 0, result.stderr
    folder = tmp_path / "out" / "chat_files"
    saved = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert len(saved) == 3
    cat = next(name for name in saved if name.endswith("-cat.png"))
    assert saved[cat] == images[f"{UPLOAD}-cat.png"]
    transcript = target.read_text(encoding="utf-8")
    assert f"- 📎 [cat.png](chat_files/{cat}) (image/png, 2.0 KB)" in transcript
    assert "- 📎 report.pdf (not stored: not in the export" in transcript
    # To stdout there is no folder: the attachments are named, not linked.
    piped = threadkeep("export", str(summary.id), "--as", "markdown")
    assert "- 📎 cat.png (image/png, 2.0 KB)" in piped.stdout


def test_only_names_that_start_with_a_real_file_id_are_taken_for_attachments():
    from store.importers.attachment_refs import file_id_of

    assert file_id_of(f"export.zip:{UPLOAD}-cat.png") == UPLOAD
    assert file_id_of(f"dir/user-abc/{GENERATED}-6f1b.png") == GENERATED
    assert file_id_of(f"{DALLE}.webp") == DALLE
    # A conversation file that happens to start with "file-" stays a conversation file.
    assert file_id_of("takeout/file-notes.json") is None
    assert file_id_of("conversations.json") is None


def test_conversations_written_at_once_sharing_an_image_store_it_once(store, tmp_path):
    # The import writes on several connections: each claims the image's hash in turn.
    export = [_with_images(c) for c in fixture("chatgpt_export_2023_subset.json")[:6]]
    images = _images()
    with zipfile.ZipFile(tmp_path / "shared.zip", "w") as out:
        out.writestr("conversations.json", json.dumps(export))
        for name, data in images.items():
            out.writestr(name, data)

    result = threadkeep("import", str(tmp_path / "shared.zip"))

    assert result.returncode == 0, result.stderr
    assert f"attachments: {3 * len(export)} stored" in result.stdout
    assert rows(store, "blobs") == 3
    assert rows(store, "attachments") == 4 * len(export)
