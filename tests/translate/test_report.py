"""The report as the terminal app shows it."""

from __future__ import annotations

from tests.translate.fixtures import BY_NAME
from translate import Record, Report, ReportEntry, Target, decode, translate

THINKING = BY_NAME["anthropic.thinking.response.claude-sonnet-4-5.json"]
GEMINI_25 = BY_NAME["gemini.thought-parts.response.gemini-2.5-pro.json"]


def test_nothing_changed():
    record = Record({"role": "user", "content": "hi"}, "anthropic-messages", "anthropic", "m")
    _, report = translate([record], Target("gemini", "google", "gemini-3.5-flash"))
    assert report.entries == () and report.summary() == "nothing changed"


def test_summary_counts_every_kind_of_change_in_one_line():
    records = [THINKING.record(), GEMINI_25.record(), THINKING.record()]
    _, report = translate(records, Target("anthropic-messages", "anthropic", THINKING.model))
    assert (
        report.summary()
        == "2 reasoning blocks replayed natively · 1 converted to text · 1 signature dropped"
    )


def test_entries_point_at_the_parts_the_ui_renders():
    records = [THINKING.record(), GEMINI_25.record()]
    _, report = translate(records, Target("openai-chat", "openai", "gpt-5.5"))
    for entry in report.entries:
        message = decode(records[entry.record].raw, records[entry.record].format)[entry.message]
        assert 0 <= entry.part < len(message.parts)
    assert report.badge(0, 0, 0) == "converted to text"
    assert report.badge(0, 0, 1) is None  # the answer itself went through unchanged
    (signature,) = report.entries_for(1, 0, 1)
    assert signature.kind == "signature" and "gemini-2.5-pro on Gemini" in signature.reason


def test_badges_for_each_action():
    def badge(action, detail=""):
        return ReportEntry(0, 0, 0, "reasoning", action, "why", detail).badge

    assert badge("kept-native") == "replayed natively"
    assert badge("converted", "text") == "converted to text"
    assert badge("converted", "channel") == "converted"
    assert badge("dropped") == "dropped"
    report = Report(
        Target("gemini", "google", "m"), (ReportEntry(0, 1, 2, "reasoning", "dropped", "why"),)
    )
    assert report.badge(0, 1, 2) == "dropped" and report.entries_for(0, 1, 3) == ()
