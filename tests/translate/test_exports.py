"""ChatGPT and Claude exports: every node and message decodes, and reads as a user expects."""

from __future__ import annotations

import json

import pytest

from tests.conftest import EXPORT_FIXTURES
from tests.translate.oracles import check_payload
from translate import (
    VIEWS,
    File,
    Reasoning,
    Record,
    Text,
    ToolCall,
    ToolResult,
    Unknown,
    decode,
    index_entry,
    resolve_target,
    translate,
)


def _load(name):
    return json.loads((EXPORT_FIXTURES / name).read_text())


CHATGPT = ["chatgpt_export_2023_subset.json", "chatgpt_export_2025_single.json"]


def _nodes(name):
    for conversation in _load(name):
        yield from conversation["mapping"].values()


@pytest.mark.parametrize("name", CHATGPT)
def test_every_chatgpt_node_decodes(name):
    count = 0
    for node in _nodes(name):
        messages = decode(node, "chatgpt-export", provider="openai")
        assert len(messages) == (0 if node["message"] is None else 1)
        if node["message"] is not None:
            assert decode(node["message"], "chatgpt-export") != []
            count += 1
    assert count > 10


def _by_id(name, node_id):
    for node in _nodes(name):
        if node["id"] == node_id:
            return decode(node, "chatgpt-export", provider="openai")[0]
    raise AssertionError(node_id)


def test_chatgpt_2025_custom_instructions_are_a_hidden_system_prompt():
    message = _by_id("chatgpt_export_2025_single.json", "a021bc5d-b3f2-4120-a182-c00058472c7b")
    assert message.role == "system" and message.hidden
    assert "Please keep the initial response to 1 to 2 paragraphs" in message.parts[0].text


def test_chatgpt_2025_visible_turns_read_as_chat():
    user = _by_id("chatgpt_export_2025_single.json", "4a718348-3eb5-4e00-a464-38417f6cb252")
    assert (user.role, user.hidden) == ("user", False)
    assert user.parts == (Text("Can you explain how photosynthesis works in simple terms?"),)
    answer = _by_id("chatgpt_export_2025_single.json", "5558dbfd-0327-4905-bb66-e54b32e926b0")
    assert (answer.role, answer.hidden, answer.origin.model) == ("assistant", False, "gpt-4o")
    assert answer.parts[0].text.startswith("Photosynthesis is the process plants use")


def test_chatgpt_empty_system_node_is_hidden():
    message = _by_id("chatgpt_export_2025_single.json", "e5529cf9-c042-40ea-aba9-f90efa479c28")
    assert message.hidden and message.parts == ()


def test_chatgpt_2023_citations_become_links_and_no_marker_is_left():
    texts = [
        part.text
        for node in _nodes("chatgpt_export_2023_subset.json")
        for message in decode(node, "chatgpt-export")
        for part in message.parts
        if isinstance(part, Text)
    ]
    joined = "\n".join(texts)
    assert "【" not in joined and "†" not in joined
    link = (
        "([Oscar — django-oscar 3.2 documentation](https://django-oscar.readthedocs.io/en/stable/))"
    )
    assert f"seems to match your requirements well {link}" in joined


def test_chatgpt_browser_traffic_is_a_hidden_tool_call_and_its_result():
    nodes = {n["id"]: n for n in _nodes("chatgpt_export_2023_subset.json")}
    call_node = nodes["9f37e3ed-9201-4044-a973-22b41e2632c9"]
    (call,) = decode(call_node, "chatgpt-export")
    assert call.hidden and isinstance(call.parts[0], ToolCall)
    assert call.parts[0].name == "browser" and "open_url" in call.parts[0].arguments["code"]
    (result,) = decode(nodes[call_node["children"][0]], "chatgpt-export")
    assert result.role == "tool" and result.hidden
    assert result.parts[0].call_id == call.parts[0].id
    assert "django-oscar" in result.parts[0].content


def test_chatgpt_tool_errors_are_error_results():
    errors = [
        part
        for node in _nodes("chatgpt_export_2023_subset.json")
        for message in decode(node, "chatgpt-export")
        for part in message.parts
        if isinstance(part, ToolResult) and part.is_error
    ]
    assert len(errors) == 2 and "Failed to fetch page" in errors[0].content


