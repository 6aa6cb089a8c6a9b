"""`threadkeep new` and `threadkeep continue`: the reply streams to stdout, both messages
are stored, `--json` prints the stored records, and failures are one line without the key."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import threadkeep
from tests.store.helpers import run_python
from tests.store.sending.conftest import KEY, KEY_VARS
from tests.store.sending.server import STREAMS, ProviderServer


@pytest.fixture
def server():
    srv = ProviderServer()
    yield srv
    srv.close()


@pytest.fixture
def env(server, tmp_path, monkeypatch) -> dict[str, str]:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[providers.anthropic]\nbase_url = "{server.url}"\n'
        f'[providers.openai]\nbase_url = "{server.url}/v1"\n'
    )
    os.chmod(config, 0o600)
    for name in KEY_VARS:
        monkeypatch.delenv(name, raising=False)
    return {
        "THREADKEEP_CONFIG": str(config),
        "THREADKEEP_KEYRING": "0",
        "ANTHROPIC_API_KEY": KEY,
        "OPENAI_API_KEY": KEY,
    }


def reply_text(name: str) -> str:
    text = ""
    for line in (STREAMS / name).read_text().splitlines():
        if line.startswith("data:") and '"text_delta"' in line:
            text += json.loads(line[5:])["delta"]["text"]
    return text


def test_new_then_continue_on_another_provider(store, server, env, monkeypatch) -> None:
    server.stream("anthropic.thinking.claude-sonnet-4.sse")
    result = threadkeep(
        "new", "--as", "anthropic", "--model", "claude-sonnet-4-0", "How do I cross?", env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == reply_text("anthropic.thinking.claude-sonnet-4.sse") + "\n"
    assert "This is a straightforward question about pedestrian safety" in result.stderr
    cid = result.stderr.strip().splitlines()[-1].removeprefix("conversation ")
    assert [m.role for m in store.load_messages(cid)] == ["user", "assistant"]

    server.stream("openai-responses.reasoning.gpt-5.sse")
    monkeypatch.setattr(sys, "stdin", io.StringIO("What is the capital of France?"))
    result = threadkeep(
        "continue", cid[:8], "--as", "openai", "--model", "gpt-5", "--json", "-", env=env
    )
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["conversation_id"] == cid
    assert record["user"]["raw"]["content"][0]["text"] == "What is the capital of France?"
    assert record["user"]["position"] == 2
    assert record["reply"]["format"] == "openai-responses"
    assert record["reply"]["raw"]["output"][1]["content"][0]["text"] == "Paris."
    assert record["reply"]["metadata"]["usage"]["output_tokens"] == 59
    assert len(store.load_messages(cid)) == 4
    assert KEY not in result.stdout + result.stderr


def test_failure_is_one_line_and_stores_nothing(store, server, env) -> None:
    server.error(
        401, {"error": {"message": f"Incorrect API key provided: {KEY}", "code": "invalid_api_key"}}
    )
    result = threadkeep("new", "--as", "openai", "Hello", env=env)
    assert result.returncode == 1
    assert result.stdout == ""
    assert (
        result.stderr == "threadkeep: OpenAI: the API key was refused (401); nothing was stored\n"
    )
    assert store.counts().conversations == 0


def test_missing_key_and_unknown_provider(store, env) -> None:
    env = {**env, "ANTHROPIC_API_KEY": ""}
    Path(env["THREADKEEP_CONFIG"]).write_text("")
    result = threadkeep("new", "--as", "anthropic", "Hello", env=env)
    assert result.returncode == 1
    assert result.stderr.startswith("threadkeep: Anthropic: no API key; set ANTHROPIC_API_KEY")
    assert result.stderr.count("\n") == 1
    result = threadkeep("new", "--as", "nosuch", "Hello", env=env)
    assert result.returncode == 1
    assert result.stderr.startswith("threadkeep: unknown provider 'nosuch'; expected one of")


def test_help_loads_no_sending_code() -> None:
    result = run_python(
        """
        import contextlib, io, sys
        from tui.cli import main
        with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
            main(["continue", "--help"])
        print([m for m in ("store.sending", "anthropic", "openai", "google.genai") if m in sys.modules])
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
