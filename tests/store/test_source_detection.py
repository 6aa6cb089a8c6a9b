"""Recognising a source reads the start of a file, not all of it."""

from __future__ import annotations

import io
import json

from store.importers import extra_sources, skeleton
from tests.store.sources_helpers import detect, sample


class _Counted(io.BytesIO):
    read_bytes = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        _Counted.read_bytes += len(data)
        return data


def test_a_huge_grok_export_is_recognised_from_its_first_megabytes() -> None:
    export = json.loads(sample("grok_export.json").read_text(encoding="utf-8"))
    big = export["conversations"][0]["responses"][1]["response"]
    big["message"] = "x" * (64 * 1024 * 1024)  # 64 MB in the first conversation
    data = json.dumps(export).encode()
    _Counted.read_bytes = 0

    assert extra_sources.detect(lambda: _Counted(data)) == extra_sources.GROK

    assert _Counted.read_bytes < 2 * skeleton.BUDGET


def test_the_skeleton_keeps_keys_and_shortens_long_strings() -> None:
    data = json.dumps([{"a": "y" * 1000, "b": [1, {"c": None}]}, {"second": 1}]).encode()
    item = skeleton.first_item(lambda: io.BytesIO(data))
    assert item == {"a": "y" * 256, "b": [1, {"c": None}]}
    assert skeleton.first_item(lambda: io.BytesIO(b"[]")) is skeleton.NOTHING
    assert skeleton.first_item(lambda: io.BytesIO(b"\x89PNG\r\n")) is skeleton.NOTHING


def test_every_sample_is_still_recognised() -> None:
    expected = {
        "aistudio_prompt.json": extra_sources.AISTUDIO,
        "claude_code_session.jsonl": extra_sources.CLAUDE_CODE,
        "codex_session_2026.jsonl": extra_sources.CODEX,
        "grok_export.json": extra_sources.GROK,
        "librechat_export.json": extra_sources.LIBRECHAT,
        "librechat_flat_branches.json": extra_sources.LIBRECHAT,
        "openwebui_export.json": extra_sources.OPENWEBUI,
    }
    assert {name: detect(sample(name)) for name in expected} == expected


def test_a_file_that_cannot_be_json_is_passed_over_after_its_first_bytes() -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * (8 * 1024 * 1024)
    _Counted.read_bytes = 0
    assert extra_sources.detect(lambda: _Counted(png)) is None
    assert _Counted.read_bytes <= 16
