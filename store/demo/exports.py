"""Demo conversations in the shapes of the real ChatGPT and Claude exports."""

from __future__ import annotations

from typing import Any

from store.demo.clock import epoch


def chatgpt_sourdough() -> dict[str, Any]:
    """A 2025-style ChatGPT export: hidden system node, custom instructions, a regeneration."""
    start = epoch("2026-03-14T09:12:00")
    turns = [
        (
            "My sourdough starter smells like nail polish remover and barely rises. It's "
            "10 days old, fed once a day with 50 g flour and 50 g water. What's wrong?",
            "That acetone smell means the starter is **hungry**: the yeast and bacteria have "
            "eaten through the flour and are producing ethyl acetate. It's not ruined.\n\n"
            "Try this for a week:\n\n1. Feed twice a day, 12 hours apart.\n"
            "2. Use a 1:2:2 ratio (starter:flour:water) by weight, discarding the rest.\n"
            "3. Swap 20% of the flour for whole rye — it feeds the culture more.\n"
            "4. Keep it around 24–26 °C; a switched-off oven with the light on works.\n\n"
            "You'll know it's ready when it reliably doubles within 4–6 hours of a feed.",
        ),
        (
            "How do I know it's ready without wasting a whole loaf?",
            "Use the **float test** as a hint and the **rise test** as the real answer:\n\n"
            "- Rise test: mark the jar with a rubber band after feeding. Ready means it at "
            "least doubles, with a domed top, three feeds in a row.\n- Float test: drop a "
            "spoonful in water. Floating means enough gas, but a wholegrain starter can sink "
            "and still be fine.\n\nFor a cheap trial, bake a single focaccia with 100 g of "
            "starter — if it's airy, the starter is ready for a loaf.",
        ),
    ]
    mapping: dict[str, Any] = {
        "client-created-root": {
            "id": "client-created-root",
            "message": None,
            "parent": None,
            "children": ["sys-0"],
        }
    }
    _add_node(mapping, "sys-0", "client-created-root", "system", "", None, hidden=True)
    mapping["ctx-0"] = {
        "id": "ctx-0",
        "message": {
            "id": "ctx-0",
            "author": {"role": "user", "name": None, "metadata": {}},
            "create_time": None,
            "update_time": None,
            "content": {
                "content_type": "user_editable_context",
                "user_profile": "I'm a home baker in Lisbon.",
                "user_instructions": "Be concise. Use metric units.",
            },
            "status": "finished_successfully",
            "end_turn": None,
            "weight": 1.0,
            "metadata": {
                "is_visually_hidden_from_conversation": True,
                "is_user_system_message": True,
            },
            "recipient": "all",
            "channel": None,
        },
        "parent": "sys-0",
        "children": [],
    }
    mapping["sys-0"]["children"] = ["ctx-0"]
    parent = "ctx-0"
    for index, (prompt, answer) in enumerate(turns):
        user_id, bot_id = f"user-{index}", f"bot-{index}"
        _add_node(mapping, user_id, parent, "user", prompt, start + index * 600)
        _add_node(mapping, bot_id, user_id, "assistant", answer, start + index * 600 + 21, "gpt-4o")
        parent = bot_id
    # The first answer was regenerated: the earlier take stays in the tree, off the path.
    _add_node(
        mapping,
        "bot-0-first-take",
        "user-0",
        "assistant",
        "It sounds like your starter may be contaminated. Consider starting over.",
        start + 15,
        "gpt-4o",
    )
    return {
        "title": "Sourdough starter smells like acetone",
        "create_time": start - 2,
        "update_time": start + 640,
        "mapping": mapping,
        "current_node": parent,
        "conversation_id": "demo-chatgpt-sourdough",
        "id": "demo-chatgpt-sourdough",
        "default_model_slug": "gpt-4o",
        "is_archived": False,
        "moderation_results": [],
    }


