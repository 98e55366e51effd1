"""The program shows its own icon in the task bar and window decorations."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from gui.qt.app import ensure_application


def test_the_application_carries_the_app_icon() -> None:
    ensure_application()
    icon = QApplication.windowIcon()
    assert not icon.isNull()
    pixmap = icon.pixmap(64, 64)
    assert not pixmap.isNull()
    image = pixmap.toImage()
    centre = image.pixelColor(32, 32)
    assert centre.alpha() > 0, "the icon painted nothing where its badge is"
