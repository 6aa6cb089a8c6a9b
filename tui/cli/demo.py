"""`threadkeep demo`: load the bundled sample conversations."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store import Store


def add_parser(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "demo",
        parents=[parent],
        help="load sample conversations for every provider (running it again adds nothing)",
    )
    parser.set_defaults(run=run)


def run(store: Store, args: argparse.Namespace) -> int:
    from store.demo import load_demo

    result = load_demo(store)
    if result.added:
        print(f"loaded {result.added} demo conversations ({result.messages} messages)")
    if result.present:
        print(f"{result.present} demo conversations were already there")
    return 0
