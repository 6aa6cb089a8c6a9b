"""Tool calls and results, paired the way every target requires.

Providers reject a call without its result, a result without its call, and a result that is
not in the turn right after its call. After these passes, every call has exactly one result
in the results turn(s) right after the assistant turn(s) that made it:

* calls without an id (Gemini) get one, and id-less results take the oldest open call of the
  same name;
* a result with no call anywhere gets a synthesized call just before it;
* a result elsewhere in the conversation moves next to its call; a second result for the
  same call is dropped;
* a call whose result was never recorded gets a synthesized error result, unless the
  conversation ends with it (then it is waiting for its result, and stays open);
* for Anthropic, ids outside ``^[a-zA-Z0-9_-]{1,64}$`` are renamed, calls and results alike.
"""

from __future__ import annotations

import hashlib
import re
from collections import deque
from collections.abc import Callable

from translate.canonical import (
    Part,
    ToolCall,
    ToolResult,
    Unknown,
    new_tool_call,
    new_tool_result,
)
from translate.report import DROPPED, RENAMED_ID, SYNTHESIZED
from translate.target_rules import TargetRules
from translate.turns import Src, Turn, synthetic_turn

Note = Callable[[Src, str, str, str], None]

MISSING_RESULT = "No result was recorded for this tool call."


def _is_results_turn(turn: Turn) -> bool:
    if turn.role == "tool":
        return True
    return turn.role == "user" and bool(turn.parts) and type(turn.parts[0]) is ToolResult


def already_paired(turns: list[Turn]) -> bool:
    """True when every call has a unique id and exactly one result in the results turn(s)
    right after it, so the passes below would change nothing (the common case, checked in
    one pass).
    """
    seen: set[str] = set()
    pending: set[str] = set()
    in_results = False
    for turn in turns:
        role = turn.role
        parts = turn.parts
        if role == "assistant":
            if pending and in_results:
                return False  # the previous calls were not all answered
            in_results = False
            for part in parts:
                kind = type(part)
                if kind is ToolCall:
                    call_id = part.id  # type: ignore[union-attr]
                    if not call_id or call_id in seen:
                        return False
                    seen.add(call_id)
                    pending.add(call_id)
                elif kind is ToolResult:
                    return False
            continue
        if role == "tool" or (role == "user" and parts and type(parts[0]) is ToolResult):
            in_results = True
            for part in parts:
                if type(part) is ToolResult:
                    if part.call_id not in pending:
                        return False
                    pending.discard(part.call_id)
            continue
        if pending:
            return False
        if ToolResult in map(type, parts):  # an any(...) without a generator: this runs per turn
            return False
    return not pending


def name_results(turns: list[Turn]) -> None:
    """Give every result the name of its call (Gemini pairs and labels responses by name).

    Only for turns that are ``already_paired``: each call then comes before its results, so
    one pass learns every name before it is needed.
    """
    names: dict[str, str] = {}
    for turn in turns:
        for i, part in enumerate(turn.parts):
            kind = type(part)
            if kind is ToolCall:
                names[part.id] = part.name  # type: ignore[union-attr]
            elif kind is ToolResult and not part.name and part.call_id in names:  # type: ignore[union-attr]
                result: ToolResult = part  # type: ignore[assignment]
                name = names[result.call_id]
                turn.put(
                    i,
                    new_tool_result(
                        result.call_id, result.content, result.is_error, name, result.extra
                    ),
                )


