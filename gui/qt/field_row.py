"""The building blocks of every form row: the named editor, its label, the message shown
beside it, and the word-wrapped label such messages are made of.

Public widget names (DESIGN.md "Widgets", README "Automating the window"): every input's
``objectName`` is its parameter path (``ID``, ``ICON.COLOR``...), because outside acceptance tests
find fields by it; its accessible name is its visible label and its accessible description its
help, in the user's language, because that is what a screen reader should say.
"""

from __future__ import annotations

import re
from enum import Enum

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent, QTextDocumentFragment
from PySide6.QtWidgets import QLabel, QWidget

from gui.qt.tones import TextTone, apply_tone


class MessageKind(Enum):
    """How a message beside a field looks: an error blocks Register, the others do not."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


_TONES = {
    MessageKind.ERROR: TextTone.ERROR,
    MessageKind.WARNING: TextTone.WARNING,
    MessageKind.NOTE: TextTone.NOTE,
}


def spoken(label: str) -> str:
    """A visible label as a screen reader should say it: no ``&`` mnemonic, no trailing colon."""
    return re.sub("&(.)", r"\1", label).strip().rstrip(":").strip()


def plain_text(html: str) -> str:
    """Rich text (a tooltip) as plain text (an accessible description)."""
    if "<" not in html:
        return html
    return QTextDocumentFragment.fromHtml(html).toPlainText().strip()


def name_field(widget: QWidget, path: str, label: str = "", description: str = "") -> None:
    """``widget``'s object name is ``path``; its accessible name the visible ``label`` and its
    accessible description ``description`` (help text; rich text is made plain)."""
    widget.setObjectName(path)
    if label:
        widget.setAccessibleName(spoken(label))
    if description:
        widget.setAccessibleDescription(plain_text(description))


def field_label(text: str, editor: QWidget) -> QLabel:
    """The visible label of ``editor``: its buddy (a mnemonic focuses it), and its spoken name."""
    label = QLabel(text)
    label.setBuddy(editor)
    editor.setAccessibleName(spoken(text))
    return label


def describe(widget: QWidget, help_html: str) -> None:
    """``widget``'s help: its tooltip and, as plain text, its accessible description."""
    widget.setToolTip(help_html)
    widget.setAccessibleDescription(plain_text(help_html))


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
        # The height the text needs at this width is not the height given (the width changed,
        # or the text changed while hidden, when Qt ignores updateGeometry): ask again. When the
        # layout cannot give more, it sets the same size and no new resize event follows.
        if self.text() and self.sizeHint().height() != event.size().height():
            self.updateGeometry()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.updateGeometry()  # the text may have changed while hidden


class TonedLabel(WrappedLabel):
    """A :class:`WrappedLabel` whose text colour says what it is (:class:`TextTone`), chosen for
    the palette in use (and again by its window when the colour scheme changes)."""

    def set_tone(self, tone: TextTone, bold: bool = False) -> None:
        apply_tone(self, tone, bold)


class FieldMessage(TonedLabel):
    """The message under one field (hidden when there is nothing to say).

    A :class:`TonedLabel`, so it takes the height its lines need and sits right under its field.
    After :meth:`keep_space` it stays in the layout when empty, holding a few lines and the
    tallest message it has shown since :meth:`release_space` (or since its width changed). Its
    form releases the room when the field loses the focus, so a hint that appears, changes or
    vanishes while the user types there moves no other field, and none stays needlessly tall.
    """

    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName(f"message.{path}")
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
        self.set_tone(_TONES[kind])
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
