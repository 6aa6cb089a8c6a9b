"""Issue 14's failure classes, each on a real recorded payload."""

from __future__ import annotations

import copy

from tests.translate.oracles import check_payload
from tests.translate.recorded_corpus import cases
from tests.translate.schemas import strings_in
from translate import Record, Target, translate

BY_NAME = {c.name: c for c in cases()}
CEREBRAS = BY_NAME[
    "cerebras.openai-chat.test_cerebras_thinking_part_survives_multiturn.1.request.3115b74a74"
]
OPENROUTER_CACHE = BY_NAME[
    "openrouter.openai-chat.test_openrouter_cache_all_settings_real_api.0.response.a9af1030bc"
]


def test_a_tool_call_without_arguments_is_an_empty_object():
    """Class 1: OpenRouter may answer a call without "arguments"; it is {} everywhere."""
    raw = copy.deepcopy(OPENROUTER_CACHE.raw())
    (call,) = raw["choices"][0]["message"]["tool_calls"]
    del call["function"]["arguments"]
    record = Record(raw, "openai-chat", "openrouter")
    for target in (
        Target("anthropic-messages", "anthropic", "claude-opus-5"),
        Target("openai-chat", "openai", "gpt-5.5"),
    ):
        payload, report = translate([record], target)
        check_payload([record], target, payload, report)
        assert call["function"]["name"] in strings_in(payload)


def test_dialect_reasoning_goes_back_to_its_own_field_on_same_origin():
    """Class 10: Cerebras reads `reasoning` back; it must not become marked text."""
    raw = CEREBRAS.raw()
    target = Target("openai-chat", "cerebras", raw["model"])
    payload, report = translate([CEREBRAS.record()], target)
    check_payload([CEREBRAS.record()], target, payload, report)
    assert payload["messages"] == raw["messages"]
    assert "prior_reasoning" not in "".join(strings_in(payload))
