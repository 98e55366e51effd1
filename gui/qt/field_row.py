"""The building blocks of every form row: the named editor, the message shown beside it, and
the word-wrapped label such messages are made of.

Public widget names (README, "Automating the window"): every input's ``objectName`` and
accessible name is its parameter path (``ID``, ``ICON.COLOR``...), because outside acceptance
tests and screen readers find fields by it.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget


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


class WrappedLabel(QLabel):
    """A QLabel with word wrap whose height is the height its text needs at its actual width.

    QFormLayout asks a word-wrapped QLabel for its height at the width of its size-hint layout
    (a narrow guess), so a two-line message got the height of six lines, vertically centred.
    This label's size hint follows its real width (no height-for-width), it tells the layout
    again when that width changes, and keeps its text at the top.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # Layouts use the size hint below; the height-for-width path is what misled them.
        policy = self.sizePolicy()
        policy.setHeightForWidth(False)
        self.setSizePolicy(policy)
        self._hinted_width = -1

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.width() <= 1 or not self.text():
            return hint
        return QSize(hint.width(), super().heightForWidth(self.width()))

    def minimumSizeHint(self) -> QSize:
        minimum = super().minimumSizeHint()
        if self.width() <= 1 or not self.text():
            return minimum
        return QSize(minimum.width(), super().heightForWidth(self.width()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != self._hinted_width:
            self._hinted_width = event.size().width()
            self.updateGeometry()  # the height the text needs changed with the width


class FieldMessage(WrappedLabel):
    """The message under one field (hidden when there is nothing to say).

    A :class:`WrappedLabel`, so it takes the height its lines need and sits right under its field.
    After :meth:`keep_space` it stays in the layout when empty, holding a few lines and the
    tallest message it has shown since :meth:`release_space` (or since its width changed). Its
    form releases the room when the field loses the focus, so a hint that appears, changes or
    vanishes while the user types there moves no other field, and none stays needlessly tall.
    """

    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName(f"message.{path}")
        self.setAccessibleName(f"message.{path}")
        self.setTextFormat(self.textFormat().PlainText)
        self.setVisible(False)
        self._kind: MessageKind | None = None
        self._keeps_space = False
        self._lines = 0
        self._reserved = 0

    @property
    def kind(self) -> MessageKind | None:
        return self._kind

    def keep_space(self, lines: int = 1) -> None:
        """Reserve this message's room, ``lines`` lines, even when it is empty (see the class
        docstring)."""
        self._keeps_space = True
        self._lines = lines
        self.setVisible(True)
        self.updateGeometry()

    def release_space(self) -> None:
        """Forget the tallest message shown: from now on as tall as the current one needs."""
        self._reserved = 0
        self.updateGeometry()

    def show_message(self, kind: MessageKind, text: str) -> None:
        self._kind = kind
        self.setText(text)
        self.setStyleSheet(f"color: {_COLOURS[kind]};")
        self.setVisible(bool(text) or self._keeps_space)
        self._reserved = max(self._reserved, self._text_height())
        self.updateGeometry()

    def clear_message(self) -> None:
        self._kind = None
        self.clear()
        self.setVisible(self._keeps_space)

    def _text_height(self) -> int:
        if not self.text() or self.width() <= 1:
            return 0
        return super().heightForWidth(self.width())

    def _held_height(self, height: int) -> int:
        if not self._keeps_space:
            return height
        return max(height, self._reserved, self._lines * self.fontMetrics().lineSpacing())

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self._held_height(hint.height() if self.text() else 0))

    def minimumSizeHint(self) -> QSize:
        minimum = super().minimumSizeHint()
        return QSize(minimum.width(), self._held_height(minimum.height() if self.text() else 0))

    def resizeEvent(self, event: QResizeEvent) -> None:
        if event.size().width() != event.oldSize().width():
            self._reserved = 0  # line breaks moved: hold what the text needs at this width
            if event.size().width() > 1:
                self._reserved = super().heightForWidth(event.size().width()) if self.text() else 0
        super().resizeEvent(event)
