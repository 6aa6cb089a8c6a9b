"""Stored records in, a request for any provider out, with a report of what changed.

``translate`` decodes every record, decides per part what the target may receive
(``reasoning_policy``), pairs tool calls with results (``tool_pairing``), applies the target's
structural rules, and encodes the target's request. Messages of exactly the target's origin
keep everything, so a conversation that never left one model goes back as it came.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from translate.attached import attach
from translate.canonical import (
    Data,
    File,
    Message,
    Opaque,
    Origin,
    Reasoning,
    Source,
    Text,
    ToolCall,
    ToolResult,
    Unknown,
    new_tool_call,
)
from translate.decoding import DECODERS, TOO_DEEP, decoder_for
from translate.errors import TranslateError
from translate.file_limits import file_limit, inline_size, limits_for, megabytes
from translate.formats import gemini, module_for
from translate.issuers import AI_SDK, describe_issuer, issuing_api, provider_name, replayable
from translate.reasoning_policy import (
    KEEP,
    REASONING_MODES,
    Decision,
    ReasoningMode,
    apply,
    blob_words,
    decide,
    decision_key,
)
from translate.records import Record, Target
from translate.report import (
    CONVERTED,
    DROPPED,
    KEPT_NATIVE,
    SYNTHESIZED,
    Report,
    ReportEntry,
    new_report,
    new_report_entry,
)
from translate.target_rules import TargetRules, rules_for
from translate.tool_pairing import already_paired, assign_ids, name_results, pair, rename_ids
from translate.turns import Src, Turn, merge_adjacent, new_turn

# The app's provider switcher. "ai-sdk" follows the conversation's latest provider.
VIEWS: dict[str, Target] = {
    "openai-responses": Target("openai-responses", "openai"),
    "openai-chat": Target("openai-chat", "openai"),
    "anthropic": Target("anthropic-messages", "anthropic"),
    "gemini": Target("gemini", "google"),
    "deepseek": Target("openai-chat", "deepseek"),
    "ai-sdk": Target("ai-sdk-ui", ""),
}

# Used when the conversation has no message from the target's provider and API.
DEFAULT_MODELS: dict[str, str] = {
    "openai-responses": "gpt-5.5",
    "openai-chat": "gpt-5.5",
    "anthropic": "claude-opus-5",
    "gemini": "gemini-3.5-flash",
    "deepseek": "deepseek-v4-flash",
    "ai-sdk": "gpt-5.5",
}
_AI_SDK_FALLBACK_PROVIDER = "openai"
_DEFAULT_BY_ISSUER = {
    (view.provider, issuing_api(view.format, view.provider)): DEFAULT_MODELS[name]
    for name, view in VIEWS.items()
    if view.provider
}
_EXPORTS = frozenset(("chatgpt-export", "claude-export"))
# What may follow an OpenAI reasoning item: the message or call it produced.
_FOLLOWERS = (Text, ToolCall, Unknown, File)


def _record_model(record: Record) -> str:
    if record.model:
        return record.model
    raw = record.raw
    if isinstance(raw, dict):
        for key in ("model", "modelVersion"):
            value = raw.get(key)
            if isinstance(value, str) and value:
                return value
    return ""


def _latest_model(records: Sequence[Record], provider: str, api: str) -> str:
    for record in reversed(records):
        if not isinstance(record, Record) or record.provider != provider:
            continue
        if issuing_api(record.format, record.provider) == api:
            model = _record_model(record)
            if model:
                return model
    return ""


def resolve_target(view_name: str, records: Sequence[Record]) -> Target:
    """The target for a view: the model of the latest message from the same provider and API
    (so "continue with the same model" replays reasoning natively), else the view's default.
    """
    view = VIEWS.get(view_name)
    if view is None:
        raise TranslateError(
            "view", f"unknown view {view_name!r}; expected one of {', '.join(VIEWS)}"
        )
    if view.format == AI_SDK and not view.provider:
        for record in reversed(records):
            if isinstance(record, Record) and record.provider and record.format not in _EXPORTS:
                model = _record_model(record)
                if model:
                    return Target(AI_SDK, record.provider, model)
        return Target(AI_SDK, _AI_SDK_FALLBACK_PROVIDER, DEFAULT_MODELS[view_name])
    model = _latest_model(records, view.provider, issuing_api(view.format, view.provider))
    return Target(view.format, view.provider, model or DEFAULT_MODELS[view_name])


def _complete(target: Target, records: Sequence[Record]) -> Target:
    if target.model is not None:
        return target
    api = issuing_api(target.format, target.provider)
    model = _latest_model(records, target.provider, api) or _DEFAULT_BY_ISSUER.get(
        (target.provider, api), ""
    )
    return Target(target.format, target.provider, model)


def translate(
    records: Sequence[Record], target: Target, *, reasoning: ReasoningMode = "auto"
) -> tuple[Any, Report]:
    """The target's request payload for these records, and what happened to each part."""
    if reasoning not in REASONING_MODES:
        raise TranslateError(
            "reasoning", f"expected one of {', '.join(REASONING_MODES)}, got {reasoning!r}"
        )
    if not isinstance(target, Target):
        raise TranslateError("target", "expected a Target")
    module = module_for(target.format, encodable=True)
    target = _complete(target, records)
    work = _Translation(rules_for(target), reasoning)
    add = work.add
    decoders = DECODERS
    for ri, record in enumerate(records):
        if not isinstance(record, Record):
            raise TranslateError(f"records[{ri}]", "expected a Record")
        # decode(), inlined: this runs for every record.
        fmt = record.format
        decoder = decoders.get(fmt) if fmt.__class__ is str else None
        try:
            if decoder is None:
                decoder = decoder_for(fmt)
            messages = decoder(record.raw, provider=record.provider, model=record.model)
        except TranslateError as error:
            raise error.within(f"records[{ri}]") from None
        except RecursionError:
            raise TranslateError(f"records[{ri}]", TOO_DEEP) from None
        if record.role == "system" and (raw := record.raw).__class__ is dict and "role" not in raw:
            messages = [_as_system(m) for m in messages]
        if record.files:
            messages = work.attach(ri, messages, record.files)
        if len(messages) == 1:  # most records: no enumerate() to build
            add(ri, 0, messages[0])
        else:
            for mi, message in enumerate(messages):
                add(ri, mi, message)
    prepared = work.finish()
    if not prepared and records:
        # An empty or refusal-only response, or everything dropped: say so, as a request
        # without messages is rejected by every provider.
        work.warnings.append(
            f"Nothing in these messages can be sent to {work.rules.name} (an empty or "
            "refusal-only response, or only parts it cannot take), so the request has no "
            "messages."
        )
    try:
        payload = module.encode(prepared, target=target)
    except RecursionError:
        raise TranslateError("", "a value is nested too deeply to send") from None
    return payload, work.report()


