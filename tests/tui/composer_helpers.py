"""Set-up for the composer's tests: the local provider server of tests/store/sending, keys
in the environment, a config file sending every provider to that server, and a
conversation whose latest reply came from Claude."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot

from store import NewMessage, Store
from tests.store.sending.conftest import KEY, KEY_VARS
from tests.store.sending.server import ProviderServer
from tests.tui.helpers import settle
from tests.tui.seed import NOW
from tui.widgets import drafts
from tui.widgets.composer import Composer

SIZE = (120, 36)
MODEL = "claude-sonnet-4-0"


@pytest.fixture
def server() -> Iterator[ProviderServer]:
    srv = ProviderServer()
    yield srv
    srv.close()


@pytest.fixture
def sending(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, server: ProviderServer) -> str:
    """Keys set, the keyring off, models cached in tmp, and the config file naming the server."""
    for name in KEY_VARS:
        monkeypatch.setenv(name, KEY)
    monkeypatch.setenv("THREADKEEP_KEYRING", "0")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    url = server.url
    urls = {
        "anthropic": url,
        "openai": f"{url}/v1",
        "openai-chat": f"{url}/v1",
        "gemini": url,
        "deepseek": url,
        "openrouter": f"{url}/api/v1",
    }
    config = tmp_path / "config.toml"
    config.write_text(
        "".join(f'[providers.{name}]\nbase_url = "{u}"\n\n' for name, u in urls.items())
    )
    os.chmod(config, 0o600)
    monkeypatch.setenv("THREADKEEP_CONFIG", str(config))
    return KEY


def claude_conversation(store: Store) -> uuid.UUID:
    # Fixed times (the app's clock is frozen at NOW): snapshots must not change by the minute.
    at = NOW - timedelta(hours=2)
    rows = [
        NewMessage(
            {"role": "user", "content": "Hello, who are you?"},
            "anthropic",
            MODEL,
            "anthropic-messages",
            "user",
            created_at=at,
        ),
        NewMessage(
            {
                "role": "assistant",
                "content": [{"type": "text", "text": "I am Claude, happy to help."}],
            },
            "anthropic",
            MODEL,
            "anthropic-messages",
            "assistant",
            created_at=at + timedelta(minutes=1),
        ),
    ]
    cid = store.import_conversation(rows, title="Talking to Claude", created_at=at)
    drafts.remove(str(cid))
    return cid


def composer(pilot: Pilot) -> Composer:
    return pilot.app.screen.query_one(Composer)


async def open_first(pilot: Pilot) -> None:
    """Open the conversation at the top of the list."""
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def write(pilot: Pilot, text: str) -> None:
    """Open the composer and type `text` key by key."""
    await pilot.press("i")
    await settle(pilot)
    names = {" ": "space", ",": "comma", "?": "question_mark", ".": "full_stop"}
    await pilot.press(*(names.get(ch, ch) for ch in text))
    await settle(pilot)


async def until(pilot: Pilot, condition, rounds: int = 200) -> None:
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the condition never came true")
