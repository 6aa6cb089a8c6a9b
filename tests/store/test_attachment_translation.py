"""Stored attachments in provider views: images and documents as base64 parts, within limits.

A ChatGPT zip is imported through the real store (tests/cli/test_import_attachments.py
builds it from a real fixture conversation); each view must then carry its files as the
target's own parts, valid for the official SDK types, and report what it cannot carry.
"""

from __future__ import annotations

import base64
import json
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import EXPORT_FIXTURES, fixture, threadkeep
from tests.cli.test_import_attachments import DALLE, GENERATED, MISSING, UPLOAD, _with_images
from tests.translate.schemas import strings_in, validate_payload

PDF_ID = "file-PdfPdfPdfPdfPdfPdfPdf0001"
TEXT_ID = "file-TxtTxtTxtTxtTxtTxtTxt0001"
PDF = b"%PDF-1.4\n" + b"1 0 obj << /Type /Catalog >> endobj\n" * 20 + b"%%EOF\n"
TEXT = b"Minutes of the meeting: ship on Friday.\n"
VIEWS = ("anthropic", "openai-responses", "openai-chat", "gemini")


def _import(tmp_path: Path, store: Any, cat: bytes) -> tuple[Any, dict[str, Any]]:
    export = fixture("chatgpt_export_2023_subset.json")[:1]
    conversation = _with_images(export[0])
    user = next(
        n["message"]
        for n in conversation["mapping"].values()
        if n.get("message") and n["message"]["author"]["role"] == "user"
    )
    user["metadata"]["attachments"] += [
        {"id": PDF_ID, "name": "paper.pdf", "size": len(PDF), "mime_type": "application/pdf"},
        {"id": TEXT_ID, "name": "minutes.txt", "size": len(TEXT), "mime_type": "text/plain"},
    ]
    export[0] = conversation
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("conversations.json", json.dumps(export))
        out.writestr(f"{UPLOAD}-cat.png", cat)
        out.writestr(f"user-abc/{GENERATED}-6f1b0c1e.png", b"\x89PNG\r\n\x1a\n" + b"g" * 100)
        out.writestr(f"dalle-generations/{DALLE}-0e9f.webp", b"RIFF\x00\x00\x00\x00WEBP" * 9)
        out.writestr(f"{PDF_ID}-paper.pdf", PDF)
        out.writestr(f"{TEXT_ID}-minutes.txt", TEXT)
    result = threadkeep("import", str(archive))
    assert result.returncode == 0, result.stdout + result.stderr
    [summary] = [c for c in store.list_conversations() if c.title == conversation["title"]]
    return summary.id, conversation


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _dropped(translation: Any) -> list[str]:
    return [e.reason for e in translation.report.entries if e.kind == "file"]


@pytest.mark.parametrize("view", VIEWS)
def test_each_view_carries_the_stored_image_and_pdf_as_base64(store, tmp_path, view):
    cat = b"\x89PNG\r\n\x1a\n" + os.urandom(2000)
    cid, _ = _import(tmp_path, store, cat)

    translation = store.load_conversation(cid, view)

    validate_payload(translation.payload, translation.target)
    strings = "\n".join(strings_in(translation.payload))
    assert _b64(cat) in strings  # the upload, filled in for its asset pointer
    assert _b64(PDF) in strings  # listed only in the message's metadata: joins the message
    dropped = _dropped(translation)
    # The file the export lacks is named in the report, not silently missing.
    missing = f"report.pdf was not imported: not in the export (no file named {MISSING})"
    assert missing in dropped, dropped
    if view == "openai-chat":
        # Chat Completions takes inline documents as PDFs only.
        assert TEXT.decode() not in strings and _b64(TEXT) not in strings
        assert any("minutes.txt" in r or "text/plain" in r for r in dropped), dropped
    elif view == "anthropic":
        assert TEXT.decode() in strings  # a text source
    else:
        assert _b64(TEXT) in strings or TEXT.decode() in strings


def test_each_part_takes_the_targets_own_shape(store, tmp_path):
    cat = b"\x89PNG\r\n\x1a\n" + os.urandom(500)
    cid, _ = _import(tmp_path, store, cat)

    anthropic = store.load_conversation(cid, "anthropic").payload
    blocks = [b for m in anthropic["messages"] for b in m["content"] if isinstance(b, dict)]
    image = next(b for b in blocks if b["type"] == "image" and b["source"]["data"] == _b64(cat))
    assert image["source"] == {"type": "base64", "media_type": "image/png", "data": _b64(cat)}
    assert any(b["type"] == "document" and b["source"].get("data") == _b64(PDF) for b in blocks)

    chat = store.load_conversation(cid, "openai-chat").payload
    parts = [p for m in chat["messages"] if isinstance(m["content"], list) for p in m["content"]]
    assert {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{_b64(cat)}"}} in (
        parts
    )
    assert any(p["type"] == "file" and p["file"]["filename"] == "paper.pdf" for p in parts)

    gemini = store.load_conversation(cid, "gemini").payload
    inline = [p["inlineData"] for c in gemini["contents"] for p in c["parts"] if "inlineData" in p]
    assert {"mimeType": "image/png", "data": _b64(cat)} in inline
    assert {"mimeType": "application/pdf", "data": _b64(PDF)} in inline


def test_an_image_over_the_targets_limit_is_left_out_with_the_reason(store, tmp_path):
    # 4 MB is 5.3 MB in base64: over Anthropic's 5 MB per image, within OpenAI's 20 MB.
    cat = b"\x89PNG\r\n\x1a\n" + os.urandom(4 * 1024 * 1024)
    cid, _ = _import(tmp_path, store, cat)

    anthropic = store.load_conversation(cid, "anthropic")
    openai = store.load_conversation(cid, "openai-responses")

    validate_payload(anthropic.payload, anthropic.target)
    assert _b64(cat) not in strings_in(anthropic.payload)
    reasons = _dropped(anthropic)
    assert any(
        "cat.png is 5.3 MB in base64, over Anthropic's 5.0 MB limit for an image" in r
        for r in reasons
    ), reasons
    assert "files left out" in anthropic.report.summary()
    assert any(_b64(cat) in s for s in strings_in(openai.payload))


def test_the_original_view_reads_no_attachment(store, tmp_path):
    cat = b"\x89PNG\r\n\x1a\n" + os.urandom(100)
    cid, _ = _import(tmp_path, store, cat)
    original = store.load_conversation(cid)
    assert original.report is None
    assert _b64(cat) not in json.dumps(original.payload)  # the raw messages, as stored


def test_claude_extracted_text_goes_once_and_named_files_say_why_not(store, tmp_path):
    export = json.loads((EXPORT_FIXTURES / "claude_export_2024_artifacts.json").read_text())
    conversation = next(c for c in export if any(m.get("files") for m in c["chat_messages"]))
    conversation["chat_messages"][0]["attachments"] = [
        {"file_name": "notes.txt", "file_size": 12, "extracted_content": "Notes: zebra42"}
    ]
    path = tmp_path / "conversations.json"
    path.write_text(json.dumps(export))
    assert threadkeep("import", str(path)).returncode == 0
    cid = next(c.id for c in store.list_conversations() if c.title == conversation["name"])

    translation = store.load_conversation(cid, "anthropic")

    validate_payload(translation.payload, translation.target)
    assert json.dumps(translation.payload).count("zebra42") == 1
    reasons = _dropped(translation)
    assert reasons and all(
        "was not imported: not in the export (Claude exports carry the names" in r for r in reasons
    ), reasons
