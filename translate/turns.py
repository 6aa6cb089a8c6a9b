"""The translator's working copy of a conversation: turns whose parts remember their source.

A ``Turn`` starts as one decoded message. Parts may be replaced, moved or synthesised, and
turns merged, while ``srcs`` keeps, for every part, the (record, message, part) position it
came from, so the report can point at what the user sees.
"""

from __future__ import annotations

from dataclasses import dataclass

from translate.canonical import Message, Part, constructor, new_message, origin_of, quick_init

Src = tuple[int, int, int]

NOWHERE = origin_of("", "", "")


@quick_init
@dataclass(slots=True)
class Turn:
    role: str
    parts: list[Part] | tuple[Part, ...]  # the message's own tuple until something changes
    base: Message
    native: bool
    changed: bool = False
    merged: bool = False
    # Where each part came from. Left None while the parts are exactly the message's, whose
    # sources are (record, index, position): most turns never need the list.
    record: int = -1
    index: int = -1
    _srcs: list[Src] | None = None
    # A merged turn's sources are its pieces' sources, worked out only if someone asks.
    _pieces: tuple[Turn, ...] = ()

    @property
    def srcs(self) -> list[Src]:
        # Read it before changing how many parts there are.
        if self._srcs is None:
            if self._pieces:
                self._srcs = [src for piece in self._pieces for src in piece.srcs]
            else:
                self._srcs = [(self.record, self.index, i) for i in range(len(self.parts))]
        return self._srcs

    @srcs.setter
    def srcs(self, value: list[Src]) -> None:
        self._srcs = value

    def src(self, i: int) -> Src:
        """``srcs[i]``, without building the list when the turn has not built it yet."""
        if self._srcs is not None:
            return self._srcs[i]
        for piece in self._pieces:
            n = len(piece.parts)  # a piece keeps its parts once merged
            if i < n:
                return piece.src(i)
            i -= n
        if self._pieces:
            raise IndexError("part index out of range")
        return (self.record, self.index, i)

    def put(self, i: int, part: Part) -> None:
        """Replace part ``i`` (the parts may still be the message's own tuple)."""
        if self.parts.__class__ is not list:
            self.parts = list(self.parts)
        self.parts[i] = part
        self.changed = True

    def extend(self, parts: list[Part], srcs: list[Src]) -> None:
        self.srcs.extend(srcs)  # sources first: until then they derive from the part count
        self.parts = [*self.parts, *parts]
        self.changed = True

    def message(self) -> Message:
        base = self.base
        if not self.changed and len(self.parts) == len(base.parts):
            return base
        # A merged turn's message-level extras (content: null, a name...) describe only one of
        # the messages it was made of, so they stay behind.
        keep_extra = self.native and not self.merged
        return new_message(
            self.role,
            tuple(self.parts),
            base.origin,
            base.hidden,
            base.extra if keep_extra else None,
        )


# One turn per decoded message (canonical.constructor).
new_turn = constructor(Turn)


def synthetic_turn(role: str, parts: list[Part], srcs: list[Src]) -> Turn:
    """A turn the translator made up: never native, so nothing provider-bound goes with it."""
    base = Message(role, (), NOWHERE)  # type: ignore[arg-type]
    return Turn(role, parts, base, native=False, changed=True, _srcs=srcs)


def _both_as_stored(last: Turn, turn: Turn) -> bool:
    """Two untouched turns of the target's own origin: the provider took them apart once, so
    they go back apart (same origin is value-exact).
    """
    return (
        last.native
        and turn.native
        and not last.changed
        and not turn.changed
        and last.base.origin == turn.base.origin
    )


def merge_adjacent(
    turns: list[Turn], roles: frozenset[str] | None, role_map: dict[str, str]
) -> list[Turn]:
    """Merge neighbouring turns of the same (mapped) role; ``roles=None`` merges every role."""
    out: list[Turn] = []
    last: Turn | None = None
    grown: Turn | None = None  # the merged turn this call made last, which it may grow in place
    for turn in turns:
        role = role_map.get(turn.role, turn.role)
        if role != turn.role:
            turn.role = role
            turn.changed = True
        if (
            last is not None
            and last.role == role
            and (roles is None or role in roles)
            and not _both_as_stored(last, turn)
        ):
            origin = last.base.origin
            native = (
                last.native
                and turn.native
                and (origin is turn.base.origin or origin == turn.base.origin)
            )
            if last is grown:
                last.parts.extend(turn.parts)  # type: ignore[union-attr]
                last._pieces = (*last._pieces, turn)
                last.native = native
            else:
                pieces = (*(last._pieces or (last,)), turn)
                parts = [*last.parts, *turn.parts]
                last = grown = out[-1] = new_turn(
                    role, parts, last.base, native, True, True, -1, -1, None, pieces
                )
        else:
            out.append(turn)
            last = turn
    return out
