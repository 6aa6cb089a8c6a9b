"""`threadkeep db status|url|stop|backup FILE`."""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.engine import URL

from store import open_store
from store.database import Connection
from store.server import EmbeddedServer, _bundled_binaries
from tui.commands.output import CommandError

_BACKUP_TIMEOUT_S = 6 * 3600


def add_parser(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("db", parents=[parent], help="the database: status, url, stop, backup")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    status_parser = actions.add_parser(
        "status", parents=[parent], help="server, data directory and row counts"
    )
    status_parser.set_defaults(run=lambda url, args: status(url), needs_store=False)
    url_parser = actions.add_parser(
        "url", parents=[parent], help="a libpq URL for psql, pg_dump or your own scripts"
    )
    url_parser.set_defaults(run=_url, needs_store=False)
    stop_parser = actions.add_parser("stop", parents=[parent], help="stop the embedded server")
    stop_parser.set_defaults(run=_stop, needs_store=False)
    backup = actions.add_parser(
        "backup",
        parents=[parent],
        help="write a pg_dump archive (restore it with pg_restore)",
    )
    backup.add_argument("file", metavar="FILE", help="where to write the archive")
    backup.set_defaults(run=_backup, needs_store=False)


def status(url: str | None) -> int:
    with open_store(url) as store:
        connection = store.connection
        counts = store.counts()
        if connection.server is not None:
            state = connection.server.status()
            print(f"server:        embedded PostgreSQL {state.version} (pid {state.pid})")
            print(f"data dir:      {state.data_dir}")
            print(f"socket dir:    {state.socket_dir}")
        else:
            print(f"server:        {connection.display_url}")
        print(f"conversations: {counts.conversations} ({counts.deleted} in the trash)")
        print(f"messages:      {counts.messages}")
        print(f"attachments:   {counts.attachments}")
    return 0


def libpq_url(url: URL, *, hide_password: bool = False) -> str:
    """The URL in the form libpq reads (psql, pg_dump): no driver, percent-encoding only."""
    user = quote(url.username or "", safe="")
    if url.password is not None and user:
        user += ":" + ("***" if hide_password else quote(str(url.password), safe=""))
    host = quote(url.host or "", safe="")
    port = f":{url.port}" if url.port else ""
    at = "@" if user else ""
    query = "&".join(
        f"{quote(key, safe='')}={quote(str(v), safe='')}"
        for key, value in sorted(url.query.items())
        for v in (value if isinstance(value, tuple) else (value,))
    )
    return f"postgresql://{user}{at}{host}{port}/{quote(url.database or '', safe='')}" + (
        f"?{query}" if query else ""
    )


def _url(url: str | None, args: argparse.Namespace) -> int:
    with open_store(url) as store:
        print(libpq_url(store.connection.url))
    return 0


def _stop(url: str | None, args: argparse.Namespace) -> int:
    if url or os.environ.get("THREADKEEP_DATABASE_URL"):
        raise CommandError("the database is an external server named by URL; nothing to stop")
    stopped = EmbeddedServer().stop()
    print("stopped the embedded server" if stopped else "the embedded server was not running")
    return 0


def _backup(url: str | None, args: argparse.Namespace) -> int:
    target = Path(args.file).expanduser().absolute()
    if target.is_dir():
        raise CommandError(f"{target} is a directory; give a file name for the backup")
    if not target.parent.is_dir():
        raise CommandError(f"the directory {target.parent} does not exist")
    with open_store(url) as store:
        connection = store.connection
        counts = store.counts()
        pg_dump = _pg_dump_for(connection)
        dsn = libpq_url(connection.url)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    # Written beside the target and renamed into place: a failed dump never leaves half a file.
    handle, partial = tempfile.mkstemp(prefix=".threadkeep-backup-", dir=target.parent)
    os.close(handle)
    try:
        result = subprocess.run(
            [str(pg_dump), "--format=custom", "--no-owner", f"--file={partial}", f"--dbname={dsn}"],
            capture_output=True,
            text=True,
            env=env,
            timeout=_BACKUP_TIMEOUT_S,
            check=False,
        )
        if result.returncode != 0:
            lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
            raise CommandError(f"pg_dump failed: {lines[-1] if lines else result.returncode}")
        Path(partial).replace(target)
    finally:
        Path(partial).unlink(missing_ok=True)
    size = target.stat().st_size
    print(
        f"backed up {counts.conversations} conversations and {counts.messages} messages "
        f"to {target} ({size / 2**20:.1f} MB); restore with: pg_restore --clean --if-exists "
        f"--no-owner -d <database url> {target}"
    )
    return 0


def _pg_dump_for(connection: Connection) -> Path:
    builds = _bundled_binaries()
    if connection.server is not None:
        version = connection.server.status().version
        if version in builds:
            return builds[version] / "pg_dump"
    # pg_dump reads servers of its own major version and older: the newest reads the most.
    return next(iter(builds.values())) / "pg_dump"
