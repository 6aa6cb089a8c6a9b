"""The bottom line: the keys that work where the focus is, as one widget.

Textual's `Footer` mounts a widget per key and mounts them all again whenever the focus or
the bindings change; it also parses its own sizeable stylesheet at start-up. This bar draws
the same keys as one line of `Content`, redrawn (not remounted) when the screen's bindings
change, and maps a click back to its key. Labels come from the key registry, never from
untrusted text, and are still assembled as plain `Content`, never parsed as markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget

# Styles by theme variable, so the bar follows the theme as Textual's footer does.
KEY_STYLE = "bold $footer-key-foreground"
DESCRIPTION_STYLE = "$footer-description-foreground"
DISABLED_STYLE = "dim"
GAP = " "
# Sets the palette's key apart from the keys of the focused pane.
SEPARATOR = "▏"
SEPARATOR_STYLE = "$foreground 20%"


@dataclass(frozen=True, slots=True)
class _Key:
    key: str
    label: str
    description: str
    enabled: bool


class KeyBar(Widget, can_focus=False):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-description-foreground;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    # The command palette's key, kept apart at the right end when there is room for it.
    show_command_palette: reactive[bool] = reactive(False)

    def __init__(self, *, show_command_palette: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(KeyBar.show_command_palette, show_command_palette)
        # (start, end, key) of each drawn key, for clicks: filled by render().
        self._spans: list[tuple[int, int, _Key]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen[object]) -> None:
        self.refresh()

    def keys(self) -> list[_Key]:
        """The keys shown, one per action, in the order the bindings are active."""
        palette = self.app.COMMAND_PALETTE_BINDING
        seen: set[str] = set()
        shown: list[_Key] = []
        for key, (_node, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            if not binding.show or binding.action in seen or key == palette:
                continue
            seen.add(binding.action)
            shown.append(self._key(key, binding, enabled))
        return shown

    def _palette_key(self) -> _Key | None:
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            return None
        key = self.app.COMMAND_PALETTE_BINDING
        active = self.screen.active_bindings.get(key)
        if active is None:
            return None
        return self._key(key, active.binding, active.enabled)

    def _key(self, key: str, binding: Binding, enabled: bool) -> _Key:
        return _Key(key, self.app.get_key_display(binding), binding.description, enabled)

    def render(self) -> Content:
        parts: list[Content] = []
        spans: list[tuple[int, int, _Key]] = []
        at = 0
        for key in self.keys():
            part = _drawn(key)
            spans.append((at, at + part.cell_length, key))
            parts.append(part)
            parts.append(Content(GAP))
            at += part.cell_length + len(GAP)
        line = Content("").join(parts)
        palette = self._palette_key()
        if palette is not None:
            drawn = Content.assemble((SEPARATOR, SEPARATOR_STYLE), _drawn(palette))
            start = max(at, self.size.width - drawn.cell_length - 1)
            spans.append((start, start + drawn.cell_length, palette))
            line = Content.assemble(line, " " * (start - line.cell_length), drawn)
        self._spans = spans
        return line

    def key_at(self, x: int) -> str | None:
        for start, end, key in self._spans:
            if start <= x < end:
                return key.key if key.enabled else None
        return None

    def on_click(self, event: events.Click) -> None:
        event.stop()
        key = self.key_at(event.x)
        if key is None:
            self.app.bell()
        else:
            self.app.simulate_key(key)

    def watch_show_command_palette(self) -> None:
        self.refresh()


def _drawn(key: _Key) -> Content:
    drawn = Content.assemble((key.label, KEY_STYLE), (f" {key.description}", DESCRIPTION_STYLE))
    return drawn if key.enabled else drawn.stylize(DISABLED_STYLE)
