"""Recognising items by content: odd values anywhere are refused in words, never a crash.

The formats answer what an item is and who made it (translate.formats.registry); the
importer must turn whatever a file holds into a conversation, a one-line failure, or a
one-line refusal.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.importers.detect import FORCEABLE, Unsupported, classify
from store.importers.messages import MessageGroups
from store.importers.records import Conversation, Failed, ImportOptions, Skipped
from store.importers.runner import convert_items
from translate.formats import registry

_KEYS = st.sampled_from(
    [
        "role", "content", "type", "model", "provider", "parts", "messages", "input",
        "choices", "candidates", "object", "output", "id", "metadata", "tool_calls",
        "system", "tools", "contents", "created", "createdAt", "instructions", "sender",
        "reasoning_content", "mapping", "chat_messages", "author", "content_type",
    ]
)  # fmt: skip
_ODD = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.sampled_from(
        ["", "user", "assistant", "model", "message", "response", "resp_x", "claude-x", "a/b"]
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=12,
)
_ITEMS = st.dictionaries(_KEYS, _ODD, max_size=6)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    items=st.lists(_ITEMS, min_size=1, max_size=4),
    forced=st.sampled_from([None, *FORCEABLE.values()]),
)
def test_odd_values_anywhere_become_conversations_or_reasons(items, forced):
    for item in items:
        try:
            classify(item, forced)
        except Unsupported as exc:
            assert "\n" not in str(exc)
    options = ImportOptions(format=forced)
    for result in convert_items(iter(items), options, MessageGroups(options, lambda: 0, "test")):
        assert isinstance(result, Conversation | Failed | Skipped)
        if isinstance(result, Conversation):
            assert all(m.role in ("system", "user", "assistant", "tool") for m in result.messages)


def test_each_format_says_who_made_a_message():
    chat = {"model": "deepseek-chat", "choices": [{"message": {"role": "assistant"}}]}
    assert registry.provider_of("openai-chat", chat) == "deepseek"
    assert registry.provider_of("openai-chat", {"model": "meta/llama"}) == "openrouter"
    assert registry.provider_of("openai-chat", {"role": "user", "content": "hi"}) is None
    assert registry.default_provider("openai-chat") == "openai"
    assert registry.default_provider("ai-sdk-ui") is None
    ui = {"role": "assistant", "parts": [{"type": "text", "providerMetadata": {"vertex": {}}}]}
    assert registry.provider_of("ai-sdk-ui", ui) == "google"
    assert registry.model_of("gemini", {"modelVersion": "gemini-2.5-pro"}) == "gemini-2.5-pro"
    assert registry.model_of("ai-sdk-ui", {"metadata": {"modelId": "gpt-5"}}) == "gpt-5"


def test_a_plain_message_follows_the_certain_messages_around_it():
    plain = classify({"role": "user", "content": "hi"})
    assert (plain.format, plain.certain) == ("openai-chat", False)
    thinking = classify(
        {"role": "assistant", "content": [{"type": "thinking", "thinking": "", "signature": ""}]}
    )
    assert thinking.format == "anthropic-messages"
    settled = registry.settle(plain, [plain, thinking])
    assert (settled.format, settled.certain) == ("anthropic-messages", True)
    assert registry.settle(plain, [plain]).format == "openai-chat"


def test_a_typed_input_message_with_plain_text_is_a_responses_item():
    # Responses' EasyInputMessage: `type: "message"`, a role and a string. Stored as Chat, its
    # `type` key went back into Chat requests as a dialect key, which the API rejects.
    from translate.formats.registry import sniff

    found = sniff({"type": "message", "role": "user", "content": "Which customers?"})
    assert found is not None and found.format == "openai-responses"
