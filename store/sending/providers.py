"""Where a message can be sent: each provider's protocol, base URL, key and default model.

Built-in providers below; `[providers.<name>]` in the config file changes a built-in's
`base_url` or `model`, or adds a provider speaking `protocol = "openai-chat"` (any
OpenAI-compatible server). A provider whose base URL is on this machine needs no key.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, replace
from typing import Final
from urllib.parse import urlsplit

from store.config import Config
from store.sending.errors import SendError

ANTHROPIC: Final = "anthropic-messages"
RESPONSES: Final = "openai-responses"
CHAT: Final = "openai-chat"
GEMINI: Final = "gemini"
PROTOCOLS: Final = (ANTHROPIC, RESPONSES, CHAT, GEMINI)


@dataclass(frozen=True, slots=True)
class Provider:
    # The name given to --as, and the [providers.<name>] table.
    name: str
    # How the provider is spoken to; also the stored format of what it sends back.
    protocol: str
    # The provider column of stored rows (an API vendor: anthropic, openai, google...).
    vendor: str
    # The provider's own name for messages ("Anthropic", "Ollama").
    label: str
    base_url: str | None = None
    key_env: tuple[str, ...] = ()
    model: str | None = None
    # Set by `key = false` in the config: a server on the network that takes no key.
    keyless: bool = False

    @property
    def needs_key(self) -> bool:
        return bool(self.key_env) and not self.keyless and not is_local(self.base_url)


_BUILT_IN: Final = (
    Provider("anthropic", ANTHROPIC, "anthropic", "Anthropic", None, ("ANTHROPIC_API_KEY",)),
    Provider("openai", RESPONSES, "openai", "OpenAI", None, ("OPENAI_API_KEY",)),
    Provider("openai-chat", CHAT, "openai", "OpenAI", None, ("OPENAI_API_KEY",)),
    Provider("gemini", GEMINI, "google", "Gemini", None, ("GEMINI_API_KEY", "GOOGLE_API_KEY")),
    Provider(
        "deepseek", CHAT, "deepseek", "DeepSeek", "https://api.deepseek.com", ("DEEPSEEK_API_KEY",)
    ),
    Provider(
        "openrouter",
        CHAT,
        "openrouter",
        "OpenRouter",
        "https://openrouter.ai/api/v1",
        ("OPENROUTER_API_KEY",),
    ),
    Provider("ollama", CHAT, "ollama", "Ollama", "http://localhost:11434/v1"),
    Provider("lmstudio", CHAT, "lmstudio", "LM Studio", "http://localhost:1234/v1"),
    Provider("vllm", CHAT, "vllm", "vLLM", "http://localhost:8000/v1"),
)
BUILT_IN: Final = {p.name: p for p in _BUILT_IN}
# Names people also use for a built-in provider.
ALIASES: Final = {"google": "gemini", "claude": "anthropic", "openai-responses": "openai"}


def is_local(base_url: str | None) -> bool:
    """True for a base URL on this machine (a local model server needs no account)."""
    if not base_url:
        return False
    host = urlsplit(base_url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def provider_names(config: Config) -> list[str]:
    custom = [n for n in config.section("providers") if n not in BUILT_IN]
    return [*BUILT_IN, *sorted(custom)]


def find_provider(name: str, config: Config) -> Provider:
    """The provider called `name`, with the config file's settings applied."""
    wanted = ALIASES.get(name.strip().lower(), name.strip().lower())
    table = config.section("providers", wanted)
    provider = BUILT_IN.get(wanted)
    if provider is None:
        if not table:
            raise SendError(
                f"unknown provider {name[:40]!r}; expected one of "
                f"{', '.join(provider_names(config))}",
                provider="threadkeep",
            )
        protocol = str(table.get("protocol", CHAT))
        if protocol not in PROTOCOLS:
            raise SendError(
                f"[providers.{wanted}] protocol must be one of {', '.join(PROTOCOLS)}",
                provider=wanted,
            )
        if not table.get("base_url"):
            raise SendError(f"[providers.{wanted}] needs a base_url", provider=wanted)
        provider = Provider(
            wanted,
            protocol,
            str(table.get("vendor", wanted)),
            str(table.get("label", wanted)),
            key_env=tuple(str(v) for v in _as_list(table.get("key_env"))) or (f"{_env(wanted)}",),
        )
    base_url = table.get("base_url")
    model = table.get("model")
    return replace(
        provider,
        base_url=str(base_url) if base_url else provider.base_url,
        model=str(model) if model else provider.model,
        keyless=table.get("key") is False,
    )


def _as_list(value: object) -> list[object]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _env(name: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in name).upper() + "_API_KEY"
