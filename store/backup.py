"""Backing the store up with pg_dump and restoring it with pg_restore, and the libpq URL.

The tools are the ones bundled with the embedded server, of the server's own major
version when it is ours. A backup is written beside its target and renamed into place; a
restore runs in one transaction, and a store that holds conversations is only replaced on
request, after being backed up itself.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from store.errors import StoreError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

    from store.api import Store
    from store.database import Connection
    from store.records import Counts

_TOOL_TIMEOUT_S = 6 * 3600


class BackupError(StoreError):
    """A backup or restore that cannot be done; the message names why."""


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    counts: Counts
    size: int


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


def backup(store: Store, target: Path) -> Backup:
    """Write a pg_dump archive of the store to `target` (custom format, no owners)."""
    target = target.expanduser().absolute()
    if target.is_dir():
        raise BackupError(f"{target} is a directory; give a file name for the backup")
    if not target.parent.is_dir():
        raise BackupError(f"the directory {target.parent} does not exist")
    counts = store.counts()
    _dump(store.connection, target)
    return Backup(target, counts, target.stat().st_size)


def restore(
    store: Store,
    source: Path,
    *,
    replace: bool,
    on_safety_backup: Callable[[Path], None] | None = None,
) -> None:
    """Replace the store's contents with the archive `source`, in one transaction.

    A store holding conversations is refused unless `replace`; then it is first backed up
    beside `source` (`on_safety_backup` hears where). `store` is closed on return: reopen
    it, which migrates a backup made by an older threadkeep.
    """
    source = source.expanduser().absolute()
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
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
        raise BackupError(f"{source} is not a threadkeep backup (made by `db backup`)")
    before = store.counts()
    if before.conversations:
        if not replace:
            raise BackupError(
                f"the store holds {before.conversations} conversations and restoring "
                "replaces them; add --replace (the store is backed up first)"
            )
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        safety = source.parent / f"threadkeep-before-restore-{stamp}.dump"
        _dump(connection, safety)
        if on_safety_backup is not None:
            on_safety_backup(safety)
    # Our own pooled connections would only hold pg_restore up.
    store.close()
    _run_tool(
        pg_restore,
        ["--clean", "--if-exists", "--no-owner", "--single-transaction", str(source)],
        connection,
    )


def _dump(connection: Connection, target: Path) -> None:
    # Written beside the target and renamed into place: a failed dump never leaves half a file.
    try:
        handle, partial = tempfile.mkstemp(prefix=".threadkeep-backup-", dir=target.parent)
    except OSError as exc:
        raise BackupError(f"cannot write a backup in {target.parent}: {exc.strerror}") from None
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
            raise BackupError(f"cannot write {target}: {exc.strerror}") from None
    finally:
        Path(partial).unlink(missing_ok=True)


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
        raise BackupError(f"{tool.name} failed: {lines[-1] if lines else result.returncode}")


def _tool_for(connection: Connection, name: str) -> Path:
    from store.server import bundled_binaries
    from store.server_os import executable

    builds = bundled_binaries()
    if connection.server is not None:
        version = connection.server.status().version
        if version in builds:
            return executable(builds[version], name)
    # The tools read servers and archives of their own major version and older: the newest
    # reads the most.
    return executable(next(iter(builds.values())), name)
