"""Preferences in config.toml: theme, list pane, fold defaults and keymap survive a restart."""

from __future__ import annotations

import pytest

from tests.tui.helpers import Notices, settle
from tui.preferences import load, with_ui_table

pytestmark = pytest.mark.anyio

OTHERS = """\
# my settings
[keys]
openai = "env:OPENAI_API_KEY"

[providers.openai]
model = "gpt-4o"  # the usual one
"""


async def test_the_theme_persists_and_other_sections_stay(seeded, make_app, config_file):
    config_file.parent.mkdir(parents=True)
    config_file.write_text(OTHERS)
    async with make_app().run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        pilot.app.theme = "nord"
        await settle(pilot)
    text = config_file.read_text()
    assert text.startswith(OTHERS)
    assert 'theme = "nord"' in text
    async with make_app().run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert pilot.app.theme == "nord"


async def test_a_malformed_file_warns_gives_defaults_and_is_never_written(
    seeded, make_app, config_file
):
    config_file.parent.mkdir(parents=True)
    broken = '[ui]\ntheme = "nord\n'
    config_file.write_text(broken)
    notices = Notices()
    async with make_app().run_test(size=(120, 36), message_hook=notices) as pilot:
        await settle(pilot)
        assert pilot.app.theme != "nord"
        assert "not valid TOML" in notices and "defaults" in notices
        assert all("\n" not in message for message in notices.messages)
        pilot.app.theme = "gruvbox"
        await pilot.press("greater_than_sign", "t")
        await settle(pilot)
    assert config_file.read_text() == broken


async def test_the_list_pane_resizes_hides_and_remembers(seeded, make_app, config_file):
    async with make_app().run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        left = pilot.app.screen.query_one("#left")
        start = left.size.width
        await pilot.press("greater_than_sign", "greater_than_sign")
        await settle(pilot)
        assert left.size.width == start + 8
        await pilot.press("backslash")
        await settle(pilot)
        assert not left.display
    prefs = load(config_file)
    assert prefs.list_width == start + 8 and prefs.list_hidden
    async with make_app().run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        left = pilot.app.screen.query_one("#left")
        assert not left.display
        await pilot.press("backslash")
        await settle(pilot)
        assert left.display and left.size.width == start + 8


async def test_fold_defaults_persist(seeded, make_app, config_file):
    async with make_app().run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
    assert load(config_file).reasoning_open
    async with make_app().run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert pilot.app.screen.messages.reasoning_open


async def test_a_user_keymap_rebinds_by_id(seeded, make_app, config_file):
    config_file.parent.mkdir(parents=True)
    config_file.write_text('[keymap]\n"main.next-view" = "ctrl+n"\n')
    async with make_app().run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        before = pilot.app.screen.view
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert pilot.app.screen.view != before


def test_writing_replaces_only_the_ui_table():
    text = '[ui]\ntheme = "x"\n\n# providers next\n[providers.a]\nmodel = "m"\n'
    new = with_ui_table(text, {"theme": "y"})
    assert new == '\n# providers next\n[providers.a]\nmodel = "m"\n\n[ui]\ntheme = "y"\n'
    # ui values written some other way are not rewritten by hand.
    assert with_ui_table('ui.theme = "x"\n', {"theme": "y"}) is None


async def test_80_by_24_keeps_titles_and_every_footer_key(seeded, make_app):
    from tests.tui.helpers import screen_text

    async with make_app().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
    assert "Largest city in the u" in text
    footer = text.rsplit("\n", 1)[-1]
    assert "? Help" in footer and "q Quit" in footer and "/ Search" in footer
