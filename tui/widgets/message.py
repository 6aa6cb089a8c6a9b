"""One message in the pane: a header line, then its parts.

Text is Markdown with highlighted code; reasoning, tool calls, tool results, app data,
raw JSON, Claude artifacts and `<antThinking>` are folds, closed by default, whose body is
only rendered once opened. Every string shown comes from `safe.clean`/`safe.json_text` and
reaches the screen as Rich `Text`/`Markdown`/`Syntax`, none of which parses markup. The
Markdown is read with HTML off and line breaks kept: what the author typed is shown, tags
included, never interpreted.

Every header, text block and fold is a cursor stop (class `stop`): the message pane moves
its cursor over them, copies them and folds them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Literal

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.syntax import Syntax
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import Click
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from tui.widgets.safe import clean, clean_line, json_text
from tui.widgets.timefmt import stamp

if TYPE_CHECKING:
    from tui.widgets.parts import Badge, Shown, ShownPart

# The role of a placeholder for a part the current view drops (see `parts.dropped_note`).
DROPPED = "dropped"

FoldKind = Literal["reasoning", "tool", "raw", "artifact"]

# Beyond these sizes, text is shown plain rather than parsed (Markdown, JSON colouring):
# still literal and complete, but cheap enough that a megabyte line cannot stall the app.
MARKDOWN_LIMIT = 100_000
SYNTAX_LIMIT = 20_000


def code_theme(dark: bool) -> str:
    return "monokai" if dark else "default"


class LiteralMarkdown(Markdown):
    """Rich's Markdown, read so that nothing the author wrote disappears.

    Rich parses with HTML on and then drops every HTML token, so `<div>…` or a whole
    `<style>` block rendered as blank lines; with HTML off the tags are plain text. Rich
    also joins single newlines into one paragraph; `breaks` keeps them as the author typed.
    """

    def __init__(self, markup: str, *, code_theme: str) -> None:
        # hyperlinks=False: a link is shown as its text and address, never sent to the
        # terminal as an OSC 8 sequence carrying an address someone else chose.
        super().__init__("", code_theme=code_theme, hyperlinks=False)
        from markdown_it import MarkdownIt

        parser = MarkdownIt("commonmark", {"html": False})
        self.markup = markup
        self.parsed = parser.enable("strikethrough").enable("table").parse(markup)
        # markdown-it leaves `breaks` to its HTML renderer; Rich reads the tokens.
        for token in self.parsed:
            for child in token.children or ():
                if child.type == "softbreak":
                    child.type = "hardbreak"


def markdown(text: str, dark: bool) -> RenderableType:
    body = clean(text)
    if len(body) > MARKDOWN_LIMIT:
        return Text(body)
    return LiteralMarkdown(body, code_theme=code_theme(dark))


def code_block(code: str, language: str, dark: bool) -> RenderableType:
    body = clean(code)
    if len(body) > SYNTAX_LIMIT:
        return Text(body)
    return Syntax(
        body,
        language or "text",
        theme=code_theme(dark),
        word_wrap=True,
        background_color="default",
    )


def json_block(value: Any, dark: bool) -> RenderableType:
    if isinstance(value, str):
        return Text(clean(value))
    rendered = json_text(value)
    if len(rendered) > SYNTAX_LIMIT:
        return Text(rendered)
    return Syntax(
        rendered, "json", theme=code_theme(dark), word_wrap=True, background_color="default"
    )


class Fold(Widget):
    """A titled part whose body shows only when open (click, or `t`/`o` for all)."""

    DEFAULT_CSS = """
    Fold {
        height: auto;
        padding: 0 1;
        margin: 0 0 0 2;
        color: $text-muted;
        &:hover { background: $boost; }
        &.-open { color: $text; }
        &.-error { color: $text-error; }
    }
    """

    open: reactive[bool] = reactive(False, layout=True)

    def __init__(
        self,
        kind: FoldKind,
        title: Text,
        body: Any,
        *,
        open: bool = False,
        markdown_body: bool = False,
        language: str | None = None,
        key: tuple[int, int, int] = (0, 0, 0),
        classes: str | None = None,
    ) -> None:
        super().__init__(classes=f"stop {classes or ''}")
        self.kind = kind
        self.title = title
        self._body = body
        self._markdown_body = markdown_body
        # Set for a code body (an artifact): its lexer; `C` copies such a body.
        self.language = language
        self.key = key
        self.badge: Badge | None = None
        self.set_reactive(Fold.open, open)
        self.set_class(open, "-open")

    @property
    def code(self) -> str | None:
        """The body as code to copy, when it is code (an artifact)."""
        return self._body if self.language is not None else None

    @property
    def plain(self) -> str:
        """The body as text (what `c` copies from a message)."""
        if isinstance(self._body, str):
            return self._body
        return json_text(self._body)

    def toggle(self) -> None:
        self.open = not self.open

    def watch_open(self, value: bool) -> None:
        self.set_class(value, "-open")

    def set_badge(self, badge: Badge | None) -> None:
        if badge != self.badge:
            self.badge = badge
            self.refresh(layout=True)

    def on_click(self, event: Click) -> None:
        event.stop()
        self.open = not self.open

    def render(self) -> RenderableType:
        head = Text("▾ " if self.open else "▸ ")
        head.append_text(self.title)
        badge = self.badge
        if badge is not None:
            head.append("  ")
            head.append(
                f"[{badge.label}]", style="bold red" if badge.action == "dropped" else "bold"
            )
        if not self.open:
            return head
        lines: list[RenderableType] = [head]
        if badge is not None and badge.reason:
            lines.append(Text(f"  {clean_line(badge.reason)}", style="italic dim"))
        dark = self.app.current_theme.dark if self.app.current_theme else True
        if self.language is not None:
            lines.append(code_block(self._body, self.language, dark))
        elif self._markdown_body:
            lines.append(markdown(self._body, dark) if self._body else Text("(no visible text)"))
        else:
            lines.append(json_block(self._body, dark))
        return Group(*lines)


class TextBlock(Static):
    """A block of an author's text: prose (Markdown) or a fenced code block."""

    def __init__(
        self, renderable: RenderableType, source: str, *, code: bool, classes: str
    ) -> None:
        super().__init__(renderable, classes=f"stop {classes}")
        self.source = source
        # `C` copies a code block's source, never its coloured rendering.
        self.code: str | None = source if code else None


