"""The layers hold: import-linter checks the contracts in pyproject.toml ([tool.importlinter]).

translate imports neither store nor tui; store does not import tui; the app does not import
the command line; the command line imports nothing of the app but its entry point.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT


def test_the_import_contracts_are_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache", "--config", str(REPO_ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout, result.stdout


def test_every_package_directory_is_seen_by_the_linter():
    # A directory without __init__.py is a namespace package, which the linter's import
    # graph leaves out: a wrong arrow from or to it would pass unseen.
    for package in ("tui", "store", "translate"):
        for source in (REPO_ROOT / package).rglob("*.py"):
            folder = source.parent
            if "migrations" in folder.relative_to(REPO_ROOT).parts:
                continue  # Alembic's scripts, loaded by path
            assert (folder / "__init__.py").exists(), f"{folder} has no __init__.py"
