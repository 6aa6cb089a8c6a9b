"""Every real fixture decodes completely and encodes back to exactly what it was."""

from __future__ import annotations

import pytest

from tests.conftest import FORMAT_FIXTURES
from tests.translate.fixtures import FIXTURES, Fixture
from translate import Unknown, decode
from translate.formats import module_for


def test_every_fixture_file_is_mapped(shared_dir):
    on_disk = {p.name for p in FORMAT_FIXTURES.glob("*.json")}
    assert on_disk == {f.name for f in FIXTURES}


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.name)
def test_fixture_decodes_without_unknown_parts(fixture: Fixture):
    messages = decode(fixture.raw(), fixture.format, provider=fixture.provider, model=fixture.model)
    assert messages
    unknown = [p for m in messages for p in m.parts if isinstance(p, Unknown)]
    assert unknown == []


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.name)
def test_fixture_encodes_back_exactly(fixture: Fixture):
    raw = fixture.raw()
    messages = decode(raw, fixture.format, provider=fixture.provider, model=fixture.model)
    assert module_for(fixture.format).encode(messages) == raw


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.name)
def test_every_message_carries_its_origin(fixture: Fixture):
    messages = decode(fixture.raw(), fixture.format, provider=fixture.provider, model=fixture.model)
    for message in messages:
        assert (message.origin.provider, message.origin.format) == (
            fixture.provider,
            fixture.format,
        )
        assert message.origin.model == fixture.model


def test_model_comes_from_the_raw_when_the_record_has_none():
    fixture = FIXTURES[4]  # anthropic.thinking.response.claude-sonnet-4-5
    (message,) = decode(fixture.raw(), fixture.format, provider="anthropic")
    assert message.origin.model == "claude-sonnet-4-5-20250929"
