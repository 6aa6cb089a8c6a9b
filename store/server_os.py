"""What differs between operating systems for the embedded server, kept in one place.

Windows has no `fcntl`, `pwd` or `os.getuid`, so nothing POSIX-only is imported at module
level here, and every POSIX-only call sits behind `POSIX`
(tests/store/test_platform_imports.py and test_platform_posix.py hold us to that).
`POSIX` (user ids, the root account) and `WINDOWS` (.exe names, ACLs, console flags) are
separate flags so that tests on Linux can switch the first off and still run.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from store.errors import StoreUnavailable

POSIX = os.name == "posix"
WINDOWS = os.name == "nt"

# Windows process-creation flags (winbase.h): pg_ctl's postmaster must neither open a
# console window nor be stopped by a Ctrl+C meant for threadkeep.
_CREATE_NEW_PROCESS_GROUP = 0x00000200
_CREATE_NO_WINDOW = 0x08000000


@dataclass(frozen=True, slots=True)
class ServiceAccount:
    """The system account Postgres runs as when threadkeep runs as root."""

    name: str
    uid: int
    gid: int


def executable(bin_dir: Path, tool: str, *, windows: bool | None = None) -> Path:
    """The path of a bundled Postgres tool: the wheel's Windows build names them `*.exe`."""
    on_windows = WINDOWS if windows is None else windows
    return bin_dir / (f"{tool}.exe" if on_windows else tool)


def socket_path_max(platform: str | None = None) -> int:
    """The longest unix socket path Postgres accepts here, in bytes.

    `sun_path` holds 108 bytes on Linux and 104 on macOS and the BSDs, terminator included;
    Postgres refuses a path that does not fit with its terminator.
    """
    name = sys.platform if platform is None else platform
    if name == "darwin" or name.startswith(("freebsd", "openbsd", "netbsd", "dragonfly")):
        return 103
    return 107


def user_id() -> int:
    """The real user id; only socket mode, which exists only on POSIX, asks for it."""
    if not POSIX:
        raise StoreUnavailable("socket mode needs unix sockets; use THREADKEEP_SERVER_MODE=tcp")
    return os.getuid()


def service_account(name: str) -> ServiceAccount | None:
    """The account Postgres runs as when we are root (Postgres refuses to run as root).

    Windows has no root: pg_ctl drops an administrator's rights by itself.
    """
    if not POSIX or os.geteuid() != 0:
        return None
    import pwd

    def lookup() -> ServiceAccount | None:
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            return None
        return ServiceAccount(name, entry.pw_uid, entry.pw_gid)

    account = lookup()
    if account is not None:
        return account
    useradd = shutil.which("useradd")
    if useradd is None:
        raise StoreUnavailable(
            "running as root needs a system account for Postgres, and useradd is missing; "
            "run threadkeep as a normal user"
        )
    subprocess.run(
        [useradd, "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
        check=False,
        capture_output=True,
    )
    account = lookup()
    if account is None:
        raise StoreUnavailable(
            f"could not create the system account {name!r} for Postgres; "
            "run threadkeep as a normal user"
        )
    return account


def open_path_for(home: Path, account: ServiceAccount) -> None:
    """Let the service account traverse (search, not list) the parents of `home`.

    Only needed as root, where parents such as /root are commonly 0700.
    """
    for parent in home.parents:
        info = parent.stat()
        if info.st_uid == account.uid or info.st_mode & stat.S_IXOTH:
            continue
        parent.chmod(stat.S_IMODE(info.st_mode) | stat.S_IXOTH)


def own_private_dir(path: Path, account: ServiceAccount | None) -> None:
    """Make `path` 0700 and owned by whoever runs Postgres.

    On Windows modes mean little; the user's profile (where platformdirs puts the data)
    is already private to the user by its inherited access list.
    """
    if WINDOWS:
        return
    if account is not None and path.stat().st_uid != account.uid:
        os.chown(path, account.uid, account.gid)
    if stat.S_IMODE(path.stat().st_mode) != 0o700:
        path.chmod(0o700)


def write_private_file(path: Path, text: str, account: ServiceAccount | None = None) -> None:
    """Write `text` to a file that only the current user (and `account`) can read.

    POSIX: created 0600 before anything is written. Windows: created empty, then its
    access list is cut down to the current user, then written.
    """
    # O_BINARY: Windows would otherwise translate newlines.
    binary = getattr(os, "O_BINARY", 0)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | binary | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600)
    try:
        if WINDOWS:
            os.close(fd)
            fd = -1
            restrict_to_user(path)
            fd = os.open(path, os.O_WRONLY | os.O_TRUNC | binary)
        else:
            os.fchmod(fd, 0o600)
            if account is not None:
                os.fchown(fd, account.uid, account.gid)
        os.write(fd, text.encode("utf-8"))
    finally:
        if fd >= 0:
            os.close(fd)


def restrict_to_user(path: Path) -> None:
    """Windows only: let only the current user read or write `path`.

    `icacls /inheritance:r` drops the entries inherited from the folder (Administrators,
    SYSTEM) and `/grant:r` leaves the user as the one entry. Not runnable on the Linux CI.
    """
    domain, user = os.environ.get("USERDOMAIN"), os.environ.get("USERNAME")
    if not user:
        import getpass

        user = getpass.getuser()
    who = f"{domain}\\{user}" if domain else user
    icacls = shutil.which("icacls") or "icacls"
    result = subprocess.run(
        [icacls, str(path), "/inheritance:r", "/grant:r", f"{who}:(R,W)"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        with contextlib.suppress(OSError):
            path.unlink()
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise StoreUnavailable(
            f"cannot make {path} private to {who}: {detail[-1] if detail else 'icacls failed'}"
        )


def detached() -> dict[str, object]:
    """subprocess options so the postmaster that pg_ctl starts outlives threadkeep."""
    if WINDOWS:
        return {"creationflags": _CREATE_NEW_PROCESS_GROUP | _CREATE_NO_WINDOW}
    return {}
