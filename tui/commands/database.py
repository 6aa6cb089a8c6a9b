"""`threadkeep db status|url|stop|backup FILE|restore FILE`."""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.engine import URL

from store import open_store
from store.database import Connection
from store.server import EmbeddedServer, _bundled_binaries
from tui.commands.output import CommandError

_TOOL_TIMEOUT_S = 6 * 3600


def add_parser(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "db", parents=[parent], help="the database: status, url, stop, backup, restore"
    )
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
        help="write a pg_dump archive (restore it with db restore)",
    )
    backup.add_argument("file", metavar="FILE", help="where to write the archive")
    backup.set_defaults(run=_backup, needs_store=False)
    restore = actions.add_parser(
        "restore",
        parents=[parent],
        help="replace the store with a db backup archive",
        description="Restore an archive written by `threadkeep db backup`, in one "
        "transaction: if it fails, the store is as it was. A store that holds conversations "
        "is only replaced with --replace, and is backed up beside FILE first.",
    )
    restore.add_argument("file", metavar="FILE", help="an archive from `threadkeep db backup`")
    restore.add_argument(
        "--replace",
        action="store_true",
        help="replace a store that holds conversations (after backing it up)",
    )
    restore.set_defaults(run=_restore, needs_store=False)


def status(url: str | None) -> int:
    with open_store(url) as store:
        connection = store.connection
        counts = store.counts()
        if connection.server is not None:
            state = connection.server.status()
            print(f"server:        embedded PostgreSQL {state.version} (pid {state.pid})")
            print(f"data dir:      {state.data_dir}")
            if state.socket_dir is not None or state.endpoint is None:
                print(f"socket dir:    {state.socket_dir}")
            else:
                # TCP mode (Windows, or THREADKEEP_SERVER_MODE=tcp): 127.0.0.1 and a password file.
                print(f"address:       {state.endpoint} (password in {state.endpoint.passfile})")
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
        counts = store.counts()
        _dump(store.connection, target)
    size = target.stat().st_size
    print(
        f"backed up {counts.conversations} conversations and {counts.messages} messages "
        f"to {target} ({_size(size)}); restore with: threadkeep db restore {target}"
    )
    return 0


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{max(1, round(n / 1024))} kB"


def _dump(connection: Connection, target: Path) -> None:
    # Written beside the target and renamed into place: a failed dump never leaves half a file.
    try:
        handle, partial = tempfile.mkstemp(prefix=".threadkeep-backup-", dir=target.parent)
    except OSError as exc:
        raise CommandError(f"cannot write a backup in {target.parent}: {exc.strerror}") from None
    os.close(handle)
    try:
        _run_tool(
            _tool_for(connection, "pg_dump"),
            ["--format=custom", "--no-owner", f"--file={partial}"],
            connection,
        )
        try:
            Path(partial).replace(target)
        except OSError as exc:
            raise CommandError(f"cannot write {target}: {exc.strerror}") from None
    finally:
        Path(partial).unlink(missing_ok=True)


def _restore(url: str | None, args: argparse.Namespace) -> int:
    source = Path(args.file).expanduser().absolute()
    if not source.is_file():
        raise CommandError(f"{source} is not a file")
    with open_store(url) as store:
        connection = store.connection
        pg_restore = _tool_for(connection, "pg_restore")
        listing = subprocess.run(
            [str(pg_restore), "--list", str(source)],
            capture_output=True,
            text=True,
            env=_tool_env(),
            check=False,
        )
        if listing.returncode != 0 or "TABLE DATA public messages" not in listing.stdout:
            raise CommandError(f"{source} is not a threadkeep backup (made by `db backup`)")
        before = store.counts()
        if before.conversations:
            if not args.replace:
                raise CommandError(
                    f"the store holds {before.conversations} conversations and restoring "
                    "replaces them; add --replace (the store is backed up first)"
                )
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            safety = source.parent / f"threadkeep-before-restore-{stamp}.dump"
            _dump(connection, safety)
            print(f"backed up the current store to {safety}")
        store.close()
        _run_tool(
            pg_restore,
            ["--clean", "--if-exists", "--no-owner", "--single-transaction", str(source)],
            connection,
        )
    # Opening migrates a backup made by an older threadkeep.
    with open_store(url) as restored:
        after = restored.counts()
    print(
        f"restored {after.conversations} conversations and {after.messages} messages from {source}"
    )
    return 0


def _tool_env() -> dict[str, str]:
    # PG* variables of the user's shell would point the tools elsewhere.
    return {k: v for k, v in os.environ.items() if not k.startswith("PG")}


def _run_tool(tool: Path, arguments: list[str], connection: Connection) -> None:
    result = subprocess.run(
        [str(tool), *arguments, f"--dbname={libpq_url(connection.url)}"],
        capture_output=True,
        text=True,
        env=_tool_env(),
        timeout=_TOOL_TIMEOUT_S,
        check=False,
    )
    if result.returncode != 0:
        lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
        raise CommandError(f"{tool.name} failed: {lines[-1] if lines else result.returncode}")


def _tool_for(connection: Connection, name: str) -> Path:
    builds = _bundled_binaries()
    if connection.server is not None:
        version = connection.server.status().version
        if version in builds:
            return builds[version] / name
    # The tools read servers and archives of their own major version and older: the newest
    # reads the most.
    return next(iter(builds.values())) / name
