"""Every source fixture, alone and all together, translated to every target."""

from __future__ import annotations

import pytest

from tests.translate.fixtures import FIXTURES
from tests.translate.oracles import check_payload
from translate import DEFAULT_MODELS, VIEWS, Record, Target, resolve_target, translate

SOURCES = {f.name: [f] for f in FIXTURES} | {"all fixtures in one conversation": FIXTURES}


def _targets(records: list[Record]) -> list[tuple[str, Target]]:
    out = []
    for view in VIEWS:
        resolved = resolve_target(view, records)
        out.append((f"{view} (continue)", resolved))
        other = DEFAULT_MODELS[view] if view != "ai-sdk" else "some-other-model"
        out.append(
            (f"{view} (other model)", Target(resolved.format, resolved.provider or "openai", other))
        )
    return out


CASES = [
    pytest.param(name, label, target, id=f"{name} -> {label}")
    for name, fixtures in SOURCES.items()
    for label, target in _targets([f.record() for f in fixtures])
]


@pytest.mark.parametrize(("source", "label", "target"), CASES)
@pytest.mark.parametrize("reasoning", ["auto", "text", "drop"])
def test_payload_is_strictly_valid_and_loses_nothing(source, label, target, reasoning):
    records = [f.record() for f in SOURCES[source]]
    payload, report = translate(records, target, reasoning=reasoning)
    check_payload(records, target, payload, report)


@pytest.mark.parametrize(("source", "label", "target"), CASES)
def test_translating_the_payload_again_changes_nothing(source, label, target):
    records = [f.record() for f in SOURCES[source]]
    payload, _ = translate(records, target)
    again, report = translate(
        [Record(payload, target.format, target.provider, target.model)], target
    )
    assert again == payload
    assert all(e.action in ("kept-native", "synthesized") for e in report.entries)