def assign_ids(turns: list[Turn], rules: TargetRules, note: Note) -> None:
    """Give every call a unique id and every result the id of the call it answers."""
    taken = {p.id for t in turns for p in t.parts if type(p) is ToolCall and p.id}
    taken |= {p.call_id for t in turns for p in t.parts if type(p) is ToolResult and p.call_id}
    used: set[str] = set()
    open_by_name: dict[str, deque[str]] = {}
    open_by_id: dict[str, deque[str]] = {}
    counter = 0

    def fresh() -> str:
        nonlocal counter
        while True:
            counter += 1
            candidate = f"call_{counter}"
            if candidate not in taken:
                taken.add(candidate)
                return candidate

    for turn in turns:
        for i, part in enumerate(turn.parts):
            if type(part) is ToolCall:
                new_id = part.id
                if not new_id or new_id in used:
                    new_id = fresh()
                    turn.put(
                        i, new_tool_call(new_id, part.name, part.arguments, part.blob, part.extra)
                    )
                    if rules.ids_matter:
                        why = (
                            "had no id"
                            if not part.id
                            else f"reused the id {part.id!r} of an earlier call"
                        )
                        reason = (
                            f"the call to {part.name} {why}; it is now {new_id}, as is its result"
                        )
                        note(turn.src(i), "tool-call", RENAMED_ID, reason)
                used.add(new_id)
                open_by_name.setdefault(part.name, deque()).append(new_id)
                open_by_id.setdefault(part.id, deque()).append(new_id)
            elif type(part) is ToolResult:
                queue = (
                    open_by_id.get(part.call_id) if part.call_id else open_by_name.get(part.name)
                )
                if not part.call_id and not queue:
                    queue = next((q for q in open_by_name.values() if q), None)
                if queue:
                    call_id = queue.popleft()
                    for other in (open_by_name.get(part.name), *open_by_name.values()):
                        if other and call_id in other:
                            other.remove(call_id)
                            break
                elif not part.call_id:
                    call_id = fresh()
                else:
                    continue  # an orphan or a second answer: pair() decides
                if call_id == part.call_id:
                    continue
                turn.put(
                    i, new_tool_result(call_id, part.content, part.is_error, part.name, part.extra)
                )
                if rules.ids_matter:
                    note(
                        turn.src(i),
                        "tool-result",
                        RENAMED_ID,
                        f"the result answers call {call_id}",
                    )


def pair(turns: list[Turn], rules: TargetRules, note: Note) -> list[Turn]:
    turns = _synthesize_orphan_calls(turns, note)
    n = len(turns)
    # Runs of assistant turns, each followed by its leading results region.
    run_of: list[int] = [-1] * n
    region_of: list[int] = [-1] * n
    runs: list[tuple[int, int, int]] = []
    i = 0
    while i < n:
        if turns[i].role != "assistant":
            i += 1
            continue
        j = i
        while j < n and turns[j].role == "assistant":
            run_of[j] = len(runs)
            j += 1
        k = j
        while k < n and _is_results_turn(turns[k]):
            region_of[k] = len(runs)
            k += 1
        runs.append((i, j, k))
        i = k
    call_run: dict[str, int] = {}
    call_info: dict[str, tuple[str, Src]] = {}
    with_results: list[int] = []
    for t, turn in enumerate(turns):
        has_result = False
        for i, part in enumerate(turn.parts):
            kind = type(part)
            if kind is ToolCall and part.id not in call_run:  # type: ignore[union-attr]
                call_run[part.id] = run_of[t]  # type: ignore[union-attr]
                call_info[part.id] = (part.name, turn.src(i))  # type: ignore[union-attr]
            elif kind is ToolResult:
                has_result = True
        if has_result:
            with_results.append(t)
    answered: set[str] = set()
    moved: dict[int, list[tuple[ToolResult, Src]]] = {}
    for t in with_results:
        turn = turns[t]
        keep_parts, keep_srcs = [], []
        for part, src in zip(turn.parts, turn.srcs, strict=True):
            if type(part) is not ToolResult:
                keep_parts.append(part)
                keep_srcs.append(src)
                continue
            call_id = part.call_id
            if call_id not in call_info:  # it answers an unrecognised call, kept as stored
                keep_parts.append(part)
                keep_srcs.append(src)
                continue
            if call_id in answered:
                note(
                    src,
                    "tool-result",
                    DROPPED,
                    f"a second result for call {call_id}; only the first is sent",
                )
                continue
            answered.add(call_id)
            name = call_info[call_id][0]
            if not part.name:
                part = new_tool_result(call_id, part.content, part.is_error, name, part.extra)
                turn.changed = True
            home = call_run[call_id]
            if home == -1 or region_of[t] == home:  # -1: a call outside any assistant turn
                keep_parts.append(part)
                keep_srcs.append(src)
            else:
                moved.setdefault(home, []).append((part, src))
        if len(keep_parts) != len(turn.parts) or turn.changed:
            turn.parts, turn.srcs, turn.changed = keep_parts, keep_srcs, True
    # Calls that end the conversation are waiting for their results, not missing them: a
    # synthesized error would tell the model its tool failed.
    waiting = len(runs) - 1 if runs and runs[-1][1] == runs[-1][2] == n else -1
    for call_id, run in call_run.items():
        if call_id not in answered and run != -1 and run != waiting:
            name, src = call_info[call_id]
            result = new_tool_result(call_id, MISSING_RESULT, True, name)
            moved.setdefault(run, []).append((result, src))
            note(
                src,
                "tool-result",
                SYNTHESIZED,
                f"no result was recorded for {name}; {rules.name} requires one",
            )
    if not moved:
        return [t for t in turns if t.parts]
    out: list[Turn] = []
    ends = {end: r for r, (_, end, _) in enumerate(runs)}
    for t, turn in enumerate(turns):
        if t in ends and ends[t] in moved:
            out.append(_results_turn(moved[ends[t]]))
        if turn.parts:
            out.append(turn)
    if n in ends and ends[n] in moved:
        out.append(_results_turn(moved[ends[n]]))
    return out


