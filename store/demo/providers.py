"""Demo conversations as raw provider JSON, in the shapes of the real API payloads."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from store.demo.clock import epoch


def _blob(seed: str, size: int = 96) -> str:
    """Deterministic stand-in for a provider's opaque signature or encrypted reasoning."""
    digest = b""
    while len(digest) < size:
        digest += hashlib.sha256((seed + str(len(digest))).encode()).digest()
    return base64.b64encode(digest[:size]).decode()


def anthropic_weather() -> list[dict[str, Any]]:
    """A request with a thinking + tool_use turn, then the final response."""
    request = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 4096,
        "thinking": {"type": "enabled", "budget_tokens": 2000},
        "tools": [
            {
                "name": "get_weather",
                "description": "Current weather for a city",
                "input_schema": {
                    "type": "object",
                    "properties": {"city": {"type": "string"}},
                    "required": ["city"],
                },
            }
        ],
        "system": "You are a concise travel assistant.",
        "messages": [
            {"role": "user", "content": "Should I pack an umbrella for Porto tomorrow?"},
            {
                "role": "assistant",
                "content": [
                    {
                        "type": "thinking",
                        "thinking": "The user is asking about rain in Porto. I should check "
                        "the forecast with the weather tool rather than guess.",
                        "signature": _blob("anthropic-weather-1"),
                    },
                    {
                        "type": "tool_use",
                        "id": "toolu_01DemoWeatherPorto",
                        "name": "get_weather",
                        "input": {"city": "Porto"},
                    },
                ],
            },
            {
                "role": "user",
                "content": [
                    {
                        "type": "tool_result",
                        "tool_use_id": "toolu_01DemoWeatherPorto",
                        "content": "Tomorrow: 17 °C, showers from 14:00, 80% chance of rain",
                    }
                ],
            },
        ],
    }
    response = {
        "id": "msg_01DemoPortoUmbrella",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-5-20250929",
        "content": [
            {
                "type": "thinking",
                "thinking": "80% chance of showers in the afternoon: yes, an umbrella.",
                "signature": _blob("anthropic-weather-2"),
            },
            {
                "type": "text",
                "text": "Yes — showers are likely from about 14:00 (80% chance), with a high "
                "of 17 °C. Pack a compact umbrella and a light jacket.",
            },
        ],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": 612, "output_tokens": 88},
    }
    return [request, response]


def openai_responses_sql() -> list[dict[str, Any]]:
    """Responses API items: a reasoning summary, a function call, its output, an answer."""
    created = int(epoch("2026-08-11T10:20:00"))
    return [
        {
            "type": "message",
            "role": "user",
            "content": "Which of our customers ordered more than 3 times last month?",
        },
        {
            "id": "rs_demo_orders_1",
            "type": "reasoning",
            "summary": [
                {
                    "type": "summary_text",
                    "text": "**Planning the query**\n\nI need orders grouped by customer for "
                    "last month, filtered by count > 3. I'll run it on the database tool.",
                }
            ],
            "encrypted_content": _blob("responses-orders", 160),
        },
        {
            "id": "fc_demo_orders_1",
            "type": "function_call",
            "call_id": "call_demo_orders_1",
            "name": "run_sql",
            "arguments": json.dumps(
                {
                    "query": "SELECT customer_id, count(*) FROM orders WHERE created_at >= "
                    "date_trunc('month', now()) - interval '1 month' AND created_at < "
                    "date_trunc('month', now()) GROUP BY 1 HAVING count(*) > 3"
                }
            ),
            "status": "completed",
        },
        {
            "type": "function_call_output",
            "call_id": "call_demo_orders_1",
            "output": json.dumps(
                [{"customer_id": 1042, "count": 5}, {"customer_id": 77, "count": 4}]
            ),
        },
        {
            "id": "resp_demo_orders_final",
            "object": "response",
            "created_at": created,
            "status": "completed",
            "model": "gpt-5-2025-08-07",
            "output": [
                {
                    "id": "msg_demo_orders_final",
                    "type": "message",
                    "role": "assistant",
                    "status": "completed",
                    "content": [
                        {
                            "type": "output_text",
                            "text": "Two customers ordered more than three times last month:"
                            "\n\n| customer | orders |\n|---|---|\n| 1042 | 5 |\n| 77 | 4 |",
                            "annotations": [],
                        }
                    ],
                }
            ],
            "usage": {"input_tokens": 420, "output_tokens": 61, "total_tokens": 481},
        },
    ]


def openai_chat_unit_tests() -> list[dict[str, Any]]:
    """Chat Completions messages with a tool call, as an app would log them."""
    return [
        {"role": "system", "content": "You are a senior Python reviewer."},
        {
            "role": "user",
            "content": "Write a pytest for `slugify('Hello, World!') == 'hello-world'` and run it.",
        },
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_demo_pytest_1",
                    "type": "function",
                    "function": {
                        "name": "run_tests",
                        "arguments": json.dumps({"path": "tests/test_slugify.py"}),
                    },
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_demo_pytest_1", "content": "1 passed in 0.02s"},
        {
            "id": "chatcmpl-demo-slugify",
            "object": "chat.completion",
            "created": int(epoch("2026-07-03T08:01:10")),
            "model": "gpt-4o-2024-08-06",
            "choices": [
                {
                    "index": 0,
                    "message": {
                        "role": "assistant",
                        "content": "The test passes:\n\n```python\nfrom app.text import "
                        "slugify\n\n\ndef test_slugify_drops_punctuation():\n    assert "
                        "slugify('Hello, World!') == 'hello-world'\n```",
                    },
                    "finish_reason": "stop",
                }
            ],
        },
    ]


