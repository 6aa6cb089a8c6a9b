"""Properties over generated conversations: mixed origins, signed and unsigned reasoning,
tool calls with and without results."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.translate.generate import ORIGINS, conversations
from tests.translate.oracles import check_payload
from tests.translate.schemas import strings_in
from translate import VIEWS, Record, Target, resolve_target, translate
from translate.issuers import target_issuer

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VIEW_NAMES = sorted(VIEWS)


@st.composite
def targets(draw, records):
    view = draw(st.sampled_from(VIEW_NAMES))
    resolved = resolve_target(view, records)
    models = [resolved.model] + [m for (_, _, m) in ORIGINS]
    return Target(resolved.format, resolved.provider, draw(st.sampled_from(models)))


@SETTINGS
@given(st.data())
def test_no_blob_ever_reaches_another_origin(data):
    convo = data.draw(conversations())
    target = data.draw(targets(convo.records))
    mode = data.draw(st.sampled_from(["auto", "text", "drop"]))
    payload, report = translate(convo.records, target, reasoning=mode)
    check_payload(convo.records, target, payload, report)
    issuer = target_issuer(target.format, target.provider, target.model or "")
    joined = "\n".join(strings_in(payload))
    for token, token_issuer in convo.blobs.items():
        if token_issuer != issuer:
            assert token not in joined, f"{token} from {token_issuer} reached {target}"


@SETTINGS
@given(st.data())
def test_translating_twice_equals_translating_once(data):
    convo = data.draw(conversations())
    target = data.draw(targets(convo.records))
    payload, _ = translate(convo.records, target)
    again, _ = translate([Record(payload, target.format, target.provider, target.model)], target)
    assert again == payload


_BODY_KEY = {
    "anthropic-messages": "messages",
    "openai-responses": "input",
    "openai-chat": "messages",
    "gemini": "contents",
    "ai-sdk-ui": "messages",
}


@SETTINGS
@given(st.data())
def test_a_conversation_that_never_left_its_model_goes_back_exactly(data):
    origin = data.draw(st.sampled_from(ORIGINS))
    convo = data.draw(conversations(origin=origin))
    provider, fmt, model = origin
    payload, report = translate(convo.records, Target(fmt, provider, model))
    expected = []
    for record in convo.records:
        expected.extend(record.raw if isinstance(record.raw, list) else [record.raw])
    assert payload[_BODY_KEY[fmt]] == expected
    assert {e.action for e in report.entries} <= {"kept-native"}


@SETTINGS
@given(st.data())
def test_same_issuer_blobs_survive_where_the_target_can_carry_them(data):
    origin = data.draw(st.sampled_from([o for o in ORIGINS if o[1] != "ai-sdk-ui"]))
    convo = data.draw(conversations(origin=origin))
    provider, fmt, model = origin
    payload, _ = translate(convo.records, Target(fmt, provider, model))
    joined = "\n".join(strings_in(payload))
    assert all(token in joined for token in convo.blobs)


@SETTINGS
@given(st.data())
def test_there_and_back_keeps_every_visible_text_and_tool_call(data):
    """A -> B -> A: what the user could read, and every call the model made, survives."""
    from tests.translate.oracles import decoded
    from translate import Text, ToolCall

    origin = data.draw(st.sampled_from([o for o in ORIGINS if o[1] != "ai-sdk-ui"]))
    convo = data.draw(conversations(origin=origin))
    provider, fmt, model = origin
    there = data.draw(targets(convo.records))
    payload, report = translate(convo.records, there)
    back = Target(fmt, provider, model)
    returned, _ = translate([Record(payload, there.format, there.provider, there.model)], back)
    joined = "\n\u0000".join(strings_in(returned))
    for ri, messages in enumerate(decoded(convo.records)):
        for mi, message in enumerate(messages):
            for pi, part in enumerate(message.parts):
                if any(e.action == "dropped" for e in report.entries_for(ri, mi, pi)):
                    continue
                if isinstance(part, Text) and part.text:
                    for chunk in part.text.split("\n\n"):
                        assert chunk in joined, f"{there} and back lost a text"
                elif isinstance(part, ToolCall):
                    assert part.name in joined, f"{there} and back lost the call {part.name}"
