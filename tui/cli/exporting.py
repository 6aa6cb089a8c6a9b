"""`threadkeep export ID --as FORMAT [-o FILE]`: `store.export.write`, to a file or stdout."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.output import add_choice

if TYPE_CHECKING:
    from store import Store


def _formats() -> tuple[str, ...]:
    from store.export import formats

    return formats()


def add_parser(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "export",
        parents=[parent],
        help="write a conversation as a provider's request, Markdown or raw JSON",
        description="Write one conversation. Provider formats write the request payload that "
        "provider would receive (the translation report goes to stderr); markdown writes a "
        "readable transcript; json writes the stored raw messages.",
    )
    parser.add_argument("id", metavar="ID", help="a conversation id, or a unique prefix of one")
    add_choice(
        parser,
        "--as",
        dest="format",
        required=True,
        listed=_formats,
        metavar="FORMAT",
        help="one of %(listed)s",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    parser.set_defaults(run=run)


def run(store: Store, args: argparse.Namespace) -> int:
    from store.export import write

    cid = store.resolve_id(args.id)
    # The translation report is for the person reading stderr; stdout carries only the payload.
    out = Path(args.output) if args.output else sys.stdout
    write(store, cid, args.format, out, on_report=lambda line: print(line, file=sys.stderr))
    return 0
