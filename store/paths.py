"""Where threadkeep keeps its files, from platformdirs: cheap to import, for the first paint."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def data_home() -> Path:
    """Where threadkeep keeps its data: `THREADKEEP_HOME`, else the platform's user data dir."""
    override = os.environ.get("THREADKEEP_HOME")
    if override:
        return Path(override).expanduser().absolute()
    return Path(platformdirs.user_data_dir("threadkeep", appauthor=False))


def config_home() -> Path:
    """Where threadkeep's settings file belongs: the platform's user config dir."""
    return Path(platformdirs.user_config_dir("threadkeep", appauthor=False))
