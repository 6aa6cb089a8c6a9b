"""`threadkeep import PATH...`: detect, stream, show progress, print a summary."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.output import CommandError, add_choice, warn

if TYPE_CHECKING:
    from store import Store
    from store.importers import ImportSummary

_MAX_LISTED_FAILURES = 20


def add_parser(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "import",
        parents=[parent],
        help="import ChatGPT or Claude exports, AI SDK messages or raw provider JSON",
        description="Import files, directories or zip archives. The format is detected from "
        "the content: ChatGPT exports (conversations.json, split conversations-NNN.json, or "
        "the zip), Claude exports (zip or json), AI SDK UIMessages (JSON or JSONL), and raw "
        "Anthropic, OpenAI Chat/Responses or Gemini JSON, and the other sources the README "
        "lists. Attachments of ChatGPT zips and Claude exports are stored in the database. "
        "Importing the same file again adds nothing; a newer export of the same conversations "
        "adds the messages that follow those already stored. --discover finds the Claude "
        "Code, Codex CLI and llm histories on this machine.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="a file, directory or zip")
    parser.add_argument(
        "--max-attachment-mb",
        type=int,
        default=64,
        metavar="MB",
        help="do not store an attachment larger than this; its message imports with a note "
        "(default 64)",
    )
    parser.add_argument(
        "--discover",
        action="store_true",
        help="list the Claude Code, Codex CLI and llm histories on this machine and import "
        "them on confirmation",
    )
    parser.add_argument(
        "--yes",
        "-y",
        action="store_true",
        help="with --discover: import what is found without asking",
    )
    add_choice(
        parser,
        "--format",
        listed=_forceable,
        metavar="FORMAT",
        help="treat every input as this format instead of detecting it: one of %(listed)s",
    )
    parser.add_argument("--provider", help="provider to record where the source does not name one")
    parser.add_argument("--model", help="model to record where the source does not name one")
    parser.add_argument(
        "--max-conversation-mb",
        type=int,
        default=128,
        metavar="MB",
        help="refuse a single conversation larger than this (default 128)",
    )
    parser.set_defaults(run=run)


def _forceable() -> list[str]:
    from store.importers import FORCEABLE

    return sorted(FORCEABLE)


def run(store: Store, args: argparse.Namespace) -> int:
    from store.importers import FORCEABLE, ImportOptions, import_paths
    from tui.cli.progress import progress_bar

    if args.max_conversation_mb < 1:
        raise CommandError("--max-conversation-mb must be at least 1")
    if args.max_attachment_mb < 1:
        raise CommandError("--max-attachment-mb must be at least 1")
    if args.discover and args.paths:
        raise CommandError("give either --discover or paths to import, not both")
    if not args.discover and not args.paths:
        raise CommandError("nothing to import: give a file, directory or zip, or --discover")
    if any(not path.strip() for path in args.paths):
        # An empty argument (an unset shell variable) would otherwise mean ".": everything
        # under the current directory.
        raise CommandError("an empty path was given; name a file, directory or zip")
    if args.yes and not args.discover:
        raise CommandError("--yes only applies to --discover")
    options = ImportOptions(
        format=FORCEABLE[args.format] if args.format else None,
        provider=args.provider or None,
        model=args.model or None,
        max_conversation_bytes=args.max_conversation_mb * 2**20,
        max_attachment_bytes=args.max_attachment_mb * 2**20,
    )
    if args.discover:
        from tui.cli.discovering import confirmed_paths

        paths = confirmed_paths(assume_yes=args.yes)
        if not paths:
            return 0
    else:
        paths = [Path(p) for p in args.paths]
    with progress_bar() as progress:
        summary = import_paths(store, paths, options, progress)
    _print_summary(summary)
    return 0 if summary.ok else 1


def _print_summary(summary: ImportSummary) -> None:
    from store.sanitise import strip_line as clean_line

    for report in summary.files:
        if report.error is not None:
            kept = (
                f"; {_count(report.conversations, 'conversation')} before it were imported"
                if report.conversations
                else ""
            )
            warn(f"{report.name}: {report.error}{kept}")
        elif report.failed:
            warn(
                f"{report.name}: {_count(len(report.failed), 'conversation')} failed "
                "(see the summary)"
            )
    out = sys.stdout
    conversations, messages = summary.conversations, summary.messages
    print(f"imported:  {conversations} conversations, {messages} messages", file=out)
    if summary.updated:
        print(f"updated:   {_count(summary.updated, 'conversation')} with new messages", file=out)
    print(f"skipped:   {summary.duplicates} already imported", file=out)
    unmerged = [(f.name, u) for f in summary.files for u in f.unmerged]
    if unmerged:
        print(f"unmerged:  {_count(len(unmerged), 'conversation')} kept as stored:", file=out)
        for _name, item in unmerged[:_MAX_LISTED_FAILURES]:
            print(f"  {clean_line(item.label)}: {clean_line(item.reason)}", file=out)
        if len(unmerged) > _MAX_LISTED_FAILURES:
            print(f"  … and {len(unmerged) - _MAX_LISTED_FAILURES} more", file=out)
    _print_attachments(summary)
    empty = [(f.name, s) for f in summary.files for s in f.skipped]
    if empty:
        print(f"empty:     {len(empty)} conversations with no messages, not imported", file=out)
    _print_passed(summary)
    failed = [(f.name, x) for f in summary.files for x in f.failed]
    broken = [f for f in summary.files if f.error is not None]
    print(f"failed:    {len(failed)} conversations, {len(broken)} files", file=out)
    for name, failure in failed[:_MAX_LISTED_FAILURES]:
        print(f"  {clean_line(name)}: {clean_line(failure.label)}: {clean_line(failure.reason)}")
    if len(failed) > _MAX_LISTED_FAILURES:
        print(f"  … and {len(failed) - _MAX_LISTED_FAILURES} more")


def _print_attachments(summary: ImportSummary) -> None:
    from store.sanitise import strip_line as clean_line

    stored = sum(f.attachments for f in summary.files)
    notes = [n for f in summary.files for n in f.attachment_notes]
    if not stored and not notes:
        return
    line = f"attachments: {stored} stored"
    print(line + (f", {len(notes)} not stored (their messages say why):" if notes else ""))
    for note in notes[:_MAX_LISTED_FAILURES]:
        print(f"  {clean_line(note.label)}: {clean_line(note.reason)}")
    if len(notes) > _MAX_LISTED_FAILURES:
        print(f"  … and {len(notes) - _MAX_LISTED_FAILURES} more")


def _print_passed(summary: ImportSummary) -> None:
    """Every file not imported: listed with its reason, or counted by kind when it is
    plainly not a conversation (images, HTML)."""
    from collections import Counter
    from pathlib import PurePosixPath

    from store.sanitise import strip_line as clean_line

    passed = [p for f in summary.files for p in f.passed]
    if not passed:
        return
    listed = [p for p in passed if not p.plain]
    kinds = Counter(
        PurePosixPath(p.label).suffix.lower() or "(no extension)" for p in passed if p.plain
    )
    print(f"passed:    {_count(len(passed), 'file')} not imported:")
    for item in listed[:_MAX_LISTED_FAILURES]:
        print(f"  {clean_line(item.label)}: {clean_line(item.reason)}")
    if len(listed) > _MAX_LISTED_FAILURES:
        print(f"  … and {len(listed) - _MAX_LISTED_FAILURES} more")
    if kinds:
        counted = ", ".join(
            f"{n} {clean_line(kind)}"
            for kind, n in sorted(kinds.items(), key=lambda k: (-k[1], k[0]))
        )
        print(f"  not conversations (images, HTML, other files): {counted}")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")
