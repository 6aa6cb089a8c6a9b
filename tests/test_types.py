"""The type checker passes: mypy over store, translate and tui, configured in pyproject.toml."""

from __future__ import annotations

from mypy import api

from tests.conftest import REPO_ROOT


def test_mypy_reports_no_errors(monkeypatch):
    # mypy reads [tool.mypy] from the working directory's pyproject.toml; its cache sits
    # beside it (.mypy_cache, ignored by git) so a second run takes seconds.
    monkeypatch.chdir(REPO_ROOT)
    out, err, status = api.run(["--config-file", str(REPO_ROOT / "pyproject.toml")])
    assert status == 0, out + err
