"""How reasoning reads when a target has no channel for it and it travels as plain text."""

from __future__ import annotations

from translate.canonical import Origin


def prior_reasoning(text: str, origin: Origin) -> str:
    """Reasoning text wrapped so both the model and a reader see it was earlier reasoning."""
    source = origin.model or origin.provider or "another model"
    return f'<prior_reasoning source="{source}">\n{text}\n</prior_reasoning>'
