"""When two model names mean the same model.

A provider lets a request name a model by an alias and answers with the snapshot it ran: a
request says ``claude-sonnet-4-0`` and its response says ``claude-sonnet-4-20250514``. Both
name one model, so a signature either of them issued goes back to the other. The rule strips
only the suffixes the providers document as naming a version of one model:

* a trailing date, ``-YYYYMMDD`` (Anthropic snapshots) or ``-YYYY-MM-DD`` (OpenAI snapshots);
* ``-latest``, the auto-updated alias (Anthropic, Gemini, Mistral);
* ``-0`` after a Claude major version (``claude-sonnet-4-0`` is the alias of
  ``claude-sonnet-4-20250514``);
* a Gemini stable version number, ``-001`` (``gemini-2.0-flash`` is the alias of
  ``gemini-2.0-flash-001``), and the ``models/`` resource prefix.

Nothing else is merged: ``claude-opus-4-1`` and ``claude-opus-4`` stay different models, and
so do a preview and its stable release.
"""

from __future__ import annotations

import re

_DATE = re.compile(r"-(?:\d{8}|\d{4}-\d{2}-\d{2})$")
_GEMINI_VERSION = re.compile(r"-\d{3}$")
_KEYS: dict[str, str] = {}


def model_key(model: str) -> str:
    """The name every alias and snapshot of ``model`` shares."""
    key = _KEYS.get(model)
    if key is not None:
        return key
    key = model.removeprefix("models/")
    key = _DATE.sub("", key)
    key = key.removesuffix("-latest")
    if key.startswith("claude-"):
        key = key.removesuffix("-0")
    elif key.startswith("gemini-"):
        key = _GEMINI_VERSION.sub("", key)
    if len(_KEYS) >= 10_000:  # bounded: models are few, but input is untrusted
        _KEYS.clear()
    _KEYS[model] = key
    return key


_GEMINI_MAJOR = re.compile(r"gemini-(\d+)")


def gemini_major(model: str) -> int:
    """The Gemini generation of a model name (3 for gemini-3-pro-preview), 0 if not Gemini."""
    match = _GEMINI_MAJOR.match(model.removeprefix("models/"))
    return int(match.group(1)) if match else 0


def same_model(a: str, b: str) -> bool:
    return a == b or model_key(a) == model_key(b)
