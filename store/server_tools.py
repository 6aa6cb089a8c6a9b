"""Running the bundled Postgres tools on one data directory: initdb, settings, start.

They run as the service account when threadkeep runs as root, with output to files (never
pipes), and their failures become one-line StoreUnavailable errors.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from store import server_os
from store.errors import StoreUnavailable

DB_USER = "threadkeep"
START_TIMEOUT_S = 60


def conf_quote(value: str) -> str:
    """`value` as a quoted postgresql.conf string.

    The conf parser reads backslash escapes, so a Windows path such as C:\\Users\\new
    would otherwise lose its backslashes (and gain a newline); quotes are doubled.
    """
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


@dataclass(frozen=True, slots=True)
class PgTools:
    home: Path
    pgdata: Path
    log_path: Path
    account: server_os.ServiceAccount | None

    def initdb(self, bin_dir: Path, password: str | None = None) -> None:
        if self.pgdata.exists() and any(self.pgdata.iterdir()):
            raise StoreUnavailable(
                f"{self.pgdata} is not empty and is not a PostgreSQL data directory"
            )
        self.pgdata.mkdir(mode=0o700, exist_ok=True)
        server_os.own_private_dir(self.pgdata, self.account)
        pwfile = self.home / ".initdb-password"
        extra: list[str] = []
        if password is not None:
            # initdb reads the superuser's password from a file, never from its arguments.
            server_os.write_private_file(pwfile, password + "\n", self.account)
            extra.append(f"--pwfile={pwfile}")
        try:
            self.run(
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
                # Socket mode: only the owner can reach the socket (0700 dir and socket), so
                # the file system is the access control and TCP is refused. TCP mode
                # replaces these rules with its own (store.server_tcp).
                "--auth-local=trust",
                "--auth-host=reject",
                *extra,
                bin_dir=bin_dir,
            )
        finally:
            pwfile.unlink(missing_ok=True)
        conf = self.pgdata / "postgresql.conf"
        with conf.open("a", encoding="utf-8") as handle:
            handle.write("\n# threadkeep: per-start settings live in this file\n")
            handle.write("include_if_exists = 'threadkeep.conf'\n")

    def set_password(self, bin_dir: Path, password: str) -> None:
        """Give the superuser a new password, with the server stopped (single-user mode).

        Needed when TCP mode meets a data directory made in socket mode, or a deleted
        password file; the password goes through stdin, never a command line.
        """
        statement = f"ALTER ROLE \"{DB_USER}\" PASSWORD '{password}'\n"
        self.run(
            "postgres",
            "--single",
            "-D",
            str(self.pgdata),
            "-c",
            "exit_on_error=on",
            "postgres",
            bin_dir=bin_dir,
            stdin=statement.encode("utf-8"),
        )

    def write_settings(self, mode_settings: str) -> None:
        settings = self.pgdata / "threadkeep.conf"
        settings.write_text(
            "# Written by threadkeep at every start; edits are overwritten.\n"
            + mode_settings
            # Search reads message rows at random; a bigger cache than the 128 MB default
            # keeps a large archive's hot rows in memory (allocated as used, not up front).
            + "shared_buffers = 256MB\n",
            encoding="utf-8",
        )
        if self.account is not None:
            os.chown(settings, self.account.uid, self.account.gid)

    # --- the process --------------------------------------------------------------------

    def start(self, bin_dir: Path) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                self.run(
                    "pg_ctl",
                    "start",
                    "-w",
                    "-s",
                    "-t",
                    str(START_TIMEOUT_S),
                    "-D",
                    str(self.pgdata),
                    "-l",
                    str(self.log_path),
                    bin_dir=bin_dir,
                )
                return
            except StoreUnavailable:
                reason = self.last_log_error()
                # After `kill -9` of the postmaster its backends linger for a moment and
                # keep the shared memory attached; they exit on their own.
                if "shared memory block is still in use" in reason and time.monotonic() < deadline:
                    time.sleep(0.5)
                    continue
                raise StoreUnavailable(
                    f"the embedded Postgres did not start: {reason or 'no reason logged'} "
                    f"(log: {self.log_path})"
                ) from None

    def last_log_error(self) -> str:
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

    def run(self, tool: str, *args: str, bin_dir: Path, stdin: bytes | None = None) -> None:
        """Run a bundled Postgres tool, as the service account when we are root."""
        binary = server_os.executable(bin_dir, tool)
        # Variables like PGHOST or PGDATA from the user's shell must not redirect the tools.
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_ALL"] = "C"
        kwargs: dict[str, Any] = server_os.detached()
        if self.account is not None:
            kwargs |= {"user": self.account.uid, "group": self.account.gid, "extra_groups": []}
            env["HOME"] = str(self.home)
        # Output goes to files, not pipes: a daemonised postmaster would inherit a pipe
        # and keep it open, and reading it would then never finish.
        with tempfile.TemporaryFile() as out:
            try:
                result = subprocess.run(
                    [str(binary), *args],
                    input=stdin,
                    stdin=None if stdin is not None else subprocess.DEVNULL,
                    stdout=out,
                    stderr=out,
                    env=env,
                    cwd=self.home,
                    timeout=START_TIMEOUT_S + 30,
                    **kwargs,
                )
            except (OSError, subprocess.SubprocessError) as exc:
                raise StoreUnavailable(f"could not run {tool}: {exc}") from exc
            if result.returncode != 0:
                out.seek(0)
                text = out.read().decode("utf-8", "replace").strip()
                detail = text.splitlines()[-1] if text else f"exit status {result.returncode}"
                raise StoreUnavailable(f"{tool} failed: {detail}")
