"""os.getuid and os.geteuid are only reached on POSIX (Windows has neither).

The code that runs everywhere is exercised here with POSIX switched off and the two
functions deleted from `os`, as on Windows; starting Postgres itself is left out because
this CI runs as root, where Postgres only runs under the service account, which is POSIX.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from store import server_os
from store.errors import StoreUnavailable
from store.server import EmbeddedServer
from store.server_tcp import PASSWORD_FILE, TcpMode, server_mode
from tests.conftest import REPO_ROOT


@pytest.fixture
def not_posix(tmp_path, monkeypatch):
    # tmp_path first: pytest names its temp dir after the user, which asks os.getuid.
    monkeypatch.setattr(server_os, "POSIX", False)
    for name in ("getuid", "geteuid"):
        monkeypatch.delattr(os, name)
    monkeypatch.delenv("THREADKEEP_SERVER_MODE", raising=False)


def test_without_posix_no_user_id_is_asked_for(not_posix, tmp_path):
    assert server_os.service_account("threadkeep") is None
    assert server_mode() == "tcp"
    server = EmbeddedServer(tmp_path / "home")
    server._prepare_home()
    assert server.status().running is False
    tcp = TcpMode(server.home, server.pgdata, None)
    password, new = tcp.password()
    assert new
    assert (server.home / PASSWORD_FILE).read_text().endswith(f":{password}\n")
    assert tcp.password() == (password, False)
    assert 1024 <= tcp.port() <= 65535
    server.pgdata.mkdir()
    assert "listen_addresses = '127.0.0.1'" in tcp.settings(tcp.port())


def test_without_posix_socket_mode_is_refused_in_one_line(not_posix, tmp_path, monkeypatch):
    monkeypatch.setenv("THREADKEEP_SERVER_MODE", "socket")
    with pytest.raises(StoreUnavailable, match="needs unix sockets") as caught:
        EmbeddedServer(tmp_path / "home").ensure_running()
    assert "\n" not in str(caught.value)
    with pytest.raises(StoreUnavailable, match="THREADKEEP_SERVER_MODE=tcp"):
        server_os.user_id()


def test_only_server_os_calls_getuid_and_geteuid():
    """Every call sits in store/server_os.py, behind its POSIX check."""
    callers = []
    for package in ("store", "translate", "tui"):
        for path in sorted((REPO_ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Attribute) and node.attr in ("getuid", "geteuid"):
                    callers.append(Path(path).relative_to(REPO_ROOT).as_posix())
    assert sorted(set(callers)) == ["store/server_os.py"]
    source = (REPO_ROOT / "store" / "server_os.py").read_text(encoding="utf-8")
    for function in ("user_id", "service_account"):
        body = ast.get_source_segment(
            source,
            next(
                n
                for n in ast.walk(ast.parse(source))
                if isinstance(n, ast.FunctionDef) and n.name == function
            ),
        )
        assert body is not None
        assert body.index("POSIX") < body.index("os.get")
