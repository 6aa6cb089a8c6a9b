"""The embedded server: private, socket-only, shared between processes, crash-safe."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import platformdirs
import psutil
import pytest
from sqlalchemy import text

from store import StoreUnavailable, open_store
from store.server import EmbeddedServer, data_home
from tests.store.helpers import assert_one_line_error, mode, popen_python, run_python, threadkeep


def test_data_lives_under_threadkeep_home(session_store, session_home):
    server = session_store.connection.server
    assert server is not None
    assert server.home == session_home / "home"
    assert (server.home / "pgdata" / "PG_VERSION").exists()


def test_data_home_defaults_to_the_platform_user_data_dir(monkeypatch):
    monkeypatch.delenv("THREADKEEP_HOME", raising=False)
    assert data_home() == Path(platformdirs.user_data_dir("threadkeep", appauthor=False))
    monkeypatch.setenv("THREADKEEP_HOME", "/somewhere/else")
    assert data_home() == Path("/somewhere/else")


def test_data_and_socket_directories_are_private(session_store):
    server = session_store.connection.server
    status = server.status()
    assert status.running
    assert mode(server.home) == 0o700
    assert mode(server.pgdata) == 0o700
    assert status.socket_dir is not None
    assert mode(status.socket_dir) == 0o700
    socket = status.socket_dir / ".s.PGSQL.5432"
    assert socket.is_socket()
    assert mode(socket) == 0o700


def test_server_listens_on_no_tcp_port(session_store):
    status = session_store.connection.server.status()
    postmaster = psutil.Process(status.pid)
    inet = list(postmaster.net_connections(kind="inet"))
    assert inet == []
    with session_store._engine.connect() as conn:
        assert conn.execute(text("show listen_addresses")).scalar() == ""


def test_a_second_process_reuses_the_running_server(session_store):
    pid = session_store.connection.server.status().pid
    result = run_python(
        """
        from store import open_store
        with open_store() as s:
            print(s.connection.server.status().pid)
        """
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) == pid
    pgdata = str(session_store.connection.server.pgdata)
    postmasters = [
        p
        for p in psutil.process_iter(["name", "cmdline"])
        if p.info["name"] == "postgres" and pgdata in (p.info["cmdline"] or [])
    ]
    assert len(postmasters) == 1


def test_a_deep_data_dir_gets_a_short_private_socket_dir(tmp_path):
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    server = EmbeddedServer(deep)
    try:
        socket_dir = server.ensure_running().socket_dir
        assert not socket_dir.is_relative_to(deep)
        assert mode(socket_dir) == 0o700
        assert (socket_dir / ".s.PGSQL.5432").is_socket()
    finally:
        server.stop()


def test_kill_9_of_app_and_postgres_keeps_committed_data(tmp_path):
    home = tmp_path / "crash-home"
    env = {"THREADKEEP_HOME": str(home)}
    writer = popen_python(
        """
        import sys, time
        from sqlalchemy import text
        from store import open_store
        s = open_store()
        cid = s.create_conversation("survives")
        for i in range(20):
            s.save_message(cid, {"role": "user", "content": f"kept {i}"}, "openai", "gpt-4o", format="openai-chat")
        # An open transaction that the kill interrupts.
        conn = s._engine.connect()
        tx = conn.begin()
        conn.execute(text("insert into conversations (title) values ('never committed')"))
        print(s.connection.server.status().pid, flush=True)
        time.sleep(600)
        """,
        env=env,
    )
    try:
        line = writer.stdout.readline()
        assert line.strip(), writer.stderr.read()
        postmaster = int(line)
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    os.kill(postmaster, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while psutil.pid_exists(postmaster) and time.monotonic() < deadline:
        time.sleep(0.05)

    result = run_python(
        """
        from store import open_store
        with open_store() as s:
            rows = s.list_conversations(10)
            print([r.title for r in rows], rows[0].message_count)
            print(s.connection.server.status().pid)
        """,
        env=env,
    )
    try:
        assert result.returncode == 0, result.stderr
        titles, _, count = result.stdout.splitlines()[0].rpartition(" ")
        assert titles == "['survives']"
        assert count == "20"
        assert int(result.stdout.splitlines()[1]) != postmaster
    finally:
        EmbeddedServer(home).stop()


def test_a_stale_pid_file_naming_another_process_is_recovered(tmp_path):
    server = EmbeddedServer(tmp_path / "stale")
    server.ensure_running()
    server.stop()
    pid_file = server.pgdata / "postmaster.pid"
    # As after a crash and a reboot: the recorded pid now belongs to someone else.
    pid_file.write_text(f"{os.getpid()}\n{server.pgdata}\n0\n5432\n/nonexistent\n\n0 0\nready\n")
    try:
        socket_dir = server.ensure_running().socket_dir
        assert (socket_dir / ".s.PGSQL.5432").is_socket()
    finally:
        server.stop()


def test_an_incompatible_data_dir_gets_a_clear_error(tmp_path):
    home = tmp_path / "old"
    (home / "pgdata").mkdir(parents=True)
    (home / "pgdata" / "PG_VERSION").write_text("12\n")
    with pytest.raises(StoreUnavailable, match="made by PostgreSQL 12"):
        EmbeddedServer(home).ensure_running()
    result = threadkeep(env={"THREADKEEP_HOME": str(home)})
    assert_one_line_error(result, "PostgreSQL 12")


def test_a_data_dir_that_cannot_be_created_gets_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = threadkeep(env={"THREADKEEP_HOME": str(blocker / "home")})
    assert_one_line_error(result, "cannot create the data directory", "not a directory")


def test_a_data_dir_that_is_not_writable_gets_a_clear_error(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    if os.geteuid() == 0:
        # Root writes through file modes; a read-only mount is what stops it.
        mounted = run_python(
            f"import subprocess; subprocess.run(['mount', '-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', {str(locked)!r}], check=True)"
        )
        if mounted.returncode != 0:
            pytest.skip("needs a read-only mount, which this machine does not allow")
    else:
        locked.chmod(0o500)
    try:
        result = threadkeep(env={"THREADKEEP_HOME": str(locked)})
        assert_one_line_error(result, "not writable", str(locked))
    finally:
        if os.geteuid() == 0:
            run_python(f"import subprocess; subprocess.run(['umount', {str(locked)!r}])")
        else:
            locked.chmod(0o700)


@pytest.fixture(scope="module")
def second_server(tmp_path_factory):
    """Another Postgres, reached only by its URL."""
    server = EmbeddedServer(tmp_path_factory.mktemp("second"))
    socket_dir = server.ensure_running().socket_dir
    yield server, socket_dir
    server.stop()


def test_external_mode_uses_the_url_and_starts_no_server(second_server, tmp_path):
    _, socket_dir = second_server
    url = f"postgresql://threadkeep@/postgres?host={socket_dir}"
    fresh_home = tmp_path / "unused-home"
    result = run_python(
        """
        import os
        from store import open_store
        with open_store() as s:
            cid = s.create_conversation("external")
            print(s.connection.server is None, len(s.list_conversations(5)))
        """,
        env={"THREADKEEP_DATABASE_URL": url, "THREADKEEP_HOME": str(fresh_home)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "1"]
    assert not fresh_home.exists()
    with open_store(url) as store:
        assert [c.title for c in store.list_conversations(5)] == ["external"]
    status = threadkeep("--database-url", url)
    assert status.returncode == 0, status.stderr
    assert "conversations: 1" in status.stdout


def test_bad_credentials_get_a_clear_error(second_server):
    _, socket_dir = second_server
    admin = f"postgresql://threadkeep@/postgres?host={socket_dir}"
    with open_store(admin, migrate_schema=False) as store, store._engine.begin() as conn:
        conn.execute(text("drop role if exists alice"))
        conn.execute(text("create role alice login password 'right-password'"))
    hba = second_server[0].pgdata / "pg_hba.conf"
    original = hba.read_text()
    hba.write_text("local all alice scram-sha-256\n" + original)
    with open_store(admin, migrate_schema=False) as store, store._engine.connect() as conn:
        conn.execute(text("select pg_reload_conf()"))
    try:
        time.sleep(0.3)
        result = threadkeep(
            "--database-url", f"postgresql://alice:wrong@/postgres?host={socket_dir}"
        )
        assert_one_line_error(result, "password authentication failed", "alice")
        assert "wrong" not in result.stderr
    finally:
        hba.write_text(original)


def test_an_unreachable_url_gets_a_clear_error():
    result = threadkeep("--database-url", "postgresql://bob:secret@127.0.0.1:1/archive")
    assert_one_line_error(result, "cannot reach the database", "127.0.0.1:1", "refused")
    assert "secret" not in result.stderr


def test_a_stopped_database_gets_a_clear_error(second_server, tmp_path):
    server, socket_dir = second_server
    url = f"postgresql://threadkeep@/postgres?host={socket_dir}"
    store = open_store(url)
    try:
        server.stop()
        with pytest.raises(StoreUnavailable, match="cannot reach the database"):
            store.list_conversations(5)
        with pytest.raises(StoreUnavailable, match="cannot reach the database"):
            store.search("anything")
    finally:
        store.close()
        server.ensure_running()