def _results_turn(results: list[tuple[ToolResult, Src]]) -> Turn:
    return synthetic_turn("tool", [r for r, _ in results], [s for _, s in results])


def unrecognised_call_ids(turns: list[Turn]) -> set[str]:
    """Ids of calls kept as unrecognised items (a Responses tool_search_call): their
    results are answered, not orphans, and stay where they are.
    """
    ids = set()
    for turn in turns:
        for part in turn.parts:
            if type(part) is Unknown and isinstance(part.raw, dict):
                call_id = part.raw.get("call_id")
                if isinstance(call_id, str):
                    ids.add(call_id)
    return ids


def _synthesize_orphan_calls(turns: list[Turn], note: Note) -> list[Turn]:
    calls = {p.id for t in turns for p in t.parts if type(p) is ToolCall}
    calls.update(unrecognised_call_ids(turns))
    if all(p.call_id in calls for t in turns for p in t.parts if type(p) is ToolResult):
        return turns  # every result has its call: the usual case
    out: list[Turn] = []
    for turn in turns:
        orphans = [
            (p, s)
            for p, s in zip(turn.parts, turn.srcs, strict=True)
            if type(p) is ToolResult and p.call_id not in calls
        ]
        if orphans:
            new_calls: list[Part] = []
            for result, src in orphans:
                calls.add(result.call_id)
                name = result.name or "unknown_tool"
                new_calls.append(new_tool_call(result.call_id, name, {}))
                note(
                    src,
                    "tool-call",
                    SYNTHESIZED,
                    f"this {name} result had no recorded call; a call was added before it",
                )
            srcs = [s for _, s in orphans]
            last = out[-1] if out else None
            if last is not None and last.role == "assistant":
                last.extend(new_calls, srcs)
            else:
                out.append(synthetic_turn("assistant", list(new_calls), srcs))
        out.append(turn)
    return out


def rename_ids(turns: list[Turn], rules: TargetRules, note: Note) -> None:
    pattern = rules.tool_id
    if pattern is None:
        return
    ids = {p.id for t in turns for p in t.parts if type(p) is ToolCall}
    bad = {i for i in ids if not pattern.fullmatch(i)}
    if not bad:
        return
    taken = ids - bad
    renames: dict[str, str] = {}
    for old in sorted(bad):
        new = _valid_id(old, taken)
        taken.add(new)
        renames[old] = new
    for turn in turns:
        for i, part in enumerate(turn.parts):
            if type(part) is ToolCall and part.id in renames:
                new = renames[part.id]
                turn.put(i, new_tool_call(new, part.name, part.arguments, part.blob, part.extra))
                reason = (
                    f"{rules.name} tool ids must be 1-64 letters, digits, _ or -; "
                    f"{part.id!r} is now {new!r}"
                )
                note(turn.src(i), "tool-call", RENAMED_ID, reason)
                turn.changed = True
            elif type(part) is ToolResult and part.call_id in renames:
                new = renames[part.call_id]
                turn.put(
                    i, new_tool_result(new, part.content, part.is_error, part.name, part.extra)
                )
                note(turn.src(i), "tool-result", RENAMED_ID, f"answers the call renamed to {new!r}")
                turn.changed = True


_INVALID = re.compile(r"[^a-zA-Z0-9_-]")


def _valid_id(old: str, taken: set[str]) -> str:
    # Deterministic, so translating the same history twice gives the same ids.
    digest = hashlib.sha256(old.encode("utf-8", "surrogatepass")).hexdigest()
    clean = _INVALID.sub("_", old)
    candidate = (
        clean
        if clean and len(clean) <= 64 and clean not in taken
        else f"{clean[:47]}_{digest[:16]}"
    )
    if not candidate.strip("_"):
        candidate = f"call_{digest[:16]}"
    n = 0
    while candidate in taken:
        n += 1
        candidate = f"call_{digest[:16]}_{n}"
    return candidate