def chatgpt_thinking() -> dict[str, Any]:
    """A gpt-5-thinking export: thoughts, a python tool call and its output, a recap."""
    start = epoch("2026-05-02T18:40:00")
    mapping: dict[str, Any] = {
        "root": {"id": "root", "message": None, "parent": None, "children": ["u1"]}
    }
    _add_node(
        mapping,
        "u1",
        "root",
        "user",
        "I have monthly costs of 1,240, 1,310, 1,190, 1,460 and 1,385 euros. What's the "
        "average and how much would I save per year if I cut 8%?",
        start,
    )
    mapping["t1"] = _node(
        "t1",
        "u1",
        "assistant",
        {
            "content_type": "thoughts",
            "thoughts": [
                {
                    "summary": "Computing the mean",
                    "content": "Sum the five months and divide by five; then apply 8% to "
                    "twelve months of the average.",
                    "finished": True,
                }
            ],
            "source_analysis_msg_id": "u1",
        },
        start + 3,
        "gpt-5-thinking",
        {"reasoning_status": "is_reasoning"},
        end_turn=False,
    )
    mapping["c1"] = _node(
        "c1",
        "t1",
        "assistant",
        {
            "content_type": "code",
            "language": "python",
            "text": "costs = [1240, 1310, 1190, 1460, 1385]\navg = sum(costs) / len(costs)\n"
            "print(avg, avg * 12 * 0.08)",
        },
        start + 5,
        "gpt-5-thinking",
        recipient="python",
        end_turn=False,
    )
    mapping["o1"] = _node(
        "o1",
        "c1",
        "tool",
        {"content_type": "execution_output", "text": "1317.0 1264.32"},
        start + 6,
        "gpt-5-thinking",
        name="python",
    )
    mapping["r1"] = _node(
        "r1",
        "o1",
        "assistant",
        {"content_type": "reasoning_recap", "content": "Thought for 6s"},
        start + 8,
        "gpt-5-thinking",
        {"reasoning_status": "reasoning_ended", "finished_duration_sec": 6},
    )
    _add_node(
        mapping,
        "a1",
        "r1",
        "assistant",
        "Your average is **€1,317 per month**. Cutting 8% saves about **€105 a month**, "
        "or **€1,264 a year**.",
        start + 9,
        "gpt-5-thinking",
    )
    for key, node in mapping.items():
        node["children"] = [k for k, n in mapping.items() if n["parent"] == key]
    return {
        "title": None,
        "create_time": start,
        "update_time": start + 9,
        "mapping": mapping,
        "current_node": "a1",
        "id": "demo-chatgpt-budget",
        "default_model_slug": "gpt-5-thinking",
    }


def claude_regex() -> dict[str, Any]:
    """A 2025-style Claude export: content[] blocks with thinking and a tool round trip."""
    when = "2026-06-20T14:05:{:02d}.000000Z"
    return {
        "uuid": "demo-claude-regex",
        "name": "Regex for ISO dates in log files",
        "summary": "",
        "created_at": when.format(0),
        "updated_at": when.format(40),
        "account": {"uuid": "demo-account"},
        "chat_messages": [
            {
                "uuid": "demo-claude-regex-1",
                "text": "",
                "content": [
                    {
                        "type": "text",
                        "text": "I need a regex that finds ISO-8601 dates like 2026-06-20 in "
                        "log lines, but not version numbers like 2026.06.20.",
                        "citations": [],
                    }
                ],
                "sender": "human",
                "created_at": when.format(0),
                "updated_at": when.format(0),
                "attachments": [],
                "files": [],
            },
            {
                "uuid": "demo-claude-regex-2",
                "text": "",
                "content": [
                    {
                        "type": "thinking",
                        "thinking": "Dates use hyphens, versions use dots, so anchor on "
                        "hyphens and word boundaries. Validate month 01-12 and day 01-31. "
                        "Let me test it on a sample line before answering.",
                        "summaries": [{"summary": "Designing a date pattern"}],
                        "cut_off": False,
                    },
                    {
                        "type": "tool_use",
                        "id": "toolu_demo_regex_1",
                        "name": "repl",
                        "input": {
                            "code": "const re = "
                            "/\\b\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])\\b/g;\n"
                            "'2026-06-20 build 2026.06.20 ok'.match(re)"
                        },
                    },
                    {
                        "type": "tool_result",
                        "tool_use_id": "toolu_demo_regex_1",
                        "name": "repl",
                        "is_error": False,
                        "content": [{"type": "text", "text": "[ '2026-06-20' ]"}],
                    },
                    {
                        "type": "text",
                        "text": "This matches dates and skips dotted versions:\n\n```regex\n"
                        "\\b\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])\\b\n```\n\nOn "
                        "`2026-06-20 build 2026.06.20 ok` it finds only `2026-06-20`.",
                        "citations": [],
                    },
                ],
                "sender": "assistant",
                "created_at": when.format(40),
                "updated_at": when.format(40),
                "attachments": [],
                "files": [],
            },
        ],
    }


def _node(
    node_id: str,
    parent: str,
    role: str,
    content: dict[str, Any],
    created: float | None,
    model: str | None = None,
    extra_metadata: dict[str, Any] | None = None,
    *,
    recipient: str = "all",
    end_turn: bool | None = True,
    name: str | None = None,
    hidden: bool = False,
) -> dict[str, Any]:
    metadata: dict[str, Any] = dict(extra_metadata or {})
    if model:
        metadata["model_slug"] = model
        metadata["default_model_slug"] = model
    if hidden:
        metadata["is_visually_hidden_from_conversation"] = True
    return {
        "id": node_id,
        "message": {
            "id": node_id,
            "author": {"role": role, "name": name, "metadata": {}},
            "create_time": created,
            "update_time": None,
            "content": content,
            "status": "finished_successfully",
            "end_turn": end_turn if role == "assistant" else None,
            "weight": 0.0 if hidden else 1.0,
            "metadata": metadata,
            "recipient": recipient,
            "channel": None,
        },
        "parent": parent,
        "children": [],
    }


def _add_node(
    mapping: dict[str, Any],
    node_id: str,
    parent: str,
    role: str,
    text: str,
    created: float | None,
    model: str | None = None,
    *,
    hidden: bool = False,
) -> None:
    content = {"content_type": "text", "parts": [text]}
    mapping[node_id] = _node(node_id, parent, role, content, created, model, hidden=hidden)
    mapping[parent]["children"].append(node_id)
