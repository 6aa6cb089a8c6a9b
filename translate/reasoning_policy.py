"""What happens to each reasoning part, and why (DESIGN §4, reference/formats.md §3.6).

* Its blob was issued by the target (same provider, API and model): replayed natively, in
  place, byte for byte.
* Unsigned reasoning of the target's own origin on a target with an unsigned channel
  (DeepSeek ``reasoning_content``, Gemini thoughts): replayed natively too.
* Anything else never carries its blob. Redacted or encrypted-only reasoning has nothing left
  and is dropped. Visible text goes to the target's unsigned channel when it has one
  (``reasoning="auto"``), else becomes text marked as prior reasoning; ``reasoning="text"``
  always makes text and ``reasoning="drop"`` drops it.
"""

from __future__ import annotations

from typing import Literal

from translate.canonical import Message, Opaque, Part, Reasoning, Text
from translate.issuers import describe_issuer, provider_name, replayable
from translate.marking import prior_reasoning
from translate.report import AS_CHANNEL, AS_TEXT, CONVERTED, DROPPED, KEPT_NATIVE
from translate.target_rules import TargetRules

ReasoningMode = Literal["auto", "text", "drop"]
REASONING_MODES = ("auto", "text", "drop")


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
) -> tuple[Part | None, str, str, str]:
    """(what to send or None, action, reason, detail)."""
    blob = part.blob
    target = rules.name
    if replayable(blob, rules.issuer):
        assert blob is not None
        words = blob_words(blob, part)
        return (
            part,
            KEPT_NATIVE,
            f"{words} from {describe_issuer(blob.issuer)} goes back to the same model",
            "",
        )
    if blob is None and native and rules.channel and message.role == "assistant":
        return (
            part,
            KEPT_NATIVE,
            f"unsigned reasoning from this same model goes back in {rules.channel}",
            "",
        )
    if blob is not None:
        issued = f"{blob_words(blob, part)} was issued by {describe_issuer(blob.issuer)}"
        why = f"{issued}; {target} cannot verify it"
    else:
        why = f"reasoning from {_source(message)} carries no signature {target} could check"
    if part.redacted:
        return None, DROPPED, f"{why}, and redacted thinking has no readable text", ""
    if not part.text:
        if blob is None:
            return None, "", "", ""  # empty and unsigned: nothing to carry, nothing lost
        return (
            None,
            DROPPED,
            f"{why}, and this reasoning is only encrypted, with no summary text",
            "",
        )
    if mode == "drop":
        return None, DROPPED, f"{why}; reasoning='drop' was requested", ""
    if mode == "auto" and rules.channel and message.role == "assistant":
        return (
            Reasoning(part.text, part.summary),
            CONVERTED,
            f"{why}; its text goes as {rules.channel}",
            AS_CHANNEL,
        )
    how = (
        "reasoning='text' was requested"
        if mode == "text" and rules.channel
        else f"{target} has no field for it"
    )
    text = prior_reasoning(part.text, message.origin)
    return (
        Text(text),
        CONVERTED,
        f"{why}; {how}, so it goes as text marked as prior reasoning",
        AS_TEXT,
    )
