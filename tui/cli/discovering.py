"""`threadkeep import --discover`: the histories other tools keep here, imported on a yes."""

from __future__ import annotations

import sys
from pathlib import Path

from tui.cli.output import is_terminal


def confirmed_paths(*, assume_yes: bool) -> list[Path]:
    """List what is found; return the files to import, or [] when the answer is no.

    Without a terminal to ask on and without --yes, listing is all that happens: a script
    must say --yes to import, never have a default answer chosen for it.
    """
    from store.importers.discover import discover
    from store.sanitise import strip_line

    found = discover()
    if not found:
        print("found:     no Claude Code, Codex CLI or llm history on this machine")
        return []
    print("found:")
    for item in found:
        if item.conversations is None:
            print(f"  {item.tool}: {strip_line(str(item.path))}: {strip_line(item.problem or '')}")
            continue
        noun = "conversation" if item.tool == "llm" else "session"
        count = f"{item.conversations} {noun}" + ("" if item.conversations == 1 else "s")
        print(f"  {item.tool}: {count} in {strip_line(str(item.path))}")
    readable = [item for item in found if item.conversations is not None]
    if not readable:
        return []
    if not assume_yes:
        if not (is_terminal(sys.stdin) and is_terminal(sys.stderr)):
            print("Run `threadkeep import --discover --yes` to import them.")
            return []
        print("Import them? [y/N] ", end="", file=sys.stderr, flush=True)
        try:
            answer = sys.stdin.readline().strip().lower()
        except (EOFError, KeyboardInterrupt):
            answer = ""
        if answer not in ("y", "yes"):
            print("Nothing imported.")
            return []
    return [file for item in readable for file in item.files]
