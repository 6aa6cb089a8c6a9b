"""The translator's working copy of a conversation: turns whose parts remember their source.

A ``Turn`` starts as one decoded message. Parts may be replaced, moved or synthesised, and
turns merged, while ``srcs`` keeps, for every part, the (record, message, part) position it
came from, so the report can point at what the user sees.
"""

from __future__ import annotations

from dataclasses import dataclass

from translate.canonical import Message, Origin, Part

Src = tuple[int, int, int]

NOWHERE = Origin("", "", "")


@dataclass(slots=True)
class Turn:
    role: str
    parts: list[Part]
    srcs: list[Src]
    base: Message
    native: bool
    changed: bool = False
    merged: bool = False

    def message(self) -> Message:
        base = self.base
        if not self.changed and len(self.parts) == len(base.parts):
            return base
        # A merged turn's message-level extras (content: null, a name...) describe only one of
        # the messages it was made of, so they stay behind.
        keep_extra = self.native and not self.merged
        return Message(
            self.role,  # type: ignore[arg-type]
            tuple(self.parts),
            base.origin,
            base.hidden,
            extra=base.extra if keep_extra else None,
        )


def synthetic_turn(role: str, parts: list[Part], srcs: list[Src]) -> Turn:
    """A turn the translator made up: never native, so nothing provider-bound goes with it."""
    return Turn(role, parts, srcs, Message(role, (), NOWHERE), native=False, changed=True)  # type: ignore[arg-type]


def merge_adjacent(
    turns: list[Turn], roles: frozenset[str] | None, role_map: dict[str, str]
) -> list[Turn]:
    """Merge neighbouring turns of the same (mapped) role; ``roles=None`` merges every role."""
    out: list[Turn] = []
    for turn in turns:
        role = role_map.get(turn.role, turn.role)
        if role != turn.role:
            turn = Turn(role, turn.parts, turn.srcs, turn.base, turn.native, True)
        last = out[-1] if out else None
        if last is not None and last.role == role and (roles is None or role in roles):
            native = last.native and turn.native and last.base.origin == turn.base.origin
            parts, srcs = last.parts + turn.parts, last.srcs + turn.srcs
            out[-1] = Turn(role, parts, srcs, last.base, native, changed=True, merged=True)
        else:
            out.append(turn)
    return out
