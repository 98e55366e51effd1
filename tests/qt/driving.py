"""Driving the window the way outside automation does: through the widgets' parameter names."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from gui.core.icon.codec import encode_data_image

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    b'<path fill="#fff" d="M4 4h16v12H8l-4 4z"/></svg>'
)


def named(window: QWidget, path: str) -> QWidget:
    """The widget whose objectName is ``path`` (fails clearly when there is none)."""
    found = window.findChild(QWidget, path)
    assert found is not None, f"no widget named {path!r}"
    return found


def type_into(qtbot: QtBot, window: QWidget, path: str, text: str) -> None:
    """Replace the field's text by typing it (short values) or setting it (long ones)."""
    widget = named(window, path)
    if isinstance(widget, QComboBox):
        widget.lineEdit().clear()
        qtbot.keyClicks(widget.lineEdit(), text)
    elif isinstance(widget, QLineEdit):
        widget.clear()
        if len(text) > 80:
            widget.setText(text)
        else:
            qtbot.keyClicks(widget, text)
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(text)
    else:
        raise AssertionError(f"{path} is not a text field")


def set_flag(qtbot: QtBot, window: QWidget, path: str, value: bool) -> None:
    box = named(window, path)
    assert isinstance(box, QCheckBox)
    if box.isChecked() != value:
        box.ensurePolished()
        # Click the indicator, as a person would (the box is wider than its hit area).
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked() == value


def fill_every_field(qtbot: QtBot, window: QWidget, portal_url: str) -> dict[str, object]:
    """Fill every parameter and the portal; returns what was entered, by parameter path."""
    values: dict[str, object] = {
        "ID": "acme_chat",
        "NAME": "Acme Chat",
        "PLACEMENT_HANDLER": "https://connector.example.com/settings",
        "COMMENT": "Routes Acme chats to Open Lines",
        "ICON.DATA_IMAGE": encode_data_image(SVG),
        "ICON.COLOR": "#1e88e5",
        "ICON.SIZE": "70%",
        "ICON.POSITION": "center",
        "ICON_DISABLED.DATA_IMAGE": encode_data_image(SVG),
        "ICON_DISABLED.COLOR": "#cccccc",
        "ICON_DISABLED.SIZE": "60%",
        "ICON_DISABLED.POSITION": "center top",
    }
    for path, value in values.items():
        type_into(qtbot, window, path, str(value))
    flags = {
        "DEL_EXTERNAL_MESSAGES": False,
        "EDIT_INTERNAL_MESSAGES": True,
        "DEL_INTERNAL_MESSAGES": False,
        "NEWSLETTER": False,
        "NEED_SYSTEM_MESSAGES": True,
        "NEED_SIGNATURE": False,
        "CHAT_GROUP": True,
    }
    for path, flag in flags.items():
        set_flag(qtbot, window, path, flag)
    values.update(flags)
    type_into(qtbot, window, "portal", portal_url)
    return values


def status_text(window: QWidget) -> str:
    return named(window, "status").text()  # type: ignore[attr-defined,no-any-return]


def click_register(qtbot: QtBot, window: QWidget) -> QPushButton:
    """Click Register once it is enabled (as a person would)."""
    button = named(window, "register")
    assert isinstance(button, QPushButton)
    qtbot.waitUntil(button.isEnabled, timeout=3000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return button
