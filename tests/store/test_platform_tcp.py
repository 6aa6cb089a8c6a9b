"""The "TCP plus password" server mode (Windows' default), run on Linux via the setting.

127.0.0.1 only, a port kept in the data directory, SCRAM logins with a random password
that lives in a file only the user can read.
"""

from __future__ import annotations

import os
import signal
import socket
import time

import psutil
import psycopg
import pytest
from sqlalchemy import text

from store import StoreUnavailable, open_store
from store.server import EmbeddedServer
from store.server_tcp import PASSWORD_FILE, PORT_FILE
from tests.store.helpers import assert_one_line_error, mode, run_python, threadkeep


@pytest.fixture
def tcp_home(tmp_path, monkeypatch):
    monkeypatch.setenv("THREADKEEP_SERVER_MODE", "tcp")
    home = tmp_path / "tcp-home"
    monkeypatch.setenv("THREADKEEP_HOME", str(home))
    yield home
    EmbeddedServer(home).stop()


def _listening(pid: int) -> set[tuple[str, int]]:
    process = psutil.Process(pid)
    return {
        (c.laddr.ip, c.laddr.port)
        for c in process.net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN
    }


def _login(port: int, **credentials: str) -> psycopg.Connection:
    return psycopg.connect(
        host="127.0.0.1", port=port, user="threadkeep", dbname="threadkeep", **credentials
    )


def test_tcp_mode_end_to_end(tcp_home):
    with open_store() as store:
        store.create_conversation("over tcp")
        status = store.connection.server.status()
        endpoint = status.endpoint
        assert endpoint is not None
        assert endpoint.socket_dir is None
        assert (endpoint.host, endpoint.port) == (
            "127.0.0.1",
            int((tcp_home / PORT_FILE).read_text()),
        )
        # Listens on the loopback address and the kept port only; no unix socket anywhere.
        assert _listening(status.pid) == {("127.0.0.1", endpoint.port)}
        with store._engine.connect() as conn:
            assert conn.execute(text("show unix_socket_directories")).scalar() == ""
            rules = conn.execute(
                text("select type, address, auth_method from pg_hba_file_rules")
            ).all()
        # One rule: password logins over 127.0.0.1; a login that matches no rule is refused.
        assert [tuple(r) for r in rules] == [("host", "127.0.0.1", "scram-sha-256")]
        # The password is named by file, never written into the URL.
        assert store.connection.url.password is None
        assert store.connection.url.query["passfile"] == str(tcp_home / PASSWORD_FILE)

    passfile = tcp_home / PASSWORD_FILE
    assert mode(passfile) == 0o600
    assert passfile.stat().st_uid == os.getuid()
    password = passfile.read_text().strip().rsplit(":", 1)[1]
    assert len(password) >= 40

    with _login(endpoint.port, password=password) as conn:
        assert conn.execute("select title from conversations").fetchone() == ("over tcp",)
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        _login(endpoint.port, password="wrong-" + password)
    with pytest.raises(psycopg.OperationalError, match="no password supplied"):
        _login(endpoint.port, passfile=os.devnull, password="")


def test_wrong_password_gets_a_one_line_error(tcp_home):
    with open_store() as store:
        port = store.connection.server.status().endpoint.port
    url = f"postgresql://threadkeep:not-the-password@127.0.0.1:{port}/threadkeep"
    result = threadkeep("--database-url", url)
    assert_one_line_error(result, "password authentication failed", f"127.0.0.1:{port}")
    assert "not-the-password" not in result.stderr


def test_tcp_mode_restarts_after_kill_9_on_the_same_port(tcp_home):
    with open_store() as store:
        store.create_conversation("kept across the crash")
        status = store.connection.server.status()
    os.kill(status.pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while psutil.pid_exists(status.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    # A second process finds the dead server and starts it again, with the same password.
    result = run_python(
        """
        from store import open_store
        with open_store() as s:
            status = s.connection.server.status()
            print([c.title for c in s.list_conversations(5)], status.pid, status.endpoint.port)
        """,
    )
    assert result.returncode == 0, result.stderr
    titles, pid, port = result.stdout.strip().rsplit(" ", 2)
    assert titles == "['kept across the crash']"
    assert int(pid) != status.pid
    assert int(port) == status.endpoint.port


def test_a_port_taken_since_the_last_start_is_replaced(tcp_home):
    server = EmbeddedServer(tcp_home)
    first = server.ensure_running()
    server.stop()
    with socket.socket() as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind(("127.0.0.1", first.port))
        squatter.listen()
        second = server.ensure_running()
    assert second.port != first.port
    assert int((tcp_home / PORT_FILE).read_text()) == second.port
    with open_store() as store:
        assert store.counts().conversations == 0


def test_a_socket_mode_data_dir_switches_to_tcp(tmp_path, monkeypatch):
    home = tmp_path / "switch"
    monkeypatch.setenv("THREADKEEP_HOME", str(home))
    monkeypatch.setenv("THREADKEEP_SERVER_MODE", "socket")
    try:
        with open_store() as store:
            store.create_conversation("made over the socket")
        EmbeddedServer(home).stop()
        monkeypatch.setenv("THREADKEEP_SERVER_MODE", "tcp")
        # The role gets its new password while the server is down (single-user mode).
        with open_store() as store:
            assert store.connection.server.status().endpoint.port is not None
            assert [c.title for c in store.list_conversations(5)] == ["made over the socket"]
    finally:
        EmbeddedServer(home).stop()


def test_an_unknown_server_mode_gets_a_one_line_error(tmp_path, monkeypatch):
    result = threadkeep(
        env={"THREADKEEP_HOME": str(tmp_path / "h"), "THREADKEEP_SERVER_MODE": "carrier-pigeon"}
    )
    assert_one_line_error(result, "THREADKEEP_SERVER_MODE", "expected socket or tcp")
    monkeypatch.setenv("THREADKEEP_SERVER_MODE", "udp")
    with pytest.raises(StoreUnavailable, match="expected socket or tcp"):
        EmbeddedServer(tmp_path / "h").ensure_running()


def test_a_damaged_password_file_is_replaced_at_the_next_start(tcp_home):
    with open_store() as store:
        store.create_conversation("still here")
    EmbeddedServer(tcp_home).stop()
    passfile = tcp_home / PASSWORD_FILE
    old = passfile.read_text()
    passfile.write_text("not a pgpass line\n")
    with open_store() as store:
        assert [c.title for c in store.list_conversations(5)] == ["still here"]
    assert passfile.read_text() != old
    assert passfile.read_text().count(":") == 4
    assert mode(passfile) == 0o600


def test_a_password_file_that_is_a_link_is_refused(tcp_home):
    tcp_home.mkdir(parents=True)
    (tcp_home / PASSWORD_FILE).symlink_to(tcp_home.parent / "elsewhere")
    with pytest.raises(StoreUnavailable, match="not a regular file"):
        EmbeddedServer(tcp_home).ensure_running()
    assert not (tcp_home / "pgdata").exists()
