"""Helpers for store tests that need real processes."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from tests.conftest import REPO_ROOT


def run_python(
    code: str, *, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run a Python snippet in a fresh interpreter of this environment."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=REPO_ROOT,
        timeout=timeout,
        check=False,
    )


def popen_python(code: str, *, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=full_env,
        cwd=REPO_ROOT,
    )


def threadkeep(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run the real `threadkeep` command line."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=REPO_ROOT,
        timeout=timeout,
        check=False,
    )


def threadkeep_peak_mb(*args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run the real `threadkeep` command line, and its own peak resident memory in MB.

    The peak is that one process's (`wait4`), not `RUSAGE_CHILDREN`, which holds the
    largest of every child the test process ever reaped (mypy, another test's import).
    """
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
    )
    streams: dict[str, str] = {}
    readers = [
        threading.Thread(target=lambda n=name, f=pipe: streams.__setitem__(n, f.read()))
        for name, pipe in (("out", proc.stdout), ("err", proc.stderr))
    ]
    for reader in readers:
        reader.start()
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join()
    result = subprocess.CompletedProcess(proc.args, proc.returncode, streams["out"], streams["err"])
    return result, usage.ru_maxrss / 1024  # kilobytes on Linux


def assert_one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle.lower() in lines[0].lower(), lines[0]


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777
