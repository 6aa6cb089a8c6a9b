"""The long demo conversation and the one whose provider changes midway."""

from __future__ import annotations

from typing import Any

_TOPICS = [
    ("ownership", "moves a value into the function", "borrow it with `&` instead"),
    ("lifetimes", "ties the returned reference to its input", "annotate it as `'a`"),
    ("iterators", "are lazy until consumed", "finish the chain with `.collect()`"),
    ("pattern matching", "must cover every variant", "add a `_ =>` arm or handle each case"),
    ("error handling", "propagates with `?`", "return `Result<T, E>` from the function"),
    ("traits", "describe shared behaviour", "implement `Display` for pretty output"),
    ("generics", "are monomorphised at compile time", "bound them with `T: Ord`"),
    ("closures", "capture their environment", "use `move` to take ownership"),
    ("smart pointers", "put data on the heap", "reach for `Rc<RefCell<T>>` sparingly"),
    ("threads", "need `Send` data", "share state through `Arc<Mutex<T>>`"),
    ("async", "runs on an executor", "`.await` every future you create"),
    ("modules", "control visibility", "mark items `pub(crate)` when in doubt"),
    ("macros", "generate code at compile time", "prefer functions until repetition hurts"),
    ("testing", "lives next to the code", "put tests in a `#[cfg(test)] mod tests`"),
    ("slices", "borrow part of a collection", "take `&[T]` rather than `&Vec<T>`"),
    ("strings", "are UTF-8 bytes", "iterate `.chars()`, never index by byte"),
    ("enums", "carry data in each variant", "model states instead of boolean flags"),
    ("cargo", "manages builds and dependencies", "pin versions in `Cargo.lock` for apps"),
    ("clippy", "catches common mistakes", "run `cargo clippy -- -D warnings` in CI"),
    ("unsafe", "switches off some checks", "wrap it in a small, safe API"),
]


def rust_practice_log(days: int = 160) -> list[dict[str, Any]]:
    """A long Chat Completions log: one question and answer a day for `days` days."""
    messages: list[dict[str, Any]] = [
        {
            "role": "system",
            "content": "You are a patient Rust tutor. Keep each answer short and concrete.",
        }
    ]
    for day in range(days):
        topic, fact, advice = _TOPICS[day % len(_TOPICS)]
        round_ = day // len(_TOPICS) + 1
        messages.append(
            {
                "role": "user",
                "content": f"Day {day + 1}: quiz me on {topic} (round {round_}). Why does my "
                f"code fail when it {fact.split(' ', 1)[1]}?",
            }
        )
        messages.append(
            {
                "role": "assistant",
                "content": f"In Rust, {topic} {fact}. The compiler is protecting you: "
                f"{advice}.\n\n```rust\n// day {day + 1}: {topic}\nfn main() {{\n    "
                f'println!("practice makes permanent");\n}}\n```\n\nTomorrow: '
                f"{_TOPICS[(day + 1) % len(_TOPICS)][0]}.",
            }
        )
    return messages


def provider_switch() -> list[dict[str, Any]]:
    """Starts on Anthropic, moves to OpenAI Responses, ends on Gemini."""
    return [
        {"role": "user", "content": "Help me plan a 3-day trip to Kyoto in November."},
        {
            "id": "msg_01DemoKyotoPlan",
            "type": "message",
            "role": "assistant",
            "model": "claude-sonnet-4-5-20250929",
            "content": [
                {
                    "type": "thinking",
                    "thinking": "November is momiji season: prioritise maple spots early "
                    "in the day to beat crowds.",
                    "signature": "RXF3RGVtb0t5b3RvU2lnbmF0dXJl",
                },
                {
                    "type": "text",
                    "text": "Day 1: Higashiyama — Kiyomizu-dera at opening, Sannenzaka, "
                    "Gion at dusk.\nDay 2: Arashiyama — bamboo grove at 7:30, Tenryū-ji, "
                    "Okochi-Sansō.\nDay 3: Tōfuku-ji's maples, then Fushimi Inari.",
                },
            ],
            "stop_reason": "end_turn",
            "stop_sequence": None,
            "usage": {"input_tokens": 48, "output_tokens": 140},
        },
        {
            "type": "message",
            "role": "user",
            "content": [
                {"type": "input_text", "text": "Now estimate a daily budget in yen for that."}
            ],
        },
        {
            "id": "resp_demo_kyoto_budget",
            "object": "response",
            "status": "completed",
            "model": "gpt-5-mini-2025-08-07",
            "output": [
                {
                    "id": "rs_demo_kyoto_1",
                    "type": "reasoning",
                    "summary": [
                        {
                            "type": "summary_text",
                            "text": "Adding temple fees, transit passes and meals per day.",
                        }
                    ],
                },
                {
                    "id": "msg_demo_kyoto_2",
                    "type": "message",
                    "role": "assistant",
                    "status": "completed",
                    "content": [
                        {
                            "type": "output_text",
                            "text": "Roughly ¥9,000–12,000 a day without lodging: temples "
                            "¥400–600 each, a bus pass ¥700, lunch ¥1,500, dinner ¥3,000–5,000.",
                            "annotations": [],
                        }
                    ],
                },
            ],
        },
        {"role": "user", "parts": [{"text": "Translate the day 2 plan into Japanese."}]},
        {
            "candidates": [
                {
                    "content": {
                        "role": "model",
                        "parts": [
                            {
                                "text": "Translating place names with their usual Japanese "
                                "spellings.",
                                "thought": True,
                            },
                            {
                                "text": "2日目：嵐山 — 朝7時半に竹林、天龍寺、大河内山荘。",
                            },
                        ],
                    },
                    "finishReason": "STOP",
                    "index": 0,
                }
            ],
            "modelVersion": "gemini-2.5-flash",
        },
    ]
