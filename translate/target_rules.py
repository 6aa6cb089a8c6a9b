"""What each target accepts: its reasoning channel, turn structure, tool ids and files."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from translate.canonical import File, Origin, origin_of
from translate.formats import module_for
from translate.issuers import AI_SDK, ANTHROPIC, CHAT, GEMINI, RESPONSES, api_name, target_issuer
from translate.models import gemini_major
from translate.records import Target

# Anthropic's documented tool id pattern.
ANTHROPIC_TOOL_ID = re.compile(r"[a-zA-Z0-9_-]{1,64}")


@dataclass(frozen=True, slots=True)
class TargetRules:
    target: Target
    name: str  # how the user knows the target: "Anthropic", "DeepSeek", "Gemini"...
    origin: Origin  # messages of exactly this origin are replayed natively
    issuer: Origin  # blobs issued by exactly this issuer are replayed
    # Where reasoning that cannot be replayed natively may go unsigned: "" when nowhere.
    channel: str
    merge: str  # "all": merge adjacent same-role turns; "assistant": assistant turns only
    tool_id: re.Pattern[str] | None
    ids_matter: bool  # False when the target pairs calls by name and order (Gemini)
    sendable_file: Callable[[File, str], bool]
    gemini3: bool
    deepseek: bool
    # Whether a tool result may hold images and documents (Anthropic, Responses, and Gemini 3
    # functionResponse.parts); elsewhere a result is text only.
    result_files: bool
    # Whether unrecognised blocks of this provider and API go to its other models (Anthropic
    # server tool blocks, Gemini code execution).
    server_tools: bool

    @classmethod
    def of(cls, target: Target) -> TargetRules:
        fmt, provider, model = target.format, target.provider, target.model or ""
        deepseek = fmt == CHAT and provider == "deepseek"
        if fmt == GEMINI:
            channel = "unsigned Gemini thoughts"
        elif deepseek:
            channel = "DeepSeek reasoning_content"
        elif fmt == AI_SDK:
            channel = "unsigned AI SDK reasoning parts"
        else:
            channel = ""
        merge = {ANTHROPIC: "all", GEMINI: "all", CHAT: "assistant"}.get(fmt, "none")
        return cls(
            target=target,
            name=api_name(fmt, provider),
            origin=origin_of(provider, fmt, model),
            issuer=target_issuer(fmt, provider, model),
            channel=channel,
            merge=merge,
            tool_id=ANTHROPIC_TOOL_ID if fmt == ANTHROPIC else None,
            ids_matter=fmt != GEMINI,
            sendable_file=module_for(fmt).sendable_file,
            gemini3=fmt == GEMINI and gemini_major(model) >= 3,
            result_files=fmt in (ANTHROPIC, RESPONSES)
            or (fmt == GEMINI and gemini_major(model) >= 3),
            deepseek=deepseek,
            server_tools=fmt in (ANTHROPIC, GEMINI),
        )

    @property
    def responses(self) -> bool:
        return self.target.format == RESPONSES

    @property
    def anthropic(self) -> bool:
        return self.target.format == ANTHROPIC


@lru_cache(maxsize=256)
def _cached_rules(target: Target) -> TargetRules:
    return TargetRules.of(target)


def rules_for(target: Target) -> TargetRules:
    """``TargetRules.of(target)``, built once per target: the rules are immutable and depend
    on the target alone, and building them (names, origins, a regex match) cost about 1% of
    translating a typical conversation.
    """
    try:
        return _cached_rules(target)
    except TypeError:  # a target with an unhashable field: nothing to cache it under
        return TargetRules.of(target)
