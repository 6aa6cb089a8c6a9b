"""An alias and its dated snapshot are one model (issue 14, class 12)."""

from __future__ import annotations

import pytest

from tests.translate.fixtures import BY_NAME
from tests.translate.oracles import check_payload
from translate import Target, translate
from translate.models import model_key, same_model

FOLLOWUP = BY_NAME["anthropic.thinking-tool_use.followup.request.json"]  # says claude-sonnet-4-0
RESPONSE = BY_NAME["anthropic.thinking-tool_use.response.json"]  # says claude-sonnet-4-20250514


@pytest.mark.parametrize(
    ("alias", "snapshot"),
    [
        ("claude-sonnet-4-0", "claude-sonnet-4-20250514"),
        ("claude-3-7-sonnet-latest", "claude-3-7-sonnet-20250219"),
        ("claude-sonnet-4-5", "claude-sonnet-4-5-20250929"),
        ("gpt-4o", "gpt-4o-2024-08-06"),
        ("gpt-5-mini", "gpt-5-mini-2025-08-07"),
        ("gemini-2.0-flash", "gemini-2.0-flash-001"),
        ("gemini-2.5-pro", "models/gemini-2.5-pro"),
    ],
)
def test_alias_and_snapshot_are_one_model(alias: str, snapshot: str):
    assert same_model(alias, snapshot)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("claude-opus-4-1", "claude-opus-4"),
        ("claude-sonnet-4-5", "claude-sonnet-4"),
        ("gpt-4o", "gpt-4o-mini"),
        ("gemini-2.5-flash", "gemini-2.5-flash-preview-05-20"),
        ("glm-4.5-0", "glm-4.5"),  # "-0" is a Claude alias only
    ],
)
def test_different_models_stay_different(a: str, b: str):
    assert not same_model(a, b)
    assert model_key(a) != model_key(b)


def test_thinking_signed_by_the_snapshot_replays_to_its_alias():
    """The requests say claude-sonnet-4-0, the response claude-sonnet-4-20250514."""
    records = [RESPONSE.record()]
    target = Target("anthropic-messages", "anthropic", "claude-sonnet-4-0")
    payload, report = translate(records, target)
    check_payload(records, target, payload, report)
    message = payload["messages"][0]
    assert message["content"] == RESPONSE.raw()["content"]
    assert report.badge(0, 0, 0) == "replayed natively"
    assert "converted" not in report.summary()


def test_alias_request_replays_to_its_snapshot():
    records = [FOLLOWUP.record()]
    target = Target("anthropic-messages", "anthropic", "claude-sonnet-4-20250514")
    payload, report = translate(records, target)
    check_payload(records, target, payload, report)
    assert payload["messages"] == FOLLOWUP.raw()["messages"]
