"""Help ▸ Keyboard shortcuts and Help ▸ About: what they show, and that the README sections
About points to exist."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from gui import __version__
from gui.qt.main_window import MainWindow

README = Path(__file__).resolve().parents[2] / "README.md"


def _open_box(qtbot: QtBot, window: MainWindow, action: str, box: str) -> QMessageBox:
    trigger = window.findChild(QAction, f"action.{action}")
    assert trigger is not None
    trigger.trigger()
    shown = window.findChild(QMessageBox, box)
    assert shown is not None
    qtbot.waitUntil(shown.isVisible)
    return shown


def test_shortcuts_list_the_window_s_own(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    box = _open_box(qtbot, window, "help_shortcuts", "help.shortcuts")
    text = box.text()
    for keys, what in (("Ctrl+Return", "Register"), ("Esc", "Cancel"), ("Ctrl+Q", "Quit")):
        assert re.search(rf"<b>[^<]*{re.escape(keys)}[^<]*</b>.*?<td>{what}", text), (keys, text)
    assert "F1" in text
    box.close()


def test_about_says_version_licence_and_where_the_readme_explains(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    text = _open_box(qtbot, window, "about", "help.about").text()
    assert __version__ in text and "MIT" in text
    headings = set(re.findall(r"^#+ (.+)$", README.read_text(encoding="utf-8"), re.MULTILINE))
    cited = re.findall(r"“([^”]+)”", text)
    assert cited and all(section in headings for section in cited), (cited, headings)
