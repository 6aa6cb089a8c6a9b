"""Choose the provider a new conversation starts on (`N`); the composer opens next."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui import keys
from tui.screens.model_picker import PICKER_CSS
from tui.widgets.safe import clean_line

if TYPE_CHECKING:
    from store.config import Config


class ProviderPicker(ModalScreen[str | None]):
    DEFAULT_CSS = PICKER_CSS
    BINDING_GROUP_TITLE = "Provider picker"
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("providers")

    def __init__(self, config: Config, heading: str = "Send to which provider?") -> None:
        super().__init__()
        self._config = config
        self._heading = heading

    def compose(self) -> ComposeResult:
        from tui.widgets.send_target import provider_choices

        with Vertical(classes="picker-box"):
            yield Static(Text(self._heading), classes="picker-heading")
            yield OptionList(
                *(
                    Option(Text(clean_line(f"{name}  ·  {about}")), id=name)
                    for name, about in provider_choices(self._config)
                ),
                id="provider-list",
                classes="picker-list",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
