"""The window on a small laptop (1280×720) and a large screen (1920×1080): nothing cut or
scrolled sideways on the small one, and the large one's extra height goes to the request log."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from gui.qt.main_window import MainWindow
from gui.qt.window_layout import REQUEST_LOG_HEIGHT, content_height
from tests.qt.driving import named

TITLE_BAR = 40
"""Room a window manager's title bar takes from a 720 px screen."""


def _inside(widget: QWidget, window: QWidget) -> bool:
    top_left = widget.mapTo(window, QPoint(0, 0))
    return window.rect().contains(QRect(top_left, widget.size()))


def test_the_window_fits_1280x720(qtbot: QtBot, open_window: Callable[..., MainWindow]) -> None:
    window = open_window()
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    assert minimum.width() <= 1280 and minimum.height() <= 720 - TITLE_BAR, minimum
    window.resize(1280, 720 - TITLE_BAR)
    qtbot.waitUntil(lambda: window.height() == 720 - TITLE_BAR)
    for name in ("register", "status", "portal"):
        assert _inside(named(window, name), window), name  # always in view
    form_scroll = window.widgets.tabs.currentWidget()
    assert isinstance(form_scroll, QScrollArea)
    assert not form_scroll.horizontalScrollBar().isVisible()  # nothing cut sideways
    viewport = form_scroll.viewport()
    for path in ("ID", "ICON.COLOR", "ICON_DISABLED.POSITION", "CHAT_GROUP"):
        editor = named(window, path)
        right = editor.mapTo(viewport, QPoint(editor.width(), 0)).x()
        assert right <= viewport.width(), path


def test_extra_height_goes_to_the_request_log(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    dock = window.widgets.log_dock
    window.resize(1280, 720 - TITLE_BAR)
    qtbot.waitUntil(lambda: window.height() == 720 - TITLE_BAR)
    qtbot.waitUntil(lambda: dock.height() >= REQUEST_LOG_HEIGHT - 5)
    small = dock.height()
    window.resize(1920, 1080 - TITLE_BAR)
    central = window.centralWidget()
    assert central is not None
    # No empty band: the central part is no taller than the form and side column need; the
    # request log has the rest.
    qtbot.waitUntil(lambda: central.height() <= content_height(window.widgets) + 10, timeout=3000)
    assert dock.height() > small + 50
    # ...without squeezing the side column: Register stays under its previews, in view.
    assert _inside(named(window, "register"), window)
