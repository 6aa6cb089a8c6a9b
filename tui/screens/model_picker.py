"""Pick the model the composer sends to (`M`, or ctrl+o in the composer).

The provider's models are fetched in a worker (store.sending.models, cached for a day); a
model may also be typed, for one the list does not show or while the list is loading.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui import keys
from tui.widgets.db import call_store
from tui.widgets.safe import clean_line

if TYPE_CHECKING:
    from store.config import Config
    from store.errors import StoreError

PICKER_CSS = """
ModelPicker, ProviderPicker { align: center middle; background: $background 60%; }
.picker-box {
    width: 64; height: auto; border: thick $accent; background: $surface; padding: 1 2;
}
.picker-heading { text-style: bold; margin-bottom: 1; }
.picker-list { height: auto; max-height: 14; }
.picker-status { color: $text-muted; }
.picker-status.-error { color: $error; }
"""


class ModelPicker(ModalScreen[str | None]):
    DEFAULT_CSS = PICKER_CSS
    BINDING_GROUP_TITLE = "Model picker"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("models")

    def __init__(self, provider: str, config: Config, current: str | None = None) -> None:
        super().__init__()
        self.provider = provider
        self._config = config
        self._current = current
        self.models: list[str] = []
        self.loaded = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="picker-box"):
            now = f" (now {self._current})" if self._current else ""
            heading = clean_line(f"Model for {self.provider}{now}")
            yield Static(Text(heading), classes="picker-heading")
            yield Input(
                placeholder="type a model, or pick one below",
                id="model-input",
            )
            yield Static(Text("fetching the models…"), classes="picker-status")
            yield OptionList(id="model-list", classes="picker-list")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        provider, config = self.provider, self._config

        def fetch() -> list[str]:
            from store.sending.models import list_models

            return list_models(provider, config)

        call_store(
            self,
            fetch,
            self._show_models,
            group="models",
            failed=self._failed,
            action="list the models",
        )

    def _show_models(self, models: list[str]) -> None:
        self.models = models
        self.loaded = True
        self._status(f"{len(models)} models; enter takes the one typed or highlighted")
        self._fill(self.query_one(Input).value)

    def _failed(self, error: StoreError) -> bool:
        self.loaded = True
        self._status(f"{error} · a model can still be typed", error=True)
        return True

    def _status(self, text: str, *, error: bool = False) -> None:
        line = self.query_one(".picker-status", Static)
        line.update(Text(clean_line(text)))
        line.set_class(error, "-error")

    def _fill(self, typed: str) -> None:
        wanted = typed.strip().lower()
        options = self.query_one(OptionList)
        options.clear_options()
        shown = [m for m in self.models if wanted in m.lower()] if wanted else self.models
        options.add_options([Option(Text(clean_line(m)), id=m) for m in shown])
        if shown:
            current = self._current
            options.highlighted = shown.index(current) if current in shown else 0

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.loaded:
            self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        typed = event.value.strip()
        options = self.query_one(OptionList)
        if typed in self.models or options.highlighted is None:
            self.dismiss(typed or None)
            return
        option = options.get_option_at_index(options.highlighted)
        self.dismiss(option.id or typed or None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
