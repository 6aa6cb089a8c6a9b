"""API keys: the environment, then the system keyring, then `[keys]` in the config file.

A key is only ever handed to the SDK client that sends the request: it is not stored,
logged, exported, or put in an error message (see errors.redact).
"""

from __future__ import annotations

import os

from store.config import Config
from store.sending.errors import SendError
from store.sending.providers import Provider

# The keyring service name keys are looked up under: `keyring set threadkeep anthropic`.
KEYRING_SERVICE = "threadkeep"


def find_key(provider: Provider, config: Config) -> str | None:
    """The provider's key, or None when there is none anywhere."""
    for name in provider.key_env:
        value = os.environ.get(name, "").strip()
        if value:
            return value
    stored = _from_keyring(provider.name)
    if stored:
        return stored
    configured = config.section("keys").get(provider.name)
    if isinstance(configured, str) and configured.strip():
        return configured.strip()
    return None


def require_key(provider: Provider, config: Config) -> str | None:
    """The key the provider needs; None for a provider that takes none (a local server)."""
    key = find_key(provider, config)
    if key is None and provider.needs_key:
        where = " or ".join(provider.key_env) if provider.key_env else "a key"
        raise SendError(
            f"{provider.label}: no API key; set {where}, store one with "
            f"`keyring set {KEYRING_SERVICE} {provider.name}`, or add it under [keys] in "
            f"{config.path}",
            provider=provider.name,
            kind="missing-key",
        )
    return key


def _from_keyring(name: str) -> str | None:
    # The keyring is optional: no package, no backend (a headless box) or a locked store
    # all mean "no key there", never an error. THREADKEEP_KEYRING=0 skips it altogether.
    if os.environ.get("THREADKEEP_KEYRING", "1") == "0":
        return None
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return None
    try:
        value = keyring.get_password(KEYRING_SERVICE, name)
    except (KeyringError, RuntimeError, OSError, ValueError):
        return None
    return value.strip() if isinstance(value, str) and value.strip() else None
