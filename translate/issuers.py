"""Who issued an opaque blob, and who may receive it back.

An opaque blob is replayed only to its issuer: the same provider, the same issuing API and the
same model (the gate pi-ai uses, reference/formats.md §3.5). The issuing API of a blob stored
in an AI SDK UIMessage is the provider's native API, not "ai-sdk-ui": the UIMessage merely
carries what, say, the Anthropic Messages API returned.
"""

from __future__ import annotations

from translate.canonical import Opaque, Origin, origin_of

ANTHROPIC = "anthropic-messages"
RESPONSES = "openai-responses"
CHAT = "openai-chat"
GEMINI = "gemini"
AI_SDK = "ai-sdk-ui"
CHATGPT_EXPORT = "chatgpt-export"
CLAUDE_EXPORT = "claude-export"

# The API each provider's AI SDK package speaks, keyed by provider name. The AI SDK's OpenAI
# provider uses the Responses API by default; OpenRouter and DeepSeek speak Chat Completions.
_NATIVE_API = {
    "anthropic": ANTHROPIC,
    "openai": RESPONSES,
    "azure": RESPONSES,
    "google": GEMINI,
    "vertex": GEMINI,
    "openrouter": CHAT,
    "deepseek": CHAT,
}

# AI SDK providerMetadata keys (each provider package's providerOptionsName) -> provider name.
AI_SDK_KEYS = {
    "anthropic": "anthropic",
    "openai": "openai",
    "azure": "azure",
    "google": "google",
    "vertex": "vertex",
    "googleVertex": "vertex",
    "openrouter": "openrouter",
    "deepseek": "deepseek",
}


def native_api(provider: str) -> str:
    """The API a provider's blobs are issued by. Unknown providers keep AI SDK spelling."""
    return _NATIVE_API.get(provider, AI_SDK)


def issuing_api(fmt: str, provider: str) -> str:
    """The API that produced a record in format ``fmt`` for ``provider``."""
    return native_api(provider) if fmt == AI_SDK else fmt


def target_issuer(fmt: str, provider: str, model: str) -> Origin:
    """The issuer a target request verifies blobs against."""
    return origin_of(provider, issuing_api(fmt, provider), model)


def replayable(blob: Opaque | None, issuer: Origin) -> bool:
    return blob is not None and blob.issuer == issuer


_PROVIDER_NAMES = {
    "anthropic": "Anthropic",
    "openai": "OpenAI",
    "azure": "Azure OpenAI",
    "google": "Google",
    "vertex": "Vertex AI",
    "deepseek": "DeepSeek",
    "openrouter": "OpenRouter",
}

_API_NAMES = {
    ANTHROPIC: "Anthropic",
    RESPONSES: "OpenAI Responses",
    CHAT: "Chat Completions",
    GEMINI: "Gemini",
    AI_SDK: "the AI SDK",
    CHATGPT_EXPORT: "a ChatGPT export",
    CLAUDE_EXPORT: "a Claude export",
}


def provider_name(provider: str) -> str:
    return _PROVIDER_NAMES.get(provider, provider or "an unknown provider")


def api_name(api: str, provider: str = "") -> str:
    """How the user knows an API: "DeepSeek" rather than "Chat Completions" for DeepSeek."""
    if api == CHAT and provider in _PROVIDER_NAMES and provider != "openai":
        return _PROVIDER_NAMES[provider]
    if api == CHAT:
        return "OpenAI Chat Completions"
    return _API_NAMES.get(api, api)


def describe_issuer(issuer: Origin) -> str:
    """E.g. "claude-sonnet-4-5 on Anthropic"."""
    where = api_name(issuer.format, issuer.provider)
    if issuer.format == AI_SDK or issuer.format == CHAT:
        where = provider_name(issuer.provider)
    model = issuer.model or "an unrecorded model"
    return f"{model} on {where}"
