"""Gemini Apps activity from Google Takeout: `My Activity/Gemini Apps/MyActivity.json`.

Google exports no Gemini conversations, only an activity log: an array, newest first, of
`{header: "Gemini Apps", title: "Prompted <prompt>", time, products, safeHtmlItem:
[{html}] (the answer), subtitles, attachedFiles, imageFile}`. Other entries ("Used ...",
"Created ...", "Selected preferred draft", "Gave feedback: ...") are not exchanges.

There is no conversation id, so exchanges are grouped by time: an exchange starts a new
conversation when it comes more than `GAP` (30 minutes) after the previous one, the
session rule web analytics use. Each exchange becomes a user message (the prompt) and an
assistant message (the answer's HTML as plain text) in the `openai-chat` shape, each with
the activity entry kept whole in its metadata. A conversation's source id is the time of
its first prompt, so a newer Takeout extends the latest conversation instead of
duplicating it.
"""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from html.parser import HTMLParser
from typing import Any

from store.importers.common import parse_time, title_or_none
from store.importers.errors import ConversionError
from store.importers.first_prompt import title_from_rows
from store.importers.records import Conversation
from store.records import NewMessage

FORMAT = "openai-chat"
PROVIDER = "google"
MODEL = "gemini"
SOURCE = "gemini-activity"
GAP = timedelta(minutes=30)
_HEADERS = frozenset(("gemini apps", "gemini", "bard"))
_PROMPTED = "Prompted "


def looks_like(item: Any) -> bool:
    """One activity entry of Gemini Apps."""
    if not isinstance(item, dict) or "time" not in item or "title" not in item:
        return False
    products = item.get("products")
    return str(item.get("header", "")).lower() in _HEADERS or (
        isinstance(products, list) and "Gemini Apps" in products
    )


def convert_entries(entries: list[Any]) -> tuple[list[Conversation], int]:
    """The conversations the entries make up, and how many entries were not exchanges."""
    exchanges: list[tuple[datetime, dict[str, Any]]] = []
    others = 0
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise ConversionError(f"entry {index} is not an object")
        title = entry.get("title")
        when = _time(entry)
        if not isinstance(title, str) or not title.startswith(_PROMPTED) or when is None:
            others += 1
            continue
        exchanges.append((when, entry))
    exchanges.sort(key=lambda pair: pair[0])
    groups: list[list[tuple[datetime, dict[str, Any]]]] = []
    for when, entry in exchanges:
        if not groups or when - groups[-1][-1][0] > GAP:
            groups.append([])
        groups[-1].append((when, entry))
    return [_conversation(group) for group in groups], others


def _time(entry: dict[str, Any]) -> datetime | None:
    return parse_time(entry.get("time"))


def _conversation(group: list[tuple[datetime, dict[str, Any]]]) -> Conversation:
    rows: list[NewMessage] = []
    for when, entry in group:
        stamp = when.isoformat()
        prompt = entry["title"][len(_PROMPTED) :]
        answers = [
            _html_text(item["html"])
            for item in entry.get("safeHtmlItem") or ()
            if isinstance(item, dict) and isinstance(item.get("html"), str)
        ]
        rows.append(
            NewMessage(
                {"role": "user", "content": prompt},
                PROVIDER,
                MODEL,
                FORMAT,
                "user",
                {"gemini_activity": entry, "source_message_id": f"{stamp}:prompt"},
                when,
            )
        )
        if answers:
            # Several items are the drafts Gemini offered; the first is the one shown.
            rows.append(
                NewMessage(
                    {"role": "assistant", "content": answers[0]},
                    PROVIDER,
                    MODEL,
                    FORMAT,
                    "assistant",
                    {"gemini_activity": entry, "source_message_id": f"{stamp}:answer"},
                    when,
                )
            )
    first = group[0][0].isoformat()
    source = f"{SOURCE}:{first}"
    return Conversation(
        source_id=source,
        title=title_or_none(title_from_rows(rows)),
        messages=rows,
        metadata={
            "source": SOURCE,
            "source_id": source,
            "grouping": f"exchanges less than {int(GAP.total_seconds() // 60)} minutes apart",
        },
        created_at=group[0][0],
        updated_at=group[-1][0],
    )


class _TextOnly(HTMLParser):
    """Text of the answer's HTML, with line breaks where blocks end; scripts dropped."""

    _BLOCKS = frozenset(("p", "div", "br", "h1", "h2", "h3", "h4", "pre", "tr", "ul", "ol"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "li":
            self.pieces.append("\n- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCKS:
            self.pieces.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.pieces.append(data)


def _html_text(markup: str) -> str:
    parser = _TextOnly()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.pieces)
    lines = [line.rstrip() for line in html.unescape(text).splitlines()]
    # Nested blocks end together (</li></ul></div>); one blank line is enough between them.
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