def deepseek_primes() -> list[dict[str, Any]]:
    return [
        {"role": "user", "content": "Is 2027 a prime number?"},
        {
            "id": "demo-deepseek-2027",
            "object": "chat.completion",
            "created": int(epoch("2026-01-02T12:00:00")),
            "model": "deepseek-reasoner",
            "choices": [
                {
                    "index": 0,
                    "message": {
                        "role": "assistant",
                        "reasoning_content": "√2027 ≈ 45, so test primes up to 43. 2027 is "
                        "odd; digit sum 11, not divisible by 3; doesn't end in 0 or 5; "
                        "2027/7 = 289.57; /11 = 184.27; /13 = 155.9; /17 = 119.2; "
                        "/19 = 106.7; /23 = 88.1; /29 = 69.9; /31 = 65.4; /37 = 54.8; "
                        "/41 = 49.4; /43 = 47.1. No divisor found.",
                        "content": "Yes. 2027 is prime: no prime up to √2027 ≈ 45 divides it.",
                    },
                    "finish_reason": "stop",
                }
            ],
        },
    ]


def gemini_garden() -> list[dict[str, Any]]:
    """Gemini contents with thought parts and a function call/response pair."""
    return [
        {"role": "user", "parts": [{"text": "When should I plant tomatoes in Berlin?"}]},
        {
            "role": "model",
            "parts": [
                {
                    "text": "**Checking frost dates**\n\nTomatoes need nights above 10 °C. I "
                    "should look up Berlin's last frost date.",
                    "thought": True,
                },
                {
                    "functionCall": {"name": "frost_dates", "args": {"city": "Berlin"}},
                    "thoughtSignature": _blob("gemini-garden-1"),
                },
            ],
        },
        {
            "role": "user",
            "parts": [
                {
                    "functionResponse": {
                        "name": "frost_dates",
                        "response": {"last_frost": "mid-May", "first_frost": "late October"},
                    }
                }
            ],
        },
        {
            "candidates": [
                {
                    "content": {
                        "role": "model",
                        "parts": [
                            {
                                "text": "Plant tomatoes outside after the **Eisheiligen** "
                                "(\u201cice saints\u201d, 11–15 May), once nights stay above "
                                "10 °C. Start seeds indoors in late March.",
                            }
                        ],
                    },
                    "finishReason": "STOP",
                    "index": 0,
                }
            ],
            "modelVersion": "gemini-2.5-pro",
            "responseId": "demo-gemini-garden",
        },
    ]


def openrouter_haiku() -> list[dict[str, Any]]:
    reasoning = "A haiku is 5-7-5 syllables. Topic: the first coffee of the morning."
    return [
        {"role": "user", "content": "Write a haiku about the first coffee of the day."},
        {
            "id": "gen-demo-haiku",
            "object": "chat.completion",
            "created": int(epoch("2026-09-09T06:45:00")),
            "model": "anthropic/claude-3.7-sonnet:thinking",
            "provider": "Anthropic",
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {
                        "role": "assistant",
                        "content": "Dark steam curls upward —\nthe kitchen clock, still asleep,"
                        "\nwaits for my first sip.",
                        "reasoning": reasoning,
                        "reasoning_details": [
                            {
                                "type": "reasoning.text",
                                "text": reasoning,
                                "signature": _blob("openrouter-haiku"),
                                "format": "anthropic-claude-v1",
                                "index": 0,
                            }
                        ],
                    },
                }
            ],
        },
    ]


def ai_sdk_recipe() -> dict[str, Any]:
    """An AI SDK chat (v5/v6 UIMessages) with reasoning and a tool part."""
    return {
        "id": "demo-ai-sdk-recipe",
        "title": "Vegan lasagna for six",
        "messages": [
            {
                "id": "demo-ui-1",
                "role": "user",
                "metadata": {"createdAt": "2026-04-18T19:00:00Z"},
                "parts": [
                    {"type": "text", "text": "Scale my vegan lasagna recipe from 4 to 6 people."}
                ],
            },
            {
                "id": "demo-ui-2",
                "role": "assistant",
                "metadata": {"createdAt": "2026-04-18T19:00:09Z", "model": "claude-sonnet-4-5"},
                "parts": [
                    {"type": "step-start"},
                    {
                        "type": "reasoning",
                        "text": "Multiply each quantity by 1.5 using the recipe tool.",
                        "state": "done",
                        "providerMetadata": {"anthropic": {"signature": _blob("ai-sdk-1")}},
                    },
                    {
                        "type": "tool-scaleRecipe",
                        "toolCallId": "toolu_demo_scale_1",
                        "state": "output-available",
                        "input": {"recipe": "vegan-lasagna", "from": 4, "to": 6},
                        "output": {
                            "lasagna sheets": "375 g",
                            "lentils": "300 g",
                            "passata": "1.05 l",
                            "cashew béchamel": "750 ml",
                        },
                    },
                    {"type": "step-start"},
                    {
                        "type": "text",
                        "text": "For six people: 375 g lasagna sheets, 300 g lentils, 1.05 l "
                        "passata and 750 ml cashew béchamel. Bake in a 30 × 23 cm dish for "
                        "45 minutes at 190 °C.",
                        "state": "done",
                    },
                ],
            },
        ],
    }
