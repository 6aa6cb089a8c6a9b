"""Nothing POSIX-only is imported at module level by threadkeep's own code (issue 16).

Windows has no fcntl, pwd, grp, termios, tty, pty or resource: one such import in any of
our modules and threadkeep cannot start there. CI runs on Linux, so a fresh interpreter
makes those imports fail whenever one of *our* modules asks for them, then imports every
module of store, translate and tui. Third-party and standard-library modules may still
import them (subprocess, psutil and Textual's Linux driver pick their own per platform,
and do not take these paths on Windows), so the check looks at who imports, not at what
ends up loaded.
"""

from __future__ import annotations

from tests.store.helpers import run_python

PROBE = r"""
import builtins
import importlib
import sys
from pathlib import Path

BLOCKED = {"fcntl", "pwd", "grp", "termios", "tty", "pty", "resource", "syslog"}
OURS = ("store", "translate", "tui")
real_import = builtins.__import__


def guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
    # Every `import x` statement comes through here, even for a module already loaded, with
    # the importing module's globals: so this sees exactly which module asked.
    importer = (globals or {}).get("__name__", "")
    if level == 0 and name.split(".")[0] in BLOCKED and importer.split(".")[0] in OURS:
        raise ImportError(f"{importer} imports the POSIX-only module {name}")
    return real_import(name, globals, locals, fromlist, level)


builtins.__import__ = guarded_import

root = Path.cwd()
names = []
# Walk the files rather than pkgutil.walk_packages: directories without __init__.py
# (namespace packages such as tui/widgets) are skipped by walk_packages.
for package in OURS:
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if "migrations" in parts:
            continue  # Alembic's scripts, run only by Alembic inside store.database.migrate
        if parts[-1] == "__main__":
            continue  # importing it runs the program
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))

failures = []
for name in names:
    try:
        importlib.import_module(name)
    except Exception as exc:
        failures.append(f"{name}: {type(exc).__name__}: {exc}")
print(len(names))
print("\n".join(failures))
"""


def test_no_module_of_ours_imports_a_posix_only_module_at_import_time():
    result = run_python(PROBE)
    assert result.returncode == 0, result.stderr
    count, *failures = result.stdout.splitlines()
    # The walk found the packages (a broken walk would pass vacuously).
    assert int(count) > 50
    assert [f for f in failures if f.strip()] == []


def test_the_probe_catches_a_posix_only_import(tmp_path):
    """The guard itself works: a module of ours that imports fcntl is reported."""
    probe = PROBE.replace(
        "root = Path.cwd()\nnames = []",
        'root = Path.cwd()\nnames = ["store._posix_probe"]',
    ).replace("for package in OURS:", "for package in ():")
    shim = tmp_path / "store" / "_posix_probe.py"
    shim.parent.mkdir()
    shim.write_text("import fcntl\n")
    # Make the probe module importable as part of store by extending the package's path.
    probe = probe.replace(
        "builtins.__import__ = guarded_import",
        f"import store\nstore.__path__.append({str(shim.parent)!r})\n"
        "builtins.__import__ = guarded_import",
    )
    result = run_python(probe)
    assert result.returncode == 0, result.stderr
    assert (
        "store._posix_probe: ImportError: store._posix_probe imports the POSIX-only module fcntl"
        in result.stdout
    )