def test_chatgpt_2025_reasoning_citations_and_images():
    node = {
        "id": "n1",
        "parent": "p1",
        "children": [],
        "message": {
            "id": "n1",
            "author": {"role": "assistant", "name": None, "metadata": {}},
            "content": {
                "content_type": "thoughts",
                "thoughts": [
                    {
                        "summary": "Checking",
                        "content": "Look it up.",
                        "chunks": [],
                        "finished": True,
                    }
                ],
            },
            "metadata": {"reasoning_status": "is_reasoning"},
            "recipient": "all",
        },
    }
    (thoughts,) = decode(node, "chatgpt-export")
    assert thoughts.hidden and thoughts.parts == (
        Reasoning("Checking\n\nLook it up.", summary=True),
    )
    node["message"]["content"] = {
        "content_type": "text",
        "parts": ["Paris is the capital.\ue200cite\ue202turn0search3\ue201 \ue203Yes\ue204."],
    }
    node["message"]["metadata"] = {
        "content_references": [
            {
                "matched_text": "\ue200cite\ue202turn0search3\ue201",
                "alt": " ([Wikipedia](https://w.org))",
            }
        ]
    }
    (answer,) = decode(node, "chatgpt-export")
    assert answer.parts[0].text == "Paris is the capital. ([Wikipedia](https://w.org)) Yes."
    node["message"]["metadata"] = {}
    assert decode(node, "chatgpt-export")[0].parts[0].text == "Paris is the capital. Yes."
    node["message"]["author"]["role"] = "user"
    node["message"]["content"] = {
        "content_type": "multimodal_text",
        "parts": [
            {
                "content_type": "image_asset_pointer",
                "asset_pointer": "sediment://file_1",
                "width": 1,
            },
            "What is this?",
        ],
    }
    (photo,) = decode(node, "chatgpt-export")
    assert isinstance(photo.parts[0], File) and photo.parts[0].url == "sediment://file_1"
    node["message"]["content"] = {"content_type": "brand_new_type", "x": 1}
    (later,) = decode(node, "chatgpt-export")
    assert later.parts == (Unknown({"content_type": "brand_new_type", "x": 1}, "brand_new_type"),)


def test_a_whole_chatgpt_conversation_translates_to_every_view():
    conversation = _load("chatgpt_export_2023_subset.json")[2]
    mapping, node_id, path = conversation["mapping"], conversation["current_node"], []
    while node_id is not None:
        path.append(mapping[node_id])
        node_id = mapping[node_id]["parent"]
    records = [Record(node, "chatgpt-export", "openai", "") for node in reversed(path)]
    for view in VIEWS:
        target = resolve_target(view, records)
        payload, report = translate(records, target)
        check_payload(records, target, payload, report)


def test_every_claude_export_message_decodes():
    conversation = _load("claude_export_2024_artifacts.json")[0]
    for entry in conversation["chat_messages"]:
        messages = decode(entry, "claude-export")
        assert messages[0].role == ("user" if entry["sender"] == "human" else "assistant")
        texts = [p.text for m in messages for p in m.parts if isinstance(p, Text)]
        assert "".join(texts) == entry["text"]
    first = decode(conversation["chat_messages"][0], "claude-export")[0]
    files = [p.filename for p in first.parts if isinstance(p, File)]
    assert files[0] == "CleanShot 20241016 at 20.34.122x.png"
    reply = decode(conversation["chat_messages"][2], "claude-export")[0]
    assert reply.parts[0].text.startswith(" Certainly!")  # the export's leading space is kept
    assert "<antArtifact" in reply.parts[0].text


def test_claude_export_content_blocks_split_into_turns():
    entry = {
        "uuid": "m1",
        "sender": "assistant",
        "text": "",
        "content": [
            {"type": "thinking", "thinking": "", "summaries": [{"summary": "Planning a search"}]},
            {
                "type": "tool_use",
                "id": "toolu_1",
                "name": "web_search",
                "input": {"query": "tides"},
            },
            {
                "type": "tool_result",
                "tool_use_id": "toolu_1",
                "name": "web_search",
                "content": [
                    {"type": "knowledge", "title": "Tide tables", "url": "https://tides.example"}
                ],
            },
            {"type": "token_budget"},
            {"type": "text", "text": "High tide is at noon."},
            {"type": "flag", "flag": "x"},
        ],
        "attachments": [
            {"file_name": "notes.txt", "file_type": "txt", "extracted_content": "tide notes"}
        ],
    }
    first, results, answer = decode(entry, "claude-export")
    assert first.parts[0] == File("text/plain", text="tide notes", filename="notes.txt")
    assert first.parts[1] == Reasoning("Planning a search", summary=True)
    assert isinstance(first.parts[2], ToolCall)
    assert (
        results.role == "tool" and "Tide tables\nhttps://tides.example" in results.parts[0].content
    )
    assert answer.parts[0] == Text("High tide is at noon.")
    assert isinstance(answer.parts[1], Unknown)
    assert "tide notes" in index_entry(entry, "claude-export").text
