"""The app's preferences: `[ui]` (theme, list pane, fold defaults) and `[keymap]`, in TOML.

The file is `config.toml` in `platformdirs.user_config_dir("threadkeep")`, or the path in
`$THREADKEEP_CONFIG`. Other sections (`[keys]`, `[providers.*]`) belong to the store's
configuration and are never touched here. A file that does not parse gives the defaults
and a one-line warning, and is never written: the user's text is theirs to fix. Writing
replaces only the `[ui]` table, textually, so that every other byte (comments included)
stays as it was, and goes through a temporary file and a rename, so that a crash leaves
the old file or the new one, never half of either.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENV = "THREADKEEP_CONFIG"
# The list pane's width in cells, once the user sets one (until then, two fifths).
MIN_LIST_WIDTH = 20
MAX_LIST_WIDTH = 120

_UI_KEYS: dict[str, type] = {
    "theme": str,
    "list_width": int,
    "list_hidden": bool,
    "reasoning_open": bool,
    "tools_open": bool,
}
_HEADER = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]\s*(?:#.*)?$")


def config_path() -> Path:
    override = os.environ.get(ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("threadkeep")) / "config.toml"


@dataclass(slots=True)
class Preferences:
    theme: str | None = None
    list_width: int | None = None
    list_hidden: bool = False
    reasoning_open: bool = False
    tools_open: bool = False
    # Binding id -> keys ("main.next-view" = "p,ctrl+n"), for App.set_keymap.
    keymap: dict[str, str] = field(default_factory=dict)
    # Why the file was not used (one line), or "".
    warning: str = ""
    # False when the file exists but did not parse: it is then never written.
    writable: bool = True
    path: Path | None = None


def load(path: Path | None = None) -> Preferences:
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Preferences(path=path)
    except (OSError, UnicodeDecodeError) as exc:
        return _broken(path, f"cannot read it ({exc})")
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return _broken(path, str(exc))
    prefs = Preferences(path=path)
    problems: list[str] = []
    ui = data.get("ui", {})
    if not isinstance(ui, dict):
        problems.append("[ui] is not a table")
        ui = {}
    for key, kind in _UI_KEYS.items():
        if key not in ui:
            continue
        value = ui[key]
        # bool is an int in Python: a width of `true` is still wrong.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            problems.append(f"ui.{key} should be a {kind.__name__}")
            continue
        setattr(prefs, key, value)
    if prefs.list_width is not None:
        prefs.list_width = max(MIN_LIST_WIDTH, min(MAX_LIST_WIDTH, prefs.list_width))
    keymap = data.get("keymap", {})
    if isinstance(keymap, dict):
        for binding_id, keys in keymap.items():
            if isinstance(keys, str) and keys.strip():
                prefs.keymap[str(binding_id)] = keys.replace(" ", "")
            else:
                problems.append(f'keymap.{binding_id} should be keys such as "ctrl+n"')
    else:
        problems.append("[keymap] is not a table")
    if problems:
        prefs.warning = f"{path}: {'; '.join(problems)} (ignored)"
    return prefs


def _broken(path: Path, reason: str) -> Preferences:
    first = " ".join(reason.split())[:160]
    return Preferences(
        path=path,
        writable=False,
        warning=f"{path} is not valid TOML ({first}); using the defaults, the file is left as is",
    )


def save(prefs: Preferences) -> str:
    """Write the `[ui]` table back; "" when written, else why not (one line)."""
    if not prefs.writable or prefs.path is None:
        return "preferences not saved: the config file did not parse"
    path = prefs.path
    try:
        old = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        return f"preferences not saved: {exc}"
    new = with_ui_table(old, ui_values(prefs))
    if new is None:
        return f"preferences not saved: {path} sets ui values outside a [ui] table"
    import tomllib

    try:
        tomllib.loads(new)
    except tomllib.TOMLDecodeError as exc:  # the file changed under us into something odd
        return f"preferences not saved: {exc}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.tmp")
        partial.write_text(new, encoding="utf-8")
        partial.replace(path)
    except OSError as exc:
        return f"preferences not saved: {exc}"
    return ""


def ui_values(prefs: Preferences) -> dict[str, Any]:
    values: dict[str, Any] = {
        "theme": prefs.theme,
        "list_width": prefs.list_width,
        "list_hidden": prefs.list_hidden,
        "reasoning_open": prefs.reasoning_open,
        "tools_open": prefs.tools_open,
    }
    return {key: value for key, value in values.items() if value is not None}


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    # A JSON string is a TOML basic string (same escapes), non-ASCII kept as is.
    return json.dumps(str(value), ensure_ascii=False)


def with_ui_table(text: str, values: dict[str, Any]) -> str | None:
    """`text` with its `[ui]` table replaced by `values` (appended if absent).

    None when the file sets ui values some other way (dotted keys, an inline table, a
    `[ui.x]` sub-table): rewriting those by hand could lose something.
    """
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    inside = found = False
    # Blank and comment lines at the end of [ui] introduce what follows: they stay.
    tail: list[str] = []
    for line in lines:
        header = _HEADER.match(line)
        if header:
            name = header.group(1)
            if name.startswith("ui.") or name.startswith('"ui"'):
                return None
            if inside:
                out.extend(tail)
            inside = name == "ui"
            tail = []
            if inside:
                if found:
                    return None
                found = True
                continue
        if not inside:
            out.append(line)
        elif not line.strip() or line.lstrip().startswith("#"):
            tail.append(line)
        else:
            tail = []
    if not found and re.search(r"^\s*ui\s*[.=]", text, re.M):
        return None
    body = "".join(out)
    if body and not body.endswith("\n"):
        body += "\n"
    table = "[ui]\n" + "".join(f"{k} = {_toml_value(v)}\n" for k, v in values.items())
    return body + ("\n" if body.strip() else "") + table


def of(node: Any) -> Preferences:
    """The app's preferences (a node's app is a ThreadkeepApp; elsewhere, the defaults)."""
    prefs = getattr(node.app, "preferences", None)
    return prefs if isinstance(prefs, Preferences) else Preferences(writable=False)


def remember(node: Any, **changes: Any) -> None:
    """Change some preferences and write them; a failure is said once, in one line."""
    prefs = of(node)
    for key, value in changes.items():
        setattr(prefs, key, value)
    if not prefs.writable:
        return  # a malformed file was already reported when the app started
    problem = save(prefs)
    if problem:
        prefs.writable = False
        node.notify(problem, severity="warning", markup=False)
