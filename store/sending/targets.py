"""Which provider a conversation continues on when none is named: the Original view sends
to the provider and model of the latest reply."""

from __future__ import annotations

from collections.abc import Sequence

from store.config import Config
from store.records import StoredMessage
from store.sending.errors import SendError
from store.sending.providers import (
    ANTHROPIC,
    BUILT_IN,
    CHAT,
    GEMINI,
    RESPONSES,
    Provider,
    find_provider,
)

# A stored (provider, format) and the --as name that speaks it.
_BY_ORIGIN = {
    ("anthropic", ANTHROPIC): "anthropic",
    ("anthropic", "claude-export"): "anthropic",
    ("openai", RESPONSES): "openai",
    ("openai", "chatgpt-export"): "openai",
    ("openai", CHAT): "openai-chat",
    ("google", GEMINI): "gemini",
    ("deepseek", CHAT): "deepseek",
    ("openrouter", CHAT): "openrouter",
}
# An AI SDK UIMessage continues on its provider's native API.
_AI_SDK = {"anthropic": "anthropic", "openai": "openai", "google": "gemini"}


def latest_reply_target(
    messages: Sequence[StoredMessage], config: Config
) -> tuple[str, str] | None:
    """(provider name for `Send`, model) of the latest assistant message that threadkeep can
    send to; None when there is none (a conversation of user messages only)."""
    for message in reversed(messages):
        if message.role != "assistant":
            continue
        name = _name_for(message, config)
        if name is not None and message.model:
            return name, message.model
    return None


def _name_for(message: StoredMessage, config: Config) -> str | None:
    if message.format == "ai-sdk-ui":
        return _AI_SDK.get(message.provider)
    name = _BY_ORIGIN.get((message.provider, message.format))
    if name is not None:
        return name
    # A provider of the config file, or a local built-in, stores its own name as vendor.
    for candidate in [*BUILT_IN, *config.section("providers")]:
        provider = _provider(candidate, config)
        if provider and (provider.vendor, provider.protocol) == (message.provider, message.format):
            return provider.name
    return None


def _provider(name: str, config: Config) -> Provider | None:
    try:
        return find_provider(name, config)
    except SendError:  # a broken [providers] table is not this message's problem
        return None
