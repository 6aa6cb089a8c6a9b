"""Which provider a model name belongs to, for sources that record only the model.

Open WebUI, LibreChat and `llm` sit in front of many providers and store the model id
alone. Guessing the provider per message would split one conversation between providers
on a whim; the guess is made from the name and is the same for every message of it.
"""

from __future__ import annotations

# Prefixes of model ids, most specific first.
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("gpt-", "openai"),
    ("chatgpt", "openai"),
    ("o1", "openai"),
    ("o3", "openai"),
    ("o4", "openai"),
    ("text-davinci", "openai"),
    ("davinci", "openai"),
    ("claude", "anthropic"),
    ("anthropic", "anthropic"),
    ("gemini", "google"),
    ("gemma", "google"),
    ("palm", "google"),
    ("bison", "google"),
    ("models/gemini", "google"),
    ("grok", "xai"),
    ("deepseek", "deepseek"),
    ("mistral", "mistral"),
    ("mixtral", "mistral"),
    ("codestral", "mistral"),
    ("command", "cohere"),
)


def provider_for_model(model: str | None, default: str = "unknown") -> str:
    """The provider a model id names, or `default` when the name says nothing."""
    if not model:
        return default
    name = model.strip().lower()
    if "/" in name and not name.startswith("models/"):
        return "openrouter"  # "vendor/model" ids are router names (OpenRouter, LiteLLM)
    for prefix, provider in _PREFIXES:
        if name.startswith(prefix):
            return provider
    if ":" in name:
        return "ollama"  # "llama3.1:latest": Ollama's name:tag
    return default
