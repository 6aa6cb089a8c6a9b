"""Where the data lives on each platform, odd paths, and the Apple wheel's code paths."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest
from platformdirs.macos import MacOS
from platformdirs.unix import Unix
from platformdirs.windows import Windows

from store import open_store, server_os
from store import server as server_module
from store.server import EmbeddedServer, _bundled_binaries, config_home, data_home
from store.server_tools import conf_quote


@pytest.mark.parametrize("mode", ["socket", "tcp"])
def test_a_data_dir_with_a_space_and_an_accent_works(tmp_path, monkeypatch, mode):
    home = tmp_path / f"My Archive é {mode}"
    monkeypatch.setenv("THREADKEEP_HOME", str(home))
    monkeypatch.setenv("THREADKEEP_SERVER_MODE", mode)
    try:
        with open_store() as store:
            cid = store.create_conversation("café au lait")
            assert store.get_conversation(cid).title == "café au lait"
            status = store.connection.server.status()
            assert status.data_dir == home
            assert (home / "pgdata" / "PG_VERSION").exists()
    finally:
        EmbeddedServer(home).stop()


def test_settings_quote_backslashes_and_quotes_for_postgres(tmp_path, monkeypatch):
    """postgresql.conf reads backslash escapes: a Windows path must keep its backslashes."""
    assert conf_quote(r"C:\Users\new\it's") == r"'C:\\Users\\new\\it''s'"
    home = tmp_path / "it's a \\new dir"
    monkeypatch.setenv("THREADKEEP_HOME", str(home))
    monkeypatch.setenv("THREADKEEP_SERVER_MODE", "tcp")
    try:
        with open_store() as store:
            assert store.counts().conversations == 0  # the server found its hba_file
    finally:
        EmbeddedServer(home).stop()


def test_the_documented_directories_are_platformdirs(monkeypatch):
    """README's locations, computed by platformdirs' own classes for each platform."""
    monkeypatch.setenv("HOME", "/home/ada")
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", r"C:\Users\ada\AppData\Local")
    linux = Unix("threadkeep", appauthor=False)
    assert linux.user_data_dir == "/home/ada/.local/share/threadkeep"
    assert linux.user_config_dir == "/home/ada/.config/threadkeep"
    mac = MacOS("threadkeep", appauthor=False)
    assert mac.user_data_dir == "/home/ada/Library/Application Support/threadkeep"
    assert mac.user_config_dir == mac.user_data_dir
    windows = Windows("threadkeep", appauthor=False)
    # appauthor=False: %LOCALAPPDATA%\threadkeep, not %LOCALAPPDATA%\threadkeep\threadkeep.
    assert windows.user_data_dir == os.path.join(r"C:\Users\ada\AppData\Local", "threadkeep")
    assert windows.user_config_dir == windows.user_data_dir
    # And threadkeep asks platformdirs the same question on the platform it runs on.
    monkeypatch.delenv("THREADKEEP_HOME")
    assert data_home() == Path(linux.user_data_dir)
    assert config_home() == Path(linux.user_config_dir)


def test_the_socket_path_limit_is_the_platforms():
    assert server_os.socket_path_max("linux") == 107
    assert server_os.socket_path_max("darwin") == 103
    assert server_os.socket_path_max("freebsd14") == 103


def test_a_socket_path_that_fits_linux_but_not_macos_moves_on_macos(tmp_path, monkeypatch):
    # home/run/.s.PGSQL.5432 of exactly 105 bytes: fine on Linux, too long on macOS.
    suffix = len(os.fsencode(Path("run") / ".s.PGSQL.5432")) + 1
    base = len(os.fsencode(tmp_path)) + 1
    home = tmp_path / ("h" * (105 - suffix - base))
    server = EmbeddedServer(home)
    assert len(os.fsencode(home / "run" / ".s.PGSQL.5432")) == 105
    assert server._socket_dir_for_home() == home / "run"
    monkeypatch.setattr(sys, "platform", "darwin")
    moved = server._socket_dir_for_home()
    assert not moved.is_relative_to(home)
    assert len(os.fsencode(moved / ".s.PGSQL.5432")) <= 103


def test_macos_default_and_temp_dirs_hold_the_socket(tmp_path, monkeypatch):
    """The paths a Mac gives: the default data dir keeps its socket, and a deep one falls
    back to the per-user $TMPDIR (/var/folders/…/T), which fits macOS's limit."""
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(tempfile, "tempdir", "/var/folders/zz/zyxvpxvq6csfxvn_n0000000000000/T")
    monkeypatch.setenv("HOME", "/Users/someone.with.a.long.name")
    default = Path(MacOS("threadkeep", appauthor=False).user_data_dir)
    assert EmbeddedServer(default)._socket_dir_for_home() == default / "run"
    deep = default / ("archive " * 8).strip()
    fallback = EmbeddedServer(deep)._socket_dir_for_home()
    assert fallback.parent == Path(tempfile.tempdir)
    assert len(os.fsencode(fallback / ".s.PGSQL.5432")) <= 103


def test_the_bundled_tools_are_found_by_the_platforms_names(tmp_path):
    # The wheel is built with Postgres' own configure/make into pginstall*/bin on every
    # platform; the Windows build names its programs *.exe.
    assert server_os.executable(tmp_path, "pg_ctl", windows=True) == tmp_path / "pg_ctl.exe"
    assert server_os.executable(tmp_path, "pg_ctl", windows=False) == tmp_path / "pg_ctl"
    for bin_dir in _bundled_binaries().values():
        for tool in ("postgres", "initdb", "pg_ctl", "pg_dump", "pg_restore", "psql"):
            assert server_os.executable(bin_dir, tool).is_file(), (bin_dir, tool)


def test_the_server_module_reaches_windows_flags_only_on_windows(monkeypatch):
    assert server_os.detached() == {}
    monkeypatch.setattr(server_os, "WINDOWS", True)
    flags = server_os.detached()["creationflags"]
    assert flags == 0x00000200 | 0x08000000  # a new process group, no console window
    assert server_module.server_os is server_os
