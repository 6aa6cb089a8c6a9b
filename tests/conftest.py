"""Shared test configuration: where the real fixtures live."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
# The shared fixtures sit beside the repository, in CI as on a developer machine.
SHARED = REPO_ROOT.parent / "shared"
FORMAT_FIXTURES = SHARED / "fixtures" / "formats"
EXPORT_FIXTURES = SHARED / "fixtures" / "exports"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"the shared fixtures are missing: expected them at {SHARED}")
    return SHARED