def _as_system(message: Message) -> Message:
    return replace(message, role="system") if message.role == "user" else message


def _positions(ri: int, mi: int, count: int) -> list[Src]:
    """The sources of a message's first ``count`` parts, all kept in place.

    A function of its own: the comprehension inside _Translation.add would make ri and mi
    closure cells there, paid for every message (CPython 3.11).
    """
    return [(ri, mi, i) for i in range(count)]


class _Translation:
    def __init__(self, rules: TargetRules, mode: ReasoningMode) -> None:
        self.rules = rules
        self.mode = mode
        self.turns: list[Turn] = []
        self.entries: list[ReportEntry] = []
        self.warnings: list[str] = []
        self.open_tool_loop = False
        self.has_tools = False
        self.native_reasoning = False  # any reasoning replayed with its blob
        # Messages of one record share one Origin: remember the last answer.
        self._origin: Origin | None = None
        self._native = False
        self._decisions: dict[tuple[object, ...], Decision] = {}
        self._signatures: dict[tuple[object, ...], tuple[str, str]] = {}
        # Ids of unrecognised call items that were dropped: label, so their answers go too.
        self._dropped_calls: dict[str, str] = {}
        target = rules.target
        self.file_limits = limits_for(target.format, target.provider)
        self.inline_bytes = 0  # base64 of the inline files kept so far, against the request limit

    def note(self, src: Src, kind: str, action: str, reason: str, detail: str = "") -> None:
        self.entries.append(new_report_entry(*src, kind, action, reason, detail))

    def attach(self, ri: int, messages: list[Message], files: tuple[File, ...]) -> list[Message]:
        if not messages:
            self.warnings.append(
                f"{len(files)} attached file(s) of record {ri} are left out: the record has "
                "no message to carry them."
            )
            return messages
        return attach(messages, files)

    def report(self) -> Report:
        return new_report(
            self.rules.target,
            tuple(self.entries),
            tuple(self.warnings),
            self.open_tool_loop,
            self.rules.channel,
        )

    # --- per part -------------------------------------------------------------------------

    def add(self, ri: int, mi: int, message: Message) -> None:
        origin = message.origin
        if origin is not self._origin:
            self._origin = origin
            self._native = origin == self.rules.origin
        native = self._native
        parts = message.parts
        if not parts:
            return  # nothing to send (an empty ChatGPT system node, a blocked candidate)
        kept: list[Any] | None = None  # a new list only once something changes
        # Sources of the kept parts, needed only once a part is dropped: until then they are
        # the parts' own positions, which the turn works out if anyone asks.
        srcs: list[Src] | None = None
        for pi, part in enumerate(parts):
            kind = type(part)
            # Plain text, calls and results go through untouched: the common case, kept cheap.
            if kind is Text:
                if part.blob is None and (part.text or native):  # type: ignore[union-attr]
                    if kept is not None:
                        kept.append(part)
                        if srcs is not None:
                            srcs.append((ri, mi, pi))
                    continue
                new: Any = self._text(part, native, (ri, mi, pi))  # type: ignore[arg-type]
            elif kind is ToolCall or kind is ToolResult:
                self.has_tools = True
                new = part
                if kind is ToolResult:
                    if part.call_id in self._dropped_calls:  # type: ignore[union-attr]
                        self._drop_answer(part, (ri, mi, pi))  # type: ignore[arg-type]
                        new = None
                    elif part.content.__class__ is tuple:  # type: ignore[union-attr]
                        self._result_files(part, native, (ri, mi, pi))  # type: ignore[arg-type]
                if kind is ToolCall and part.blob is not None:  # type: ignore[union-attr]
                    self._signature(part.blob, part, (ri, mi, pi))  # type: ignore[union-attr]
            elif kind is Reasoning:
                new = self._reasoning(part, message, native, ri, mi, pi)  # type: ignore[arg-type]
            else:
                new = self._other(part, kind, message, native, (ri, mi, pi))
            if kept is None:
                if new is part:
                    continue
                kept = list(parts[:pi]) if pi else []
            if new is None:
                if srcs is None:
                    srcs = _positions(ri, mi, pi)  # no part was dropped before this
            else:
                kept.append(new)
                if srcs is not None:
                    srcs.append((ri, mi, pi))
        if kept is None:
            self.turns.append(new_turn(message.role, parts, message, native, False, False, ri, mi))
        elif kept:
            self.turns.append(
                new_turn(message.role, kept, message, native, True, False, ri, mi, srcs)
            )

    def _text(self, part: Text, native: bool, src: Src) -> Text | None:
        if part.blob is not None:
            self._signature(part.blob, part, src)
        return part if part.text or native else None

    def _reasoning(
        self, part: Reasoning, message: Message, native: bool, ri: int, mi: int, pi: int
    ) -> Any:
        key = decision_key(part, message, native)
        decision = self._decisions.get(key)
        if decision is None:
            decision = self._decisions[key] = decide(part, message, native, self.rules, self.mode)
        if decision.action:
            self.entries.append(
                new_report_entry(
                    ri, mi, pi, "reasoning", decision.action, decision.reason, decision.detail
                )
            )
        if decision.send == KEEP:
            if part.blob is not None:
                self.native_reasoning = True
            return part
        return apply(decision, part, message)

    def _other(self, part: Any, kind: type, message: Message, native: bool, src: Src) -> Any:
        rules = self.rules
        if kind is File:
            return self._file(part, message, native, src)
        if kind is Unknown:
            label = part.label or "unrecognised"
            if native:
                reason = f"the {label} part goes back to {rules.name} as stored"
                self.note(src, "unknown", KEPT_NATIVE, reason)
                return part
            origin = message.origin
            if (
                rules.server_tools
                and origin.provider == rules.origin.provider
                and origin.format == rules.origin.format
            ):
                # Server tool blocks (web search, code execution) are the provider's, not one
                # model's: another model of the same provider reads them.
                reason = f"the {label} part goes back to {rules.name}, which produced it"
                self.note(src, "unknown", KEPT_NATIVE, reason)
                return part
            source = provider_name(message.origin.provider)
            reason = f"the {label} part from {source} has no equivalent in {rules.name}"
            self.note(src, "unknown", DROPPED, reason)
            raw = part.raw
            if isinstance(raw, dict) and isinstance(raw.get("call_id"), str):
                self._dropped_calls[raw["call_id"]] = label
            return None
        if (kind is Source or kind is Data) and rules.target.format != AI_SDK:
            what = "sources are" if kind is Source else "app data parts are"
            reason = f"{what} shown by the app and never sent to a model"
            self.note(src, kind.__name__.lower(), DROPPED, reason)
            return None
        return part

    def _file(self, part: File, message: Message, native: bool, src: Src) -> File | None:
        limits = self.file_limits
        size = inline_size(part)
        if size is not None:
            name = part.filename or part.media_type or "file"
            most = file_limit(limits, part.media_type)
            if size > most:
                what = "an image" if part.media_type.startswith("image/") else "a file"
                reason = (
                    f"{name} is {megabytes(size)} in base64, over {limits.whose} "
                    f"{megabytes(most)} limit for {what}"
                )
                self.note(src, "file", DROPPED, reason)
                return None
            withheld = not (part.data or part.url)
            if withheld or (
                (native or self.rules.sendable_file(part, message.role))
                and self.inline_bytes + size > limits.request
            ):
                reason = (
                    f"{name} ({megabytes(size)} in base64) is left out to keep the request "
                    f"within {limits.whose} {megabytes(limits.request)} limit for inline files"
                )
                self.note(src, "file", DROPPED, reason)
                return None
        if native or self.rules.sendable_file(part, message.role):
            if size is not None:
                self.inline_bytes += size
            return part
        self.note(src, "file", DROPPED, self._file_reason(part, message))
        return None

    def _drop_answer(self, part: ToolResult, src: Src) -> None:
        """A result answering an unrecognised call that was dropped goes with it (no call
        is invented for it).
        """
        label = self._dropped_calls[part.call_id]
        reason = f"it answers a {label} item, which {self.rules.name} cannot take"
        self.note(src, "tool-result", DROPPED, reason)

    def _result_files(self, part: ToolResult, native: bool, src: Src) -> None:
        """Images and documents inside a tool result, where the target's results are text."""
        if native or self.rules.result_files:
            return
        for inner in part.content:
            if type(inner) is File:
                name = inner.filename or inner.media_type or "file"
                reason = f"{self.rules.name} tool results carry text only, so {name} is left out"
                self.note(src, "file", DROPPED, reason)

    def _signature(self, blob: Opaque, part: Any, src: Src) -> None:
        # The issuer by identity, as in decision_key: hashing an Origin runs the dataclass's
        # Python __hash__, and origins are interned and alive for the whole translation.
        key = (id(blob.issuer), type(part))
        known = self._signatures.get(key)
        if known is None:
            words = blob_words(blob, part)
            if replayable(blob, self.rules.issuer):
                reason = f"{words} from {describe_issuer(blob.issuer)} goes back to the same model"
                known = (KEPT_NATIVE, reason)
            else:
                issued = f"{words} was issued by {describe_issuer(blob.issuer)}"
                known = (DROPPED, f"{issued}; {self.rules.name} cannot verify it")
            self._signatures[key] = known
        self.entries.append(new_report_entry(*src, "signature", *known, ""))  # note(), inlined

    def _file_reason(self, part: File, message: Message) -> str:
        name = part.filename or part.media_type or "file"
        if not (part.data or part.url or part.file_id or part.text):
            note = part.extra.get("note") if isinstance(part.extra, dict) else None
            if isinstance(note, str) and note:  # a kept file the import could not store
                return f"{name} was not imported: {note}"
            return f"the source keeps only the name of {name}, not its contents"
        if part.url and not part.url.startswith(("http://", "https://", "data:", "gs://")):
            scheme = part.url.partition(":")[0]
            return f"{name} points into the source's own storage ({scheme}:), no model can read it"
        if part.file_id and not (part.data or part.url or part.text):
            source = provider_name(message.origin.provider)
            what = part.filename or "this file"
            return f"{what} is an id in {source}'s file storage, which {self.rules.name} can't read"
        where = "assistant turns" if message.role == "assistant" else f"{message.role} turns"
        kind = f"{part.media_type} files" if part.media_type else "files of an unknown type"
        return f"{self.rules.name} does not accept {kind} in {where}"

    # --- whole conversation ---------------------------------------------------------------

    def finish(self) -> list[Message]:
        rules = self.rules
        turns = self.turns
        if self.has_tools:
            if not already_paired(turns):
                assign_ids(turns, rules, self.note)
                if already_paired(turns):
                    # Missing ids were the only problem (Gemini's calls carry none): nothing
                    # is left to move, add or drop, and naming the results is all pair()
                    # would still do.
                    name_results(turns)
                else:
                    turns = pair(turns, rules, self.note)
            elif not rules.ids_matter:
                name_results(turns)
            rename_ids(turns, rules, self.note)
        if rules.responses and self.native_reasoning:
            turns = self._drop_orphan_reasoning(turns)
        if rules.merge == "all":
            systems = [t for t in turns if t.role == "system"]
            if systems:
                self._note_moved_systems(turns)
                turns = [t for t in turns if t.role != "system"]
            turns = systems + merge_adjacent(turns, None, {"tool": "user"})
        elif rules.merge == "assistant":
            turns = merge_adjacent(turns, frozenset(("assistant",)), {})
        if rules.gemini3:
            self._skip_signatures(turns)
        if rules.deepseek:
            self._empty_reasoning(turns)
        if rules.anthropic:
            self._check_open_tool_loop(turns)
        # Turn.message() without the call for the turns that went through unchanged (most).
        return [
            t.base if not t.changed and len(t.parts) == len(t.base.parts) else t.message()
            for t in turns
        ]

    def _note_moved_systems(self, turns: list[Turn]) -> None:
        """A system message after the conversation started goes to the top: say so."""
        started = False
        reason = (
            f"{self.rules.name} takes system instructions only before the conversation, so "
            "this mid-conversation system message moves to the system prompt"
        )
        for turn in turns:
            if turn.role != "system":
                started = True
            elif started:
                for i in range(len(turn.parts)):
                    self.note(turn.src(i), "system", CONVERTED, reason)

    def _drop_orphan_reasoning(self, turns: list[Turn]) -> list[Turn]:
        """A Responses reasoning item must be followed by the item it produced."""
        issuer = self.rules.issuer
        orphans: dict[int, set[int]] = {}  # id(turn) -> positions of its orphaned items
        run: list[tuple[Turn, int]] = []  # replayable reasoning waiting for what follows it
        for turn in turns:
            parts = turn.parts
            if not run and Reasoning not in map(type, parts):
                continue  # nothing to check here: the usual turn
            for i, part in enumerate(parts):
                kind = type(part)
                if kind is Reasoning and replayable(part.blob, issuer):  # type: ignore[union-attr]
                    run.append((turn, i))
                    continue
                if run:
                    if turn.role != "assistant" or kind not in _FOLLOWERS:
                        for t, k in run:
                            orphans.setdefault(id(t), set()).add(k)
                    run = []
        for t, k in run:  # nothing follows the last ones
            orphans.setdefault(id(t), set()).add(k)
        if not orphans:
            return turns
        for turn in turns:
            dropped = orphans.get(id(turn))
            if not dropped:
                continue
            srcs = turn.srcs
            for i in sorted(dropped):
                self._retract(srcs[i])
                reason = (
                    "an OpenAI reasoning item must be followed by the message or tool "
                    "call it produced, which is not in this history; OpenAI would "
                    "reject it"
                )
                self.note(srcs[i], "reasoning", DROPPED, reason)
            turn.parts = [p for i, p in enumerate(turn.parts) if i not in dropped]
            turn.srcs = [s for i, s in enumerate(srcs) if i not in dropped]
            turn.changed = True
        return [t for t in turns if t.parts]

    def _retract(self, src: Src) -> None:
        self.entries = [
            e
            for e in self.entries
            if not ((e.record, e.message, e.part) == src and e.kind == "reasoning")
        ]

    def _skip_signatures(self, turns: list[Turn]) -> None:
        rules = self.rules
        skip = Opaque(rules.issuer, gemini.SKIP_SIGNATURE, gemini.FORMAT)
        reason = (
            f"{rules.target.model} requires a thought signature on replayed "
            "function calls and this call has none from it, so the documented "
            "skip_thought_signature_validator is sent"
        )
        issuer = rules.issuer
        for turn in turns:
            if turn.role != "assistant":
                continue
            for i, part in enumerate(turn.parts):
                if type(part) is not ToolCall:
                    continue
                if not replayable(part.blob, issuer):
                    turn.put(i, new_tool_call(part.id, part.name, part.arguments, skip, part.extra))
                    self.note(turn.src(i), "signature", SYNTHESIZED, reason)
                break  # only the first of parallel calls needs one

    def _empty_reasoning(self, turns: list[Turn]) -> None:
        for turn in turns:
            if turn.role != "assistant" or Reasoning in map(type, turn.parts):
                continue
            for part, src in zip(turn.parts, turn.srcs, strict=True):
                if type(part) is ToolCall:
                    reason = (
                        "DeepSeek requires reasoning_content on every tool-call turn and "
                        "none is available, so an empty one is sent"
                    )
                    self.note(src, "reasoning", SYNTHESIZED, reason)
                    break

    def _check_open_tool_loop(self, turns: list[Turn]) -> None:
        """Anthropic with thinking on: the final assistant turn must start with valid thinking."""
        convo = [t for t in turns if t.role != "system"]
        if not convo:
            return
        last = convo[-1]
        ends_in_loop = (
            last.role == "assistant" and any(type(p) is ToolCall for p in last.parts)
        ) or (last.role == "user" and all(type(p) is ToolResult for p in last.parts))
        if not ends_in_loop:
            return
        k = len(convo) - 1
        while k >= 0 and not (
            convo[k].role == "user" and any(type(p) is not ToolResult for p in convo[k].parts)
        ):
            k -= 1
        first = next((t for t in convo[k + 1 :] if t.role == "assistant"), None)
        if first is None:
            return
        head = first.parts[0]
        if type(head) is Reasoning and replayable(head.blob, self.rules.issuer):
            return
        self.open_tool_loop = True
        self.warnings.append(
            "The conversation ends inside a tool loop whose assistant turn does not start with "
            "a thinking block Anthropic can verify. With extended thinking enabled, Anthropic "
            "rejects this request: send it with thinking disabled, or finish the tool loop first."
        )
