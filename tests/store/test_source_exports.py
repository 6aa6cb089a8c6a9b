"""Open WebUI, LibreChat, Grok, AI Studio, Gemini activity and `llm logs --json`."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from store.importers import extra_sources, gemini_activity
from tests.conftest import EXPORT_FIXTURES
from tests.store.sources_helpers import assert_translatable, detect, sample, store_all

LLM_JSON = EXPORT_FIXTURES / "llm_logs_json_docs_example_2025.json"


def _by_source(store) -> dict[str, Any]:
    return {c.metadata["source_id"]: c for c in _all(store)}


def _all(store) -> list:
    return [store.get_conversation(c.id) for c in store.list_conversations(limit=100)]


# --- Open WebUI -------------------------------------------------------------------------


def test_openwebui_export_keeps_titles_models_times_and_the_current_branch(store) -> None:
    path = sample("openwebui_export.json")
    rows = json.loads(path.read_text(encoding="utf-8"))
    assert detect(path) == extra_sources.OPENWEBUI

    outcomes = store_all(store, extra_sources.read_path(path))

    assert len(outcomes) == len(rows)
    stored = _by_source(store)
    for row in rows:
        summary = stored[f"openwebui:{row['id']}"]
        assert summary.title == row["title"]
        assert summary.created_at == datetime.fromtimestamp(row["created_at"], UTC)
        assert summary.updated_at == datetime.fromtimestamp(row["updated_at"], UTC)
        history = row["chat"]["history"]
        messages = store.load_messages(summary.id)
        branch = _branch(history)
        assert [m.metadata["openwebui_message"] for m in messages] == branch  # kept whole
        assert [m.raw for m in messages] == [
            {"role": r["role"], "content": r["content"]} for r in branch
        ]
        assert {m.model for m in messages} == set(row["chat"]["models"])
        assert len({m.provider for m in messages}) == 1  # one guess per conversation
        assert_translatable(store, summary.id)
    providers = {s.metadata["source_id"]: s.providers for s in stored.values()}
    assert providers["openwebui:reasoning-chat"] == ("deepseek",)
    assert providers["openwebui:simple-chat"] == ("ollama",)
    reply = store.load_messages(stored["openwebui:tool-chat"].id)[-1]
    assert reply.metadata["embedded"] == ["tool_calls"]


def _branch(history: dict) -> list[dict]:
    out, key = [], history["currentId"]
    while key is not None:
        out.append(history["messages"][key])
        key = history["messages"][key]["parentId"]
    return out[::-1]


def test_openwebui_reimport_is_idempotent_and_a_longer_chat_extends(store, tmp_path) -> None:
    rows = json.loads(sample("openwebui_export.json").read_text(encoding="utf-8"))
    store_all(store, extra_sources.read_path(sample("openwebui_export.json")))
    simple = rows[2]
    history = simple["chat"]["history"]
    history["messages"]["sa2"]["childrenIds"] = ["sa3"]
    history["messages"]["sa3"] = {
        "id": "sa3",
        "parentId": "sa2",
        "childrenIds": [],
        "role": "user",
        "content": "And again",
        "timestamp": 1700002100,
    }
    history["currentId"] = "sa3"
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(rows), encoding="utf-8")

    outcomes = store_all(store, extra_sources.read_path(newer))

    assert [o.added for o in outcomes] == [0, 0, 1]
    assert store.count_conversations() == 3


# --- LibreChat --------------------------------------------------------------------------


def _flatten(nodes: list[dict]) -> list[dict]:
    out = []
    for node in nodes:
        out.append(node)
        out += _flatten(node.get("children", []))
    return out


def test_librechat_tree_export_stores_every_message_in_order(store) -> None:
    path = sample("librechat_export.json")
    export = json.loads(path.read_text(encoding="utf-8"))
    nodes = _flatten(export["messagesTree"])
    assert detect(path) == extra_sources.LIBRECHAT

    [outcome] = store_all(store, extra_sources.read_path(path))

    summary = store.get_conversation(outcome.conversation_id)
    assert summary.title == export["title"]
    assert summary.metadata["source_id"] == f"librechat:{export['conversationId']}"
    messages = store.load_messages(outcome.conversation_id)
    assert [m.raw["content"] for m in messages] == [n["text"] for n in nodes]
    assert [m.role for m in messages] == [
        "user" if n["isCreatedByUser"] else "assistant" for n in nodes
    ]
    # The export records no model per message: the conversation's option fills them.
    assert {m.model for m in messages} == {export["options"]["model"]}
    assert {m.provider for m in messages} == {"openai"}
    assert_translatable(store, outcome.conversation_id)


def test_librechat_flat_export_takes_the_newest_branch_and_keeps_the_others(store) -> None:
    path = sample("librechat_flat_branches.json")
    export = json.loads(path.read_text(encoding="utf-8"))
    newest = max(export["messages"], key=lambda m: m["createdAt"])
    parent = next(m for m in export["messages"] if m["messageId"] == newest["parentMessageId"])

    [outcome] = store_all(store, extra_sources.read_path(path))

    messages = store.load_messages(outcome.conversation_id)
    ids = [m.metadata["source_message_id"] for m in messages]
    assert ids == [parent["messageId"], newest["messageId"]]
    assert {m.provider for m in messages} == {"azure-openai"}
    off = store.get_conversation(outcome.conversation_id).metadata["off_path_messages"]
    assert len(off) == len(export["messages"]) - 2


# --- Grok -------------------------------------------------------------------------------


def test_grok_export_stores_each_response_with_its_record(store) -> None:
    path = sample("grok_export.json")
    export = json.loads(path.read_text(encoding="utf-8"))
    [entry] = export["conversations"]
    responses = [r["response"] for r in entry["responses"]]
    assert detect(path) == extra_sources.GROK

    [outcome] = store_all(store, extra_sources.read_path(path))

    summary = store.get_conversation(outcome.conversation_id)
    assert summary.title == entry["conversation"]["title"]
    assert summary.metadata["source_id"] == f"grok:{entry['conversation']['conversation_id']}"
    messages = store.load_messages(outcome.conversation_id)
    assert [m.metadata["grok_response"] for m in messages] == responses
    assert [m.raw["content"] for m in messages] == [r["message"] for r in responses]
    assert [m.role for m in messages] == [
        "user" if r["sender"] == "human" else "assistant" for r in responses
    ]
    assert {m.provider for m in messages} == {"xai"} and {m.model for m in messages} == {"grok-3"}
    assert_translatable(store, outcome.conversation_id)
    [again] = store_all(store, extra_sources.read_path(path))
    assert again.added == 0 and not again.created


# --- Google AI Studio -------------------------------------------------------------------


def test_aistudio_prompt_keeps_thoughts_and_is_named_by_its_file(store, tmp_path) -> None:
    original = sample("aistudio_prompt.json")
    prompt = json.loads(original.read_text(encoding="utf-8"))
    chunks = prompt["chunkedPrompt"]["chunks"]
    # On Drive the file has no extension and its name is the chat's title.
    path = tmp_path / "Bayesian network factorisation"
    path.write_bytes(original.read_bytes())
    assert detect(path) == extra_sources.AISTUDIO

    [outcome] = store_all(store, extra_sources.read_path(path))

    summary = store.get_conversation(outcome.conversation_id)
    assert summary.title == "Bayesian network factorisation"
    messages = store.load_messages(outcome.conversation_id)
    assert len(messages) == len(chunks)  # the empty systemInstruction adds nothing
    assert {m.format for m in messages} == {"gemini"}
    assert {m.model for m in messages} == {prompt["runSettings"]["model"].removeprefix("models/")}
    thought = [m for m in messages if any(p.get("thought") for p in m.raw["parts"])]
    assert len(thought) == sum(1 for c in chunks if c.get("isThought"))
    texts = [
        m.metadata["aistudio_chunk"]["text"] if "aistudio_chunk" in m.metadata else m.raw["text"]
        for m in messages
    ]
    assert texts == [c["text"] for c in chunks]
    assert_translatable(store, outcome.conversation_id)


def test_an_aistudio_system_instruction_is_the_system_prompt_in_every_view(store, tmp_path) -> None:
    prompt = json.loads(sample("aistudio_prompt.json").read_text(encoding="utf-8"))
    prompt["systemInstruction"] = {"parts": [{"text": "Answer in French."}]}
    path = tmp_path / "with a system instruction"
    path.write_text(json.dumps(prompt), encoding="utf-8")

    [outcome] = store_all(store, extra_sources.read_path(path))

    first = store.load_messages(outcome.conversation_id)[0]
    assert (first.role, first.raw) == ("system", prompt["systemInstruction"])
    anthropic = store.load_conversation(outcome.conversation_id, "anthropic").payload
    assert anthropic["system"] == "Answer in French."
    gemini = store.load_conversation(outcome.conversation_id, "gemini").payload
    assert gemini["systemInstruction"] == prompt["systemInstruction"]
    assert "Answer in French." not in json.dumps(gemini["contents"])
    assert_translatable(store, outcome.conversation_id)


def test_an_aistudio_prompt_that_grew_is_extended(store, tmp_path) -> None:
    # Chunks carry no id; their position (`source_message_id`) is what the store matches.
    prompt = json.loads(sample("aistudio_prompt.json").read_text(encoding="utf-8"))
    whole = copy.deepcopy(prompt)
    prompt["chunkedPrompt"]["chunks"] = prompt["chunkedPrompt"]["chunks"][:-1]
    path = tmp_path / "Grown prompt"
    path.write_text(json.dumps(prompt), encoding="utf-8")
    [before] = store_all(store, extra_sources.read_path(path))
    path.write_text(json.dumps(whole), encoding="utf-8")

    [outcome] = store_all(store, extra_sources.read_path(path))

    assert outcome.conversation_id == before.conversation_id
    assert not outcome.unmerged and outcome.added == 1
    stored = store.load_messages(outcome.conversation_id)
    assert len(stored) == len(whole["chunkedPrompt"]["chunks"])


# --- Gemini Apps activity (Takeout) -----------------------------------------------------


def _activity(minute: int, prompt: str, answer: str | None) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "header": "Gemini Apps",
        "title": f"Prompted {prompt}",
        "time": f"2025-03-10T18:{minute:02d}:00.000Z",
        "products": ["Gemini Apps"],
        "activityControls": ["Gemini Apps Activity"],
    }
    if answer is not None:
        entry["safeHtmlItem"] = [{"html": answer}]
    return entry


def test_gemini_activity_is_grouped_by_gaps_of_more_than_30_minutes(store, tmp_path) -> None:
    entries: list[dict[str, Any]] = [  # newest first, as Takeout writes them
        _activity(59, "and in Rome?", "<p>Also <b>sunny</b>.</p>"),
        _activity(50, "weather in Paris?", "<p>Rain &amp; wind.</p><script>x()</script>"),
        {
            "header": "Gemini Apps",
            "title": "Gave feedback: Good response",
            "time": "2025-03-10T18:12:00.000Z",
            "products": ["Gemini Apps"],
        },
        _activity(10, "a pizza dough recipe", "<ul><li>500 g flour</li><li>325 g water</li></ul>"),
        _activity(0, "hello", None),
    ]
    path = tmp_path / "MyActivity.json"
    path.write_text(json.dumps(entries), encoding="utf-8")
    assert detect(path) == extra_sources.GEMINI_ACTIVITY

    outcomes = store_all(store, extra_sources.read_path(path))

    assert len(outcomes) == 2  # 18:00-18:10, then 18:50-18:59 (40 minutes later)
    first, second = (store.load_messages(o.conversation_id) for o in outcomes)
    assert [m.raw["content"] for m in first] == [
        "hello",
        "a pizza dough recipe",
        "- 500 g flour\n- 325 g water",
    ]
    assert [m.raw["content"] for m in second] == [
        "weather in Paris?",
        "Rain & wind.",
        "and in Rome?",
        "Also sunny.",
    ]
    assert store.get_conversation(outcomes[1].conversation_id).title == "weather in Paris?"
    assert gemini_activity.GAP.total_seconds() == 30 * 60
    # A newer Takeout with one more exchange extends the latest conversation.
    entries.insert(0, _activity(59 + 0, "and in Oslo?", "<p>Snow.</p>"))
    entries[0]["time"] = "2025-03-10T19:05:00.000Z"
    path.write_text(json.dumps(entries), encoding="utf-8")
    again = store_all(store, extra_sources.read_path(path))
    assert [o.added for o in again] == [0, 2]


# --- llm logs --json --------------------------------------------------------------------


def test_llm_logs_json_rows_become_prompt_and_response_messages(store) -> None:
    rows = json.loads(LLM_JSON.read_text(encoding="utf-8"))
    assert detect(LLM_JSON) == extra_sources.LLM_LOGS

    outcomes = store_all(store, extra_sources.read_path(LLM_JSON))

    assert len(outcomes) == len({r["conversation_id"] for r in rows})
    messages = store.load_messages(outcomes[0].conversation_id)
    assert [m.raw["content"] for m in messages] == [
        text for r in rows for text in (r["prompt"], r["response"])
    ]
    assert {m.provider for m in messages} == {"anthropic"}
    assert {m.model for m in messages} == {rows[0]["model"]}
    summary = store.get_conversation(outcomes[0].conversation_id)
    assert summary.title == rows[0]["conversation_name"]
    assert messages[1].metadata["llm_row"]["input_tokens"] == rows[0]["input_tokens"]
    assert_translatable(store, outcomes[0].conversation_id)


def test_existing_fixtures_are_not_taken_for_a_new_source(shared_dir: Path) -> None:
    fixtures = shared_dir / "fixtures"
    for path in [*fixtures.glob("formats/*.json"), *fixtures.glob("exports/chatgpt*.json")]:
        assert detect(path) is None, path.name
    assert detect(fixtures / "exports" / "claude_export_2024_artifacts.json") is None
