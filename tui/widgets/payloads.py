"""What a provider view sends: its payload JSON and report, built in workers.

"Original" is the stored messages as they are, a JSON array of the raw records. Any other
view goes through the translator (`store.load_conversation(id, view)`). All of these run
in thread workers and may be slow on a long conversation; nothing here touches widgets.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from store import Store
from tui.widgets.parts import ViewReport, view_report
from tui.widgets.safe import json_text
from tui.widgets.views import ORIGINAL, label

NO_TRANSLATOR = (
    "the translator is not available in this build, so only the Original view can be shown"
)


class TranslatorMissing(Exception):
    pass


def _translated(store: Store, cid: uuid.UUID, view: str) -> Any:
    load = getattr(store, "load_conversation", None)
    if load is None:
        raise TranslatorMissing(NO_TRANSLATOR)
    return load(cid, view)


def report_for(store: Store, cid: uuid.UUID, view: str) -> ViewReport:
    """The badges and summary of a view; never the payload, which can be large."""
    try:
        loaded = _translated(store, cid, view)
    except TranslatorMissing as exc:
        return ViewReport(summary=str(exc))
    except (ValueError, TypeError, KeyError) as exc:
        return ViewReport(summary=f"could not translate: {_one_line(exc)}")
    return view_report(loaded.report)


def payload_value(store: Store, cid: uuid.UUID, view: str) -> tuple[Any, str]:
    """The payload itself and a one-line summary of its report."""
    if view == ORIGINAL:
        records = store.load_messages(cid)
        return [record.raw for record in records], f"{len(records):,} stored messages, as stored"
    loaded = _translated(store, cid, view)
    report = view_report(loaded.report)
    return loaded.payload, report.summary


def payload_for(store: Store, cid: uuid.UUID, view: str) -> tuple[str, str]:
    """The payload as display-safe JSON text (the same JSON value), and the report summary."""
    try:
        value, summary = payload_value(store, cid, view)
    except TranslatorMissing as exc:
        return json_text({"error": str(exc)}), str(exc)
    except (ValueError, TypeError, KeyError) as exc:
        message = f"could not translate: {_one_line(exc)}"
        return json_text({"error": message}), message
    return json_text(value), f"{label(view)} · {summary}"


def write_export(store: Store, cid: uuid.UUID, view: str, path: str) -> str:
    """Write the view's payload to `path`; an error message, or "" when written.

    An existing file is never overwritten: a slip of the finger must not lose data.
    """
    target = Path(path).expanduser()
    if target.exists():
        return f"{target} already exists; choose another path"
    if not target.parent.is_dir():
        return f"the folder {target.parent} does not exist"
    try:
        value, _summary = payload_value(store, cid, view)
    except TranslatorMissing as exc:
        return str(exc)
    except (ValueError, TypeError, KeyError) as exc:
        return f"could not translate: {_one_line(exc)}"
    text = json_text(value) + "\n"
    try:
        # "x" creates the file only if it still does not exist.
        with target.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        return f"cannot write {target}: {exc.strerror or exc}"
    return ""


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__
