"""Where the composer sends: the provider and model for the open conversation's view.

The Original view continues with the provider and model of the latest reply
(`store.sending.targets`); a provider view sends to that provider (the model: the one the
conversation last used there, else the configured or default one, as `Send` picks it).
Runs in a worker: it reads the config file and the conversation's messages.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from store import Store
    from store.config import Config
    from store.records import StoredMessage

# A view and the provider that speaks it; the AI SDK view has no API of its own.
VIEW_PROVIDERS: Final = {
    "anthropic": "anthropic",
    "openai-responses": "openai",
    "openai-chat": "openai-chat",
    "gemini": "gemini",
    "deepseek": "deepseek",
}


@dataclass(frozen=True)
class Target:
    conversation_id: uuid.UUID | None
    # None: no reply to continue from, nor a view naming one; the user picks a provider.
    provider: str | None
    # None: let Send choose (the conversation's last model there, else the default).
    model: str | None
    config: Config
    messages: Sequence[StoredMessage] = ()
    # The config file's warnings (a file others may read), shown once as a notice.
    warnings: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        if self.provider is None:
            return "no provider yet: press ctrl+o to choose one"
        return f"{self.provider} · {self.model or 'default model'}"


def resolve(store: Store, conversation_id: uuid.UUID | None, view: str) -> Target:
    from store.config import load_config
    from store.sending.targets import latest_reply_target

    warnings: list[str] = []
    config = load_config(warn=warnings.append)
    messages = store.load_messages(conversation_id) if conversation_id is not None else []
    provider = VIEW_PROVIDERS.get(view)
    model: str | None = None
    if provider is None:
        found = latest_reply_target(messages, config)
        if found is not None:
            provider, model = found
    return Target(conversation_id, provider, model, config, messages, tuple(warnings))


def provider_choices(config: Config) -> list[tuple[str, str]]:
    """(name, description) of every provider a message can go to."""
    from store.sending.errors import SendError
    from store.sending.providers import find_provider, provider_names

    choices = []
    for name in provider_names(config):
        try:
            provider = find_provider(name, config)
        except SendError as exc:
            choices.append((name, str(exc)))
            continue
        where = provider.base_url or "official API"
        choices.append((name, f"{provider.label} · {provider.protocol} · {where}"))
    return choices
