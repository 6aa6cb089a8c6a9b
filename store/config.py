"""threadkeep's config file: `config.toml` in the user config dir, or `$THREADKEEP_CONFIG`.

Shared by every part that reads settings; each part owns its own sections (`[keys]` and
`[providers.<name>]` belong to sending, `[ui]`/`[keymap]` to the app). The file is only
ever read here, never written: a malformed file gives one warning and the defaults, and is
left for the user to fix.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONFIG_ENV = "THREADKEEP_CONFIG"
CONFIG_NAME = "config.toml"

Warn = Callable[[str], None]


def _stderr(message: str) -> None:
    print(f"threadkeep: {message}", file=sys.stderr)


def config_path() -> Path:
    """Where the config file is (whether or not it exists)."""
    given = os.environ.get(CONFIG_ENV)
    if given:
        return Path(given).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("threadkeep")) / CONFIG_NAME


@dataclass(frozen=True, slots=True)
class Config:
    """The parsed file; empty when there is none or it cannot be read."""

    path: Path
    data: dict[str, Any] = field(default_factory=dict)
    # The file is readable by others than its owner (it may hold keys).
    too_open: bool = False

    def section(self, *names: str) -> dict[str, Any]:
        """A table, e.g. section("providers", "ollama"); {} when absent or not a table."""
        value: Any = self.data
        for name in names:
            value = value.get(name) if isinstance(value, dict) else None
        return value if isinstance(value, dict) else {}


def load_config(path: Path | None = None, *, warn: Warn = _stderr) -> Config:
    """Read the config file. Never raises: problems become one warning line each."""
    import tomllib

    where = path or config_path()
    try:
        raw = where.read_bytes()
        mode = where.stat().st_mode
    except FileNotFoundError:
        return Config(where)
    except OSError as exc:
        warn(f"cannot read {where}: {exc.strerror or exc}; using defaults")
        return Config(where)
    too_open = os.name == "posix" and bool(mode & (stat.S_IRWXG | stat.S_IRWXO))
    if too_open:
        warn(f"{where} is readable by other users; run: chmod 600 {where}")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        warn(f"{where} is not valid TOML ({first}); using defaults")
        return Config(where, too_open=too_open)
    return Config(where, data, too_open)
