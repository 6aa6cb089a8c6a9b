"""The `threadkeep` command: one module per subcommand, each importing what it needs.

Building the parser imports nothing heavy, so `--help` and usage mistakes answer at once:
the store, SQLAlchemy and the translator load only when a subcommand runs. The command
line is its own layer: the app never imports it, and it imports nothing of the app but
its entry point, `tui.app.run`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from tui.cli import database, demo, exporting, importing, listing, sending
from tui.cli.output import CommandError, warn

__all__ = ["build_parser", "main"]


class _Parser(argparse.ArgumentParser):
    """Usage mistakes are one line too, like every other failure."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"threadkeep: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    # --database-url is accepted before or after the subcommand; SUPPRESS keeps a value
    # given before it from being reset by the subcommand's own default.
    common = _Parser(add_help=False)
    common.add_argument(
        "--database-url",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="use the Postgres at URL instead of the embedded server "
        "(also THREADKEEP_DATABASE_URL)",
    )
    parser = _Parser(
        prog="threadkeep",
        description="Keep, browse and move LLM conversations between providers.",
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    importing.add_parser(sub, common)
    exporting.add_parser(sub, common)
    demo.add_parser(sub, common)
    listing.add_parsers(sub, common)
    database.add_parser(sub, common)
    sending.add_parsers(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    check = getattr(args, "check", None)
    if check is not None:
        check(args)  # choices the store or translator owns: still a usage error, exit 2
    url = getattr(args, "database_url", None)
    # The errors are plain classes; the store itself (SQLAlchemy, psycopg) loads only for a
    # subcommand that uses it, never before the app's first paint.
    from store.errors import StoreError

    try:
        if args.command is None:
            if sys.stdin.isatty() and sys.stdout.isatty():
                # Start-up builds a few hundred thousand objects that live as long as the
                # app; collecting on the way scans them again and again (two full
                # collections before the first frame, ~30 ms). The app collects again, all
                # it built frozen, once its first frame is up (tui.app.run).
                from store.collection import paused

                with paused():
                    from tui.app import run as run_app  # Textual is loaded only for the app

                    return run_app(url)
            return database.status(url)  # no terminal to draw on: the status instead
        if getattr(args, "needs_store", True):
            from store import open_store

            with open_store(url) as store:
                return int(args.run(store, args))
        return int(args.run(url, args))
    except (StoreError, CommandError) as exc:
        warn(str(exc))
        return 1
    except BrokenPipeError:
        # `threadkeep list | head` closes the pipe early; that is not an error.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130
