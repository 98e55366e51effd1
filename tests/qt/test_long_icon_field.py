"""A 500 KB icon in ``ICON.DATA_IMAGE`` looks as Qt would show it, without Qt laying all of it out.

Qt lays out a line edit's whole text on every paint (~60 ms for 500,000 characters, a stall each
time the form repainted while the user typed elsewhere). The field paints only the beginning of a
long value while it has no focus: the user must see the very same pixels a plain QLineEdit shows,
and the field must keep the whole value.
"""

from __future__ import annotations

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from gui.core.icon.codec import encode_data_image
from gui.qt.icon_editor import IconEditor
from gui.qt.long_line_edit import LONG_TEXT_CHARS


def _huge_icon() -> str:
    paths = "".join(
        f'<path d="M{n % 97} {n % 89}l3 4-2 5z" fill="#{n * 40503 % 0xFFFFFF:06x}"/>'
        for n in range(12_000)
    )
    return encode_data_image(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">{paths}</svg>'.encode()
    )


def _pixels(widget: QWidget) -> QImage:
    image = QImage(widget.size(), QImage.Format.Format_ARGB32)
    image.fill(0)
    widget.render(image)
    return image


def test_a_huge_icon_looks_as_a_plain_line_edit_shows_it_and_stays_whole(qtbot: QtBot) -> None:
    value = _huge_icon()
    assert len(value) > 400_000
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    editor = IconEditor("ICON", "Icon")
    plain = QLineEdit()
    plain.setMaxLength(2**31 - 1)
    layout.addWidget(editor)
    layout.addWidget(plain)
    window.resize(520, 400)
    window.show()
    qtbot.waitExposed(window)
    editor.set_values({"DATA_IMAGE": value})  # a profile opened
    plain.setText(value)
    plain.setCursorPosition(0)
    plain.resize(editor.data_image.size())
    editor.colour.setFocus()  # the user types elsewhere
    field = window.findChild(QLineEdit, "ICON.DATA_IMAGE")
    assert field is editor.data_image
    assert field.text() == value and editor.values()["DATA_IMAGE"] == value
    assert _pixels(field) == _pixels(plain)
    short = value[: LONG_TEXT_CHARS - 1]  # painted by Qt as ever
    editor.set_values({"DATA_IMAGE": short})
    plain.setText(short)
    plain.setCursorPosition(0)
    assert _pixels(field) == _pixels(plain)
    editor.set_values({"DATA_IMAGE": value})

    unfocused = _pixels(field)
    field.setFocus()  # in the field: Qt paints it itself (cursor, scrolling to the end)
    qtbot.waitUntil(field.hasFocus)
    field.end(False)
    assert _pixels(field) != unfocused
    assert field.text() == value
