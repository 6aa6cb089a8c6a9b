"""The "TCP plus password" server mode, the default on Windows.

Windows offers threadkeep no private unix socket, so there the server listens on
127.0.0.1 only, on a port chosen at first start, and every login needs a random password
(SCRAM-SHA-256) that lives in a file only the user can read: other local users can reach
the port but cannot log in. The mode is portable, so `THREADKEEP_SERVER_MODE=tcp` runs it
on Linux and the tests prove it there.

The password file is in libpq's pgpass format, and clients name it with the `passfile`
connection parameter: the password never appears in a URL, a command line or `db url`.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import stat
from dataclasses import dataclass
from pathlib import Path

from store import server_os
from store.errors import StoreUnavailable
from store.server_tools import conf_quote

LOOPBACK = "127.0.0.1"
MODES = ("socket", "tcp")
MODE_VARIABLE = "THREADKEEP_SERVER_MODE"
PORT_FILE = "port"
PASSWORD_FILE = "pgpass"  # noqa: S105 (a file name, not a password)
HBA_FILE = "threadkeep_hba.conf"


def server_mode() -> str:
    """`socket` or `tcp`: the setting, else socket on POSIX and tcp elsewhere."""
    given = os.environ.get(MODE_VARIABLE, "").strip().lower()
    if not given:
        return "socket" if server_os.POSIX else "tcp"
    if given not in MODES:
        raise StoreUnavailable(f"{MODE_VARIABLE} is {given[:20]!r}; expected socket or tcp")
    if given == "socket" and not server_os.POSIX:
        raise StoreUnavailable(
            f"{MODE_VARIABLE}=socket needs unix sockets, which threadkeep uses only on "
            f"Linux and macOS; unset {MODE_VARIABLE}"
        )
    return given


def free_port() -> int:
    """A port nothing on 127.0.0.1 listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True, slots=True)
class TcpMode:
    """The port and password of one data directory."""

    home: Path
    pgdata: Path
    account: server_os.ServiceAccount | None

    @property
    def passfile(self) -> Path:
        return self.home / PASSWORD_FILE

    # --- the port -----------------------------------------------------------------------

    def port(self) -> int:
        """The port kept in the data directory, chosen at the first start."""
        with contextlib.suppress(OSError, ValueError):
            port = int((self.home / PORT_FILE).read_text(encoding="ascii").strip())
            if 1024 <= port <= 65535:
                return port
        return self.choose_port()

    def choose_port(self) -> int:
        port = free_port()
        path = self.home / PORT_FILE
        try:
            path.write_text(f"{port}\n", encoding="ascii")
        except OSError as exc:
            raise StoreUnavailable(f"cannot write {path}: {exc.strerror}") from None
        return port

    # --- the password -------------------------------------------------------------------

    def password(self) -> tuple[str, bool]:
        """The server password, and whether it was made just now (so the role lacks it)."""
        existing = self._read_password()
        if existing is not None:
            # libpq ignores a pgpass file that others can read, so keep it private.
            if server_os.POSIX and self.passfile.stat().st_mode & 0o077:
                self.passfile.chmod(0o600)
            return existing, False
        # URL-safe characters only: no ':' or '\' to escape in pgpass, no quote in SQL.
        password = secrets.token_urlsafe(32)
        try:
            server_os.write_private_file(self.passfile, f"*:*:*:*:{password}\n")
        except OSError as exc:
            raise StoreUnavailable(
                f"cannot write the password file {self.passfile}: {exc.strerror}"
            ) from None
        return password, True

    def _read_password(self) -> str | None:
        """The kept password; None when there is none, or the file is not one we wrote."""
        try:
            info = self.passfile.lstat()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreUnavailable(f"cannot read {self.passfile}: {exc.strerror}") from None
        if not stat.S_ISREG(info.st_mode):
            # A link could point the server's password anywhere; never follow one.
            raise StoreUnavailable(f"{self.passfile} is not a regular file; remove it")
        try:
            lines = self.passfile.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return None
        fields = lines[0].split(":") if lines else []
        if len(fields) != 5 or not fields[4].strip():
            return None  # damaged: a new password replaces it
        return fields[4].strip()

    # --- the server's settings ----------------------------------------------------------

    def write_hba(self) -> Path:
        """Password logins from 127.0.0.1, nothing else: what matches no line is refused."""
        hba = self.pgdata / HBA_FILE
        hba.write_text(
            "# Written by threadkeep at every start in TCP mode; edits are overwritten.\n"
            "# Only SCRAM password logins over 127.0.0.1. No other line, so a unix socket,\n"
            "# another address or a login without a password matches nothing and is refused.\n"
            f"host all all {LOOPBACK}/32 scram-sha-256\n",
            encoding="utf-8",
        )
        if self.account is not None:
            os.chown(hba, self.account.uid, self.account.gid)
        return hba

    def settings(self, port: int) -> str:
        hba = conf_quote(str(self.write_hba()))
        return (
            f"listen_addresses = '{LOOPBACK}'\n"
            f"port = {port}\n"
            "unix_socket_directories = ''\n"
            "password_encryption = 'scram-sha-256'\n"
            f"hba_file = {hba}\n"
        )
