"""Titles from the first prompt, or from a lone response's text, for every raw format."""

from __future__ import annotations

import json

import pytest

from store.importers.first_prompt import title_from_rows, visible_text
from store.records import NewMessage
from store.titles import preview
from tests.conftest import FORMAT_FIXTURES


def _load(name: str) -> dict:
    return json.loads((FORMAT_FIXTURES / name).read_text(encoding="utf-8"))


def _row(raw: dict, role: str = "assistant", fmt: str = "openai-chat", **meta) -> NewMessage:
    return NewMessage(raw, "p", "m", fmt, role, meta or None)


@pytest.mark.parametrize(
    ("name", "fmt", "expected"),
    [
        (
            "gemini3.text-thoughtSignature.response.json",
            "gemini",
            lambda d: d["candidates"][0]["content"]["parts"][0]["text"],
        ),
        (
            "deepseek.reasoning_content.response.json",
            "openai-chat",
            lambda d: d["choices"][0]["message"]["content"],
        ),
        (
            "openai-responses.reasoning-summary.store-true.response.json",
            "openai-responses",
            lambda d: next(o for o in d["output"] if o["type"] == "message")["content"][0]["text"],
        ),
    ],
)
def test_a_lone_raw_response_is_titled_by_its_text(name, fmt, expected) -> None:
    data = _load(name)
    row = _row(data, fmt=fmt)
    assert visible_text(data).startswith(expected(data))
    assert title_from_rows([row]) == preview(expected(data))
    assert title_from_rows([row])


def test_the_first_visible_prompt_wins_over_responses_and_hidden_context() -> None:
    response = _load("deepseek.reasoning_content.response.json")
    rows = [
        _row(
            {"role": "user", "content": "<environment_context>cwd</environment_context>"},
            role="user",
            hidden=True,
        ),
        _row(response),
        _row({"role": "user", "content": "What is\nthe  answer?"}, role="user"),
    ]
    assert title_from_rows(rows) == "What is the answer?"


def test_nothing_visible_gives_no_title() -> None:
    assert title_from_rows([_row({"role": "assistant", "content": [{"type": "tool_use"}]})]) is None
    assert visible_text("not an object") == ""
