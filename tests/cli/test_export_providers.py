"""Round trip: import real exports and payloads, export them as every provider, validate strictly."""

from __future__ import annotations

import json

import pytest

from tests.cli.helpers import EXPORT_FIXTURES, FORMAT_FIXTURES, threadkeep
from translate import VIEWS
from tui.cli import main

PROVIDER_VIEWS = tuple(VIEWS)

SOURCES = [
    EXPORT_FIXTURES / "chatgpt_export_2023_subset.json",
    EXPORT_FIXTURES / "chatgpt_export_2025_single.json",
    EXPORT_FIXTURES / "claude_export_2024_artifacts.json",
    FORMAT_FIXTURES / "anthropic.thinking-tool_use.followup.request.json",
    FORMAT_FIXTURES / "openai-responses.reasoning-summary.store-true.response.json",
    FORMAT_FIXTURES / "gemini.thought-parts.response.gemini-2.5-pro.json",
    FORMAT_FIXTURES / "deepseek.reasoning_content-tool_calls.response.json",
    FORMAT_FIXTURES / "ai-sdk-v6.uimessage.reasoning-tool-steps.vercel-ai-test.json",
]


@pytest.mark.parametrize("view", PROVIDER_VIEWS)
def test_every_imported_conversation_exports_as_a_valid_request(store, tmp_path, capsys, view):
    from tests.translate.schemas import validate_payload

    result = threadkeep("import", *map(str, SOURCES))
    assert result.returncode == 0, result.stdout + result.stderr
    assert main(["demo"]) == 0
    conversations = store.list_conversations(100)
    assert len(conversations) > 20
    for conversation in conversations:
        target = tmp_path / f"{conversation.id}.{view}.json"
        capsys.readouterr()
        assert main(["export", str(conversation.id), "--as", view, "-o", str(target)]) == 0
        payload = json.loads(target.read_text(encoding="utf-8"))
        validate_payload(payload, store.load_conversation(conversation.id, view).report.target)
        err = capsys.readouterr().err
        assert err.startswith(f"{view}: "), err
        assert "Traceback" not in err
