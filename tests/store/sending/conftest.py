"""Fixtures for the sending tests: a local provider server, keys in the environment, and a
config pointing every provider at the server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from store.config import Config
from tests.store.sending.server import ProviderServer

# Distinctive enough to grep for in every output.
KEY = "sk-test-7Hq2ZkQpL9vXw3NcR5tYbM8dJ1fG4sKe"
KEY_VARS = (
    "ANTHROPIC_API_KEY",
    "OPENAI_API_KEY",
    "GEMINI_API_KEY",
    "GOOGLE_API_KEY",
    "DEEPSEEK_API_KEY",
    "OPENROUTER_API_KEY",
)


@pytest.fixture
def server() -> Iterator[ProviderServer]:
    srv = ProviderServer()
    yield srv
    srv.close()


@pytest.fixture(autouse=True)
def isolated_keys(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in KEY_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("THREADKEEP_KEYRING", "0")
    monkeypatch.setenv("THREADKEEP_CONFIG", str(tmp_path / "config.toml"))


@pytest.fixture
def keys(monkeypatch: pytest.MonkeyPatch) -> str:
    for name in KEY_VARS:
        monkeypatch.setenv(name, KEY)
    return KEY


def config_for(url: str) -> Config:
    """Every provider sent to the local server, as `[providers.<name>] base_url` would."""
    urls = {
        "anthropic": url,
        "openai": f"{url}/v1",
        "openai-chat": f"{url}/v1",
        "gemini": url,
        "deepseek": url,
        "openrouter": f"{url}/api/v1",
    }
    return Config(Path("config.toml"), {"providers": {n: {"base_url": u} for n, u in urls.items()}})


@pytest.fixture
def config(server: ProviderServer) -> Config:
    return config_for(server.url)
