"""Russian runs ~30 % longer than English: on a 1280×720 screen (the smallest the window is made
for, less a title bar) no label, button, check box, group title or tab is cut, in either
language, with the parts that appear later (the sandbox's rows and buttons, the currentColor
notice, the stale-handlers button) on screen too; the window's minimum size still fits."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from gui.core import i18n
from gui.core.icon.codec import encode_data_image
from gui.qt.main_window import MainWindow
from gui.qt.settings import LANGUAGE
from tests.qt.conftest import WindowKit
from tests.qt.fitting import cut_texts
from tests.qt.test_window_size import TITLE_BAR

CURRENT_COLOR_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    b'<circle cx="12" cy="12" r="8" fill="currentColor"/></svg>'
)


def _in_language(kit: WindowKit, language: str) -> None:
    settings = kit.settings()
    settings.set(LANGUAGE, language)
    settings.sync()


@pytest.mark.parametrize("language", ["ru", "en"])
def test_no_text_is_cut_at_1280x720(
    qtbot: QtBot, open_window: Callable[..., MainWindow], kit: WindowKit, language: str
) -> None:
    _in_language(kit, language)
    window = open_window()
    assert i18n.current_language() == language
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    assert minimum.width() <= 1280 and minimum.height() <= 720 - TITLE_BAR, minimum
    window.resize(1280, 720 - TITLE_BAR)
    window.window_actions.sandbox.trigger()  # the sandbox's rows and buttons appear
    window.form.icon_editor.data_image.setText(encode_data_image(CURRENT_COLOR_SVG))
    qtbot.waitUntil(lambda: window.form.icon_editor.tint.isVisible())
    window.widgets.onboarding.unbind_stale.setVisible(True)  # shown when handlers are stale
    tabs = window.widgets.tabs
    problems = []
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        qtbot.wait(100)  # word-wrapped labels take their height on the next layout passes
        problems += [f"[{tabs.tabText(index)}] {problem}" for problem in cut_texts(window)]
    assert problems == []
    assert (window.width(), window.height()) == (1280, 720 - TITLE_BAR)  # nothing made it grow


def test_the_check_sees_a_cut_text(
    qtbot: QtBot, open_window: Callable[..., MainWindow], kit: WindowKit
) -> None:
    window = open_window()
    window.resize(1280, 720)
    window.portal_panel.login.setText("Log in " * 20)
    qtbot.wait(100)
    assert any("portal.login" in problem for problem in cut_texts(window))
