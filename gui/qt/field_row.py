"""The building blocks of every form row: the named editor and the message shown beside it.

DESIGN.md "Widgets": every input's ``objectName`` and accessible name is its parameter path
(``ID``, ``ICON.COLOR``...), because outside acceptance tests and screen readers find fields by it.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QWidget

from gui.qt.wrapped_label import WrappedLabel


class MessageKind(Enum):
    """How a message beside a field looks: an error blocks Register, the others do not."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


_COLOURS = {
    MessageKind.ERROR: "#b3261e",
    MessageKind.WARNING: "#8a5a00",
    MessageKind.NOTE: "#44546a",
}


def name_field(widget: QWidget, path: str, description: str = "") -> None:
    """Give ``widget`` its parameter path as object name and accessible name."""
    widget.setObjectName(path)
    widget.setAccessibleName(path)
    if description:
        widget.setAccessibleDescription(description)


def mark_editor(widget: QWidget, kind: MessageKind | None) -> None:
    """Set the ``problem`` property the window's style sheet uses to frame a field."""
    value = "" if kind is None else kind.value
    if widget.property("problem") == value:
        return
    widget.setProperty("problem", value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


class FieldMessage(WrappedLabel):
    """The message under one field (hidden when there is nothing to say).

    A :class:`WrappedLabel`, so it takes the height its lines need and sits right under its field.
    """

    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName(f"message.{path}")
        self.setAccessibleName(f"message.{path}")
        self.setTextFormat(self.textFormat().PlainText)
        self.setVisible(False)
        self._kind: MessageKind | None = None

    @property
    def kind(self) -> MessageKind | None:
        return self._kind

    def show_message(self, kind: MessageKind, text: str) -> None:
        self._kind = kind
        self.setText(text)
        self.setStyleSheet(f"color: {_COLOURS[kind]};")
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self._kind = None
        self.clear()
        self.setVisible(False)
