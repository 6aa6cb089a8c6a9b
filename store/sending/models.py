"""The models a provider offers, for a model picker: fetched through its SDK, then cached
for a day in the user cache directory (a model can always be typed instead)."""

from __future__ import annotations

import json
import time
from pathlib import Path

from store.config import Config
from store.sending.errors import SendError
from store.sending.failures import from_exception
from store.sending.keys import require_key
from store.sending.providers import ANTHROPIC, GEMINI, Provider, find_provider

CACHE_SECONDS = 24 * 3600


def list_models(
    name: str, config: Config, *, refresh: bool = False, timeout: float = 20.0
) -> list[str]:
    """Model ids for provider `name`, sorted; raises SendError (one line) on failure."""
    provider = find_provider(name, config)
    cache = _cache_file(provider)
    if not refresh:
        cached = _read(cache)
        if cached is not None:
            return cached
    key = require_key(provider, config)
    try:
        models = sorted(set(_fetch(provider, key, timeout)))
    except SendError:
        raise
    except Exception as exc:  # noqa: BLE001 - every failure is one line
        raise from_exception(exc, provider, model="", key=key, timeout=timeout) from None
    _write(cache, models)
    return models


def _fetch(provider: Provider, key: str | None, timeout: float) -> list[str]:
    if provider.protocol == ANTHROPIC:
        import anthropic

        client = anthropic.Anthropic(
            api_key=key or "none", base_url=provider.base_url, timeout=timeout, max_retries=0
        )
        return [m.id for m in client.models.list(limit=1000)]
    if provider.protocol == GEMINI:
        from google import genai
        from google.genai import types

        gclient = genai.Client(
            api_key=key or "none",
            http_options=types.HttpOptions(
                base_url=provider.base_url, api_version="v1beta", timeout=int(timeout * 1000)
            ),
        )
        return [
            (m.name or "").removeprefix("models/")
            for m in gclient.models.list()
            if m.name and "generateContent" in (m.supported_actions or ["generateContent"])
        ]
    import openai

    oclient = openai.OpenAI(
        api_key=key or "none", base_url=provider.base_url, timeout=timeout, max_retries=0
    )
    return [m.id for m in oclient.models.list()]


def _cache_file(provider: Provider) -> Path:
    from hashlib import sha256

    from platformdirs import user_cache_dir

    # One file per provider and address: a changed base_url lists its own models.
    tag = sha256(f"{provider.name}|{provider.base_url}".encode()).hexdigest()[:12]
    return Path(user_cache_dir("threadkeep")) / "models" / f"{provider.name}-{tag}.json"


def _read(path: Path) -> list[str] | None:
    try:
        if time.time() - path.stat().st_mtime > CACHE_SECONDS:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(data, list) and all(isinstance(m, str) for m in data):
        return data
    return None


def _write(path: Path, models: list[str]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(models), encoding="utf-8")
    except OSError:
        return  # a cache that cannot be written only means asking again next time
