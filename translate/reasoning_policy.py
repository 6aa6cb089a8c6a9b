"""What happens to each reasoning part, and why (DESIGN §4, reference/formats.md §3.6).

* Its blob was issued by the target (same provider, API and model): replayed natively, in
  place, byte for byte.
* Unsigned reasoning of the target's own origin on a target with an unsigned channel
  (DeepSeek ``reasoning_content``, Gemini thoughts): replayed natively too.
* Anything else never carries its blob. Redacted or encrypted-only reasoning has nothing left
  and is dropped. Visible text goes to the target's unsigned channel when it has one
  (``reasoning="auto"``), else becomes text marked as prior reasoning; ``reasoning="text"``
  always makes text and ``reasoning="drop"`` drops it.

The decision depends only on who issued the part, where it goes and whether it has text, so
it is worked out once per such combination and reused for every part that shares it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from translate.canonical import Message, Opaque, Part, Reasoning, new_text
from translate.issuers import CHAT, describe_issuer, provider_name, replayable
from translate.marking import prior_reasoning
from translate.report import AS_CHANNEL, AS_TEXT, CONVERTED, DROPPED, KEPT_NATIVE
from translate.target_rules import TargetRules

ReasoningMode = Literal["auto", "text", "drop"]
REASONING_MODES = ("auto", "text", "drop")

# What to send in place of the part.
KEEP = "keep"  # the part itself, blob and all
CHANNEL = "channel"  # its text, unsigned, in the target's reasoning channel
AS_MARKED_TEXT = "text"  # its text as a text part marked as prior reasoning
NOTHING = "nothing"


@dataclass(frozen=True, slots=True)
class Decision:
    send: str
    action: str  # "" when there is nothing worth reporting
    reason: str
    detail: str = ""


def blob_words(blob: Opaque, part: Part) -> str:
    """What the user calls this blob."""
    api = blob.issuer.format
    if isinstance(part, Reasoning) and part.redacted:
        return "redacted thinking"
    if api == "openai-responses":
        return "encrypted reasoning" if isinstance(part, Reasoning) else "OpenAI item id"
    if api == "gemini":
        return "thought signature"
    if api == "openai-chat":
        return "reasoning_details"
    return "signature"


def _source(message: Message) -> str:
    origin = message.origin
    model = origin.model or "an unrecorded model"
    return f"{model} ({provider_name(origin.provider)})"


def decide(
    part: Reasoning, message: Message, native: bool, rules: TargetRules, mode: ReasoningMode
) -> Decision:
    blob = part.blob
    target = rules.name
    if replayable(blob, rules.issuer):
        assert blob is not None
        words = blob_words(blob, part)
        reason = f"{words} from {describe_issuer(blob.issuer)} goes back to the same model"
        return Decision(KEEP, KEPT_NATIVE, reason)
    assistant = message.role == "assistant"
    if blob is None and native and rules.channel and assistant:
        reason = f"unsigned reasoning from this same model goes back in {rules.channel}"
        return Decision(KEEP, KEPT_NATIVE, reason)
    if blob is None and native and assistant and rules.target.format == CHAT:
        # OpenAI-compatible dialects (Groq, Cerebras, Z.ai, xAI, Ollama...) read their own
        # reasoning or reasoning_content back: the stored field goes back as it came.
        reason = "unsigned reasoning from this same model goes back in the field it came from"
        return Decision(KEEP, KEPT_NATIVE, reason)
    if blob is not None:
        issued = f"{blob_words(blob, part)} was issued by {describe_issuer(blob.issuer)}"
        why = f"{issued}; {target} cannot verify it"
    else:
        why = f"reasoning from {_source(message)} carries no signature {target} could check"
    if part.redacted:
        return Decision(NOTHING, DROPPED, f"{why}, and redacted thinking has no readable text")
    if not part.text:
        if blob is None:
            return Decision(NOTHING, "", "")  # empty and unsigned: nothing to carry or lose
        reason = f"{why}, and this reasoning is only encrypted, with no summary text"
        return Decision(NOTHING, DROPPED, reason)
    if mode == "drop":
        return Decision(NOTHING, DROPPED, f"{why}; reasoning='drop' was requested")
    if mode == "auto" and rules.channel and assistant:
        return Decision(CHANNEL, CONVERTED, f"{why}; its text goes as {rules.channel}", AS_CHANNEL)
    if mode == "text" and rules.channel:
        how = "reasoning='text' was requested"
    else:
        how = f"{target} has no field for it"
    reason = f"{why}; {how}, so it goes as text marked as prior reasoning"
    return Decision(AS_MARKED_TEXT, CONVERTED, reason, AS_TEXT)


def decision_key(part: Reasoning, message: Message, native: bool) -> tuple[object, ...]:
    """Everything ``decide`` looks at, apart from the translation's fixed rules and mode."""
    # Identities, not values: origins are interned and alive for the whole translation, and
    # hashing a dataclass costs more than the decision saves.
    blob = part.blob
    issuer = id(blob.issuer) if blob is not None else 0
    return (issuer, id(message.origin), native, message.role, part.redacted, not part.text)


def apply(decision: Decision, part: Reasoning, message: Message) -> Part | None:
    """The part to send for a decision."""
    send = decision.send
    if send == KEEP:
        return part
    if send == CHANNEL:
        # The same part: encoders write a blob only for its own issuer, so it goes unsigned.
        return part
    if send == AS_MARKED_TEXT:
        return new_text(prior_reasoning(part.text, message.origin))
    return None
