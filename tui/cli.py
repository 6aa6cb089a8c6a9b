"""The `threadkeep` command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from store import StoreError, open_store


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="threadkeep",
        description="Keep, browse and move LLM conversations between providers.",
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="use the Postgres at URL instead of the embedded server "
        "(also THREADKEEP_DATABASE_URL)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _status(args.database_url)
    except StoreError as exc:
        print(f"threadkeep: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _status(url: str | None) -> int:
    with open_store(url) as store:
        connection = store.connection
        counts = store.counts()
        if connection.server is not None:
            status = connection.server.status()
            print(f"server:        embedded PostgreSQL {status.version} (pid {status.pid})")
            print(f"data dir:      {status.data_dir}")
            print(f"socket dir:    {status.socket_dir}")
        else:
            print(f"server:        {connection.display_url}")
        print(f"conversations: {counts.conversations} ({counts.deleted} in the trash)")
        print(f"messages:      {counts.messages}")
        print(f"attachments:   {counts.attachments}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
