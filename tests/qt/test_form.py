"""The form: names, validation beside the field, Register's reason, previews, icons, flags."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QWidget
from pytestqt.qtbot import QtBot

from gui.core.icon.codec import decode_data_image, encode_data_image
from gui.core.model.connector import FLAG_DEFAULTS, PROFILE_FIELDS
from gui.qt.main_window import MainWindow
from tests.qt.driving import named, status_text, type_into

CURRENT_COLOR_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    b'<circle cx="12" cy="12" r="8" fill="currentColor"/></svg>'
)


def test_every_parameter_has_a_named_input_and_a_tooltip(
    open_window: Callable[..., MainWindow],
) -> None:
    window = open_window()
    for path in (*PROFILE_FIELDS, "portal", "register", "status"):
        widget = named(window, path)
        assert widget.objectName() == path
        assert widget.accessibleName()  # the visible label (tests/qt/test_accessibility.py)
    for path in ("preview.ICON", "preview.ICON_DISABLED"):
        named(window, path)
    for flag, default in FLAG_DEFAULTS.items():
        box = named(window, flag)
        assert isinstance(box, QCheckBox) and box.isChecked() is default
        assert f"Default: {'on' if default else 'off'}" in box.toolTip()
    assert "group" in named(window, "CHAT_GROUP").toolTip().lower()
    assert "CRM" in named(window, "CHAT_GROUP").toolTip()
    assert isinstance(named(window, "ICON.SIZE"), QComboBox)


def test_new_profile_has_the_default_icon_and_previews(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    data_image = named(window, "ICON.DATA_IMAGE").text()  # type: ignore[attr-defined]
    assert data_image.startswith("data:image/svg+xml,")
    preview = named(window, "preview.ICON")
    qtbot.waitUntil(lambda: window.preview_active.generation > 0, timeout=10000)
    assert not preview.findChild(QWidget, "preview.ICON.badge").pixmap().isNull()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: window.preview_disabled.generation > 0, timeout=10000)
    note = window.preview_disabled.note.text()
    assert "active image on the disabled colour" in note


def test_validation_shows_beside_the_field_and_disables_register(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    type_into(qtbot, window, "ID", "acme.chat")
    message = named(window, "message.ID")
    assert message.isVisible() and message.text()  # type: ignore[attr-defined]
    assert named(window, "ID").property("problem") == "error"
    register = named(window, "register")
    assert not register.isEnabled()
    assert "ID" in register.toolTip()
    type_into(qtbot, window, "ID", "acme_chat")
    assert "ID:" not in register.toolTip()


def test_colour_typing_updates_the_preview_and_the_swatch(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    qtbot.waitUntil(lambda: window.preview_active.generation > 0, timeout=10000)

    def top_is_red() -> bool:
        image = window.preview_active.large.pixmap().toImage()
        if image.isNull():
            return False
        top = image.pixelColor(image.width() // 2, image.height() // 16)
        return top.red() > 200 and top.green() < 100

    assert not top_is_red()
    with qtbot.waitSignal(window.preview_active.updated, timeout=5000):
        type_into(qtbot, window, "ICON.COLOR", "#e53935")
    qtbot.waitUntil(top_is_red, timeout=5000)
    swatch = named(window, "ICON.COLOR.swatch").grab().toImage()
    centre = swatch.pixelColor(swatch.width() // 2, swatch.height() // 2)
    assert centre.red() > 200 and centre.green() < 100


def test_current_color_is_explained_and_the_glyph_can_be_tinted(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    tint = named(window, "ICON.tint")
    with qtbot.waitSignal(window.preview_active.updated, timeout=5000):
        type_into(qtbot, window, "ICON.DATA_IMAGE", encode_data_image(CURRENT_COLOR_SVG))
    qtbot.waitUntil(tint.isVisible, timeout=5000)
    assert "black" in named(window, "ICON.current_color_note").text()  # type: ignore[attr-defined]
    qtbot.mouseClick(tint, Qt.MouseButton.LeftButton)
    svg = decode_data_image(named(window, "ICON.DATA_IMAGE").text())  # type: ignore[attr-defined]
    assert b"currentColor" not in svg and b"#ffffff" in svg.lower()
    qtbot.waitUntil(lambda: not tint.isVisible(), timeout=5000)


def test_dropping_an_svg_file_loads_it(
    qtbot: QtBot, open_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = open_window()
    svg_file = tmp_path / "glyph.svg"
    svg_file.write_bytes(CURRENT_COLOR_SVG.replace(b"currentColor", b"#fff"))
    editor = window.form.disabled_icon_editor
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(svg_file))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with warnings.catch_warnings():
        # PySide6 6.12 marks the only QDragEnterEvent constructor (QPoint) deprecated.
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(
            QPoint(10, 10),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    QApplication.sendEvent(editor, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(editor, drop)
    value = named(window, "ICON_DISABLED.DATA_IMAGE").text()  # type: ignore[attr-defined]
    assert decode_data_image(value) == svg_file.read_bytes()
    assert "glyph.svg" in window.form.message_text("ICON_DISABLED.DATA_IMAGE")


def test_export_copies_the_request_with_a_placeholder(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    type_into(qtbot, window, "ID", "acme_chat")
    type_into(qtbot, window, "portal", "https://acme.bitrix24.com")
    window.window_actions.copy_curl.trigger()
    text = QGuiApplication.clipboard().text()
    assert "imconnector.register" in text and "acme_chat" in text
    assert "Copied" in status_text(window)
    window.window_actions.copy_js.trigger()
    assert "callMethod" in QGuiApplication.clipboard().text() or "imconnector.register" in (
        QGuiApplication.clipboard().text()
    )
    window.window_actions.copy_php.trigger()
    assert "imconnector.register" in QGuiApplication.clipboard().text()


def test_keyboard_register_is_refused_while_fields_are_invalid(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    type_into(qtbot, window, "ID", "")
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not named(window, "register").isEnabled()


def test_a_new_profile_is_not_shown_as_a_list_of_mistakes(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    assert named(window, "ID").property("problem") in (None, "")
    assert "ID" in named(window, "register").toolTip()  # still blocks Register, says why
    type_into(qtbot, window, "ID", "x")
    type_into(qtbot, window, "ID", "")
    assert named(window, "ID").property("problem") == "error"  # touched and empty: an error
