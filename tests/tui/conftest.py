"""Fixtures for the app's tests: a seeded archive, a frozen clock, and an app factory."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.tui.seed import NOW, seed
from tui.app import ThreadkeepApp

SIZE = (120, 36)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def config_file(tmp_path, monkeypatch):
    """Every app test reads and writes its own config.toml, never the user's."""
    path = tmp_path / "config" / "config.toml"
    monkeypatch.setenv("THREADKEEP_CONFIG", str(path))
    return path


@pytest.fixture
def seeded(store):
    """The test store holding the fixed archive; returns the ids by short name."""
    return seed(store)


@pytest.fixture
def make_app(store) -> Callable[..., ThreadkeepApp]:
    """An app on the test store, with the clock frozen and no cursor blink."""

    def make(**kwargs: object) -> ThreadkeepApp:
        return ThreadkeepApp(store=store, now=lambda: NOW, cursor_blink=False, **kwargs)

    return make
