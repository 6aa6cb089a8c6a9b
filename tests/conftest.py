"""Shared test set-up: the real fixtures, and one embedded Postgres per test session."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
# The shared fixtures sit beside the repository, in CI as on a developer machine.
SHARED = REPO_ROOT.parent / "shared"
FORMAT_FIXTURES = SHARED / "fixtures" / "formats"
EXPORT_FIXTURES = SHARED / "fixtures" / "exports"

# Every test, and every process a test starts, uses this scratch data dir: the suite must
# never touch a developer's real archive, nor a database named in their environment.
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="threadkeep-tests-"))
os.environ["THREADKEEP_HOME"] = str(_SESSION_HOME / "home")
os.environ.pop("THREADKEEP_DATABASE_URL", None)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    from store.server import EmbeddedServer

    server = EmbeddedServer(_SESSION_HOME / "home")
    try:
        server.stop()
    finally:
        shutil.rmtree(_SESSION_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"the shared fixtures are missing: expected them at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def session_store() -> Iterator[object]:
    """The store on the session's embedded server, started once."""
    from store import open_store

    store = open_store()
    yield store
    store.close()


@pytest.fixture
def store(session_store):
    """The session store, emptied before each test so that row counts mean something."""
    from sqlalchemy import text

    with session_store._engine.begin() as conn:
        conn.execute(text("truncate conversations, messages, attachments, blobs"))
    return session_store


@pytest.fixture(scope="session")
def session_home() -> Path:
    return _SESSION_HOME
