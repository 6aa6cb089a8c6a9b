"""The key registry: one entry per action, feeding bindings, help, palette and keymaps."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from textual.app import App

from tests.tui.helpers import screen_text, settle
from tui import keys
from tui.app import ThreadkeepApp
from tui.screens.attachments import AttachmentsScreen
from tui.screens.confirm import ConfirmDialog
from tui.screens.export import ExportDialog
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.model_picker import ModelPicker
from tui.screens.new_conversation import ProviderPicker
from tui.screens.payload import PayloadScreen
from tui.screens.rename import RenameDialog
from tui.screens.status import BrokenScreen
from tui.screens.trash import TrashScreen
from tui.screens.view_picker import ViewPicker
from tui.widgets.composer import Composer
from tui.widgets.conversation_list import ConversationList
from tui.widgets.conversation_view import ConversationView
from tui.widgets.find_bar import FindBar
from tui.widgets.json_view import JsonView
from tui.widgets.message_pane import MessagePane
from tui.widgets.search_panel import SearchPanel
from tui.widgets.search_results import SearchResults

ROOT = Path(__file__).resolve().parents[2]
SIZE = (120, 36)

OWNERS: dict[str, type] = {
    "app": ThreadkeepApp,
    "main": MainScreen,
    "list": ConversationList,
    "messages": MessagePane,
    "results": SearchResults,
    "views": ViewPicker,
    "payload": PayloadScreen,
    "json": JsonView,
    "trash": TrashScreen,
    "attachments": AttachmentsScreen,
    "rename": RenameDialog,
    "confirm": ConfirmDialog,
    "export": ExportDialog,
    "help": HelpScreen,
    "broken": BrokenScreen,
    "find": FindBar,
    "composer": Composer,
    "models": ModelPicker,
    "providers": ProviderPicker,
}
PANES: dict[str, tuple[type, ...]] = {
    "view": (ConversationView,),
    "search": (SearchPanel,),
    "focused": (ConversationList, SearchResults, ConversationView),
}


def test_every_entry_runs_an_action_its_owner_has():
    for entry in keys.REGISTRY.values():
        name = entry.action.split("(", 1)[0]
        owners = PANES[entry.pane] if entry.pane else (OWNERS[entry.scope],)
        for owner in owners:
            assert hasattr(owner, f"action_{name}") or issubclass(owner, App), (entry.id, owner)


def test_every_binding_comes_from_the_registry():
    for scope, owner in OWNERS.items():
        ids = [binding.id for binding in owner.BINDINGS]
        assert ids == [e.id for e in keys.entries(scope) if not e.builtin], scope


def test_no_key_does_two_things_in_one_place():
    """A key bound twice in one scope runs whichever Textual finds first: the other
    action can never be reached by its key (`N` was once both "previous hit" and "new
    conversation"). The main screen's keys and the app's are live together."""
    live_together = [
        ("app", "main"),
        *((scope,) for scope in OWNERS if scope not in ("app", "main")),
    ]
    for scopes in live_together:
        seen: dict[str, str] = {}
        for entry in keys.entries(*scopes):
            for key in entry.keys.split(","):
                assert key not in seen, f"{key!r} is {seen.get(key)} and {entry.id}"
                seen[key] = entry.id


@pytest.mark.parametrize("module", ["tui.screens.main", "tui.screens.trash"])
def test_screens_import_on_their_own(module):
    """No import cycle: a screen loads without the app having been loaded first."""
    subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT, check=True)


def test_the_app_loads_no_database_translator_or_composer_code_before_its_first_paint():
    # The composer and the find bar are hidden until asked for: mounted after the first paint.
    code = (
        "import sys, tui.app; "
        "print(' '.join(m for m in ('sqlalchemy', 'psycopg', 'translate', "
        "'tui.widgets.composer', 'tui.widgets.find_bar', 'textual.widgets._text_area') "
        "if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True
    )
    assert done.stdout.split() == []


@pytest.mark.anyio
async def test_a_keymap_naming_a_registry_id_rebinds_the_key(seeded, make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.set_keymap({"main.rename": "R"})
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, RenameDialog)


@pytest.mark.anyio
async def test_the_palette_offers_views_and_no_scrolling_internals(seeded, make_app, store):
    from tests.tui.test_keys import ORDER, open_title

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_title(pilot, ORDER[0])
        screen = app.screen
        assert isinstance(screen, MainScreen)
        commands = {c.title: c for c in app.get_system_commands(screen)}
        assert not {"Page Left", "Page Right", "Scroll Left", "Scroll Right"} & set(commands)
        assert {"View as Gemini", "View as AI SDK", "View as Anthropic"} <= set(commands)
        commands["View as AI SDK"].callback()
        await settle(pilot)
        assert screen.view == "ai-sdk"
        assert "view: AI SDK" in screen_text(pilot)


def test_every_translator_view_is_offered_by_name():
    from translate import VIEWS
    from tui.widgets.views import ORIGINAL, label, view_keys

    assert view_keys() == (ORIGINAL, *VIEWS)
    for view in VIEWS:
        assert label(view) != view, f"no display name for the translator's view {view!r}"
