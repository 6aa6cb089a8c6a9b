"""What only a real process shows: the installed entry point's exit codes, and the modules
`--help` and usage errors load (none of the store's, the database's or the translator's)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import assert_one_line_error, threadkeep
from tests.conftest import REPO_ROOT
from tests.store.helpers import run_python

ENTRY_POINT = Path(sys.executable).parent / "threadkeep"
HEAVY = ("sqlalchemy", "psycopg", "translate", "store", "textual")


def installed(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ENTRY_POINT), *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        cwd=REPO_ROOT,
        timeout=120,
        check=False,
    )


def test_the_installed_command_exits_0_1_and_2(store):
    assert ENTRY_POINT.exists(), "the threadkeep entry point is not installed"
    assert threadkeep("demo").returncode == 0
    listed = installed("list", "--json", "--limit", "2")
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 2
    missing = installed("export", "ffffffff", "--as", "json")
    assert missing.returncode == 1
    assert_one_line_error(missing, "no conversation")
    usage = installed("export", "--as", "json")
    assert usage.returncode == 2
    assert_one_line_error(usage, "required", "threadkeep export --help")


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["export", "--as", "json"],  # a required argument is missing
        ["no-such-command"],
        ["list", "--limit", "many"],
        ["db"],
    ],
)
def test_help_and_usage_errors_load_no_database_or_translator_code(argv):
    result = run_python(
        f"""
        import json, sys
        from tui.cli import main
        try:
            main({argv!r})
        except SystemExit as exc:
            code = exc.code
        heavy = sorted({{m.split(".")[0] for m in sys.modules}} & set({HEAVY!r}))
        print(json.dumps({{"code": code, "heavy": heavy}}), file=sys.stderr)
        """
    )
    report = json.loads(result.stderr.strip().splitlines()[-1])
    assert report["code"] == (0 if argv == ["--help"] else 2), result.stderr
    assert report["heavy"] == [], f"threadkeep {' '.join(argv)} loaded {report['heavy']}"
    if argv == ["--help"]:
        assert "usage: threadkeep" in result.stdout
