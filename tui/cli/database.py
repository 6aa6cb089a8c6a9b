"""`threadkeep db status|url|stop|backup FILE|restore FILE`: the work is in `store.backup`."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from tui.cli.output import CommandError


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
    from store import open_store

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


def _url(url: str | None, args: argparse.Namespace) -> int:
    from store import open_store
    from store.backup import libpq_url

    with open_store(url) as store:
        print(libpq_url(store.connection.url))
    return 0


def _stop(url: str | None, args: argparse.Namespace) -> int:
    if url or os.environ.get("THREADKEEP_DATABASE_URL"):
        raise CommandError("the database is an external server named by URL; nothing to stop")
    from store.server import EmbeddedServer

    stopped = EmbeddedServer().stop()
    print("stopped the embedded server" if stopped else "the embedded server was not running")
    return 0


def _backup(url: str | None, args: argparse.Namespace) -> int:
    from store import open_store
    from store.backup import backup

    with open_store(url) as store:
        done = backup(store, Path(args.file))
    print(
        f"backed up {done.counts.conversations} conversations and {done.counts.messages} "
        f"messages to {done.path} ({_size(done.size)}); "
        f"restore with: threadkeep db restore {done.path}"
    )
    return 0


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{max(1, round(n / 1024))} kB"


def _restore(url: str | None, args: argparse.Namespace) -> int:
    from store import open_store
    from store.backup import restore

    source = Path(args.file).expanduser().absolute()
    with open_store(url) as store:
        restore(
            store,
            source,
            replace=args.replace,
            on_safety_backup=lambda path: print(f"backed up the current store to {path}"),
        )
    # Opening migrates a backup made by an older threadkeep.
    with open_store(url) as restored:
        after = restored.counts()
    print(
        f"restored {after.conversations} conversations and {after.messages} messages from {source}"
    )
    return 0