class MessageView(Vertical):
    """A stored message, decoded: role, model and time, then each part."""

    DEFAULT_CSS = """
    MessageView {
        height: auto;
        padding: 0 1 1 1;
        &.-hidden { display: none; text-opacity: 60%; }
        & > .message--header { color: $text-muted; text-style: bold; }
        & > .message--user { color: $text-accent; }
        & > .message--assistant { color: $text-success; }
        & > .message--tool { color: $text-warning; }
        & > .message--system { color: $text-secondary; }
        & > .message--note { color: $text-warning; text-style: italic; }
        & > .part-text { padding: 0 0 0 2; }
        & > .part-code { padding: 0 0 0 2; margin: 0 0 1 0; }
        & > .part-line { padding: 0 0 0 2; color: $text-muted; }
        & > .message--dropped { color: $text-muted; text-style: italic; }
        & > .stop.-cursor { background: $accent 25%; }
        & > .message--header.-cursor { text-style: bold reverse; }
    }
    """

    ROLE_CLASSES: ClassVar[dict[str, str]] = {
        "user": "message--user",
        "assistant": "message--assistant",
        "tool": "message--tool",
        "system": "message--system",
    }

    def __init__(
        self,
        shown: Shown,
        *,
        now: Any,
        dark: bool,
        reasoning_open: bool,
        tools_open: bool,
        badges: dict[tuple[int, int, int], Badge],
        attachments: list[Any] = (),  # type: ignore[assignment]
    ) -> None:
        super().__init__(classes="-hidden" if shown.hidden else None)
        self.shown = shown
        self._now = now
        self._dark = dark
        self._reasoning_open = reasoning_open
        self._tools_open = tools_open
        self._badges = badges
        self._attachments = list(attachments)

    def compose(self) -> ComposeResult:
        shown = self.shown
        if shown.role == DROPPED:
            yield Static(Text(clean_line(shown.note)), classes="message--dropped")
            return
        head = Text()
        head.append(shown.role)
        # Only a reply names a model and a provider: a prompt stored beside it was not
        # written by that model, and "unknown" says nothing.
        if shown.role in ("assistant", "tool"):
            model = clean_line(shown.model)
            provider = clean_line(shown.provider)
            head.append(f"  {model}" if model and model != "unknown" else "")
            if provider and provider != "unknown":
                head.append(f"  {provider}", style="dim")
        if shown.translated:
            head.append("  as sent", style="italic dim")
        else:
            head.append(f"  {stamp(shown.created_at, self._now())}", style="dim")
        if shown.hidden:
            head.append("  hidden", style="italic")
        yield Static(
            head,
            classes=f"stop message--header {self.ROLE_CLASSES.get(shown.role, '')}",
        )
        if shown.note:
            yield Static(Text(clean_line(shown.note)), classes="message--note")
        for part in shown.parts:
            yield from self._part(part)
        for attachment in self._attachments:
            name = attachment.metadata.get("name") or attachment.metadata.get("filename") or ""
            line = Text(f"📎 {clean_line(str(attachment.type))}")
            if name:
                line.append(f"  {clean_line(str(name))}")
            line.append(f"  {attachment_detail(attachment)}", style="dim")
            yield Static(line, classes="part-line")

    def _part(self, part: ShownPart) -> ComposeResult:
        badge = self._badges.get(part.key)
        if part.kind == "text":
            yield from self._text(part)
        elif part.kind == "reasoning":
            title = Text("Reasoning", style="italic")
            if part.label:
                title.append(f" ({part.label})", style="italic")
            fold = Fold(
                "reasoning",
                title,
                part.text,
                open=self._reasoning_open,
                markdown_body=True,
                key=part.key,
            )
            fold.badge = badge
            yield fold
        elif part.kind in ("tool-call", "tool-result", "data", "unknown"):
            yield self._json_fold(part, badge)
        elif part.kind == "file":
            line = Text(f"📎 {clean_line(part.label)}")
            if part.text:
                line.append(f"  {clean_line(part.text)}", style="dim")
            yield Static(line, classes="part-line")
        elif part.kind == "source":
            line = Text(f"↗ {clean_line(part.label)}")
            if part.text and part.text != part.label:
                line.append(f"  {clean_line(part.text)}", style="dim")
            yield Static(line, classes="part-line")

    def _text(self, part: ShownPart) -> ComposeResult:
        from tui.widgets.text_blocks import blocks

        for block in blocks(part.text) if len(part.text) <= MARKDOWN_LIMIT else ():
            if block.kind == "prose":
                yield TextBlock(
                    markdown(block.text, self._dark), block.text, code=False, classes="part-text"
                )
            elif block.kind == "code":
                yield TextBlock(
                    code_block(block.text, block.language, self._dark),
                    block.text,
                    code=True,
                    classes="part-code",
                )
            elif block.kind == "thinking":
                yield Fold(
                    "reasoning",
                    Text("Thinking (antThinking)", style="italic"),
                    block.text,
                    open=self._reasoning_open,
                    markdown_body=True,
                    key=part.key,
                )
            else:
                title = Text("Artifact", style="bold")
                title.append(f" {clean_line(block.title)}" if block.title else "")
                title.append(f"  {clean_line(block.type)}" if block.type else "", style="dim")
                title.append(f"  {clean_line(block.identifier)}", style="dim")
                yield Fold(
                    "artifact",
                    title,
                    block.text,
                    open=self._tools_open,
                    language=block.language,
                    key=part.key,
                )
        if len(part.text) > MARKDOWN_LIMIT:
            yield TextBlock(Text(clean(part.text)), part.text, code=False, classes="part-text")

    def plain_text(self) -> str:
        """The message's text as the author wrote it: what `c` copies."""
        pieces: list[str] = []
        for part in self.shown.parts:
            if part.kind in ("text", "reasoning"):
                pieces.append(part.text)
        return "\n\n".join(piece for piece in pieces if piece)

    def _json_fold(self, part: ShownPart, badge: Badge | None) -> Fold:
        names = {
            "tool-call": "Tool call",
            "tool-result": "Tool error" if part.is_error else "Tool result",
            "data": "Data",
            "unknown": "Raw JSON",
        }
        title = Text(names[part.kind], style="bold")
        if part.label:
            title.append(f" {clean_line(part.label)}")
        if part.kind in ("tool-call", "tool-result") and part.text:
            title.append(f"  {clean_line(part.text)}", style="dim")
        kind: FoldKind = "raw" if part.kind == "unknown" else "tool"
        # Raw JSON is the whole message when a record cannot be decoded: shown open.
        fold = Fold(
            kind,
            title,
            part.payload,
            open=kind == "raw" or self._tools_open,
            key=part.key,
            classes="-error" if part.is_error else None,
        )
        fold.badge = badge
        return fold


def attachment_detail(attachment: Any) -> str:
    """Media type and size of a stored attachment, or why its bytes are not there."""
    if getattr(attachment, "sha256", None) is None:
        note = attachment.metadata.get("note")
        return f"not stored: {clean_line(str(note))}" if note else ""
    kind = clean_line(str(attachment.media_type or ""))
    return ", ".join(p for p in (kind, human_size(attachment.size or 0)) if p)


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 2**20:.1f} MB"
