"""Every recorded case × every target: what a user relies on, checked on real traffic.

The cases are real request and response bodies recorded from live provider APIs (see
``recorded_corpus``). For every case and every view, plus the case's own origin:

* the payload is strictly valid for the target's SDK, carries no blob issued elsewhere, and
  keeps every visible text unless the report says it was dropped (``check_payload``);
* every tool call and media item is in the payload or reported as dropped;
* every report entry points at a part the case really holds, of the kind it names;
* the same input gives the same payload and report;
* a conversation with something to say never becomes an empty request without a warning;
* replayed to its own origin, a case comes back with the same JSON values.

Known gaps are listed in ``recorded/known_gaps.json`` with the issue-14 class they belong
to; they are strict xfails, so a fix shows up as an unexpected pass.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.translate.oracles import check_payload, decoded
from tests.translate.recorded_corpus import RECORDED, Case, cases
from tests.translate.schemas import strings_in
from translate import (
    DEFAULT_MODELS,
    VIEWS,
    File,
    Reasoning,
    Target,
    Text,
    ToolCall,
    ToolResult,
    Unknown,
    translate,
)
from translate.canonical import standard_base64

KNOWN_GAPS: dict[str, dict[str, str]] = json.loads((RECORDED / "known_gaps.json").read_text())

# Keys only a response holds: request types reject them, so same-origin replay drops them.
RESPONSE_ONLY = frozenset(
    (
        "annotations",
        "logprobs",
        "status",
        "index",
        "citation_metadata",
        "citationMetadata",
        "finish_reason",
        "finishReason",
        "stop_reason",
        "stop_sequence",
        "usage",
        "avgLogprobs",
        "safetyRatings",
        "tokenCount",
    )
)


def _targets(case: Case) -> list[Target]:
    out = [
        Target(view.format, view.provider or "openai", DEFAULT_MODELS[name])
        for name, view in VIEWS.items()
    ]
    out.append(Target(case.format, case.provider, case.model))
    return out


def _param(case: Case, check: str) -> Any:
    gap = KNOWN_GAPS.get(check, {}).get(case.name)
    marks = [pytest.mark.xfail(reason=gap, strict=True)] if gap else []
    return pytest.param(case, id=case.name, marks=marks)


def test_corpus_is_broad_and_documented():
    all_cases = cases()
    assert len(all_cases) >= 150
    assert len({c.provider for c in all_cases}) >= 8
    for case in all_cases:
        for key in ("repo", "path", "commit", "licence"):
            assert case.source.get(key), f"{case.name}.source.txt has no {key}"
    size = sum(p.stat().st_size for p in RECORDED.iterdir())
    assert size < 5_000_000


def _check_kept_or_reported(case: Case, target: Target, payload: Any, report: Any) -> None:
    joined = "\n\u0000".join(strings_in(payload))
    for mi, message in enumerate(decoded([case.record()])[0]):
        for pi, part in enumerate(message.parts):
            dropped = any(e.action == "dropped" for e in report.entries_for(0, mi, pi))
            if dropped:
                continue
            where = f"{case.name} -> {target}: message {mi} part {pi}"
            if isinstance(part, ToolCall):
                assert part.name in joined, f"{where}: the call to {part.name} was lost"
            else:
                files = [part] if isinstance(part, File) else []
                if isinstance(part, ToolResult) and isinstance(part.content, tuple):
                    files = [p for p in part.content if isinstance(p, File)]
                for file in files:
                    handles = [h for h in (file.data, file.url, file.file_id, file.text) if h]
                    # Base64 may be re-wrapped in a data: URL: its first characters must be
                    # there (or, URL-safe, its standard spelling).
                    assert not handles or any(
                        h[:64] in joined or standard_base64(h[:64]) in joined for h in handles
                    ), f"{where}: the {file.media_type or 'file'} was lost"


# What each kind of entry may point at ("file": a file, or a tool result holding files).
_KIND_TYPES: dict[str, Any] = {
    "reasoning": Reasoning,
    "file": (File, ToolResult),
    "unknown": Unknown,
    "tool-call": ToolCall,
}


def _check_report_honest(case: Case, report: Any) -> None:
    messages = decoded([case.record()])[0]
    for entry in report.entries:
        assert entry.record == 0
        assert 0 <= entry.message < len(messages), f"{case.name}: {entry} names no message"
        parts = messages[entry.message].parts
        assert 0 <= entry.part < len(parts), f"{case.name}: {entry} names no part"
        if entry.action == "synthesized":
            continue  # it points at the part something was added for, of any kind
        part = parts[entry.part]
        expected = _KIND_TYPES.get(entry.kind)
        if expected is not None:
            assert isinstance(part, expected), f"{case.name}: {entry} is about a {part}"
        if entry.kind == "system":
            assert messages[entry.message].role == "system", f"{case.name}: {entry}"
        if entry.kind == "signature":
            assert getattr(part, "blob", None) is not None, f"{case.name}: {entry} has no blob"


def _says_something(case: Case) -> bool:
    for message in decoded([case.record()])[0]:
        for part in message.parts:
            if (isinstance(part, Text) and part.text) or isinstance(part, ToolCall | File):
                return True
    return False


@pytest.mark.parametrize("case", [_param(c, "targets") for c in cases()])
def test_every_target(case: Case):
    record = case.record()
    for target in _targets(case):
        payload, report = translate([record], target)
        check_payload([record], target, payload, report)
        _check_kept_or_reported(case, target, payload, report)
        _check_report_honest(case, report)
        again = translate([case.record()], target)
        assert again == (payload, report), f"{case.name} -> {target} is not deterministic"
        if _says_something(case):
            body = [payload.get(k) for k in ("messages", "input", "contents", "instructions")]
            body += [payload.get("system"), payload.get("systemInstruction")]
            assert any(body) or report.warnings, f"{case.name} -> {target}: empty, no warning"


def _strip(value: Any) -> Any:
    # A null is an absent key: responses spell out the fields they did not use.
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in RESPONSE_ONLY and v is not None}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _as_request(case: Case, raw: dict[str, Any]) -> dict[str, Any]:
    """What replaying ``raw`` to its own origin must send, before response-only keys go."""
    fmt = case.format
    if fmt == "openai-chat":
        if "messages" in raw:
            return {"messages": raw["messages"]}
        return {"messages": [raw["choices"][0]["message"]]}
    if fmt == "anthropic-messages":
        if "messages" in raw:
            out = {"messages": raw["messages"]}
            if raw.get("system") is not None:
                out["system"] = raw["system"]
            return out
        return {"messages": [{"role": raw["role"], "content": raw["content"]}]}
    if fmt == "gemini":
        if "contents" in raw:
            out = {"contents": raw["contents"]}
            system = raw.get("systemInstruction") or raw.get("system_instruction")
            if system:
                out["systemInstruction"] = system
            return out
        content = (raw.get("candidates") or [{}])[0].get("content")
        return {"contents": [content] if content and content.get("parts") else []}
    assert fmt == "openai-responses"
    if "input" in raw:
        out = {"input": raw["input"]}
        if raw.get("instructions") is not None:
            out["instructions"] = raw["instructions"]
        return out
    return {"input": raw["output"]}


@pytest.mark.parametrize("case", [_param(c, "same-origin") for c in cases()])
def test_same_origin_is_value_exact(case: Case):
    target = Target(case.format, case.provider, case.model)
    payload, _ = translate([case.record()], target)
    assert _strip(payload) == _strip(_as_request(case, case.raw()))
