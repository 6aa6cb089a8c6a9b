"""`threadkeep export ID --as FORMAT [-o FILE]`."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from store import Store
from store.export import json_document, markdown_transcript
from store.records import StoredMessage
from translate import Report
from tui.commands.output import CommandError, clean_block, clean_line, dumps, is_terminal

# The translator's views (DESIGN §3): each writes that provider's request payload.
PROVIDER_VIEWS = ("anthropic", "openai-responses", "openai-chat", "gemini", "deepseek", "ai-sdk")
FORMATS = (*PROVIDER_VIEWS, "markdown", "json")
_PAGE = 1000


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
    parser.add_argument(
        "--as",
        dest="format",
        required=True,
        choices=FORMATS,
        metavar="FORMAT",
        help=f"one of {', '.join(FORMATS)}",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    parser.set_defaults(run=run)


def run(store: Store, args: argparse.Namespace) -> int:
    cid = store.resolve_id(args.id)
    conversation = store.get_conversation(cid)
    if args.format in PROVIDER_VIEWS:
        chunks: Iterable[str] = _provider_payload(store, cid, args.format)
    elif args.format == "markdown":
        chunks = markdown_transcript(conversation, _messages(store, cid))
    else:
        chunks = json_document(conversation, _messages(store, cid))
    if args.output:
        _write_file(Path(args.output), chunks)
    else:
        _write_stream(sys.stdout, chunks)
    return 0


def _messages(store: Store, cid: object) -> Iterator[StoredMessage]:
    """Every message, read a page at a time so a long conversation never sits in memory."""
    start = 0
    while True:
        page = store.load_messages(cid, start=start, limit=_PAGE)  # type: ignore[arg-type]
        yield from page
        if len(page) < _PAGE:
            return
        start = page[-1].position + 1


def _provider_payload(store: Store, cid: object, view: str) -> Iterator[str]:
    loaded = store.load_conversation(cid, view)  # type: ignore[arg-type]
    yield from _with_report(view, loaded.payload, loaded.report)


def _with_report(view: str, payload: object, report: Report) -> Iterator[str]:
    # The report is for a person reading stderr; stdout carries only the payload.
    print(f"{view}: {clean_line(report.summary())}", file=sys.stderr)
    for warning in getattr(report, "warnings", ()):
        print(f"  warning: {clean_line(str(warning))}", file=sys.stderr)
    for entry in getattr(report, "entries", ()):
        print(f"  {_entry_line(entry)}", file=sys.stderr)
    yield dumps(payload) + "\n"


def _entry_line(entry: object) -> str:
    badge = getattr(entry, "badge", None)
    if badge is None:
        return clean_line(str(entry))
    where = f"message {getattr(entry, 'record', '?')}"
    kind = getattr(entry, "kind", "part")
    return clean_line(f"{where}, {kind}: {badge}: {getattr(entry, 'reason', '')}")


def _write_stream(stream: TextIO, chunks: Iterable[str]) -> None:
    terminal = is_terminal(stream)
    for chunk in chunks:
        # JSON is already escaped; a transcript on a terminal must not carry its escapes.
        stream.write(clean_block(chunk) if terminal else chunk)
    stream.flush()


def _write_file(target: Path, chunks: Iterable[str]) -> None:
    target = target.expanduser()
    if target.is_dir():
        raise CommandError(f"{target} is a directory; give a file name")
    directory = target.absolute().parent
    if not directory.is_dir():
        raise CommandError(f"the directory {directory} does not exist")
    # Written beside the target and renamed into place: a failed export leaves no half file.
    handle, partial = tempfile.mkstemp(prefix=".threadkeep-export-", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            for chunk in chunks:
                out.write(chunk)
        Path(partial).replace(target)
    except OSError as exc:
        raise CommandError(f"cannot write {target}: {exc.strerror}") from None
    finally:
        with contextlib.suppress(OSError):
            Path(partial).unlink()
